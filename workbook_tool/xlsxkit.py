"""What every workbook the tool writes with xlsxwriter shares: the Workbook factory, the palette, page
setup for printing, fitting wrapped text into rows, and the date validation.

Writers: the scan workbook (generate/), the regional report (report/), the status workbook and the
xlsx export (export.py).
"""

from __future__ import annotations

import io
import math
from typing import Any

import xlsxwriter

from .contract import DATE_MAX, DATE_MIN, OUTPUT_KINDS, OUTPUT_PROPERTY

# Text stays text: a gemeente's "=1+1", "0612345678" or "www.gemeente.nl" is written exactly as typed.
TEXT_AS_TYPED = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}


def new_workbook(buffer: io.BytesIO) -> xlsxwriter.Workbook:
    """An xlsxwriter workbook that writes into buffer (the caller writes the bytes atomically)."""
    return xlsxwriter.Workbook(buffer, {"in_memory": True, **TEXT_AS_TYPED})


def mark_as_output(book: xlsxwriter.Workbook, kind: str) -> None:
    """Mark a workbook as one of the tool's own outputs (contract.OUTPUT_PROPERTY), so that collect skips it
    when it lands among the returns instead of reporting it as a broken scan."""
    if kind not in OUTPUT_KINDS:
        raise ValueError(f"unknown output kind {kind!r}")
    book.set_custom_property(OUTPUT_PROPERTY, kind)


# The palette of every workbook: a dark blue for titles, light blues for headers, greys for the grid.
NAVY = "#1F3864"
HEADER_FILL = "#D9E1F2"
HEADER_BORDER = "#B4C6E7"
GRID = "#D9D9D9"
MUTED = "#595959"
INPUT_BORDER = "#8EA9C1"
A4 = 9  # Excel's paper size code

FOOTER_FILE_PAGES = "&L&8&F&R&8Pagina &P van &N"  # file name left, "Pagina 1 van 3" right
FOOTER_SHEET_PAGES = "&L&8&A&R&8Pagina &P van &N"  # sheet name left


def print_setup(ws, *, landscape: bool = False, footer: str = FOOTER_SHEET_PAGES, narrow_margins: bool = True) -> None:
    """A4, as wide as one page and as long as needed, without gridlines, with page numbers."""
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    if landscape:
        ws.set_landscape()
    if narrow_margins:
        ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    ws.set_footer(footer)
    ws.hide_gridlines(2)


POINTS_PER_LINE = 15  # the row height one line of 11 pt text needs


def line_count(text: str, chars_per_line: float) -> int:
    """Lines a text needs when wrapped at chars_per_line characters; every paragraph takes at least one.

    Explicit row heights are needed because LibreOffice does not grow rows for wrapped text in an
    imported .xlsx."""
    return sum(max(1, math.ceil(len(line) / chars_per_line)) for line in text.splitlines() or [""])


def longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def date_validation(*, input_message: str = "Vul een datum in, bijvoorbeeld 31-12-2026.",
                    error_message: str = "Vul een datum in, bijvoorbeeld 31-12-2026.") -> dict[str, Any]:
    """Excel data validation for a date cell: a real date between the contract's DATE_MIN and DATE_MAX."""
    return {"validate": "date", "criteria": "between", "minimum": DATE_MIN, "maximum": DATE_MAX,
            "input_title": "Datum", "input_message": input_message,
            "error_title": "Ongeldige datum", "error_message": error_message}
