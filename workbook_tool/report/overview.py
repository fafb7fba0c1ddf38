"""Overzicht: the round at a glance (regio, ronde, N, who returned what) and how to read the tables."""

from __future__ import annotations

from dataclasses import replace

from ..pages import STATUS_FORMAT, Cell, Row, Sheet
from ..status import STATUS_LABELS, GemeenteStatus
from .context import ReportContext
from .national import NATIONAL_ABOVE, where_answers

# Portrait A4: Nr., gemeente (with --namen), regio, status, share filled in, errors, warnings.
WIDTHS = [6, 22, 20, 22, 9, 7, 9]
FULL = len(WIDTHS)
REGIONAL_READING = ("Aantal: het aantal gemeenten dat het onderdeel biedt (antwoord 'Ja'). Nrs.: de nummers van die "
                    "gemeenten. Alleen geldige antwoorden tellen mee. N: de gemeenten die een vraag beantwoordden; "
                    "elke tabel noemt de gemeenten die er niet in staan.")
NATIONAL_READING = (f"Landelijke rapportage (meer dan {NATIONAL_ABOVE} gemeenten): de tabellen geven per vraag het "
                    "aantal gemeenten dat het onderdeel biedt (antwoord 'Ja') en hun aandeel in de gemeenten die de "
                    "vraag beantwoordden (N), in totaal en per regio. Alleen geldige antwoorden tellen mee. Welke "
                    "gemeente wat antwoordde, staat {where}.")


def build_overview(ctx: ReportContext) -> Sheet:
    sheet = ctx.sheet("Overzicht", WIDTHS)
    result = ctx.result
    sheet.add(Row([Cell(0, f"{result.layout.title} — {ctx.kind}", "title", FULL)]), Row())
    sheet.add(*[Row([Cell(0, label, "key", 3), Cell(3, value, "number" if isinstance(value, int) else "text", 4)])
                for label, value in _facts(ctx)], Row())
    sheet.add(*_gemeenten_rows(ctx), Row(), repeat=2)
    sheet.add(*[Row([Cell(0, note, "note", FULL)]) for note in _notes(ctx)])
    return sheet


def _gemeenten_rows(ctx: ReportContext) -> list[Row]:
    anonymous = ctx.options.anonymous
    headers = ["Nr."] + ([] if anonymous else ["Gemeente"]) + ["Regio", "Status", "Ingevuld", "Fouten",
                                                                "Waarsch."]
    spans = [1] + ([] if anonymous else [1]) + [2 if anonymous else 1, 1, 1, 1, 1]
    columns = _columns(spans)
    rows = [Row([Cell(0, "Gemeenten", "h2", FULL)]),
            Row([Cell(col, head, "header", span) for col, head, span in zip(columns, headers, spans, strict=True)])]
    statuses = _status_rows(ctx)
    for s in sorted(statuses, key=lambda s: (int(s.nummer) if str(s.nummer).isdigit() else 10**6, s.gemeente)):
        nummer = int(s.nummer) if str(s.nummer).isdigit() else "-"
        values = [nummer] + ([] if anonymous else [s.gemeente]) + [s.regio or ""]
        cells = [Cell(col, value, "count" if col == 0 else "cell", span)
                 for col, value, span in zip(columns, values, spans, strict=False)]
        col = columns[len(values)]
        cells.append(Cell(col, s.label, STATUS_FORMAT + s.status))
        if s.used and s.to_answer:
            cells += [Cell(col + 1, s.share, "percent"), Cell(col + 2, s.errors, "count"),
                      Cell(col + 3, s.warnings, "count")]
        else:
            cells += [Cell(col + i, None, "cell") for i in (1, 2, 3)]
        rows.append(Row(cells))
    return rows


def _columns(spans: list[int]) -> list[int]:
    starts, col = [], 0
    for span in spans:
        starts.append(col)
        col += span
    return starts


def _notes(ctx: ReportContext) -> list[str]:
    options = ctx.options
    statuses = _status_rows(ctx)
    reading = NATIONAL_READING.format(where=where_answers(ctx.result)) if ctx.national else REGIONAL_READING
    notes = [reading, ctx.source_note()]
    notes += [f"Niet meegenomen: gemeente {_who(ctx, s)}, {s.note}." for s in statuses if s.status == "left_out"]
    notes += [f"Nummering: {conflict}" for conflict in options.numbering_conflicts]
    if options.anonymous:
        notes.append("Gemeenten worden met een nummer aangeduid; de sleutel staat in een apart bestand.")
    return notes


def _status_rows(ctx: ReportContext) -> list[GemeenteStatus]:
    """The status of every gemeente, with the number the tables use for a gemeente in the report (the
    report's numbering may differ from the number written in a workbook)."""
    result, options = ctx.result, ctx.options
    numbers = {g.gemeente: g.nummer for g in result.gemeenten}
    if not options.status:
        return [GemeenteStatus(g.gemeente, str(g.nummer), g.regio, "complete") for g in result.gemeenten]
    return [replace(s, nummer=str(numbers[s.gemeente])) if s.gemeente in numbers else s for s in options.status]


def _who(ctx: ReportContext, s: GemeenteStatus) -> str:
    if ctx.options.anonymous:
        return s.nummer or "zonder nummer"
    return f"{s.nummer} {s.gemeente}".strip()


def _facts(ctx: ReportContext) -> list[tuple[str, str | int]]:
    result, options = ctx.result, ctx.options
    status = options.status or []
    facts: list[tuple[str, str | int]] = [
        ("Regio", ctx.regio or "-"), ("Ronde", options.ronde or "-"), ("Datum", ctx.date.strftime("%d-%m-%Y")),
        ("Vragenlijst", ctx.questionnaire),
        ("Gemeenten uitgenodigd", options.invited if options.invited is not None else "-"),
        ("Gemeenten in deze rapportage (N)", result.n)]
    if status:
        # Compleet + onvolledig + met problemen + niet op de lijst = N: exactly the gemeenten in the tables.
        counts = {k: sum(s.status == k for s in status) for k in STATUS_LABELS}
        returned = [s for s in status if s.status != "missing"]
        facts += [("Ingeleverd", len(returned)), ("Compleet", counts["complete"]),
                  ("Onvolledig", counts["incomplete"]), ("Met problemen", counts["problems"]),
                  ("Niet op de lijst (wel meegenomen)", counts["unknown"]),
                  ("Niet meegenomen (andere ronde of versie)", counts["left_out"]),
                  ("Ingeleverd maar onleesbaar", counts["unreadable"]),
                  ("Ingeleverd in een ander formaat", counts["other_format"]),
                  ("Niet ingeleverd", counts["missing"])]
    errors, warnings = options.problems
    facts.append(("Problemen bij het inlezen", f"{counted(errors, 'fout', 'fouten')}, "
                                                f"{counted(warnings, 'waarschuwing', 'waarschuwingen')}; "
                                                "per bestand, blad en cel te zien met 'workbook-tool collect'"))
    return facts


def counted(n: int, one: str, many: str) -> str:
    """'1 fout', '2 fouten', '0 fouten'."""
    return f"{n} {one if n == 1 else many}"
