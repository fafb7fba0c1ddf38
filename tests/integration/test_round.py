"""The round folder: `ronde nieuw` writes ronde.yaml and the folders; inside it generate, collect and consolidate
need no options, an option given still wins, and a malformed file is reported by field, in Dutch."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.support.paths import DRECHTSTEDEN, LAYOUT_2021, LAYOUT_2022
from workbook_tool.cli import main
from workbook_tool.generate import Coordinator
from workbook_tool.round import Round, find_round, read_round

LIST = DRECHTSTEDEN / "gemeenten.csv"
SAMPLE_RONDE = "Voorjaar 2022"  # the ronde the sample's returns were made for
NEW_ROUND = ["ronde", "nieuw", "ronde-2022", "--regio", "Drechtsteden", "--ronde", SAMPLE_RONDE,
             "--gemeenten", str(LIST), "--deadline", "13-03-2026", "--coordinator-naam", "A. de Vries",
             "--coordinator-email", "a.devries@example.nl", "--coordinator-telefoon", "0612345670"]


def run_cli(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="workbook-tool", **kwargs)


def shared_strings(workbook: Path) -> str:
    with zipfile.ZipFile(workbook) as archive:
        return archive.read("xl/sharedStrings.xml").decode("utf-8")


@pytest.fixture
def round_folder(tmp_path, monkeypatch) -> Path:
    """A round made with options in a temporary working directory, the sample's returns in its retour/."""
    monkeypatch.chdir(tmp_path)
    result = run_cli(*NEW_ROUND)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "ronde-2022"
    for path in (DRECHTSTEDEN / "retour").glob("*.xlsx"):
        shutil.copy(path, folder / "retour")
    return folder


def test_ronde_nieuw_writes_the_round_file_the_list_and_the_folders(round_folder):
    text = (round_folder / "ronde.yaml").read_text(encoding="utf-8")
    for line in ("regio: Drechtsteden", f"ronde: {SAMPLE_RONDE}", "layout: preventiescanner-2022.yaml",
                 "gemeenten: gemeenten.csv", "deadline: 2026-03-13", "  naam: A. de Vries",
                 "  e-mail: a.devries@example.nl", "  telefoon: '0612345670'"):
        assert line in text.splitlines()
    assert text.startswith("# Een ronde van de Preventiescanner Dakloosheid")
    assert (round_folder / "gemeenten.csv").read_bytes() == LIST.read_bytes()
    assert sorted(p.name for p in round_folder.iterdir() if p.is_dir()) == [
        "rapportage", "retour", "terugkoppeling", "uitnodigingen", "werkboeken"]
    found = read_round(round_folder)
    assert found == Round(round_folder.resolve(), "Drechtsteden", SAMPLE_RONDE, "preventiescanner-2022.yaml",
                          "gemeenten.csv", dt.date(2026, 3, 13),
                          Coordinator("A. de Vries", "a.devries@example.nl", "0612345670"))
    assert found.layout_file == LAYOUT_2022


def test_ronde_nieuw_prints_what_it_made_and_the_next_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    output = run_cli(*NEW_ROUND).output.splitlines()
    assert output[0] == f"Ronde '{SAMPLE_RONDE}' van regio Drechtsteden gemaakt in ronde-2022:"
    assert f"  gemeenten.csv    kopie van {LIST}" in output
    assert "  retour/          zet hier de teruggestuurde werkboeken (collect, consolidate)" in output
    assert output[-3:] == ["Volgende stap:", '  cd "ronde-2022"', "  workbook-tool generate"]


