"""Everything the coordinator reads in the terminal is Dutch: the help of every command (found by walking the
command group, so a new command is checked without being listed here) and the messages of wrong invocations.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.support.english import english_sentences
from tests.support.paths import LAYOUT_2022
from workbook_tool.cli import main


def run_cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="workbook-tool")


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand under group, as the words one types after workbook-tool."""
    ctx = click.Context(group)
    paths = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, (*prefix, name)))
    return paths


def test_the_checker_finds_english_and_passes_dutch():
    english = ["Error: Missing option '--layout'.", "Usage: workbook-tool generate [OPTIONS]",
               "Show this message and exit.", "Wrote 3 workbooks to uit",
               "[x.yaml:143] question welzijn item anders: choice list 'ja_nee_weet' is not defined.",
               "Reading returns", "the file does not exist", "  --out FOLDER", "Gebruik: workbook-tool [OPTIONS]"]
    dutch = ["Fout: Ontbrekende optie '--layout'.", "  --gemeenten-file BESTAND  Lijst van gemeenten (.csv)",
             "Toon deze hulp en stop.", "Statuswerkboek: /tmp/leeg-status.xlsx",
             "[x.yaml:143] vraag welzijn, item anders: keuzelijst 'ja_nee_weet' bestaat niet onder 'choice_lists'.",
             "Standaard: <MAP>-status.xlsx naast de map."]
    assert english_sentences("\n".join(english)) == [line.strip() for line in english]
    assert english_sentences("\n".join(dutch)) == []


def test_the_walk_finds_the_commands_of_a_round():
    paths = command_paths(main)
    assert {("layout",), ("layout", "check"), ("layout", "show"), ("generate",), ("collect",),
            ("consolidate",)} <= set(paths)


