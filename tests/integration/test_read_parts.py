"""Reading one return decompresses each part at most once, and every refusal stays as strict: a DTD in a
part read in full (a worksheet) or in a part nobody parses (the theme) is refused; formula and error
values in answer cells, now looked for only when an answer cell is checked, are still flagged."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

import pytest

from tests.support.returns import GEMEENTEN, make_return, random_answers, with_entity_bomb, without_names
from workbook_tool.fileio import rewrite_zip
from workbook_tool.read import read_return
from workbook_tool.read.structure import read_structure


@pytest.fixture(scope="module")
def filled(template, tmp_path_factory):
    path = tmp_path_factory.mktemp("parts") / "Gemeente A.xlsx"
    return make_return(template, GEMEENTEN[0], random_answers(template, 7, share=1.0), path).read_bytes()


def sheet_part(data: bytes, title: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return read_structure(archive).sheets[title][0]


def with_cell(data: bytes, part: str, cell: str, xml: str) -> bytes:
    """The part with one cell replaced by the given <c> element."""
    def change(sheet: bytes) -> bytes:
        new, count = re.subn(rb'<c r="' + cell.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', xml.encode(), sheet, count=1)
        assert count == 1
        return new

    return rewrite_zip(data, {part: change})


def test_each_part_is_decompressed_at_most_once(filled, layout_2022, tmp_path, monkeypatch):
    opened = Counter()
    original = zipfile.ZipFile.open

    def counting_open(self, name, *args, **kwargs):
        opened[getattr(name, "filename", name)] += 1
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    path = tmp_path / "r.xlsx"
    path.write_bytes(filled)
    assert read_return(path, [layout_2022]).outcome == "read"
    assert opened and max(opened.values()) == 1, {name: n for name, n in opened.items() if n > 1}


@pytest.mark.parametrize("part", ["xl/worksheets/sheet2.xml", "xl/theme/theme1.xml", "docProps/app.xml",
                                  "xl/_rels/workbook.xml.rels", "docProps/core.xml"])
def test_a_dtd_is_refused_in_a_part_read_in_full_and_in_one_nobody_parses(filled, layout_2022, tmp_path, part):
    with zipfile.ZipFile(io.BytesIO(filled)) as archive:
        assert part in archive.namelist()
    path = tmp_path / "dtd.xlsx"
    path.write_bytes(with_entity_bomb(filled, part))
    ret = read_return(path, [layout_2022])
    assert ret.outcome == "failed" and [p.code for p in ret.problems] == ["unsafe"]
    assert f"Onderdeel {part} bevat een XML-DTD met entiteiten" in ret.problems[0].message


def test_the_first_part_with_a_dtd_in_the_zip_is_the_one_named(filled, layout_2022, tmp_path):
    """Parts read in full and parts only looked at are checked in one pass, in the zip's order."""
    data = with_entity_bomb(with_entity_bomb(filled, "xl/worksheets/sheet3.xml"), "xl/worksheets/sheet1.xml")
    path = tmp_path / "twee.xlsx"
    path.write_bytes(data)
    assert "Onderdeel xl/worksheets/sheet1.xml bevat" in read_return(path, [layout_2022]).problems[0].message


def answer_cell(template, kind: str):
    record = next(r for r in template.cells if r.type == kind)
    return record.sheet, record.cell


def test_a_formula_in_an_answer_cell_is_still_flagged(filled, template, layout_2022, tmp_path):
    sheet, cell = answer_cell(template, "number")
    path = tmp_path / "formule.xlsx"
    path.write_bytes(with_cell(filled, sheet_part(filled, sheet), cell, f'<c r="{cell}"><f>2*6</f><v>12</v></c>'))
    ret = read_return(path, [layout_2022])
    assert [(p.code, p.sheet, p.cell) for p in ret.problems if p.code == "formula"] == [("formula", sheet, cell)]


def test_an_error_value_in_an_answer_cell_is_still_flagged(filled, template, layout_2022, tmp_path):
    sheet, cell = answer_cell(template, "number")
    path = tmp_path / "fout.xlsx"
    path.write_bytes(with_cell(filled, sheet_part(filled, sheet), cell,
                               f'<c r="{cell}" t="e"><f>1/0</f><v>#DIV/0!</v></c>'))
    ret = read_return(path, [layout_2022])
    errors = [p for p in ret.problems if p.code == "error_value"]
    assert [(p.sheet, p.cell, p.value_found) for p in errors] == [(sheet, cell, "#DIV/0!")]
    assert "(uitkomst van een formule)" in errors[0].message


def test_without_defined_names_the_answers_are_found_by_the_metadata_map(filled, layout_2022, tmp_path):
    """The cell map of the metadata sheet is what places the answers when the names are gone."""
    named, unnamed = tmp_path / "namen.xlsx", tmp_path / "zonder namen.xlsx"
    named.write_bytes(filled)
    unnamed.write_bytes(without_names(filled))
    before, after = read_return(named, [layout_2022]), read_return(unnamed, [layout_2022])
    assert after.identity.method == "metadata" and after.outcome == "read"
    assert [(a.field.key, a.cell, a.value) for a in after.answers] == \
        [(a.field.key, a.cell, a.value) for a in before.answers]
    assert not [p for p in after.problems if p.code in ("answer_missing", "label_changed")]
