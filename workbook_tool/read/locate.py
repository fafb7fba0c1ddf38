"""Where each answer cell of the layout is in a return, or why it cannot be found.

A place comes from the cell's defined name, else from the metadata's cell map; it is trusted only when
the label column of its row holds the item's label and, on a question with a header row, the header
above its column names the answer's column. Otherwise (and when the return was identified by its
labels) the item's row is looked for by its label on its own sheet and the column by its header. A
neighbour's cell is never read: what cannot be placed is "not found", with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..contract import FIRST_ANSWER_COLUMN, LABEL_COLUMN, LABEL_HEADER, NUMBER_COLUMN, NUMBER_HEADER, answer_name
from ..errors import Problem
from ..layout.model import AnswerField, Layout, Question, Sheet
from ..values import as_found, clean_text, clip
from .grid import Grids
from .identify import CellMap
from .model import problem
from .structure import cell_index, cell_name, parse_ref

Place = tuple[str, str]  # (sheet title, cell)


@dataclass(slots=True)
class Located:
    """One answer cell: where it is, or None with the reason it was not found (Dutch, for the message)."""

    field: AnswerField
    place: Place | None
    reason: str = ""
    address: str = field(init=False, default="")  # "'Blad'!C5", as every answer of the cell shows it
    index: tuple[int, int] = field(init=False, default=(0, 0))  # zero-based (row, column) of the cell

    def __post_init__(self) -> None:
        if self.place is not None:
            self.address = f"'{self.place[0]}'!{self.place[1]}"
            self.index = cell_index(self.place[1])


@dataclass
class Locations:
    cells: list[Located]
    problems: list[Problem] = field(default_factory=list)
    extra_rows: dict[str, list[int]] = field(default_factory=dict)  # sheet title -> rows of no item
    clean: bool = False  # every answer at the place its name gives, without a doubt


def locate_answers(layout: Layout, method: str, grids: Grids, cell_map: CellMap) -> Locations:
    """Every answer cell of the layout in this return: its place, or why it is not found; and the problems
    of the sheets themselves (cells moved, rows added).

    A return whose answer names are as generated and whose sheets hold the same labels, numbers and headers
    as one located before is located as that one was (_Seen): the returns of a round are copies of one
    workbook. Only the added rows, whose answers differ per return, are looked at again."""
    signature = _signature(layout, grids) if method != "labels" and cell_map.names_unchanged else None
    seen = _SEEN.get(signature, layout) if signature is not None else None
    if seen is not None:
        return Locations(seen.located, seen.problems + _added_rows_again(seen, grids))
    located = _locate(layout, method, grids, cell_map)
    if signature is not None and located.clean:
        # Only a return without doubts: finding a cell by its label reads more of the sheet than the signature.
        _SEEN.remember(signature, layout, located)
    return located


def _signature(layout: Layout, grids: Grids) -> tuple:
    """What locating a return with its answer names as generated depends on, per sheet: the number and label
    columns and the header rows, as found. The number column of a row without a label (the personalised
    "Gemeente: ..." line, a section band) counts only as text or number, as in SheetView."""
    parts: list[Any] = [id(layout)]
    for sheet in layout.sheets:
        if not grids.has_sheet(sheet.title):
            parts.append((sheet.title, None))
            continue
        grid = grids.grid(sheet.title)
        labels = [row[LABEL_COLUMN] if len(row) > LABEL_COLUMN else "" for row in grid]
        firsts = [row[NUMBER_COLUMN] if row else "" for row in grid]
        numbers = [first if label != "" else _number_kind(first) for first, label in zip(firsts, labels, strict=True)]
        headers = [tuple(row) for row, label in zip(grid, labels, strict=True) if label == LABEL_HEADER]
        parts.append((sheet.title, tuple(numbers), tuple(labels), tuple(headers)))
    return tuple(parts)


def _number_kind(first: Any) -> str:
    if first == "":
        return ""
    text = clean_text(as_found(first))
    return "T" if text and not text.replace(".", "").isdigit() else text


@dataclass
class _Located:
    """A located return, to locate the next one with the same signature."""

    layout: Layout
    located: Locations
    problems: list[Problem]  # of the sheets, without the added rows
    extra_rows: dict[str, list[int]]  # sheet title -> rows whose label is no item of the sheet (added rows)


class _SeenReturns:
    """The last returns located, by signature: a round has one, or a few (a gemeente that edited a label)."""

    LIMIT = 64

    def __init__(self) -> None:
        self.by_signature: dict[tuple, _Located] = {}

    def get(self, signature: tuple, layout: Layout) -> _Located | None:
        seen = self.by_signature.get(signature)
        # The signature names the layout by id; an id is reused once its layout is gone, so check it is this one.
        return seen if seen is not None and seen.layout is layout else None

    def remember(self, signature: tuple, layout: Layout, located: Locations) -> None:
        if len(self.by_signature) >= self.LIMIT:
            self.by_signature.clear()
        sheet_problems = [p for p in located.problems if p.code != "added_row"]
        self.by_signature[signature] = _Located(layout, located.cells, sheet_problems, located.extra_rows)


_SEEN = _SeenReturns()


def _added_rows_again(seen: _Located, grids: Grids) -> list[Problem]:
    problems = []
    for title, rows in seen.extra_rows.items():
        grid = grids.grid(title)
        problems += [p for p in (_added_row(title, grid, row) for row in rows) if p is not None]
    return problems


def _locate(layout: Layout, method: str, grids: Grids, cell_map: CellMap) -> Locations:
    names, sheets = grids.structure.names, grids.structure.sheets
    views: dict[str, SheetView | None] = {}
    doubts = _Doubts(layout)
    located = []
    moved = doubtless = 0
    relocated: dict[str, int] = {}
    for answer_field, key, name, label, number in _answer_index(layout):
        view = _view(views, grids, answer_field.sheet)
        if view is None:
            located.append(Located(answer_field, None, f"het blad '{answer_field.sheet.title}' ontbreekt"))
            continue
        place = None
        if method != "labels":
            ref = names.get(name)
            if ref and "#REF!" in ref.upper():
                # The program that deleted the cell (a column, or the item's row) says so: its answer is gone.
                located.append(Located(answer_field, None, "de cel is verwijderd (de naam wijst naar #REF!)"))
                continue
            place = parse_ref(ref) if ref else None
            # Names exactly as generated: the map would say the same (and it is not read at all).
            mapped = place if cell_map.names_unchanged else cell_map.get(key)
            if place is not None and place[0] not in sheets:
                place = None
            if place is None and mapped and mapped[0] in sheets:
                place = mapped
            elif place is not None and mapped and place != mapped:
                moved += 1
        doubt = doubts.of(view, answer_field, key, label, number, place) if place is not None else "geen plaats"
        if not doubt:
            located.append(Located(answer_field, place))
            doubtless += 1
            continue
        found, why_not = _find_by_label(view, answer_field, label, number)
        if found is not None and place is not None:
            relocated[view.title] = relocated.get(view.title, 0) + 1
        reason = why_not if place is None else f"{doubt}; {why_not}"
        located.append(Located(answer_field, found, "" if found else reason))
    problems = _moved_problems(moved, relocated)
    extra_rows: dict[str, list[int]] = {}
    for sheet in layout.sheets:
        view = views.get(sheet.title)
        if view is not None:
            extra_rows[sheet.title] = _extra_rows(view, sheet)
            problems += [p for p in (_added_row(view.title, view.grid, row) for row in extra_rows[sheet.title])
                         if p is not None]
    return Locations(located, problems, extra_rows, clean=doubtless == len(located))


def _extra_rows(view: SheetView, sheet: Sheet) -> list[int]:
    """Rows with a text in the label column that is no item, heading or header of the sheet."""
    known = _known_labels(sheet)
    return [row for row, label in enumerate(view.labels) if label and label not in known]


def _added_row(title: str, grid: list[list[Any]], row: int) -> Problem | None:
    """A row a gemeente added, with something in an answer column: such an answer belongs to no item, so it
    is reported, not counted. None when its answer columns are empty."""
    values = [as_found(v) for v in grid[row][FIRST_ANSWER_COLUMN:] if as_found(v).strip()]
    if not values:
        return None
    label = as_found(grid[row][LABEL_COLUMN])
    return problem("added_row", f"Op blad '{title}' staat in rij {row + 1} een eigen regel '{_short(label)}' met "
                                f"'{_short(' | '.join(values))}'. Die hoort bij geen onderdeel van de vragenlijst "
                                "en is niet meegeteld.", sheet=title, cell=cell_name(row, LABEL_COLUMN),
                   value_found=" | ".join(values))


_KNOWN: dict[int, tuple[Sheet, frozenset[str]]] = {}


def _known_labels(sheet: Sheet) -> frozenset[str]:
    """The labels the sheet's label column may hold, cleaned: computed once per layout sheet."""
    cached = _KNOWN.get(id(sheet))
    if cached is None or cached[0] is not sheet:
        known = {clean_text(LABEL_HEADER)}
        for question in sheet.questions:
            for item in question.items:
                known.add(clean_text(item.display_label))
                if item.heading:
                    known.add(clean_text(item.heading))
        cached = _KNOWN[id(sheet)] = (sheet, frozenset(known))
    return cached[1]


