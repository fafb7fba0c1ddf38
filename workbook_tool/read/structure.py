"""What the workbook XML says that calamine does not: sheets (title -> part, state), workbook-scoped
defined names, and the 1904 date system; and how to read a cell reference."""

from __future__ import annotations

import functools
import re
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ..fileio import xml_unescape
from .container import WORKBOOK, WORKBOOK_RELS, parse_xml, part_of_target, read_part
from .model import ReadFailure

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
REF_RE = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^!']+))!\$?([A-Z]{1,3})\$?(\d+)$")
CELL_RE = re.compile(r"^([A-Z]{1,3})(\d+)$")
DEFINED_NAMES_RE = re.compile(rb"<(?:\w+:)?definedNames\b.*?</(?:\w+:)?definedNames>", re.S)
DEFINED_NAME_RE = re.compile(r"<(?:\w+:)?definedName\b([^>]*)>([^<]*)</(?:\w+:)?definedName>")
FAST_DEFINED_NAME_RE = re.compile(r'<definedName name="([^"]*)"([^>]*)>([^<]*)</definedName>')
ATTRIBUTE_RE = re.compile(r'([\w:]+)="([^"]*)"')


@dataclass
class Structure:
    """Sheets (title -> (part, state)), defined names (case-folded -> reference text), date system."""

    sheets: dict[str, tuple[str, str]]
    names: dict[str, str]
    date1904: bool


def read_structure(archive: zipfile.ZipFile) -> Structure:
    xml = read_part(archive, WORKBOOK)
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
    if WORKBOOK_RELS in archive.NameToInfo:
        for rel in parse_xml(archive, WORKBOOK_RELS).findall("rel:Relationship", NS):
            targets[rel.get("Id")] = part_of_target(rel.get("Target", ""))
    sheets = {}
    for sheet in book.findall("m:sheets/m:sheet", NS):
        rid = sheet.get(f"{{{NS['r']}}}id")
        sheets[sheet.get("name", "")] = (targets.get(rid, ""), sheet.get("state", "visible"))
    props = book.find("m:workbookPr", NS)
    date1904 = props is not None and props.get("date1904", "0").lower() in ("1", "true")
    return Structure(sheets=sheets, names=names, date1904=date1904)


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
    return xml_unescape(text)


@functools.lru_cache(maxsize=65536)
def parse_ref(text: str) -> tuple[str, str] | None:
    """"'Sheet x'!$C$5" -> ("Sheet x", "C5"); None for #REF!, ranges and anything else."""
    match = REF_RE.match(text.strip())
    if not match:
        return None
    sheet = (match.group(1) or "").replace("''", "'") or match.group(2)
    return sheet, f"{match.group(3)}{match.group(4)}"


@functools.lru_cache(maxsize=65536)
def cell_index(cell: str) -> tuple[int, int]:
    """"C5" -> zero-based (4, 2)."""
    letters, digits = CELL_RE.match(cell).groups()
    col = 0
    for char in letters:
        col = col * 26 + ord(char) - 64
    return int(digits) - 1, col - 1


def cell_name(row: int, col: int) -> str:
    """Zero-based (4, 2) -> "C5"."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def split_address(address: str) -> tuple[str, str]:
    """"'Sheet x'!C5" -> ("Sheet x", "C5")."""
    if not address:
        return "", ""
    sheet, _, cell = address.rpartition("!")
    return sheet.strip("'").replace("''", "'"), cell
