"""Samenvatting: per pillar the krachten and kansen, by section, with their counts."""

from __future__ import annotations

from ..xlsxkit import POINTS_PER_LINE, print_setup
from .context import ReportContext, lines


def write_summary(ctx: ReportContext) -> None:
    ws = ctx.book.add_worksheet("Samenvatting")
    f, result = ctx.f, ctx.result
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 80)
    ws.set_column(2, 2, 12)
    ws.write(0, 0, "Samenvatting: krachten en kansen per pijler", f["title"])
    t = result.thresholds
    ws.merge_range(1, 0, 1, 2, f"Krachten: onderdelen die ten minste {t.kracht:.0%} van de gemeenten bieden. "
                               f"Kansen: onderdelen die ten hoogste {t.kans:.0%} van de gemeenten bieden. "
                               + ctx.source_note(), f["note"])
    ws.set_row(1, 32)
    row = 3
    for sheet in result.layout.sheets:
        strengths = [h for h in result.krachten if h.sheet is sheet]
        chances = [h for h in result.kansen if h.sheet is sheet]
        if not strengths and not chances:
            continue
        ws.merge_range(row, 0, row, 2, sheet.title, f["h1"])
        row += 1
        for label, group in (("Krachten", strengths), ("Kansen", chances)):
            ws.write(row, 0, label, f["h2"])
            ws.write(row, 1, "Onderdeel", f["header"])
            ws.write(row, 2, "Aantal", f["header"])
            row += 1
            if not group:
                ws.write(row, 1, "Geen", f["note"])
                row += 1
            section = None
            for h in group:
                if h.section is not section:
                    section = h.section
                    ws.write(row, 0, section.title, f["text"])
                suffix = f" ({h.column.label})" if len(h.question.columns) > 1 else ""
                ws.write_string(row, 1, h.item.label + suffix, f["cell"])
                ws.write_string(row, 2, f"{h.count} van {h.n}", f["count"])
                ws.set_row(row, POINTS_PER_LINE * lines(h.item.label + suffix, 80) + 2)
                row += 1
            row += 1
    print_setup(ws)
