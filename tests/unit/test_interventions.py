"""The interventions catalogue: loading, for_section, every kind of problem in Dutch with its line, the CLI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.support.paths import LAYOUTS
from workbook_tool.cli import main
from workbook_tool.errors import WorkbookToolError
from workbook_tool.interventions import CatalogueInvalid, load_catalogue
from workbook_tool.layout import load_layout

GOOD = """\
id: test
title: Een catalogus
source: Iemand (2022).
conditions:
  - id: wonen
    pillar: Bestaanscondities
    title: Wonen
    sections: [wonen]
    available:
      - title: CCV
        description: Informatie over overlast.
    interventions:
      - id: vroeg_eropaf
        name: Vroeg Eropaf
        level: inspirerend
        description: Erop af bij betalingsachterstanden.
    examples:
      - id: vroeg_erbij
        name: Vroeg Erbij
        gemeente: Tilburg
        description: Hulp op basis van signalen.
"""


def write(tmp_path, text):
    path = tmp_path / "catalogus.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path, text, **kwargs):
    with pytest.raises(CatalogueInvalid) as info:
        load_catalogue(write(tmp_path, text), **kwargs)
    return info.value.problems


def test_the_bundled_catalogue_loads_with_the_seed_citation():
    catalogue = load_catalogue()
    assert catalogue.id == "interventies-2022"
    assert catalogue.source.startswith("Scheepers, A.L., Dries, L. van den, Wolf, J.R.L.M. (2022).")
    assert [c.id for c in catalogue.conditions][:5] == ["gezondheid", "wonen", "inkomen", "activiteiten", "relaties"]
    wonen = catalogue.conditions[1]
    assert wonen.interventions[0].name == "Vroeg Eropaf" and wonen.interventions[0].level == "inspirerend"
    assert wonen.examples[0].gemeente == "Tilburg"


def test_for_section_gives_the_conditions_of_a_section_of_the_scanner():
    catalogue = load_catalogue()
    assert [c.id for c in catalogue.for_section("gezondheid")] == ["gezondheid"]
    assert [c.id for c in catalogue.for_section("kwaliteit_voorzorg")] == ["voorzorg"]
    assert [c.id for c in catalogue.for_section("opties_na_verlies")] == ["snelle_herhuisvesting",
                                                                          "beschermde_woonplekken"]
    assert catalogue.for_section("beleidsintenties") == []


def test_every_section_of_the_bundled_catalogue_is_a_section_of_the_2022_scanner():
    layout = load_layout(LAYOUTS / "preventiescanner-2022.yaml")
    sections = {s.id for sheet in layout.sheets for s in sheet.sections}
    used = {s for c in load_catalogue(layout=layout).conditions for s in c.sections}
    assert used <= sections
    assert {"gezondheid", "wonen", "inkomen", "activiteiten", "relaties", "voorzorg_thuis",
            "herstelzorg_thuis", "opties_na_verlies"} <= used


def test_a_small_catalogue_loads(tmp_path):
    catalogue = load_catalogue(write(tmp_path, GOOD))
    (condition,) = catalogue.conditions
    assert condition.sections == ("wonen",)
    assert condition.available[0].title == "CCV"
    assert condition.examples[0].description == "Hulp op basis van signalen."


def test_an_unknown_key_is_reported_with_its_line_and_a_suggestion(tmp_path):
    (problem,) = problems_of(tmp_path, GOOD.replace("        gemeente: Tilburg", "        gemeete: Tilburg"))
    assert problem.code == "unknown_key" and problem.line == 20
    assert "onbekende sleutel 'gemeete'" in str(problem) and "Bedoelt u 'gemeente'?" in str(problem)


def test_a_duplicate_id_names_the_line_of_the_first(tmp_path):
    (problem,) = problems_of(tmp_path, GOOD.replace("id: vroeg_erbij", "id: vroeg_eropaf"))
    assert problem.code == "duplicate_id" and problem.line == 18
    assert "id 'vroeg_eropaf' staat ook op regel 13" in problem.message


def test_an_unknown_level_is_reported_with_the_levels_allowed(tmp_path):
    (problem,) = problems_of(tmp_path, GOOD.replace("level: inspirerend", "level: inspirerende"))
    assert problem.code == "bad_value" and problem.line == 15
    assert "niveau 'inspirerende' is niet een van 'erkend, effectief'" in problem.message
    assert problem.hint == "Bedoelt u 'inspirerend'?"


def test_a_section_that_is_not_in_the_layout_is_reported(tmp_path):
    (problem,) = problems_of(tmp_path, GOOD.replace("sections: [wonen]", "sections: [wonenn]"))
    assert problem.code == "unknown_section" and problem.line == 8
    assert "onderdeel 'wonenn' bestaat niet in de layout" in problem.message and problem.hint == "Bedoelt u 'wonen'?"


def test_sections_are_checked_against_the_layout_given(tmp_path):
    voorzorgscan = load_layout(LAYOUTS / "voorzorgscan-2025.yaml")
    (problem,) = problems_of(tmp_path, GOOD, layout=voorzorgscan)
    assert problem.code == "unknown_section" and "'wonen'" in problem.message


def test_missing_fields_and_a_missing_level_are_each_reported(tmp_path):
    text = GOOD.replace("        description: Informatie over overlast.\n", "")
    text = text.replace("        level: inspirerend\n", "")
    problems = problems_of(tmp_path, text)
    assert [(p.code, p.line) for p in problems] == [("missing_key", 10), ("missing_key", 12)]
    assert "heeft geen 'description'" in problems[0].message and "heeft geen 'level'" in problems[1].message


def test_a_yaml_error_is_a_catalogue_problem_in_dutch_with_its_line(tmp_path):
    problems = problems_of(tmp_path, GOOD.replace("title: Wonen", "title: Wonen: thuis"))
    assert [(p.code, p.line) for p in problems] == [("yaml_syntax", 7)]
    assert "dubbele punt" in problems[0].message
    assert issubclass(CatalogueInvalid, WorkbookToolError)
    assert str(problems_of(tmp_path, "- a\n- b\n")[0]).endswith("Schrijf de catalogus als regels 'sleutel: waarde'.")


def run_cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="workbook-tool")


def test_the_cli_says_geldig_with_the_counts_of_the_bundled_catalogue():
    result = run_cli("interventies", "check")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("geldig — 9 condities, 56 landelijk beschikbaar, 56 interventies, "
                                          "58 praktijkvoorbeelden.")


def test_the_cli_lists_every_problem_and_exits_1(tmp_path):
    text = GOOD.replace("level: inspirerend", "level: goed").replace("sections: [wonen]", "sections: [x]")
    result = run_cli("interventies", "check", write(tmp_path, text))
    assert result.exit_code == 1
    assert "2 fouten in de interventiecatalogus:" in result.output
    assert "catalogus.yaml:8] conditie wonen: onderdeel 'x' bestaat niet in de layout." in result.output
    assert "catalogus.yaml:15] conditie wonen, interventie vroeg_eropaf: niveau 'goed'" in result.output


def test_the_catalogue_beside_the_layouts_is_not_taken_for_a_layout():
    from workbook_tool.layout import bundled_layout_paths, load_layouts
    from workbook_tool.round import bundled_layout_names

    assert (LAYOUTS / "interventies-2022.yaml").is_file()
    assert "interventies-2022.yaml" not in [p.name for p in bundled_layout_paths()]
    assert "interventies-2022.yaml" not in bundled_layout_names()
    assert "preventiescanner-2022" in {layout.id for layout in load_layouts()}
