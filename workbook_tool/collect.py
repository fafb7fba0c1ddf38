"""A folder of returned workbooks -> one dataset: answers (long format), problems, and status per gemeente."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .completeness import completeness
from .contract import RESPONDENT_FIELDS
from .errors import READ_CODES, Problem, WorkbookToolError
from .gemeenten import Gemeente, naam_key
from .layout.model import Layout
from .parallel import read_many
from .read import Identity, ReturnFile
from .status import GemeenteStatus

if TYPE_CHECKING:
    import pandas as pd

SYSTEM_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
EXPORT_COLUMNS = ["ronde", "regio", "gemeente", "gemeente_nr", "layout_id", "layout_version", "sheet",
                  "question_id", "question", "item_id", "item_label", "column", "value", "value_as_found",
                  "problem", "cell", "source_file"] + [f"ingevuld_{f}" for f, _label, _type in RESPONDENT_FIELDS]


class CollectError(WorkbookToolError):
    """The folder cannot be collected at all (it does not exist, or an export cannot be written)."""


@dataclass(frozen=True)
class LeftOut:
    """A return that was read but is not used: of another round or questionnaire version."""

    file: ReturnFile
    reason: str  # Dutch, e.g. "ronde 'Najaar 2025' (deze rapportage: ronde 'Voorjaar 2026')"


@dataclass
class CollectResult:
    """Everything read from a folder of returns."""

    folder: Path
    files: list[ReturnFile]
    used: list[ReturnFile]
    status: list[GemeenteStatus]
    problems: list[Problem]
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        """Anything the coordinator should act on: an error or warning, or a gemeente not complete."""
        return any(p.severity in ("error", "warning") for p in self.problems) or \
            any(s.status != "complete" for s in self.status)

    @property
    def answer_count(self) -> int:
        """Rows of the answers frame (and the export): one per answer cell of every used return."""
        return sum(len(ret.answers) for ret in self.used)

    def export_rows(self) -> Iterator[list]:
        """One row per answer cell of every used return, the values in EXPORT_COLUMNS order, made one at a
        time: the export of a national round is written as it is made, never held whole."""
        for ret in self.used:
            ident = ret.identity
            head = [ident.ronde, ident.regio, ident.gemeente, ident.gemeente_nr, ident.layout_id, ident.layout_version]
            tail = [ret.name, *(ret.respondent.get(f, "") for f, _l, _t in RESPONDENT_FIELDS)]
            for answer in ret.answers:
                f = answer.field
                yield [*head, f.sheet.id, f.question.id, f.question.title, f.item.id, f.item.label, f.column.id,
                       "" if answer.value is None else answer.value, answer.value_as_found, answer.problem,
                       answer.cell, *tail]

    def answers_frame(self) -> pd.DataFrame:
        """The export's rows as a frame (compare reads rounds so; tests check against it)."""
        import pandas as pd  # for compare and tests only: collect and consolidate never need a frame

        columns = list(zip(*self.export_rows(), strict=True)) or [()] * len(EXPORT_COLUMNS)
        frame = pd.DataFrame(dict(zip(EXPORT_COLUMNS, map(list, columns), strict=True)), columns=EXPORT_COLUMNS)
        return frame.astype({"value": "object"})

    def problems_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([p.__dict__ for p in self.problems],
                            columns=list(Problem.__dataclass_fields__))

    def status_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([{"gemeente": s.gemeente, "nummer": s.nummer, "regio": s.regio,
                              "status": s.label, "ingevuld": round(s.share, 3),
                              "beantwoord": s.answered, "te_beantwoorden": s.to_answer, "nog_te_doen": s.to_do,
                              "fouten": s.errors,
                              "waarschuwingen": s.warnings, "bestand": s.file, "contactpersoon": s.contactpersoon,
                              "e_mail": s.email, "ingevuld_door": dict(s.respondent),
                              "per_blad": {title: {"beantwoord": a, "te_beantwoorden": t, "nog_te_doen": t - a}
                                           for title, (a, t) in s.per_sheet.items()}} for s in self.status])


