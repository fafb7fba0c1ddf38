"""Consolidation reproduces the published reports: seed 001 (Drechtsteden, N=9) and seed 000 (three regions).

The chain: the seed's text -> its tables transcribed in samples/drechtsteden-2022/seed001-tabellen.yaml ->
the sample returns built from them (byte for byte) -> the consolidated tables, equal to the printed ones.
"""

from __future__ import annotations

import importlib.util
import re

import yaml

from tests.support.paths import BUILD_SAMPLES, DRECHTSTEDEN, LAYOUT_2021, LAYOUT_2022, THREE_REGIONS
from tests.support.seed_text import match_phrase, part_two_tokens, tokens
from workbook_tool.collect import collect
from workbook_tool.consolidate import consolidate
from workbook_tool.gemeenten import load_gemeenten, numbered
from workbook_tool.layout import load_layout

PUBLISHED = yaml.safe_load((DRECHTSTEDEN / "seed001-tabellen.yaml").read_text(encoding="utf-8"))

# Where the printed Aantal disagrees with the printed Nrs. list. The sample follows the list, so the
# consolidated Aantal is the length of the list here.
MISPRINTS = {
    ("wonen_openbare_orde", "anders", "antwoord"): "printed '2 8': Aantal 2 but one number",
    ("herstelzorg_na_vertrek_instelling", "beschermd_wonen", "antwoord"): "printed '8 1,2,3,4,5,6,7': 7 numbers",
}
# Printed values the layout cannot hold as they are; the sample stores the nearest valid answer.
DEVIATIONS = {
    ("inzicht_huisvesting_urgentie", "contingent_woningen", 6): ("3/4", "3-4 woningen"),
}


def checklist_cells():
    for question_id, items in PUBLISHED.items():
        for item_id, columns in items.items():
            for column_id, cell in columns.items():
                if isinstance(cell, dict) and "aantal" in cell:
                    yield question_id, item_id, column_id, cell


def test_the_transcribed_tables_match_the_seed_text(layout_2022):
    """The sample's source is checked against the report itself: after each item label the seed prints
    exactly the transcribed 'Aantal Nrs.' (per column), and the misprints are the listed ones."""
    seed = part_two_tokens()
    text_of = " ".join(seed)
    cursor = 0
    checked = 0
    for sheet in layout_2022.sheets:
        for question in sheet.questions:
            if question.kind != "checklist" or question.id not in PUBLISHED:
                continue
            for index, item in enumerate(question.items):
                label = tokens(item.label)
                start = next(p for p in range(cursor, len(seed)) if seed[p] == label[0]
                             and match_phrase(seed, p, label) is not None)
                end = match_phrase(seed, start, label)
                following = question.items[index + 1] if index + 1 < len(question.items) else None
                stop = len(seed) if following is None else next(
                    p for p in range(end, len(seed)) if seed[p] == tokens(following.label)[0]
                    and match_phrase(seed, p, tokens(following.label)) is not None)
                span = re.sub(r"\s*,\s*", ",", " ".join(seed[start:stop]).replace("*", ""))
                expected = []
                for column in question.columns:
                    cell = PUBLISHED[question.id][item.id].get(column.id)
                    expected.append("- -" if cell is None else
                                    f"{cell['aantal']} {','.join(map(str, cell['nrs'])) or '0'}")
                assert " ".join(expected) in span, (question.id, item.id, expected, span[-120:])
                checked += 1
                cursor = end
    assert checked == len({(q, i) for q, i, _, _ in checklist_cells()})
    assert text_of  # the seed was read
    misprints = {(q, i, c) for q, i, c, cell in checklist_cells() if cell["aantal"] != len(cell["nrs"])}
    assert misprints == set(MISPRINTS)


def test_consolidation_reproduces_every_aantal_and_nrs_of_seed_001(drechtsteden):
    assert drechtsteden.n == 9
    compared = 0
    for question_id, item_id, column_id, cell in checklist_cells():
        table = drechtsteden.table(question_id)
        row = table.row(item_id)
        index = [c.id for c in table.question.columns].index(column_id)
        got = row.cells[index]
        expected_count = len(cell["nrs"]) if (question_id, item_id, column_id) in MISPRINTS else cell["aantal"]
        assert (got.count, got.nrs) == (expected_count, cell["nrs"]), (question_id, item_id, column_id)
        for nr, text in cell.get("namelijk", {}).items():
            assert any(n == nr and text in t for n, t in row.texts), (question_id, item_id, nr)
        compared += 1
    assert compared == len(list(checklist_cells()))