@pytest.mark.parametrize("command", [()] + command_paths(main), ids=lambda c: " ".join(c) or "workbook-tool")
def test_every_help_is_dutch(command):
    result = run_cli(*command, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Gebruik: {' '.join(('workbook-tool', *command))} ")
    assert "Toon deze hulp en stop." in result.output
    assert english_sentences(result.output) == [], result.output


class Files:
    """The files a wrong invocation points at: a workbook-like file, a broken layout, a list without 'naam',
    an empty folder and a path that does not exist."""

    def __init__(self, tmp: Path):
        self.layout = str(LAYOUT_2022)
        self.tmp = tmp
        self.a_file = tmp / "retour.xlsx"
        self.a_file.write_bytes(b"PK\x03\x04 geen echte werkmap")
        self.broken = tmp / "kapot.yaml"
        self.broken.write_text("id: x\ntitle: 'Scan\n", encoding="utf-8")
        self.listing = tmp / "gemeenten.csv"
        self.listing.write_text("plaats,provincie\nDordrecht,Zuid-Holland\n", encoding="utf-8")
        self.empty = tmp / "leeg"
        self.empty.mkdir()
        self.missing = tmp / "bestaat-niet"


# name: files -> (arguments, exit code, a Dutch line the coordinator must see)
WRONG_INVOCATIONS = {
    "missing required option": lambda f: (["generate", "--out", f.tmp / "uit"], 2,
                                          "Fout: Ontbrekende optie '--layout'."),
    "missing argument": lambda f: (["collect"], 2, "Fout: Ontbrekend argument 'MAP'."),
    "unknown command": lambda f: (["verzamel"], 2, "Fout: Onbekende opdracht 'verzamel'."),
    "folder that does not exist": lambda f: (["collect", f.missing], 1, f"Fout: {f.missing} is geen map."),
    "file instead of a folder": lambda f: (["collect", f.a_file], 2, f"Fout: Ongeldige waarde voor 'MAP': Map "
                                           f"'{f.a_file}' is een bestand, geen map."),
    "folder instead of a file": lambda f: (["layout", "check", f.empty], 2, "Fout: Ongeldige waarde voor "
                                           f"'BESTAND': Bestand '{f.empty}' is een map, geen bestand."),
    "unknown option": lambda f: (["collect", f.empty, "--bestaat-niet"], 2,
                                 "Fout: Onbekende optie '--bestaat-niet'."),
    "option without its value": lambda f: (["consolidate", f.empty, "--out"], 2,
                                           "Fout: Optie '--out' verwacht een waarde."),
    "threshold out of range": lambda f: (["consolidate", f.empty, "--out", f.tmp / "r.xlsx", "--krachten-vanaf",
                                          "3"], 2, "Fout: Ongeldige waarde voor '--krachten-vanaf': 3.0 ligt niet "
                                         "in het bereik 0<=x<=1."),
    "threshold not a number": lambda f: (["consolidate", f.empty, "--out", f.tmp / "r.xlsx", "--krachten-vanaf",
                                          "veel"], 2, "Fout: Ongeldige waarde voor '--krachten-vanaf': 'veel' is "
                                         "geen geldig getal."),
    "layout check on broken yaml": lambda f: (["layout", "check", f.broken], 1, f"[{f.broken}:2] het "
                                              "aanhalingsteken op deze regel wordt nergens gesloten."),
    "layout show on broken yaml": lambda f: (["layout", "show", f.broken], 1, "Fout: 1 fout in de layout:"),
    "layout check on a workbook": lambda f: (["layout", "check", f.a_file], 1,
                                             f"[{f.a_file}] dit is een werkmap (Excel of LibreOffice), geen layout. "
                                             "Een layout is een tekstbestand (.yaml) met de vragenlijst. Geef het "
                                             "layoutbestand op, bijv. workbook_tool/layouts/"
                                             "preventiescanner-2022.yaml."),
    "generate with a workbook as layout": lambda f: (["generate", "--layout", f.a_file, "--out", f.tmp / "uit"], 1,
                                                     "Fout: 1 fout in de layout:"),
    "generate with a malformed gemeenten list": lambda f: (
        ["generate", "--layout", f.layout, "--out", f.tmp / "uit", "--gemeenten", f.listing], 1,
        f"Fout: {f.listing}: geen kolom 'naam' in de kopregel ('plaats', 'provincie'). Verwachte kolommen: "
        "naam, regio, nummer, contactpersoon, e-mail."),
    "generate with a broken gemeenten workbook": lambda f: (
        ["generate", "--layout", f.layout, "--out", f.tmp / "uit", "--gemeenten", f.a_file], 1,
        f"Fout: {f.a_file}: is niet te lezen als Excel-werkmap: het bestand is beschadigd, met een wachtwoord "
        "beveiligd of geen echte .xlsx. Open het in Excel en sla het opnieuw op als Excel-werkmap, of als CSV "
        "UTF-8."),
    "an output folder inside a file": lambda f: (["generate", "--layout", f.layout, "--out", f.a_file / "uit"], 1,
                                                 f"Fout: {f.a_file / 'uit'}: een deel van het pad is geen map."),
    "consolidate on an empty folder": lambda f: (["consolidate", f.empty, "--out", f.tmp / "r.xlsx"], 1,
                                                 f"Fout: Geen leesbare scanwerkboeken in {f.empty}: niets om samen "
                                                 "te voegen. Gebruik 'workbook-tool collect' om te zien waarom."),
    "collect with an unknown export format": lambda f: (["collect", f.empty, "--export", f.tmp / "x.doc"], 1,
                                                        "Fout: Onbekend exportformaat '.doc': gebruik een van .csv, "
                                                        ".parquet, .xlsx."),
}


@pytest.mark.parametrize("case", list(WRONG_INVOCATIONS))
def test_a_wrong_invocation_is_answered_in_dutch(tmp_path, case):
    args, exit_code, dutch = WRONG_INVOCATIONS[case](Files(tmp_path))
    result = run_cli(*args)
    assert result.exit_code == exit_code, result.output
    assert dutch in result.output.splitlines(), result.output
    assert "Traceback" not in result.output
    assert english_sentences(result.output) == [], result.output