def return_files(folder: Path) -> list[Path]:
    """Every file under the folder, sorted, except the operating system's own litter."""
    if not folder.is_dir():
        raise CollectError(f"{folder} is geen map.")
    return sorted((p for p in folder.rglob("*") if p.is_file() and p.name.casefold() not in SYSTEM_FILES),
                  key=lambda p: str(p.relative_to(folder)).casefold())


Progress = Callable[[int, int], None]  # called with (files read, files in all) after every file


Keep = Callable[[ReturnFile], str]  # "" to use a return, else why it is left out (Dutch, for the report)


def collect(folder: str | Path, layouts: list[Layout], gemeenten: Iterable[Gemeente] | None = None, *,
            progress: Progress | None = None, workers: int | None = None) -> CollectResult:
    """Read every file under folder, choose one return per gemeente, and compare with the gemeenten list.

    With many files the reading is spread over `workers` processes (default: the machine's cores)."""
    folder = Path(folder)
    return assemble(folder, read_folder(folder, layouts, progress=progress, workers=workers), gemeenten)


def read_folder(folder: str | Path, layouts: list[Layout], *, progress: Progress | None = None,
                workers: int | None = None) -> list[ReturnFile]:
    """Every file under folder, read (see read_return); never changed."""
    paths = return_files(Path(folder))
    files = []
    for ret in read_many(paths, layouts, workers):
        files.append(ret)
        if progress:
            progress(len(files), len(paths))
    return files


def assemble(folder: str | Path, files: list[ReturnFile], gemeenten: Iterable[Gemeente] | None = None,
             keep: Keep | None = None) -> CollectResult:
    """Files read -> one return per gemeente and the status of each. Returns `keep` rejects (another round
    or questionnaire version) are left out before the choice, so a gemeente's file of this round is used
    even when it also sent a newer file of another round."""
    gemeenten = list(gemeenten or [])
    problems = [p for f in files for p in f.problems]
    by_gemeente = _group_by_gemeente(files, gemeenten, problems)
    used, left_out = [], []
    for candidates in by_gemeente.values():
        kept = [ret for ret in candidates if not _left_out(ret, keep, left_out, problems)]
        if kept:
            used.append(_choose(kept, problems))
    if not gemeenten:
        _check_shared_numbers(used, problems)
    status = _status(used, left_out, files, gemeenten)
    return CollectResult(folder=Path(folder), files=files, used=used, status=status, problems=problems,
                         left_out=left_out)


def _left_out(ret: ReturnFile, keep: Keep | None, left_out: list[LeftOut], problems: list[Problem]) -> bool:
    reason = keep(ret) if keep else ""
    if reason:
        left_out.append(LeftOut(ret, reason))
        problems.append(_problem(ret, "left_out", f"Niet meegenomen: {reason}."))
    return bool(reason)


def _key(name: str) -> str:
    return naam_key(name)


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
        _check_list_number(ret, listed.get(_key(name)), problems)
        ret.identity = _with_list_details(ret.identity, listed.get(_key(name)), name)
        groups.setdefault(_key(name), []).append(ret)
    return groups


def _check_list_number(ret: ReturnFile, listed: Gemeente | None, problems: list[Problem]) -> None:
    """A workbook generated in another batch may carry another number than the list gives its gemeente."""
    written = ret.identity.gemeente_nr.strip()
    if listed is None or listed.nummer is None or not written or written == str(listed.nummer):
        return
    problems.append(_problem(ret, "number_conflict", f"Het werkboek noemt gemeente '{listed.naam}' nummer {written}; "
                                                     f"de lijst geeft nummer {listed.nummer}, dat wordt gebruikt."))


