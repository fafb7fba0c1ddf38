"""consolidate --pdf with LibreOffice installed: the PDF next to the report, with the report's text."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from tests.support.office import require
from tests.support.paths import DRECHTSTEDEN
from workbook_tool.cli import main

pytestmark = pytest.mark.realclient


def test_consolidate_pdf_writes_the_pdf_next_to_the_report(tmp_path):
    require("libreoffice")
    require("pdftotext")
    out = tmp_path / "regio.xlsx"
    result = CliRunner().invoke(main, ["consolidate", str(DRECHTSTEDEN / "retour"), "--out", str(out), "--pdf"],
                                prog_name="workbook-tool")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "regio.pdf"
    assert f"PDF van de rapportage: {pdf}" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regio-sleutel.xlsx", "regio.pdf", "regio.xlsx"]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Tabellen" in text and "Gemeenten (N=9)" in text
