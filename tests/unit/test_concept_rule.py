"""The concept's krachten/kansen rule and its Dutch sentences, on hand-made counts."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from workbook_tool.concept.highlights import Candidate, HighlightRule, langere_adem, pace, select
from workbook_tool.concept.wording import number_word, sentence


@dataclass
class _Section:
    id: str


@dataclass
class _Table:
    section: _Section


def counts(*values: int, n: int = 9, section: str = "s") -> list[Candidate]:
    table = _Table(_Section(section))
    return [Candidate(table, None, None, 0, value, n) for value in values]


def chosen(found: list[Candidate]) -> list[int]:
    return [c.count for c in found]


def test_gezondheid_of_seed_001_krachten_down_to_seven_kansen_five_and_below():
    # Seed 001, Gezondheid: krachten at 9, 9, 8, 8 and "de meerderheid" at 7, 7; kansen eHealth (3), KOPP (5).
    found = select(counts(9, 8, 3, 8, 5, 7, 7, 9))
    assert chosen(found.krachten) == [9, 9, 8, 8, 7, 7]
    assert chosen(found.kansen) == [3, 5]


def test_a_section_whose_best_is_eight_makes_five_of_nine_a_kracht():
    # Herstelzorg in seed 001: items that 5 or 6 of 9 offer are strengths next to an 8.
    found = select(counts(5, 5, 8, 6, 1))
    assert chosen(found.krachten) == [8, 6, 5, 5]
    assert chosen(found.kansen) == [1]


def test_a_section_nobody_covers_well_has_no_krachten_and_only_kansen():
    found = select(counts(4, 3, 3, 1, 0))
    assert chosen(found.krachten) == []
    assert chosen(found.kansen) == [0, 1, 3, 3, 4]


def test_every_kracht_outranks_every_kans():
    # A wide band makes 5 of 9 a kracht; then 5 cannot also be a kans, 4 can.
    found = select(counts(9, 5, 5, 4), HighlightRule(kracht_band=0.5))
    assert chosen(found.krachten) == [9, 5, 5]
    assert chosen(found.kansen) == [4]


def test_the_rule_is_configurable():
    found = select(counts(9, 8, 7, 6, 2), HighlightRule(kracht_share=0.75, kans_share=0.25))
    assert chosen(found.krachten) == [9, 8, 7]
    assert chosen(found.kansen) == [2]


def test_shares_of_the_table_n_not_of_the_region():
    # 4 of a table's N=5 is a majority; 4 of 9 is not.
    assert chosen(select(counts(4, 1, n=5)).krachten) == [4]
    assert chosen(select(counts(4, 1, n=9)).krachten) == []


def test_langere_adem_when_almost_nobody_has_it_or_nothing_erkend_to_copy():
    one, three = counts(1, 3)
    assert langere_adem(one, None)
    assert not langere_adem(three, None)
    assert not langere_adem(three, ["erkend, effectief", "inspirerend"])
    assert langere_adem(three, ["inspirerend", ""])
    assert langere_adem(three, [])  # the catalogue has nothing for this section


def test_pace_per_pillar_names_at_most_three_of_each_most_and_fewest_first():
    kansen = counts(0, 1, 2, 3, 4, 5, 5)
    fast, slow = pace(kansen, {"s": None})
    assert chosen(fast) == [5, 5, 4]
    assert chosen(slow) == [0, 1]


@pytest.mark.parametrize(("n", "word"), [(0, "geen"), (1, "één"), (9, "negen"), (13, "dertien"), (20, "twintig"),
                                         (21, "21")])
def test_number_words(n, word):
    assert number_word(n) == word


TITLE = "Faciliteiten om het welzijn onder inwoners te vergroten"


@pytest.mark.parametrize(("count", "nrs", "label", "kans", "expected"), [
    (9, list(range(1, 10)), "Trainingen die welzijn en gezondheid beïnvloeden", False,
     "Alle negen gemeenten bieden trainingen die welzijn en gezondheid beïnvloeden."),
    (7, [1, 2, 3, 4, 7, 8, 9], "Psycho-educatie over ziekten/ stoornissen", False,
     "Zeven van de negen gemeenten (1, 2, 3, 4, 7, 8, 9) bieden psycho-educatie over ziekten/ stoornissen."),
    (2, [3, 7], "Programma’s voor eHealth", True, "Slechts twee gemeenten (3 en 7) bieden programma’s voor eHealth."),
    (3, [2, 3, 7], "Programma’s voor eHealth.", True,
     "Slechts drie gemeenten (2, 3, 7) bieden programma’s voor eHealth."),
    (1, [5], "Straatdokters", True, "Slechts één gemeente (5) biedt straatdokters."),
    (0, [], "Tiny houses", True, "Geen van de gemeenten biedt tiny houses."),
    (5, [2, 6, 7, 8, 9], "KOPP-groepen", True, "Vijf van de negen gemeenten (2, 6, 7, 8, 9) bieden KOPP-groepen."),
    (6, [1, 2, 3, 4, 5, 6], "Woonbegeleiding (Denk aan herstelondersteuning met praktische hulp)", False,
     "Zes van de negen gemeenten (1, 2, 3, 4, 5, 6) bieden woonbegeleiding."),
    (7, [1, 2, 3, 4, 5, 6, 7], "Na vertrek uit detentie", False,
     "Zeven van de negen gemeenten (1, 2, 3, 4, 5, 6, 7) bieden ondersteuning na vertrek uit detentie."),
    (9, list(range(1, 10)), "Verschaffen van briefadres", False,
     "Alle negen gemeenten zorgen voor het verschaffen van briefadres."),
    (1, [4], "Signaleren en aanpakken van illegale onderverhuur", True,
     "Slechts één gemeente (4) zorgt voor het signaleren en aanpakken van illegale onderverhuur."),
    (8, [1, 2, 3, 5, 6, 7, 8, 9], "Afspraken met energiebedrijven over de melding van achterstanden", False,
     "Acht van de negen gemeenten (1, 2, 3, 5, 6, 7, 8, 9) bieden afspraken met energiebedrijven over de "
     "melding van achterstanden."),
    (5, [1, 2, 3, 6, 8], "Tegemoetkoming bij inrichtingskosten van nieuwe woonruimte", False,
     "Vijf van de negen gemeenten (1, 2, 3, 6, 8) bieden tegemoetkoming bij inrichtingskosten van nieuwe "
     "woonruimte."),
    (3, [2, 3, 6], "Snel verschaffen van een identiteitsbewijs", True,
     "Slechts drie gemeenten (2, 3, 6) zorgen voor het snel verschaffen van een identiteitsbewijs."),
])
def test_sentences(count, nrs, label, kans, expected):
    assert sentence(count, 9, nrs, label, TITLE, kans=kans) == expected


def test_sentence_with_another_verb_a_column_and_named_gemeenten():
    names = {3: "3 Dordrecht", 6: "6 Sliedrecht"}
    text = sentence(2, 9, [3, 6], "Scholen en opleidingscentra", "Samenwerking met partners", kans=True,
                    column_label="Nazorg", gemeente=names.get)
    assert text == ("Slechts twee gemeenten (3 Dordrecht en 6 Sliedrecht) werken samen met scholen en "
                    "opleidingscentra (nazorg).")