def _check_shared_numbers(used: list[ReturnFile], problems: list[Problem]) -> None:
    """Without a list, workbooks generated in separate batches may give two gemeenten one number; the
    report then numbers them all itself (gemeenten.report_numbers), and this says why."""
    by_number: dict[str, list[ReturnFile]] = {}
    for ret in used:
        if ret.identity.gemeente_nr.strip():
            by_number.setdefault(ret.identity.gemeente_nr.strip(), []).append(ret)
    for nummer, returns in by_number.items():
        if len(returns) < 2:
            continue
        names = " en ".join(r.identity.gemeente for r in returns)
        for ret in returns:
            problems.append(_problem(ret, "number_conflict", f"Nummer {nummer} staat in de werkboeken van {names}; "
                                                             "de rapportage nummert de gemeenten daarom zelf."))


def _with_list_details(identity: Identity, listed: Gemeente | None, name: str) -> Identity:
    """The list is leading for the number and regio; the workbook's own values fill the gaps."""
    if listed is None:
        return replace(identity, gemeente=name)
    return replace(identity, gemeente=listed.naam,
                   gemeente_nr=str(listed.nummer) if listed.nummer is not None else identity.gemeente_nr,
                   regio=listed.regio or identity.regio)


def _problem(ret: ReturnFile, code: str, message: str, severity: str | None = None) -> Problem:
    return Problem(code=code, severity=severity or READ_CODES[code][0], message=message, file=ret.name)


def _choose(candidates: list[ReturnFile], problems: list[Problem]) -> ReturnFile:
    """One file per gemeente: byte-identical copies count once; then the one the workbook itself says was
    saved last (not the file system's time, which mail and copying change); on a tie the one with the most
    answers; then the first by name. When an unused file had answers the chosen one lacks, say which."""
    distinct = _distinct(candidates)
    if len(distinct) == 1:
        return distinct[0]
    ranked = sorted(distinct, key=lambda r: (-_saved_key(r).timestamp(), -_answered(r), r.name))
    chosen, runner_up = ranked[0], ranked[1]
    if _saved_key(chosen) != _saved_key(runner_up):
        why = f"het volgens het werkboek zelf het laatst is opgeslagen ({_saved_text(chosen)})"
    elif _answered(chosen) != _answered(runner_up):
        why = (f"het even laat is opgeslagen en de meeste antwoorden bevat "
               f"({_answered(chosen)} tegen {_answered(runner_up)})")
    else:
        why = "de bestanden even laat zijn opgeslagen en even volledig zijn; het eerste op naam is genomen"
    others = ", ".join(r.name for r in ranked[1:])
    message = (f"Van gemeente '{chosen.identity.gemeente}' zijn {len(ranked)} verschillende bestanden ontvangen. "
               f"Gebruikt: {chosen.name}, omdat {why}. Niet gebruikt: {others}."
               f"{_lost_answers(chosen, ranked[1:])}")
    for ret in ranked:
        problems.append(_problem(ret, "duplicate", message))
    return chosen


def _distinct(candidates: list[ReturnFile]) -> list[ReturnFile]:
    """Byte-identical copies (the same file mailed twice, or saved in two folders) are one return."""
    by_hash: dict[str, ReturnFile] = {}
    for ret in sorted(candidates, key=lambda r: r.name):
        by_hash.setdefault(ret.sha256, ret)
    return list(by_hash.values())


def _answered(ret: ReturnFile) -> int:
    return sum(value is not None for value in ret.answers.values)


def _saved_key(ret: ReturnFile) -> dt.datetime:
    """The workbook's own saved time as a comparable moment; a file without one counts as the oldest."""
    text = ret.saved_at.strip()
    try:
        moment = dt.datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00")))
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _saved_text(ret: ReturnFile) -> str:
    """The workbook's own saved time in Dutch time ("13-03-2026 14:05"), or "onbekend"."""
    moment = _saved_key(ret)
    if moment.year <= 1:
        return "onbekend"
    return moment.astimezone(_dutch_time()).strftime("%d-%m-%Y %H:%M")


