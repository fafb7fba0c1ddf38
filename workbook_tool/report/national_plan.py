"""Implementatieplan in the national form (see national.py): per ankerpunt how many gemeenten work on it and
with which priority, in total and per regio.

The gemeenten's own plans and their voorzorgscan answers are not printed: 342 plans of fourteen fields are
thousands of pages nobody reads as a national report, and each gemeente already has its own plan in its
terugkoppeling (`workbook-tool feedback`) and in the workbook it returned. The sheet says where they are.
"""

from __future__ import annotations

from collections import Counter

from ..consolidate import PlanAnchor
from ..pages import Cell, Row, Sheet
from .context import ReportContext
from .national import Regions, round_regions

LABEL_WIDTH = 34
COUNT_WIDTH = 9.5  # "Aan de slag", "Prioriteit 1" in bold on two lines at most


def build_national_plan(ctx: ReportContext) -> Sheet:
    anchors = ctx.result.plan
    ranks = _ranks(anchors)
    widths = [LABEL_WIDTH] + [COUNT_WIDTH] * (1 + len(ranks))
    full = len(widths)
    sheet = ctx.sheet("Implementatieplan", widths)
    sheet.add(Row([Cell(0, "Implementatieplan voorzorg: ankerpunten, in totaal en per regio", "title", full)]),
              Row([Cell(0, "Per ankerpunt hoeveel gemeenten ermee aan de slag gaan, en hoeveel het in hun "
                           "implementatieplan als prioriteit 1, 2, … kozen; eerst in totaal, daarna per regio. "
                           "De eigen plannen van de gemeenten (doel, acties, planning) en hun antwoorden in de "
                           "voorzorgscan staan niet in deze landelijke rapportage: elke gemeente vindt haar plan in "
                           "haar terugkoppeling (workbook-tool feedback) en in de werkmap die ze inleverde. "
                           + ctx.source_note(), "note", full)]),
              Row())
    header = _header("Ankerpunt", ranks)
    sheet.add(Row([Cell(0, "Alle gemeenten", "h2", full)]), header,
              *[_count_row(anchor.title, len(anchor.working_on), _by_rank(anchor), ranks) for anchor in anchors],
              Row(), repeat=2)
    regions = round_regions(ctx.result)
    for anchor in anchors:
        sheet.add(*_anchor_rows(anchor, regions, ranks, full), Row(), repeat=2)
    return sheet


def _ranks(anchors: list[PlanAnchor]) -> list[int]:
    """The priorities the plan asks for (1 to 5), as far as any gemeente gave one."""
    return list(range(1, 1 + max((rank for a in anchors for rank in a.priorities), default=0)))


def _header(first: str, ranks: list[int]) -> Row:
    return Row([Cell(0, first, "header"), Cell(1, "Aan de slag", "header")]
               + [Cell(1 + rank, f"Prioriteit {rank}", "header") for rank in ranks])


def _count_row(label: str, working: int, by_rank: dict[int, int], ranks: list[int]) -> Row:
    return Row([Cell(0, label, "cell"), Cell(1, working, "count")]
               + [Cell(1 + rank, by_rank.get(rank, 0), "count") for rank in ranks])


def _by_rank(anchor: PlanAnchor) -> dict[int, int]:
    return {rank: len(nrs) for rank, nrs in anchor.priorities.items()}


def _anchor_rows(anchor: PlanAnchor, regions: Regions, ranks: list[int], full: int) -> list[Row]:
    """The ankerpunt per regio: its gemeenten that work on it and that gave it each priority."""
    working = Counter(regions.of[nr] for nr in anchor.working_on)
    by_rank = {rank: Counter(regions.of[nr] for nr in nrs) for rank, nrs in anchor.priorities.items()}
    rows = [Row([Cell(0, f"Ankerpunt: {anchor.title}", "h2", full)]), _header("Regio", ranks)]
    for regio in regions.names:
        rows.append(_count_row(f"{regio} (n={regions.size(regio)})", working[regio],
                               {rank: counts[regio] for rank, counts in by_rank.items()}, ranks))
    rows.append(_count_row("Totaal", len(anchor.working_on), _by_rank(anchor), ranks))
    return rows
