"""The answers of a region -> its tables: counts with gemeente numbers per question, krachten and kansen,
per-gemeente matrices, counts per regio and the implementation plan. Pure computation, no I/O, and no
pandas: the answers are read once, straight from the returns (or from an export's long frame), into one
lookup per answer cell, so memory grows with the gemeenten and not with copies of their answers.

"Aantal" is the number of gemeenten whose answer is the first choice of the column's list (Ja); "Nrs."
are their numbers, as in the published report. For a table question whose first column is a choice
(Ja / Nee / Onbekend), every choice gets its count and numbers, with the gemeente's detail values
("1: 2665"). For a table of numbers, Aantal counts the gemeenten that gave a number.

N per table: a table's N (Table.n) is the number of gemeenten that answered its question, i.e. gave at least
one valid value (an answer that failed its check does not count, see _invalid) in any answer cell of any of
its items, an "Anders, namelijk" text included. A gemeente that left a whole question empty (say, it filled
only the Bestaanscondities sheet) is left out of that table's N and listed in Table.not_in, so it does not
turn a kracht into "1 van 3". Krachten and kansen are shares of that N.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import READ_CODES
from .gemeenten import Gemeente, report_numbers
from .layout.model import NAMELIJK, Column, Item, Layout, Question, Section, Sheet, answer_key
from .values import EPOCH_1900

if TYPE_CHECKING:
    import pandas as pd

    from .read import ReturnFile


@dataclass(frozen=True)
class Thresholds:
    """An item is a kracht when at least `kracht` of the gemeenten offer it, a kans when at most `kans`."""

    kracht: float = 0.75
    kans: float = 0.34


@dataclass
class Count:
    """One "Aantal | Nrs." cell: None as count means the item is not asked in this column."""

    count: int | None
    nrs: list[int] = field(default_factory=list)
    details: dict[int, str] = field(default_factory=dict)

    def nrs_text(self) -> str:
        if self.count is None:
            return "-"
        if not self.nrs:
            return "0" if not self.details else ""
        return ", ".join(f"{n}: {self.details[n]}" if self.details.get(n) else str(n) for n in self.nrs)


@dataclass
class Row:
    item: Item
    cells: list[Count]
    texts: list[tuple[int, str]] = field(default_factory=list)  # "Anders, namelijk" texts with their number


@dataclass(frozen=True)
class Excluded:
    """An answer left out of the counts: its value failed its check."""

    nr: int
    item: Item
    column: Column
    value_as_found: str
    code: str

    @property
    def reason(self) -> str:
        return invalid_reason(self.code)


@dataclass
class Table:
    """One question in the form of the published report."""

    sheet: Sheet
    section: Section
    question: Question
    headers: list[str]  # one per Count column, e.g. ["Aantal"] or ["Ja", "Nee", "Onbekend"]
    rows: list[Row]
    n: int  # the gemeenten that answered this question (see the module docstring), not all in the report
    excluded: list[Excluded] = field(default_factory=list)  # answers not counted because they are invalid
    not_in: list[int] = field(default_factory=list)  # report numbers of the gemeenten outside this N, sorted

    def row(self, item_id: str) -> Row:
        return next(r for r in self.rows if r.item.id == item_id)


@dataclass
class Highlight:
    sheet: Sheet
    section: Section
    question: Question
    item: Item
    column: Column
    count: int
    n: int


@dataclass
class GemeentePlan:
    """One gemeente's plan for one ankerpunt (a priority of its implementatieplan)."""

    nr: int
    priority: int
    # (item label, value as text; "" when not filled), in layout order, without the ankerpunt item
    fields: list[tuple[str, str]]


@dataclass
class PlanAnchor:
    """An ankerpunt of the voorzorgscan across the region."""

    title: str
    working_on: list[int]  # gemeenten that will work on it
    answers: dict[str, list[tuple[int, str]]]  # open question label -> [(nr, text)]
    priorities: dict[int, list[int]]  # priority 1..5 -> gemeenten that gave it that priority
    plans: list[GemeentePlan] = field(default_factory=list)  # each gemeente's plan texts, by (priority, nr)