def _dutch_time() -> dt.tzinfo:
    """Amsterdam's time zone; UTC where the system has no time zone data (Windows without tzdata)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Amsterdam")
    except (ImportError, KeyError, OSError, ValueError):
        return dt.timezone.utc


MAX_LOST_SHOWN = 5


def _lost_answers(chosen: ReturnFile, others: list[ReturnFile]) -> str:
    """The answers an unused file has and the chosen file lacks: a correction may have emptied them on
    purpose, but an older copy may as well hold work the gemeente did not mean to lose."""
    answered = {key for key, value in chosen.answers.by_key().items() if value is not None}
    lost: dict[str, str] = {}
    for ret in others:
        for key, value in ret.answers.by_key().items():
            if value is not None and key not in answered:
                lost.setdefault(key, ret.name)
    if not lost:
        return ""
    shown = ", ".join(list(lost)[:MAX_LOST_SHOWN]) + (", ..." if len(lost) > MAX_LOST_SHOWN else "")
    files = ", ".join(dict.fromkeys(lost.values()))
    return (f" Let op: {len(lost)} antwoorden uit {files} ontbreken in het gebruikte bestand ({shown}); "
            "controleer met de gemeente welke versie geldt.")


def _status(used: list[ReturnFile], left_out: list[LeftOut], files: list[ReturnFile],
            gemeenten: list[Gemeente]) -> list[GemeenteStatus]:
    by_key = {_key(r.identity.gemeente): r for r in used}
    left_by_key = {_key(x.file.identity.gemeente): x for x in left_out}
    rows = []
    for gemeente in gemeenten:
        key = _key(gemeente.naam)
        ret = by_key.pop(key, None)
        nummer = str(gemeente.nummer) if gemeente.nummer is not None else ""
        if ret is not None:
            rows.append(_status_of(ret, gemeente.contactpersoon, gemeente.email))
            continue
        left = left_by_key.pop(key, None)
        unread = _unread_file_of(gemeente, files)
        status = "left_out" if left else (_unread_status(unread) if unread else "missing")
        file = left.file.name if left else (unread.name if unread else "")
        rows.append(GemeenteStatus(gemeente.naam, nummer, gemeente.regio, status, file=file,
                                   contactpersoon=gemeente.contactpersoon, email=gemeente.email,
                                   note=left.reason if left else ""))
    for ret in by_key.values():
        row = _status_of(ret, "", "")
        if gemeenten:
            row.status = "unknown"
        rows.append(row)
    used_keys = {_key(r.identity.gemeente) for r in used}
    for key, left in left_by_key.items():
        if key not in used_keys:  # a gemeente whose return of this round is used is not "left out"
            ident = left.file.identity
            rows.append(GemeenteStatus(ident.gemeente, ident.gemeente_nr, ident.regio, "left_out",
                                       file=left.file.name, note=left.reason))
    return rows


def _unread_file_of(gemeente: Gemeente, files: list[ReturnFile]) -> ReturnFile | None:
    """A file that could not be read but whose name names the gemeente ("Gemeente A (ingevuld).xls"):
    it was sent in, so a reminder to send it would be wrong."""
    name = re.compile(rf"(?<!\w){re.escape(_key(gemeente.naam))}(?!\w)")
    for ret in files:
        if ret.outcome == "failed" and name.search(_key(Path(ret.name).stem)):
            return ret
    return None


def _unread_status(ret: ReturnFile) -> str:
    return "other_format" if any(p.code == "not_xlsx" for p in ret.problems) else "unreadable"


def _status_of(ret: ReturnFile, contact: str, email: str) -> GemeenteStatus:
    counts = completeness(ret)
    errors = len(ret.errors)
    warnings = sum(p.severity == "warning" for p in ret.problems)
    status = "problems" if errors else ("complete" if counts.answered == counts.asked else "incomplete")
    ident = ret.identity
    return GemeenteStatus(ident.gemeente, ident.gemeente_nr, ident.regio, status, counts.answered, counts.asked,
                          errors, warnings, ret.name, contact, email, counts.per_sheet, dict(ret.respondent),
                          open_questions=counts.open_questions,
                          received="" if _saved_text(ret) == "onbekend" else _saved_text(ret))
