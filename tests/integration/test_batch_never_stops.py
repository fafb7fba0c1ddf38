"""One file never stops the batch: a value typed far away, a file name that is not UTF-8, a large stray file,
a zip whose directory claims nonsense; each is one file's problem, read with bounded memory, and the
batch goes on with every file named."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.paths import LAYOUT_2022, ROOT
from tests.support.returns import (
    GEMEENTEN,
    make_return,
    peak_rss_mb,
    random_answers,
    with_cell_far_away,
    with_central_sizes,
)
from workbook_tool.read import read_return
from workbook_tool.read.area import Area
from workbook_tool.read.container import MAX_FILE_BYTES
from workbook_tool.read.grid import MAX_ROWS_READ
from workbook_tool.read.structure import cell_index, cell_name, read_structure

SHEET = "Bestaanscondities"
# Reading one return costs about 60 MB in a fresh process; a dense grid of a far cell costs gigabytes.
PEAK_MB = 250
READ_ONE = ("import sys\nfrom workbook_tool.layout import load_layout\nfrom workbook_tool.read import read_return\n"
            "ret = read_return(sys.argv[1], [load_layout(sys.argv[2])])\n"
            "print('OUTCOME', ret.outcome, ' '.join(sorted({p.code for p in ret.problems})))\n")


@pytest.fixture(scope="module")
def good_return(template, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    return make_return(template, GEMEENTEN[0], random_answers(template, 11), folder / "Gemeente A.xlsx")


def sheet_part(data: bytes, title: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return read_structure(archive).sheets[title][0]


def answers_of(ret) -> dict[str, tuple]:
    return {a.field.key: (a.cell, a.value, a.value_as_found) for a in ret.answers}


def area_of(layout) -> Area:
    from workbook_tool.read import reading_area

    return reading_area([layout])


def far_cells(area: Area) -> list[tuple[str | None, int]]:
    """Cells just outside the area and at the corners of a sheet, as (cell or None for a cell without r, row)."""
    last_col = cell_name(0, area.columns)[:-1]
    return [("AMJ1048576", 1048576), ("XFD2000", 2000), ("XFD1048576", 1048576), ("A1048576", 1048576),
            (f"{last_col}600", 600), (f"A{area.rows + 1}", area.rows + 1), (None, 1048576)]


def test_values_outside_the_area_are_named_and_everything_else_is_read_as_before(good_return, layout_2022, tmp_path):
    data = good_return.read_bytes()
    part = sheet_part(data, SHEET)
    before = read_return(good_return, [layout_2022])
    for cell, row in far_cells(area_of(layout_2022)):
        path = tmp_path / f"ver weg {cell or 'zonder r'}.xlsx"
        path.write_bytes(with_cell_far_away(data, part, cell, row))
        after = read_return(path, [layout_2022])
        assert after.outcome == "read", [str(p) for p in after.problems]
        outside = [p for p in after.problems if p.code == "outside_area"]
        assert len(outside) == 1 and outside[0].severity == "warning", [str(p) for p in after.problems]
        expected_cell = cell or f"A{row}"
        assert outside[0].sheet == SHEET and outside[0].cell == expected_cell and expected_cell in outside[0].message
        assert answers_of(after) == answers_of(before)
        assert {p.code for p in after.problems} - {"outside_area"} == {p.code for p in before.problems}


def test_a_value_just_inside_the_area_is_no_problem(good_return, layout_2022, tmp_path):
    data = good_return.read_bytes()
    area = area_of(layout_2022)
    corner = cell_name(area.rows - 1, area.columns - 1)
    path = tmp_path / "rand.xlsx"
    path.write_bytes(with_cell_far_away(data, sheet_part(data, SHEET), corner, area.rows))
    ret = read_return(path, [layout_2022])
    assert cell_index(corner) == (MAX_ROWS_READ - 1, area.columns - 1)
    assert ret.outcome == "read" and not [p for p in ret.problems if p.code == "outside_area"]
    assert answers_of(ret) == answers_of(read_return(good_return, [layout_2022]))


@pytest.mark.parametrize("cell,row", [("XFD1048576", 1048576), ("XFD2000", 2000), (None, 1048576)],
                         ids=["XFD1048576", "XFD2000", "zonder-r"])
def test_reading_a_far_value_costs_no_more_memory_than_a_normal_return(good_return, layout_2022, tmp_path,
                                                                      cell, row):
    data = good_return.read_bytes()
    path = tmp_path / "ver.xlsx"
    path.write_bytes(with_cell_far_away(data, sheet_part(data, SHEET), cell, row))
    normal, _ = peak_rss_mb(READ_ONE, str(good_return), str(LAYOUT_2022))
    far, out = peak_rss_mb(READ_ONE, str(path), str(LAYOUT_2022))
    assert "OUTCOME read" in out and "outside_area" in out
    assert far < PEAK_MB and far < normal + 30, (normal, far)


def test_a_large_stray_file_is_refused_without_being_read(layout_2022, tmp_path):
    """A 3 GB backup (sparse on disk) in the folder: refused by its size; the reader's memory stays small."""
    path = tmp_path / "backup.xlsx"
    with open(path, "wb") as handle:
        handle.truncate(3 * 1024 ** 3)
    peak, out = peak_rss_mb(READ_ONE + "print('MESSAGE', ret.problems[0].message)\n", str(path),
                            str(LAYOUT_2022))
    assert "OUTCOME failed unsafe" in out and "3.221 MB" in out and f"grens {MAX_FILE_BYTES // 1_000_000} MB" in out
    assert peak < 150, peak


