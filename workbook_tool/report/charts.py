"""Grafieken: a bar chart per checklist question, plotting the counts on the Tabellen sheet."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..consolidate import Table
from ..values import clip
from ..xlsxkit import print_setup
from .context import ReportContext
from .tables import SHEET_TITLE as TABLES_TITLE
from .tables import ItemRows


def write_charts(ctx: ReportContext, item_rows: ItemRows) -> None:
    ws = ctx.book.add_worksheet("Grafieken")
    f = ctx.f
    ws.set_column(0, 0, 40)
    ws.write(0, 0, "Grafieken per pijler: aantal gemeenten per onderdeel", f["title"])
    ws.write(1, 0, ctx.source_note(), f["note"])
    row = 3
    current_sheet = None
    for table in ctx.result.tables:
        if table.question.kind != "checklist":
            continue
        if table.sheet is not current_sheet:
            current_sheet = table.sheet
            ws.write(row, 0, current_sheet.title, f["h2"])
            row += 2
        chart, height_rows = _chart_for(ctx, table, item_rows[table.question.id][0])
        ws.insert_chart(row, 0, chart, {"x_offset": 5})
        row += height_rows + 2
    print_setup(ws)


def _chart_for(ctx: ReportContext, table: Table, first: int):
    asked = [r for r in table.rows if not r.item.role]
    count = len(asked)
    chart = ctx.book.add_chart({"type": "bar"})
    sheet = quote_sheetname(TABLES_TITLE)
    # Item rows of a checklist are contiguous on the Tabellen sheet, role rows (Anders, ...) last.
    last = first + count - 1
    for index, column in enumerate(table.question.columns):
        chart.add_series({
            "name": column.label if len(table.question.columns) > 1 else "Aantal gemeenten",
            "categories": _column_range(sheet, first, last, 0),
            "values": _column_range(sheet, first, last, 1 + 2 * index),
            "data_labels": {"value": True},
        })
    chart.set_title({"name": clip(table.question.title, 90), "name_font": {"size": 11}})
    chart.set_x_axis({"min": 0, "max": table.n, "major_unit": max(1, table.n // 10),
                      "name": f"Aantal gemeenten (N={table.n})"})
    chart.set_y_axis({"reverse": True, "num_font": {"size": 7}})
    chart.set_legend({"position": "bottom"} if len(table.question.columns) > 1 else {"none": True})
    height = max(260, 90 + 36 * count * len(table.question.columns))
    chart.set_size({"width": 900, "height": height})
    return chart, height // 20 + 1


def _column_range(sheet: str, first: int, last: int, col: int) -> str:
    return f"={sheet}!{xl_rowcol_to_cell(first, col, True, True)}:{xl_rowcol_to_cell(last, col, True, True)}"
