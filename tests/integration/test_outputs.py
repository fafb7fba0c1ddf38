"""Outputs never destroy inputs, and come as a whole: the commands as a coordinator runs them, on real files."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.paths import DRECHTSTEDEN, LAYOUT_2022
from workbook_tool.cli import main
from workbook_tool.fileio import write_together

GEMEENTEN = DRECHTSTEDEN / "gemeenten.csv"


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def fingerprints(folder: Path) -> dict[str, str]:
    """Every file under folder (temporaries included) with its SHA-256."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def retour(tmp_path) -> Path:
    """A copy of the nine filled Drechtsteden returns."""
    folder = tmp_path / "retour"
    shutil.copytree(DRECHTSTEDEN / "retour", folder)
    return folder


@pytest.fixture(scope="module")
def previous_outputs(tmp_path_factory) -> Path:
    """What an earlier run wrote for the sample: regio.xlsx, regio-sleutel.xlsx, status.xlsx, antwoorden.xlsx."""
    out = tmp_path_factory.mktemp("vorige-run")
    assert invoke("consolidate", DRECHTSTEDEN / "retour", "--out", out / "regio.xlsx").exit_code == 0
    invoke("collect", DRECHTSTEDEN / "retour", "--status", out / "status.xlsx", "--export", out / "antwoorden.xlsx")
    assert len(list(out.iterdir())) == 4
    return out


@pytest.fixture
def two_gemeenten(tmp_path) -> Path:
    """A gemeenten list of two, named like two of the sample's returns."""
    listed = tmp_path / "twee.csv"
    listed.write_text("naam,regio,nummer\nGemeente 2,Drechtsteden,2\nGemeente 7,Drechtsteden,7\n", encoding="utf-8")
    return listed


# -- an output is never an input, nor inside the returns folder --------------------------------------

@pytest.mark.parametrize("command", [
    ("consolidate", "{retour}", "--out", "{retour}/Gemeente 3.xlsx"),
    ("consolidate", "{retour}", "--out", "{retour}/regio.xlsx"),
    ("consolidate", "{retour}", "--out", "{retour}/sub/../regio.xlsx", "--namen"),
    ("collect", "{retour}", "--export", "{retour}/Gemeente 3.xlsx"),
    ("collect", "{retour}", "--status", "{retour}/Gemeente 5.xlsx"),
    ("collect", "{retour}", "--export", "{retour}/antwoorden.csv"),
    ("collect", "{retour}", "--status", "{retour}/status.xlsx"),
])
def test_an_output_inside_the_returns_folder_is_refused_and_nothing_changes(retour, tmp_path, command):
    before = fingerprints(tmp_path)
    result = invoke(*(part.format(retour=retour) for part in command))
    assert result.exit_code == 1
    assert "map met retouren" in result.output
    assert fingerprints(tmp_path) == before, "no return changed, nothing written anywhere"


@pytest.mark.parametrize("command", [
    ("consolidate", "{retour}", "--gemeenten", "{list}", "--out", "{list}"),
    ("collect", "{retour}", "--gemeenten", "{list}", "--export", "{list}"),
    ("collect", "{retour}", "--gemeenten", "{list}", "--status", "{list}"),
    ("collect", "{retour}", "--layout", "{layout}", "--export", "{layout}"),
])
def test_an_output_that_is_an_input_file_is_refused(retour, tmp_path, command):
    listed = tmp_path / "gemeenten.csv"
    shutil.copy(GEMEENTEN, listed)
    layout = tmp_path / "layout.yaml"
    shutil.copy(LAYOUT_2022, layout)
    before = fingerprints(tmp_path)
    result = invoke(*(part.format(retour=retour, list=listed, layout=layout) for part in command))
    assert result.exit_code == 1
    assert "invoerbestand" in result.output
    assert fingerprints(tmp_path) == before


def test_an_input_reached_through_a_hard_link_is_refused_too(retour, tmp_path):
    listed = tmp_path / "gemeenten.csv"
    shutil.copy(GEMEENTEN, listed)
    os.link(listed, tmp_path / "ook-de-lijst.csv")
    result = invoke("collect", retour, "--gemeenten", listed, "--export", tmp_path / "ook-de-lijst.csv")
    assert result.exit_code == 1 and "invoerbestand" in result.output
    assert listed.read_bytes() == GEMEENTEN.read_bytes()


