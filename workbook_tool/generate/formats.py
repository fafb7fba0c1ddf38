"""The cell formats and column widths of the scan workbook, created once per workbook."""

from __future__ import annotations

from dataclasses import dataclass, field

import xlsxwriter

from ..xlsxkit import GRID, HEADER_BORDER, HEADER_FILL, INPUT_BORDER, MUTED, NAVY

BASE = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
INPUT = {**BASE, "locked": False, "border": 1, "border_color": INPUT_BORDER, "bg_color": "#FFFFFF", "text_wrap": True}
FORMATS: dict[str, dict] = {
    "title": {**BASE, "bold": True, "font_size": 16, "font_color": NAVY},
    "subtitle": {**BASE, "bold": True, "font_size": 12, "font_color": NAVY},
    "text": {**BASE, "text_wrap": True},
    "muted": {**BASE, "text_wrap": True, "italic": True, "font_color": MUTED},
    "section": {**BASE, "bold": True, "font_size": 13, "font_color": "#FFFFFF", "bg_color": NAVY, "valign": "vcenter"},
    "question": {**BASE, "bold": True, "text_wrap": True, "font_color": NAVY, "top": 1, "top_color": NAVY},
    "header": {**BASE, "bold": True, "text_wrap": True, "bg_color": HEADER_FILL, "border": 1,
               "border_color": HEADER_BORDER},
    "label": {**BASE, "text_wrap": True, "border": 1, "border_color": GRID},
    "number_cell": {**BASE, "border": 1, "border_color": GRID, "align": "right"},
    "heading": {**BASE, "bold": True, "italic": True, "text_wrap": True},
    "link": {**BASE, "font_color": "#0563C1", "underline": 1},
    "fixed": {**BASE, "bold": True, "bg_color": "#F2F2F2", "border": 1, "border_color": GRID},
    "input_choice": {**INPUT, "align": "center"},
    "input_text": {**INPUT},
    "input_number": {**INPUT, "num_format": "0.##", "align": "right"},
    "input_integer": {**INPUT, "num_format": "0", "align": "right"},
    "input_range": {**INPUT, "align": "right", "num_format": "@"},
    "input_date": {**INPUT, "num_format": "dd-mm-yyyy", "align": "right"},
    "percent": {**BASE, "num_format": "0%", "border": 1, "border_color": GRID},
    "count": {**BASE, "border": 1, "border_color": GRID, "align": "right"},
    "count_bold": {**BASE, "bold": True, "border": 1, "border_color": GRID, "align": "right"},
    "percent_bold": {**BASE, "bold": True, "num_format": "0%", "border": 1, "border_color": GRID},
    "meta_key": {**BASE, "bold": True},
    "unanswered": {"bg_color": "#FFF2CC"},
    "invalid": {"bg_color": "#F8CBAD", "font_color": "#9C0006"},
}

# Column widths in characters.
LABEL_WIDTH = 72
NUMBER_WIDTH = 5
INPUT_WIDTHS = {"choice": 14, "number": 12, "date": 13, "text": 44}
FIELDS_TEXT_WIDTH = 70


@dataclass
class Formats:
    """The workbook's formats by name (f.title, f.input_choice, ...), each added on first use."""

    book: xlsxwriter.Workbook
    cache: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name: str):  # noqa: ANN204 - formats are xlsxwriter objects
        if name in ("book", "cache"):
            raise AttributeError(name)
        if name not in self.cache:
            self.cache[name] = self.book.add_format(FORMATS[name])
        return self.cache[name]
