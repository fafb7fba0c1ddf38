"""Every answer is counted once, for the right gemeente and the right round: report numbers decided at
consolidation, duplicates chosen by the workbook's own saved time, returns of another round or version
left out (and said so in the report), unreadable returns told apart from missing ones, and only valid
answers counted."""

from __future__ import annotations

import os
import shutil

import openpyxl
import pytest
from click.testing import CliRunner

from tests.support.paths import LAYOUT_2022
from tests.support.returns import make_return, random_answers, saved_at
from workbook_tool.cli import main
from workbook_tool.collect import collect
from workbook_tool.export import write_status_workbook
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import build_template
from workbook_tool.layout import load_layout
from workbook_tool.pipeline import consolidate_folder

TRAININGEN = "gezondheid_welzijn.trainingen.antwoord"
LEEFSTIJL = "gezondheid_welzijn.leefstijl.antwoord"


def overview_text(path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(v) for row in book["Overzicht"].iter_rows(values_only=True) for v in row if v is not None)


def overview_facts(path) -> dict[str, str]:
    """The facts at the top of Overzicht: label in column A, value in column D (numbers as numbers)."""
    book = openpyxl.load_workbook(path)
    return {r[0]: str(r[3]) for r in book["Overzicht"].iter_rows(values_only=True) if r[0] and r[3] is not None}


def batches(template, folder, numbers: dict[str, int | None]) -> None:
    """One return per gemeente, each with Ja for trainingen, carrying the number its batch gave it."""
    folder.mkdir(exist_ok=True)
    for naam, nummer in numbers.items():
        make_return(template, Gemeente(naam, "Regio Noord", nummer), {TRAININGEN: "Ja"}, folder / f"{naam}.xlsx",
                    ronde="Voorjaar 2026")


# --- numbers --------------------------------------------------------------------------------------------

def test_numbers_that_collide_across_batches_are_renumbered_and_reported(template, tmp_path):
    """Alfa (1) and Beta (2) generated together, Delta (1) alone: three gemeenten said Ja, three are counted."""
    batches(template, tmp_path / "in", {"Alfa": 1, "Beta": 2, "Delta": 1})
    outcome = consolidate_folder(tmp_path / "in", tmp_path / "regio.xlsx", [LAYOUT_2022], anonymous=False)
    result = outcome.consolidation
    numbers = [g.nummer for g in result.gemeenten]
    assert len(set(numbers)) == len(numbers) == 3, "every gemeente its own number"
    cell = result.table("gezondheid_welzijn").row("trainingen").cells[0]
    assert cell.count == 3 and sorted(cell.nrs) == sorted(numbers)
    assert any("Nummer 1" in c and "Alfa" in c and "Delta" in c for c in result.numbering_conflicts)
    assert any("Nummer 1" in note for note in outcome.notes)
    shared = sorted(p.file for p in outcome.collected.problems if p.code == "number_conflict")
    assert shared == ["Alfa.xlsx", "Delta.xlsx"], "collect names the workbooks that share a number"
    assert "Nummering: Nummer 1" in overview_text(outcome.files[0])
    run = CliRunner().invoke(main, ["consolidate", str(tmp_path / "in"), "--out", str(tmp_path / "cli.xlsx"),
                                    "--layout", str(LAYOUT_2022)])
    assert run.exit_code == 0 and "Nummer 1" in run.output


def test_unique_numbers_from_the_workbooks_are_kept(template, tmp_path):
    batches(template, tmp_path / "in", {"Alfa": 7, "Beta": 3, "Delta": None})
    outcome = consolidate_folder(tmp_path / "in", tmp_path / "regio.xlsx", [LAYOUT_2022])
    by_name = {g.gemeente: g.nummer for g in outcome.consolidation.gemeenten}
    assert by_name["Alfa"] == 7 and by_name["Beta"] == 3 and by_name["Delta"] not in (3, 7)
    assert outcome.consolidation.numbering_conflicts == []


