"""Tabellen: every question in the form of the published report, "Gemeenten (N=…) | Aantal | Nrs."."""

from __future__ import annotations

from ..consolidate import Count, Table
from ..xlsxkit import POINTS_PER_LINE, print_setup
from .context import ReportContext, lines

SHEET_TITLE = "Tabellen"
LABEL_WIDTH = 70
COUNT_WIDTH = 8
NRS_WIDTH = 28

ItemRows = dict[str, tuple[int, int]]  # question id -> first and last item row on the sheet (zero-based)


def write_tables(ctx: ReportContext) -> ItemRows:
    """Write the sheet; returns where each question's item rows are, for the charts that plot them."""
    ws = ctx.book.add_worksheet(SHEET_TITLE)
    f = ctx.f
    ws.set_column(0, 0, LABEL_WIDTH)
    for index in range(3):
        ws.set_column(1 + 2 * index, 1 + 2 * index, COUNT_WIDTH)
        ws.set_column(2 + 2 * index, 2 + 2 * index, NRS_WIDTH)
    ws.write(0, 0, "Tabellen per vraag", f["title"])
    ws.write(1, 0, ctx.source_note(), f["note"])
    ws.freeze_panes(2, 0)
    item_rows: ItemRows = {}
    row = 3
    current_sheet = None
    for table in ctx.result.tables:
        if table.sheet is not current_sheet:
            current_sheet = table.sheet
            ws.merge_range(row, 0, row, 6, current_sheet.title, f["h1"])
            row += 2
        row = _write_table(ctx, ws, table, row, item_rows) + 2
    print_setup(ws, landscape=True)
    return item_rows


def _write_table(ctx: ReportContext, ws, table: Table, row: int, item_rows: ItemRows) -> int:
    f = ctx.f
    ws.write(row, 0, table.question.title, f["h2"])
    row += 1
    ws.write(row, 0, table.section.title, f["note"])
    ws.write(row, 1, f"Gemeenten (N={table.n})", f["key"])
    row += 1
    row = _write_headers(ws, f, table, row)
    first = row
    heading = None
    for table_row in table.rows:
        item = table_row.item
        if item.heading and item.heading != heading:
            heading = item.heading
            ws.write(row, 0, heading, f["subhead"])
            row += 1
        label = item.display_label
        ws.write_string(row, 0, label, f["role"] if item.role else f["cell"])
        for index, cell in enumerate(table_row.cells):
            _write_count(ctx, ws, row, 1 + 2 * index, cell)
        needed = max([lines(label, LABEL_WIDTH)] + [lines(c.nrs_text(), NRS_WIDTH) for c in table_row.cells])
        ws.set_row(row, POINTS_PER_LINE * needed + 2)
        row += 1
    item_rows[table.question.id] = (first, row - 1)
    for item, entries in ((r.item, r.texts) for r in table.rows if r.texts):
        texts = "\n".join(f"Gemeente {ctx.gemeente_label(nr)}: {text}" for nr, text in entries)
        ws.merge_range(row, 0, row, 4, f"{item.label} {texts}" if "\n" not in texts else f"{item.label}\n{texts}",
                       f["text"])
        ws.set_row(row, POINTS_PER_LINE * (texts.count("\n") + 2))
        row += 1
    if table.excluded:
        excluded = "; ".join(f"gemeente {ctx.gemeente_label(x.nr)} bij '{x.item.label}' ({x.reason}: "
                             f"'{x.value_as_found}')" for x in table.excluded)
        ws.merge_range(row, 0, row, 4, f"Niet meegeteld: {excluded}.", f["note"])
        ws.set_row(row, POINTS_PER_LINE * lines(excluded, LABEL_WIDTH + 2 * COUNT_WIDTH + 2 * NRS_WIDTH) + 2)
        row += 1
    ws.write(row, 0, ctx.source_note(table.n), f["note"])
    return row


def _write_headers(ws, f, table: Table, row: int) -> int:
    if len(table.headers) == 1:
        ws.write(row, 0, "", f["header"])
        ws.write(row, 1, "Aantal", f["header"])
        ws.write(row, 2, "Nrs.", f["header"])
        return row + 1
    # Several answer columns side by side: the column label over its own Aantal | Nrs. pair.
    ws.write(row, 0, "", f["header"])
    for index, head in enumerate(table.headers):
        ws.merge_range(row, 1 + 2 * index, row, 2 + 2 * index, head, f["header"])
    ws.set_row(row, POINTS_PER_LINE * max(lines(h, COUNT_WIDTH + NRS_WIDTH) for h in table.headers) + 2)
    row += 1
    ws.write(row, 0, "", f["header"])
    for index in range(len(table.headers)):
        ws.write(row, 1 + 2 * index, "Aantal", f["header"])
        ws.write(row, 2 + 2 * index, "Nrs.", f["header"])
    return row + 1


def _write_count(ctx: ReportContext, ws, row: int, col: int, cell: Count) -> None:
    if cell.count is None:
        ws.write_string(row, col, "-", ctx.f["count"])
        ws.write_string(row, col + 1, "-", ctx.f["count"])
        return
    ws.write_number(row, col, cell.count, ctx.f["count"])
    ws.write_string(row, col + 1, cell.nrs_text(), ctx.f["cell"])