@dataclass(frozen=True)
class ReportGemeente:
    """A gemeente in the report: its number there, its name and its regio ("" when unknown)."""

    nummer: int
    gemeente: str
    regio: str = ""


@dataclass
class MatrixRow:
    """One answer cell of the layout across the gemeenten (the Per gemeente sheet, the terugkoppeling)."""

    key: str
    sheet: str
    question_id: str
    question: str
    item_id: str
    item: str
    column_id: str
    column: str
    type: str
    positive: str  # the column's positive choice (Ja), "" when it has none
    values: dict[int, object]  # nummer -> the answer; an invalid answer as found; absent: not answered

    def value(self, nr: int) -> object:
        return self.values.get(nr, "")


@dataclass
class RegionRow:
    """One checklist item column across the regio's (the Regio's sheet)."""

    sheet: str
    section: str
    question_id: str
    question: str
    item_id: str
    item: str
    column_id: str
    column: str
    counts: dict[str, int | None]  # regio -> its gemeenten with the positive answer; None: not asked here
    answered: dict[str, int]  # regio -> its gemeenten that answered the question (the table's N per regio)


@dataclass
class Consolidation:
    layout: Layout
    gemeenten: list[ReportGemeente]  # sorted by number
    tables: list[Table]
    krachten: list[Highlight]
    kansen: list[Highlight]
    matrix: list[MatrixRow]  # every answer cell of the checklist and table questions, in layout order
    regions: list[RegionRow] | None  # None with fewer than two regio's
    plan: list[PlanAnchor]
    plan_fields: list[Item]
    thresholds: Thresholds
    numbering_conflicts: list[str] = field(default_factory=list)  # Dutch, shown in the report and by the CLI
    invalid: set[tuple[str, int]] = field(default_factory=set)  # (answer key, nr): in the matrix as found, not counted
    regio_sizes: dict[str, int] = field(default_factory=dict)  # regio -> its gemeenten in the report

    @property
    def n(self) -> int:
        return len(self.gemeenten)

    def gemeente(self, name: str) -> ReportGemeente:
        return next(g for g in self.gemeenten if g.gemeente == name)

    def table(self, question_id: str) -> Table:
        return next(t for t in self.tables if t.question.id == question_id)

    def tables_with_smaller_n(self) -> list[Table]:
        """The tables some gemeente of the report did not answer, in layout order."""
        return [t for t in self.tables if t.not_in]


Person = tuple[str, str, str]  # gemeente, the number its workbook gives ("" if none), regio


def consolidate(answers: pd.DataFrame | Iterable[ReturnFile], layout: Layout, thresholds: Thresholds = Thresholds(),
                listed: Iterable[Gemeente] = ()) -> Consolidation:
    """Every table of the regional report from the answers of one layout version (one return per gemeente):
    the used returns themselves (collect's CollectResult.used), or the long answers frame of an export;
    listed: the gemeenten list, whose numbers the report uses."""
    source = _FrameAnswers(answers, layout) if hasattr(answers, "columns") else _ReturnAnswers(list(answers), layout)
    gemeenten, conflicts = gemeente_numbers(source.people(), listed)
    numbers = {g.gemeente: g.nummer for g in gemeenten}
    values, invalid = _lookups(source, numbers)
    numbers_in_report = [g.nummer for g in gemeenten]
    tables = [_table(layout, sheet, section, question, values, numbers_in_report, invalid)
              for sheet in layout.sheets for section in sheet.sections for question in section.questions
              if question.kind != "fields"]
    krachten, kansen = _highlights(layout, tables, thresholds)
    plan, plan_fields = _plan(layout, values)
    sizes = _regio_sizes(gemeenten)
    return Consolidation(layout=layout, gemeenten=gemeenten, tables=tables, krachten=krachten, kansen=kansen,
                         matrix=_matrix(layout, values, invalid), regions=_regions(tables, gemeenten, sizes),
                         plan=plan, plan_fields=plan_fields, thresholds=thresholds, numbering_conflicts=conflicts,
                         invalid={(key, nr) for key, found in invalid.items() for nr in found}, regio_sizes=sizes)


