"""The coordinator's list of gemeenten (CSV or xlsx): naam, regio, and optionally nummer, contactpersoon, e-mail."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import WorkbookToolError
from .values import clean_text

REQUIRED = ("naam",)
KNOWN = ("naam", "regio", "nummer", "contactpersoon", "e-mail")
# Header spellings people use for the same column.
ALIASES = {"gemeente": "naam", "name": "naam", "nr": "nummer", "nr.": "nummer", "number": "nummer",
           "email": "e-mail", "e_mail": "e-mail", "mail": "e-mail", "contact": "contactpersoon",
           "region": "regio"}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class GemeentenListError(WorkbookToolError):
    """The gemeenten list cannot be used; the message names the file, row and column."""


@dataclass(frozen=True)
class Gemeente:
    """One gemeente of the round."""

    naam: str
    regio: str = ""
    nummer: int | None = None
    contactpersoon: str = ""
    email: str = ""


def load_gemeenten(path: str | Path, default_regio: str = "") -> list[Gemeente]:
    """Read and check a gemeenten list; every problem is reported at once, with its row."""
    path = Path(path)
    rows = _read_rows(path)
    if not rows:
        raise GemeentenListError(f"{path}: de lijst is leeg; verwacht een kopregel met ten minste de kolom 'naam'.")
    header = [_canonical(h) for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise GemeentenListError(
            f"{path}: geen kolom {', '.join(repr(m) for m in missing)} in de kopregel "
            f"({', '.join(repr(h) for h in rows[0] if h)}). Verwachte kolommen: {', '.join(KNOWN)}.")
    problems: list[str] = []
    gemeenten: list[Gemeente] = []
    seen_names: dict[str, int] = {}
    seen_numbers: dict[int, int] = {}
    for row_number, row in enumerate(rows[1:], start=2):
        record = {header[i]: (row[i] if i < len(row) else "").strip() for i in range(len(header)) if header[i]}
        if not any(record.values()):
            continue
        where = f"{path}, rij {row_number}"
        naam = record.get("naam", "")
        if not naam:
            problems.append(f"{where}: 'naam' is leeg.")
            continue
        key = naam.casefold()
        if key in seen_names:
            problems.append(f"{where}: gemeente '{naam}' staat al op rij {seen_names[key]}.")
        seen_names[key] = row_number
        nummer = _parse_number(record.get("nummer", ""), where, problems)
        if nummer is not None:
            if nummer in seen_numbers:
                problems.append(f"{where}: nummer {nummer} is al gebruikt op rij {seen_numbers[nummer]}.")
            seen_numbers[nummer] = row_number
        email = record.get("e-mail", "")
        if email and not EMAIL_RE.match(email):
            problems.append(f"{where}: e-mail '{email}' is geen e-mailadres.")
        gemeenten.append(Gemeente(naam=naam, regio=record.get("regio", "") or default_regio, nummer=nummer,
                                  contactpersoon=record.get("contactpersoon", ""), email=email))
    if problems:
        raise GemeentenListError("De lijst van gemeenten heeft problemen:\n" + "\n".join(problems))
    if not gemeenten:
        raise GemeentenListError(f"{path}: de lijst heeft een kopregel maar geen gemeenten.")
    return gemeenten


def numbered(gemeenten: list[Gemeente]) -> list[Gemeente]:
    """Every gemeente with its stable number (see assign_numbers)."""
    numbers = assign_numbers([(g.naam, g.nummer) for g in gemeenten])
    return [g if g.nummer is not None else replace(g, nummer=numbers[g.naam]) for g in gemeenten]


def assign_numbers(gemeenten: Iterable[tuple[str, int | None]]) -> dict[str, int]:
    """The one numbering rule of the tool: a gemeente keeps its own number (from the list or its workbook);
    the others get the free numbers from 1 up, in Dutch alphabetical order ("'s-Hertogenbosch" under H)."""
    gemeenten = list(gemeenten)
    numbers = {naam: nummer for naam, nummer in gemeenten if nummer is not None}
    used = set(numbers.values())
    free = (n for n in range(1, len(gemeenten) + len(used) + 2) if n not in used)
    for naam in sorted((naam for naam, nummer in gemeenten if nummer is None), key=dutch_sort_key):
        numbers[naam] = next(free)
    return numbers


@dataclass(frozen=True)
class Numbering:
    """The number of every gemeente in a report, and every conflict found deciding them (Dutch)."""

    numbers: dict[str, int]
    conflicts: list[str]


def report_numbers(returned: Iterable[tuple[str, str]], listed: Iterable[Gemeente] = ()) -> Numbering:
    """The numbers a report shows, decided here and never taken blindly from the files (a workbook
    generated in another batch may carry a number another gemeente has too).

    returned: (gemeente, number as written in its workbook, "" if none) of each return in the report.
    With a list, the list decides (its numbering: `numbered`); a gemeente not on it gets a free number
    after the list's. Without a list, the workbooks' numbers are used when no two gemeenten share one;
    otherwise every gemeente is numbered by assign_numbers as if none had a number."""
    returned = list(dict.fromkeys(returned))
    listed = numbered(list(listed))
    if listed:
        return _numbers_by_list(returned, listed)
    given = {naam: _as_number(nr) for naam, nr in returned}
    claimed: dict[int, list[str]] = {}
    for naam, nr in given.items():
        if nr is not None:
            claimed.setdefault(nr, []).append(naam)
    shared = {nr: names for nr, names in claimed.items() if len(names) > 1}
    if not shared:
        return Numbering(assign_numbers(given.items()), [])
    conflicts = [f"Nummer {nr} staat in de werkboeken van {' en '.join(sorted(names, key=dutch_sort_key))}; "
                 "alle gemeenten zijn daarom op alfabet genummerd." for nr, names in sorted(shared.items())]
    return Numbering(assign_numbers((naam, None) for naam in given), conflicts)


def _numbers_by_list(returned: list[tuple[str, str]], listed: list[Gemeente]) -> Numbering:
    by_name = {naam_key(g.naam): g for g in listed}
    numbers = {g.naam: g.nummer for g in listed if g.nummer is not None}
    conflicts = []
    unlisted = []
    for naam, nr in returned:
        gemeente = by_name.get(naam_key(naam))
        if gemeente is None:
            unlisted.append(naam)
            continue
        numbers[naam] = gemeente.nummer
        given = _as_number(nr)
        if given is not None and given != gemeente.nummer:
            conflicts.append(f"{naam}: het werkboek noemt nummer {given}, de lijst {gemeente.nummer}; "
                             f"nummer {gemeente.nummer} (de lijst) is gebruikt.")
    fixed = [(naam, nummer) for naam, nummer in numbers.items()]
    extra = assign_numbers(fixed + [(naam, None) for naam in unlisted])
    for naam in unlisted:
        numbers[naam] = extra[naam]
        conflicts.append(f"{naam} staat niet op de lijst en heeft nummer {extra[naam]} gekregen.")
    return Numbering({naam: numbers[naam] for naam, _ in returned}, conflicts)


def naam_key(naam: str) -> str:
    """How two spellings of a gemeente's name are matched: as text values are (values.clean_text), case ignored."""
    return clean_text(naam).casefold()


