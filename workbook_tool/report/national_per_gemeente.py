"""Per gemeente in the national form (see national.py): every answer of every gemeente, the gemeenten grouped
by regio, each regio on pages of its own.

The columns go regio by regio (the regio's name over its gemeenten); printed, a page holds the item labels
(repeated on every page) and the gemeenten of one regio, or part of them when a regio is wider than a page.
All gemeente columns have one width, wide enough for the longest word of the layout's choice lists, and a
row's height is measured from its label and, for an open question, from its longest answer only: measuring
all 342 answers of every row is what made the regional form slow at this size. A text that needs more than
Excel's highest row (409 points) is in the cell whole and shows as far as the row reaches.
"""

from __future__ import annotations

import math

from ..consolidate import MatrixRow
from ..layout.model import SINGLE_COLUMN
from ..pages import Cell, Row, Sheet
from ..textfit import MAX_ROW_HEIGHT, column_points, row_height, width_for, wrapped_lines
from .context import ReportContext
from .national import Regions, round_regions
from .per_gemeente import answer_format, shown

LABEL_WIDTH = 60  # the item labels on one or two lines; a page then holds 7 gemeenten, a regio of 14 on two
NARROWEST, WIDEST = 6, 12


def build_national_per_gemeente(ctx: ReportContext, title: str) -> Sheet:
    regions = round_regions(ctx.result)
    order = sorted(regions.of, key=lambda nr: (regions.names.index(regions.of[nr]), nr))
    width = _column_width(ctx, order)
    widths = [LABEL_WIDTH] + [width] * len(order)
    starts = _group_starts(order, regions)
    sheet = ctx.sheet(title, widths, landscape=True, repeat_columns=1,
                      group_starts=frozenset(col for _regio, col, _span in starts))
    # The regio over its gemeenten, on every page across it spans: a regio wider than a page is named twice.
    sheet.setup.title_rows = [
        Row([Cell(0, "Regio", "header")] + [Cell(col, f"{regio} (n={regions.size(regio)})", "header", span)
                                            for regio, col, span in _on_pages(starts, sheet.column_pages())]),
        Row([Cell(0, "Onderdeel", "header")] + [Cell(1 + i, ctx.gemeente_label(nr), "header")
                                                for i, nr in enumerate(order)])]
    first_page = sheet.columns_on_first_page()
    sheet.setup.head = [
        Row([Cell(0, "Antwoorden per gemeente, per regio", "title", first_page)]),
        Row([Cell(0, "Per regio de antwoorden van haar gemeenten. Groen: Ja. Rood: Nee. Geel: een ander antwoord "
                     "of een getal. Grijs: niet ingevuld. Oranje, doorgestreept: ongeldig, zoals gevonden; niet "
                     "meegeteld. " + ctx.source_legend() + " " + ctx.source_note(), "note", first_page)])]
    invalid: dict[str, set[int]] = {}
    for key, nr in ctx.result.invalid:
        invalid.setdefault(key, set()).add(nr)
    question, rows = None, []
    for record in ctx.result.matrix:
        if record.question_id != question:
            if rows:
                sheet.add(*rows, repeat=1)
            question = record.question_id
            rows = [Row([Cell(0, f"{record.sheet}: {record.question}", "h2")], keep=2)]
        rows.append(_answer_row(sheet, record, order, invalid.get(record.key, set())))
    if rows:
        sheet.add(*rows, repeat=1)
    return sheet


def _group_starts(order: list[int], regions: Regions) -> list[tuple[str, int, int]]:
    """(regio, its first column, its number of columns) in column order."""
    starts: list[tuple[str, int, int]] = []
    for index, nr in enumerate(order):
        regio = regions.of[nr]
        if starts and starts[-1][0] == regio:
            starts[-1] = (regio, starts[-1][1], starts[-1][2] + 1)
        else:
            starts.append((regio, 1 + index, 1))
    return starts


def _on_pages(starts: list[tuple[str, int, int]], pages: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """The regio's column ranges cut at the pages across: (regio, first column, columns) per page it is on."""
    cut = []
    for regio, first, span in starts:
        for page_first, page_end in pages:
            low, high = max(first, page_first), min(first + span, page_end)
            if low < high:
                cut.append((regio, low, high - low))
    return cut


def _column_width(ctx: ReportContext, order: list[int]) -> float:
    """One width for every gemeente: the longest word of the answers' choice lists ("Onbekend") or number label
    on one line (the plan's list of ankerpunten is not in this sheet)."""
    layout = ctx.result.layout
    lists = {column.choices for sheet in layout.sheets for question in sheet.questions if question.kind != "fields"
             for column in question.columns if column.type == "choice" and column.choices}
    words = [w for name in lists for choice in layout.choice_lists[name] for w in str(shown(choice, False)).split()]
    words += [str(nr) for nr in order] if ctx.options.anonymous else []
    longest = max((width_for(w) for w in words), default=NARROWEST)
    return max(NARROWEST, min(WIDEST, math.ceil(longest * 2) / 2))


def _answer_row(sheet: Sheet, record: MatrixRow, order: list[int], invalid: set[int]) -> Row:
    """The record's answers in the order of the columns, at a height from the label and the longest text."""
    label = record.item if record.column_id == SINGLE_COLUMN else f"{record.item} ({record.column})"
    values, formats = [], []
    seen: dict[object, tuple[object, str]] = {}  # a row holds a few distinct answers 342 times: work each out once
    for nr in order:
        value = record.values.get(nr, "")
        if nr in invalid:
            values.append(shown(value, True))
            formats.append("invalid")
            continue
        if value not in seen:
            seen[value] = (shown(value, False), answer_format(value, record.positive))
        values.append(seen[value][0])
        formats.append(seen[value][1])
    return Row([Cell(0, label, "cell")], height=_height(sheet, label, record), plain=(1, values, formats))


def _height(sheet: Sheet, label: str, record: MatrixRow) -> float:
    lines = wrapped_lines(label, column_points(LABEL_WIDTH), 11, False)
    if record.type == "text" and record.values:
        longest = max((str(v) for v in record.values.values()), key=len)
        lines = max(lines, wrapped_lines(longest, column_points(sheet.widths[1]), 11, False))
    return min(MAX_ROW_HEIGHT, row_height(lines, 11, sheet.program))
