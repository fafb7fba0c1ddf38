"""What every sheet of the regional report shares: the options, the formats, the source line, and how a
gemeente is named (by number, or number and name)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import xlsxwriter

from ..consolidate import Consolidation, source_mark
from ..status import STATUS_COLOURS, GemeenteStatus
from ..textfit import EXCEL, Program
from ..xlsxkit import GRID, HEADER_BORDER, HEADER_FILL, INPUT_BORDER, MUTED, NAVY
from .pages import PageSetup, Sheet, escape


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
    program: Program = EXCEL  # whose line spacing the rows get: Excel's for the workbook, LibreOffice's for a PDF


CELL = {"border": 1, "border_color": GRID}
FORMATS = {
    "title": {"bold": True, "font_size": 16, "font_color": NAVY, "text_wrap": True, "valign": "top"},
    "h1": {"bold": True, "font_size": 13, "font_color": "#FFFFFF", "bg_color": NAVY, "text_wrap": True,
           "valign": "top"},
    "h2": {"bold": True, "font_size": 11, "font_color": NAVY, "text_wrap": True, "valign": "top"},
    "header": {"bold": True, "bg_color": HEADER_FILL, "border": 1, "border_color": HEADER_BORDER, "text_wrap": True,
               "valign": "top"},
    "cell": {"text_wrap": True, "valign": "top", **CELL},
    "role": {"text_wrap": True, "valign": "top", **CELL, "italic": True},
    "subhead": {"bold": True, "italic": True, "valign": "top", "text_wrap": True, **CELL},
    "plan_head": {"bold": True, "bg_color": "#EDEDED", "valign": "top", "text_wrap": True, **CELL},
    "label": {"bold": True, "valign": "top", "text_wrap": True, **CELL},
    "link": {"font_color": "#0563C1", "underline": 1, "valign": "top", "text_wrap": True, "bold": True},
    "link_sub": {"font_color": "#0563C1", "underline": 1, "valign": "top", "text_wrap": True},
    "page": {"align": "right", "valign": "top"},
    "number": {"align": "left", "valign": "top"},
    "count": {"align": "center", "valign": "top", "text_wrap": True, **CELL},
    "note": {"italic": True, "font_size": 10, "font_color": MUTED, "text_wrap": True, "valign": "top"},
    "text": {"text_wrap": True, "valign": "top"},
    "key": {"bold": True, "valign": "top", "text_wrap": True},
    "percent": {"num_format": "0%", "align": "center", "valign": "top", **CELL},
    "yes": {"bg_color": "#C6EFCE", "font_color": "#006100", "align": "center", "valign": "top", "text_wrap": True,
            **CELL},
    "no": {"bg_color": "#FFC7CE", "font_color": "#9C0006", "align": "center", "valign": "top", "text_wrap": True,
           **CELL},
    "other": {"bg_color": "#FFEB9C", "font_color": "#9C5700", "align": "center", "valign": "top", **CELL,
              "text_wrap": True},
    "empty": {"bg_color": "#F2F2F2", "text_wrap": True, **CELL},
    "invalid": {"bg_color": "#F4B084", "font_color": "#833C0B", "font_strikeout": True, "align": "center",
                "valign": "top", **CELL, "text_wrap": True},
    "edit": {"bg_color": "#FFFFFF", "border": 1, "border_color": INPUT_BORDER, "text_wrap": True, "valign": "top"},
    "edit_date": {"bg_color": "#FFFFFF", "border": 1, "border_color": INPUT_BORDER, "num_format": "dd-mm-yyyy",
                  "valign": "top"},
}


STATUS_FORMAT = "status_"  # + a status: the "cell" format filled with the status colour


def add_formats(book: xlsxwriter.Workbook) -> dict[str, object]:
    formats = {name: book.add_format({"font_name": "Calibri", **spec}) for name, spec in FORMATS.items()}
    formats.update({STATUS_FORMAT + k: book.add_format({**FORMATS["cell"], "bg_color": v})
                    for k, v in STATUS_COLOURS.items()})
    return formats


def fonts() -> dict[str, tuple[float, bool]]:
    """Font size and weight of every format: what a row's height is measured with."""
    sizes = {name: (spec.get("font_size", 11), bool(spec.get("bold"))) for name, spec in FORMATS.items()}
    return sizes | {STATUS_FORMAT + k: (11, False) for k in STATUS_COLOURS}


@dataclass
class ReportContext:
    book: xlsxwriter.Workbook
    result: Consolidation
    options: ReportOptions

    def __post_init__(self) -> None:
        self.f = add_formats(self.book)
        self.fonts = fonts()
        self.date = self.options.date or dt.date.today()

    @property
    def questionnaire(self) -> str:
        """The questionnaire as a reader names it: 'Preventiescanner Dakloosheid (versie 2022.1)'."""
        layout = self.result.layout
        return f"{layout.title} (versie {layout.version})"

    @property
    def regio(self) -> str:
        regions = sorted({r for r in self.result.gemeenten["regio"].fillna("") if r})
        return self.options.regio or ", ".join(regions)

    def sheet(self, title: str, widths: list[float], **setup) -> Sheet:
        """A report sheet with the report's page header: the report's title left, regio and ronde right."""
        where = " · ".join(p for p in (self.regio, f"ronde {self.options.ronde}" if self.options.ronde else "") if p)
        header = f"&L&9{escape(self.result.layout.title)} — regionale rapportage&R&9{escape(where)}"
        return Sheet(title, widths, self.fonts, PageSetup(header=header, **setup), self.options.program)

    def source_legend(self, columns=None) -> str:
        """'Bron: a) Eigen registratie/onderzoek; b) Schatting.' for the lettered choice lists (a source) among
        the columns, or in the whole layout: the tables print such an answer as (a)."""
        layout = self.result.layout
        columns = columns if columns is not None else [c for s in layout.sheets for q in s.questions for c in q.columns]
        lists = dict.fromkeys(c.choices for c in columns if c.type == "choice" and c.choices)
        lettered = [layout.choice_lists[name] for name in lists
                    if all(source_mark(choice) for choice in layout.choice_lists[name])]
        return " ".join("Bron: " + "; ".join(choices) + "." for choices in lettered)

    def source_note(self, n: int | None = None) -> str:
        parts = [f"Bron: {self.questionnaire}"]
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
