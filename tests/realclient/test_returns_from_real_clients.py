"""Returns filled and re-saved by real spreadsheet programs (LibreOffice through UNO, Gnumeric), read back."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess

import pytest

from tests.support.office import require, run_libreoffice
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


def test_real_xls_and_ods_files_get_a_clear_message(lo_returns, layout_2022, tmp_path):
    require("ssconvert")
    folder, _, _ = lo_returns
    for suffix, exporter in ((".xls", "Gnumeric_Excel:excel_biff8"), (".ods", "Gnumeric_OpenCalc:odf")):
        target = tmp_path / f"Gemeente A{suffix}"
        done = subprocess.run(["ssconvert", "-T", exporter, str(folder / "Gemeente A.xlsx"), str(target)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        result = read_return(target, [layout_2022])
        assert result.outcome == "failed" and result.problems[0].code == "not_xlsx"
        assert ".xlsx" in result.problems[0].message
    assert shutil.which("ssconvert")


def test_the_saved_time_libreoffice_writes_is_read(lo_returns, layout_2022):
    """LibreOffice writes dcterms:modified on save; the reader takes it (the duplicate rule depends on it),
    and a generated workbook's fixed date is not mistaken for it."""
    folder, _, _ = lo_returns
    saved = read_return(folder / "Gemeente A.xlsx", [layout_2022]).saved_at
    moment = dt.datetime.fromisoformat(saved.replace("Z", "+00:00")[:19])
    assert abs(moment - dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)) < dt.timedelta(hours=2), saved
