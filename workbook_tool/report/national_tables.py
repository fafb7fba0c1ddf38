"""Tabellen in the national form (see national.py): per question Aantal and % in total and per regio.

A table's rows are its items (an item with several answer columns, such as Ja | Nee | Onbekend, gets a row
per column). Next to the item: Totaal, then the regio's, each an "Aantal | %" pair; % is the share of the
N that answered the question, in total or in that regio. The regio's come in groups that fit a landscape
page next to the item label and the total, the table repeated per group, so that every printed page is
whole. No Nrs.: a list of 300 numbers reads like no list at all, and is what makes the regional form's
rows taller than Excel allows; which gemeente gave which answer is on the Per gemeente sheet. Likewise
the "Anders, namelijk" texts and the answers left out of the counts are counted here and shown there.
"""

from __future__ import annotations

from collections import Counter

from ..consolidate import Table
from ..pages import FORMATS, Cell, Row, Sheet
from .context import ReportContext
from .national import Regions, groups, round_regions, where_answers

LABEL_WIDTH = 30
TOTAL_WIDTH = 10  # "342 (100%)"
REGIO_WIDTH = 8.5  # "30 (100%)"
PER_GROUP = 10  # regio's next to the label and the total on a landscape page: 30 + 10 + 10 * 8.5 characters
LIST_UP_TO = 10  # gemeenten outside a table's N: named up to this many, counted beyond


def build_national_tables(ctx: ReportContext, title: str, anchor) -> Sheet:
    """The Tabellen sheet of a landelijke rapportage; anchor(sheet id) names a pillar's first row."""
    regions = round_regions(ctx.result)
    parts = groups(regions.names, PER_GROUP)
    widest = max(map(len, parts), default=0)
    sheet = ctx.sheet(title, [LABEL_WIDTH, TOTAL_WIDTH] + [REGIO_WIDTH] * widest, landscape=True)
    full = 2 + widest
    sheet.add(Row([Cell(0, "Tabellen per vraag, in totaal en per regio", "title", full)]),
              Row([Cell(0, "Aantal: het aantal gemeenten met het antwoord (bij een afvinklijst 'Ja'), met tussen "
                           "haakjes hun aandeel in de gemeenten die de vraag beantwoordden (N), in totaal of in de "
                           f"regio. Welke gemeente wat antwoordde, staat {where_answers(ctx.result)}. "
                           + ctx.source_note(), "note", full)]))
    shares = _ShareFormats(ctx)
    current = None
    for table in ctx.result.tables:
        pillar = []
        if table.sheet is not current:
            current = table.sheet
            pillar = [Row([Cell(0, current.title, "h1", full)], anchor=anchor(current.id)), Row()]
        lines = _lines(table, regions)
        for index, group in enumerate(parts):
            rows = _group_rows(ctx, table, regions, group, lines, shares, full, first=index == 0)
            notes = _notes(ctx, table, full) if index == len(parts) - 1 else []
            sheet.add(*(pillar if index == 0 else []), *rows, *notes, Row(),
                      repeat=(len(pillar) if index == 0 else 0) + 2 + (index == 0))
    return sheet


def regio_n(table: Table, regions: Regions, regio: str) -> int:
    """The regio's gemeenten that answered the question: its N in this table."""
    return regions.size(regio) - sum(1 for nr in table.not_in if regions.of[nr] == regio)


# One line of a table: the item's label and format (None: a sub-heading), and the count in total and per regio
# (None: not asked in this column).
Line = tuple[str, str | None, int | None, Counter]


def _lines(table: Table, regions: Regions) -> list[Line]:
    """The table's lines, counted per regio once for all groups: an item per answer column, its sub-heading
    before the first item under it."""
    lines: list[Line] = []
    heading = None
    for table_row in table.rows:
        item = table_row.item
        if item.heading and item.heading != heading:
            heading = item.heading
            lines.append((heading, None, None, Counter()))
        for header, count in zip(table.headers, table_row.cells, strict=True):
            label = item.display_label if len(table.headers) == 1 else f"{item.display_label}: {header}"
            lines.append((label, "role" if item.role else "cell", count.count,
                          Counter(regions.of[nr] for nr in count.nrs)))
    return lines