def _moved_problems(moved: int, relocated: dict[str, int]) -> list[Problem]:
    problems = []
    if moved:
        problems.append(problem("moved_cells", f"{moved} antwoordcellen staan niet meer op hun oorspronkelijke "
                                               "plaats (rijen of kolommen ingevoegd of verwijderd). Ze zijn "
                                               "gevonden via hun namen."))
    for title, count in relocated.items():
        problems.append(problem("label_changed", f"Bij {count} antwoordcellen stond op de plaats van hun naam of "
                                                 "van de verborgen gegevens een ander onderdeel (rijen of kolommen "
                                                 "verwijderd, namen verwijderd). Ze zijn gevonden aan de tekst van "
                                                 "hun onderdeel en de kolomkop; controleer ze.", sheet=title))
    return problems


class _Doubts:
    """_doubt, remembered per sheet content: the returns of a round are copies of one workbook, so the sheets
    of most of them hold exactly the same labels, numbers and headers, and a place checked on one is checked on
    all. A sheet that differs in any of them (a row added, a label edited) gets its own memory."""

    MAX_SHEETS = 256  # distinct sheet contents remembered; then forgotten, and checked again

    _memory: dict[tuple, dict[tuple[str, Place], str]] = {}
    _layouts: dict[tuple, Layout] = {}  # the layout each memory is of

    def __init__(self, layout: Layout):
        self.layout = layout

    def of(self, view: SheetView, answer_field: AnswerField, key: str, label: str, number: str, place: Place) -> str:
        memory = view.doubts
        if memory is None:
            memory = view.doubts = self._sheet_memory(view)
        doubt = memory.get((key, place))
        if doubt is None:
            doubt = memory[(key, place)] = _doubt(view, answer_field, label, number, place)
        return doubt

    def _sheet_memory(self, view: SheetView) -> dict[tuple[str, Place], str]:
        fingerprint = (id(self.layout), view.fingerprint)
        memory = self._memory.get(fingerprint)
        if memory is not None and self._layouts.get(fingerprint) is not self.layout:
            memory = None  # the id of a layout that is gone, reused by another
        if memory is None:
            if len(self._memory) >= self.MAX_SHEETS:
                self._memory.clear()
                self._layouts.clear()
            memory = self._memory[fingerprint] = {}
            self._layouts[fingerprint] = self.layout
        return memory


