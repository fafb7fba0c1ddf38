"""Grafieken: a bar chart per checklist question, one per block, readable on a portrait A4 page.

The charts plot a hidden sheet of their own (DATA_SHEET): the counts of the Tabellen sheet with the item
labels shortened and broken into lines, because a chart cannot wrap its category labels by itself in
every program, and a chart taller than a page is split into parts that each fit."""

from __future__ import annotations

import math

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..consolidate import Table
from ..pages import Cell, Row, Sheet
from ..textfit import wrap
from ..values import clip
from .context import ReportContext
from .national import is_national, where_answers

SHEET_TITLE = "Grafieken"
DATA_SHEET = "Grafiekgegevens"
WIDTH = 92  # characters: the width of a portrait page
# Within the page's one column as Excel measures it (7 px per character + 5): a chart reaching into the next
# column would make LibreOffice print a page of chart edges to its right.
CHART_WIDTH_PX = WIDTH * 7 + 5 - 12
FONT = 9  # pt, every text in a chart
LABEL_CHARS = 110  # an item label in a chart: the start of it; the Tabellen sheet has it whole
LABEL_WIDTH_PT = 210  # the room a category label gets left of the bars
PX = 0.75  # pt per pixel
MAX_ROW = 400  # pt: Excel's limit on a row's height is 409
SERIES_COLOURS = ["#8EA9DB", "#F4B183", "#A9D18E"]  # light, so the black values on the bars stay readable


def pillar_anchor(sheet_id: str) -> str:
    return f"grafieken:{sheet_id}"


ChartData = list[tuple[int, int, object]]  # (row, column, value) of the hidden data sheet


def _where_the_rest(ctx: ReportContext) -> str:
    """The full texts are in Tabellen; the gemeenten's numbers too, except in a landelijke rapportage."""
    if not is_national(ctx.result):
        return "De volledige teksten en de nummers van de gemeenten staan op het tabblad Tabellen."
    return "De volledige teksten staan op het tabblad Tabellen; welke gemeente wat antwoordde, staat " \
           f"{where_answers(ctx.result)}."


def build_charts(ctx: ReportContext) -> tuple[Sheet, ChartData]:
    """The sheet, and the cells of the hidden sheet its charts plot (write_chart_data writes them)."""
    sheet = ctx.sheet(SHEET_TITLE, [WIDTH])
    sheet.add(Row([Cell(0, "Grafieken per pijler: aantal gemeenten per onderdeel", "title")]),
              Row([Cell(0, "Per vraag het aantal gemeenten dat het onderdeel biedt (antwoord 'Ja'), van de N "
                           "gemeenten die de vraag beantwoordden. " + _where_the_rest(ctx), "note")]))
    data: ChartData = []
    data_row = 0
    current = None
    room = sheet.page_height() - 60  # a chart, its title and its source line on one page
    for table in ctx.result.tables:
        if table.question.kind != "checklist" or not table.n:
            continue
        pillar = []
        if table.sheet is not current:
            current = table.sheet
            pillar = [Row([Cell(0, current.title, "h1")], anchor=pillar_anchor(current.id))]
        rows = [r for r in table.rows if not r.item.role]
        parts = _parts(rows, len(table.question.columns), room)
        for number, part in enumerate(parts, start=1):
            chart, height = _chart(ctx, table, part, data, data_row)
            data_row += len(part) + 1
            title = table.question.title + (f" (deel {number} van {len(parts)})" if len(parts) > 1 else "")
            sheet.add(*(pillar if number == 1 else []), Row([Cell(0, title, "h2")]), *_chart_rows(chart, height),
                      Row([Cell(0, ctx.source_note(table.n), "note")]), Row())
    return sheet, data


def write_chart_data(book, data: ChartData) -> None:
    """The hidden sheet the charts plot; added after the report's sheets, so it is never the first one."""
    ws = book.add_worksheet(DATA_SHEET)
    for row, col, value in data:
        ws.write(row, col, value)
    ws.hide()


def _label_lines(label: str) -> list[str]:
    return wrap(clip(label, LABEL_CHARS), LABEL_WIDTH_PT, FONT)


def _category_px(row, series: int) -> float:
    lines = len(_label_lines(row.item.display_label))
    return max(lines * FONT * 1.5, series * 14) + 8


def _chart_px(rows, series: int) -> float:
    """Bars with their labels, the value axis with its title, and a legend for several series."""
    return 30 + sum(_category_px(r, series) for r in rows) + 45 + (25 if series > 1 else 0)


def _parts(rows: list, series: int, room_pt: float) -> list[list]:
    """The rows in as few charts as fit a page each, of about equal size."""
    count = math.ceil(_chart_px(rows, series) * PX / room_pt)
    size = math.ceil(len(rows) / count)
    return [rows[i:i + size] for i in range(0, len(rows), size)]


def _chart(ctx: ReportContext, table: Table, rows: list, data: ChartData, first: int):
    """The chart of some rows of a table; its data added to the hidden sheet from row `first`."""
    columns = table.question.columns
    for offset, row in enumerate(rows):
        data.append((first + offset, 0, "\n".join(_label_lines(row.item.display_label))))
        data += [(first + offset, 1 + index, cell.count or 0) for index, cell in enumerate(row.cells)]
    last = first + len(rows) - 1
    sheet = quote_sheetname(DATA_SHEET)
    chart = ctx.book.add_chart({"type": "bar"})
    font = {"size": FONT}
    for index, column in enumerate(columns):
        chart.add_series({
            "name": column.label if len(columns) > 1 else "Aantal gemeenten",
            "categories": _range(sheet, first, last, 0),
            "values": _range(sheet, first, last, 1 + index),
            "data_labels": {"value": True, "font": font, "position": "inside_base"},
            "gap": 60,
            "fill": {"color": SERIES_COLOURS[index % len(SERIES_COLOURS)]},
        })
    chart.set_title({"none": True})  # the row above the chart holds the question
    chart.set_x_axis({"min": 0, "max": max(table.n, 1), "major_unit": max(1, math.ceil(table.n / 10)),
                      "name": f"Aantal gemeenten (N={table.n})", "name_font": {**font, "bold": False},
                      "num_font": font, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    # Items top to bottom in the order of the table; "crossing: max" keeps the value axis below them.
    chart.set_y_axis({"reverse": True, "num_font": font, "crossing": "max"})
    chart.set_legend({"position": "bottom", "font": font} if len(columns) > 1 else {"none": True})
    height = _chart_px(rows, len(columns))
    chart.set_size({"width": CHART_WIDTH_PX, "height": round(height)})
    chart.set_chartarea({"border": {"none": True}})
    return chart, height * PX


def _chart_rows(chart, height_pt: float) -> list[Row]:
    """The rows a chart covers: one holds the chart, more when it is higher than a row can be."""
    count = math.ceil(height_pt / MAX_ROW)
    rows = [Row(height=round(height_pt / count + 0.5, 1)) for _ in range(count)]
    rows[0].chart = chart
    rows[0].keep = count + 1
    return rows


def _range(sheet: str, first: int, last: int, col: int) -> str:
    return f"={sheet}!{xl_rowcol_to_cell(first, col, True, True)}:{xl_rowcol_to_cell(last, col, True, True)}"



