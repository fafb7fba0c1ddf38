"""The command line surface: the version, and the layout commands' output and exit codes (every command's help:
test_cli_dutch.py).

The commands that write workbooks are tested with their features: generate in integration/test_generate.py,
collect in integration/test_collect.py.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.support.english import english_sentences
from tests.support.paths import DRECHTSTEDEN, LAYOUT_2022
from workbook_tool import __version__
from workbook_tool.cli import main
from workbook_tool.cli_nl import MESSAGES, PLURALS

LAYOUT = str(LAYOUT_2022)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def run_cli(*args, **kwargs):
    """The command as the coordinator runs it (click names the program after the function otherwise)."""
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="workbook-tool", **kwargs)


def test_version():
    assert invoke("--version").output.strip() == f"workbook-tool, versie {__version__}"


def test_layout_check_valid_and_invalid(tmp_path):
    ok = invoke("layout", "check", LAYOUT)
    assert ok.exit_code == 0 and f"{LAYOUT}: geldig — layout preventiescanner-2022 versie " in ok.output
    assert " vragen, " in ok.output and " antwoordcellen." in ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: X\nversion: '1'\nsheets:\n  - id: a\n    titel: A\n    sections: []\n")
    result = CliRunner().invoke(main, ["layout", "check", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith("2 fouten in de layout:\n")
    assert f"[{bad}:6] tabblad a: onbekende sleutel 'titel' in het tabblad. Bedoelt u 'title'?" in result.output
    assert f"[{bad}:5] tabblad a: het tabblad heeft geen 'title'. Voeg 'title: ...' toe." in result.output
    assert "Traceback" not in result.output


def test_layout_show_counts():
    result = invoke("layout", "show", LAYOUT)
    assert result.exit_code == 0
    assert "gezondheid_welzijn" in result.output and "checklist" in result.output
    assert "Bestaanscondities [bestaanscondities]" in result.output


# --- Dutch for the coordinator: click's own messages, the order of a round, the outputs (the help and wrong
# invocations of every command: test_cli_dutch.py) ---

def test_the_help_lists_the_commands_in_the_order_of_a_round():
    output = run_cli("--help").output
    commands = output[output.index("Opdrachten:"):].splitlines()[1:]
    assert [line.split()[0] for line in commands if line.strip()] == [
        "ronde", "layout", "generate", "mail", "collect", "consolidate", "feedback", "compare", "interventies"]
    assert "Een ronde gaat zo:" in output


def test_a_missing_option_is_reported_in_dutch(tmp_path):
    result = run_cli("generate", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Gebruik: workbook-tool generate [OPTIES]",
        "Zie 'workbook-tool generate --help' voor hulp.",
        "",
        "Fout: Ontbrekende optie '--layout'.",
    ]


def test_click_is_dutch_only_while_our_command_runs():
    """The translation is scoped: another click command in the same process still speaks click's English."""
    run_cli("--help")

    @click.command()
    @click.option("--x", required=True)
    def other(x):
        pass

    result = CliRunner().invoke(other, [])
    assert "Missing option '--x'" in result.output and "Usage:" in result.output


