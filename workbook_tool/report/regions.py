"""Regio's: for every checklist item the number of gemeenten per regio, as in "Regio 1 (n=6)"."""

from __future__ import annotations

from ..xlsxkit import POINTS_PER_LINE, print_setup
from .context import ReportContext, lines


def write_regions(ctx: ReportContext) -> None:
    ws = ctx.book.add_worksheet("Regio's")
    f, frame = ctx.f, ctx.result.regions
    region_columns = [c for c in frame.columns if c.endswith(")") and "(n=" in c]
    ws.write(0, 0, "Aantal gemeenten per regio", f["title"])
    ws.write(1, 0, ctx.source_note(), f["note"])
    ws.set_column(0, 0, 70)
    ws.set_column(1, len(region_columns), 14)
    row = 3
    for _question_id, block in frame.groupby("question_id", sort=False):
        first = block.iloc[0]
        ws.write(row, 0, f"{first['sheet']}: {first['question']}", f["h2"])
        row += 1
        ws.write(row, 0, "Gemeenten", f["header"])
        for col, name in enumerate(region_columns, start=1):
            ws.write(row, col, name, f["header"])
        row += 1
        multi = block["column_id"].nunique() > 1
        for record in block.itertuples(index=False):
            values = dict(zip(block.columns, record, strict=True))
            label = f"{values['item']} ({values['column']})" if multi else values["item"]
            ws.write_string(row, 0, label, f["cell"])
            ws.set_row(row, POINTS_PER_LINE * lines(label, 70) + 2)
            for col, name in enumerate(region_columns, start=1):
                value = values[name]
                if value is None or value != value:  # None or NaN: the item is not asked in this column
                    ws.write_string(row, col, "-", f["count"])
                else:
                    ws.write_number(row, col, int(value), f["count"])
            row += 1
        row += 1
    print_setup(ws, landscape=True)
