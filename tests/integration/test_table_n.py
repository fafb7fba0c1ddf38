"""N per table: a table counts the gemeenten that answered its question, not every gemeente in the report;
and each gemeente's own implementatieplan per ankerpunt, its texts and dates as the report prints them.

The expected values are worked out by hand from the answers written here (three gemeenten, 28 tables in
the 2022 layout)."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from tests.support.paths import DRECHTSTEDEN, LAYOUT_2022
from tests.support.returns import make_return
from workbook_tool.cli import main
from workbook_tool.collect import collect
from workbook_tool.consolidate import GemeentePlan, consolidate
from workbook_tool.gemeenten import Gemeente

NOORD, ZUID = "Regio Noord", "Regio Zuid"
ALFA, BETA, GAMMA = Gemeente("Alfa", NOORD, 1), Gemeente("Beta", NOORD, 2), Gemeente("Gamma", ZUID, 3)

WELZIJN = "gezondheid_welzijn"  # Bestaanscondities
INGRIJPEND = "voorzorg_ingrijpende_gebeurtenis"  # Voorzorg
THUIS = "herstelzorg_borgen_thuis"  # Herstelzorg

ANSWERS = {
    # Alfa filled only the Bestaanscondities sheet (one question of it).
    ALFA: {f"{WELZIJN}.trainingen.antwoord": "Ja", f"{WELZIJN}.leefstijl.antwoord": "Nee"},
    # Beta: welzijn, one Voorzorg item, and a Herstelzorg answer that is not in the list (not counted).
    BETA: {f"{WELZIJN}.trainingen.antwoord": "Ja", f"{INGRIJPEND}.informatie_zelf_hulp.antwoord": "Ja",
           f"{THUIS}.woonbegeleiding.antwoord": "Misschien"},
    # Gamma: only the "Anders, namelijk" text of welzijn, two Voorzorg items, one Herstelzorg item.
    GAMMA: {f"{WELZIJN}.anders.namelijk": "buurtsportcoach", f"{INGRIJPEND}.informatie_zelf_hulp.antwoord": "Ja",
            f"{INGRIJPEND}.gemeentelijk_loket.antwoord": "Nee", f"{THUIS}.woonbegeleiding.antwoord": "Ja"},
}


@pytest.fixture(scope="module")
def partial_folder(template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("partial")
    for gemeente, answers in ANSWERS.items():
        make_return(template, gemeente, answers, folder / f"{gemeente.naam}.xlsx")
    return folder


@pytest.fixture(scope="module")
def partial(partial_folder, layout_2022):
    collected = collect(partial_folder, [layout_2022], list(ANSWERS))
    return consolidate(collected.answers_frame(), layout_2022, listed=list(ANSWERS))


def test_n_counts_the_gemeenten_that_answered_the_question(partial):
    assert partial.n == 3
    welzijn = partial.table(WELZIJN)
    assert (welzijn.n, welzijn.not_in) == (3, []), "Gamma's 'Anders, namelijk' text alone is an answer"
    ingrijpend = partial.table(INGRIJPEND)
    assert (ingrijpend.n, ingrijpend.not_in) == (2, [1])
    thuis = partial.table(THUIS)
    assert (thuis.n, thuis.not_in) == (1, [1, 2]), "Beta's 'Misschien' failed its check: Beta is not in N"
    untouched = partial.table("wonen_betalingsachterstanden")
    assert (untouched.n, untouched.not_in) == (0, [1, 2, 3])
    assert partial.table("inzicht_huisvesting_urgentie").n == 0


def test_the_tables_with_a_smaller_n_are_all_but_the_one_everybody_answered(partial):
    smaller = partial.tables_with_smaller_n()
    assert len(smaller) == 27
    assert WELZIJN not in [t.question.id for t in smaller]
    assert [t.question.id for t in smaller[:2]] == ["wonen_betalingsachterstanden", "wonen_openbare_orde"]


def test_krachten_and_kansen_are_shares_of_the_tables_n(partial):
    krachten = {(h.question.id, h.item.id): (h.count, h.n) for h in partial.krachten}
    kansen = {(h.question.id, h.item.id): (h.count, h.n) for h in partial.kansen}
    # 2 of the 2 that answered: a kracht (with N = 3 it would be 2 of 3, below 0.75).
    assert krachten == {(INGRIJPEND, "informatie_zelf_hulp"): (2, 2), (THUIS, "woonbegeleiding"): (1, 1)}
    assert kansen[(INGRIJPEND, "gemeentelijk_loket")] == (0, 2)
    assert kansen[(WELZIJN, "leefstijl")] == (0, 3)
    assert (WELZIJN, "trainingen") not in kansen, "2 of 3 is neither"
    # A table nobody answered has no krachten or kansen.
    answered = {WELZIJN, INGRIJPEND, THUIS}
    assert {h.question.id for h in partial.krachten + partial.kansen} <= answered


def test_the_regions_give_each_questions_n_per_regio(partial):
    def row(question_id: str, item_id: str):
        found = next(r for r in partial.regions if (r.question_id, r.item_id) == (question_id, item_id))
        return [found.counts[regio] for regio in regios] + [found.answered[regio] for regio in regios]

    regios = ["Regio Noord", "Regio Zuid"]
    assert partial.regio_sizes == {"Regio Noord": 2, "Regio Zuid": 1}
    assert row(INGRIJPEND, "informatie_zelf_hulp") == [1, 1, 1, 1]
    assert row(THUIS, "woonbegeleiding") == [0, 1, 0, 1]
    assert row(WELZIJN, "leefstijl") == [0, 0, 2, 1]
    assert row("wonen_betalingsachterstanden", "kostendelersnorm")[2:] == [0, 0]


def test_consolidate_says_which_tables_have_a_smaller_n(partial_folder, tmp_path):
    run = CliRunner().invoke(main, ["consolidate", str(partial_folder), "--out", str(tmp_path / "regio.xlsx"),
                                    "--layout", str(LAYOUT_2022)])
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    start = lines.index("Niet elke gemeente beantwoordde elke vraag: 27 tabellen hebben een kleinere N.")
    listed = lines[start + 1:]
    assert len(listed) == 11
    # In layout order from the 2nd table (the 1st everybody answered): the 9th table is listed 8th.
    assert listed[0] == ("  Bestaanscondities — Faciliteiten voor de aanpak van betalingsachterstanden en "
                         "woononzekerheid: N=0, niet: 1, 2, 3")
    assert listed[7].startswith("  Voorzorg — Ondersteuning na een ingrijpende gebeurtenis")
    assert listed[7].endswith(": N=2, niet: 1")
    assert listed[9].startswith("  Herstelzorg — Faciliteiten voor kwetsbare burgers")
    assert listed[9].endswith(": N=1, niet: 1, 2")
    assert listed[10] == "  … en 17 andere"


def test_consolidate_says_nothing_about_n_when_everybody_answered_everything(tmp_path):
    run = CliRunner().invoke(main, ["consolidate", str(DRECHTSTEDEN / "retour"), "--out", str(tmp_path / "r.xlsx"),
                                    "--layout", str(LAYOUT_2022)])
    assert run.exit_code == 0, run.output
    assert "kleinere N" not in run.output


# --- each gemeente's plan -------------------------------------------------------------------------------

def plan(priority: int, **fields) -> dict[str, object]:
    return {f"plan_prioriteit_{priority}.{item}.antwoord": value for item, value in fields.items()}


PLAN_ANSWERS = {
    # Alfa chose Outreach at priorities 1 and 3.
    ALFA: {**plan(1, ankerpunt="Outreach", doel="Minder huisuitzettingen", motivatie=12,
                  acties="Huisbezoek & brief", uitvoerende="Team Wonen", beoogd_resultaat="Halvering",
                  beoogde_datum_gereed=dt.date(2026, 5, 1), datum_gereed=46150, datum_evaluatie="31-12-2026",
                  verantwoordelijke="J. Jansen", akkoord_management="M. de Boer"),
           **plan(3, ankerpunt="Outreach", doel="Tweede doel", beoogde_datum_gereed=dt.date(2027, 1, 15))},
    # Beta chose Bemoeizorg at 1 and Outreach at 2.
    BETA: {**plan(1, ankerpunt="Bemoeizorg", doel="Sneller erbij"),
           **plan(2, ankerpunt="Outreach", doel="Bereik vergroten", evaluatie="Goed verlopen",
                  datum_evaluatie=dt.date(2026, 11, 30))},
}


@pytest.fixture(scope="module")
def planned(template, layout_2022, tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    for gemeente, answers in PLAN_ANSWERS.items():
        make_return(template, gemeente, answers, folder / f"{gemeente.naam}.xlsx")
    collected = collect(folder, [layout_2022], list(PLAN_ANSWERS))
    return consolidate(collected.answers_frame(), layout_2022, listed=list(PLAN_ANSWERS))


def anchor(result, title: str):
    return next(a for a in result.plan if a.title == title)


def test_each_gemeentes_plan_is_kept_per_priority_with_dates_as_dutch_text(planned):
    outreach = anchor(planned, "Outreach")
    assert [(p.priority, p.nr) for p in outreach.plans] == [(1, 1), (2, 2), (3, 1)], "Alfa's two priorities both"
    assert outreach.plans[0] == GemeentePlan(nr=1, priority=1, fields=[
        ("Doel", "Minder huisuitzettingen"),
        ("Motivatie", "12"),
        ("Kansen en hoe die te versterken", ""),
        ("Belemmeringen en oplossingen", ""),
        ("Opmerkingen", ""),
        ("Benodigde acties", "Huisbezoek & brief"),
        ("Uitvoerende", "Team Wonen"),
        ("Beoogd resultaat", "Halvering"),
        ("Beoogde datum gereed", "01-05-2026"),
        ("Datum gereed", "08-05-2026"),  # typed as day number 46150 in the date cell
        ("Evaluatie resultaat ten opzichte van ankerpunt.", ""),
        ("Datum evaluatie", "31-12-2026"),  # typed as text
        ("Naam verantwoordelijke", "J. Jansen"),
        ("Akkoord, naam management", "M. de Boer"),
    ])
    beta = dict(outreach.plans[1].fields)
    assert (beta["Doel"], beta["Evaluatie resultaat ten opzichte van ankerpunt."], beta["Datum evaluatie"]) == \
        ("Bereik vergroten", "Goed verlopen", "30-11-2026")
    assert beta["Beoogde datum gereed"] == ""
    alfa_3 = dict(outreach.plans[2].fields)
    assert (alfa_3["Doel"], alfa_3["Beoogde datum gereed"], alfa_3["Uitvoerende"]) == ("Tweede doel", "15-01-2027", "")
    assert len(outreach.plans[2].fields) == 14, "every field but the ankerpunt"
    assert outreach.priorities == {1: [1], 2: [2], 3: [1]}


def test_a_plan_is_listed_under_its_own_ankerpunt_only(planned):
    bemoeizorg = anchor(planned, "Bemoeizorg")
    assert [(p.priority, p.nr, dict(p.fields)["Doel"]) for p in bemoeizorg.plans] == [(1, 2, "Sneller erbij")]
    assert anchor(planned, "Informatie en advies").plans == []


def test_the_report_prints_each_tables_n_and_who_is_not_in_it(partial_folder, tmp_path):
    import openpyxl

    from workbook_tool.pipeline import consolidate_folder

    report = consolidate_folder(partial_folder, tmp_path / "regio.xlsx", [LAYOUT_2022], list(ANSWERS)).files[0]
    book = openpyxl.load_workbook(report)
    tables = [c.value for row in book["Tabellen"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Gemeenten (N=3)" in tables  # welzijn
    assert "Gemeenten (N=2); niet beantwoord door gemeente 1" in tables  # ingrijpende gebeurtenis
    assert "Gemeenten (N=1); niet beantwoord door gemeente 1, 2" in tables  # borgen thuis
    summary = [r for r in book["Samenvatting"].iter_rows(values_only=True)
               if str(r[1]).startswith("Woonbegeleiding voor huishoudens")]
    assert summary and summary[0][2:4] == (1, 1), "a kracht of Herstelzorg: 1 of the 1 gemeente that answered"
