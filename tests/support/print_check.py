"""Measuring instruments for how the report prints, independent of the code that writes it.

clipped_rows asks LibreOffice itself (tests/realclient/lo_driver.py, job "row_heights") which rows are lower
than the height its optimal row height gives them, and which merged ranges of wrapped text are lower than the
height their text needs: a row that is too low prints its text clipped. small_text_pages reads the word boxes
of a PDF (pdftotext -bbox) and reports the words printed smaller than a minimum font size.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.office import run_libreoffice

# A row within this many points of its optimal height prints its text whole: LibreOffice rounds heights to
# 1/100 mm and Excel to 0.75 pt (one pixel at 96 dpi), so smaller differences are rounding, not clipping.
TOLERANCE_PT = 1.5

# How the height of a word's box in pdftotext -bbox relates to the font size it is printed in: measured on
# Calibri (rendered by LibreOffice with the metric-compatible Carlito) at 7, 8, 9, 11 and 14 pt in
# tests/realclient/test_print_instruments.py, which fails when this factor stops describing the boxes.
BOX_HEIGHT_PER_PT = 1.30


def row_heights(xlsx: Path, office, folder: Path) -> list[dict]:
    """LibreOffice's measurement of every sheet of xlsx (see row_heights in lo_driver.py)."""
    # A report of 30 gemeenten has thousands of rows, each measured on its own: minutes, not seconds.
    result = run_libreoffice({"input": str(xlsx), "row_heights": True, "describe": False}, folder, office.pipe,
                             timeout=1200)
    return result["row_heights"]


def clipped_rows(xlsx: Path, office, folder: Path, tolerance: float = TOLERANCE_PT) -> list[str]:
    """One message per row (with text) or merged range of wrapped text of a visible sheet that is lower than its
    text needs: sheet, row number (1-based), needed and actual height in points, and the start of the text."""
    messages = []
    for sheet in row_heights(xlsx, office, folder):
        if not sheet["visible"]:
            continue  # a hidden sheet (the charts' data) is neither seen nor printed
        messages += [_row_message(sheet["name"], row) for row in sheet["rows"]
                     if row["visible"] and row["texts"] and row["optimal_pt"] > row["height_pt"] + tolerance]
        messages += [_merged_message(sheet["name"], merged) for merged in sheet["merged"]
                     if merged["needed_pt"] > merged["height_pt"] + tolerance]
    return messages


def clipped_per_sheet(messages: list[str]) -> dict[str, int]:
    """How many clipped rows each sheet has, from clipped_rows' messages (for a readable baseline)."""
    counts: dict[str, int] = {}
    for message in messages:
        sheet = re.match(r"'(.*)' rij", message).group(1)  # greedy: a sheet name may hold a quote (Regio's)
        counts[sheet] = counts.get(sheet, 0) + 1
    return counts


def _row_message(sheet: str, row: dict) -> str:
    return (f"'{sheet}' rij {row['row']}: nodig {row['optimal_pt']:.1f} pt, hoogte {row['height_pt']:.1f} pt: "
            f"{_start(' | '.join(row['texts']))}")


def _merged_message(sheet: str, merged: dict) -> str:
    rows = f"rij {merged['first_row']}" if merged["first_row"] == merged["last_row"] else \
        f"rijen {merged['first_row']}-{merged['last_row']}"
    return (f"'{sheet}' {rows} (samengevoegd): nodig {merged['needed_pt']:.1f} pt, "
            f"hoogte {merged['height_pt']:.1f} pt: {_start(merged['text'])}")


def _start(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length] + "…"


@dataclass(frozen=True)
class Word:
    page: int  # 1-based
    text: str
    height: float  # of its box, in points

    @property
    def font_pt(self) -> float:
        return self.height / BOX_HEIGHT_PER_PT


_PAGE = re.compile(r"<page\b[^>]*>(.*?)</page>", re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S)


def pdf_words(pdf: Path) -> list[Word]:
    """Every word of the PDF with the height of its box, from pdftotext -bbox (an XHTML file of
    <page><word xMin yMin xMax yMax>text</word>...)."""
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "words.html"
        subprocess.run(["pdftotext", "-bbox", str(pdf), str(html)], check=True, capture_output=True)
        xhtml = html.read_text(encoding="utf-8")
    words = []
    for number, page in enumerate(_PAGE.findall(xhtml), start=1):
        for _, y_min, _, y_max, text in _WORD.findall(page):
            words.append(Word(number, _unescape(text), float(y_max) - float(y_min)))
    return words


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def small_text_pages(pdf: Path, min_pt: float = 8.0) -> dict[int, list[str]]:
    """Per page (1-based) the words printed in a font smaller than min_pt (with their size), pages without
    any left out."""
    pages: dict[int, list[str]] = {}
    for word in pdf_words(pdf):
        if word.font_pt < min_pt - 0.1:  # a tenth of a point: box heights are rounded by the PDF renderer
            pages.setdefault(word.page, []).append(f"{word.text} ({word.font_pt:.1f} pt)")
    return pages