def gemeente_numbers(people: Iterable[Person], listed: Iterable[Gemeente] = ()
                     ) -> tuple[list[ReportGemeente], list[str]]:
    """Each gemeente once (its first appearance), with its number in the report (gemeenten.report_numbers),
    sorted by that number; and the numbering conflicts (Dutch)."""
    first: dict[str, Person] = {}
    for person in people:
        first.setdefault(person[0], person)
    numbering = report_numbers(((name, str(nr)) for name, nr, _regio in first.values()), listed)
    gemeenten = [ReportGemeente(int(numbering.numbers[name]), name, regio or "")
                 for name, _nr, regio in first.values()]
    return sorted(gemeenten, key=lambda g: g.nummer), numbering.conflicts


class _ReturnAnswers:
    """The answers of the used returns of one layout version, read where they are (nothing copied)."""

    def __init__(self, returns: list[ReturnFile], layout: Layout):
        self.returns = [r for r in returns if r.layout is not None
                        and (r.layout.id, r.layout.version) == (layout.id, layout.version)]

    def people(self) -> Iterator[Person]:
        for ret in self.returns:
            yield ret.identity.gemeente, ret.identity.gemeente_nr, ret.identity.regio

    def rows(self) -> Iterator[tuple[str, str, Any, str, str]]:
        """(gemeente, answer key, value, value as found, problem code) of every answer cell."""
        for ret in self.returns:
            gemeente = ret.identity.gemeente
            for answer in ret.answers:
                yield gemeente, answer.field.key, answer.value, answer.value_as_found, answer.problem


class _FrameAnswers:
    """The long answers frame of an export (collect's EXPORT_COLUMNS), rows of this layout version."""

    def __init__(self, frame: pd.DataFrame, layout: Layout):
        self.frame = frame[(frame["layout_id"] == layout.id) & (frame["layout_version"] == layout.version)]

    def people(self) -> Iterator[Person]:
        frame = self.frame
        return zip(frame["gemeente"], frame["gemeente_nr"].astype(str), frame["regio"].fillna(""), strict=True)

    def rows(self) -> Iterator[tuple[str, str, Any, str, str]]:
        frame = self.frame
        keys = map(answer_key, frame["question_id"], frame["item_id"], frame["column"])
        return zip(frame["gemeente"], keys, frame["value"], frame["value_as_found"], frame["problem"], strict=True)


Values = dict[str, dict[int, object]]  # answer key -> {gemeente number: value}
Invalid = dict[str, dict[int, tuple[str, str]]]  # answer key -> {gemeente number: (value as found, problem code)}

# Answers whose value failed its check (an error: not in the list, not a number, ...) are not counted: Aantal
# counts valid answers only; the report shows them as found, marked.
INVALID_CODES = frozenset(code for code, (severity, _) in READ_CODES.items() if severity == "error")


def _lookups(source: _ReturnAnswers | _FrameAnswers, numbers: dict[str, int]) -> tuple[Values, Invalid]:
    """One pass over the answers: the valid, filled ones by answer key and number; the invalid ones apart."""
    values: Values = defaultdict(dict)
    invalid: Invalid = defaultdict(dict)
    for gemeente, key, value, found, code in source.rows():
        if code in INVALID_CODES:
            invalid[key][numbers[gemeente]] = (found, code)
        elif value is not None and value != "":
            values[key][numbers[gemeente]] = value
    return values, invalid


