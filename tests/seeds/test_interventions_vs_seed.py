"""The interventions catalogue against seed 003 (Impuls 2022): every name, gemeente and title is the seed's own
wording, and each condition has exactly as many entries as the seed has bullets under it."""

from __future__ import annotations

import re

from tests.support.paths import SEED_003
from tests.support.seed_text import tokens
from workbook_tool.interventions import load_catalogue

# Counted by hand in the seed, per condition: (landelijk beschikbaar, interventies, praktijkvoorbeelden). For
# Inclusief wonen the seed's lists "Woonplekken voor snelle herhuisvesting" and "Beschermde woonplekken" stand
# where the other conditions have "Interventies".
COUNTS = {
    "gezondheid": (7, 7, 3),
    "wonen": (3, 2, 5),
    "inkomen": (9, 3, 8),
    "activiteiten": (2, 6, 6),
    "relaties": (7, 7, 8),
    "voorzorg": (9, 7, 8),
    "herstelzorg": (5, 13, 9),
    "snelle_herhuisvesting": (9, 6, 6),
    "beschermde_woonplekken": (5, 5, 5),
}
CONDITION_HEADINGS = {"gezondheid": "Gezondheid", "wonen": "Wonen", "inkomen": "Inkomen",
                      "activiteiten": "Activiteiten", "relaties": "Relaties", "voorzorg": "Voorzorg",
                      "herstelzorg": "Herstelzorg",
                      "snelle_herhuisvesting": "Snelle herhuisvesting na verlies van onderdak",
                      "beschermde_woonplekken": "Beschermde woonplekken"}
LIST_HEADINGS = {"Landelijk beschikbaar": 0, "Interventies": 1, "Praktijkvoorbeelden": 2,
                 "Woonplekken voor snelle herhuisvesting": 1, "Beschermde woonplekken": 1}


def seed_lines() -> list[str]:
    return SEED_003.read_text(encoding="utf-8").splitlines()


def normalised(text: str) -> str:
    """Links '[text](#)' as their text, escaped brackets plain, hyphenation closed up, one space, lower case."""
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text).replace("\\(", "(").replace("\\)", ")")
    return " ".join(tokens(text)).casefold()


def bullets_per_condition(lines: list[str]) -> dict[str, list[int]]:
    """Top-level bullets ('- ') per condition and list of the catalogue part of the seed (from the pillars'
    own pages to 'Werkwijze en verantwoording'); a sub-bullet (' - ') belongs to the bullet above it."""
    start = lines.index("Inclusief wonen pag. 19")
    end = lines.index("Werkwijze en verantwoording")
    expected = iter(CONDITION_HEADINGS.items())
    next_id, next_heading = next(expected)
    counts: dict[str, list[int]] = {}
    current, kind = None, None
    for line in lines[start:end]:
        if line.strip() == next_heading and (current is None or line.strip() != CONDITION_HEADINGS[current]):
            current, kind = next_id, None
            counts[current] = [0, 0, 0]
            next_id, next_heading = next(expected, (None, None))
        elif line.strip() in LIST_HEADINGS and current is not None:
            kind = LIST_HEADINGS[line.strip()]
        elif line.startswith("- ") and kind is not None:
            counts[current][kind] += 1
    return counts


def test_every_condition_has_as_many_entries_as_the_seed_has_bullets():
    seed = {cid: tuple(c) for cid, c in bullets_per_condition(seed_lines()).items()}
    catalogue = {c.id: (len(c.available), len(c.interventions), len(c.examples))
                 for c in load_catalogue().conditions}
    assert seed == COUNTS
    assert catalogue == COUNTS
    assert sum(sum(c) for c in COUNTS.values()) == 170


def test_every_name_title_and_gemeente_is_in_the_seed():
    seed = normalised("\n".join(seed_lines()))
    missing = []
    for condition in load_catalogue().conditions:
        phrases = [condition.title] + [a.title for a in condition.available]
        phrases += [i.name for i in condition.interventions] + [e.name for e in condition.examples]
        phrases += [g for e in condition.examples for g in e.gemeente.split(", ") if g]
        missing += [f"{condition.id}: {p!r}" for p in phrases if normalised(p) not in seed]
    assert not missing, "\n".join(missing)


def test_the_levels_are_those_the_seed_gives():
    """An intervention the seed calls 'erkende, effectieve' is 'erkend, effectief', and so on; spot checks of
    each level and of an entry without one."""
    levels = {i.id: i.level for c in load_catalogue().conditions for i in c.interventions}
    assert levels["snelbeterinjevel_nl"] == "erkend, effectief"
    assert levels["individuele_plaatsing_en_steun"] == "erkend, effectief"
    assert levels["krachtwerk"] == "erkend, kansrijk"
    assert levels["housing_first"] == "inspirerend"
    assert levels["erop_af_voorkomen_huisuitzetting"] == ""
    assert sorted(set(levels.values())) == ["", "erkend, effectief", "erkend, kansrijk", "inspirerend"]
    # Each time the seed calls something "erkende, effectieve" or "erkende, kansrijke" is one intervention.
    lines = seed_lines()
    part = "\n".join(lines[lines.index("Inclusief wonen pag. 19"):lines.index("Werkwijze en verantwoording")])
    values = list(levels.values())
    assert values.count("erkend, effectief") == len(re.findall(r"erkende, effectieve", part)) == 6
    assert values.count("erkend, kansrijk") == len(re.findall(r"erkende, kansrijke", part)) == 9


def test_the_comparison_can_fail():
    seed = normalised("\n".join(seed_lines()))
    assert normalised("Vroeg Eropaf") in seed
    assert normalised("Vroeg Eropaf Plus") not in seed
    lines = seed_lines()
    dropped = [line for line in lines if not line.startswith("- [Vroeg Eropaf]")]
    assert bullets_per_condition(dropped)["wonen"] == [3, 1, 5]