def test_a_filled_return_kept_outside_the_folder_is_never_overwritten(retour, tmp_path):
    kept = tmp_path / "bewaard.xlsx"
    shutil.copy(retour / "Gemeente 1.xlsx", kept)
    for command in (("consolidate", retour, "--out", kept), ("collect", retour, "--status", kept)):
        result = invoke(*command)
        assert result.exit_code == 1 and "ingevuld scanwerkboek" in result.output
        assert kept.read_bytes() == (retour / "Gemeente 1.xlsx").read_bytes()


def test_the_status_and_the_export_may_not_be_one_file(retour, tmp_path):
    result = invoke("collect", retour, "--status", tmp_path / "x.xlsx", "--export", tmp_path / "x.xlsx")
    assert result.exit_code == 1 and "hetzelfde bestand" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_outputs_outside_the_folder_may_replace_their_previous_version(retour, tmp_path, previous_outputs):
    out = tmp_path / "uit"
    shutil.copytree(previous_outputs, out)
    (retour / "Gemeente 9.xlsx").unlink()  # this run has other content
    before = fingerprints(out)
    assert invoke("consolidate", retour, "--out", out / "regio.xlsx").exit_code == 0
    result = invoke("collect", retour, "--status", out / "status.xlsx", "--export", out / "antwoorden.xlsx")
    assert result.exit_code == 1 and "Error" not in result.output  # 1: the sample is incomplete
    after = fingerprints(out)
    assert after.keys() == before.keys() and all(after[name] != before[name] for name in before)


# -- generate never replaces a workbook that holds answers -------------------------------------------

def test_generate_into_the_folder_of_filled_returns_is_refused_and_names_them(retour):
    before = fingerprints(retour)
    result = invoke("generate", "--layout", LAYOUT_2022, "--gemeenten", GEMEENTEN, "--out", retour)
    assert result.exit_code == 1
    for name in before:
        assert name in result.output
    assert fingerprints(retour) == before, "no return replaced, and no blank workbook written next to them"


@pytest.mark.parametrize("occupant", ["filled return", "not a workbook"])
def test_generate_refuses_when_one_same_named_file_is_not_a_blank_copy(tmp_path, two_gemeenten, occupant):
    out = tmp_path / "uit"
    assert invoke("generate", "--layout", LAYOUT_2022, "--gemeenten", two_gemeenten, "--out", out).exit_code == 0
    if occupant == "filled return":
        shutil.copy(DRECHTSTEDEN / "retour" / "Gemeente 7.xlsx", out / "Gemeente 7.xlsx")
    else:
        (out / "Gemeente 7.xlsx").write_text("geen werkboek")
    before = fingerprints(out)
    result = invoke("generate", "--layout", LAYOUT_2022, "--gemeenten", two_gemeenten, "--out", out)
    assert result.exit_code == 1
    assert "Gemeente 7.xlsx" in result.output
    assert "Gemeente 2.xlsx" not in result.output, "a blank copy is not named"
    assert fingerprints(out) == before, "not even the blank copy was replaced"


def test_generate_may_replace_its_own_blank_copies(tmp_path, two_gemeenten):
    out = tmp_path / "uit"
    for _ in range(2):
        result = invoke("generate", "--layout", LAYOUT_2022, "--gemeenten", two_gemeenten, "--out", out)
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["Gemeente 2.xlsx", "Gemeente 7.xlsx"]


# -- outputs get the user's normal file mode ---------------------------------------------------------

def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_every_command_writes_with_the_mode_a_plain_open_would_give(retour, tmp_path):
    old = os.umask(0o002)  # a shared drive's group-writable umask: neither mkstemp's 0600 nor the usual 0644
    try:
        invoke("consolidate", retour, "--out", tmp_path / "regio.xlsx")
        invoke("collect", retour, "--export", tmp_path / "antwoorden.csv")
        invoke("generate", "--layout", LAYOUT_2022, "--out", tmp_path / "blanco")
        (tmp_path / "gewoon.txt").write_text("")
    finally:
        os.umask(old)
    written = [tmp_path / "regio.xlsx", tmp_path / "regio-sleutel.xlsx", tmp_path / "retour-status.xlsx",
               tmp_path / "antwoorden.csv", *(tmp_path / "blanco").iterdir()]
    assert len(written) == 5
    assert {path.name: _mode(path) for path in written} == {path.name: _mode(tmp_path / "gewoon.txt")
                                                            for path in written}


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o027, 0o077])
def test_written_files_follow_the_umask_when_new_and_when_replaced(tmp_path, umask):
    (tmp_path / "oud.xlsx").write_bytes(b"vorige")
    os.chmod(tmp_path / "oud.xlsx", 0o600)
    old = os.umask(umask)
    try:
        write_together({tmp_path / "nieuw.xlsx": b"a", tmp_path / "oud.xlsx": b"b"})
    finally:
        os.umask(old)
    assert _mode(tmp_path / "nieuw.xlsx") == _mode(tmp_path / "oud.xlsx") == 0o666 & ~umask


