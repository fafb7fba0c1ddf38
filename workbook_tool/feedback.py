"""Terugkoppeling per gemeente: for every gemeente of a consolidated round a printable workbook with its own
answers beside the regional counts, where it differs from most of the region, its voorzorgscan and plan, and
the problems found in its return, with the request to say before a date what is not right.

Only the gemeente's own name appears: the regional counts are counts, never numbers or names of others, so a
gemeente can forward its feedback without giving anything of another gemeente away.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from .collect import CollectResult
from .consolidate import Consolidation, Table, counted_checklist_cells
from .errors import Problem
from .gemeenten import Gemeente
from .generate import gemeente_files
from .layout.model import NAMELIJK, Column, Item, Question
from .pages import Cell, PageSetup, Row, Sheet, add_formats, escape, fonts
from .textfit import EXCEL, Program
from .xlsxkit import mark_as_output, new_workbook

FILE_PREFIX = "Terugkoppeling - "
SHEET_TITLE = "Terugkoppeling"
# Portrait A4 at 100 %: the item, the gemeente's own answer, the regional count.
WIDTHS = [44, 24, 18]
FULL = len(WIDTHS)
# Where a gemeente differs from most of the region: it lacks what at least MOST of the others have, or has
# what at most FEW of the others have (shares of the other gemeenten that answered the question).
MOST = 2 / 3
FEW = 1 / 3
NOT_FILLED = "niet ingevuld"


@dataclass(frozen=True)
class FeedbackRound:
    """What every feedback workbook of a round says besides the answers."""

    ronde: str = ""
    regio: str = ""  # the regio named on the first block; default: the gemeente's own regio
    deadline: dt.date | None = None  # the date before which the coordinator wants to hear what is wrong
    program: Program = EXCEL  # whose line spacing the rows get: LibreOffice's for a PDF


def feedback_files(out_dir: Path, names: list[str]) -> list[Path]:
    """Each gemeente's feedback workbook, "Terugkoppeling - <gemeente>.xlsx", named as generate names its
    workbook."""
    return gemeente_files(out_dir, [Gemeente(name) for name in names], prefix=FILE_PREFIX)


def feedback_workbooks(result: Consolidation, collected: CollectResult, out_dir: Path,
                       feedback_round: FeedbackRound = FeedbackRound()) -> dict[Path, bytes]:
    """Every gemeente of the consolidation -> its feedback workbook (file path -> contents)."""
    names = [g.gemeente for g in result.gemeenten]
    return {path: feedback_workbook(result, collected, name, feedback_round)
            for path, name in zip(feedback_files(out_dir, names), names, strict=True)}


def feedback_workbook(result: Consolidation, collected: CollectResult, gemeente: str,
                      feedback_round: FeedbackRound = FeedbackRound()) -> bytes:
    """One gemeente's feedback workbook: one printable sheet."""
    listed = result.gemeente(gemeente)
    own = _Own(result, listed.nummer)
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    book.set_properties({"title": f"{result.layout.title} — terugkoppeling {gemeente}", "author": "workbook_tool"})
    mark_as_output(book, "terugkoppeling")
    regio = feedback_round.regio or listed.regio
    header = f"&L&9{escape(result.layout.title)} — terugkoppeling&R&9{escape(gemeente)}"
    sheet = Sheet(SHEET_TITLE, WIDTHS, fonts(), PageSetup(header=header), feedback_round.program)
    sheet.add(*_opening(result, gemeente, regio, feedback_round))
    for block in (_answers(result, own) + _differences(result, own) + _voorzorgscan(result, own)
                  + _problems(_own_problems(collected, gemeente))):
        sheet.add(*block.rows, repeat=block.repeat)
    pages = sheet.paginate()
    sheet.write(book, add_formats(book), start_page=1, total_pages=pages, footer_left=f"Terugkoppeling {gemeente}")
    book.close()
    return buffer.getvalue()


@dataclass
class _Block:
    rows: list[Row]
    repeat: int = 0


class _Own:
    """One gemeente's answers in the consolidation: by answer key, as the matrix holds them (an invalid
    answer as found)."""

    def __init__(self, result: Consolidation, nr: int):
        self.nr = nr
        self.values = {row.key: row.value(nr) for row in result.matrix}
        self.invalid = {key for key, found in result.invalid if found == nr}

    def value(self, question: Question, item: Item, column_id: str) -> object:
        value = self.values.get(question.key(item, column_id), "")
        return None if value is None or value == "" else value

    def is_invalid(self, question: Question, item: Item, column_id: str) -> bool:
        return question.key(item, column_id) in self.invalid


def deadline_text(deadline: dt.date | None) -> str:
    return f"vóór {deadline.strftime('%d-%m-%Y')}" if deadline else "zo snel mogelijk"