def _as_number(text: object) -> int | None:
    text = str(text or "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdigit() and int(text) > 0 else None


def dutch_sort_key(naam: str) -> str:
    """"'s-Hertogenbosch" and "'s Gravenhage" sort under H and G, as Dutch lists do."""
    return re.sub(r"^'s[- ]", "", naam).casefold()


def safe_filename(name: str) -> str:
    """A file name that works on Windows, macOS and in mail: letters (accents kept), digits, space, - _ . ( ) '."""
    text = unicodedata.normalize("NFC", name).strip()
    text = re.sub(r"[^\w\s.()'-]", "_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    return text[:100] or "gemeente"


def _read_rows(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise GemeentenListError(f"{path}: de lijst van gemeenten bestaat niet.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix not in (".csv", ".txt"):
        raise GemeentenListError(f"{path}: verwacht een .csv- of .xlsx-bestand.")
    text = _decode_text(path, path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _decode_text(path: Path, raw: bytes) -> str:
    """The list as text: UTF-16 when it starts with a byte order mark (Excel's "Unicode text"), else UTF-8,
    else Windows-1252 (Excel's "CSV" on a Dutch Windows)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            failure = exc
    raise GemeentenListError(
        f"{path}: de lijst is niet als tekst te lezen ({encodings[-1]}: byte {failure.start + 1} is onleesbaar). "
        "Sla haar op als CSV UTF-8 of als Excel-werkmap (.xlsx).")


def _read_xlsx(path: Path) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same clear message (openpyxl's is English)
        raise GemeentenListError(f"{path}: is niet te lezen als Excel-werkmap: het bestand is beschadigd, met een "
                                 "wachtwoord beveiligd of geen echte .xlsx. Open het in Excel en sla het opnieuw op "
                                 "als Excel-werkmap, of als CSV UTF-8.") from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True, max_row=2000):
            rows.append(["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                         for v in row])
        return rows
    finally:
        workbook.close()


def _canonical(header: str) -> str:
    key = (header or "").strip().lower()
    return ALIASES.get(key, key if key in KNOWN else "")


def _parse_number(text: str, where: str, problems: list[str]) -> int | None:
    if not text:
        return None
    if text.isdigit() and int(text) > 0:
        return int(text)
    problems.append(f"{where}: nummer '{text}' is geen geheel getal van 1 of meer.")
    return None