def test_every_size_over_the_limit_is_refused_and_the_limit_itself_is_not(layout_2022, tmp_path, monkeypatch):
    import workbook_tool.read.container as container

    monkeypatch.setattr(container, "MAX_FILE_BYTES", 4000)
    for size, refused in ((4000, False), (4001, True), (10 ** 6, True)):
        path = tmp_path / f"{size}.xlsx"
        path.write_bytes(b"x" * size)
        ret = read_return(path, [layout_2022])
        assert (ret.problems[0].code == "unsafe") is refused, (size, [str(p) for p in ret.problems])


@pytest.mark.parametrize("compressed,uncompressed", [(0, 2_000_000), (0, 100), (1, 2_000_000)])
def test_a_zip_directory_claiming_odd_sizes_is_a_precise_problem(good_return, layout_2022, tmp_path,
                                                                 compressed, uncompressed):
    data = good_return.read_bytes()
    part = sheet_part(data, SHEET)
    path = tmp_path / "vreemd.xlsx"
    path.write_bytes(with_central_sizes(data, part, compressed, uncompressed))
    ret = read_return(path, [layout_2022])
    assert ret.outcome == "failed" and ret.problems[0].code in ("unsafe", "corrupt"), [str(p) for p in ret.problems]
    assert part in ret.problems[0].message


def test_file_names_that_are_not_utf8_are_shown_in_one_readable_form(good_return, layout_2022, tmp_path):
    """Every byte 0x80-0xFF in a file name (what unzipping a Windows zip leaves), in real files on disk:
    collect, the status workbook, the JSON and the terminal all show them, as Windows-1252 where it has one."""
    folder = tmp_path / "retour"
    folder.mkdir()
    raw_folder = os.fsencode(folder)
    (folder / "Gemeente A.xlsx").write_bytes(good_return.read_bytes())
    shown = {}
    for byte in range(0x80, 0x100):
        name = b"naam " + bytes([byte]) + b".xlsx"
        with open(raw_folder + b"/" + name, "wb") as handle:
            handle.write(b"geen werkboek")
        try:
            shown[byte] = name.decode("cp1252")
        except UnicodeDecodeError:
            shown[byte] = f"naam <{byte:02X}>.xlsx"  # no two files may be shown alike
    with open(raw_folder + b"/S\xfadwest-Frysl\xe2n.xlsx", "wb") as handle:
        handle.write(good_return.read_bytes())
    status = tmp_path / "status.xlsx"
    done = subprocess.run([sys.executable, "-m", "workbook_tool", "collect", str(folder), "--status", str(status),
                           "--json", "--layout", str(LAYOUT_2022)], capture_output=True, cwd=ROOT,
                          timeout=300, env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")[-2000:]
    report = json.loads(done.stdout.decode("utf-8"))
    files = {f["file"] for f in report["files"]}
    assert len(files) == 128 + 2
    assert set(shown.values()) | {"Súdwest-Fryslân.xlsx", "Gemeente A.xlsx"} == files
    assert {p["file"] for p in report["problems"]} >= set(shown.values())
    import openpyxl

    book = openpyxl.load_workbook(status, read_only=True)
    cells = {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}
    assert set(shown.values()) | {"Súdwest-Fryslân.xlsx"} <= cells


def test_a_few_dozen_mixed_files_are_collected_with_bounded_memory_and_every_file_named(good_return, layout_2022,
                                                                                        tmp_path):
    """Good returns, far values, names that are not UTF-8, a 3 GB stray file, bad zips: collect (in worker
    processes, as for a real round) finishes, names every file once, and stays within bounded memory."""
    folder = tmp_path / "gemengd"
    folder.mkdir()
    data = good_return.read_bytes()
    part = sheet_part(data, SHEET)
    names = []
    for index in range(36):
        kind = index % 6
        name = os.fsencode(folder) + (b"/ret\xe9 %d.xlsx" % index if kind == 1 else b"/ret %d.xlsx" % index)
        if kind == 0:
            content = data
        elif kind in (1, 2):
            content = with_cell_far_away(data, part, ["XFD1048576", "AMJ1048576"][index % 2], 1048576)
        elif kind == 3:
            content = with_central_sizes(data, part, 0, 2_000_000)
        elif kind == 4:
            content = b"PK\x03\x04 afgebroken"
        else:
            content = data[: len(data) // 3]
        with open(name, "wb") as handle:
            handle.write(content)
        names.append(os.fsdecode(name))
    with open(folder / "backup.xlsx", "wb") as handle:
        handle.truncate(3 * 1024 ** 3)
    code = ("import sys, json\nfrom workbook_tool.collect import collect\n"
            "from workbook_tool.layout import load_layout\n"
            "result = collect(sys.argv[1], [load_layout(sys.argv[2])])\n"
            "print('FILES', json.dumps([[f.name, f.outcome, sorted({p.code for p in f.problems})] "
            "for f in result.files]))\n")
    peak, out = peak_rss_mb(code, str(folder), str(LAYOUT_2022))
    files = json.loads(next(line for line in out.splitlines() if line.startswith("FILES"))[6:])
    assert len(files) == 37 and len({name for name, _, _ in files}) == 37
    assert all("internal" not in codes for _, _, codes in files), files
    by_name = {name: (outcome, codes) for name, outcome, codes in files}
    assert by_name["reté 1.xlsx"][0] == "read" and "outside_area" in by_name["reté 1.xlsx"][1]
    assert by_name["backup.xlsx"] == ("failed", ["unsafe"])
    assert peak < PEAK_MB * 2, peak

