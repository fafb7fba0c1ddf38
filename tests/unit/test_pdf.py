"""consolidate --pdf without LibreOffice: refused in Dutch before anything is read or written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import workbook_tool.pdf as pdf_module
from tests.support.paths import DRECHTSTEDEN
from workbook_tool.cli import main
from workbook_tool.pdf import PdfUnavailable, office_to_pdf, pdf_file
from workbook_tool.pipeline import consolidate_folder


@pytest.fixture
def without_libreoffice(monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name, *args, **kwargs: None)


def test_the_pdf_goes_next_to_the_report():
    assert pdf_file(DRECHTSTEDEN / "regio.xlsx") == DRECHTSTEDEN / "regio.pdf"


def test_without_libreoffice_consolidate_pdf_is_refused_and_nothing_written(without_libreoffice, tmp_path):
    out = tmp_path / "uit" / "regio.xlsx"
    with pytest.raises(PdfUnavailable) as refused:
        consolidate_folder(DRECHTSTEDEN / "retour", out, pdf=True)
    message = str(refused.value)
    assert "Voor --pdf is LibreOffice nodig" in message and "Er is niets geschreven" in message
    assert "sudo apt-get install libreoffice-calc" in message
    assert "https://www.libreoffice.org/download/" in message
    assert list(tmp_path.iterdir()) == []


def test_without_libreoffice_the_command_says_so_in_dutch_without_a_traceback(without_libreoffice, tmp_path):
    result = CliRunner().invoke(main, ["consolidate", str(DRECHTSTEDEN / "retour"), "--out",
                                       str(tmp_path / "regio.xlsx"), "--pdf"], prog_name="workbook-tool")
    assert result.exit_code == 1
    assert result.output.startswith("Fout: Voor --pdf is LibreOffice nodig")
    assert "libreoffice-calc" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_converting_without_libreoffice_raises_the_dutch_error(without_libreoffice):
    with pytest.raises(PdfUnavailable, match="LibreOffice nodig"):
        office_to_pdf(b"PK")


def test_the_help_of_consolidate_offers_pdf_in_dutch():
    result = CliRunner().invoke(main, ["consolidate", "--help"], prog_name="workbook-tool")
    assert "--pdf" in result.output and "Maak ook een PDF van de rapportage" in result.output