def invalid_reason(code: str) -> str:
    """'de waarde staat niet in de keuzelijst': the catalogue's words, as a clause."""
    text = READ_CODES[code][1].rstrip(".")
    return text[:1].lower() + text[1:]


def _table(layout: Layout, sheet: Sheet, section: Section, question: Question, values: Values,
           numbers_in_report: list[int], invalid: Invalid) -> Table:
    category = _category_column(question)
    if question.kind == "checklist":
        headers = [c.label for c in question.columns] if len(question.columns) > 1 else ["Aantal"]
        rows = [_checklist_row(layout, question, item, values) for item in question.items]
    elif category is not None:
        headers = list(layout.choices_of(category))
        rows = [_category_row(layout, question, item, category, values) for item in question.items]
    else:
        headers = ["Aantal"]
        rows = [_values_row(question, item, values) for item in question.items]
    excluded = [Excluded(nr, item, column, found, code) for item in question.items for column in item.columns
                for nr, (found, code) in sorted(invalid.get(question.key(item, column.id), {}).items())]
    answered = _answered(question, values)
    not_in = sorted(int(nr) for nr in numbers_in_report if nr not in answered)
    return Table(sheet, section, question, headers, rows, len(answered), excluded, not_in)


def _answered(question: Question, values: Values) -> set[int]:
    """The gemeenten with at least one valid value in any answer cell of the question (an "Anders, namelijk"
    text is a column of its item). values holds only valid, filled answers: an invalid one does not count."""
    keys = {question.key(item, column.id) for item in question.items for column in item.columns}
    return {nr for key in keys for nr in values.get(key, {})}


def _category_column(question: Question) -> Column | None:
    first = question.columns[0] if question.columns else None
    return first if first is not None and first.type == "choice" else None


def _checklist_row(layout: Layout, question: Question, item: Item, values: Values) -> Row:
    cells = []
    for column in question.columns:
        if column not in item.columns:
            cells.append(Count(None))
            continue
        positive = layout.positive_choice(column)
        answered = values.get(question.key(item, column.id), {})
        nrs = sorted(nr for nr, value in answered.items() if value == positive)
        cells.append(Count(len(nrs), nrs))
    texts = sorted((nr, str(text)) for nr, text in values.get(question.key(item, NAMELIJK), {}).items())
    return Row(item, cells, texts)


def _category_row(layout: Layout, question: Question, item: Item, category: Column, values: Values) -> Row:
    answered = values.get(question.key(item, category.id), {})
    details = {nr: _detail(question, item, nr, values, skip=category.id) for nr in answered}
    cells = []
    for choice in layout.choices_of(category):
        nrs = sorted(nr for nr, value in answered.items() if value == choice)
        cells.append(Count(len(nrs), nrs, {nr: details[nr] for nr in nrs if details[nr]}))
    return Row(item, cells)


def _values_row(question: Question, item: Item, values: Values) -> Row:
    first = item.columns[0]
    answered = values.get(question.key(item, first.id), {})
    nrs = sorted(answered)
    return Row(item, [Count(len(nrs), nrs, {nr: _detail(question, item, nr, values) for nr in nrs})])


def _detail(question: Question, item: Item, nr: int, values: Values, skip: str = "") -> str:
    """A gemeente's detail for the Nrs. column: '12 (a) registratie bij woningcorporaties'."""
    parts = []
    for column in item.columns:
        if column.id == skip:
            continue
        value = values.get(question.key(item, column.id), {}).get(nr)
        if value in (None, ""):
            continue
        text = _format_number(value) if column.type == "number" else str(value)
        if column.type == "number" and item.unit:
            text = f"{text} {item.unit}"
        if column.type == "choice":
            text = source_mark(text) or text
        parts.append(text)
    return " ".join(parts)


def source_mark(value: object) -> str | None:
    """'(a)' for a lettered choice such as a source 'a) Eigen registratie/onderzoek', as the published report
    prints it; None for any other value."""
    text = str(value)
    return f"({text[0]})" if re.match(r"^[a-z]\)", text) else None