def test_ronde_nieuw_asks_what_is_not_given_and_asks_again_for_a_wrong_date_or_address(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    answers = ["Drechtsteden", "Najaar 2026", str(LIST), "31-02-2026", "2026-03-13", "B. Jansen",
               "b.jansen", "b.jansen@example.nl", ""]
    result = run_cli("ronde", "nieuw", "r", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    for prompt in ("Regio: ", "Naam van de ronde (bijv. Voorjaar 2026): ", "Lijst van gemeenten (.csv of .xlsx): ",
                   "Inleverdatum (bijv. 13-03-2026): ", "Uw naam (coördinator): ", "Uw e-mailadres: ",
                   "Uw telefoonnummer (mag leeg blijven): "):
        assert prompt in result.output
    assert "Fout: '31-02-2026' is geen datum; schrijf bijv. 13-03-2026 of 2026-03-13." in result.output
    assert "Fout: 'b.jansen' is geen e-mailadres." in result.output
    found = read_round(tmp_path / "r")
    assert (found.ronde, found.deadline, found.coordinator) == (
        "Najaar 2026", dt.date(2026, 3, 13), Coordinator("B. Jansen", "b.jansen@example.nl", ""))


def test_ronde_nieuw_refuses_an_existing_round_before_asking_unless_overschrijven(round_folder):
    before = (round_folder / "ronde.yaml").read_text(encoding="utf-8")
    refused = run_cli("ronde", "nieuw", round_folder, input="Elders\n")
    assert refused.exit_code == 1
    assert f"Fout: In {round_folder} staat al een ronde (ronde.yaml)." in refused.output
    assert "Regio:" not in refused.output
    assert (round_folder / "ronde.yaml").read_text(encoding="utf-8") == before
    replaced = run_cli(*NEW_ROUND[:3], "--overschrijven", "--regio", "Elders", *NEW_ROUND[5:])
    assert replaced.exit_code == 0, replaced.output
    assert read_round(round_folder).regio == "Elders"
    assert (round_folder / "retour" / "Gemeente 1.xlsx").exists()  # the folders keep what they hold


def test_ronde_nieuw_refers_to_a_layout_of_ones_own_and_refuses_an_unknown_one_writing_nothing(tmp_path,
                                                                                                 monkeypatch):
    monkeypatch.chdir(tmp_path)
    own = tmp_path / "layouts" / "eigen.yaml"  # refers to it relatively: a layout may include files next to it
    own.parent.mkdir()
    shutil.copy(LAYOUT_2021, own)
    made = run_cli(*NEW_ROUND, "--layout", "layouts/eigen.yaml")
    assert made.exit_code == 0, made.output
    assert "layout: ../layouts/eigen.yaml" in (tmp_path / "ronde-2022" / "ronde.yaml").read_text(encoding="utf-8")
    assert read_round(tmp_path / "ronde-2022").layout_file.resolve() == own.resolve()
    assert f"Vragenlijst: {tmp_path.resolve() / 'ronde-2022' / '..' / 'layouts' / 'eigen.yaml'}" in made.output
    refused = run_cli("ronde", "nieuw", "andere", *NEW_ROUND[3:], "--layout", "preventiescanner-2030.yaml")
    assert refused.exit_code == 1
    assert ("Fout: De ronde is niet gemaakt: de layout 'preventiescanner-2030.yaml' bestaat niet en is geen "
            "meegeleverde layout (preventiescanner-2021.yaml, preventiescanner-2022.yaml") in refused.output
    assert not (tmp_path / "andere").exists()


def test_generate_collect_and_consolidate_run_without_options_inside_the_round(round_folder, monkeypatch):
    monkeypatch.chdir(round_folder / "retour")  # a folder below the round: found as git finds .git
    generated = run_cli("generate")
    assert generated.exit_code == 0, generated.output
    workbooks = sorted(p.name for p in (round_folder / "werkboeken").glob("*.xlsx"))
    assert workbooks == [f"Gemeente {n}.xlsx" for n in range(1, 10)]
    strings = shared_strings(round_folder / "werkboeken" / "Gemeente 1.xlsx")
    for value in (SAMPLE_RONDE, "A. de Vries", "a.devries@example.nl", "0612345670"):
        assert value in strings
    assert f"Ronde: {round_folder.resolve() / 'ronde.yaml'}" in generated.output

    collected = run_cli("collect")
    assert collected.exit_code == 1  # the sample's Gemeente 7 left one answer open
    rows = [line.split() for line in collected.output.splitlines() if line.startswith("Gemeente ")]
    listed = [row[1:4] for row in rows if row[1].isdigit()]
    assert listed == [[str(n), str(n), "onvolledig" if n == 7 else "compleet"] for n in range(1, 10)]
    assert (round_folder / "retour-status.xlsx").exists()

    consolidated = run_cli("consolidate")
    assert consolidated.exit_code == 0, consolidated.output
    report = round_folder / "rapportage" / "Drechtsteden-Voorjaar 2022.xlsx"
    assert report.exists() and (round_folder / "rapportage" / "Drechtsteden-Voorjaar 2022-sleutel.xlsx").exists()
    assert "9 gemeenten (" in consolidated.output and str(report.resolve()) in consolidated.output


def test_an_option_on_the_command_line_wins_over_the_round_file(round_folder, monkeypatch):
    monkeypatch.chdir(round_folder)
    result = run_cli("generate", "--ronde", "Najaar 2026", "--out", "elders")
    assert result.exit_code == 0, result.output
    assert not list((round_folder / "werkboeken").iterdir())
    strings = shared_strings(round_folder / "elders" / "Gemeente 1.xlsx")
    assert "Najaar 2026" in strings and SAMPLE_RONDE not in strings and "A. de Vries" in strings
    result = run_cli("consolidate", "--out", "eigen.xlsx")
    assert result.exit_code == 0, result.output
    assert (round_folder / "eigen.xlsx").exists() and not list((round_folder / "rapportage").iterdir())
    other = run_cli("consolidate", "--ronde", "Najaar 2026")  # the round's ronde replaced: no returns of that one
    assert other.exit_code == 1 and "Geen retouren van ronde 'Najaar 2026'" in other.output


def test_feedback_in_the_round_folder_needs_no_options(round_folder, monkeypatch):
    monkeypatch.chdir(round_folder)
    result = run_cli("feedback", "--deadline", "27-03-2026")
    assert result.exit_code == 0, result.output
    assert f"9 terugkoppelingen geschreven naar {round_folder.resolve() / 'terugkoppeling'}:" in result.output
    book = openpyxl.load_workbook(round_folder / "terugkoppeling" / "Terugkoppeling - Gemeente 4.xlsx")
    texts = [c.value for row in book.active.iter_rows() for c in row if isinstance(c.value, str)]
    # Not the round's return date (13-03-2026, past by then): the date given, else "zo snel mogelijk".
    assert "Controleer uw antwoorden en laat het de coördinator vóór 27-03-2026 weten als er iets niet klopt." \
        in texts
    drafts = run_cli("mail", "feedback")
    assert drafts.exit_code == 0, drafts.output
    assert (round_folder / "uitnodigingen" / "Terugkoppeling - Gemeente 4.eml").exists()


def test_ronde_map_names_the_round_from_elsewhere(round_folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("--ronde-map", round_folder, "consolidate", "--namen")
    assert result.exit_code == 0, result.output
    assert (round_folder / "rapportage" / "Drechtsteden-Voorjaar 2022.xlsx").exists()


BROKEN = {
    "deadline: 2026-03-13": ("deadline: 31-02-2026",
                             "veld 'deadline': '31-02-2026' is geen datum; schrijf bijv. 13-03-2026 of 2026-03-13."),
    "regio: Drechtsteden": ("regio:", "veld 'regio' ontbreekt of is leeg."),
    "  e-mail: a.devries@example.nl": ("  e-mail: a.devries", "veld 'coordinator.e-mail': 'a.devries' is geen "
                                       "e-mailadres."),
    "layout: preventiescanner-2022.yaml": ("layout: preventiescanner-2030.yaml",
                                           "veld 'layout': 'preventiescanner-2030.yaml' is niet te vinden (vanaf de "
                                           "ronde-map) en is geen meegeleverde layout"),
    "gemeenten: gemeenten.csv": ("gemeenten: lijst.xlsx", "veld 'gemeenten': het bestand 'lijst.xlsx' staat niet "
                                 "in de ronde-map."),
    "ronde: Voorjaar 2022": ("ronde: Voorjaar 2022\nregoi: Drechtsteden", "onbekend veld 'regoi'; bekende velden: "
                             "regio, ronde, layout, gemeenten, deadline, coordinator."),
    "# Naam van de regio, zoals in de werkboeken en de rapportage.": ("regio: [", "geen geldige YAML (regel"),
}


@pytest.mark.parametrize("line", list(BROKEN))
def test_a_malformed_round_file_is_reported_in_dutch_by_field(round_folder, monkeypatch, line):
    broken, message = BROKEN[line]
    file = round_folder / "ronde.yaml"
    text = file.read_text(encoding="utf-8")
    assert line in text
    file.write_text(text.replace(line, broken), encoding="utf-8")
    monkeypatch.chdir(round_folder)
    result = run_cli("collect")
    assert result.exit_code == 1
    assert result.output.startswith(f"Fout: {file.resolve()} is niet te gebruiken:\n  - ")
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_malformed_round_file_does_not_stop_commands_that_do_not_use_it(round_folder, monkeypatch):
    (round_folder / "ronde.yaml").write_text("regio: [\n", encoding="utf-8")
    monkeypatch.chdir(round_folder)
    result = run_cli("layout", "check", LAYOUT_2022)
    assert result.exit_code == 0 and "geldig" in result.output


def test_outside_a_round_folder_nothing_is_filled_in(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert find_round(tmp_path) is None
    result = run_cli("generate", "--out", "werkboeken")
    assert result.exit_code == 2 and "Fout: Ontbrekende optie '--layout'." in result.output
    assert "Fout: Ontbrekend argument 'MAP'." in run_cli("consolidate").output
    assert "Ronde:" not in result.output


def test_the_report_file_name_has_no_characters_windows_forbids(tmp_path):
    found = Round(tmp_path, 'Noord/Oost: "Zuid"', "2026 | voorjaar?", "x.yaml", "g.csv", dt.date(2026, 1, 1),
                  Coordinator())
    name = found.report_file.name
    assert found.report_file.parent == tmp_path / "rapportage"
    assert name.endswith(".xlsx") and not set('<>:"/\\|?*') & set(name)
    assert name.startswith("Noord_Oost_ _Zuid_-2026 _ voorjaar_")
