"""The command line: help everywhere, exit codes, and what a user sees (never a traceback)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from workbook_tool import __version__
from workbook_tool.cli import main
from workbook_tool.gemeenten import GemeentenListError, load_gemeenten, numbered

ROOT = Path(__file__).resolve().parents[1]
LAYOUT = str(ROOT / "layouts" / "preventiescanner-2022.yaml")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def all_commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("command", [" ".join(c) for c in all_commands(main)])
def test_every_command_has_help(command):
    result = invoke(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_version():
    assert invoke("--version").output.strip() == f"workbook-tool, version {__version__}"


def test_layout_check_valid_and_invalid(tmp_path):
    ok = invoke("layout", "check", LAYOUT)
    assert ok.exit_code == 0 and "valid" in ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: X\nversion: '1'\nsheets:\n  - id: a\n    titel: A\n    sections: []\n")
    result = CliRunner().invoke(main, ["layout", "check", str(bad)])
    assert result.exit_code == 1
    assert f"[{bad}:6] sheet a: unknown key 'titel' in sheet. Did you mean 'title'?" in result.output
    assert "Traceback" not in result.output


def test_layout_show_counts():
    result = invoke("layout", "show", LAYOUT)
    assert result.exit_code == 0
    assert "gezondheid_welzijn" in result.output and "checklist" in result.output
    assert "Bestaanscondities [bestaanscondities]" in result.output


def test_generate_from_a_list(tmp_path):
    listing = tmp_path / "gemeenten.csv"
    listing.write_text("naam;regio;e-mail\nDordrecht;Drechtsteden;info@dordrecht.example\nZwijndrecht;;\n",
                       encoding="utf-8")
    result = invoke("generate", "--layout", LAYOUT, "--out", str(tmp_path / "out"), "--gemeenten", str(listing),
                    "--regio", "Zuid-Holland Zuid", "--ronde", "2026")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["Dordrecht.xlsx", "Zwijndrecht.xlsx"]
    book = openpyxl.load_workbook(tmp_path / "out" / "Zwijndrecht.xlsx")
    assert (book["Start"]["B3"].value, book["Start"]["B4"].value) == ("Zwijndrecht", "Zuid-Holland Zuid")


def test_generate_reports_a_malformed_list_without_traceback(tmp_path):
    listing = tmp_path / "gemeenten.csv"
    listing.write_text("gemeente,nummer\nA,1\nB,twee\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["generate", "--layout", LAYOUT, "--out", str(tmp_path), "--gemeenten", str(listing)])
    assert result.exit_code == 1
    assert "row 3: nummer 'twee' is not a whole number" in result.output
    assert "Traceback" not in result.output


def test_gemeenten_list_from_xlsx_and_numbering(tmp_path):
    path = tmp_path / "lijst.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Naam", "Regio", "Nr"])
    for row in (["Zwijndrecht", "R1", None], ["'s-Gravendeel", "R1", 5], ["Alblasserdam", "R2", None]):
        book.active.append(row)
    book.save(path)
    gemeenten = numbered(load_gemeenten(path))
    assert [(g.naam, g.nummer) for g in gemeenten] == [("Zwijndrecht", 2), ("'s-Gravendeel", 5), ("Alblasserdam", 1)]


@pytest.mark.parametrize("content, message", [
    ("", "the list is empty"),
    ("plaats,regio\nA,B\n", "no column 'naam'"),
    ("naam\n", "has a header but no gemeenten"),
    ("naam,e-mail\nA,geen-adres\n", "is not an e-mail address"),
])
def test_gemeenten_list_errors(tmp_path, content, message):
    path = tmp_path / "g.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GemeentenListError, match=message):
        load_gemeenten(path)
