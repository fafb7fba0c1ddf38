"""What every sheet of the regional report shares: the options, the formats, the source line, and how a
gemeente is named (by number, or number and name)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import xlsxwriter

from ..consolidate import Consolidation, source_mark
from ..pages import PageSetup, Sheet, add_formats, escape, fonts
from ..status import GemeenteStatus
from ..textfit import EXCEL, Program
from ..values import clip
from .national import is_national


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


@dataclass
class ReportContext:
    book: xlsxwriter.Workbook | None  # None for a document that only shares the wording (the Word concept)
    result: Consolidation
    options: ReportOptions

    def __post_init__(self) -> None:
        self.f = add_formats(self.book) if self.book is not None else {}
        self.fonts = fonts()
        self.date = self.options.date or dt.date.today()

    @property
    def kind(self) -> str:
        """What the report is, after its title: 'regionale rapportage', or for a national round (more than
        national.NATIONAL_ABOVE gemeenten) 'landelijke rapportage'."""
        return "landelijke rapportage" if self.national else "regionale rapportage"

    @cached_property
    def national(self) -> bool:
        """Whether the report takes its national form (see national.py)."""
        return is_national(self.result)

    @property
    def questionnaire(self) -> str:
        """The questionnaire as a reader names it: 'Preventiescanner Dakloosheid (versie 2022.1)'."""
        layout = self.result.layout
        return f"{layout.title} (versie {layout.version})"

    @property
    def regio(self) -> str:
        regions = sorted({g.regio for g in self.result.gemeenten if g.regio})
        return self.options.regio or ", ".join(regions)

    @property
    def _short_regio(self) -> str:
        """The regio for a page header, which Excel limits to 255 characters: '25 regio's' for a national round."""
        regions = {g.regio for g in self.result.gemeenten if g.regio}
        return self.options.regio or (self.regio if len(regions) <= 3 else f"{len(regions)} regio's")

    def sheet(self, title: str, widths: list[float], **setup) -> Sheet:
        """A report sheet with the report's page header: the report's title left, regio and ronde right."""
        where = " · ".join(p for p in (self._short_regio, f"ronde {self.options.ronde}" if self.options.ronde else "")
                           if p)
        header = f"&L&9{escape(self.result.layout.title)} — {self.kind}&R&9{escape(clip(where, 120))}"
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
        return {g.nummer: g.gemeente for g in self.result.gemeenten}

    def gemeente_label(self, nr: int) -> str:
        return str(nr) if self.options.anonymous else f"{nr} {self._names[nr]}"
