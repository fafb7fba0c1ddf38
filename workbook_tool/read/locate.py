"""Where each answer cell of the layout is in a return: by its defined name, else by the metadata's cell
map; or, when the return was identified by its labels, by the item labels in the label column."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..contract import FIRST_ANSWER_COLUMN, LABEL_COLUMN, answer_name
from ..errors import Problem
from ..layout.model import AnswerField, Layout
from ..values import as_found, clean_text
from .grid import Grids
from .identify import CellMap
from .model import problem
from .structure import cell_name, parse_ref

Place = tuple[str, str]  # (sheet title, cell)


@dataclass(slots=True)
class Located:
    """One answer cell: where it is (None: not found) and, for an item's first cell, the label expected
    in the label column of its row (None: not checked)."""

    field: AnswerField
    place: Place | None
    expected_label: str | None


@dataclass
class Locations:
    cells: list[Located]
    problems: list[Problem] = field(default_factory=list)


def locate_answers(layout: Layout, method: str, grids: Grids, cell_map: CellMap) -> Locations:
    if method == "labels":
        places = _places_by_labels(layout, grids)
        return Locations([Located(f, places.get(key), None) for f, key, _name, _label in _answer_index(layout)])
    names, sheets = grids.structure.names, grids.structure.sheets
    located = []
    moved = 0
    for answer_field, key, name, expected_label in _answer_index(layout):
        ref = names.get(name)
        place = parse_ref(ref) if ref else None
        if place is not None and place[0] not in sheets:
            place = None
        mapped = cell_map.get(key)
        if place is None and mapped and mapped[0] in sheets:
            place = mapped
        elif place is not None and mapped and place != mapped:
            moved += 1
        located.append(Located(answer_field, place, expected_label))
    problems = []
    if moved:
        problems.append(problem("moved_cells", f"{moved} antwoordcellen staan niet meer op hun oorspronkelijke "
                                               "plaats (rijen of kolommen ingevoegd of verwijderd). Ze zijn "
                                               "gevonden via hun namen."))
    return Locations(located, problems)


_INDEXES: dict[int, tuple[Layout, list[tuple[AnswerField, str, str, str | None]]]] = {}


def _answer_index(layout: Layout) -> list[tuple[AnswerField, str, str, str | None]]:
    """Per answer cell, computed once per layout: the field, its key, its defined name (case-folded) and,
    for the first cell of an item, the label expected next to it."""
    cached = _INDEXES.get(id(layout))
    if cached is None or cached[0] is not layout:
        index = [(f, f.key, answer_name(f.question.id, f.item.id, f.column.id).casefold(),
                  f.item.display_label if f.column is f.item.columns[0] else None)
                 for f in layout.answer_fields()]
        cached = _INDEXES[id(layout)] = (layout, index)
    return cached[1]


def _places_by_labels(layout: Layout, grids: Grids) -> dict[str, Place]:
    """Find each item's row by its label in the label column, in order, and its answer cells to the right."""
    places: dict[str, Place] = {}
    for sheet in layout.sheets:
        if not grids.has_sheet(sheet.title):
            continue
        labels = [clean_text(as_found(row[LABEL_COLUMN])) if len(row) > LABEL_COLUMN else ""
                  for row in grids.grid(sheet.title)]
        cursor = 0
        for question in sheet.questions:
            offsets = {c.id: FIRST_ANSWER_COLUMN + i for i, c in enumerate(question.sheet_columns())}
            for item in question.items:
                try:
                    row = labels.index(clean_text(item.display_label), cursor)
                except ValueError:
                    continue
                cursor = row + 1
                for column in item.columns:
                    col = offsets.get(column.id, FIRST_ANSWER_COLUMN) if question.kind != "fields" \
                        else FIRST_ANSWER_COLUMN
                    places[question.key(item, column.id)] = (sheet.title, cell_name(row, col))
    return places