def test_consolidation_reproduces_bijlage_2(drechtsteden):
    compared = 0
    for question_id, items in PUBLISHED.items():
        table = drechtsteden.table(question_id)
        if table.question.kind == "checklist":
            continue
        for item_id, published in items.items():
            row = table.row(item_id)
            per_gemeente = published.get("per_gemeente", {})
            if "Aantal" in table.headers and table.headers == ["Aantal"]:
                cell = row.cells[0]
                assert cell.count == published["printed"]["Aantal"], (question_id, item_id)
                assert cell.nrs == sorted(per_gemeente)
                for nr, values in per_gemeente.items():
                    assert cell.details[nr].startswith(str(values["aantal"])), (question_id, item_id, nr)
                compared += 1
                continue
            for choice, cell in zip(table.headers, row.cells, strict=False):
                listed = sorted(nr for nr, v in per_gemeente.items() if v.get("antwoord") == choice)
                assert cell.nrs == listed, (question_id, item_id, choice)
                if "printed" in published:
                    assert cell.count == published["printed"].get(choice, 0), (question_id, item_id, choice)
                for nr in listed:
                    values = per_gemeente[nr]
                    detail = cell.details.get(nr, "")
                    if (question_id, item_id, nr) in DEVIATIONS:
                        assert DEVIATIONS[(question_id, item_id, nr)][1] in detail
                        continue
                    for key in ("aantal", "toelichting"):
                        if key in values:
                            assert str(values[key]) in detail, (question_id, item_id, nr, key, detail)
                    if "bron" in values:
                        assert f"({values['bron'][0]})" in detail
                compared += 1
    assert compared >= 30
    sample = drechtsteden.table("inzicht_monitorinformatie").row("samenloop_regelingen").cells[0].nrs_text()
    assert sample.startswith("1: 2665, 2: 19920 in het jaar 2020, 3: 5755")


def test_the_2021_sample_reproduces_seed_000_per_regio():
    published = yaml.safe_load((THREE_REGIONS / "seed000-tabellen.yaml").read_text(encoding="utf-8"))
    layout = load_layout(LAYOUT_2021)
    gemeenten = numbered(load_gemeenten(THREE_REGIONS / "gemeenten.csv"))
    collected = collect(THREE_REGIONS / "retour", [layout], gemeenten)
    result = consolidate(collected.answers_frame(), layout)
    assert result.n == 20
    columns = [f"{r['label']} (n={r['n']})" for r in published["regions"].values()]
    assert [f"{regio} (n={n})" for regio, n in result.regio_sizes.items()] == columns == \
        ["Regio 1 (n=6)", "Regio 2 (n=6)", "Regio 3 (n=8)"]
    compared = 0
    for question_id, items in published["counts"].items():
        for item_id, counts in items.items():
            row = next(r for r in result.regions if (r.question_id, r.item_id) == (question_id, item_id))
            assert list(row.counts.values()) == counts, (question_id, item_id)
            compared += 1
    assert compared == 41


def test_samples_are_rebuilt_byte_for_byte(tmp_path):
    spec = importlib.util.spec_from_file_location("build_samples", BUILD_SAMPLES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    layout = load_layout(LAYOUT_2022)
    gemeenten = load_gemeenten(DRECHTSTEDEN / "gemeenten.csv")
    files = module.build(layout, gemeenten, lambda g: module.drechtsteden_answers(layout, PUBLISHED, g.nummer),
                         tmp_path, "Voorjaar 2022")
    assert len(files) == 9
    for path in files:
        assert path.read_bytes() == (DRECHTSTEDEN / "retour" / path.name).read_bytes(), path.name


# Rows a gemeente answers only when they apply: "Anders", "Geen van bovenstaande", "Onbekend".
ROLE_ROWS = {"anders", "geen", "onbekend"}


def published_incomplete(n: int = 9) -> set[int]:
    """The gemeenten the published report shows without an answer somewhere: an answer row of Bijlage 2
    (Ja / Nee / Onbekend, Bekend / ...) that does not account for them. Checklists print only who said Ja;
    a number (a row printed as Aantal only) is printed for the gemeenten that have one."""
    missing: set[int] = set()
    for items in PUBLISHED.values():
        for item_id, published in items.items():
            printed = published.get("printed")
            if not printed or item_id in ROLE_ROWS or set(printed) == {"Aantal"}:
                continue
            missing |= set(range(1, n + 1)) - set(published.get("per_gemeente", {}))
    return missing


def test_the_sample_is_complete_where_the_report_shows_every_answer():
    missing = published_incomplete()
    assert missing and len(missing) < 9
    gemeenten = load_gemeenten(DRECHTSTEDEN / "gemeenten.csv")
    result = collect(DRECHTSTEDEN / "retour", [load_layout(LAYOUT_2022)], gemeenten)
    status = {int(s.nummer): s for s in result.status}
    assert {nr for nr, s in status.items() if s.status != "complete"} == missing
    assert all(s.errors == 0 for s in status.values())
    # Complete although offerings are blank: the gemeenten that answered "Onbekend" for a whole question.
    blank_offerings = [a for ret in result.used if int(ret.identity.gemeente_nr) not in missing
                       for a in ret.answers if a.field.question.kind == "checklist" and a.field.item.role is None
                       and a.value is None]
    assert blank_offerings