def _group_rows(ctx: ReportContext, table: Table, regions: Regions, group: list[str], lines: list[Line],
                shares: _ShareFormats, full: int, first: bool) -> list[Row]:
    """The table for one group of regio's: title, (N line,) column headers, a row per line."""
    ns = [regio_n(table, regions, regio) for regio in group]
    rows = [Row([Cell(0, table.question.title, "h2", full)])]
    if first:
        rows.append(Row([Cell(0, table.section.title, "note"), Cell(1, _n_text(ctx, table), "key", full - 1)]))
    rows.append(Row([Cell(0, "Aantal (%)", "header"), Cell(1, f"Totaal (N={table.n})", "header")]
                    + [Cell(2 + i, f"{regio} (N={n})", "header") for i, (regio, n) in enumerate(zip(group, ns,
                                                                                                   strict=True))]))
    for label, fmt, total, by_regio in lines:
        if fmt is None:
            rows.append(Row([Cell(0, label, "subhead", 2 + len(group))], keep=2))
            continue
        counts = [None if total is None else by_regio[regio] for regio in group]
        rows.append(Row([Cell(0, label, fmt), shares.cell(1, total, table.n)]
                        + [shares.cell(2 + i, k, n) for i, (k, n) in enumerate(zip(counts, ns, strict=True))]))
    return rows


class _ShareFormats:
    """A count shown with its share, "12 (86%)", while the cell holds the number 12 (so that it adds up and
    sorts): one number format per whole percentage, added to the workbook when first needed."""

    def __init__(self, ctx: ReportContext):
        self.ctx = ctx

    def cell(self, col: int, count: int | None, n: int) -> Cell:
        if count is None:
            return Cell(col, "-", "count")
        if not n:
            return Cell(col, count, "count")
        return Cell(col, count, self._format(round(100 * count / n)))

    def _format(self, percent: int) -> str:
        name = f"count_{percent}pct"
        if name not in self.ctx.fonts:
            self.ctx.fonts[name] = self.ctx.fonts["count"]
            if self.ctx.book is not None:
                self.ctx.f[name] = self.ctx.book.add_format({"font_name": "Calibri", **FORMATS["count"],
                                                             "num_format": f'0" ({percent}%)"'})
        return name


def _n_text(ctx: ReportContext, table: Table) -> str:
    """'Gemeenten (N=310); 32 gemeenten beantwoordden de vraag niet' — named while they are few."""
    missing = table.not_in
    if not missing:
        return f"Gemeenten (N={table.n})"
    if len(missing) <= LIST_UP_TO:
        return f"Gemeenten (N={table.n}); niet beantwoord door gemeente {', '.join(map(ctx.gemeente_label, missing))}"
    return f"Gemeenten (N={table.n}); {len(missing)} gemeenten beantwoordden de vraag niet"


def _notes(ctx: ReportContext, table: Table, full: int) -> list[Row]:
    """After the last group: the source legend, how many explained 'Anders', what was not counted, the source."""
    notes = []
    legend = ctx.source_legend(table.question.columns)
    if legend:
        notes.append(legend)
    explained = {nr for row in table.rows for nr, _text in row.texts}
    if explained:
        notes.append(f"Anders, namelijk: {len(explained)} gemeenten lichtten hun antwoord toe; hun teksten staan "
                     f"{where_answers(ctx.result)}.")
    if table.excluded:
        who = {x.nr for x in table.excluded}
        notes.append(f"Niet meegeteld: {len(table.excluded)} ongeldige antwoorden van {len(who)} gemeenten; ze staan "
                     f"zoals gevonden {where_answers(ctx.result)}.")
    notes.append(ctx.source_note(table.n))
    return [Row([Cell(0, note, "note", full)]) for note in notes]

