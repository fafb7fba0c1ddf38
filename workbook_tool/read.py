"""One returned workbook -> identity, answers and problems. Never modifies the file, never raises on bad input.

The file is read into memory once and treated as untrusted: its kind is sniffed from its first bytes,
the zip is checked for bombs before anything is decompressed, XML with a DTD is refused, and values
are read with python-calamine (fast, values only); the few structural facts calamine does not give
(defined names, sheet states, the 1904 date system, formulas) come from a defused parse of the XML.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from xml.sax.saxutils import unescape

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from python_calamine import CalamineWorkbook

from .errors import READ_CODES, Problem
from .generate import (FIRST_ANSWER_COLUMN, META_NAMES, META_TITLE, METADATA_FORMAT, START_TITLE, answer_name,
                       item_label_text, metadata_token, sheet_columns)
from .layout.model import NAMELIJK, AnswerField, Layout
from .values import as_found, check_value, clean_text, is_empty

# Limits for untrusted files. A scan workbook is about 100 KB zipped and 2 MB unzipped.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PARTS = 2000
MAX_PART_BYTES = 40 * 1024 * 1024
MAX_TOTAL_BYTES = 150 * 1024 * 1024
MAX_RATIO = 200  # applied to parts over 1 MB only: real styles.xml files compress very well too
MAX_ROWS_READ = 20000

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
REF_RE = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^!']+))!\$?([A-Z]{1,3})\$?(\d+)$")
CELL_RE = re.compile(r"^([A-Z]{1,3})(\d+)$")


class ReadFailure(Exception):
    """The file cannot be read as a scan workbook; carries the problem code and a precise message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Identity:
    """Who and what a return is, and how that was established."""

    layout_id: str = ""
    layout_version: str = ""
    gemeente: str = ""
    gemeente_nr: str = ""
    regio: str = ""
    ronde: str = ""
    generated_at: str = ""
    method: str = ""  # metadata | names | labels


@dataclass(slots=True)
class Answer:
    """One answer cell of a return: where it was found, the answer, and the value exactly as found."""

    field: AnswerField
    cell: str  # "'Sheet'!C5", or "" when the cell could not be found
    value: Any
    value_as_found: str
    problem: str = ""


