"""feedback --pdf with LibreOffice installed: a PDF next to every gemeente's feedback workbook, with its text."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from tests.support.office import require
from tests.support.paths import DRECHTSTEDEN
from workbook_tool.cli import main

pytestmark = pytest.mark.realclient


def test_feedback_pdf_next_to_each_workbook(tmp_path):
    require("libreoffice")
    require("pdftotext")
    out = tmp_path / "terugkoppeling"
    result = CliRunner().invoke(main, ["feedback", str(DRECHTSTEDEN / "retour"), "--out", str(out), "--pdf",
                                       "--deadline", "20-03-2026"], prog_name="workbook-tool")
    assert result.exit_code == 0, result.output
    names = [f"Terugkoppeling - Gemeente {n}" for n in range(1, 10)]
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{n}.xlsx" for n in names] + [f"{n}.pdf" for n in names])
    text = subprocess.run(["pdftotext", "-layout", str(out / "Terugkoppeling - Gemeente 5.pdf"), "-"],
                          capture_output=True, text=True).stdout
    assert "Terugkoppeling: Gemeente 5" in text and "vóór 20-03-2026" in text
    assert "Gemeente 4" not in text and "Gemeente 6" not in text