def _format_number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def counted_checklist_cells(tables: Iterable[Table]) -> Iterator[tuple[Table, Row, int, Column, Count]]:
    """Every counted cell of the checklist items that can be a kracht, a kans or a difference (not Anders,
    Geen van bovenstaande, Onbekend; not a column the item is not asked in): table, row, column index,
    column and count. One walk for the Samenvatting, the concept report and the terugkoppeling."""
    for table in tables:
        if table.question.kind != "checklist":
            continue
        for row in table.rows:
            if row.item.role:
                continue
            for index, (column, cell) in enumerate(zip(table.question.columns, row.cells, strict=True)):
                if cell.count is not None:
                    yield table, row, index, column, cell


def _highlights(layout: Layout, tables: list[Table], thresholds: Thresholds) -> tuple[list[Highlight], list[Highlight]]:
    krachten, kansen = [], []
    for table, row, _index, column, cell in counted_checklist_cells(t for t in tables if t.n):
        share = cell.count / table.n
        highlight = Highlight(table.sheet, table.section, table.question, row.item, column, cell.count, table.n)
        if share >= thresholds.kracht:
            krachten.append(highlight)
        elif share <= thresholds.kans:
            kansen.append(highlight)
    order = {s.id: i for i, s in enumerate(layout.sheets)}
    sections = {id(sec): i for s in layout.sheets for i, sec in enumerate(s.sections)}
    krachten.sort(key=lambda h: (order[h.sheet.id], sections[id(h.section)], -h.count))
    kansen.sort(key=lambda h: (order[h.sheet.id], sections[id(h.section)], h.count))
    return krachten, kansen


def _matrix(layout: Layout, values: Values, invalid: Invalid) -> list[MatrixRow]:
    """Items x gemeenten: every answer of every checklist and table question after checking; an invalid
    answer as found (Consolidation.invalid says which). A cell without invalid answers shares its values
    with the lookup the tables were counted from, so the matrix costs no copy of the answers."""
    rows = []
    for sheet in layout.sheets:
        for question in sheet.questions:
            if question.kind == "fields":
                continue
            for item in question.items:
                for column in item.columns:
                    key = question.key(item, column.id)
                    answered = values.get(key, {})
                    if key in invalid:
                        answered = {**answered, **{nr: found for nr, (found, _) in invalid[key].items()}}
                    rows.append(MatrixRow(key, sheet.title, question.id, question.title, item.id, item.label,
                                          column.id, column.label, column.type, layout.positive_choice(column) or "",
                                          answered))
    return rows


def _regio_sizes(gemeenten: list[ReportGemeente]) -> dict[str, int]:
    """Each regio's gemeenten in the report, in sorted order of the regio's name."""
    sizes: dict[str, int] = {}
    for regio in sorted(g.regio for g in gemeenten):
        sizes[regio] = sizes.get(regio, 0) + 1
    return sizes


def _regions(tables: list[Table], gemeenten: list[ReportGemeente], sizes: dict[str, int]) -> list[RegionRow] | None:
    """Counts per regio for every checklist item: one row per item and column.

    counts: how many of the regio's gemeenten gave the positive answer (the report's header "Regio 1 (n=6)"
    gives the regio's gemeenten in the report, as in the published report); answered: how many of them
    answered this question (the table's N, per regio), the same on every row of a question; it is smaller
    than the regio's size when a gemeente of the regio left the question empty. None when the report has
    one regio."""
    if len(sizes) < 2:
        return None
    regio_of = {g.nummer: g.regio for g in gemeenten}
    rows = []
    for table in tables:
        if table.question.kind != "checklist":
            continue
        answered = dict(sizes)
        for nr in table.not_in:
            answered[regio_of[nr]] -= 1
        for row in table.rows:
            for column, cell in zip(table.question.columns, row.cells, strict=True):
                counts: dict[str, int | None] = dict.fromkeys(sizes, None if cell.count is None else 0)
                for nr in cell.nrs if cell.count is not None else ():
                    counts[regio_of[nr]] += 1
                rows.append(RegionRow(table.sheet.title, table.section.title, table.question.id, table.question.title,
                                      row.item.id, row.item.label, column.id, column.label, counts, answered))
    return rows


