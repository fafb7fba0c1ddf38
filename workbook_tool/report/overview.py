"""Overzicht: the round at a glance (regio, ronde, N, who returned what) and how to read the tables."""

from __future__ import annotations

from dataclasses import replace

from ..status import STATUS_LABELS, GemeenteStatus
from ..xlsxkit import print_setup
from .context import ReportContext


def write_overview(ctx: ReportContext) -> None:
    ws = ctx.book.add_worksheet("Overzicht")
    f, result, options = ctx.f, ctx.result, ctx.options
    ws.set_column(0, 0, 44)  # the longest fact label: "Niet meegenomen (andere ronde of versie)"
    ws.set_column(1, 1, 34)
    ws.set_column(2, 7, 15)
    ws.write(0, 0, f"{result.layout.title} — regionale rapportage", f["title"])
    row = 2
    for label, value in _facts(ctx):
        ws.write(row, 0, label, f["key"])
        ws.write_string(row, 1, value, f["text"])
        row += 1
    row += 1
    ws.write(row, 0, "Gemeenten", f["h2"])
    row += 1
    headers = ["Nr."] + ([] if options.anonymous else ["Gemeente"]) + ["Regio", "Status", "Ingevuld", "Fouten",
                                                                       "Waarschuwingen"]
    for col, head in enumerate(headers):
        ws.write(row, col, head, f["header"])
    row += 1
    rows = _status_rows(ctx)
    for s in sorted(rows, key=lambda s: (int(s.nummer) if str(s.nummer).isdigit() else 10**6, s.gemeente)):
        values = [s.nummer or "-"] + ([] if options.anonymous else [s.gemeente]) + [s.regio or ""]
        for col, value in enumerate(values):
            ws.write_string(row, col, str(value), f["cell"])
        col = len(values)
        ws.write_string(row, col, s.label, ctx.status_fill[s.status])
        if s.used and s.to_answer:
            ws.write_number(row, col + 1, s.share, f["percent"])
            ws.write_number(row, col + 2, s.errors, f["count"])
            ws.write_number(row, col + 3, s.warnings, f["count"])
        row += 1
    row += 1
    notes = ["Aantal: het aantal gemeenten dat het onderdeel biedt (antwoord 'Ja'). Nrs.: de nummers van die "
             "gemeenten. Alleen geldige antwoorden tellen mee.", ctx.source_note()]
    notes += [f"Niet meegenomen: gemeente {_who(ctx, s)}, {s.note}." for s in rows if s.status == "left_out"]
    notes += [f"Nummering: {conflict}" for conflict in options.numbering_conflicts]
    if options.anonymous:
        notes.append("Gemeenten worden met een nummer aangeduid; de sleutel staat in een apart bestand.")
    for note in notes:
        ws.merge_range(row, 0, row, 6, note, f["note"])
        ws.set_row(row, 30)
        row += 1
    print_setup(ws)


def _status_rows(ctx: ReportContext) -> list[GemeenteStatus]:
    """The status of every gemeente, with the number the tables use for a gemeente in the report (the
    report's numbering may differ from the number written in a workbook)."""
    result, options = ctx.result, ctx.options
    numbers = dict(zip(result.gemeenten["gemeente"], result.gemeenten["nummer"], strict=True))
    if not options.status:
        return [GemeenteStatus(g, str(numbers[g]), r, "complete")
                for g, r in zip(result.gemeenten["gemeente"], result.gemeenten["regio"], strict=True)]
    return [replace(s, nummer=str(numbers[s.gemeente])) if s.gemeente in numbers else s for s in options.status]


def _who(ctx: ReportContext, s: GemeenteStatus) -> str:
    if ctx.options.anonymous:
        return s.nummer or "zonder nummer"
    return f"{s.nummer} {s.gemeente}".strip()


def _facts(ctx: ReportContext) -> list[tuple[str, str]]:
    result, options = ctx.result, ctx.options
    regions = sorted({r for r in result.gemeenten["regio"].fillna("") if r})
    status = options.status or []
    facts = [("Regio", options.regio or ", ".join(regions) or "-"), ("Ronde", options.ronde or "-"),
             ("Datum", ctx.date.strftime("%d-%m-%Y")),
             ("Vragenlijst", f"{result.layout.id} versie {result.layout.version}"),
             ("Gemeenten uitgenodigd", str(options.invited) if options.invited is not None else "-"),
             ("Gemeenten in deze rapportage (N)", str(result.n))]
    if status:
        # Compleet + onvolledig + met problemen + niet op de lijst = N: exactly the gemeenten in the tables.
        counts = {k: sum(s.status == k for s in status) for k in STATUS_LABELS}
        returned = [s for s in status if s.status != "missing"]
        facts += [("Ingeleverd", str(len(returned))), ("Compleet", str(counts["complete"])),
                  ("Onvolledig", str(counts["incomplete"])), ("Met problemen", str(counts["problems"])),
                  ("Niet op de lijst (wel meegenomen)", str(counts["unknown"])),
                  ("Niet meegenomen (andere ronde of versie)", str(counts["left_out"])),
                  ("Ingeleverd maar onleesbaar", str(counts["unreadable"])),
                  ("Ingeleverd in een ander formaat", str(counts["other_format"])),
                  ("Niet ingeleverd", str(counts["missing"]))]
    errors, warnings = options.problems
    facts.append(("Problemen bij het inlezen", f"{errors} fouten, {warnings} waarschuwingen "
                                                "(zie het statuswerkboek van collect)"))
    return facts
