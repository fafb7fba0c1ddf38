"""The completeness rule as a layout declares it: what a gemeente must answer, given its answers so far."""

from __future__ import annotations

import pytest

from tests.unit.test_layout import DOCUMENTED_CODES, line_of, problems_of, write
from workbook_tool.layout import load_layout

SCAN = """\
id: mini
title: Mini scan
version: "1.0"
choice_lists:
  ja_nee: [Ja, Nee]
  ja: ["Ja"]
sheets:
  - id: pijler
    title: Pijler
    sections:
      - id: gezondheid
        title: Gezondheid
        questions:
          - id: welzijn
            title: Faciliteiten voor welzijn
            kind: checklist
            items:
              - {id: training, label: Trainingen}
              - {id: leefstijl, label: Leefstijl}
              - {id: anders, label: "Anders, namelijk:", role: anders}
              - {id: geen, label: Geen van bovenstaande, role: geen}
              - {id: onbekend, label: Onbekend, role: onbekend}
          - id: onderdak
            title: Onderdak
            kind: checklist
            columns:
              - {id: na_gebeurtenis, label: Na een gebeurtenis, choices: ja_nee}
              - {id: na_instelling, label: Na een instelling, choices: ja_nee}
            items:
              - {id: loket, label: Loket}
              - {id: hostel, label: Hostel, columns: [na_instelling]}
              - {id: geen, label: Geen van bovenstaande, role: geen}
  - id: scan
    title: Scan
    sections:
      - id: outreach
        title: Outreach
        questions:
          - id: vz_outreach
            title: ANKERPUNT Outreach
            kind: fields
            items:
              - {id: aan_de_slag, label: "Ja, aan de slag", type: choice, choices: ja}
              - {id: nodig, label: "Wat is nodig?", type: text, required: {when: aan_de_slag}}
              - {id: opmerking, label: Opmerking, type: text}
              - {id: datum, label: Datum, type: date, required: true}
"""


def counts(layout, values: dict[str, str]) -> tuple[int, int]:
    """(answered, asked) of the whole layout for these answers ("question.item.column" -> value)."""
    asked = [r for r in layout.requirements() if r.asked(values)]
    return sum(r.answered(values) for r in asked), len(asked)


@pytest.fixture
def layout(tmp_path):
    return load_layout(write(tmp_path, SCAN))


def test_blank_scan_asks_the_offerings_and_the_declared_fields(layout):
    # welzijn: training, leefstijl; onderdak: loket (na_gebeurtenis), hostel (na_instelling); scan: datum.
    assert counts(layout, {}) == (0, 5)


def test_onbekend_or_geen_answered_ja_settles_the_question(layout):
    assert counts(layout, {"welzijn.onbekend.antwoord": "Ja"}) == (2, 5)
    assert counts(layout, {"welzijn.geen.antwoord": "Ja"}) == (2, 5)
    assert counts(layout, {"welzijn.geen.antwoord": "Nee"}) == (0, 5)
    assert counts(layout, {"welzijn.anders.antwoord": "Ja"}) == (0, 5), "Anders settles nothing"


def test_geen_settles_only_its_own_column(layout):
    # "Geen" after a gebeurtenis settles the loket (asked there first), not the hostel (asked after an instelling).
    assert counts(layout, {"onderdak.geen.na_gebeurtenis": "Ja"}) == (1, 5)
    assert counts(layout, {"onderdak.geen.na_gebeurtenis": "Ja", "onderdak.geen.na_instelling": "Ja"}) == (2, 5)


def test_open_questions_are_asked_when_the_ankerpunt_is_chosen(layout):
    assert counts(layout, {"vz_outreach.aan_de_slag.antwoord": "Ja"}) == (0, 6)
    assert counts(layout, {"vz_outreach.aan_de_slag.antwoord": "Ja", "vz_outreach.nodig.antwoord": "Geld"}) == (1, 6)
    assert counts(layout, {"vz_outreach.opmerking.antwoord": "Tekst"}) == (0, 5), "not required: not counted"


def test_everything_answered_is_complete(layout):
    values = {"welzijn.training.antwoord": "Nee", "welzijn.leefstijl.antwoord": "Ja",
              "onderdak.loket.na_gebeurtenis": "Nee", "onderdak.hostel.na_instelling": "Ja",
              "vz_outreach.datum.antwoord": "2026-01-01"}
    assert counts(layout, values) == (5, 5)


@pytest.mark.parametrize("old, new, code", [
    ("required: {when: aan_de_slag}", "required: {when: aan_de_slagg}", "unknown_item"),
    ("required: {when: aan_de_slag}", "required: {when: nodig}", "unknown_item"),
    ("required: {when: aan_de_slag}", "required: soms", "wrong_type"),
    ("required: {when: aan_de_slag}", "required: {als: aan_de_slag}", "unknown_key"),
])
def test_a_bad_required_is_reported_with_its_line(tmp_path, old, new, code):
    text = SCAN.replace(old, new)
    problems = problems_of(tmp_path, text)
    assert f"| `{code}` |" in DOCUMENTED_CODES
    found = [p for p in problems if p.code == code]
    assert found, [str(p) for p in problems]
    assert found[0].line == line_of(text, new)
