"""The file as untrusted mail: what kind it is, and the zip opened only when it is safe to decompress.

Its kind is sniffed from its first bytes; the zip's part sizes and compression ratios are checked
before anything is decompressed; a part that starts with a DTD is refused before any XML parser
(ours or calamine's) sees it. Each part is decompressed at most once: the parts the reader reads in
full anyway (the workbook, its relationships, the document properties, the worksheets) are kept from
the DTD check on (Archive.inflated); of the others only the head is read.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ..contract import OUTPUT_KINDS, OUTPUT_PROPERTY
from .model import ReadFailure

CUSTOM_PROPERTIES = "docProps/custom.xml"
CORE_PROPERTIES = "docProps/core.xml"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
READ_IN_FULL = frozenset({WORKBOOK, WORKBOOK_RELS, CUSTOM_PROPERTIES, CORE_PROPERTIES})
DTD_HEAD_BYTES = 1024  # a DTD comes before the root element, so within the first bytes of a part
RELATIONSHIP_RE = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
TYPE_RE = re.compile(rb'\sType="[^"]*/worksheet"')
TARGET_RE = re.compile(rb'\sTarget="([^"]*)"')

# Limits for untrusted files. A scan workbook is about 100 KB zipped and 2 MB unzipped.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PARTS = 2000
MAX_PART_BYTES = 40 * 1024 * 1024
MAX_TOTAL_BYTES = 150 * 1024 * 1024
MAX_RATIO = 200  # applied to parts over 1 MB only: real styles.xml files compress very well too

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any encrypted Office file


def sniff(path: Path, data: bytes) -> str:
    """What kind of file this is, from its name (lock files) and first bytes: lock, zip (an .xlsx or .ods,
    see zip_kind) or xls; raises ReadFailure for anything else."""
    if is_lock_file(path):
        return "lock"
    if not data:
        raise ReadFailure("empty_file", "Het bestand is leeg (0 bytes). Vraag de gemeente het opnieuw te sturen.")
    if len(data) > MAX_FILE_BYTES:  # grew after its size was checked
        raise ReadFailure("unsafe", too_large_message(len(data)))
    if data.startswith(OLE_SIGNATURE):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ReadFailure("encrypted", "Het bestand is met een wachtwoord versleuteld. Vraag de gemeente een "
                                           "kopie zonder wachtwoord te sturen (Bestand > Info > Werkmap beveiligen).")
        return "xls"  # or another old Office file: calamine will say
    if data.startswith(b"%PDF"):
        raise ReadFailure("not_xlsx", "Dit is een PDF, geen werkboek. Vraag de gemeente het .xlsx-bestand te sturen.")
    if not data.startswith(b"PK\x03\x04"):
        hint = " (een tekst- of CSV-bestand)" if _looks_like_text(data) else ""
        raise ReadFailure("not_xlsx", f"Het bestand is geen Excel-werkmap{hint}. Vraag de gemeente het .xlsx-bestand "
                                      "te sturen.")
    return "zip"


def is_lock_file(path: Path) -> bool:
    return path.name.startswith(("~$", ".~lock."))


def too_large_message(size: int) -> str:
    return (f"Het bestand is {size / 1_000_000:,.0f} MB groot (grens {MAX_FILE_BYTES // 1_000_000} MB); een "
            "scanwerkboek is veel kleiner. Het is niet gelezen.").replace(",", ".")


def _looks_like_text(data: bytes) -> bool:
    head = data[:2048]
    return b"\x00" not in head and sum(32 <= b < 127 or b in (9, 10, 13) for b in head) > 0.9 * len(head)


class Archive(zipfile.ZipFile):
    """The workbook's zip, with the parts already decompressed in full (name -> bytes): read_part answers
    from them, so no part is decompressed twice."""

    inflated: dict[str, bytes]

    def __init__(self, file: io.BytesIO):
        super().__init__(file)
        self.inflated = {}


def open_zip(data: bytes) -> tuple[Archive, str]:
    """The workbook's zip and its kind (xlsx or ods), after refusing bombs, other document kinds and DTDs."""
    try:
        archive = Archive(io.BytesIO(data))
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
        ratio = info.file_size // max(info.compress_size, 1)  # a damaged directory may claim 0 bytes compressed
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadFailure("unsafe", f"Onderdeel {info.filename} is {ratio} keer "
                                        "gecomprimeerd; geweigerd als mogelijke zip-bom.")
    kind = _zip_kind(archive)
    _refuse_dtd(archive)
    return archive, kind


def _zip_kind(archive: zipfile.ZipFile) -> str:
    names = archive.NameToInfo
    if "mimetype" in names:
        mimetype = read_part(archive, "mimetype", 200)
        if mimetype.strip() == ODS_MIMETYPE:
            if b"encryption-data" in read_part(archive, "META-INF/manifest.xml") if "META-INF/manifest.xml" \
                    in names else False:
                raise ReadFailure("encrypted", "Het bestand (.ods) is met een wachtwoord versleuteld. Vraag de "
                                               "gemeente een kopie zonder wachtwoord te sturen.")
            return "ods"
        if b"opendocument" in mimetype:
            raise ReadFailure("not_xlsx", "Dit is een OpenDocument-bestand, maar geen rekenblad. Vraag de gemeente "
                                          "het .xlsx-bestand te sturen.")
    if "xl/workbook.xml" not in names:
        what = "een Word-document" if "word/document.xml" in names else "geen Excel-werkmap"
        raise ReadFailure("not_xlsx", f"Het bestand is {what}. Vraag de gemeente het .xlsx-bestand te sturen.")
    return "xlsx"


