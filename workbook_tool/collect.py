"""A folder of returned workbooks -> one dataset: answers (long format), problems, and status per gemeente."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from .errors import READ_CODES, Problem, WorkbookToolError
from .gemeenten import Gemeente
from .layout.model import Layout
from .parallel import read_many
from .read import Identity, ReturnFile
from .status import GemeenteStatus
from .values import clean_text

SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
EXPORT_COLUMNS = ["ronde", "regio", "gemeente", "gemeente_nr", "layout_id", "layout_version", "sheet",
                  "question_id", "question", "item_id", "item_label", "column", "value", "value_as_found",
                  "problem", "cell", "source_file"]


class CollectError(WorkbookToolError):
    """The folder cannot be collected at all (it does not exist, or an export cannot be written)."""


@dataclass
class CollectResult:
    """Everything read from a folder of returns."""

    folder: Path
    files: list[ReturnFile]
    used: list[ReturnFile]
    status: list[GemeenteStatus]
    problems: list[Problem]

    @property
    def needs_attention(self) -> bool:
        """Anything the coordinator should act on: an error or warning, or a gemeente not complete."""
        return any(p.severity in ("error", "warning") for p in self.problems) or \
            any(s.status != "complete" for s in self.status)

    @property
    def answer_count(self) -> int:
        """Rows of the answers frame (and the export): one per answer cell of every used return."""
        return sum(len(ret.answers) for ret in self.used)

    def answers_frame(self) -> pd.DataFrame:
        """One row per answer cell of every used return (built column by column: 342 returns are 175,000 rows)."""
        columns: dict[str, list] = {name: [] for name in EXPORT_COLUMNS}
        for ret in self.used:
            ident = ret.identity
            count = len(ret.answers)
            for name, value in (("ronde", ident.ronde), ("regio", ident.regio), ("gemeente", ident.gemeente),
                                ("gemeente_nr", ident.gemeente_nr), ("layout_id", ident.layout_id),
                                ("layout_version", ident.layout_version), ("source_file", ret.name)):
                columns[name].extend([value] * count)
            for answer in ret.answers:
                f = answer.field
                columns["sheet"].append(f.sheet.id)
                columns["question_id"].append(f.question.id)
                columns["question"].append(f.question.title)
                columns["item_id"].append(f.item.id)
                columns["item_label"].append(f.item.label)
                columns["column"].append(f.column.id)
                columns["value"].append("" if answer.value is None else answer.value)
                columns["value_as_found"].append(answer.value_as_found)
                columns["problem"].append(answer.problem)
                columns["cell"].append(answer.cell)
        frame = pd.DataFrame(columns, columns=EXPORT_COLUMNS)
        return frame.astype({"value": "object"})

    def problems_frame(self) -> pd.DataFrame:
        return pd.DataFrame([p.__dict__ for p in self.problems],
                            columns=list(Problem.__dataclass_fields__))

    def status_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"gemeente": s.gemeente, "nummer": s.nummer, "regio": s.regio,
                              "status": s.label, "ingevuld": round(s.share, 3),
                              "beantwoord": s.answered, "te_beantwoorden": s.to_answer, "fouten": s.errors,
                              "waarschuwingen": s.warnings, "bestand": s.file, "contactpersoon": s.contactpersoon,
                              "e_mail": s.email,
                              "per_blad": {title: {"beantwoord": a, "te_beantwoorden": t}
                                           for title, (a, t) in s.per_sheet.items()}} for s in self.status])


def return_files(folder: Path) -> list[Path]:
    """Every file under the folder, sorted, except the operating system's own litter."""
    if not folder.is_dir():
        raise CollectError(f"{folder} is not a folder.")
    return sorted((p for p in folder.rglob("*") if p.is_file() and p.name.casefold() not in SYSTEM_FILES),
                  key=lambda p: str(p.relative_to(folder)).casefold())


Progress = Callable[[int, int], None]  # called with (files read, files in all) after every file


def collect(folder: str | Path, layouts: list[Layout], gemeenten: Iterable[Gemeente] | None = None, *,
            progress: Progress | None = None, workers: int | None = None) -> CollectResult:
    """Read every file under folder, choose one return per gemeente, and compare with the gemeenten list.

    With many files the reading is spread over `workers` processes (default: the machine's cores)."""
    folder = Path(folder)
    paths = return_files(folder)
    files = []
    for ret in read_many(paths, layouts, workers):
        files.append(ret)
        if progress:
            progress(len(files), len(paths))
    gemeenten = list(gemeenten or [])
    problems = [p for f in files for p in f.problems]
    by_gemeente = _group_by_gemeente(files, gemeenten, problems)
    used = [_choose(key, candidates, problems) for key, candidates in by_gemeente.items()]
    status = _status(used, gemeenten)
    return CollectResult(folder=folder, files=files, used=used, status=status, problems=problems)


def _key(name: str) -> str:
    return clean_text(name).casefold()


