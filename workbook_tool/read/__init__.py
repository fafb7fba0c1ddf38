"""One returned workbook -> identity, answers and problems. Never modifies the file, never raises on bad input.

The stages, each returning its data and the problems it found (read_return composes them):

    container.py  the file as untrusted mail: kind, size and zip-bomb limits, no DTDs; own outputs; saved time
    structure.py  sheets, defined names and date system from the workbook XML
    area.py       each sheet kept within the reading area before calamine sees it (a far cell costs nothing)
    other.py      .ods and .xls, read by calamine in a child process with a memory limit
    grid.py       sheet values through python-calamine, and which cells hold formulas or error values
    identify.py   questionnaire, version and gemeente: by metadata, by names, or by labels
    locate.py     where each answer cell is: its name, the metadata's map, or its label
    check.py      each value against its column (values.py), and the rules across items
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..contract import CELL_MAP_COLUMNS, FIRST_ANSWER_COLUMN, OUTPUT_KINDS
from ..errors import READ_CODES, Problem
from ..fileio import display_name
from ..layout.model import Layout
from . import container
from .area import Area
from .check import check_answers, check_consistency
from .container import open_zip, output_kind, saved_at, sniff, too_large_message
from .grid import MAX_ROWS_READ, Grids
from .identify import identify, read_respondent
from .locate import locate_answers
from .model import Answer, Answers, Identity, ReadFailure, ReturnFile, problem
from .other import FORMATS, read_other_format
from .structure import read_structure

COLUMN_MARGIN = 40


def read_return(path: str | Path, layouts: list[Layout]) -> ReturnFile:
    """Read one returned file. Bad input becomes problems on the result; this function does not raise."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > container.MAX_FILE_BYTES:
            # refused before reading: a stray backup of gigabytes must not fill the memory
            return ReturnFile(path=path, sha256="", outcome="failed",
                              problems=[_file_problem(path, "unsafe", too_large_message(size))])
        data = path.read_bytes()
    except OSError as exc:
        return _failed(path, b"", "corrupt", f"Het bestand kan niet worden gelezen ({exc.strerror or exc}).")
    try:
        kind = sniff(path, data)
        if kind == "lock":
            return ReturnFile(path=path, sha256=_sha256(data), outcome="skipped",
                              problems=[_file_problem(path, "lock_file", READ_CODES["lock_file"][1])])
        return _read_workbook(path, data, kind, layouts)
    except ReadFailure as failure:
        return _failed(path, data, failure.code, failure.message)
    except Exception as exc:  # noqa: BLE001 - an unforeseen file must not stop the batch
        return _failed(path, data, "internal", f"Onverwachte fout bij het lezen ({type(exc).__name__}: {exc}). "
                                               "Het bestand is niet verwerkt; meld dit met het bestand erbij.")


def _read_workbook(path: Path, data: bytes, kind: str, layouts: list[Layout]) -> ReturnFile:
    archive = None
    if kind == "zip":
        archive, kind = open_zip(data)
    if kind == "xlsx":
        own = output_kind(archive)
        if own is not None:
            message = f"Dit is {OUTPUT_KINDS[own]}, door workbook_tool zelf geschreven, geen retour; overgeslagen."
            return ReturnFile(path=path, sha256=_sha256(data), outcome="skipped",
                              problems=[_file_problem(path, "own_output", message)])
        grids = Grids.of_xlsx(data, archive, read_structure(archive), reading_area(layouts))
        format_problems = []
    else:
        grids = Grids.of_other_format(read_other_format(data, kind, reading_area(layouts)))
        format_problems = [problem("other_format", f"Het bestand is opgeslagen als {FORMATS[kind]}, niet als "
                                                   "Excel-werkmap (.xlsx). De antwoorden zijn toch gelezen; "
                                                   "controleer ze extra en vraag de gemeente voortaan .xlsx te "
                                                   "gebruiken.")]
    found = identify(grids, layouts)
    located = locate_answers(found.layout, found.identity.method, grids, found.cell_map)
    answers, answer_problems = check_answers(found.layout, located.cells, grids)
    problems = (format_problems + grids.problems + found.problems + answer_problems + located.problems
                + check_consistency(found.layout, answers))
    return ReturnFile(path=path, sha256=_sha256(data), outcome="read", identity=found.identity, layout=found.layout,
                      answers=answers, problems=[replace(p, file=display_name(path.name)) for p in problems],
                      saved_at=saved_at(archive) if kind == "xlsx" else "", respondent=read_respondent(grids))


def reading_area(layouts: list[Layout]) -> Area:
    """Rows up to the reader's limit; columns up to the widest answer column of any layout (or the metadata
    sheet's map) plus a margin for columns a gemeente inserted (names move the answer cells along)."""
    key = tuple(id(lay) for lay in layouts)
    cached = _AREAS.get(key)
    if cached is None or cached[0] != layouts:
        cached = _AREAS[key] = (list(layouts), _reading_area(layouts))
    return cached[1]


_AREAS: dict[tuple[int, ...], tuple[list[Layout], Area]] = {}


def _reading_area(layouts: list[Layout]) -> Area:
    widest = max((FIRST_ANSWER_COLUMN + len(q.sheet_columns()) for lay in layouts for sheet in lay.sheets
                  for q in sheet.questions), default=0)
    return Area(rows=MAX_ROWS_READ, columns=max(widest, len(CELL_MAP_COLUMNS)) + COLUMN_MARGIN)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _failed(path: Path, data: bytes, code: str, message: str) -> ReturnFile:
    return ReturnFile(path=path, sha256=_sha256(data), outcome="failed",
                      problems=[_file_problem(path, code, message)])


def _file_problem(path: Path, code: str, message: str) -> Problem:
    return Problem(code=code, severity=READ_CODES[code][0], message=message, file=display_name(path.name))


__all__ = ["Answer", "Answers", "Identity", "ReadFailure", "ReturnFile", "read_return"]