def output_kind(archive: zipfile.ZipFile) -> str | None:
    """Which of the tool's own outputs this workbook is (contract.OUTPUT_PROPERTY), or None for any other."""
    if CUSTOM_PROPERTIES not in archive.namelist():
        return None
    for prop in parse_xml(archive, CUSTOM_PROPERTIES):
        if prop.get("name") == OUTPUT_PROPERTY:
            value = "".join(prop.itertext()).strip()
            return value if value in OUTPUT_KINDS else None
    return None


def _refuse_dtd(archive: Archive) -> None:
    """No part of a workbook needs a DTD; one with entity declarations is an expansion attack. Checked
    before any parser (ours or calamine's) sees the XML, on the head of each part, in the zip's order: the
    parts read in full anyway (read_in_full) are read in full here and kept; of the others only the head."""
    full = read_in_full(archive)
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels", ".vml")):
            if info.filename in full:
                head = inflate(archive, info.filename)[:DTD_HEAD_BYTES]
            else:
                head = read_part(archive, info.filename, DTD_HEAD_BYTES)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise ReadFailure("unsafe", f"Onderdeel {info.filename} bevat een XML-DTD met entiteiten; "
                                            "geweigerd als onveilig (mogelijke entiteiten-bom).")


def read_in_full(archive: zipfile.ZipFile) -> set[str]:
    """The parts the reader decompresses in full anyway: READ_IN_FULL and the worksheets the workbook's
    relationships name (found with a regex, no XML parser: the DTD check has not run yet). A guess only
    decides whether a part is decompressed once or twice; what is read stays the same."""
    names = archive.NameToInfo
    full = {name for name in READ_IN_FULL if name in names}
    if WORKBOOK_RELS not in full:
        return full
    try:
        rels = inflate(archive, WORKBOOK_RELS)
    except ReadFailure:
        return full - {WORKBOOK_RELS}  # damaged: read_structure reports it, as before
    for element in RELATIONSHIP_RE.findall(rels):
        target = TARGET_RE.search(element)
        if target and TYPE_RE.search(element):
            full.add(part_of_target(target.group(1).decode("utf-8", "replace")))
    return full & names.keys()


def part_of_target(target: str) -> str:
    """A relationship target of xl/workbook.xml as a part name ("worksheets/sheet1.xml" -> "xl/worksheets/...")."""
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)


def inflate(archive: zipfile.ZipFile, name: str) -> bytes:
    """The whole part, decompressed once and kept on an Archive."""
    inflated = getattr(archive, "inflated", None)
    if inflated is None:
        return read_part(archive, name)
    if name not in inflated:
        inflated[name] = read_part(archive, name)
    return inflated[name]


DCTERMS_MODIFIED = "{http://purl.org/dc/terms/}modified"


def saved_at(archive: zipfile.ZipFile) -> str:
    """When the workbook says it was last saved (docProps/core.xml, dcterms:modified, ISO 8601 UTC as
    Excel and LibreOffice write it), or "" when it does not say. Unlike the file system's time this
    survives mail and copying. Called after _refuse_dtd; a damaged core.xml only loses the time."""
    if CORE_PROPERTIES not in archive.namelist():
        return ""
    try:
        root = parse_xml(archive, CORE_PROPERTIES)
    except ReadFailure:
        return ""
    element = root.find(DCTERMS_MODIFIED)
    return (element.text or "").strip() if element is not None else ""


def read_part(archive: zipfile.ZipFile, name: str, limit: int | None = None) -> bytes:
    """The part's bytes (at most limit), from those already decompressed when it was."""
    kept = getattr(archive, "inflated", {}).get(name)
    if kept is not None:
        return kept if limit is None else kept[:limit]
    try:
        with archive.open(name) as handle:
            return handle.read(limit if limit is not None else MAX_PART_BYTES)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as exc:
        raise ReadFailure("corrupt", f"Onderdeel {name} van het bestand is beschadigd ({exc}).") from None
    except Exception as exc:  # noqa: BLE001 - zlib.error and friends
        raise ReadFailure("corrupt", f"Onderdeel {name} van het bestand is beschadigd ({exc}).") from None


def parse_xml(archive: zipfile.ZipFile, name: str):
    try:
        return SafeET.fromstring(read_part(archive, name), forbid_dtd=True)
    except DefusedXmlException:
        raise ReadFailure("unsafe", f"Onderdeel {name} bevat een XML-DTD of entiteiten; "
                                    "geweigerd als onveilig.") from None
    except SafeET.ParseError as exc:
        raise ReadFailure("corrupt", f"Onderdeel {name} is geen geldige XML ({exc}).") from None
