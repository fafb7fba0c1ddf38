"""Values typed into a generated workbook in LibreOffice the way a person does, read back: nothing is changed
without a problem naming the cell; and the CSV export, opened in LibreOffice, evaluates none of it."""

from __future__ import annotations

import openpyxl
import pytest

from tests.support.office import run_libreoffice
from workbook_tool.collect import collect
from workbook_tool.export import write_export
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import generate

pytestmark = pytest.mark.realclient
GEMEENTE = Gemeente("Gemeente A", "Regio Noord", 1)
YEAR_CELL = "ans__plan_prioriteit_1__beoogde_datum_gereed__antwoord"
DATE_CELL = "ans__plan_prioriteit_1__datum_gereed__antwoord"
RANGE_CELL = "ans__inzicht_verlies_na_gebeurtenis__uitzettingen_overlast__aantal"
NUMBER_CELL = "ans__inzicht_verlies_na_gebeurtenis__uitzettingen_huurschulden__aantal"
# Text a gemeente may type (or paste) that a spreadsheet opening a CSV would take for a formula.
FORMULAS = {"ans__gezondheid_welzijn__anders__namelijk": '=HYPERLINK("http://example.org/x","klik")',
            "ans__wonen_betalingsachterstanden__anders__namelijk": "+31 6 12345678",
            "ans__wonen_openbare_orde__anders__namelijk": "@SUM(1+1)"}


@pytest.fixture(scope="module")
def typed(layout_2022, office, tmp_path_factory):
    """A generated workbook in which LibreOffice got: a year in a date cell, a date, a range with spaces and
    an en dash, a number, and formula-like text; saved as .xlsx and collected."""
    folder = tmp_path_factory.mktemp("typed")
    blank = generate(layout_2022, tmp_path_factory.mktemp("blank"), [GEMEENTE], ronde="2026")
    run_libreoffice({"input": str(blank.files[0]), "output": str(folder / "Gemeente A.xlsx"),
                     "type_into": {YEAR_CELL: "2026", DATE_CELL: "2026-12-31", NUMBER_CELL: "12"},
                     "set_strings": {RANGE_CELL: "3 – 4", **FORMULAS}},
                    tmp_path_factory.mktemp("jobs"), office.pipe)
    result = collect(folder, [layout_2022], [GEMEENTE])
    return result, {f"ans__{a.field.key.replace('.', '__')}": a for ret in result.used for a in ret.answers}


def test_a_year_typed_into_a_date_cell_is_kept_as_typed_and_reported(typed):
    result, answers = typed
    year = answers[YEAR_CELL]
    assert (year.value_as_found, year.problem) == ("2026", "number_in_date_cell")  # not 1905-07-18
    assert "1905" not in str(year.value)
    sheet, cell = year.cell.split("!")
    reported = [p for p in result.problems if p.code == "number_in_date_cell"]
    assert [(f"'{p.sheet}'", p.cell, p.value_found, p.severity) for p in reported] == [(sheet, cell, "2026", "error")]


def test_a_date_typed_in_libreoffice_is_taken_as_is(typed):
    _, answers = typed
    date = answers[DATE_CELL]
    assert (date.value, date.value_as_found, date.problem) == ("2026-12-31", "2026-12-31", "")


def test_a_range_written_otherwise_is_noted(typed):
    result, answers = typed
    written = answers[RANGE_CELL]
    assert (written.value, written.value_as_found, written.problem) == ("3-4", "3 – 4", "range_normalised")
    assert [p.severity for p in result.problems if p.code == "range_normalised"] == ["info"]


def test_the_csv_export_opened_in_libreoffice_evaluates_no_formula(typed, office, tmp_path):
    result, answers = typed
    csv = write_export(result, tmp_path / "antwoorden.csv")
    run_libreoffice({"input": str(csv), "csv_options": "44,34,76,1", "output": str(tmp_path / "geopend.xlsx")},
                    tmp_path, office.pipe)
    sheet = openpyxl.load_workbook(tmp_path / "geopend.xlsx").active
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    assert not [c.coordinate for row in rows for c in row if c.data_type == "f"], "no cell became a formula"
    by_cell = {row[header.index("cell")].value: row for row in rows[1:]}
    for name, text in FORMULAS.items():
        row = by_cell[answers[name].cell]
        for column in ("value", "value_as_found"):
            shown = row[header.index(column)].value
            assert shown == "'" + text, (name, column)  # the text itself, marked as text
    number = by_cell[answers[NUMBER_CELL].cell][header.index("value")]
    assert (number.value, number.data_type) == (12, "n"), "a number answer stays a number"
