"""Implementatieplan: per ankerpunt of the voorzorgscan who works on it, their answers and priorities,
and white columns the coordinator fills in with the gemeenten."""

from __future__ import annotations

from ..xlsxkit import date_validation, print_setup
from .context import ReportContext


def write_plan(ctx: ReportContext) -> None:
    ws = ctx.book.add_worksheet("Implementatieplan")
    f, result = ctx.f, ctx.result
    ws.write(0, 0, "Implementatieplan voorzorg: ankerpunten in de regio", f["title"])
    ws.merge_range(1, 0, 1, 8, "Per ankerpunt: hoeveel en welke gemeenten ermee aan de slag gaan, hun "
                               "antwoorden op de drie vragen van de voorzorgscan en de prioriteit die zij het gaven. "
                               "De witte kolommen vult u samen met de gemeenten in. " + ctx.source_note(), f["note"])
    ws.set_row(1, 45)
    answer_labels = list(dict.fromkeys(label for anchor in result.plan for label in anchor.answers))
    headers = ["Ankerpunt", "Aantal gemeenten", "Nrs.", "Prioriteit (nrs.)"] + answer_labels + \
        [item.label for item in result.plan_fields]
    row = 3
    for col, head in enumerate(headers):
        ws.write(row, col, head, f["header"])
    ws.set_row(row, 45)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 3, 14)
    ws.set_column(4, 3 + len(answer_labels), 40)
    ws.set_column(4 + len(answer_labels), len(headers) - 1, 18)
    ws.freeze_panes(row + 1, 1)
    label = ctx.gemeente_label
    for anchor in result.plan:
        row += 1
        ws.write_string(row, 0, anchor.title, f["cell"])
        ws.write_number(row, 1, len(anchor.working_on), f["count"])
        ws.write_string(row, 2, ", ".join(label(n) for n in anchor.working_on), f["cell"])
        ws.write_string(row, 3, "; ".join(f"{p}: {', '.join(label(n) for n in nrs)}"
                                          for p, nrs in sorted(anchor.priorities.items())), f["cell"])
        for offset, answer_label in enumerate(answer_labels):
            text = "\n".join(f"{label(nr)}: {value}" for nr, value in anchor.answers.get(answer_label, []))
            ws.write_string(row, 4 + offset, text, f["cell"])
        for offset, item in enumerate(result.plan_fields):
            col = 4 + len(answer_labels) + offset
            if item.columns[0].type == "date":
                ws.write_blank(row, col, None, f["edit_date"])
                ws.data_validation(row, col, row, col, date_validation())
            else:
                ws.write_blank(row, col, None, f["edit"])
        ws.set_row(row, 60)
    print_setup(ws, landscape=True)
