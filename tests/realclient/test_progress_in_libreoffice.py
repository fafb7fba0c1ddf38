"""Complete means what a person means: the Start sheet's progress, recalculated by LibreOffice after a person's
answers, against the rule written out by hand, and against collect on the file LibreOffice saved."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from tests.support.office import run_libreoffice
from tests.support.paths import DRECHTSTEDEN
from workbook_tool.collect import collect
from workbook_tool.export import write_status_workbook

pytestmark = pytest.mark.realclient

PROGRESS_HEAD = ["Tabblad", "Beantwoord", "Nog te doen", "Percentage"]


def start_progress(path, folder, office, set_strings=None, output=None) -> dict[str, list]:
    """Open path in LibreOffice, type set_strings into the named answer cells, recalculate, and read Start's
    progress table: sheet title -> [Beantwoord, Nog te doen, Percentage]."""
    job = {"input": str(path), "read_sheets": ["Start"], "set_strings": set_strings or {}, "describe_cells": False}
    if output:
        job["output"] = str(output)
    result = run_libreoffice(job, folder, office.pipe)
    assert result["errors"] == []
    rows = result["read"]["Start"]
    head = next(i for i, row in enumerate(rows) if row[:4] == PROGRESS_HEAD)
    progress = {}
    for row in rows[head + 1:]:
        if not row[0]:
            break
        progress[row[0]] = row[1:4]
    return progress


def name(question: str, item: str, column: str = "antwoord") -> str:
    return f"ans__{question}__{item}__{column}"


def test_a_person_s_answers_move_start_s_progress_by_the_rule(generated, office, tmp_path):
    blank = start_progress(generated.files[0], tmp_path, office)
    # Nothing chosen in the voorzorgscan or the plan: nothing is asked there.
    assert blank["Voorzorgscan"] == [0, 0, 1] and blank["Implementatieplan"] == [0, 0, 1]
    assert blank["Bestaanscondities"][0] == 0 and blank["Bestaanscondities"][1] > 8
    answers = {
        # "Onbekend" answered Ja settles the eight offerings of the question; the role items need no answer.
        name("gezondheid_welzijn", "onbekend"): "Ja",
        # One offering of another question answered Nee.
        name("wonen_betalingsachterstanden", "regeling_vaste_lasten"): "Nee",
        # An ankerpunt chosen: its three open questions are asked; one answered.
        name("vz_outreach", "aan_de_slag"): "Ja",
        name("vz_outreach", "al_aanwezig"): "Wij hebben een outreachteam.",
        # Priority 1 chosen: doel, acties, uitvoerende, beoogd resultaat, beoogde datum gereed and naam
        # verantwoordelijke are asked (not motivatie, opmerkingen, the evaluation); two answered.
        name("plan_prioriteit_1", "ankerpunt"): "Outreach",
        name("plan_prioriteit_1", "doel"): "Minder huisuitzettingen",
        name("plan_prioriteit_1", "motivatie"): "Niet gevraagd, wel welkom",
        name("plan_prioriteit_1", "uitvoerende"): "Team Wonen",
    }
    saved = tmp_path / "saved" / "Gemeente 1.xlsx"
    saved.parent.mkdir()
    after = start_progress(generated.files[0], tmp_path, office, answers, output=saved)
    bestaan_answered, bestaan_to_do = blank["Bestaanscondities"][:2]
    assert after["Bestaanscondities"][:2] == [bestaan_answered + 8 + 1, bestaan_to_do - 8 - 1]
    assert after["Voorzorgscan"] == [1, 2, pytest.approx(0.33)]
    assert after["Implementatieplan"] == [2, 4, pytest.approx(0.33)]
    total_to_do = sum(row[1] for title, row in blank.items() if title != "Totaal") - 9 + 2 + 4
    assert after["Totaal"][1] == total_to_do
    # collect on the file LibreOffice saved counts the same, sheet by sheet, and its status workbook shows it.
    result = collect(saved.parent, [generated.template.layout])
    status = result.status[0]
    assert status.status == "incomplete"
    for title, (answered, asked) in status.per_sheet.items():
        assert after[title][:2] == [answered, asked - answered], title
    assert after["Totaal"][:2] == [status.answered, status.to_do]
    book = openpyxl.load_workbook(write_status_workbook(result, tmp_path / "status.xlsx"), read_only=True)
    head, row = list(book["Status"].iter_rows(max_row=2, values_only=True))
    shown = dict(zip(head, row, strict=True))
    assert (shown["Beantwoord"], shown["Nog te doen"]) == tuple(after["Totaal"][:2])
    assert shown["Ingevuld"] == pytest.approx(after["Totaal"][2])
    for title in status.per_sheet:
        assert shown[f"Ingevuld: {title}"] == pytest.approx(after[title][2]), title


@pytest.mark.parametrize("gemeente", ["Gemeente 1", "Gemeente 7"])
def test_start_of_a_sample_return_says_what_collect_says(gemeente, office, tmp_path, layout_2022):
    """The issue's case: a return collect calls complete showed "Totaal 80%" on its Start sheet."""
    shutil.copy(DRECHTSTEDEN / "retour" / f"{gemeente}.xlsx", tmp_path / f"{gemeente}.xlsx")
    progress = start_progress(tmp_path / f"{gemeente}.xlsx", tmp_path / "lo", office)
    status = collect(tmp_path, [layout_2022]).status[0]
    assert progress["Totaal"] == [status.answered, status.to_do, pytest.approx(status.share)]
    if status.status == "complete":
        assert progress["Totaal"][1:] == [0, 1]
    else:
        assert progress["Totaal"][1] > 0 and progress["Totaal"][2] < 1
