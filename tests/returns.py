"""Builders of returned workbooks for the collect tests: filled returns and one bad file per case."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path
from typing import Any

from workbook_tool.fill import fill_template
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import Template, build_template, personalise, rewrite_zip, values_for
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
                ronde: str = "2026") -> Path:
    layout = template.layout
    data = personalise(template, values_for(layout, gemeente, gemeente.regio, ronde, "2026-03-01 10:00:00"))
    path.write_bytes(fill_template(template, data, answers))
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


def zip_bomb(size: int = 300 * 1024 * 1024) -> bytes:
    """A small zip whose one sheet unpacks to hundreds of MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                handle.write(chunk)
    return buffer.getvalue()


def huge_sheet(rows: int = 700_000) -> bytes:
    """A real-looking workbook with one absurdly large sheet (tens of MB of XML)."""
    buffer = io.BytesIO()
    body = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>regel {r * 7919 % 100003}</t></is></c>'
                   f'<c r="B{r}"><v>{r * 31 % 997}</v></c></row>' for r in range(1, rows + 1))
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
                         + body + "</sheetData></worksheet>")
    return buffer.getvalue()


def other_version(layout: Layout, version: str) -> Template:
    from dataclasses import replace

    return build_template(replace(layout, version=version))


def without_names(data: bytes) -> bytes:
    """The workbook as if another program dropped every defined name."""
    return rewrite_zip(data, {"xl/workbook.xml": lambda xml: re.sub(rb"<definedNames>.*?</definedNames>", b"", xml,
                                                                   flags=re.S)})


def with_metadata_cell(data: bytes, cell: str, value: str) -> bytes:
    """The metadata sheet (the last sheet part) with one cell typed over, as after unhiding it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)]
    last = max(parts, key=lambda n: int(re.search(r"(\d+)", n.rsplit("/", 1)[1]).group(1)))

    def change(xml: bytes) -> bytes:
        replacement = f'<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>'.encode()
        new, count = re.subn(rb'<c r="' + cell.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', replacement, xml, count=1)
        assert count == 1
        return new

    return rewrite_zip(data, {last: change})
