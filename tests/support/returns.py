"""Builders of returned workbooks for the collect tests: filled returns and one bad file per case.

The bombs are small: instead of hundreds of MB, the tests that read them scale the reader's limits
down with set_read_limits(monkeypatch, **BOMB_LIMITS), so the same checks refuse them.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

import workbook_tool.read.container as read_module
from tests.support.paths import EXCEL_MADE, ROOT
from workbook_tool.fileio import rewrite_zip
from workbook_tool.fill import fill_template
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import Template, build_template, personalise, values_for
from workbook_tool.layout.model import Layout


def random_answers(template: Template, seed: int, share: float = 0.9) -> dict[str, Any]:
    """Plausible answers for share of the answer cells: dropdown values, numbers, dates, Dutch text."""
    rng = random.Random(seed)
    layout = template.layout
    answers: dict[str, Any] = {}
    for record in template.cells:
        if rng.random() > share:
            continue
        if record.type == "choice":
            answers[record.key] = rng.choice(layout.choice_lists[record.choices])
        elif record.type == "number":
            answers[record.key] = rng.choice([0, 1, 4, 12, 2665])
        elif record.type == "date":
            answers[record.key] = dt.date(2026, rng.randint(1, 12), rng.randint(1, 28))
        else:
            answers[record.key] = rng.choice(["buurtteam", "Wmo-loket & schuldhulp", "één regio-overleg",
                                              "‘maatje’ via de kerk", "  spaties rondom  "])
    return answers


def make_return(template: Template, gemeente: Gemeente, answers: dict[str, Any], path: Path,
                ronde: str = "2026", generated_at: str = "2026-03-01 10:00:00") -> Path:
    layout = template.layout
    data = personalise(template, values_for(layout, gemeente, gemeente.regio, ronde, generated_at))
    path.write_bytes(fill_template(template, data, answers))
    return path


def saved_at(path: Path, moment: str) -> Path:
    """The return as Excel or LibreOffice leave it after saving at moment (ISO 8601): docProps/core.xml's
    dcterms:modified set, nothing else changed."""
    path.write_bytes(rewrite_zip(path.read_bytes(), {"docProps/core.xml": lambda xml: re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + moment.encode() + rb"\g<2>", xml)}))
    return path


def without_metadata_sheet(data: bytes) -> bytes:
    """The workbook as if someone deleted the metadata sheet (its entry gone from workbook.xml)."""
    return rewrite_zip(data, {"xl/workbook.xml": lambda xml: re.sub(rb'<sheet name="metadata"[^>]*/>', b"", xml)})


def with_entity_bomb(data: bytes, part: str = "xl/workbook.xml") -> bytes:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                       for i in range(1, 10))
            + b"]>")

    def inject(xml: bytes) -> bytes:
        xml = re.sub(rb"^<\?xml[^>]*\?>", b"", xml.lstrip())
        return bomb + xml.replace(b"</", b"&lol9;</", 1)

    return rewrite_zip(data, {part: inject})


MiB = 1024 * 1024
# The reader's limits for the bomb tests: far above what a real return needs (a scan workbook unpacks to
# about 0.5 MB, its largest part under 0.2 MB) and below what the bombs unpack to (BOMB_BYTES).
BOMB_LIMITS = {"MAX_PART_BYTES": 1 * MiB, "MAX_TOTAL_BYTES": 2 * MiB}
BOMB_BYTES = 5 * MiB // 2


def set_read_limits(monkeypatch: pytest.MonkeyPatch, **limits: int) -> None:
    """Patch the reader's module constants (MAX_PART_BYTES, ...); forked collect workers inherit them."""
    for name, value in limits.items():
        monkeypatch.setattr(read_module, name, value)  # raises if the reader has no such limit