def test_the_list_decides_the_numbers_and_a_differing_workbook_is_reported(template, tmp_path):
    batches(template, tmp_path / "in", {"Alfa": 1, "Beta": 2, "Delta": 1, "Extra": 2})
    listed = [Gemeente("Alfa", "Regio Noord", 1), Gemeente("Beta", "Regio Noord", 2),
              Gemeente("Delta", "Regio Noord", 3)]
    outcome = consolidate_folder(tmp_path / "in", tmp_path / "regio.xlsx", [LAYOUT_2022], listed, anonymous=False)
    by_name = {g.gemeente: g.nummer for g in outcome.consolidation.gemeenten}
    assert {k: by_name[k] for k in ("Alfa", "Beta", "Delta")} == {"Alfa": 1, "Beta": 2, "Delta": 3}
    assert by_name["Extra"] not in (1, 2, 3), "a gemeente not on the list never takes a listed number"
    conflicts = [p for p in outcome.collected.problems if p.code == "number_conflict"]
    assert [p.file for p in conflicts] == ["Delta.xlsx"]
    assert outcome.consolidation.table("gezondheid_welzijn").row("trainingen").cells[0].count == 4


# --- two files of one gemeente ---------------------------------------------------------------------------

def test_the_workbooks_own_saved_time_decides_not_the_file_system_or_the_answer_count(template, tmp_path):
    gemeente = Gemeente("Alfa", "Regio Noord", 1)
    older = random_answers(template, 11, share=0.9)
    correction = {TRAININGEN: "Nee"}
    folder = tmp_path / "in"
    folder.mkdir()
    saved_at(make_return(template, gemeente, older, folder / "Alfa.xlsx"), "2026-03-02T09:00:00Z")
    saved_at(make_return(template, gemeente, correction, folder / "Alfa correctie.xlsx"), "2026-03-05T16:30:12Z")
    os.utime(folder / "Alfa correctie.xlsx", (1_000_000, 1_000_000))  # copied: the file system's time is old
    result = collect(folder, [load_layout(LAYOUT_2022)], [gemeente])
    assert [r.path.name for r in result.used] == ["Alfa correctie.xlsx"]
    message = next(p.message for p in result.problems if p.code == "duplicate")
    assert "het laatst is opgeslagen (05-03-2026 17:30)" in message  # 16:30 UTC is 17:30 in the Netherlands
    lost = sum(1 for k, v in older.items() if k != TRAININGEN and str(v).strip())
    assert f"{lost} antwoorden uit Alfa.xlsx ontbreken" in message


