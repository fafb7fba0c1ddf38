"""Layout loading: a valid layout loads; each kind of bad layout gives its documented error, naming the line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.support.english import english_sentences
from tests.support.paths import LAYOUTS, ROOT
from workbook_tool.errors import LayoutInvalid
from workbook_tool.layout import bundled_layout_paths, load_layout

# Every problem code is documented for users (docs/layout-format.md, "Problem codes").
DOCUMENTED_CODES = (ROOT / "docs" / "layout-format.md").read_text(encoding="utf-8")

GOOD = """\
id: mini
title: Mini scan
version: "1.0"
choice_lists:
  ja_nee: [Ja, Nee]
  bron: ["a) Eigen registratie/onderzoek", "b) Schatting"]
sheets:
  - id: pijler
    title: Pijler
    sections:
      - id: gezondheid
        title: Gezondheid
        help: "Wettelijk kader: Wmo"
        questions:
          - id: welzijn
            title: Faciliteiten voor welzijn
            kind: checklist
            items:
              - {id: training, label: Trainingen}
              - {id: anders, label: "Anders, namelijk:", role: anders}
              - {id: geen, label: Geen van bovenstaande, role: geen}
          - id: cijfers
            title: Aantallen
            kind: table
            columns:
              - {id: aantal, label: Aantal, type: number, integer: true, min: 0}
              - {id: bron, label: Bron, type: choice, choices: bron}
            items:
              - heading: Wonen
              - {id: uitzettingen, label: Aantal huisuitzettingen}
              - {id: wachttijd, label: Wachttijd, columns: [aantal], unit: maanden}
