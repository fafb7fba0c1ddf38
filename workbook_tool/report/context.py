"""What every sheet of the regional report shares: the options, the formats, the source line, and how a
gemeente is named (by number, or number and name)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import xlsxwriter

from ..consolidate import Consolidation
from ..status import STATUS_COLOURS, GemeenteStatus
from ..xlsxkit import GRID, HEADER_BORDER, HEADER_FILL, INPUT_BORDER, MUTED, NAVY, line_count


@dataclass
class ReportOptions:
    """What the report shows besides the tables."""

    anonymous: bool = True  # numbers only; the key goes to a separate file
    ronde: str = ""
    regio: str = ""
    date: dt.date | None = None
    invited: int | None = None  # size of the gemeenten list, when there is one
    status: list[GemeenteStatus] | None = None
    problems: tuple[int, int] = (0, 0)  # errors, warnings found while reading
    numbering_conflicts: list[str] = field(default_factory=list)  # Dutch, from gemeenten.report_numbers


CELL = {"border": 1, "border_color": GRID}
FORMATS = {
    "title": {"bold": True, "font_size": 16, "font_color": NAVY},
    "h1": {"bold": True, "font_size": 13, "font_color": "#FFFFFF", "bg_color": NAVY},
    "h2": {"bold": True, "font_size": 11, "font_color": NAVY, "text_wrap": True, "valign": "top"},
    "header": {"bold": True, "bg_color": HEADER_FILL, "border": 1, "border_color": HEADER_BORDER, "text_wrap": True,
               "valign": "top"},
    "cell": {"text_wrap": True, "valign": "top", **CELL},
    "role": {"text_wrap": True, "valign": "top", **CELL, "italic": True},
    "subhead": {"bold": True, "italic": True, "valign": "top", **CELL},
    "count": {"align": "center", "valign": "top", **CELL},
    "note": {"italic": True, "font_color": MUTED, "text_wrap": True, "valign": "top"},
    "text": {"text_wrap": True, "valign": "top"},
    "key": {"bold": True, "valign": "top"},
    "percent": {"num_format": "0%", "align": "center", "valign": "top", **CELL},
    "yes": {"bg_color": "#C6EFCE", "font_color": "#006100", "align": "center", **CELL},
    "no": {"bg_color": "#FFC7CE", "font_color": "#9C0006", "align": "center", **CELL},
    "other": {"bg_color": "#FFEB9C", "font_color": "#9C5700", "align": "center", **CELL, "text_wrap": True},
    "empty": {"bg_color": "#F2F2F2", **CELL},
    "invalid": {"bg_color": "#F4B084", "font_color": "#833C0B", "font_strikeout": True, "align": "center", **CELL,
                "text_wrap": True},
    "edit": {"bg_color": "#FFFFFF", "border": 1, "border_color": INPUT_BORDER, "text_wrap": True, "valign": "top"},
    "edit_date": {"bg_color": "#FFFFFF", "border": 1, "border_color": INPUT_BORDER, "num_format": "dd-mm-yyyy",
                  "valign": "top"},
}


def add_formats(book: xlsxwriter.Workbook) -> dict[str, object]:
    return {name: book.add_format(spec) for name, spec in FORMATS.items()}


@dataclass
class ReportContext:
    book: xlsxwriter.Workbook
    result: Consolidation
    options: ReportOptions

    def __post_init__(self) -> None:
        self.f = add_formats(self.book)
        self.status_fill = {k: self.book.add_format({**FORMATS["cell"], "bg_color": v})
                            for k, v in STATUS_COLOURS.items()}
        self.date = self.options.date or dt.date.today()

    def source_note(self, n: int | None = None) -> str:
        layout = self.result.layout
        parts = [f"Bron: {layout.title}, vragenlijst {layout.id} versie {layout.version}"]
        if self.options.ronde:
            parts.append(f"ronde {self.options.ronde}")
        parts.append(f"N = {self.result.n if n is None else n} gemeenten")
        parts.append(f"opgemaakt {self.date.strftime('%d-%m-%Y')}")
        return "; ".join(parts) + "."

    @cached_property
    def _names(self) -> dict[int, str]:
        return dict(zip(self.result.gemeenten["nummer"], self.result.gemeenten["gemeente"], strict=True))

    def gemeente_label(self, nr: int) -> str:
        return str(nr) if self.options.anonymous else f"{nr} {self._names[nr]}"


def lines(text: str, width: int) -> int:
    """Lines a wrapped text needs in a report column of `width` characters, with a little slack for the
    proportional font."""
    return line_count(text, int(width * 1.1))
