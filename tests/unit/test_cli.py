"""The command line surface: every command has help, the version, and the layout commands' output and exit codes.

The commands that write workbooks are tested with their features: generate in integration/test_generate.py,
collect in integration/test_collect.py.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.support.paths import LAYOUT_2022
from workbook_tool import __version__
from workbook_tool.cli import main

LAYOUT = str(LAYOUT_2022)


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
