"""The workbook contract: what a generated scan workbook promises, and what the reader relies on.

One home for every fact both sides must agree on: the titles of the sheets the tool adds, the
defined-name scheme, the hidden metadata sheet's format, where an item's label and answer cells
stand on a questionnaire sheet, the identifying fields of the Start sheet, and the tamper-evidence
token. Pure Python: the writer (generate) and the reader (read) import it; it imports neither, and
nothing that writes or reads a workbook, so a reader worker never loads xlsxwriter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: the layout package sits above this module
    from .layout.model import Layout

# -- sheets the tool adds to a layout's own sheets ------------------------------------------------
START_TITLE = "Start"
LISTS_TITLE = "lijsten"  # very hidden: the dropdown lists, referenced by name
META_TITLE = "metadata"  # very hidden: identity (and, in format 1, the map of answer cells)
CELLS_TITLE = "metadata_cellen"  # very hidden (format 2): the map of answer cells
RESERVED_SHEET_TITLES = frozenset(t.casefold() for t in (START_TITLE, LISTS_TITLE, META_TITLE, CELLS_TITLE))

# -- geometry of a questionnaire sheet ------------------------------------------------------------
# Every item has its own row: its number in column A, its label in column B, its answer cells from
# column C to the right in the order of Question.sheet_columns(). Zero-based column indexes.
NUMBER_COLUMN = 0
LABEL_COLUMN = 1
FIRST_ANSWER_COLUMN = 2
# The header row above a question's items: these two texts in the number and label columns, then the
# label of each answer column (Question.sheet_columns()). The reader finds a moved column by it.
NUMBER_HEADER = "Nr."
LABEL_HEADER = "Onderdeel"


# -- defined names --------------------------------------------------------------------------------
# A fixed prefix so no name can read as a cell reference (A1 or R1C1); ids joined by "__", which the
# layout's id rule keeps out of the ids themselves.
ANSWER_NAME_PREFIX = "ans__"


def answer_name(question_id: str, item_id: str, column_id: str) -> str:
    """The defined name of one answer cell: found again after another program moved the cell."""
    return f"{ANSWER_NAME_PREFIX}{question_id}__{item_id}__{column_id}"


def respondent_name(field_id: str) -> str:
    return f"wt_ingevuld_{field_id}"


def list_name(list_id: str) -> str:
    return f"lijst_{list_id}"


# The identifying cells on the Start sheet, by name: the reader's fallback when the metadata sheet is gone.
META_NAMES = {"gemeente": "wt_gemeente", "regio": "wt_regio", "ronde": "wt_ronde", "gemeente_nr": "wt_gemeente_nr",
              "layout_id": "wt_layout_id", "layout_version": "wt_layout_version"}

# -- the tool's own outputs ----------------------------------------------------------------------
# Every workbook the tool writes for the coordinator carries this custom document property (Excel and
# LibreOffice keep it when they re-save), its value saying which output it is. A scan workbook never
# carries it. The reader skips a marked file found among the returns instead of failing on it.
OUTPUT_PROPERTY = "workbook_tool_uitvoer"
OUTPUT_KINDS = {
    "rapportage": "de regionale rapportage",
    "sleutel": "de sleutel bij de regionale rapportage",
    "status": "het statuswerkboek van collect",
    "terugkoppeling": "de terugkoppeling aan een gemeente",
    "export": "de export van de antwoorden",
    "vergelijking": "de vergelijking van twee ronden",
}


# -- the Start sheet ------------------------------------------------------------------------------
# Label in column A, value in column B: the personal fields, then the questionnaire's own. The reader
# finds them by these labels when a return has neither metadata nor names.
START_PERSONAL_FIELDS = (("Gemeente", "gemeente"), ("Regio", "regio"), ("Ronde", "ronde"),
                         ("Gemeentenummer", "gemeente_nr"))
# What a gemeente types on the Start sheet of a blank workbook (generated without a list); the number
# comes only from the coordinator's list.
START_TYPED_FIELDS = ("gemeente", "regio", "ronde")
START_LAYOUT_FIELDS = (("Vragenlijst", "layout_id"), ("Versie", "layout_version"))
START_LABELS_SEARCHED = 20  # rows of the Start sheet the reader searches for these labels
RESPONDENT_FIELDS = (("naam", "Naam", "text"), ("functie", "Functie", "text"),
                     ("email", "E-mail", "text"), ("datum", "Datum", "date"))

# The range a date answer may take (Excel's data validation in the workbook, and the reader's rule).
DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)

# -- the hidden metadata sheet --------------------------------------------------------------------
# Rows of (key, value) from A1: FIXED_ENTRIES, then PERSONAL_ENTRIES. The map of answer cells, a header row
# of CELL_MAP_COLUMNS and one row per answer cell, stands on its own very hidden sheet (CELLS_TITLE), and
# names_hash (names_digest) says where the defined names of the answer cells pointed when generated: a reader
# that finds the same names needs no map, which is most of the reading of a return (a map of 500 rows
# parses in twice the time of all questionnaire sheets together). Format 1, the workbooks sent out before
# 2026-12, has no names_hash and the map below the entries on the metadata sheet, after one empty row.
METADATA_FORMAT = "workbook_tool/2"
METADATA_FORMATS = ("workbook_tool/1", METADATA_FORMAT)  # what the reader reads
FIXED_ENTRIES = ("format", "layout_id", "layout_version", "layout_hash", "names_hash", "tool_version")
PERSONAL_ENTRIES = ("gemeente", "gemeente_nr", "regio", "ronde", "contactpersoon", "email", "generated_at", "token")
IDENTITY_ENTRIES = ("layout_id", "layout_version", "gemeente", "gemeente_nr", "regio", "ronde", "generated_at")
CELL_MAP_COLUMNS = ("name", "sheet", "cell", "key", "question_id", "item_id", "column_id", "type", "choices")


def names_digest(places: Iterable[tuple[str, str, str]]) -> str:
    """A short hash of (defined name, sheet, cell) for every answer cell, in any order; the name compared
    case-insensitively, as Excel does. A cell that moved, a name removed or added, gives another hash."""
    lines = sorted(f"{name.casefold()}|{sheet}|{cell}" for name, sheet, cell in places)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def metadata_token(layout_id: str, version: str, gemeente: str, regio: str, ronde: str, nummer: str) -> str:
    """Tamper evidence, not security: a changed gemeente or version no longer matches its token."""
    text = "|".join((layout_id, version, gemeente, regio, ronde, nummer))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_FINGERPRINTS: dict[int, tuple[Layout, str]] = {}


def layout_fingerprint(layout: Layout) -> str:
    """A short hash of everything that decides where answers are and what they may be (once per layout:
    the reader compares it for every return)."""
    cached = _FINGERPRINTS.get(id(layout))
    if cached is None or cached[0] is not layout:
        cached = _FINGERPRINTS[id(layout)] = (layout, _fingerprint(layout))
    return cached[1]


def _fingerprint(layout: Layout) -> str:
    digest = hashlib.sha256()
    for answer in layout.answer_fields():
        column = answer.column
        digest.update(f"{answer.key}|{column.type}|{column.choices}|{answer.sheet.title}\n".encode())
    for list_id, values in layout.choice_lists.items():
        digest.update(f"{list_id}={'|'.join(values)}\n".encode())
    return digest.hexdigest()[:16]

