"""The print check's instruments tested on workbooks whose answer is known: the font size a PDF word box
stands for (calibrated on Calibri at 7-14 pt as LibreOffice prints it), and rows and merged ranges set too
low or high enough for their wrapped text."""

from __future__ import annotations

import pytest
import xlsxwriter

from tests.support.office import require, run_libreoffice
from tests.support.print_check import BOX_HEIGHT_PER_PT, clipped_rows, pdf_words, small_text_pages

pytestmark = pytest.mark.realclient
SIZES = (7, 8, 9, 11, 14)
# Three lines at Calibri 11: about 35 pt as LibreOffice lays them out (Excel: 45), far above a 15 pt row.
THREE_LINES = ("Eerste regel van de tekst hier\nTweede regel van de tekst hier\nDerde regel van de tekst hier")


def sized_text_workbook(path):
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Kalibratie")
    sheet.set_column(0, 0, 40)
    for row, size in enumerate(SIZES):
        sheet.write(row * 2, 0, f"Proefwoord{size}pt", book.add_format({"font_name": "Calibri", "font_size": size}))
    book.close()
    return path


@pytest.fixture(scope="module")
def sized_pdf(office, tmp_path_factory):
    require("pdftotext")
    folder = tmp_path_factory.mktemp("calibration")
    pdf = folder / "kalibratie.pdf"
    run_libreoffice({"input": str(sized_text_workbook(folder / "kalibratie.xlsx")), "output": str(pdf),
                     "describe": False}, folder, office.pipe)
    return pdf


def test_box_height_is_the_calibrated_factor_times_the_font_size(sized_pdf):
    heights = {w.text: w.height for w in pdf_words(sized_pdf)}
    for size in SIZES:
        assert heights[f"Proefwoord{size}pt"] == pytest.approx(BOX_HEIGHT_PER_PT * size, rel=0.02), size


def test_small_text_flags_7_pt_and_passes_8_pt(sized_pdf):
    small = small_text_pages(sized_pdf, min_pt=8.0)
    assert list(small) == [1]
    assert [word.split(" ")[0] for word in small[1]] == ["Proefwoord7pt"]


def heights_workbook(path):
    """Row 2: three wrapped lines in a 15 pt row (clipped); row 4: the same text in a 50 pt row (whole);
    rows 6-7: the text merged over two columns of 15 and two rows of 15 pt (clipped); rows 9-11: merged over
    three rows of 20 pt (whole)."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Hoogtes")
    wrapped = book.add_format({"font_name": "Calibri", "font_size": 11, "text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, 2, 15)
    sheet.set_row(1, 15)
    sheet.write(1, 0, "Te laag: " + THREE_LINES, wrapped)
    sheet.set_row(3, 50)
    sheet.write(3, 0, "Hoog genoeg: " + THREE_LINES, wrapped)
    for row in (5, 6):
        sheet.set_row(row, 15)
    sheet.merge_range(5, 1, 6, 2, "Samengevoegd te laag: " + THREE_LINES, wrapped)
    for row in (8, 9, 10):
        sheet.set_row(row, 20)
    sheet.merge_range(8, 1, 10, 2, "Samengevoegd hoog genoeg: " + THREE_LINES, wrapped)
    book.close()
    return path


def test_clipped_rows_flags_rows_and_merged_ranges_too_low_and_passes_those_high_enough(office, tmp_path):
    messages = clipped_rows(heights_workbook(tmp_path / "hoogtes.xlsx"), office, tmp_path)
    assert len(messages) == 2, messages
    row, merged = messages
    assert row.startswith("'Hoogtes' rij 2: nodig ") and "hoogte 15.0 pt: Te laag: Eerste regel" in row
    assert merged.startswith("'Hoogtes' rijen 6-7 (samengevoegd): nodig ")
    assert "hoogte 30.0 pt: Samengevoegd te laag" in merged
    needed = float(row.split("nodig ")[1].split(" pt")[0])
    assert needed > 30  # three lines (LibreOffice gives Carlito 11 about 11.2 pt a line), not one
