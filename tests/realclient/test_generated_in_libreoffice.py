"""A generated workbook in a real spreadsheet program: LibreOffice Calc, driven through UNO as a person would."""

from __future__ import annotations

import datetime as dt
import math

import openpyxl
import pytest
from openpyxl.utils.datetime import from_excel

from tests.support.office import run_libreoffice
from workbook_tool.collect import collect

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
    assert list(sheets) == ["Start"] + [s.title for s in layout_2022.sheets] + ["lijsten", "metadata",
                                                                               "metadata_cellen"]
    assert all(s["protected"] for s in sheets.values())
    assert not any(sheets[t]["visible"] for t in ("lijsten", "metadata", "metadata_cellen"))
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


def test_progress_formulas_agree_with_collect_on_the_saved_file(filled, layout_2022):
    """70% filled at random (some "Onbekend"/"Geen" answered Ja, some ankerpunten chosen): what Start shows
    after LibreOffice recalculated is what collect counts in the file LibreOffice saved."""
    result, path = filled
    rows = {row[0]: row for row in result["read"]["Start"] if row and row[0]}
    assert rows["Voortgang"] is not None and ["Tabblad", "Beantwoord", "Nog te doen", "Percentage"] in \
        [row[:4] for row in result["read"]["Start"]]
    status = collect(path.parent, [layout_2022]).status[0]
    settled = [name for name, value in result["filled"].items()
               if value == "Ja" and name.split("__")[2] in ("geen", "onbekend")]
    chosen = [name for name in result["filled"] if name.endswith("__aan_de_slag__antwoord")]
    assert settled and chosen, "the random fill exercises both conditions"
    for title, (answered, asked) in status.per_sheet.items():
        _, shown_answered, shown_to_do, shown_share = rows[title][:4]
        assert (shown_answered, shown_to_do) == (answered, asked - answered), title
        assert shown_share == pytest.approx(math.floor(100 * answered / asked) / 100 if asked else 1), title
    total = rows["Totaal"]
    assert (total[1], total[2]) == (status.answered, status.to_do)
    assert total[3] == pytest.approx(status.share)
    assert 0 < status.answered < status.to_answer


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
