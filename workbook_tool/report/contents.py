"""Inhoud: the report's first page, with what it is about and a table of contents with links and page numbers."""

from __future__ import annotations

from dataclasses import dataclass

from ..pages import Cell, Row, Sheet
from .context import ReportContext

SHEET_TITLE = "Inhoud"
WIDTHS = [78, 12]


@dataclass(frozen=True)
class Entry:
    text: str
    sheet: str  # the title of the sheet it points to
    anchor: str | None = None  # a row anchor on that sheet (None: the sheet's first row)
    level: int = 0  # 0 a sheet, 1 a part of it


def build_contents(ctx: ReportContext, entries: list[Entry], pages: dict[str, Sheet],
                   start_pages: dict[str, int]) -> Sheet:
    """The contents; with empty `start_pages` a draft of the same length (to count its own pages first)."""
    sheet = ctx.sheet(SHEET_TITLE, WIDTHS)
    result, options = ctx.result, ctx.options
    facts = [f"Regio: {ctx.regio or '-'}", f"Ronde: {options.ronde or '-'}",
             f"Vragenlijst: {ctx.questionnaire}", f"Gemeenten in deze rapportage: {result.n}",
             f"Opgemaakt: {ctx.date.strftime('%d-%m-%Y')}"]
    sheet.add(Row([Cell(0, f"{result.layout.title} — {ctx.kind}", "title", 2)]),
              *[Row([Cell(0, fact, "text", 2)]) for fact in facts], Row())
    rows = [Row([Cell(0, "Inhoud", "h2"), Cell(1, "Pagina", "page")])]
    for entry in entries:
        target = pages[entry.sheet]
        page = ""
        if start_pages:
            page = start_pages[entry.sheet] + (target.anchors[entry.anchor][1] if entry.anchor else 0)
        text = ("      " if entry.level else "") + entry.text
        rows.append(Row([Cell(0, text, "link" if entry.level == 0 else "link_sub",
                              link=target.link_target(entry.anchor) if start_pages else "internal:A1"),
                         Cell(1, page, "page")]))
    sheet.add(*rows, repeat=1)
    sheet.add(Row(), Row([Cell(0, "Klik op een onderdeel om ernaartoe te gaan. De paginanummers gelden voor de "
                                  "rapportage afgedrukt of als PDF opgeslagen zoals ze is.", "note", 2)]))
    return sheet