@dataclass
class ReturnFile:
    """Everything read from one file: its identity, one Answer per answer cell, and the problems."""

    path: Path
    sha256: str
    outcome: str  # read | skipped | failed
    identity: Identity = field(default_factory=Identity)
    layout: Layout | None = None
    answers: list[Answer] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def read_return(path: str | Path, layouts: list[Layout]) -> ReturnFile:
    """Read one returned file. Bad input becomes problems on the result; this function does not raise."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failed(path, b"", "corrupt", f"Het bestand kan niet worden gelezen ({exc.strerror or exc}).")
    result = ReturnFile(path=path, sha256=hashlib.sha256(data).hexdigest(), outcome="read")
    try:
        kind = sniff(path, data)
        if kind == "lock":
            result.outcome = "skipped"
            result.problems.append(_file_problem(path, "lock_file", READ_CODES["lock_file"][1]))
            return result
        _Reader(path, data, layouts, result).read()
    except ReadFailure as failure:
        return _failed(path, data, failure.code, failure.message)
    except Exception as exc:  # noqa: BLE001 - an unforeseen file must not stop the batch
        return _failed(path, data, "internal", f"Onverwachte fout bij het lezen ({type(exc).__name__}: {exc}). "
                                               "Het bestand is niet verwerkt; meld dit met het bestand erbij.")
    return result


def _failed(path: Path, data: bytes, code: str, message: str) -> ReturnFile:
    result = ReturnFile(path=path, sha256=hashlib.sha256(data).hexdigest(), outcome="failed")
    result.problems.append(_file_problem(path, code, message))
    return result


def _file_problem(path: Path, code: str, message: str) -> Problem:
    return Problem(code=code, severity=READ_CODES[code][0], message=message, file=path.name)


def sniff(path: Path, data: bytes) -> str:
    """What kind of file this is, from its name (lock files) and first bytes; raises ReadFailure if not xlsx."""
    name = path.name
    if name.startswith("~$") or name.startswith(".~lock."):
        return "lock"
    if not data:
        raise ReadFailure("empty_file", "Het bestand is leeg (0 bytes). Vraag de gemeente het opnieuw te sturen.")
    if len(data) > MAX_FILE_BYTES:
        raise ReadFailure("unsafe", f"Het bestand is {len(data) // 1_000_000} MB; een scanwerkboek is veel kleiner.")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ReadFailure("encrypted", "Het bestand is met een wachtwoord versleuteld. Vraag de gemeente een "
                                           "kopie zonder wachtwoord te sturen (Bestand > Info > Werkmap beveiligen).")
        raise ReadFailure("not_xlsx", "Dit is een oud Excel-bestand (.xls). Vraag de gemeente het werkboek op te "
                                      "slaan als Excel-werkmap (.xlsx).")
    if data.startswith(b"%PDF"):
        raise ReadFailure("not_xlsx", "Dit is een PDF, geen werkboek. Vraag de gemeente het .xlsx-bestand te sturen.")
    if not data.startswith(b"PK\x03\x04"):
        hint = " (een tekst- of CSV-bestand)" if _looks_like_text(data) else ""
        raise ReadFailure("not_xlsx", f"Het bestand is geen Excel-werkmap{hint}. Vraag de gemeente het .xlsx-bestand "
                                      "te sturen.")
    return "zip"


def _looks_like_text(data: bytes) -> bool:
    head = data[:2048]
    return b"\x00" not in head and sum(32 <= b < 127 or b in (9, 10, 13) for b in head) > 0.9 * len(head)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError, OSError) as exc:
        # NotImplementedError: zipfile's answer to a damaged header that claims an unknown zip version.
        raise ReadFailure("corrupt", f"Het bestand is beschadigd of onvolledig (geen geldig zip-archief: {exc}). "
                                     "Vraag de gemeente het opnieuw te sturen.") from None
    if len(infos) > MAX_PARTS:
        raise ReadFailure("unsafe", f"Het bestand bevat {len(infos)} onderdelen; geweigerd.")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
            raise ReadFailure("unsafe", f"Het bestand pakt uit tot meer dan {MAX_TOTAL_BYTES // 1_000_000} MB "
                                        f"(onderdeel {info.filename}); geweigerd als mogelijke zip-bom.")
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadFailure("unsafe", f"Onderdeel {info.filename} is {info.file_size // info.compress_size} keer "
                                        "gecomprimeerd; geweigerd als mogelijke zip-bom.")
    names = set(archive.namelist())
    if "mimetype" in names and b"opendocument" in _read_part(archive, "mimetype", 200):
        raise ReadFailure("not_xlsx", "Dit is een OpenDocument-bestand (.ods). Vraag de gemeente het op te slaan "
                                      "als Excel-werkmap (.xlsx).")
    if "xl/workbook.xml" not in names:
        what = "een Word-document" if "word/document.xml" in names else "geen Excel-werkmap"
        raise ReadFailure("not_xlsx", f"Het bestand is {what}. Vraag de gemeente het .xlsx-bestand te sturen.")
    _refuse_dtd(archive)
    return archive


def _refuse_dtd(archive: zipfile.ZipFile) -> None:
    """No part of a workbook needs a DTD; one with entity declarations is an expansion attack. Checked
    before any parser (ours or calamine's) sees the XML; only the head of each part is read."""
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels", ".vml")):
            head = _read_part(archive, info.filename, 1024)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise ReadFailure("unsafe", f"Onderdeel {info.filename} bevat een XML-DTD met entiteiten; "
                                            "geweigerd als onveilig (mogelijke entiteiten-bom).")


def _read_part(archive: zipfile.ZipFile, name: str, limit: int | None = None) -> bytes:
    try:
        with archive.open(name) as handle:
            return handle.read(limit if limit is not None else MAX_PART_BYTES)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as exc:
        raise ReadFailure("corrupt", f"Onderdeel {name} van het bestand is beschadigd ({exc}).") from None
    except Exception as exc:  # zlib.error and friends
        raise ReadFailure("corrupt", f"Onderdeel {name} van het bestand is beschadigd ({exc}).") from None


def _parse_xml(archive: zipfile.ZipFile, name: str):
    try:
        return SafeET.fromstring(_read_part(archive, name), forbid_dtd=True)
    except DefusedXmlException:
        raise ReadFailure("unsafe", f"Onderdeel {name} bevat een XML-DTD of entiteiten; geweigerd als onveilig.") from None
    except SafeET.ParseError as exc:
        raise ReadFailure("corrupt", f"Onderdeel {name} is geen geldige XML ({exc}).") from None


@dataclass
class _Structure:
    """What the workbook XML says: sheets (title -> part, state), defined names, date system."""

    sheets: dict[str, tuple[str, str]]
    names: dict[str, str]
    date1904: bool


DEFINED_NAMES_RE = re.compile(rb"<(?:\w+:)?definedNames\b.*?</(?:\w+:)?definedNames>", re.S)
DEFINED_NAME_RE = re.compile(r"<(?:\w+:)?definedName\b([^>]*)>([^<]*)</(?:\w+:)?definedName>")
ATTRIBUTE_RE = re.compile(r'([\w:]+)="([^"]*)"')


FAST_DEFINED_NAME_RE = re.compile(r'<definedName name="([^"]*)"([^>]*)>([^<]*)</definedName>')


def _defined_names(block: bytes) -> dict[str, str]:
    """Workbook-scoped defined names (case-folded) -> reference text. A regex, not a tree: a scan workbook
    has a thousand names and this is on every file's path; DTDs were refused before, so no entities."""
    text_block = block.decode("utf-8", "replace")
    fast = FAST_DEFINED_NAME_RE.findall(text_block)
    if len(fast) == text_block.count("</definedName>"):  # the usual spelling: name first, no prefix
        return {unescape_xml(name).casefold(): unescape_xml(ref) for name, rest, ref in fast
                if ref and "localSheetId" not in rest}
    names = {}
    for attrs, text in DEFINED_NAME_RE.findall(text_block):
        attributes = dict(ATTRIBUTE_RE.findall(attrs))
        if "localSheetId" not in attributes and text:
            names[unescape_xml(attributes.get("name", "")).casefold()] = unescape_xml(text)
    return names


def unescape_xml(text: str) -> str:
    return unescape(text, {"&apos;": "'", "&quot;": '"'}) if "&" in text else text


def _structure(archive: zipfile.ZipFile) -> _Structure:
    xml = _read_part(archive, "xl/workbook.xml")
    start, end = xml.find(b"<definedNames"), xml.find(b"</definedNames>")
    block = DEFINED_NAMES_RE.search(xml) if start < 0 or end < start else None
    if start >= 0 and end > start:
        names = _defined_names(xml[start:end + len(b"</definedNames>")])
        xml = xml[:start] + xml[end + len(b"</definedNames>"):]
    elif block:  # a prefixed spelling such as <x:definedNames>
        names = _defined_names(block.group(0))
        xml = xml[:block.start()] + xml[block.end():]
    else:
        names = {}
    try:
        book = SafeET.fromstring(xml, forbid_dtd=True)
    except DefusedXmlException:
        raise ReadFailure("unsafe", "Onderdeel xl/workbook.xml bevat een XML-DTD of entiteiten; geweigerd.") from None
    except SafeET.ParseError as exc:
        raise ReadFailure("corrupt", f"Onderdeel xl/workbook.xml is geen geldige XML ({exc}).") from None
    targets = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        for rel in _parse_xml(archive, "xl/_rels/workbook.xml.rels").findall("rel:Relationship", NS):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            targets[rel.get("Id")] = part
    sheets = {}
    for sheet in book.findall("m:sheets/m:sheet", NS):
        rid = sheet.get(f"{{{NS['r']}}}id")
        sheets[sheet.get("name", "")] = (targets.get(rid, ""), sheet.get("state", "visible"))
    props = book.find("m:workbookPr", NS)
    date1904 = props is not None and props.get("date1904", "0").lower() in ("1", "true")
    return _Structure(sheets=sheets, names=names, date1904=date1904)


@functools.lru_cache(maxsize=65536)
def parse_ref(text: str) -> tuple[str, str] | None:
    """"'Sheet x'!$C$5" -> ("Sheet x", "C5"); None for #REF!, ranges and anything else."""
    match = REF_RE.match(text.strip())
    if not match:
        return None
    sheet = (match.group(1) or "").replace("''", "'") or match.group(2)
    return sheet, f"{match.group(3)}{match.group(4)}"


def cell_index(cell: str) -> tuple[int, int]:
    letters, digits = CELL_RE.match(cell).groups()
    col = 0
    for char in letters:
        col = col * 26 + ord(char) - 64
    return int(digits) - 1, col - 1


@functools.lru_cache(maxsize=65536)
def _cell_index_cached(cell: str) -> tuple[int, int]:
    return cell_index(cell)


def cell_name(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


class _Reader:
    """Reads one zip-sniffed file into its ReturnFile."""

    def __init__(self, path: Path, data: bytes, layouts: list[Layout], result: ReturnFile):
        self.path = path
        self.data = data
        self.layouts = layouts
        self.result = result
        self.grids: dict[str, list[list[Any]]] = {}
        self.formula_cells: dict[str, set[str]] = {}

    def problem(self, code: str, message: str, **where: str) -> None:
        self.result.problems.append(Problem(code=code, severity=READ_CODES[code][0], message=message,
                                            file=self.path.name, **where))

    def read(self) -> None:
        self.archive = _open_zip(self.data)
        self.structure = _structure(self.archive)
        try:
            self.book = CalamineWorkbook.from_filelike(io.BytesIO(self.data))
        except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
            raise ReadFailure("corrupt", f"Het werkboek kan niet worden gelezen ({exc}).") from None
        metadata = self._metadata()
        identity, layout, cell_map = self._identify(metadata)
        self.result.identity, self.result.layout = identity, layout
        self._read_answers(layout, identity.method, cell_map)
        self._check_consistency(layout)

    # -- grids ------------------------------------------------------------------------------------
    def grid(self, title: str) -> list[list[Any]]:
        """All values of a sheet, indexed [row][col] from A1 (empty cells as '')."""
        if title not in self.grids:
            part = self.structure.sheets.get(title, ("", ""))[0]
            if part and part in self.archive.namelist():
                self.formula_cells[title] = _formula_cells(_read_part(self.archive, part))
            try:
                sheet = self.book.get_sheet_by_name(title)
                self.grids[title] = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS_READ)
            except Exception as exc:  # noqa: BLE001
                raise ReadFailure("corrupt", f"Blad '{title}' kan niet worden gelezen ({exc}).") from None
        return self.grids[title]

    def value_at(self, title: str, cell: str) -> Any:
        row, col = _cell_index_cached(cell)
        grid = self.grid(title)
        if row < len(grid) and col < len(grid[row]):
            value = grid[row][col]
            return None if value == "" else value
        return None

    # -- identification ---------------------------------------------------------------------------
    def _metadata(self) -> dict[str, Any] | None:
        title = next((t for t in self.structure.sheets if t.casefold() == META_TITLE), None)
        if title is None:
            return None
        rows = self.grid(title)
        entries: dict[str, str] = {}
        cell_map: dict[str, tuple[str, str]] = {}
        columns = None
        for row in rows:
            if not row or row[0] in ("", None):
                continue
            if columns is None:
                if row[0] == "name":
                    header = [as_found(v) for v in row]
                    if not {"key", "sheet", "cell"} <= set(header):
                        break
                    columns = key_col, sheet_col, cell_col = (header.index("key"), header.index("sheet"),
                                                              header.index("cell"))
                    last = max(columns)
                else:
                    entries[as_found(row[0])] = as_found(row[1]) if len(row) > 1 else ""
            elif len(row) > last:
                key, sheet, cell = row[key_col], row[sheet_col], row[cell_col]
                if isinstance(key, str) and isinstance(sheet, str) and isinstance(cell, str):
                    cell_map[key] = (sheet, cell)
        if entries.get("format") != METADATA_FORMAT:
            return None
        return {"entries": entries, "cells": cell_map}

    def _identify(self, metadata: dict[str, Any] | None) -> tuple[Identity, Layout, dict[str, tuple[str, str]]]:
        if metadata is not None:
            entries = metadata["entries"]
            identity = Identity(**{k: entries.get(k, "") for k in ("layout_id", "layout_version", "gemeente",
                                                                     "gemeente_nr", "regio", "ronde", "generated_at")},
                                method="metadata")
            self._check_token(identity, entries.get("token", ""))
            identity = self._prefer_start_sheet(identity)
            return identity, self._layout_for(identity), metadata["cells"]
        self.problem("metadata_missing", "Het verborgen blad 'metadata' ontbreekt of is beschadigd; de vragenlijst "
                                         "en gemeente zijn bepaald via de namen of de teksten van het werkboek.")
        by_names = self._names_identity()
        if by_names.layout_id:
            return by_names, self._layout_for(by_names), {}
        return self._labels_identity()

    def _check_token(self, identity: Identity, token: str) -> None:
        expected = metadata_token(identity.layout_id, identity.layout_version, identity.gemeente, identity.regio,
                                  identity.ronde, identity.gemeente_nr)
        if token != expected:
            self.problem("metadata_changed", "De verborgen gegevens (gemeente, regio, ronde of versie) zijn na het "
                                             "maken van het werkboek gewijzigd. Controleer van welke gemeente dit "
                                             "bestand is.", sheet=META_TITLE)

    def _name_value(self, name: str) -> Any:
        ref = self.structure.names.get(name.casefold())
        place = parse_ref(ref) if ref else None
        if place is None or place[0] not in self.structure.sheets:
            return None
        return self.value_at(*place)

    def _prefer_start_sheet(self, identity: Identity) -> Identity:
        """The Start sheet shows the same gemeente; a different one there means someone changed it."""
        shown = self._name_value(META_NAMES["gemeente"])
        if shown is not None and identity.gemeente and clean_text(as_found(shown)) != clean_text(identity.gemeente):
            self.problem("metadata_changed", f"Op het blad Start staat gemeente '{as_found(shown)}', in de verborgen "
                                             f"gegevens '{identity.gemeente}'. De verborgen gegevens zijn gebruikt.",
                         sheet=START_TITLE, value_found=as_found(shown), expected=identity.gemeente)
        return identity

    def _names_identity(self) -> Identity:
        values = {key: as_found(self._name_value(name)) for key, name in META_NAMES.items()}
        layout_text = values.get("layout_id", "")
        return Identity(layout_id=layout_text, layout_version=values.get("layout_version", ""),
                        gemeente=values.get("gemeente", ""), gemeente_nr=values.get("gemeente_nr", ""),
                        regio=values.get("regio", ""), ronde=values.get("ronde", ""), method="names")

    def _labels_identity(self) -> tuple[Identity, Layout, dict]:
        best, best_hits = None, 0
        for layout in self.layouts:
            hits = sum(1 for sheet in layout.sheets if sheet.title in self.structure.sheets)
            if hits > best_hits:
                best, best_hits = layout, hits
        if best is None:
            raise ReadFailure("not_a_scan", "Dit werkboek is geen scanwerkboek: er is geen verborgen blad 'metadata' "
                                            "en geen enkel tabblad van de vragenlijst. Is het verkeerde bestand "
                                            "meegestuurd?")
        gemeente = regio = ronde = ""
        if START_TITLE in self.structure.sheets:
            for row in self.grid(START_TITLE)[:20]:
                label = as_found(row[0]) if row else ""
                value = as_found(row[1]) if len(row) > 1 else ""
                if label == "Gemeente":
                    gemeente = value
                elif label == "Regio":
                    regio = value
                elif label == "Ronde":
                    ronde = value
        self.problem("found_by_labels", f"De vragenlijst ({best.id} versie {best.version}) is herkend aan de "
                                        "tabbladen en de antwoorden aan de teksten naast de cellen; controleer de "
                                        "antwoorden van dit bestand extra.")
        identity = Identity(layout_id=best.id, layout_version=best.version, gemeente=gemeente, regio=regio,
                            ronde=ronde, method="labels")
        return identity, best, {}

    def _layout_for(self, identity: Identity) -> Layout:
        for layout in self.layouts:
            if layout.id == identity.layout_id and layout.version == identity.layout_version:
                return layout
        known = ", ".join(f"{l.id} {l.version}" for l in self.layouts) or "geen"
        same_id = [l.version for l in self.layouts if l.id == identity.layout_id]
        if same_id:
            message = (f"Dit werkboek is gemaakt met versie {identity.layout_version} van {identity.layout_id}; "
                       f"bekend is versie {', '.join(same_id)}. Stuur de gemeente het werkboek van de huidige versie "
                       "of voeg de layout van deze versie toe.")
        else:
            message = (f"Dit werkboek hoort bij vragenlijst '{identity.layout_id}' versie {identity.layout_version}, "
                       f"die hier niet bekend is (bekend: {known}).")
        raise ReadFailure("unknown_layout", message)

    # -- answers ----------------------------------------------------------------------------------
    def _read_answers(self, layout: Layout, method: str, cell_map: dict[str, tuple[str, str]]) -> None:
        label_places = self._places_by_labels(layout) if method == "labels" else {}
        names, sheets = self.structure.names, self.structure.sheets
        moved = 0
        for answer_field, key, name, expected_label in _answer_index(layout):
            if method == "labels":
                place = label_places.get(key)
            else:
                ref = names.get(name)
                place = parse_ref(ref) if ref else None
                if place is not None and place[0] not in sheets:
                    place = None
                mapped = cell_map.get(key)
                if place is None and mapped and mapped[0] in sheets:
                    place = mapped
                elif place is not None and mapped and place != mapped:
                    moved += 1
            self._read_answer(layout, answer_field, place, expected_label if method != "labels" else None)
        if moved:
            self.problem("moved_cells", f"{moved} antwoordcellen staan niet meer op hun oorspronkelijke plaats "
                                        "(rijen of kolommen ingevoegd of verwijderd). Ze zijn gevonden via hun namen.")

    def _read_answer(self, layout: Layout, answer_field: AnswerField, place: tuple[str, str] | None,
                     expected_label: str | None) -> None:
        if place is None:
            self.result.answers.append(Answer(answer_field, "", None, "", "answer_missing"))
            self.problem("answer_missing", f"De antwoordcel voor '{_short(answer_field.item.label)}' "
                                           f"({answer_field.column.label}) is niet gevonden.",
                         sheet=answer_field.sheet.title, **_where(answer_field))
            return
        sheet, cell = place
        if expected_label is not None:
            self._check_label(answer_field, sheet, cell, expected_label)
        raw = self.value_at(sheet, cell)
        address = f"'{sheet}'!{cell}"
        if cell in self.formula_cells.get(sheet, ()):
            self.problem("formula", READ_CODES["formula"][1], sheet=sheet, cell=cell, value_found=as_found(raw),
                         **_where(answer_field))
        if raw is None or is_empty(raw):
            self.result.answers.append(Answer(answer_field, address, None, as_found(raw), ""))
            return
        found = as_found(raw)
        checked = check_value(layout, answer_field.column, raw, date1904=self.structure.date1904)
        self.result.answers.append(Answer(answer_field, address, checked.value, found, checked.code or ""))
        if checked.code:
            label = _short(answer_field.item.label)
            message = (f"{READ_CODES[checked.code][1]} Gevonden: '{found}'; verwacht: {checked.expected}. "
                       f"(vraag '{_short(answer_field.question.title)}', onderdeel '{label}')")
            self.problem(checked.code, message, sheet=sheet, cell=cell, value_found=found,
                         expected=checked.expected, **_where(answer_field))

    def _check_label(self, answer_field: AnswerField, sheet: str, cell: str, expected: str) -> None:
        row, _ = _cell_index_cached(cell)
        label_cell = cell_name(row, 1)
        found = as_found(self.value_at(sheet, label_cell))
        if found != expected and clean_text(found) != clean_text(expected):
            self.problem("label_changed", f"Naast de antwoordcel staat '{_short(found)}' in plaats van "
                                          f"'{_short(answer_field.item.label)}'. Controleer of het antwoord bij het "
                                          "juiste onderdeel hoort.", sheet=sheet, cell=label_cell,
                         value_found=found, expected=answer_field.item.label, **_where(answer_field))

    def _places_by_labels(self, layout: Layout) -> dict[str, tuple[str, str]]:
        """Find each item's row by its label in column B, in order, and its answer cells to the right."""
        places: dict[str, tuple[str, str]] = {}
        for sheet in layout.sheets:
            if sheet.title not in self.structure.sheets:
                continue
            labels = [clean_text(as_found(row[1])) if len(row) > 1 else "" for row in self.grid(sheet.title)]
            cursor = 0
            for question in sheet.questions:
                offsets = {c.id: FIRST_ANSWER_COLUMN + i for i, c in enumerate(sheet_columns(question))}
                for item in question.items:
                    wanted = clean_text(item_label_text(item))
                    try:
                        row = labels.index(wanted, cursor)
                    except ValueError:
                        continue
                    cursor = row + 1
                    for column in item.columns:
                        col = offsets.get(column.id, FIRST_ANSWER_COLUMN) if question.kind != "fields" \
                            else FIRST_ANSWER_COLUMN
                        places[f"{question.id}.{item.id}.{column.id}"] = (sheet.title, cell_name(row, col))
        return places

    # -- consistency ------------------------------------------------------------------------------
    def _check_consistency(self, layout: Layout) -> None:
        """Cross-item checks within a question: 'Anders' without its text, 'Geen' with items ticked."""
        values = {a.field.key: a for a in self.result.answers}
        for sheet in layout.sheets:
            for question in sheet.questions:
                for column in question.columns:
                    if column.type != "choice":
                        continue
                    positive = layout.choices_of(column)[0] if layout.choices_of(column) else None
                    self._check_anders(question, column, positive, values)
                    self._check_none(question, column, positive, values)

    def _check_anders(self, question, column, positive, values) -> None:
        for item in question.items:
            if item.role != "anders" or column not in item.columns:
                continue
            answer = values.get(f"{question.id}.{item.id}.{column.id}")
            text = values.get(f"{question.id}.{item.id}.{NAMELIJK}")
            if answer is None or text is None:
                continue
            where = {"question_id": question.id, "item_id": item.id, "column_id": column.id}
            sheet, cell = _split_address(answer.cell)
            if answer.value == positive and text.value is None:
                self.problem("anders_without_text", f"Bij '{item.label}' is {positive} gekozen, maar niet "
                                                    "ingevuld wat.", sheet=sheet, cell=cell, **where)
            if text.value is not None and answer.value is None and len(question.columns) == 1:
                sheet, cell = _split_address(text.cell)
                self.problem("text_without_anders", f"Bij '{item.label}' staat een toelichting, maar is geen "
                                                    f"{positive} gekozen.", sheet=sheet, cell=cell,
                             value_found=as_found(text.value), **where)

    def _check_none(self, question, column, positive, values) -> None:
        none_items = [i for i in question.items if i.role == "geen" and column in i.columns]
        if not none_items:
            return
        none_answer = values.get(f"{question.id}.{none_items[0].id}.{column.id}")
        if none_answer is None or none_answer.value != positive:
            return
        ticked = [i.id for i in question.items if i.role is None and column in i.columns
                  and getattr(values.get(f"{question.id}.{i.id}.{column.id}"), "value", None) == positive]
        if ticked:
            sheet, cell = _split_address(none_answer.cell)
            self.problem("none_but_items", f"'{none_items[0].label}' is gekozen, maar ook {len(ticked)} "
                                           f"onderdelen met {positive}.", sheet=sheet, cell=cell,
                         question_id=question.id, item_id=none_items[0].id, column_id=column.id)


_INDEXES: dict[int, tuple[Layout, list[tuple[AnswerField, str, str, str | None]]]] = {}


def _answer_index(layout: Layout) -> list[tuple[AnswerField, str, str, str | None]]:
    """Per answer cell, computed once per layout: the field, its key, its defined name (case-folded) and,
    for the first cell of an item, the label expected next to it."""
    cached = _INDEXES.get(id(layout))
    if cached is None or cached[0] is not layout:
        index = [(f, f.key, answer_name(f.question.id, f.item.id, f.column.id).casefold(),
                  item_label_text(f.item) if f.column is f.item.columns[0] else None)
                 for f in layout.answer_fields()]
        cached = _INDEXES[id(layout)] = (layout, index)
    return cached[1]


def _where(answer_field: AnswerField) -> dict[str, str]:
    return {"question_id": answer_field.question.id, "item_id": answer_field.item.id,
            "column_id": answer_field.column.id}


def _formula_cells(xml: bytes) -> set[str]:
    """Cells that hold a formula (<f> inside <c>); cheap when there are none, as in a filled-in return."""
    if b"<f>" not in xml and b"<f " not in xml:  # not <formula1> of a validation, not <font>
        return set()
    text = xml.decode("utf-8", "replace")
    return {m.group(1) for m in re.finditer(r'<c r="([A-Z]{1,3}\d+)"[^>]*>(?:(?!</c>).){0,200}?<f[ >/]', text, re.S)}


def _split_address(address: str) -> tuple[str, str]:
    if not address:
        return "", ""
    sheet, _, cell = address.rpartition("!")
    return sheet.strip("'").replace("''", "'"), cell


def _short(text: str, limit: int = 60) -> str:
    text = clean_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


