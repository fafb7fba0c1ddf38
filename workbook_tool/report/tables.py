"""Tabellen: every question in the form of the published report, "Gemeenten (N=…) | Aantal | Nrs."."""

from __future__ import annotations

from ..consolidate import Count, Table
from ..pages import Cell, Row, Sheet
from .context import ReportContext
from .national_tables import build_national_tables

SHEET_TITLE = "Tabellen"
# Landscape A4 at 100 %: the item label, then up to three "Aantal | Nrs." pairs.
LABEL_WIDTH = 49
COUNT_WIDTH = 7
NRS_WIDTH = 20
WIDTHS = [LABEL_WIDTH] + [COUNT_WIDTH, NRS_WIDTH] * 3
LAST = len(WIDTHS) - 1
FULL = len(WIDTHS)  # a note across the whole table


def pillar_anchor(sheet_id: str) -> str:
    return f"pijler:{sheet_id}"


def build_tables(ctx: ReportContext) -> Sheet:
    if ctx.national:  # more than 40 gemeenten: see national.py
        return build_national_tables(ctx, SHEET_TITLE, pillar_anchor)
    sheet = ctx.sheet(SHEET_TITLE, WIDTHS, landscape=True)
    sheet.add(Row([Cell(0, "Tabellen per vraag", "title", FULL)]),
              Row([Cell(0, "Aantal: het aantal gemeenten dat het onderdeel biedt (antwoord 'Ja'). Nrs.: de nummers "
                           "van die gemeenten. N: de gemeenten die de vraag beantwoordden. " + ctx.source_note(),
                        "note", FULL)]))
    current = None
    for table in ctx.result.tables:
        pillar = []
        if table.sheet is not current:
            current = table.sheet
            pillar = [Row([Cell(0, current.title, "h1", FULL)], anchor=pillar_anchor(current.id)), Row()]
        sheet.add(*pillar, *_table_rows(ctx, table), Row(), repeat=len(pillar) + _heading_rows(table))
    return sheet


def _heading_rows(table: Table) -> int:
    """The rows repeated when a table continues on the next page: title, N line and column headers."""
    return 2 + (1 if len(table.headers) == 1 else 2)


def _table_rows(ctx: ReportContext, table: Table) -> list[Row]:
    rows = [Row([Cell(0, table.question.title, "h2", FULL)]),
            Row([Cell(0, table.section.title, "note"), Cell(1, _n_text(ctx, table), "key", LAST)]),
            *_header_rows(table)]
    heading = None
    for table_row in table.rows:
        item = table_row.item
        if item.heading and item.heading != heading:
            heading = item.heading
            rows.append(Row([Cell(0, heading, "subhead", FULL)], keep=2))
        rows.append(_item_row(ctx, table, table_row))
    for row in table.rows:
        for nr, text in row.texts:
            label = row.item.label.rstrip(": ")
            rows.append(Row([Cell(0, f"{label} — gemeente {ctx.gemeente_label(nr)}: {text}", "text", FULL)]))
    legend = ctx.source_legend(table.question.columns)
    if legend:
        rows.append(Row([Cell(0, legend, "note", FULL)]))
    if table.excluded:
        excluded = "; ".join(f"gemeente {ctx.gemeente_label(x.nr)} bij '{x.item.label}' ({x.reason}: "
                             f"'{x.value_as_found}')" for x in table.excluded)
        rows.append(Row([Cell(0, f"Niet meegeteld: {excluded}.", "note", FULL)]))
    rows.append(Row([Cell(0, ctx.source_note(table.n), "note", FULL)]))
    return rows


def _n_text(ctx: ReportContext, table: Table) -> str:
    """'Gemeenten (N=8); niet beantwoord door gemeente 3' — N is the gemeenten that answered this question."""
    if not table.not_in:
        return f"Gemeenten (N={table.n})"
    who = ", ".join(ctx.gemeente_label(nr) for nr in table.not_in)
    return f"Gemeenten (N={table.n}); niet beantwoord door gemeente {who}"


def _header_rows(table: Table) -> list[Row]:
    if len(table.headers) == 1:
        return [Row([Cell(0, "", "header"), Cell(1, "Aantal", "header"), Cell(2, "Nrs.", "header", LAST - 1)])]
    # Several answer columns side by side: the column label over its own Aantal | Nrs. pair.
    return [Row([Cell(0, "", "header")] + [Cell(1 + 2 * i, head, "header", 2) for i, head in enumerate(table.headers)]),
            Row([Cell(0, "", "header")] + [c for i in range(len(table.headers))
                                           for c in (Cell(1 + 2 * i, "Aantal", "header"),
                                                     Cell(2 + 2 * i, "Nrs.", "header"))])]


def _item_row(ctx: ReportContext, table: Table, table_row) -> Row:
    item = table_row.item
    cells = [Cell(0, item.display_label, "role" if item.role else "cell")]
    single = len(table_row.cells) == 1
    for index, count in enumerate(table_row.cells):
        cells += _count_cells(count, 1 + 2 * index, LAST - 1 if single else 1)
    return Row(cells)


def _count_cells(cell: Count, col: int, nrs_span: int) -> list[Cell]:
    if cell.count is None:
        return [Cell(col, "-", "count"), Cell(col + 1, "-", "count", nrs_span)]
    return [Cell(col, cell.count, "count"), Cell(col + 1, cell.nrs_text(), "cell", nrs_span)]