def test_every_user_facing_click_message_has_a_dutch_translation():
    """A click upgrade that adds or renames a message the coordinator can see fails here, not in the field."""
    developer_only = {
        "d", "{editor}: Editing failed", "{editor}: Editing failed: {e}", "Windows error: {error}",
        "Could not determine name for option with declarations {decls!r}", "Name '{name}' defined twice",
        "Boolean option {decl!r} cannot use the same flag for true/false.", "Choice({choices})",
        "Arguments take exactly one parameter declaration, got {length}: {decls}.", "Unknown color {colour!r}",
        "Unknown standard stream '{name}'", "Couldn't detect Bash version, shell completion is not supported.",
        "Shell completion is not supported for Bash versions older than 4.4.",
        "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
        "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
    }
    singular, plural = _click_msgids()
    assert "Usage:" in singular and "Missing option" in singular  # the scan finds click's messages at all
    missing = sorted(m for m in singular if m not in MESSAGES and not m.startswith("No options defined")
                     and m not in developer_only)
    assert missing == []
    assert sorted(p for p in plural if p not in PLURALS) == []
    for message in ("Aborted!", "Usage:", "Options", "Commands", "Show this message and exit.",
                    "Show the version and exit.", "Missing option", "Missing argument", "No such option {name!r}.",
                    "No such command {name!r}.", "Error: {message}", "Try '{command} {option}' for help.",
                    "Invalid value for {param_hint}: {message}", "{name} {filename!r} does not exist.",
                    "{name} {filename!r} is a directory.", "{name} {filename!r} is a file.",
                    "{value} is not in the range {range}.", "{value!r} is not a valid {number_type}."):
        assert message in singular, message
        assert MESSAGES[message] != message


def _click_msgids() -> tuple[set[str], set[tuple[str, str]]]:
    singular, plural = set(), set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if node.func.id == "_" and texts:
                    singular.add(texts[0])
                elif node.func.id == "ngettext" and len(texts) == 2:
                    plural.add((texts[0], texts[1]))
    return singular, plural


def test_the_outputs_of_a_round_are_dutch(tmp_path):
    listing = tmp_path / "gemeenten.csv"
    listing.write_text("naam;regio\nDordrecht;Drechtsteden\nZwijndrecht;Drechtsteden\n", encoding="utf-8")
    made = run_cli("generate", "--layout", LAYOUT, "--out", str(tmp_path / "uit"), "--gemeenten", str(listing))
    assert made.exit_code == 0
    assert made.output.startswith("2 werkboeken geschreven (")
    assert f"antwoordcellen per werkboek) naar {tmp_path / 'uit'} in " in made.output

    collected = run_cli("collect", DRECHTSTEDEN / "retour", "--status", tmp_path / "status.xlsx")
    assert f"\nStatuswerkboek: {tmp_path / 'status.xlsx'}" in collected.output
    assert "Retouren lezen" in collected.stderr

    out = tmp_path / "regio.xlsx"
    consolidated = run_cli("consolidate", str(DRECHTSTEDEN / "retour"), "--out", str(out))
    assert consolidated.exit_code == 0
    assert "9 gemeenten (preventiescanner-2022 versie " in consolidated.output
    assert f") samengevoegd in {out}\n" in consolidated.output
    assert f"Sleutel (vertrouwelijk, niet meesturen): {tmp_path / 'regio-sleutel.xlsx'}" in consolidated.output
    assert english_sentences(made.output + collected.output + collected.stderr + consolidated.output) == []


def test_a_gemeenten_list_with_problems_is_reported_in_dutch(tmp_path):
    listing = tmp_path / "gemeenten.csv"
    listing.write_text("naam,nummer\nDordrecht,1\nDordrecht,1\n", encoding="utf-8")
    result = run_cli("generate", "--layout", LAYOUT, "--out", str(tmp_path / "uit"),
                                       "--gemeenten", str(listing))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Fout: De lijst van gemeenten heeft problemen:",
        f"{listing}, rij 3: gemeente 'Dordrecht' staat al op rij 2.",
        f"{listing}, rij 3: nummer 1 is al gebruikt op rij 2.",
    ]


def test_an_unexpected_error_is_one_dutch_line(monkeypatch, capsys):
    from workbook_tool import cli, pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr(pipeline, "generate_round", broken)
    monkeypatch.setattr(sys, "argv", ["workbook-tool", "generate", "--layout", LAYOUT, "--out", "uit"])
    with pytest.raises(SystemExit) as exited:
        cli.run()
    assert exited.value.code == 2
    assert capsys.readouterr().err == ("Fout: onverwacht probleem: RuntimeError: stuk. "
                                       "Meld dit graag, met de opdracht die u gaf.\n")