def _opening(result: Consolidation, gemeente: str, regio: str, feedback_round: FeedbackRound) -> list[Row]:
    facts = [("Gemeente", gemeente), ("Regio", regio), ("Ronde", feedback_round.ronde),
             ("Vragenlijst", f"{result.layout.title} (versie {result.layout.version})"),
             ("Gemeenten in de regio", str(result.n))]
    return [Row([Cell(0, f"Terugkoppeling: {gemeente}", "title", FULL)]),
            *[Row([Cell(0, label, "label"), Cell(1, value, "cell", FULL - 1)]) for label, value in facts if value],
            Row(),
            Row([Cell(0, "Controleer uw antwoorden en laat het de coördinator "
                         f"{deadline_text(feedback_round.deadline)} weten als er iets niet klopt.", "h2", FULL)]),
            Row([Cell(0, "Hieronder staat per vraag uw eigen antwoord naast het aantal gemeenten in de regio dat "
                         "hetzelfde onderdeel heeft ('7 van 9': 7 van de 9 gemeenten die de vraag beantwoordden). "
                         "Andere gemeenten worden niet genoemd.", "note", FULL)]),
            Row()]


# -- answers beside the region -----------------------------------------------------------------------------

def _answers(result: Consolidation, own: _Own) -> list[_Block]:
    blocks, current = [], None
    for table in result.tables:
        pillar = []
        if table.sheet is not current:
            current = table.sheet
            pillar = [Row([Cell(0, current.title, "h1", FULL)]), Row()]
        head = [Row([Cell(0, table.question.title, "h2", FULL)]),
                Row([Cell(0, table.section.title, "note"), Cell(1, f"Gemeenten (N={table.n})", "key", 2)]),
                Row([Cell(0, "", "header"), Cell(1, "Uw antwoord", "header"), Cell(2, "Regio", "header")])]
        rows = [_item_row(result, table, own, index) for index in range(len(table.rows))]
        blocks.append(_Block(pillar + head + rows + _namelijk_rows(table, own) + [Row()], len(pillar) + len(head)))
    return blocks


def _item_row(result: Consolidation, table: Table, own: _Own, index: int) -> Row:
    row = table.rows[index]
    return Row([Cell(0, row.item.display_label, "role" if row.item.role else "cell"),
                Cell(1, own_answer(result, table.question, row.item, own), "cell"),
                Cell(2, regional_count(table, index), "cell")])


def own_answer(result: Consolidation, question: Question, item: Item, own: _Own) -> str:
    """The gemeente's answer to one item: 'Ja'; with several columns 'Column: Ja; …'; a figure with its unit
    and source ('120 personen a) Eigen registratie/onderzoek'); an answer that failed its check as found."""
    columns = [c for c in item.columns if c.id != NAMELIJK]
    labelled = question.kind == "checklist" and len(question.columns) > 1
    parts = []
    for column in columns:
        text = _value_text(result, question, item, column, own)
        parts.append(f"{column.label}: {text}" if labelled else text)
    answered = [p for p in parts if not p.endswith(NOT_FILLED)]
    if not labelled and not answered:
        return NOT_FILLED
    return ("; " if labelled else " ").join(parts if labelled else answered)


def _value_text(result: Consolidation, question: Question, item: Item, column: Column, own: _Own) -> str:
    value = own.value(question, item, column.id)
    if value is None:
        return NOT_FILLED
    if own.is_invalid(question, item, column.id):
        return f"'{value}' (niet meegeteld)"
    if column.type == "number":
        text = _number(value)
        return f"{text} {item.unit}" if item.unit else text
    return str(value)


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def regional_count(table: Table, index: int) -> str:
    """The region's count for one item, as the Tabellen sheet counts it: '7 van 9' (Aantal van N); for a
    table with several columns each column's count ('Ja 5 · Nee 3 · Onbekend 1'), '-' where not asked."""
    cells = table.rows[index].cells
    if len(cells) == 1:
        count = cells[0].count
        return "-" if count is None else f"{count} van {table.n}"
    if table.question.kind == "checklist":  # each column is offered or not: a share of N, like one column
        return " · ".join(f"{head}: {'-' if cell.count is None else f'{cell.count} van {table.n}'}"
                          for head, cell in zip(table.headers, cells, strict=True))
    return " · ".join(f"{head} {'-' if cell.count is None else cell.count}"
                      for head, cell in zip(table.headers, cells, strict=True))


def _namelijk_rows(table: Table, own: _Own) -> list[Row]:
    rows = []
    for row in table.rows:
        if any(c.id == NAMELIJK for c in row.item.columns):
            text = own.value(table.question, row.item, NAMELIJK)
            if text is not None:
                rows.append(Row([Cell(0, f"{row.item.label.rstrip(': ')}: {text}", "text", FULL)]))
    return rows


