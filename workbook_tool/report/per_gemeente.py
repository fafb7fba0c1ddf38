"""Per gemeente: every answer of every gemeente, item by item, coloured (Ja green, Nee red, other yellow).

Printed, a page holds the item labels and as many whole gemeente columns as fit; the row of gemeente
numbers and the label column are repeated on every page (print titles)."""

from __future__ import annotations

import math

from ..consolidate import MatrixRow, source_mark
from ..layout.model import SINGLE_COLUMN
from ..pages import Cell, Row, Sheet, landscape_width
from ..textfit import column_points, text_points, width_for
from .context import ReportContext

TITLE = "Per gemeente"
LABEL_WIDTHS = (40, 50, 64)  # narrowest, when the gemeenten need more than one page across, widest
NARROWEST, WIDEST = 6, 12  # a gemeente column: at least a number; a longer word breaks


def build_per_gemeente(ctx: ReportContext) -> Sheet:
    if ctx.national:  # more than 40 gemeenten: see national.py
        from .national_per_gemeente import build_national_per_gemeente  # it builds on this module's helpers

        return build_national_per_gemeente(ctx, TITLE)
    result = ctx.result
    numbers = [g.nummer for g in result.gemeenten]
    records = result.matrix
    columns = [_column_width(ctx, nr, records) for nr in numbers]
    widths = [_label_width(columns)] + columns
    titles = [Row([Cell(0, "Onderdeel", "header")] + [Cell(1 + i, ctx.gemeente_label(nr), "header")
                                                      for i, nr in enumerate(numbers)])]
    sheet = ctx.sheet(TITLE, widths, landscape=True, title_rows=titles, repeat_columns=1)
    first_page = sheet.columns_on_first_page()  # the title and legend span them: printed whole on page one
    sheet.setup.head = [
        Row([Cell(0, "Antwoorden per gemeente", "title", first_page)]),
        Row([Cell(0, "Groen: Ja. Rood: Nee. Geel: een ander antwoord of een getal. Grijs: niet ingevuld. "
                     "Oranje, doorgestreept: ongeldig, zoals gevonden; niet meegeteld. " + ctx.source_legend() + " "
                     + ctx.source_note(), "note", first_page)])]
    question, rows = None, []
    for record in records:
        if record.question_id != question:
            if rows:
                sheet.add(*rows, repeat=1)
            question = record.question_id
            rows = [Row([Cell(0, f"{record.sheet}: {record.question}", "h2")], keep=2)]
        label = record.item if record.column_id == SINGLE_COLUMN else f"{record.item} ({record.column})"
        cells = [Cell(0, label, "cell")]
        for index, nr in enumerate(numbers):
            value = record.value(nr)
            invalid = (record.key, nr) in result.invalid
            fmt = "invalid" if invalid else answer_format(value, record.positive)
            cells.append(Cell(1 + index, shown(value, invalid), fmt))
        rows.append(Row(cells))
    if rows:
        sheet.add(*rows, repeat=1)
    return sheet


def _label_width(columns: list[float]) -> float:
    """As wide as a landscape page leaves next to all gemeenten; when they do not fit next to the narrowest
    label, a page holds some of them and the label gets a comfortable width."""
    room = (landscape_width() - sum(column_points(w) for w in columns) - 3.96) / 5.55
    narrowest, many, widest = LABEL_WIDTHS
    return min(widest, math.floor(room)) if room >= narrowest else many


def shown(value, invalid: bool):
    """A number as a number; a source 'a) Eigen registratie/onderzoek' as (a), as in the tables; the rest as text."""
    if invalid:
        return str(value)
    if isinstance(value, (int, float)):
        return value
    return source_mark(value) or str(value)


def _column_width(ctx: ReportContext, nr: int, records: list[MatrixRow]) -> float:
    """Wide enough for the gemeente's label and its longest word, so an answer wraps between words
    ("Onbekend" stays whole); capped so that a page still holds several gemeenten. Free texts (Anders,
    namelijk) do not count: they wrap anyway."""
    words = [ctx.gemeente_label(nr)] + [w for r in records if r.type != "text"
                                        for w in str(shown(r.value(nr), False)).split()]
    return max(NARROWEST, min(WIDEST, math.ceil(width_for(max(words, key=text_points)) * 2) / 2))


def answer_format(value, positive: str) -> str:
    if value in ("", None):
        return "empty"
    if positive and value == positive:
        return "yes"
    if value in ("Nee",):
        return "no"
    return "other"
