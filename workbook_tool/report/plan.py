"""Implementatieplan: per ankerpunt of the voorzorgscan how many and which gemeenten work on it, their answers
to the voorzorgscan's three questions, each gemeente's own plan for it, and the regional plan the coordinator
fills in with the gemeenten."""

from __future__ import annotations

from ..consolidate import GemeentePlan, PlanAnchor
from ..pages import Cell, Row, Sheet
from ..xlsxkit import date_validation
from .context import ReportContext
from .national_plan import build_national_plan

WIDTHS = [24, 8, 30, 28]  # portrait: labels, then the answer across the other three columns
FULL = len(WIDTHS)
VALUE = 1  # the first column of a value
VALUE_SPAN = FULL - 1
NOT_FILLED = "(niet ingevuld)"


def build_plan(ctx: ReportContext) -> Sheet:
    if ctx.national:  # more than 40 gemeenten: see national.py
        return build_national_plan(ctx)
    sheet = ctx.sheet("Implementatieplan", WIDTHS)
    sheet.add(Row([Cell(0, "Implementatieplan voorzorg: ankerpunten in de regio", "title", FULL)]),
              Row([Cell(0, "Eerst per ankerpunt hoeveel en welke gemeenten ermee aan de slag gaan en met welke "
                           "prioriteit; daarna per ankerpunt hun antwoorden in de voorzorgscan, het plan van elke "
                           "gemeente en het regionale plan, dat u samen met de gemeenten invult (witte vakken). "
                           + ctx.source_note(), "note", FULL)]),
              Row())
    sheet.add(*_overview_rows(ctx), Row(), repeat=1)
    for anchor in ctx.result.plan:
        if anchor.working_on or anchor.priorities or anchor.plans or any(anchor.answers.values()):
            sheet.add(*_anchor_rows(ctx, anchor), repeat=1)
    return sheet


def _overview_rows(ctx: ReportContext) -> list[Row]:
    label = ctx.gemeente_label
    rows = [Row([Cell(0, "Ankerpunt", "header"), Cell(1, "Aantal", "header"), Cell(2, "Nrs.", "header"),
                 Cell(3, "Prioriteit: nrs.", "header")])]
    for anchor in ctx.result.plan:
        rows.append(Row([Cell(0, anchor.title, "cell"), Cell(1, len(anchor.working_on), "count"),
                         Cell(2, ", ".join(label(n) for n in anchor.working_on), "cell"),
                         Cell(3, _priorities(ctx, anchor), "cell")]))
    return rows


def _priorities(ctx: ReportContext, anchor: PlanAnchor) -> str:
    """'1: 2, 4; 2: 8' — per priority the gemeenten that gave this ankerpunt that priority."""
    return "; ".join(f"{p}: {', '.join(ctx.gemeente_label(n) for n in nrs)}"
                     for p, nrs in sorted(anchor.priorities.items()))


def _anchor_rows(ctx: ReportContext, anchor: PlanAnchor) -> list[Row]:
    label = ctx.gemeente_label
    working = ", ".join(label(n) for n in anchor.working_on) or "geen"
    rows = [Row([Cell(0, f"Ankerpunt: {anchor.title}", "h1", FULL)], keep=3),
            _field("Gaan ermee aan de slag", f"{len(anchor.working_on)} gemeenten: {working}"),
            _field("Prioriteit", _priorities(ctx, anchor) or "door geen gemeente gekozen")]
    rows += _scan_rows(ctx, anchor)
    for plan in anchor.plans:
        rows += _plan_rows(ctx, plan)
    if anchor.working_on or anchor.plans:
        rows += _regional_rows(ctx, anchor)
    return rows + [Row()]


def _scan_rows(ctx: ReportContext, anchor: PlanAnchor) -> list[Row]:
    """The voorzorgscan's open answers, per gemeente: what is there, what could be, what it takes."""
    by_gemeente: dict[int, list[tuple[str, str]]] = {}
    for question, entries in anchor.answers.items():
        for nr, text in entries:
            by_gemeente.setdefault(nr, []).append((question, text))
    rows = []
    for nr, answers in sorted(by_gemeente.items()):
        rows.append(Row([Cell(0, f"Gemeente {ctx.gemeente_label(nr)} — voorzorgscan", "plan_head", FULL)],
                        keep=1 + len(answers)))
        rows += [_field(question, text) for question, text in answers]
    return rows


def _plan_rows(ctx: ReportContext, plan: GemeentePlan) -> list[Row]:
    filled = [(label, value) for label, value in plan.fields if value]
    head = Row([Cell(0, f"Gemeente {ctx.gemeente_label(plan.nr)} — plan, prioriteit {plan.priority}",
                     "plan_head", FULL)], keep=1 + max(1, len(filled)))
    if not filled:
        return [head, _field("Plan", NOT_FILLED)]
    return [head] + [_field(label, value) for label, value in filled]


def _regional_rows(ctx: ReportContext, anchor: PlanAnchor) -> list[Row]:
    """The regional plan for the ankerpunt: the plan's fields as white boxes the coordinator fills in."""
    fields = ctx.result.plan_fields
    rows = [Row([Cell(0, "Regionaal plan (in te vullen door de coördinator)", "plan_head", FULL)],
                keep=1 + len(fields))]
    for item in fields:
        kind = "edit_date" if item.columns[0].type == "date" else "edit"
        rows.append(Row([Cell(0, item.label, "label"), Cell(VALUE, None, kind, VALUE_SPAN)], height=30,
                        validation=date_validation() if kind == "edit_date" else None))
    return rows


def _field(label: str, value: str) -> Row:
    return Row([Cell(0, label, "label"), Cell(VALUE, value, "cell", VALUE_SPAN)])
