"""Samenvatting: per pillar the krachten and kansen, by section, with their counts out of the table's N."""

from __future__ import annotations

from ..pages import Cell, Row, Sheet
from .context import ReportContext

WIDTHS = [22, 52, 8, 8]
FULL = len(WIDTHS)


def build_summary(ctx: ReportContext) -> Sheet:
    sheet = ctx.sheet("Samenvatting", WIDTHS)
    result = ctx.result
    t = result.thresholds
    sheet.add(Row([Cell(0, "Samenvatting: krachten en kansen per pijler", "title", FULL)]),
              Row([Cell(0, f"Krachten: onderdelen die ten minste {t.kracht:.0%} van de gemeenten bieden. "
                           f"Kansen: onderdelen die ten hoogste {t.kans:.0%} van de gemeenten bieden. "
                           "N: de gemeenten die de vraag beantwoordden. " + ctx.source_note(), "note", FULL)]),
              Row())
    for pillar in result.layout.sheets:
        strengths = [h for h in result.krachten if h.sheet is pillar]
        chances = [h for h in result.kansen if h.sheet is pillar]
        if not strengths and not chances:
            continue
        title = Row([Cell(0, pillar.title, "h1", FULL)])
        for label, group in (("Krachten", strengths), ("Kansen", chances)):
            heading = [Row([Cell(0, label, "h2"), Cell(1, "Onderdeel", "header"), Cell(2, "Aantal", "header"),
                            Cell(3, "N", "header")])]
            sheet.add(*([title] if label == "Krachten" else []), *heading, *_highlight_rows(group), Row(),
                      repeat=1 + (label == "Krachten"))
    return sheet


def _highlight_rows(group) -> list[Row]:
    if not group:
        return [Row([Cell(1, "Geen", "note")])]
    rows, section = [], None
    for h in group:
        first_of_section = h.section is not section
        section = h.section
        suffix = f" ({h.column.label})" if len(h.question.columns) > 1 else ""
        rows.append(Row([Cell(0, section.title if first_of_section else "", "text"),
                         Cell(1, h.item.label + suffix, "cell"), Cell(2, h.count, "count"), Cell(3, h.n, "count")]))
    return rows
