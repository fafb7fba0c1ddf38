"""Regio's: for every checklist item the number of gemeenten per regio, as in "Regio 1 (n=6)"."""

from __future__ import annotations

from ..consolidate import regio_n_column
from ..pages import Cell, Row, Sheet
from .context import ReportContext

LABEL_WIDTH = 56
REGION_WIDTH = 12


def build_regions(ctx: ReportContext) -> Sheet:
    frame = ctx.result.regions
    region_columns = [c for c in frame.columns if c.endswith(")") and "(n=" in c]
    widths = [LABEL_WIDTH] + [REGION_WIDTH] * len(region_columns)
    full = len(widths)
    sheet = ctx.sheet("Regio's", widths, landscape=len(region_columns) > 3)
    sheet.add(Row([Cell(0, "Aantal gemeenten per regio", "title", full)]),
              Row([Cell(0, ctx.source_note(), "note", full)]), Row())
    for _question_id, block in frame.groupby("question_id", sort=False):
        first = block.iloc[0]
        rows = [Row([Cell(0, f"{first['sheet']}: {first['question']}", "h2", full)]),
                Row([Cell(0, "Gemeenten", "header")] + [Cell(col, _header(name, first), "header")
                                                       for col, name in enumerate(region_columns, start=1)])]
        multi = block["column_id"].nunique() > 1
        for record in block.itertuples(index=False):
            values = dict(zip(block.columns, record, strict=True))
            label = f"{values['item']} ({values['column']})" if multi else values["item"]
            cells = [Cell(0, label, "cell")]
            for col, name in enumerate(region_columns, start=1):
                value = values[name]
                # None or NaN: the item is not asked in this column
                cells.append(Cell(col, "-" if value is None or value != value else int(value), "count"))
            rows.append(Row(cells))
        sheet.add(*rows, Row(), repeat=2)
    return sheet


def _header(column: str, first) -> str:
    """'Regio 1 (n=5)': the regio's gemeenten that answered this question (its column holds the regio's size)."""
    regio = column.rsplit(" (n=", 1)[0]
    n = first.get(regio_n_column(regio))
    return column if n is None or n != n else f"{regio} (n={int(n)})"
