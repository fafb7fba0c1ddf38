"""Comparing two rounds: the 2021 pilot sample against a 2022 round of the same gemeenten (one dropped, one
added), through the bundled mapping, and a same-layout comparison. The expected changes are computed here,
with pandas on the two exports and the mapping read with yaml, never by workbook_tool.compare."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from tests.support.paths import LAYOUT_2021, LAYOUT_2022, LAYOUTS, THREE_REGIONS
from tests.support.returns import make_return, random_answers
from workbook_tool.cli import main
from workbook_tool.collect import collect
from workbook_tool.compare import MappingInvalid, compare, load_mapping, write_comparison
from workbook_tool.export import write_export
from workbook_tool.gemeenten import Gemeente, load_gemeenten
from workbook_tool.generate import build_template
from workbook_tool.layout import bundled_layout_paths, load_layout, load_layouts

MAPPING = LAYOUTS / "vergelijking-2021-2022.yaml"
LIST_2021 = THREE_REGIONS / "gemeenten.csv"
DROPPED = "Gemeente 20"
ADDED = Gemeente("Gemeente 21", "Regio 3", 21)


def mapping_yaml() -> dict:
    return yaml.safe_load(MAPPING.read_text(encoding="utf-8"))


def short(question: str, item: str) -> str:
    return f"{question}.{item}"


# -- the mapping ----------------------------------------------------------------------------------


def test_every_2021_item_is_mapped_or_unmapped_with_a_reason():
    data = mapping_yaml()
    items, unmapped = data["items"], data["unmapped"]
    fields_2021 = [short(q.id, i.id) for s in load_layout(LAYOUT_2021).sheets for q in s.questions for i in q.items]
    assert len(fields_2021) == 41
    for name in fields_2021:
        assert (name in items) != (name in unmapped), name
    assert set(items) | set(unmapped) == set(fields_2021)
    assert all(len(reason) > 20 for reason in unmapped.values())
    assert (len(items), len(unmapped)) == (26, 15)


def test_every_target_is_one_2022_item_used_once():
    targets = list(mapping_yaml()["items"].values())
    fields_2022 = {short(q.id, i.id) for s in load_layout(LAYOUT_2022).sheets for q in s.questions for i in q.items}
    assert set(targets) <= fields_2022
    assert len(set(targets)) == len(targets)


def test_the_mapping_is_no_questionnaire():
    assert MAPPING not in bundled_layout_paths()
    assert {p.name for p in bundled_layout_paths()} >= {"preventiescanner-2021.yaml", "preventiescanner-2022.yaml"}


def test_a_mapping_missing_an_item_is_refused_in_dutch(tmp_path):
    data = mapping_yaml()
    del data["unmapped"]["v21_bemiddeling_conflicten.samen_eten"]
    data["items"]["v21_nazorg_instelling.detentie"] = "herstelzorg_na_vertrek_instelling.bestaat_niet"
    path = tmp_path / "vergelijking.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(MappingInvalid) as caught:
        load_mapping(path, load_layout(LAYOUT_2021), load_layout(LAYOUT_2022))
    message = str(caught.value)
    assert "v21_bemiddeling_conflicten.samen_eten" in message and "ontbreekt" in message
    assert "herstelzorg_na_vertrek_instelling.bestaat_niet" in message


# -- two rounds -----------------------------------------------------------------------------------


def build_round(folder: Path, layout_path: Path, gemeenten: list[Gemeente], seed: int) -> Path:
    folder.mkdir(parents=True)
    template = build_template(load_layout(layout_path))
    for offset, gemeente in enumerate(gemeenten):
        make_return(template, gemeente, random_answers(template, seed + offset, share=0.95),
                    folder / f"{gemeente.naam}.xlsx")
    return folder


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> dict[str, Path]:
    """Exports of the 2021 sample, of a 2022 round (Gemeente 20 gone, Gemeente 21 new) and of a second 2021
    round of the same gemeenten."""
    tmp = tmp_path_factory.mktemp("vergelijking")
    layouts = load_layouts()
    listed = load_gemeenten(LIST_2021)
    later = [g for g in listed if g.naam != DROPPED] + [ADDED]
    exports = {"2021": (THREE_REGIONS / "retour", listed, "2021.csv"),
               "2022": (build_round(tmp / "r2022", LAYOUT_2022, later, 100), later, "2022.xlsx"),
               "2021b": (build_round(tmp / "r2021b", LAYOUT_2021, listed, 500), listed, "2021b.parquet")}
    return {name: write_export(collect(folder, layouts, names), tmp / file)
            for name, (folder, names, file) in exports.items()}


def read(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    if path.suffix == ".xlsx":
        return pd.read_excel(path, dtype=str, engine="openpyxl").fillna("")
    return pd.read_parquet(path).astype(str)


def yes_sets(path: Path, translate: dict[str, str]) -> dict[str, set[str]]:
    """Per gemeente the items (translated ids 'vraag.item') it answered Ja."""
    frame = read(path)
    frame = frame[frame["value"] == "Ja"]
    result: dict[str, set[str]] = {g: set() for g in read(path)["gemeente"].unique()}
    for gemeente, question, item in zip(frame["gemeente"], frame["question_id"], frame["item_id"], strict=True):
        name = short(question, item)
        if name in translate:
            result[gemeente].add(translate[name])
    return result


def regio_of(path: Path) -> dict[str, str]:
    frame = read(path)
    return dict(zip(frame["gemeente"], frame["regio"], strict=True))


def test_2021_against_2022_through_the_mapping(rounds):
    translate = mapping_yaml()["items"]
    then = yes_sets(rounds["2021"], translate)
    now = yes_sets(rounds["2022"], {t: t for t in translate.values()})
    result = compare(rounds["2021"], rounds["2022"])

    assert (result.earlier.n, result.later.n) == (20, 20)
    assert result.new == [("Gemeente 21", "Regio 3")]
    assert result.dropped == [("Gemeente 20", "Regio 3")]
    counted = {short(i.field.question.id, i.field.item.id): (i.then, i.now) for i in result.items}
    assert set(counted) == set(translate.values())
    expected = {t: (sum(t in s for s in then.values()), sum(t in s for s in now.values())) for t in translate.values()}
    assert counted == expected
    assert any(then_n != now_n for then_n, now_n in expected.values())  # the test can see a change

    per_gemeente = {g.gemeente: ({short(f.question.id, f.item.id) for f in g.gained},
                                 {short(f.question.id, f.item.id) for f in g.lost}) for g in result.gemeenten}
    both = set(then) & set(now)
    assert set(per_gemeente) == both and len(both) == 19
    for gemeente in both:
        assert per_gemeente[gemeente] == (now[gemeente] - then[gemeente], then[gemeente] - now[gemeente]), gemeente

    regio_then, regio_now = regio_of(rounds["2021"]), regio_of(rounds["2022"])
    target = "relaties_conflicten.luisterlijn"
    row = next(i for i in result.regions if i.regio == "Regio 3" and short(i.field.question.id, i.field.item.id)
               == target)
    assert (row.then, row.now) == (sum(target in then[g] for g in then if regio_then[g] == "Regio 3"),
                                   sum(target in now[g] for g in now if regio_now[g] == "Regio 3"))
    assert result.n_regio["Regio 3"] == (8, 8)
    assert set(result.mapping.unmapped) == {f"{k}.antwoord" for k in mapping_yaml()["unmapped"]}


def test_same_questionnaire_compares_every_item(rounds):
    every = {short(q.id, i.id): short(q.id, i.id) for s in load_layout(LAYOUT_2021).sheets
             for q in s.questions for i in q.items}
    then, now = yes_sets(rounds["2021"], every), yes_sets(rounds["2021b"], every)
    result = compare(rounds["2021"], rounds["2021b"])
    assert result.mapping is None and not result.new and not result.dropped
    counted = {short(i.field.question.id, i.field.item.id): (i.then, i.now) for i in result.items}
    assert counted == {k: (sum(k in s for s in then.values()), sum(k in s for s in now.values())) for k in every}
    gemeente_1 = next(g for g in result.gemeenten if g.gemeente == "Gemeente 1")
    assert {short(f.question.id, f.item.id) for f in gemeente_1.gained} == now["Gemeente 1"] - then["Gemeente 1"]


def test_a_folder_of_returns_is_read_like_its_export(rounds):
    from_folder = compare(THREE_REGIONS / "retour", rounds["2022"], gemeenten=load_gemeenten(LIST_2021))
    from_export = compare(rounds["2021"], rounds["2022"])
    assert [(i.then, i.now) for i in from_folder.items] == [(i.then, i.now) for i in from_export.items]


def sheet_names(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/workbook.xml").decode("utf-8")


def test_the_workbook_has_its_sheets_and_charts(rounds, tmp_path):
    path = write_comparison(compare(rounds["2021"], rounds["2022"]), tmp_path / "vergelijking.xlsx")
    names = sheet_names(path)
    for name in ("Per item", "Per gemeente", "Per regio", "Grafieken", "Niet vergeleken"):
        assert f'name="{name}"' in names
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        strings = archive.read("xl/sharedStrings.xml").decode("utf-8")
    assert len(charts) == 3  # Bestaanscondities, Voorzorg, Herstelzorg: the 2022 pillars the mapping reaches
    assert "Samen eten in wijk" in strings  # an unmapped item, on its own sheet


def test_cli_compare(rounds, tmp_path):
    out = tmp_path / "vergelijking.xlsx"
    result = CliRunner().invoke(main, ["compare", str(rounds["2021"]), str(rounds["2022"]), "--out", str(out)],
                                prog_name="workbook-tool")
    assert result.exit_code == 0, result.output
    assert "26 items vergeleken" in result.output and "1 nieuw, 1 vervallen" in result.output
    assert "15 items van preventiescanner-2021 niet vergeleken" in result.output
    assert out.exists()


def test_cli_compare_refuses_an_unknown_file_in_dutch(tmp_path):
    bad = tmp_path / "ronde.txt"
    bad.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(bad), str(bad), "--out", str(tmp_path / "v.xlsx")],
                                prog_name="workbook-tool")
    assert result.exit_code == 1
    assert "onbekend formaat" in result.output