def _group_by_gemeente(files: list[ReturnFile], gemeenten: list[Gemeente],
                       problems: list[Problem]) -> dict[str, list[ReturnFile]]:
    listed = {_key(g.naam): g for g in gemeenten}
    by_number = {str(g.nummer): g for g in gemeenten if g.nummer is not None}
    groups: dict[str, list[ReturnFile]] = {}
    for ret in files:
        if ret.outcome != "read":
            continue
        name = ret.identity.gemeente
        if not name:
            stem_match = listed.get(_key(Path(ret.name).stem))
            if stem_match is None:
                problems.append(_problem(ret, "gemeente_missing", "In het werkboek staat geen gemeente en de "
                                                                  "bestandsnaam komt niet overeen met de lijst; het "
                                                                  "bestand is niet meegenomen."))
                continue
            name = stem_match.naam
            problems.append(_problem(ret, "gemeente_missing", f"In het werkboek staat geen gemeente; op grond van "
                                                              f"de bestandsnaam is '{name}' aangenomen.", "warning"))
        if gemeenten and _key(name) not in listed:
            numbered = by_number.get(ret.identity.gemeente_nr)
            hint = f" (nummer {numbered.nummer} is '{numbered.naam}')" if numbered else ""
            problems.append(_problem(ret, "gemeente_unknown", f"Gemeente '{name}' staat niet op de lijst{hint}. "
                                                              "Het bestand is wel gelezen."))
        ret.identity = _with_list_details(ret.identity, listed.get(_key(name)), name)
        groups.setdefault(_key(name), []).append(ret)
    return groups


def _with_list_details(identity: Identity, listed: Gemeente | None, name: str) -> Identity:
    """The list is leading for the number and regio; the workbook's own values fill the gaps."""
    if listed is None:
        return replace(identity, gemeente=name)
    return replace(identity, gemeente=listed.naam,
                   gemeente_nr=str(listed.nummer) if listed.nummer is not None else identity.gemeente_nr,
                   regio=listed.regio or identity.regio)


def _problem(ret: ReturnFile, code: str, message: str, severity: str | None = None) -> Problem:
    return Problem(code=code, severity=severity or READ_CODES[code][0], message=message, file=ret.name)


def _choose(key: str, candidates: list[ReturnFile], problems: list[Problem]) -> ReturnFile:
    """One file per gemeente: the one with the most answers; on a tie the most recently saved; then by name."""
    if len(candidates) == 1:
        return candidates[0]

    def answered(ret: ReturnFile) -> int:
        return sum(a.value is not None for a in ret.answers)

    def saved(ret: ReturnFile) -> float:
        try:
            return os.stat(ret.path).st_mtime
        except OSError:
            return 0.0

    ranked = sorted(candidates, key=lambda r: (-answered(r), -saved(r), r.name))
    chosen, runner_up = ranked[0], ranked[1]
    if answered(chosen) != answered(runner_up):
        why = f"het de meeste antwoorden bevat ({answered(chosen)} tegen {answered(runner_up)})"
    elif saved(chosen) != saved(runner_up):
        why = "het evenveel antwoorden bevat maar het laatst is opgeslagen"
    else:
        why = "de bestanden even volledig en even oud zijn; het eerste op naam is genomen"
    others = ", ".join(r.name for r in ranked[1:])
    for ret in ranked:
        problems.append(_problem(ret, "duplicate",
                                 f"Van gemeente '{chosen.identity.gemeente}' zijn {len(ranked)} bestanden ontvangen. "
                                 f"Gebruikt: {chosen.name}, omdat {why}. Niet gebruikt: {others}."))
    return chosen


def _counts(ret: ReturnFile) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """Answered and to-answer items; the open 'fields' questions (voorzorgscan, plan) are not required."""
    answered = total = 0
    per_sheet: dict[str, list[int]] = {}
    for answer in ret.answers:
        f = answer.field
        if f.column is not f.item.columns[0] or f.question.kind == "fields":
            continue
        entry = per_sheet.setdefault(f.sheet.title, [0, 0])
        entry[1] += 1
        total += 1
        if answer.value is not None:
            entry[0] += 1
            answered += 1
    return answered, total, {k: (v[0], v[1]) for k, v in per_sheet.items()}


def _status(used: list[ReturnFile], gemeenten: list[Gemeente]) -> list[GemeenteStatus]:
    by_key = {_key(r.identity.gemeente): r for r in used}
    rows = []
    for gemeente in gemeenten:
        ret = by_key.pop(_key(gemeente.naam), None)
        nummer = str(gemeente.nummer) if gemeente.nummer is not None else ""
        if ret is None:
            rows.append(GemeenteStatus(gemeente.naam, nummer, gemeente.regio, "missing",
                                       contactpersoon=gemeente.contactpersoon, email=gemeente.email))
        else:
            rows.append(_status_of(ret, gemeente.contactpersoon, gemeente.email))
    for ret in by_key.values():
        row = _status_of(ret, "", "")
        if gemeenten:
            row.status = "unknown"
        rows.append(row)
    return rows


def _status_of(ret: ReturnFile, contact: str, email: str) -> GemeenteStatus:
    answered, total, per_sheet = _counts(ret)
    errors = len(ret.errors)
    warnings = sum(p.severity == "warning" for p in ret.problems)
    status = "problems" if errors else ("complete" if answered == total else "incomplete")
    ident = ret.identity
    return GemeenteStatus(ident.gemeente, ident.gemeente_nr, ident.regio, status, answered, total, errors, warnings,
                          ret.name, contact, email, per_sheet)
