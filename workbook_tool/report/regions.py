"""Regio's: for every checklist item the number of gemeenten per regio; the header "Regio 1 (n=5)" gives the
regio's gemeenten that answered the question."""

from __future__ import annotations

from ..consolidate import RegionRow
from ..pages import Cell, Row, Sheet
from .context import ReportContext

LABEL_WIDTH = 56
REGION_WIDTH = 12


def build_regions(ctx: ReportContext) -> Sheet:
    sizes = ctx.result.regio_sizes
    widths = [LABEL_WIDTH] + [REGION_WIDTH] * len(sizes)
    full = len(widths)
    sheet = ctx.sheet("Regio's", widths, landscape=len(sizes) > 3)
    sheet.add(Row([Cell(0, "Aantal gemeenten per regio", "title", full)]),
              Row([Cell(0, ctx.source_note(), "note", full)]), Row())
    for block in _by_question(ctx.result.regions or []):
        first = block[0]
        rows = [Row([Cell(0, f"{first.sheet}: {first.question}", "h2", full)]),
                Row([Cell(0, "Gemeenten", "header")] + [Cell(col, f"{regio} (n={first.answered[regio]})", "header")
                                                       for col, regio in enumerate(sizes, start=1)])]
        multi = len({record.column_id for record in block}) > 1
        for record in block:
            label = f"{record.item} ({record.column})" if multi else record.item
            cells = [Cell(0, label, "cell")]
            for col, regio in enumerate(sizes, start=1):
                count = record.counts[regio]
                cells.append(Cell(col, "-" if count is None else count, "count"))  # None: not asked in this column
            rows.append(Row(cells))
        sheet.add(*rows, Row(), repeat=2)
    return sheet


def _by_question(records: list[RegionRow]) -> list[list[RegionRow]]:
    """The rows of each question together, in layout order."""
    blocks: dict[str, list[RegionRow]] = {}
    for record in records:
        blocks.setdefault(record.question_id, []).append(record)
    return list(blocks.values())
