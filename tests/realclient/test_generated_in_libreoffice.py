"""A generated workbook in a real spreadsheet program: LibreOffice Calc, driven through UNO as a person would."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import openpyxl
import pytest
from openpyxl.utils.datetime import from_excel

from tests.support.office import run_libreoffice

pytestmark = pytest.mark.realclient


@pytest.fixture(scope="module")
def filled(generated, office, tmp_path_factory):
    """Gemeente 1's workbook, 70% of its answer cells filled in LibreOffice, recalculated and saved as .xlsx."""
    folder = tmp_path_factory.mktemp("lo")
    types = {c.name: c.type for c in generated.template.cells}
    result = run_libreoffice({"input": str(generated.files[0]), "output": str(folder / "filled.xlsx"),
                              "fill": True, "fill_share": 0.7, "seed": 2022, "types": types,
                              "read_sheets": ["Start"]}, folder, office.pipe)
    return result, folder / "filled.xlsx"


def test_libreoffice_opens_it_with_every_sheet_protected(filled, layout_2022):
    result, _ = filled
    assert result["errors"] == []
    sheets = {s["name"]: s for s in result["sheets"]}
    assert list(sheets) == ["Start"] + [s.title for s in layout_2022.sheets] + ["lijsten", "metadata"]
    assert all(s["protected"] for s in sheets.values())
    assert not sheets["lijsten"]["visible"] and not sheets["metadata"]["visible"]
    assert all(sheets[s.title]["visible"] for s in layout_2022.sheets)


def test_libreoffice_sees_unlocked_answer_cells_with_the_layouts_dropdowns(filled, layout_2022, generated):
    result, _ = filled
    cells = result["cells"]
    assert len(cells) == len(generated.template.cells) == 513
    for record in generated.template.cells:
        seen = cells[record.name]
        assert not seen["locked"], record.name
        assert seen["sheet"] == record.sheet
        if record.type == "choice":
            assert seen["validation"] == "LIST", record.name
            assert seen["choices"] == list(layout_2022.choice_lists[record.choices]), record.name


def test_progress_formulas_count_what_was_filled(filled, layout_2022, generated):
    result, _ = filled
    by_key = {c.key: c.name for c in generated.template.cells}
    expected = Counter()
    totals = Counter()
    for sheet in layout_2022.sheets:
        for question in sheet.questions:
            for item in question.items:
                first = by_key[f"{question.id}.{item.id}.{item.columns[0].id}"]
                totals[sheet.title] += 1
                expected[sheet.title] += first in result["filled"]
    rows = {row[0]: row for row in result["read"]["Start"] if row and row[0]}
    for title in totals:
        _, answered, to_answer, share = rows[title][:4]
        assert (answered, to_answer) == (expected[title], totals[title]), title
        assert share == pytest.approx(expected[title] / totals[title])
    total = rows["Totaal"]
    assert (total[1], total[2]) == (sum(expected.values()), sum(totals.values()))
    assert 0 < sum(expected.values()) < sum(totals.values())


def test_values_saved_by_libreoffice_read_back_exactly(filled, generated):
    result, path = filled
    book = openpyxl.load_workbook(path, data_only=True)
    found = {}
    for name, definition in book.defined_names.items():
        if not name.startswith("ans__"):
            continue
        (sheet, ref), = definition.destinations
        value = book[sheet][ref.replace("$", "")].value
        if value not in (None, ""):
            found[name] = value
    filled_values = result["filled"]
    assert len(filled_values) > 300
    assert set(found) == set(filled_values), "every non-empty answer cell is one that was filled, and back"
    types = {c.name: c.type for c in generated.template.cells}
    for name, value in filled_values.items():
        got = found[name]
        if types[name] == "date":
            assert isinstance(got, dt.datetime) and got == from_excel(value), name
        elif types[name] == "number":
            assert float(got) == float(value), name
        else:
            assert got == value, name


def test_names_still_point_at_the_same_cells_after_libreoffice_saved(filled, generated):
    _, path = filled
    book = openpyxl.load_workbook(path)
    for record in generated.template.cells:
        (sheet, ref), = book.defined_names[record.name].destinations
        assert (sheet, ref.replace("$", "")) == (record.sheet, record.cell)
