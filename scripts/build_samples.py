"""Rebuild the bundled samples: generated and filled by the tool itself from the published tables.

    .venv/bin/python scripts/build_samples.py

samples/drechtsteden-2022/: nine returns "Gemeente 1" .. "Gemeente 9" whose answers are read off
seed-001 tables (seed001-tabellen.yaml): a gemeente answers "Ja" to an item when the report lists
its number, "Nee" otherwise (an item is left empty when the gemeente answered "Onbekend" for the
whole question and is not listed); the Bijlage-2 answers are taken per gemeente as printed.
samples/three-regions-2021/: twenty returns in three regions (n = 6, 6, 8) on the 2021 layout, whose
answers reproduce the regional counts of seed 000 (seed000-tabellen.yaml).
The files are reproducible: the same inputs give byte-identical workbooks.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbook_tool.fileio import write_atomic  # noqa: E402
from workbook_tool.fill import fill_template  # noqa: E402
from workbook_tool.gemeenten import Gemeente, load_gemeenten  # noqa: E402
from workbook_tool.generate import build_template, personalise, values_for  # noqa: E402
from workbook_tool.layout import load_layout  # noqa: E402
from workbook_tool.layout.model import NAMELIJK, SINGLE_COLUMN, Layout, answer_key  # noqa: E402

GENERATED_AT = "2022-04-01 09:00:00"  # fixed, so rebuilding changes nothing
DRECHTSTEDEN = ROOT / "samples" / "drechtsteden-2022"
THREE_REGIONS = ROOT / "samples" / "three-regions-2021"

# The 2022 report predates the voorzorgscan; these illustrative answers (not from a seed) give the
# Implementatieplan tab of the sample something to show. Gemeente -> (ankerpunt section id, priority).
ILLUSTRATIVE_PLAN = {
    2: [("outreach", 1), ("bemoeizorg", 2)],
    4: [("outreach", 1), ("urgentieverordening", 2)],
    8: [("netwerkgericht_werken", 1), ("outreach", 2), ("respijtopties", 3)],
    9: [("urgentieverordening", 1)],
}


def drechtsteden_answers(layout: Layout, tables: dict[str, Any], nr: int) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for sheet in layout.sheets:
        for question in sheet.questions:
            published = tables.get(question.id)
            if published is None:
                continue
            if question.kind == "checklist":
                answers.update(_checklist_answers(question, published, nr))
            else:
                for item in question.items:
                    row = published.get(item.id, {}).get("per_gemeente", {}).get(nr, {})
                    for column_id, value in row.items():
                        answers[question.key(item, column_id)] = _as_cell(value)
    answers.update(_illustrative_plan(layout, nr))
    return answers


def _checklist_answers(question, published: dict[str, Any], nr: int) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    unknown_item = next((i for i in question.items if i.role == "onbekend"), None)
    for column in question.columns:
        said_unknown = unknown_item is not None and \
            nr in published.get(unknown_item.id, {}).get(column.id, {}).get("nrs", [])
        for item in question.items:
            if column not in item.columns:
                continue
            cell = published.get(item.id, {}).get(column.id, {})
            listed = nr in cell.get("nrs", [])
            if listed:
                answers[question.key(item, column.id)] = "Ja"
            elif item.role or not said_unknown:
                answers[question.key(item, column.id)] = "Nee"
            text = cell.get("namelijk", {}).get(nr)
            if text:
                key = question.key(item, NAMELIJK)
                answers[key] = f"{answers[key]}; {text}" if key in answers else text
    return answers


def _as_cell(value: Any) -> Any:
    """Numbers as numbers; ranges such as "8-10" stay text; "3/4" (printed once) becomes the range 3-4."""
    text = str(value)
    if text.isdigit():
        return int(text)
    return text.replace("/", "-") if text == "3/4" else text


def _illustrative_plan(layout: Layout, nr: int) -> dict[str, Any]:
    try:
        scan = layout.sheet("voorzorgscan")
    except KeyError:
        return {}
    titles = {s.id: s.title for s in scan.sections}
    answers = {}
    for section_id, priority in ILLUSTRATIVE_PLAN.get(nr, []):
        answers[answer_key(f"vz_{section_id}", "aan_de_slag", SINGLE_COLUMN)] = "Ja"
        answers[answer_key(f"vz_{section_id}", "al_aanwezig", SINGLE_COLUMN)] = \
            f"Voorbeeldantwoord gemeente {nr}: bestaand aanbod."
        answers[answer_key(f"vz_{section_id}", "kansen", SINGLE_COLUMN)] = f"Voorbeeldantwoord gemeente {nr}: kansen."
        answers[answer_key(f"vz_{section_id}", "nodig", SINGLE_COLUMN)] = f"Voorbeeldantwoord gemeente {nr}: nodig."
        answers[answer_key(f"plan_prioriteit_{priority}", "ankerpunt", SINGLE_COLUMN)] = titles[section_id]
        answers[answer_key(f"plan_prioriteit_{priority}", "doel", SINGLE_COLUMN)] = f"Voorbeelddoel gemeente {nr}"
        plan = f"plan_prioriteit_{priority}"
        for field_id, text in (("acties", "Voorbeeldacties"), ("uitvoerende", "Voorbeelduitvoerende"),
                               ("beoogd_resultaat", "Voorbeeldresultaat"),
                               ("verantwoordelijke", "Voorbeeldverantwoordelijke")):
            answers[answer_key(plan, field_id, SINGLE_COLUMN)] = f"{text} gemeente {nr}"
        answers[answer_key(plan, "beoogde_datum_gereed", SINGLE_COLUMN)] = dt.date(2023, 12, 31)
    return answers


def three_regions_answers(layout: Layout, counts: dict[str, Any], regio_index: int, position: int) -> dict[str, Any]:
    """Gemeente `position` (0-based) of region `regio_index` says Ja to an item when it is among the first
    `count` gemeenten of its region, counted from an offset that varies per item (so answers differ)."""
    answers = {}
    size = list(counts["regions"].values())[regio_index]["n"]
    for index, (question_id, items) in enumerate(counts["counts"].items()):
        for offset, (item_id, per_region) in enumerate(items.items()):
            count = per_region[regio_index]
            rotated = (position + index + offset) % size
            answers[answer_key(question_id, item_id, SINGLE_COLUMN)] = "Ja" if rotated < count else "Nee"
    return answers


def build(layout: Layout, gemeenten: list[Gemeente], answers_of, folder: Path, ronde: str) -> list[Path]:
    template = build_template(layout)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for gemeente in gemeenten:
        data = personalise(template, values_for(layout, gemeente, gemeente.regio, ronde, GENERATED_AT))
        path = folder / f"{gemeente.naam}.xlsx"
        write_atomic(path, fill_template(template, data, answers_of(gemeente)))
        written.append(path)
    return written


def build_drechtsteden() -> list[Path]:
    layout = load_layout(ROOT / "workbook_tool" / "layouts" / "preventiescanner-2022.yaml")
    tables = yaml.safe_load((DRECHTSTEDEN / "seed001-tabellen.yaml").read_text(encoding="utf-8"))
    gemeenten = load_gemeenten(DRECHTSTEDEN / "gemeenten.csv")
    folder = DRECHTSTEDEN / "retour"
    shutil.rmtree(folder, ignore_errors=True)
    return build(layout, gemeenten, lambda g: drechtsteden_answers(layout, tables, g.nummer), folder, "Voorjaar 2022")


def build_three_regions() -> list[Path]:
    layout = load_layout(ROOT / "workbook_tool" / "layouts" / "preventiescanner-2021.yaml")
    counts = yaml.safe_load((THREE_REGIONS / "seed000-tabellen.yaml").read_text(encoding="utf-8"))
    gemeenten = load_gemeenten(THREE_REGIONS / "gemeenten.csv")
    regions = [r["label"] for r in counts["regions"].values()]
    positions: dict[str, int] = {}
    index_of: dict[str, tuple[int, int]] = {}
    for gemeente in gemeenten:
        position = positions.get(gemeente.regio, 0)
        positions[gemeente.regio] = position + 1
        index_of[gemeente.naam] = (regions.index(gemeente.regio), position)
    folder = THREE_REGIONS / "retour"
    shutil.rmtree(folder, ignore_errors=True)
    return build(layout, gemeenten, lambda g: three_regions_answers(layout, counts, *index_of[g.naam]), folder,
                 "2021")


def write_three_regions_list() -> None:
    """20 gemeenten: 6 in Regio 1, 6 in Regio 2, 8 in Regio 3, numbered 1..20."""
    sizes = [("Regio 1", 6), ("Regio 2", 6), ("Regio 3", 8)]
    lines = ["nummer,naam,regio"]
    nr = 0
    for regio, size in sizes:
        for _ in range(size):
            nr += 1
            lines.append(f"{nr},Gemeente {nr},{regio}")
    (THREE_REGIONS / "gemeenten.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    for path in build_drechtsteden():
        print(path.relative_to(ROOT))
    if (ROOT / "workbook_tool" / "layouts" / "preventiescanner-2021.yaml").exists():
        THREE_REGIONS.mkdir(parents=True, exist_ok=True)
        write_three_regions_list()
        for path in build_three_regions():
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
