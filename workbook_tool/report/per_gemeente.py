"""Per gemeente: every answer of every gemeente, item by item, coloured (Ja green, Nee red, other yellow)."""

from __future__ import annotations

from ..layout.model import SINGLE_COLUMN
from ..xlsxkit import POINTS_PER_LINE, print_setup
from .context import ReportContext, lines


def write_per_gemeente(ctx: ReportContext) -> None:
    ws = ctx.book.add_worksheet("Per gemeente")
    f, result = ctx.f, ctx.result
    numbers = list(result.gemeenten["nummer"])
    ws.write(0, 0, "Antwoorden per gemeente", f["title"])
    ws.write(1, 0, "Groen: Ja. Rood: Nee. Geel: een ander antwoord of een getal. Grijs: niet ingevuld. "
                   "Oranje, doorgestreept: ongeldig, zoals gevonden; niet meegeteld. " + ctx.source_note(), f["note"])
    ws.set_column(0, 0, 60)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2 + len(numbers), 6 if ctx.options.anonymous else 12)
    headers = ["Onderdeel", "Kolom"] + [ctx.gemeente_label(n) for n in numbers]
    row = 3
    for col, head in enumerate(headers):
        ws.write(row, col, head, f["header"])
    ws.freeze_panes(row + 1, 2)
    row += 1
    question = None
    for values in result.matrix.to_dict(orient="records"):
        if values["question_id"] != question:
            question = values["question_id"]
            ws.merge_range(row, 0, row, len(headers) - 1, f"{values['sheet']}: {values['question']}", f["h2"])
            row += 1
        ws.write_string(row, 0, values["item"], f["cell"])
        ws.write_string(row, 1, "" if values["column_id"] == SINGLE_COLUMN else values["column"], f["cell"])
        ws.set_row(row, POINTS_PER_LINE * lines(values["item"], 60) + 2)
        for index, nr in enumerate(numbers):
            value = values[nr]
            invalid = (values["key"], nr) in result.invalid
            fmt = f["invalid"] if invalid else _answer_format(f, value, values["positive"])
            if isinstance(value, (int, float)) and not invalid:
                ws.write_number(row, 2 + index, value, fmt)
            else:
                ws.write_string(row, 2 + index, str(value), fmt)
        row += 1
    print_setup(ws, landscape=True)


def _answer_format(f, value, positive: str):
    if value in ("", None):
        return f["empty"]
    if positive and value == positive:
        return f["yes"]
    if value in ("Nee",):
        return f["no"]
    return f["other"]
