"""Every answer is read from its own place, or named as not found: returns edited in LibreOffice the way a
gemeente does after removing the protection (rows and columns deleted, names deleted, rows added, formulas
typed), read back. The rule asserted for every answer cell: its value is the one typed into its own item, or a
problem names that item."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.support.office import run_libreoffice
from workbook_tool.collect import collect
from workbook_tool.export import write_status_workbook
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import DEFAULT_PASSWORD, generate
from workbook_tool.read import read_return

pytestmark = pytest.mark.realclient
EPOCH = dt.date(1899, 12, 30)
GEMEENTE = Gemeente("Gemeente A", "Regio Noord", 7)
SHEET = "Bestaanscondities"
FIRST = "ans__gezondheid_welzijn__ehealth__antwoord"
NEIGHBOUR = "ans__gezondheid_welzijn__zelfhulp_lotgenoten__antwoord"  # the row below FIRST's


@pytest.fixture(scope="module")
def workbook(layout_2022, tmp_path_factory):
    out = tmp_path_factory.mktemp("place-generated")
    return generate(layout_2022, out, [GEMEENTE], ronde="2026")


@pytest.fixture(scope="module")
def filled(workbook, office, tmp_path_factory):
    """The generated workbook filled completely in LibreOffice (a neighbour pair set to Nee, Ja); the edits
    below start from it. Returns the file and the values typed, by cell name."""
    folder = tmp_path_factory.mktemp("place-filled")
    types = {c.name: c.type for c in workbook.template.cells}
    path = folder / "ingevuld.xlsx"
    pair = {FIRST: "Nee", NEIGHBOUR: "Ja"}
    result = run_libreoffice({"input": str(workbook.files[0]), "output": str(path), "fill": True, "seed": 5,
                              "types": types, "set_strings": pair}, folder / "jobs", office.pipe)
    return path, {**result["filled"], **pair}


def edited(filled, office, folder, name: str, **edits) -> tuple:
    """The filled return edited in LibreOffice as the job says (after unprotecting), saved as name."""
    source, values = filled
    path = folder / name
    job = {"input": str(source), "output": str(path), "describe": False, "types": {},
           "password": DEFAULT_PASSWORD, **edits}
    run_libreoffice(job, folder / "jobs", office.pipe)
    return path, values


def expected(kind: str, value):
    if kind == "date":
        return (EPOCH + dt.timedelta(days=value)).isoformat()
    if kind == "number":
        return int(value) if float(value).is_integer() else value
    return value


def assert_own_place_or_named(ret, workbook, typed) -> dict[str, str]:
    """Every answer is the value typed into its own cell, or a problem names its item; returns the codes of
    the items named."""
    by_name = {c.name: c for c in workbook.template.cells}
    named: dict[tuple, set[str]] = {}
    for p in ret.problems:
        named.setdefault((p.question_id, p.item_id, p.column_id), set()).add(p.code)
    named_items = {(p.question_id, p.item_id) for p in ret.problems if p.item_id and p.severity == "error"}
    missing = {}
    for answer in ret.answers:
        f = answer.field
        name = f"ans__{f.question.id}__{f.item.id}__{f.column.id}"
        where = (f.question.id, f.item.id, f.column.id)
        unread = named.get(where, set()) & {"answer_missing", "error_value"}
        if unread:
            assert answer.value is None, (name, answer.value)
            missing[name] = unread.pop()
            continue
        if (f.question.id, f.item.id) in named_items and answer.value is None:
            continue
        record = by_name[name]
        assert answer.value == expected(record.type, typed[name]), (name, answer.cell, answer.value, typed[name])
    return missing


def test_a_deleted_row_is_named_and_never_takes_its_neighbours_answer(workbook, filled, office, tmp_path,
                                                                       layout_2022):
    cells = {c.name: c for c in workbook.template.cells}
    row = int(cells[FIRST].cell[1:]) - 1
    path, values = edited(filled, office, tmp_path, "rij weg.xlsx", unprotect=[SHEET],
                          delete_rows=[{"sheet": SHEET, "at": row, "count": 1}])
    ret = read_return(path, [layout_2022])
    missing = assert_own_place_or_named(ret, workbook, values)
    assert missing == {FIRST: "answer_missing"}
    by_key = {a.field.key: a for a in ret.answers}
    assert by_key["gezondheid_welzijn.ehealth.antwoord"].value is None
    assert by_key["gezondheid_welzijn.zelfhulp_lotgenoten.antwoord"].value == "Ja"


def test_a_deleted_answer_column_loses_those_answers_by_name_and_keeps_the_texts(workbook, filled, office, tmp_path,
                                                                                 layout_2022):
    path, values = edited(filled, office, tmp_path, "kolom weg.xlsx", unprotect=[SHEET],
                          delete_columns=[{"sheet": SHEET, "at": 2, "count": 1}])
    ret = read_return(path, [layout_2022])
    missing = assert_own_place_or_named(ret, workbook, values)
    on_sheet = {c.name for c in workbook.template.cells if c.sheet == SHEET}
    assert {n for n in on_sheet if n.endswith("__antwoord")} == set(missing)
    texts = {a.field.key: a.value for a in ret.answers
             if a.field.sheet.title == SHEET and a.field.column.id == "namelijk"}
    assert texts and all(v is not None for v in texts.values()), "the Anders texts are read at their own item"


def test_deleted_names_and_inserted_rows_are_found_by_label(workbook, filled, office, tmp_path, layout_2022):
    names = [c.name for c in workbook.template.cells]
    path, values = edited(filled, office, tmp_path, "namen weg.xlsx", unprotect=[SHEET], delete_names=names,
                          insert_rows=[{"sheet": SHEET, "at": 12, "count": 2}])
    ret = read_return(path, [layout_2022])
    assert assert_own_place_or_named(ret, workbook, values) == {}
    assert any(p.code == "label_changed" and p.sheet == SHEET for p in ret.problems)


def test_a_formula_giving_an_error_is_an_error_not_an_empty_answer(workbook, filled, office, tmp_path, layout_2022):
    number = next(c for c in workbook.template.cells if c.type == "number")
    path, values = edited(filled, office, tmp_path, "formule.xlsx", unprotect=[number.sheet],
                          formulas={number.name: "=1/0"})
    ret = read_return(path, [layout_2022])
    errors = [p for p in ret.problems if p.code == "error_value"]
    assert [(p.sheet, p.cell, p.item_id, p.severity) for p in errors] == [
        (number.sheet, number.cell, number.item_id, "error")]
    assert "#DIV/0!" in errors[0].value_found and "formule" in errors[0].message
    assert not any(p.code == "formula" and p.cell == number.cell for p in ret.problems)


def test_a_row_the_gemeente_added_is_reported(workbook, filled, office, tmp_path, layout_2022):
    path, _ = edited(filled, office, tmp_path, "eigen regel.xlsx", unprotect=[SHEET],
                     insert_rows=[{"sheet": SHEET, "at": 12, "count": 1}],
                     set_cells=[{"sheet": SHEET, "cell": "B13", "string": "Eigen buurtpreventie"},
                                {"sheet": SHEET, "cell": "C13", "string": "Ja"}])
    ret = read_return(path, [layout_2022])
    added = [p for p in ret.problems if p.code == "added_row"]
    assert [(p.sheet, p.cell, p.severity) for p in added] == [(SHEET, "B13", "warning")]
    assert "Eigen buurtpreventie" in added[0].message and added[0].value_found == "Ja"


def test_a_blank_workbook_is_read_with_the_gemeente_typed_on_start(layout_2022, office, tmp_path):
    blank = generate(layout_2022, tmp_path / "blanco", None, ronde="2026")
    returns = tmp_path / "retour"
    returns.mkdir()
    run_libreoffice({"input": str(blank.files[0]), "output": str(returns / "scan.xlsx"), "types": {},
                     "set_strings": {"wt_gemeente": "Gemeente Z", "wt_regio": "Regio Zuid",
                                     "wt_ingevuld_naam": "J. Jansen", "wt_ingevuld_functie": "beleidsadviseur",
                                     "wt_ingevuld_email": "j.jansen@example.nl"}, "describe": False},
                    tmp_path / "jobs", office.pipe)
    result = collect(returns, [layout_2022], [Gemeente("Gemeente Z", "Regio Zuid", 3)])
    assert [r.identity.gemeente for r in result.used] == ["Gemeente Z"]
    assert result.used[0].identity.regio == "Regio Zuid"
    assert not [p for p in result.problems if p.code in ("gemeente_missing", "metadata_changed")]
    typed = {"naam": "J. Jansen", "functie": "beleidsadviseur", "email": "j.jansen@example.nl"}
    assert {k: result.used[0].respondent[k] for k in typed} == typed
    frame = result.answers_frame()
    for field, value in typed.items():
        assert set(frame[f"ingevuld_{field}"]) == {value}, "on every export row of the return"
    assert list(frame.columns)[-4:] == ["ingevuld_naam", "ingevuld_functie", "ingevuld_email", "ingevuld_datum"]
    book = openpyxl.load_workbook(write_status_workbook(result, tmp_path / "status.xlsx"))
    rows = list(book["Status"].iter_rows(values_only=True))
    shown = dict(zip(rows[0], rows[1], strict=True))
    assert (shown["Ingevuld door: naam"], shown["Ingevuld door: functie"], shown["Ingevuld door: e-mail"]) == \
        ("J. Jansen", "beleidsadviseur", "j.jansen@example.nl")
    overview = [r for r in book["Overzicht"].iter_rows(values_only=True) if r[1] == "Gemeente Z"]
    assert overview[0][4] == "J. Jansen, beleidsadviseur", "the printable overview says who filled it in"


EDITS = st.fixed_dictionaries({
    "delete_rows": st.lists(st.integers(8, 60), max_size=3, unique=True),
    "insert_rows": st.lists(st.integers(8, 60), max_size=2, unique=True),
    "delete_column": st.sampled_from([None, 2, 3]),
    "delete_names": st.lists(st.integers(0, 80), max_size=30, unique=True),
})


def test_random_edits_keep_every_answer_at_its_own_item_or_name_it(workbook, filled, office, tmp_path_factory,
                                                             layout_2022):
    """The property of the issue: whatever rows, columns and names a gemeente deletes or inserts, every answer
    in the export is the one typed at its own item, or a problem names that item."""
    folder = tmp_path_factory.mktemp("place-property")
    names = [c.name for c in workbook.template.cells if c.sheet == SHEET]
    counter = iter(range(1000))

    @settings(max_examples=5, deadline=None, phases=(Phase.explicit, Phase.generate),
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(EDITS)
    def check(edits):
        deletes = [{"sheet": SHEET, "at": r, "count": 1} for r in sorted(edits["delete_rows"], reverse=True)]
        inserts = [{"sheet": SHEET, "at": r, "count": 1} for r in edits["insert_rows"]]
        column = [{"sheet": SHEET, "at": edits["delete_column"], "count": 1}] if edits["delete_column"] else []
        path, values = edited(filled, office, folder, f"p{next(counter)}.xlsx", unprotect=[SHEET],
                              delete_names=[names[i] for i in edits["delete_names"] if i < len(names)],
                              delete_rows=deletes, delete_columns=column)
        if inserts:
            moved = path.with_name(f"{path.stem} ingevoegd.xlsx")
            run_libreoffice({"input": str(path), "output": str(moved), "types": {}, "password": DEFAULT_PASSWORD,
                             "unprotect": [SHEET], "insert_rows": inserts}, folder / "jobs", office.pipe)
            path = moved
        alone = folder / path.stem
        alone.mkdir()
        path.rename(alone / path.name)
        result = collect(alone, [layout_2022], [GEMEENTE])
        assert [r.outcome for r in result.files] == ["read"]
        assert_own_place_or_named(result.used[0], workbook, values)
        assert len(result.answers_frame()) == len(result.used[0].answers), "every answer cell has its export row"

    check()