# -- where the gemeente differs from most of the region ---------------------------------------------------

@dataclass(frozen=True)
class Difference:
    table: Table
    item: Item
    column: Column
    has: bool  # the gemeente has it (and few others do), or lacks it (and most others have it)
    others: int  # the other gemeenten that have it
    of: int  # the other gemeenten that answered the question


def differences(result: Consolidation, nr: int) -> list[Difference]:
    """The checklist items where gemeente nr differs from most of the other gemeenten that answered."""
    found = []
    answered = (t for t in result.tables if nr not in t.not_in and t.n >= 2)
    for table, row, _index, column, cell in counted_checklist_cells(answered):
        has = nr in cell.nrs
        others, of = cell.count - has, table.n - 1
        if (has and others <= FEW * of) or (not has and others >= MOST * of):
            found.append(Difference(table, row.item, column, has, others, of))
    return found


def _differences(result: Consolidation, own: _Own) -> list[_Block]:
    found = differences(result, own.nr)
    head = [Row([Cell(0, "Waar u afwijkt van de regio", "h1", FULL)]),
            Row([Cell(0, "Onderdelen die minstens twee derde van de andere gemeenten heeft en u niet, en "
                         "onderdelen die u heeft en hoogstens een derde van de andere gemeenten. Klopt uw "
                         "antwoord hier?", "note", FULL)])]
    if not found:
        return [_Block(head + [Row([Cell(0, "Geen: uw antwoorden lijken op die van de meeste gemeenten.", "text",
                                         FULL)]), Row()])]
    header = Row([Cell(0, "Onderdeel", "header"), Cell(1, "U", "header"), Cell(2, "Andere gemeenten", "header")])
    rows = [Row([Cell(0, f"{d.table.question.title}: {d.item.display_label}"
                         + (f" ({d.column.label})" if len(d.table.question.columns) > 1 else ""), "cell"),
                 Cell(1, "heeft dit wel" if d.has else "heeft dit niet", "cell"),
                 Cell(2, f"{d.others} van {d.of}", "cell")]) for d in found]
    return [_Block(head + [header] + rows + [Row()], len(head) + 1)]


# -- voorzorgscan and plan ----------------------------------------------------------------------------------

def _voorzorgscan(result: Consolidation, own: _Own) -> list[_Block]:
    if not result.plan:
        return []
    blocks = [_Block([Row([Cell(0, "Voorzorgscan en implementatieplan", "h1", FULL)]),
                      Row([Cell(0, "Per ankerpunt: of u eraan werkt, uw antwoorden en uw plan.", "note", FULL)])])]
    for anchor in sorted(result.plan, key=lambda a: a.title):
        working = own.nr in anchor.working_on
        rows = [Row([Cell(0, anchor.title, "h2", FULL)]),
                Row([Cell(0, "U werkt hieraan", "label"), Cell(1, "Ja" if working else "Nee", "cell"),
                     Cell(2, f"regio: {len(anchor.working_on)} van {result.n}", "cell")])]
        rows += [Row([Cell(0, label, "label"), Cell(1, text, "cell", 2)])
                 for label, answers in anchor.answers.items() for nr, text in answers if nr == own.nr]
        for plan in (p for p in anchor.plans if p.nr == own.nr):
            rows.append(Row([Cell(0, f"Uw plan, prioriteit {plan.priority}", "plan_head", FULL)]))
            rows += [Row([Cell(0, label, "label"), Cell(1, text or NOT_FILLED, "cell", 2)])
                     for label, text in plan.fields]
        blocks.append(_Block(rows + [Row()], 1))
    return blocks


# -- problems in the return ---------------------------------------------------------------------------------

def _own_problems(collected: CollectResult, gemeente: str) -> list[Problem]:
    """The problems collect found in the files this gemeente returned (its used return and any other)."""
    files = {ret.name for ret in collected.files if ret.identity.gemeente == gemeente}
    return [p for p in collected.problems if p.file in files]


def _problems(problems: list[Problem]) -> list[_Block]:
    head = [Row([Cell(0, "Gevonden bij het inlezen van uw werkboek", "h1", FULL)])]
    if not problems:
        return [_Block(head + [Row([Cell(0, "Geen problemen gevonden.", "text", FULL)])])]
    header = Row([Cell(0, "Melding", "header"), Cell(1, "Tabblad", "header"), Cell(2, "Cel", "header")])
    rows = [Row([Cell(0, p.message, "cell"), Cell(1, p.sheet, "cell"), Cell(2, p.cell, "cell")]) for p in problems]
    return [_Block(head + [header] + rows, len(head) + 1)]

