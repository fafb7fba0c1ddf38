"""The metadata's two formats: format 2 (the map of answer cells on its own sheet, read only when the
answer cells' names changed) and format 1 (the map below the entries), which workbooks sent out before
December 2026 have and which the reader keeps reading."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from workbook_tool.fileio import rewrite_zip
from workbook_tool.layout import load_layouts
from workbook_tool.read import grid as grid_module
from workbook_tool.read import locate, read_return

FORMAT1 = ROOT / "tests" / "data" / "format1"
SAMPLE = ROOT / "samples" / "drechtsteden-2022" / "retour"
SAMPLE_2021 = ROOT / "samples" / "three-regions-2021" / "retour"


@pytest.fixture(scope="module")
def layouts():
    return load_layouts()


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The titles of the sheets python-calamine is asked to parse, in order."""
    titles: list[str] = []
    original = grid_module.Grids.grid

    def recording(self, title):
        if title not in self.grids:
            titles.append(title)
        return original(self, title)

    monkeypatch.setattr(grid_module.Grids, "grid", recording)
    return titles


def answers(ret) -> dict[str, tuple]:
    return {a.field.key: (a.cell, a.value, a.value_as_found, a.problem) for a in ret.answers}


@pytest.mark.parametrize(("old", "new"), [("Gemeente 3.xlsx", SAMPLE / "Gemeente 3.xlsx"),
                                          ("Gemeente 10 (2021).xlsx", SAMPLE_2021 / "Gemeente 10.xlsx")])
def test_a_format_1_workbook_reads_as_its_format_2_rebuild(layouts, old, new):
    """The same sample return, built before and after the change: the same identity, answers and problems."""
    before, after = read_return(FORMAT1 / old, layouts), read_return(new, layouts)
    assert before.outcome == after.outcome == "read"
    assert before.identity == after.identity and before.identity.method == "metadata"
    assert answers(before) == answers(after) and len(answers(after)) >= 41
    assert [p.code for p in before.problems] == [p.code for p in after.problems]


def test_names_as_generated_the_map_is_not_read(layouts, parsed):
    ret = read_return(SAMPLE / "Gemeente 3.xlsx", layouts)
    assert ret.outcome == "read" and not ret.errors
    assert "metadata" in parsed and "metadata_cellen" not in parsed


def test_a_name_pointing_elsewhere_makes_the_reader_read_the_map(layouts, parsed, tmp_path):
    """One answer name moved two rows down (as if rows were inserted and the name went along but its cell
    did not): the digest differs, the map is read, the cell is reported as moved, and it is found again by
    its label: every answer as in the untouched file."""
    source = SAMPLE / "Gemeente 3.xlsx"
    original = read_return(source, layouts)
    target = next(a for a in original.answers if a.value is not None and a.field.sheet.title == "Bestaanscondities")
    sheet, cell = target.cell.split("!")
    column, row = re.match(r"([A-Z]+)(\d+)", cell).groups()
    name = f"ans__{target.field.question.id}__{target.field.item.id}__{target.field.column.id}".encode()

    def move(xml: bytes) -> bytes:
        pattern = rb'(<definedName name="' + re.escape(name) + rb'">[^<]*\$)' + row.encode() + rb"(</definedName>)"
        moved, count = re.subn(pattern, rb"\g<1>" + str(int(row) + 2).encode() + rb"\g<2>", xml, flags=re.I)
        assert count == 1
        return moved

    changed = tmp_path / "verplaatst.xlsx"
    changed.write_bytes(rewrite_zip(source.read_bytes(), {"xl/workbook.xml": move}))
    parsed.clear()
    ret = read_return(changed, layouts)
    assert "metadata_cellen" in parsed
    assert "moved_cells" in {p.code for p in ret.problems}
    assert {k: v[1] for k, v in answers(ret).items()} == {k: v[1] for k, v in answers(original).items()}


def test_without_the_map_sheet_the_names_still_place_every_answer(layouts, tmp_path):
    """The map sheet removed (a program that drops very hidden sheets): names as generated need no map."""
    source = SAMPLE / "Gemeente 3.xlsx"
    changed = tmp_path / "zonder kaart.xlsx"
    changed.write_bytes(rewrite_zip(source.read_bytes(), {
        "xl/workbook.xml": lambda xml: re.sub(rb'<sheet name="metadata_cellen"[^>]*/>', b"", xml)}))
    ret, original = read_return(changed, layouts), read_return(source, layouts)
    assert ret.outcome == "read" and ret.identity.method == "metadata"
    assert answers(ret) == answers(original)


def test_the_format_1_fixtures_are_what_they_say(tmp_path):
    for path in FORMAT1.glob("*.xlsx"):
        copy = shutil.copy(path, tmp_path / path.name)
        assert b"metadata_cellen" not in Path(copy).read_bytes()


def with_own_row(data: bytes, row: int, label: str, answer: str) -> bytes:
    """An own row below the last item of Bestaanscondities (sheet2), its cells typed as inline strings."""
    cells = (f'<row r="{row}"><c r="B{row}" t="inlineStr"><is><t>{label}</t></is></c>'
             f'<c r="C{row}" t="inlineStr"><is><t>{answer}</t></is></c></row>').encode()
    return rewrite_zip(data, {"xl/worksheets/sheet2.xml": lambda xml: xml.replace(b"</sheetData>",
                                                                                   cells + b"</sheetData>", 1)})


def test_returns_located_alike_keep_their_own_answers_and_added_rows(layouts, tmp_path):
    """Two returns with the same sheets (the second located as the first was) still get their own added-row
    problem, with their own value, and their own answers."""
    source = (SAMPLE / "Gemeente 3.xlsx").read_bytes()
    first, second = tmp_path / "eerste.xlsx", tmp_path / "tweede.xlsx"
    first.write_bytes(with_own_row(source, 200, "Eigen buurtpreventie", "Ja"))
    second.write_bytes(with_own_row(source, 200, "Eigen buurtpreventie", "Nee, nog niet"))
    found = [read_return(path, layouts) for path in (first, second, SAMPLE / "Gemeente 3.xlsx")]
    added = [[(p.cell, p.value_found) for p in ret.problems if p.code == "added_row"] for ret in found]
    assert added == [[("B200", "Ja")], [("B200", "Nee, nog niet")], []]
    after_another = read_return(SAMPLE / "Gemeente 4.xlsx", layouts)  # located as Gemeente 3 was
    locate._SEEN.by_signature.clear()
    alone = read_return(SAMPLE / "Gemeente 4.xlsx", layouts)
    assert answers(after_another) == answers(alone) != answers(found[2])
    assert [p.code for p in after_another.problems] == [p.code for p in alone.problems]