# -- the report and its key, the status and the export: together or not at all ----------------------

def _fail_on_replace_number(monkeypatch, failing: int) -> None:
    """os.replace fails on its failing-th call (counting from 1) as on a full or vanished disk."""
    real_replace = os.replace
    calls = {"n": 0}

    def replace(src, dst):
        calls["n"] += 1
        if calls["n"] == failing:
            raise OSError(28, "No space left on device", str(src))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def _fail_on_write_number(monkeypatch, failing: int) -> None:
    """The failing-th file written with os.fdopen cannot be written: the disk is full."""
    real_fdopen = os.fdopen
    calls = {"n": 0}

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(28, "No space left on device", None)

    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        calls["n"] += 1
        return FullDisk(handle) if calls["n"] == failing else handle

    monkeypatch.setattr(os, "fdopen", fdopen)


@pytest.mark.parametrize(("failure", "failing"), [(_fail_on_replace_number, 1), (_fail_on_replace_number, 2),
                                                  (_fail_on_write_number, 2)])
def test_a_failed_consolidate_leaves_the_previous_report_and_key_as_they_were(retour, tmp_path, monkeypatch,
                                                                              previous_outputs, failure, failing):
    out = tmp_path / "uit"
    shutil.copytree(previous_outputs, out)
    (retour / "Gemeente 9.xlsx").unlink()  # the next run has other content
    before = fingerprints(out)
    failure(monkeypatch, failing)
    result = invoke("consolidate", retour, "--out", out / "regio.xlsx")
    assert result.exit_code == 1
    assert fingerprints(out) == before, "previous report and key kept, nothing half-written, no temporaries"
    named = "regio.xlsx" if failing == 1 else "regio-sleutel.xlsx"
    assert f"{out / named}:" in result.output and ".tmp" not in result.output


@pytest.mark.parametrize("failing", [1, 2])
def test_a_failed_first_consolidate_leaves_no_report_without_key(retour, tmp_path, monkeypatch, failing):
    _fail_on_replace_number(monkeypatch, failing)
    assert invoke("consolidate", retour, "--out", tmp_path / "uit" / "regio.xlsx").exit_code == 1
    assert list((tmp_path / "uit").iterdir()) == []


@pytest.mark.parametrize("failing", [1, 2])
def test_a_failed_collect_leaves_status_and_export_as_they_were(retour, tmp_path, monkeypatch, previous_outputs,
                                                                failing):
    out = tmp_path / "uit"
    shutil.copytree(previous_outputs, out)
    args = ("collect", retour, "--status", out / "status.xlsx", "--export", out / "antwoorden.xlsx")
    (retour / "Gemeente 9.xlsx").unlink()
    before = fingerprints(out)
    _fail_on_replace_number(monkeypatch, failing)
    result = invoke(*args)
    assert result.exit_code == 1 and "de schijf is vol." in result.output
    assert fingerprints(out) == before


# -- the tool's own workbooks among the returns are recognised and skipped ---------------------------

def test_the_tools_own_outputs_in_the_returns_folder_are_skipped_with_a_note(retour, tmp_path, previous_outputs):
    clean = json.loads(invoke("collect", retour, "--json", "--status", tmp_path / "s.xlsx").stdout)
    own = sorted(p.name for p in previous_outputs.iterdir())
    for path in previous_outputs.iterdir():
        shutil.copy(path, retour / path.name)  # as a coordinator who saved the report in the wrong folder

    found = json.loads(invoke("collect", retour, "--json", "--status", tmp_path / "s.xlsx").stdout)
    outcomes = {f["file"]: f["outcome"] for f in found["files"]}
    assert sorted(name for name, outcome in outcomes.items() if outcome == "skipped") == own
    assert sum(outcome == "read" for outcome in outcomes.values()) == 9
    notes = [p for p in found["problems"] if p["file"] in own]
    assert sorted(p["file"] for p in notes) == own
    assert {(p["code"], p["severity"]) for p in notes} == {("own_output", "info")}
    assert [p for p in found["problems"] if p["file"] not in own] == clean["problems"]
    assert found["status"] == clean["status"]