def _doubt(view: SheetView, answer_field: AnswerField, label: str, number: str, place: Place) -> str:
    """Why the place is not the answer's own cell; "" when it is (its row's label and its column's header)."""
    sheet, cell = place
    if sheet != view.title:
        return f"de naam wijst naar blad '{sheet}'"
    row, col = cell_index(cell)
    if view.label(row) != label:
        return f"naast {cell} staat '{_short(view.raw_label(row))}'"
    other_item = view.number_doubt(number, row)
    if other_item:
        return f"bij {cell}: {other_item}"
    expected = view.column_of(answer_field.question, answer_field.column.id, row)
    if expected != col:
        return f"boven {cell} staat niet de kolomkop '{_short(answer_field.column.label)}'"
    return ""


def _find_by_label(view: SheetView, answer_field: AnswerField, label: str,
                   number: str) -> tuple[Place | None, str]:
    """The answer's cell found by its item's label on its own sheet and its column's header, or the reason."""
    question, item = answer_field.question, answer_field.item
    row = view.row_of(question, number, label)
    if row is None:
        return None, f"de tekst '{_short(item.display_label)}' staat niet (eenduidig) op blad '{view.title}'"
    col = view.column_of(question, answer_field.column.id, row)
    if col is None:
        return None, (f"de kolom '{_short(answer_field.column.label)}' staat niet meer boven de vraag "
                      f"'{_short(question.title)}'")
    return (view.title, cell_name(row, col)), ""