def _plan(layout: Layout, values: Values) -> tuple[list[PlanAnchor], list[Item]]:
    """The voorzorgscan across the region: per ankerpunt who works on it, their answers, their priorities.

    Found from the layout's structure, not from ids: the plan questions are 'fields' questions with an
    item chosen from a list of section titles; those sections (one per ankerpunt) hold the scan."""
    for list_id, sheet_id in layout.section_lists.items():
        plan_questions = [(q, i) for s in layout.sheets for q in s.questions if q.kind == "fields"
                          for i in q.items if i.columns[0].choices == list_id]
        if not plan_questions:
            continue
        scan_sheet = layout.sheet(sheet_id)
        anchors = []
        for section in scan_sheet.sections:
            working, answers = [], {}
            for question in section.questions:
                for item in question.items:
                    column = item.columns[0]
                    answered = values.get(question.key(item, column.id), {})
                    if column.type == "choice":
                        positive = layout.positive_choice(column)
                        working += [nr for nr, value in answered.items() if value == positive]
                    else:
                        answers[item.label] = sorted((nr, str(v)) for nr, v in answered.items())
            priorities: dict[int, list[int]] = {}
            for rank, (question, item) in enumerate(plan_questions, start=1):
                chosen = values.get(question.key(item, item.columns[0].id), {})
                nrs = sorted(nr for nr, value in chosen.items() if value == section.title)
                if nrs:
                    priorities[rank] = nrs
            plans = _gemeente_plans(plan_questions, section.title, values)
            anchors.append(PlanAnchor(section.title, sorted(set(working)), answers, priorities, plans))
        anchors.sort(key=lambda a: (min(a.priorities, default=99), -sum(len(v) for v in a.priorities.values()),
                                    -len(a.working_on)))
        first_question, anchor_item = plan_questions[0]
        fields = [i for i in first_question.items if i is not anchor_item]
        return anchors, fields
    return [], []


def _gemeente_plans(plan_questions: list[tuple[Question, Item]], title: str, values: Values) -> list[GemeentePlan]:
    """Every plan written for the ankerpunt titled title: one per gemeente and priority that chose it, so a
    gemeente that chose it at two priorities has two plans. Sorted by (priority, nr)."""
    plans = []
    for priority, (question, anchor_item) in enumerate(plan_questions, start=1):
        chosen = values.get(question.key(anchor_item, anchor_item.columns[0].id), {})
        for nr in sorted(nr for nr, value in chosen.items() if value == title):
            fields = [(item.label, _plan_text(item.columns[0], values.get(question.key(item, item.columns[0].id),
                                                                          {}).get(nr)))
                      for item in question.items if item is not anchor_item]
            plans.append(GemeentePlan(int(nr), priority, fields))
    return plans


def _plan_text(column: Column, value: object) -> str:
    """A plan answer as the report prints it: a date as dd-mm-yyyy, a number without ".0", text as typed."""
    if value is None or value == "":
        return ""
    if column.type == "date":
        return _date_text(value)
    if column.type == "number":
        return _format_number(value)
    return str(value)


def _date_text(value: object) -> str:
    """dd-mm-yyyy for a date answer. The answers frame holds a checked date as ISO text ("2026-05-01", or
    with a time when the cell had one); a date or an Excel day number is accepted too, for frames built
    elsewhere. Anything else is printed as it is rather than lost."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = EPOCH_1900 + dt.timedelta(days=float(value))
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d-%m-%Y")
    return str(value)
