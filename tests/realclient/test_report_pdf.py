"""The regional report printed to PDF by LibreOffice (the shared office session), read back with pdftotext."""

from __future__ import annotations

import subprocess

import pytest

from tests.support.office import require, run_libreoffice

pytestmark = pytest.mark.realclient


def test_report_converts_to_pdf_with_tables_and_charts(drechtsteden_report, office, tmp_path):
    require("pdftotext")
    pdf = tmp_path / "regio.pdf"
    run_libreoffice({"input": str(drechtsteden_report.files[0]), "output": str(pdf)}, tmp_path, office.pipe)
    assert pdf.exists()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Tabellen per vraag" in text and "Faciliteiten om het welzijn onder inwoners te vergroten" in text
    assert "Gemeenten (N=9)" in text
    pages = text.split("\f")
    chart_pages = [p for p in pages if "Aantal gemeenten (N=9)" in p]  # the axis title exists only in charts
    assert len(chart_pages) >= 3
    assert "Krachten" in text and "Kansen" in text