class SheetView:
    """One questionnaire sheet as locating reads it: each row's label (cleaned), the question titles in the
    number column, and the header row that governs each row."""

    def __init__(self, title: str, grid: list[list[Any]], titles: frozenset[str]):
        self.title = title
        self.titles = titles  # the cleaned titles of the sheet's sections and questions
        self.grid = grid
        self.labels = [clean_text(as_found(row[LABEL_COLUMN])) if len(row) > LABEL_COLUMN else "" for row in grid]
        self.firsts = [clean_text(as_found(row[NUMBER_COLUMN])) if row else "" for row in grid]
        self.header_above: list[int | None] = []
        header = None
        label_header, number_header = clean_text(LABEL_HEADER), clean_text(NUMBER_HEADER)
        for row, label in enumerate(self.labels):
            if label == label_header and self.firsts[row] == number_header:
                header = row
            elif self.firsts[row] and not self.firsts[row].replace(".", "").isdigit():
                header = None  # a question title or a section band: the header above no longer applies
            self.header_above.append(header)
        headers = sorted({h for h in self.header_above if h is not None})
        # Everything _doubt looks at (see _Doubts): the labels, the header rows, and the number column of the rows
        # with a label (an answer's row has its item's label). A text in the number column of a row without a
        # label (the personalised "Gemeente: ..." line, a section band) only ends a header's reach: kept as "T".
        numbers = tuple(first if label or not first or first.replace(".", "").isdigit() else "T"
                        for label, first in zip(self.labels, self.firsts, strict=True))
        self.fingerprint = (title, tuple(self.labels), numbers, tuple(tuple(grid[h]) for h in headers))
        self.doubts: dict[tuple[str, Place], str] | None = None  # this content's memory in _Doubts
        self._columns: dict[tuple[int, str], dict[str, int]] = {}
        self._rows_by_label: dict[str, list[int]] | None = None

    def label(self, row: int) -> str:
        return self.labels[row] if row < len(self.labels) else ""

    def raw_label(self, row: int) -> str:
        return as_found(self.grid[row][LABEL_COLUMN]) if row < len(self.grid) and len(self.grid[row]) > LABEL_COLUMN \
            else ""

    def column_of(self, question: Question, column_id: str, row: int) -> int | None:
        """The column of an answer in the item's row: where the question's header names it; without a header
        row (an open question, or a header a person removed) where the contract puts it."""
        columns = question.sheet_columns()
        header = self.header_above[row] if row < len(self.header_above) else None
        if question.kind == "fields" or header is None:
            if question.kind == "fields":
                return FIRST_ANSWER_COLUMN
            ids = [c.id for c in columns]
            return FIRST_ANSWER_COLUMN + ids.index(column_id) if column_id in ids else None
        key = (header, question.id)
        if key not in self._columns:
            self._columns[key] = self._header_columns(header, question)
        return self._columns[key].get(column_id)

    def _header_columns(self, header: int, question: Question) -> dict[str, int]:
        """Each answer column of the question -> the column whose header is its label, matched left to right."""
        texts = [clean_text(as_found(v)) for v in self.grid[header]]
        found: dict[str, int] = {}
        start = FIRST_ANSWER_COLUMN
        for column in question.sheet_columns():
            wanted = clean_text(column.label)
            try:
                col = texts.index(wanted, start)
            except ValueError:
                continue
            found[column.id] = col
            start = col + 1
        return found

    def row_of(self, question: Question, number: str, label: str) -> int | None:
        """The item's row: its label in the label column and its number (or none) in the number column,
        within its question (from the question's title to the next title on the sheet); when the title is
        gone, the only such row on the sheet. None when it is not there or cannot be told apart."""
        if self._rows_by_label is None:
            self._rows_by_label = {}
            for r, text in enumerate(self.labels):
                self._rows_by_label.setdefault(text, []).append(r)
        rows = [r for r in self._rows_by_label.get(label, []) if self.firsts[r] in (number, "")]
        start, end = self._question_rows(question)
        if start is not None:
            rows = [r for r in rows if start < r < end]
            return rows[0] if rows else None
        return rows[0] if len(rows) == 1 else None

    def number_doubt(self, number: str, row: int) -> str:
        """A number in the number column that is not the item's (number) says the row holds another item."""
        found = self.firsts[row] if row < len(self.firsts) else ""
        return f"in de rij staat onderdeel {found} in plaats van {number}" if found not in (number, "") else ""

    def _question_rows(self, question: Question) -> tuple[int | None, int]:
        """The rows between the question's title and the next title or section band."""
        title = clean_text(question.title)
        starts = [r for r, text in enumerate(self.firsts) if text == title]
        if len(starts) != 1:
            return None, len(self.firsts)
        end = next((r for r in range(starts[0] + 1, len(self.firsts)) if self.firsts[r] in self.titles),
                   len(self.firsts))
        return starts[0], end