def test_byte_identical_copies_are_one_return(template, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    make_return(template, Gemeente("Alfa", "", 1), {TRAININGEN: "Ja"}, folder / "Alfa.xlsx")
    (folder / "kopie").mkdir()
    shutil.copy(folder / "Alfa.xlsx", folder / "kopie" / "Alfa.xlsx")
    result = collect(folder, [load_layout(LAYOUT_2022)])
    assert len(result.used) == 1
    assert not [p for p in result.problems if p.code == "duplicate"]


# --- rounds and versions ---------------------------------------------------------------------------------

def test_a_return_of_another_round_is_left_out_and_the_report_says_so(template, tmp_path):
    folder = tmp_path / "in"
    batches(template, folder, {"Alfa": 1, "Beta": 2, "Gamma": 3})
    make_return(template, Gemeente("Delta", "Regio Noord", 4), {TRAININGEN: "Ja"}, folder / "Delta.xlsx",
                ronde="Najaar 2025")
    # Alfa also sent last round's file, saved later: this round's file must still be used.
    saved_at(make_return(template, Gemeente("Alfa", "Regio Noord", 1), {TRAININGEN: "Nee"},
                         folder / "Alfa oud.xlsx", ronde="Najaar 2025"), "2026-06-01T12:00:00Z")
    outcome = consolidate_folder(folder, tmp_path / "regio.xlsx", [LAYOUT_2022], anonymous=False)
    result = outcome.consolidation
    assert sorted(g.gemeente for g in result.gemeenten) == ["Alfa", "Beta", "Gamma"]
    assert result.table("gezondheid_welzijn").row("trainingen").cells[0].count == 3
    assert sorted(x.file.path.name for x in outcome.collected.left_out) == ["Alfa oud.xlsx", "Delta.xlsx"]
    facts = overview_facts(outcome.files[0])
    assert facts["Gemeenten in deze rapportage (N)"] == "3"
    counted = sum(int(facts[k]) for k in ("Compleet", "Onvolledig", "Met problemen"))
    assert counted == result.n, "Overzicht's counts agree with N"
    assert facts["Niet meegenomen (andere ronde of versie)"] == "1"
    text = overview_text(outcome.files[0])
    assert "Niet meegenomen: gemeente 4 Delta, ronde 'Najaar 2025' (deze rapportage: ronde 'Voorjaar 2026')" in text


def test_with_a_list_each_gemeente_has_one_status_and_the_counts_agree(template, tmp_path):
    folder = tmp_path / "in"
    batches(template, folder, {"Alfa": 1, "Beta": 2})
    make_return(template, Gemeente("Alfa", "", 1), {}, folder / "Alfa oud.xlsx", ronde="Najaar 2025")
    make_return(template, Gemeente("Delta", "", 4), {}, folder / "Delta.xlsx", ronde="Najaar 2025")
    listed = [Gemeente(n, "Regio Noord", i) for i, n in enumerate(["Alfa", "Beta", "Gamma", "Delta"], start=1)]
    outcome = consolidate_folder(folder, tmp_path / "regio.xlsx", [LAYOUT_2022], listed, ronde="Voorjaar 2026")
    status = [(s.gemeente, s.status) for s in outcome.collected.status]
    assert sorted(status) == [("Alfa", "incomplete"), ("Beta", "incomplete"), ("Delta", "left_out"),
                              ("Gamma", "missing")]
    facts = overview_facts(outcome.files[0])
    assert facts["Onvolledig"] == facts["Gemeenten in deze rapportage (N)"] == "2"
    assert facts["Niet meegenomen (andere ronde of versie)"] == "1" and facts["Niet ingeleverd"] == "1"


def test_the_ronde_option_chooses_the_round(template, tmp_path):
    folder = tmp_path / "in"
    batches(template, folder, {"Alfa": 1, "Beta": 2})
    make_return(template, Gemeente("Delta", "", 4), {TRAININGEN: "Ja"}, folder / "Delta.xlsx", ronde="Najaar 2025")
    outcome = consolidate_folder(folder, tmp_path / "regio.xlsx", [LAYOUT_2022], ronde="Najaar 2025")
    assert [g.gemeente for g in outcome.consolidation.gemeenten] == ["Delta"]


@pytest.mark.parametrize("later", ["Najaar 2025", "Voorjaar 2026"])
def test_on_a_tie_the_round_generated_last_is_reported(template, tmp_path, later):
    folder = tmp_path / "in"
    folder.mkdir()
    for naam, ronde in (("Alfa", "Najaar 2025"), ("Beta", "Voorjaar 2026")):
        generated = "2026-09-01 08:00:00" if ronde == later else "2025-09-01 08:00:00"
        make_return(template, Gemeente(naam, "", None), {}, folder / f"{naam}.xlsx", ronde, generated)
    outcome = consolidate_folder(folder, tmp_path / "regio.xlsx", [LAYOUT_2022])
    assert [x.file.identity.ronde for x in outcome.collected.left_out] == [
        {"Najaar 2025": "Voorjaar 2026", "Voorjaar 2026": "Najaar 2025"}[later]]


def test_a_gemeente_with_files_of_two_versions_is_reported_with_the_consolidated_one(template, tmp_path):
    """Its 2021 and its 2022 file: the 2022 report uses the 2022 file, whichever was saved last."""
    layout_2021 = load_layout(LAYOUT_2022.with_name("preventiescanner-2021.yaml"))
    folder = tmp_path / "in"
    batches(template, folder, {"Alfa": 1, "Beta": 2})
    saved_at(make_return(build_template(layout_2021), Gemeente("Alfa", "Regio Noord", 1),
                         random_answers(build_template(layout_2021), 3), folder / "Alfa 2021.xlsx"),
             "2027-01-01T00:00:00Z")
    outcome = consolidate_folder(folder, tmp_path / "regio.xlsx", [load_layout(LAYOUT_2022), layout_2021])
    assert sorted(g.gemeente for g in outcome.consolidation.gemeenten) == ["Alfa", "Beta"]
    assert outcome.consolidation.table("gezondheid_welzijn").row("trainingen").cells[0].count == 2
    assert [x.file.path.name for x in outcome.collected.left_out] == ["Alfa 2021.xlsx"]
    alfa = next(s for s in outcome.collected.status if s.gemeente == "Alfa")
    assert alfa.file == "Alfa.xlsx" and alfa.used


# --- returned but unusable -------------------------------------------------------------------------------

def test_a_listed_gemeente_whose_only_file_cannot_be_read_is_not_missing(template, tmp_path):
    folder = tmp_path / "in"
    listed = [Gemeente("Alfa", "", 1), Gemeente("Beta", "", 2), Gemeente("Gamma", "", 3), Gemeente("Delta", "", 4)]
    folder.mkdir()
    make_return(template, listed[0], {TRAININGEN: "Ja"}, folder / "Alfa.xlsx")
    good = (folder / "Alfa.xlsx").read_bytes()
    (folder / "Gemeente Beta ingevuld.xlsx").write_bytes(good[: len(good) // 2])  # cut off in the mail
    (folder / "Gamma.csv").write_bytes(b"vraag;antwoord\nTrainingen;Ja\n")  # .xls and .ods are read since part 1
    (folder / "scan Delta.pdf").write_bytes(b"%PDF-1.7\n...")
    result = collect(folder, [load_layout(LAYOUT_2022)], listed)
    status = {s.gemeente: s for s in result.status}
    assert (status["Beta"].status, status["Beta"].label) == ("unreadable", "ingeleverd maar onleesbaar")
    assert status["Beta"].file == "Gemeente Beta ingevuld.xlsx"
    assert (status["Gamma"].status, status["Gamma"].label) == ("other_format", "ingeleverd in een ander formaat")
    assert status["Delta"].status == "other_format"
    book = openpyxl.load_workbook(write_status_workbook(result, tmp_path / "status.xlsx"))
    labels = {r[0]: r[3] for r in book["Status"].iter_rows(min_row=2, values_only=True)}
    assert labels["Beta"] == "ingeleverd maar onleesbaar" and labels["Gamma"] == "ingeleverd in een ander formaat"
    (tmp_path / "gemeenten.csv").write_text("naam,nummer\n" + "".join(f"{g.naam},{g.nummer}\n" for g in listed))
    run = CliRunner().invoke(main, ["collect", str(folder), "--layout", str(LAYOUT_2022), "--gemeenten",
                                    str(tmp_path / "gemeenten.csv"), "--status", str(tmp_path / "s2.xlsx")])
    assert "ingeleverd maar onleesbaar" in run.output and "ingeleverd in een ander formaat" in run.output


@pytest.mark.parametrize("name", ["Betaalde rekening.xlsx", "Alfabet.xls"])
def test_a_broken_file_is_matched_by_whole_names_only(template, tmp_path, name):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(b"PK\x03\x04 kapot")
    result = collect(folder, [load_layout(LAYOUT_2022)], [Gemeente("Beta", "", 2), Gemeente("Alfa", "", 1)])
    assert {s.status for s in result.status} == {"missing"}


# --- invalid values --------------------------------------------------------------------------------------

HUURSCHULDEN = "inzicht_verlies_na_gebeurtenis.uitzettingen_huurschulden.aantal"


def test_an_invalid_value_is_not_counted_and_the_report_shows_it_as_found(template, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    answers = {"Alfa": {TRAININGEN: "Ja", HUURSCHULDEN: 12}, "Beta": {TRAININGEN: "Jawel", HUURSCHULDEN: "veel"},
               "Gamma": {TRAININGEN: "Ja", HUURSCHULDEN: "1.375"}}
    for nr, (naam, given) in enumerate(answers.items(), start=1):
        make_return(template, Gemeente(naam, "", nr), given, folder / f"{naam}.xlsx", ronde="Voorjaar 2026")
    outcome = consolidate_folder(folder, tmp_path / "regio.xlsx", [LAYOUT_2022])
    result = outcome.consolidation
    trainingen = result.table("gezondheid_welzijn").row("trainingen").cells[0]
    assert (trainingen.count, trainingen.nrs) == (2, [1, 3]), "'Jawel' is not a Ja"
    huurschulden = result.table("inzicht_verlies_na_gebeurtenis").row("uitzettingen_huurschulden").cells[0]
    assert (huurschulden.count, huurschulden.nrs) == (2, [1, 3]), "'veel' is not a number"
    assert "veel" not in huurschulden.nrs_text()
    book = openpyxl.load_workbook(outcome.files[0])
    tables = "\n".join(str(v) for r in book["Tabellen"].iter_rows(values_only=True) for v in r if v)
    assert "Niet meegeteld: gemeente 2 bij" in tables and "'Jawel'" in tables and "'veel'" in tables
    sheet = book["Per gemeente"]
    struck = {str(c.value) for row in sheet.iter_rows() for c in row if c.font and c.font.strike}
    assert struck == {"Jawel", "veel"}
    assert "doorgestreept" in str(sheet["A2"].value)