"""


def write(tmp_path: Path, text: str, name: str = "layout.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list:
    with pytest.raises(LayoutInvalid) as info:
        load_layout(write(tmp_path, text))
    return info.value.problems


def line_of(text: str, fragment: str) -> int:
    """1-based line of the last line containing fragment, so tests do not hard-code line numbers."""
    numbers = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert numbers, fragment
    return numbers[-1]


def test_good_layout_loads_into_the_model(tmp_path):
    layout = load_layout(write(tmp_path, GOOD))
    assert (layout.id, layout.version) == ("mini", "1.0")
    welzijn = layout.question("welzijn")
    assert [i.id for i in welzijn.items] == ["training", "anders", "geen"]
    assert [c.id for c in welzijn.items[1].columns] == ["antwoord", "namelijk"], "anders gets a text cell"
    assert welzijn.items[0].columns[0].choices == "ja_nee"
    cijfers = layout.question("cijfers")
    assert [c.id for c in cijfers.items[1].columns] == ["aantal"]
    assert cijfers.items[0].heading == "Wonen"
    keys = [f.key for f in layout.answer_fields()]
    assert keys == ["welzijn.training.antwoord", "welzijn.anders.antwoord", "welzijn.anders.namelijk",
                    "welzijn.geen.antwoord", "cijfers.uitzettingen.aantal", "cijfers.uitzettingen.bron",
                    "cijfers.wachttijd.aantal"]


BAD_CASES = {
    # name: (replace this, with this, expected code, fragment of the line the error must name)
    "duplicate item id": ("{id: anders, label", "{id: training, label", "duplicate_id",
                          "{id: training, label: \"Anders"),
    "duplicate question id": ("- id: cijfers", "- id: welzijn", "duplicate_id", "- id: welzijn"),
    "unknown choice list": ("choices: bron}", "choices: bronnen}", "unknown_choice_list", "choices: bronnen}"),
    "empty label": ("label: Trainingen}", "label: \"\"}", "empty_label", "label: \"\"}"),
    "unknown column": ("columns: [aantal]", "columns: [aantl]", "unknown_column", "columns: [aantl]"),
    "typo in a key": ("        help: \"Wettelijk", "        hlep: \"Wettelijk", "unknown_key", "hlep:"),
    "bad id": ("- id: gezondheid", "- id: Gezondheid 2", "bad_id", "- id: Gezondheid 2"),
    "unknown kind": ("kind: table", "kind: tabel", "bad_value", "kind: tabel"),
    "unknown type": ("type: number", "type: nummer", "bad_value", "type: nummer"),
    "missing title": ("        title: Gezondheid\n", "", "missing_key", "- id: gezondheid"),
    "unquoted version": ('version: "1.0"', "version: 1.0", "wrong_type", "version: 1.0"),
    "sheet title too long": ("title: Pijler", "title: " + "Bestaanscondities en nog veel meer", "too_long",
                             "title: Bestaanscondities en"),
    "yaml syntax": ("kind: checklist", "kind: [checklist", "yaml_syntax", None),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_each_bad_layout_gives_its_error_with_the_line(tmp_path, case):
    old, new, code, fragment = BAD_CASES[case]
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    problems = problems_of(tmp_path, text)
    assert f"| `{code}` |" in DOCUMENTED_CODES
    assert code in [p.code for p in problems], [str(p) for p in problems]
    found = next(p for p in problems if p.code == code)
    assert found.file.endswith("layout.yaml")
    if fragment is not None:
        assert found.line == line_of(text, fragment), str(found)
    else:
        assert found.line is not None
    assert str(found).startswith(f"[{found.file}:{found.line}]")
    assert english_sentences(str(found)) == [], str(found)


def test_typo_in_a_key_suggests_the_right_key(tmp_path):
    problems = problems_of(tmp_path, GOOD.replace("        help: \"W", "        hlep: \"W"))
    assert str(problems[0]).endswith("onderdeel pijler/gezondheid: onbekende sleutel 'hlep' in het onderdeel. "
                                     "Bedoelt u 'help'?")


def test_all_problems_are_reported_not_only_the_first(tmp_path):
    text = GOOD.replace("label: Trainingen}", "label: \"\"}").replace("choices: bron}", "choices: x}")
    codes = sorted(p.code for p in problems_of(tmp_path, text))
    assert codes == ["empty_label", "unknown_choice_list"]


def test_missing_include_is_reported(tmp_path):
    text = GOOD.replace("choice_lists:", "include: [nergens.yaml]\nchoice_lists:")
    problems = problems_of(tmp_path, text)
    assert [p.code for p in problems] == ["file_not_found"]
    assert problems[0].line == line_of(text, "include:")


def test_include_adds_sheets_and_derived_choice_list(tmp_path):
    write(tmp_path, """\
        choice_lists:
          ankerpunten: {from_sections: scan}
        sheets:
          - id: scan
            title: Scan
            sections:
              - {id: outreach, title: Outreach, questions: [{id: vz_outreach, title: Outreach, kind: fields,
                 items: [{id: ja, label: Ja ermee aan de slag, type: choice, choices: ja_nee}]}]}
              - {id: bemoeizorg, title: Bemoeizorg, questions: [{id: vz_bemoeizorg, title: Bemoeizorg, kind: fields,
                 items: [{id: plan, label: Plan, type: choice, choices: ankerpunten}]}]}
        """, "extra.yaml")
    layout = load_layout(write(tmp_path, GOOD.replace("choice_lists:", "include: [extra.yaml]\nchoice_lists:")))
    assert [s.id for s in layout.sheets] == ["pijler", "scan"]
    assert layout.choice_lists["ankerpunten"] == ("Outreach", "Bemoeizorg")


def test_bare_yes_no_in_a_choice_list_is_caught(tmp_path):
    # YAML 1.1 reads a bare `yes`/`no` as a boolean; a choice must be text.
    problems = problems_of(tmp_path, GOOD.replace("ja_nee: [Ja, Nee]", "ja_nee: [yes, no]"))
    assert {p.code for p in problems} == {"empty_label"}
    assert str(problems[0]).endswith("keuzelijst ja_nee: keuze true is geen tekst. Zet keuzes als 'Ja' en 'Nee' "
                                     "tussen aanhalingstekens (YAML leest kale yes/no als true/false).")


@pytest.mark.parametrize("name", [p.name for p in bundled_layout_paths()])
def test_bundled_layouts_are_valid(name):
    layout = load_layout(LAYOUTS / name)
    assert layout.sheets


@pytest.mark.parametrize("nesting,depth", [("[", 1000), ("[", 5000), ("[", 50000), ("{a: ", 5000), ("- ", 1200)],
                         ids=["lists-1000", "lists-5000", "lists-50000", "mappings-5000", "block-lists-1200"])
def test_a_layout_nested_absurdly_deep_is_a_layout_problem_not_a_crash(tmp_path, nesting, depth):
    path = tmp_path / "diep.yaml"
    if nesting == "- ":
        body = "\n" + "".join(" " * level + "-\n" for level in range(depth))
    else:
        body = nesting * depth + "x" + ("]" if nesting == "[" else "}") * depth + "\n"
    path.write_text(f"id: diep\ntitle: Diep\nversion: '1'\nsheets: {body}", encoding="utf-8")
    with pytest.raises(LayoutInvalid) as caught:
        load_layout(path)
    assert caught.value.problems and caught.value.problems[0].code in ("yaml_syntax", "wrong_type")
    assert caught.value.problems[0].file == str(path)


# --- the texts are Dutch, for the coordinator; keys and ids stay as written in the YAML ---

def test_an_unknown_choice_list_is_explained_in_dutch_with_its_place(tmp_path):
    text = GOOD.replace("- {id: training, label: Trainingen}",
                        "- {id: training, label: Trainingen, columns: [antwoord]}").replace(
        "kind: checklist", "kind: checklist\n            choices: ja_nee_weet")
    problems = problems_of(tmp_path, text)
    found = next(p for p in problems if p.code == "unknown_choice_list")
    assert str(found) == (f"[{found.file}:{found.line}] vraag welzijn, item training: keuzelijst 'ja_nee_weet' "
                          "bestaat niet onder 'choice_lists'. Bedoelt u 'ja_nee'?")


def test_a_choice_list_with_no_near_name_asks_to_check_the_spelling(tmp_path):
    found = problems_of(tmp_path, GOOD.replace("choices: bron}", "choices: herkomst}"))[0]
    assert str(found).endswith("vraag cijfers, item uitzettingen: keuzelijst 'herkomst' bestaat niet onder "
                               "'choice_lists'. Controleer de spelling of voeg de lijst toe onder 'choice_lists'.")


YAML_MISTAKES = {
    # name: (replace this, with this, the line to fix (fragment), the Dutch explanation)
    "tab": ("        title: Gezondheid", "\ttitle: Gezondheid", "\ttitle: Gezondheid",
            "er staat een tab; spring in met spaties, niet met tabs."),
    "unclosed quote": ("unit: maanden}", 'unit: "maanden}', 'unit: "maanden',
                       "het aanhalingsteken op deze regel wordt nergens gesloten."),
    "colon in a text": ("title: Gezondheid", "title: Gezondheid: wonen", "title: Gezondheid: wonen",
                        "hier staat een dubbele punt (:) waar dat niet mag; zet een tekst met een dubbele punt "
                        "tussen aanhalingstekens, of controleer het inspringen."),
    "unclosed list": ("kind: checklist", "kind: [checklist", None, None),
}


@pytest.mark.parametrize("case", list(YAML_MISTAKES))
def test_a_yaml_mistake_is_explained_in_dutch_on_its_line(tmp_path, case):
    old, new, fragment, dutch = YAML_MISTAKES[case]
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    [found] = problems_of(tmp_path, text)
    assert found.code == "yaml_syntax" and found.line is not None
    if fragment is not None:
        assert found.line == line_of(text, fragment)
        assert str(found) == f"[{found.file}:{found.line}] {dutch}"
    assert english_sentences(str(found)) == [], "no PyYAML English"


def test_a_workbook_given_as_layout_is_named_as_such(tmp_path):
    path = tmp_path / "Gemeente 1.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    with pytest.raises(LayoutInvalid) as caught:
        load_layout(path)
    [found] = caught.value.problems
    assert found.code == "file_not_found"
    assert str(found) == (f"[{path}] dit is een werkmap (Excel of LibreOffice), geen layout. Een layout is een "
                          "tekstbestand (.yaml) met de vragenlijst. Geef het layoutbestand op, bijv. "
                          "workbook_tool/layouts/preventiescanner-2022.yaml.")


def test_a_file_that_is_not_utf8_text_is_named_as_such(tmp_path):
    path = write(tmp_path, "").with_name("latin1.yaml")
    path.write_bytes("id: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(LayoutInvalid) as caught:
        load_layout(path)
    assert str(caught.value.problems[0]) == (f"[{path}] het bestand is geen tekst in UTF-8: het is een ander soort "
                                             "bestand, of opgeslagen met een andere tekenset. Een layout is een "
                                             "tekstbestand; sla het op als UTF-8.")
