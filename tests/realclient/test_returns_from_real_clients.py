"""Returns filled and re-saved by real spreadsheet programs (LibreOffice through UNO, Gnumeric), read back."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess

import pytest

from tests.support.office import require, run_libreoffice
from tests.support.paths import LAYOUT_2022
from tests.support.returns import peak_rss_mb
from workbook_tool.collect import collect
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import DEFAULT_PASSWORD, generate
from workbook_tool.read import read_return

pytestmark = pytest.mark.realclient
EPOCH = dt.date(1899, 12, 30)
GEMEENTEN = [Gemeente("Gemeente A", "Regio Noord", 1), Gemeente("Gemeente B", "Regio Noord", 2)]


@pytest.fixture(scope="module")
def lo_returns(layout_2022, office, tmp_path_factory):
    """Gemeente A filled in LibreOffice and saved; Gemeente B filled, protection removed and rows inserted."""
    folder = tmp_path_factory.mktemp("lo-returns")
    blank = tmp_path_factory.mktemp("blank")
    result = generate(layout_2022, blank, GEMEENTEN, ronde="2026")
    types = {c.name: c.type for c in result.template.cells}
    jobs = tmp_path_factory.mktemp("jobs")
    filled_a = run_libreoffice({"input": str(result.files[0]), "output": str(folder / "Gemeente A.xlsx"),
                                "fill": True, "fill_share": 0.8, "seed": 1, "types": types}, jobs, office.pipe)
    filled_b = run_libreoffice({"input": str(result.files[1]), "output": str(folder / "Gemeente B.xlsx"),
                                "fill": True, "fill_share": 0.6, "seed": 2, "types": types,
                                "password": DEFAULT_PASSWORD,
                                "insert_rows": [{"sheet": "Bestaanscondities", "at": 12, "count": 3},
                                                {"sheet": "Beleid", "at": 5, "count": 1}]}, jobs, office.pipe)
    return folder, result.template, {"Gemeente A": filled_a["filled"], "Gemeente B": filled_b["filled"]}


def expected_export_value(kind: str, value):
    if kind == "date":
        return (EPOCH + dt.timedelta(days=value)).isoformat()
    if kind == "number":
        return int(value) if float(value).is_integer() else value
    return value


def assert_exact(result, template, filled_by_gemeente) -> None:
    frame = result.answers_frame()
    by_name = {c.name: c for c in template.cells}
    for gemeente, filled in filled_by_gemeente.items():
        rows = frame[(frame.gemeente == gemeente) & (frame.value_as_found != "")]
        assert len(rows) == len(filled), f"{gemeente}: every non-empty answer cell is exported, and only those"
        exported = {f"ans__{r.question_id}__{r.item_id}__{r.column}": r.value for r in rows.itertuples()}
        for name, value in filled.items():
            assert exported[name] == expected_export_value(by_name[name].type, value), (gemeente, name)


def test_returns_saved_by_libreoffice_read_back_exactly(lo_returns, layout_2022):
    folder, template, filled = lo_returns
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    result = collect(folder, [layout_2022], GEMEENTEN)
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()} == before
    assert all(f.identity.method == "metadata" for f in result.files)
    assert_exact(result, template, filled)
    assert not [p for p in result.problems if p.severity == "error"], [str(p) for p in result.problems][:5]


def test_inserted_rows_are_found_through_the_names(lo_returns, layout_2022):
    folder, _, _ = lo_returns
    moved = read_return(folder / "Gemeente B.xlsx", [layout_2022])
    untouched = read_return(folder / "Gemeente A.xlsx", [layout_2022])
    assert any(p.code == "moved_cells" for p in moved.problems)
    assert not any(p.code in ("moved_cells", "label_changed") for p in untouched.problems)
    assert not any(p.code == "label_changed" for p in moved.problems), "names moved with their rows"


def test_returns_resaved_by_gnumeric_read_back_exactly(lo_returns, layout_2022, tmp_path):
    require("ssconvert")
    folder, template, filled = lo_returns
    gnumeric = tmp_path / "gnumeric"
    gnumeric.mkdir()
    for path in folder.iterdir():
        done = subprocess.run(["ssconvert", str(path), str(gnumeric / path.name)], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
    result = collect(gnumeric, [layout_2022], GEMEENTEN)
    assert_exact(result, template, filled)


def test_xls_and_ods_saved_by_gnumeric_are_read_with_a_warning(lo_returns, layout_2022, tmp_path):
    """Returns saved as .xls or .ods are read anyway (through the metadata sheet), every value exactly,
    with a warning naming the format; before, the gemeente was asked to send them again."""
    require("ssconvert")
    folder, template, filled = lo_returns
    converted = tmp_path / "gnumeric"
    converted.mkdir()
    for suffix, exporter in ((".xls", "Gnumeric_Excel:excel_biff8"), (".ods", "Gnumeric_OpenCalc:odf")):
        target = converted / f"Gemeente A{suffix}"
        done = subprocess.run(["ssconvert", "-T", exporter, str(folder / "Gemeente A.xlsx"), str(target)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        result = read_return(target, [layout_2022])
        assert result.outcome == "read", [str(p) for p in result.problems]
        warning = [p for p in result.problems if p.code == "other_format"]
        assert warning and warning[0].severity == "warning" and suffix in warning[0].message
        assert result.identity.gemeente == "Gemeente A" and result.identity.method == "metadata"
        assert_exact(collect(converted, [layout_2022], GEMEENTEN[:1]), template, {"Gemeente A": filled["Gemeente A"]})
        target.unlink()


@pytest.fixture(scope="module")
def lo_other_saves(layout_2022, office, tmp_path_factory):
    """One return filled in LibreOffice and saved as .ods (what LibreOffice offers first) and as .xls."""
    folder = tmp_path_factory.mktemp("lo-other")
    blank = tmp_path_factory.mktemp("blank-other")
    result = generate(layout_2022, blank, GEMEENTEN[:1], ronde="2026")
    types = {c.name: c.type for c in result.template.cells}
    jobs = tmp_path_factory.mktemp("jobs-other")
    filled = {}
    for suffix, seed in ((".ods", 5), (".xls", 6)):
        sub = folder / suffix[1:]
        sub.mkdir()
        done = run_libreoffice({"input": str(result.files[0]), "output": str(sub / f"Gemeente A{suffix}"),
                                "fill": True, "fill_share": 0.9, "seed": seed, "types": types}, jobs, office.pipe)
        filled[suffix] = done["filled"]
    return folder, result.template, filled


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_ods_and_xls_saved_by_libreoffice_read_back_exactly(lo_other_saves, layout_2022, suffix):
    folder, template, filled = lo_other_saves
    result = collect(folder / suffix[1:], [layout_2022], GEMEENTEN[:1])
    (ret,) = result.files
    assert ret.outcome == "read" and ret.identity.method == "metadata"
    assert [p.code for p in ret.problems if p.code == "other_format"] == ["other_format"]
    assert_exact(result, template, {"Gemeente A": filled[suffix]})
    assert not [p for p in result.problems if p.severity == "error"], [str(p) for p in result.problems][:5]


@pytest.fixture(scope="module")
def lo_far_values(layout_2022, office, tmp_path_factory):
    """Returns filled in LibreOffice, a sheet unprotected with the README's password and one value typed far
    away, saved as .xlsx (and once as .ods)."""
    folder = tmp_path_factory.mktemp("lo-far")
    blank = tmp_path_factory.mktemp("blank-far")
    result = generate(layout_2022, blank, GEMEENTEN[:1], ronde="2026")
    types = {c.name: c.type for c in result.template.cells}
    jobs = tmp_path_factory.mktemp("jobs-far")
    filled = {}
    for name, sheet, cell in (("AMJ1048576.xlsx", "Bestaanscondities", "AMJ1048576"),
                              ("XFD2000.xlsx", "Beleid", "XFD2000"), ("XFD1048576.xlsx", "Start", "XFD1048576"),
                              ("AMJ1048576.ods", "Bestaanscondities", "AMJ1048576")):
        done = run_libreoffice({"input": str(result.files[0]), "output": str(folder / name), "fill": True,
                                "fill_share": 0.7, "seed": 3, "types": types, "password": DEFAULT_PASSWORD,
                                "type_far": [{"sheet": sheet, "cell": cell, "value": "notitie"}]}, jobs, office.pipe)
        filled[name] = (sheet, cell, done["filled"])
    return folder, result.template, filled


READ_ONE = ("import sys\nfrom workbook_tool.layout import load_layout\nfrom workbook_tool.read import read_return\n"
            "ret = read_return(sys.argv[1], [load_layout(sys.argv[2])])\n"
            "print('OUTCOME', ret.outcome, ' '.join(sorted({p.code for p in ret.problems})))\n")


@pytest.mark.parametrize("name", ["AMJ1048576.xlsx", "XFD2000.xlsx", "XFD1048576.xlsx"])
def test_a_value_typed_far_away_in_libreoffice_is_named_and_the_answers_read_exactly(lo_far_values, layout_2022,
                                                                                      name):
    folder, template, filled = lo_far_values
    sheet, cell, answers = filled[name]
    ret = read_return(folder / name, [layout_2022])
    outside = [p for p in ret.problems if p.code == "outside_area"]
    assert ret.outcome == "read" and len(outside) == 1
    assert (outside[0].sheet, outside[0].cell) == (sheet, cell) and cell in outside[0].message
    single = folder / name.replace(".xlsx", "")
    single.mkdir(exist_ok=True)
    shutil.copy(folder / name, single / name)
    assert_exact(collect(single, [layout_2022], GEMEENTEN[:1]), template, {"Gemeente A": answers})
    peak, out = peak_rss_mb(READ_ONE, str(folder / name), str(LAYOUT_2022))
    assert "OUTCOME read" in out and peak < 250, peak


def test_an_ods_with_a_value_typed_far_away_is_refused_with_bounded_memory(lo_far_values, layout_2022):
    """An .ods cannot be trimmed before calamine builds its grid; it is read in a child with a memory limit,
    and a sheet reaching that far is one file's problem."""
    folder, _, _ = lo_far_values
    peak, out = peak_rss_mb(READ_ONE, str(folder / "AMJ1048576.ods"), str(LAYOUT_2022))
    assert "OUTCOME failed unsafe" in out
    assert peak < 1700, peak  # the child's address space is limited to 1.5 GB


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_an_xls_or_ods_saved_with_a_password_is_refused_as_encrypted(layout_2022, office, tmp_path, suffix):
    blank = tmp_path / "blank"
    blank.mkdir()
    result = generate(layout_2022, blank, GEMEENTEN[:1], ronde="2026")
    target = tmp_path / f"Gemeente A{suffix}"
    run_libreoffice({"input": str(result.files[0]), "output": str(target), "save_password": "geheim"}, tmp_path,
                    office.pipe)
    ret = read_return(target, [layout_2022])
    assert ret.outcome == "failed" and ret.problems[0].code == "encrypted", [str(p) for p in ret.problems]
    assert "zonder wachtwoord" in ret.problems[0].message


def test_the_saved_time_libreoffice_writes_is_read(lo_returns, layout_2022):
    """LibreOffice writes dcterms:modified on save; the reader takes it (the duplicate rule depends on it),
    and a generated workbook's fixed date is not mistaken for it."""
    folder, _, _ = lo_returns
    saved = read_return(folder / "Gemeente A.xlsx", [layout_2022]).saved_at
    moment = dt.datetime.fromisoformat(saved.replace("Z", "+00:00")[:19])
    assert abs(moment - dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)) < dt.timedelta(hours=2), saved