def zip_bomb(size: int = BOMB_BYTES) -> bytes:
    """A zip of a few KB whose one sheet unpacks to size bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            chunk = b"\0" * (64 * 1024)
            for _ in range(size // len(chunk)):
                handle.write(chunk)
            handle.write(b"\0" * (size % len(chunk)))
    return buffer.getvalue()


def huge_sheet(size: int = BOMB_BYTES) -> bytes:
    """A real-looking workbook with one absurdly large sheet: at least size bytes of ordinary-looking XML,
    compressed only about 6 times (no zip bomb), a few hundred KB as a file."""
    rows = []
    length = 0
    while length < size:
        r = len(rows) + 1
        rows.append(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>regel {r * 7919 % 100003}</t></is></c>'
                    f'<c r="B{r}"><v>{r * 31 % 997}</v></c></row>')
        length += len(rows[-1])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                                            ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                                            '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/></Relationships>')
        archive.writestr("xl/worksheets/sheet1.xml",
                         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                         + "".join(rows) + "</sheetData></worksheet>")
    return buffer.getvalue()


def other_version(layout: Layout, version: str) -> Template:
    from dataclasses import replace

    return build_template(replace(layout, version=version))


def without_names(data: bytes) -> bytes:
    """The workbook as if another program dropped every defined name."""
    return rewrite_zip(data, {"xl/workbook.xml": lambda xml: re.sub(rb"<definedNames>.*?</definedNames>", b"", xml,
                                                                   flags=re.S)})


def with_metadata_cell(data: bytes, cell: str, value: str) -> bytes:
    """The metadata sheet with one cell typed over, as after unhiding it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rel_id = re.search(r'<sheet name="metadata"[^>]*r:id="([^"]+)"', workbook).group(1)
    part = "xl/" + re.search(rf'<Relationship Id="{rel_id}"[^>]*Target="([^"]+)"', rels).group(1).lstrip("/")

    def change(xml: bytes) -> bytes:
        replacement = f'<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>'.encode()
        new, count = re.subn(rb'<c r="' + cell.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', replacement, xml, count=1)
        assert count == 1
        return new

    return rewrite_zip(data, {part.replace("xl/xl/", "xl/"): change})


# The gemeenten list of the collect tests: four gemeenten in two regions.
GEMEENTEN = [Gemeente("Gemeente A", "Regio Noord", 1, "Piet", "piet@a.example"),
             Gemeente("Gemeente B", "Regio Noord", 2),
             Gemeente("Gemeente C", "Regio Zuid", 3), Gemeente("Gemeente D", "Regio Zuid", 4)]


def fake_ole(marker: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + marker.encode("utf-16-le") + b"\0" * 1000


# Bad file -> (outcome, problem code, a fragment of its message). The zip bomb and the huge sheet are
# refused by the size limits only when they are scaled down: read this folder under BOMB_LIMITS.
BAD_FILES = {
    "Gemeente A.xlsx": ("read", None, None),
    "versleuteld.xlsx": ("failed", "encrypted", "met een wachtwoord versleuteld"),
    "oud.xls": ("failed", "corrupt", "Excel 97-2003-werkmap (.xls), maar kan niet worden gelezen"),
    "scan.ods": ("failed", "corrupt", "OpenDocument-rekenblad (.ods), maar kan niet worden gelezen"),
    "antwoorden.csv": ("failed", "not_xlsx", "geen Excel-werkmap (een tekst- of CSV-bestand)"),
    "scan.pdf": ("failed", "not_xlsx", "Dit is een PDF"),
    "hernoemd.xlsx": ("failed", "not_xlsx", "geen Excel-werkmap (een tekst- of CSV-bestand)"),
    "leeg.xlsx": ("failed", "empty_file", "leeg (0 bytes)"),
    "afgebroken.xlsx": ("failed", "corrupt", "beschadigd of onvolledig"),
    "~$Gemeente A.xlsx": ("skipped", "lock_file", "Tijdelijk bestand"),
    ".~lock.Gemeente A.xlsx#": ("skipped", "lock_file", "Tijdelijk bestand"),
    "andere versie.xlsx": ("failed", "unknown_layout", "versie 2099.1"),
    "zonder metadata.xlsx": ("read", "metadata_missing", "blad 'metadata' ontbreekt"),
    "zipbom.xlsx": ("failed", "unsafe", "pakt uit tot meer dan 2 MB (onderdeel xl/worksheets/sheet1.xml)"),
    "entiteiten.xlsx": ("failed", "unsafe", "xl/workbook.xml bevat een XML-DTD"),
    "entiteiten in teksten.xlsx": ("failed", "unsafe", "xl/sharedStrings.xml bevat een XML-DTD"),
    "reuzenblad.xlsx": ("failed", "unsafe", "pakt uit tot meer dan 2 MB (onderdeel xl/worksheets/sheet1.xml)"),
    "eigen rekenblad.xlsx": ("failed", "not_a_scan", "geen scanwerkboek"),
}


def write_bad_files(folder: Path, template: Template, layout: Layout) -> dict[str, tuple[str, str | None, str | None]]:
    """One file per bad-input case in folder (and one good return, Gemeente A.xlsx); returns BAD_FILES."""
    from msoffcrypto.format.ooxml import OOXMLFile

    good = make_return(template, GEMEENTEN[0], random_answers(template, 7), folder / "Gemeente A.xlsx")
    data = good.read_bytes()
    with open(good, "rb") as source, open(folder / "versleuteld.xlsx", "wb") as target:
        OOXMLFile(source).encrypt("geheim", target)
    (folder / "oud.xls").write_bytes(fake_ole("Workbook"))
    with zipfile.ZipFile(folder / "scan.ods", "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", "<office:document-content/>")
    (folder / "antwoorden.csv").write_text("vraag;antwoord\ntrainingen;Ja\n", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (folder / "hernoemd.xlsx").write_text("Dit is eigenlijk een tekstbestand.\n", encoding="utf-8")
    (folder / "leeg.xlsx").write_bytes(b"")
    (folder / "afgebroken.xlsx").write_bytes(data[: len(data) // 2])
    (folder / "~$Gemeente A.xlsx").write_bytes(b"\x05Piet  " + b"\0" * 150)
    (folder / ".~lock.Gemeente A.xlsx#").write_text("Piet,pc01,Piet,23.11.2026 10:00,file:///home;\n")
    make_return(other_version(layout, "2099.1"), GEMEENTEN[1], {}, folder / "andere versie.xlsx")
    (folder / "zonder metadata.xlsx").write_bytes(without_metadata_sheet(data))
    (folder / "zipbom.xlsx").write_bytes(zip_bomb())
    (folder / "entiteiten.xlsx").write_bytes(with_entity_bomb(data))
    (folder / "entiteiten in teksten.xlsx").write_bytes(with_entity_bomb(data, "xl/sharedStrings.xml"))
    (folder / "reuzenblad.xlsx").write_bytes(huge_sheet())
    (folder / "eigen rekenblad.xlsx").write_bytes((EXCEL_MADE / "autofilter01.xlsx").read_bytes())
    return BAD_FILES


def with_cell_far_away(data: bytes, part: str, cell: str | None, row: int, value: str = "ver weg") -> bytes:
    """The workbook with one text value typed in a new last row of a sheet part, at cell (or, with cell None,
    in a cell without r: its place follows from the row, as some programs write it)."""
    ref = f' r="{cell}"' if cell else ""

    def change(xml: bytes) -> bytes:
        added = f'<row r="{row}"><c{ref} t="inlineStr"><is><t>{value}</t></is></c></row></sheetData>'.encode()
        return xml.replace(b"</sheetData>", added, 1)

    return rewrite_zip(data, {part: change})


def with_central_sizes(data: bytes, part: str, compressed: int, uncompressed: int) -> bytes:
    """The zip with the central directory claiming other sizes for one part (a damaged or crafted zip)."""
    name = part.encode()
    index = 0
    while True:
        index = data.index(b"PK\x01\x02", index)
        name_length = int.from_bytes(data[index + 28:index + 30], "little")
        if data[index + 46:index + 46 + name_length] == name:
            break
        index += 4
    return (data[:index + 20] + compressed.to_bytes(4, "little") + uncompressed.to_bytes(4, "little")
            + data[index + 28:])


def peak_rss_mb(code: str, *args: str) -> tuple[float, str]:
    """Run code in a fresh Python (args in sys.argv[1:]) and return its peak memory, children included, in MB,
    and its stdout; the child must succeed."""
    import subprocess
    import sys

    # VmHWM, not ru_maxrss of the process itself: Linux carries ru_maxrss over from the forking parent (pytest).
    probe = (code + "\nimport re, resource\n"
             "own = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
             "print('PEAK', max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n")
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=300,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    peak = next(line for line in done.stdout.splitlines() if line.startswith("PEAK"))
    return int(peak.split()[1]) / 1024, done.stdout