def _view(views: dict[str, SheetView | None], grids: Grids, sheet: Sheet) -> SheetView | None:
    title = sheet.title
    if title not in views:
        views[title] = SheetView(title, grids.grid(title), _titles(sheet)) if grids.has_sheet(title) else None
    return views[title]


_INDEXES: dict[int, tuple[Layout, list[tuple[AnswerField, str, str, str, str]]]] = {}


def _answer_index(layout: Layout) -> list[tuple[AnswerField, str, str, str, str]]:
    """Per answer cell, computed once per layout: the field, its key, its defined name (case-folded), its
    item's label as the reader compares it, and its item's number in the number column ("1", "2", ...)."""
    cached = _INDEXES.get(id(layout))
    if cached is None or cached[0] is not layout:
        numbers = {id(item): str(n) for sheet in layout.sheets for q in sheet.questions
                   for n, item in enumerate(q.items, start=1)}
        index = [(f, f.key, answer_name(f.question.id, f.item.id, f.column.id).casefold(),
                  clean_text(f.item.display_label), numbers[id(f.item)]) for f in layout.answer_fields()]
        cached = _INDEXES[id(layout)] = (layout, index)
    return cached[1]


def _titles(sheet: Sheet) -> frozenset[str]:
    return frozenset(clean_text(t) for section in sheet.sections
                     for t in (section.title, *(q.title for q in section.questions)))


def _short(text: str) -> str:
    return clip(clean_text(text), 60)
