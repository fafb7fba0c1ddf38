"""The 2022 layout against seed 001: every item label of every part-2 table and of Bijlage 2 is in the
seed's table, in order, under the right question, and no table row of a checklist is missing."""

from __future__ import annotations

import re
from dataclasses import replace

from tests.support.paths import LAYOUT_2022
from tests.support.seed_text import match_question, part_two_tokens, seed_text
from workbook_tool.layout import load_layout

LAYOUT = LAYOUT_2022

# Sheets that come from seed 001 (the voorzorgscan sheets come from seed 002).
SEED_SHEETS = ["bestaanscondities", "voorzorg", "herstelzorg", "wonen_op_maat", "beleid", "inzicht_cijfers"]


def test_every_seed_table_row_is_in_the_layout_in_order():
    layout = load_layout(LAYOUT)
    seed = part_two_tokens()
    cursor = 0
    failures = []
    checked_items = 0
    for sheet_id in SEED_SHEETS:
        for question in layout.sheet(sheet_id).questions:
            end, problems = match_question(seed, cursor, question)
            failures += [f"{sheet_id}/{question.id}: {p}" for p in problems]
            if not problems:
                cursor = end
                checked_items += len(question.items)
    assert not failures, "\n".join(failures)
    assert checked_items > 250


def test_layout_has_the_22_tables_of_chapters_2_to_5_and_the_6_of_bijlage_2():
    layout = load_layout(LAYOUT)
    chapters = sum(len(list(layout.sheet(s).questions)) for s in SEED_SHEETS[:-1])
    bijlage = len(list(layout.sheet("inzicht_cijfers").questions))
    assert (chapters, bijlage) == (22, 6)
    # The seed prints each table with a "(N=9)" header: two for a two-column table.
    text = seed_text()
    part2 = text[text.index("1.1 Focus van deel 2"):text.index("Bijlage 3 Relevante wettelijke kaders")]
    two_column = [q for s in SEED_SHEETS for q in layout.sheet(s).questions
                  if q.kind == "checklist" and len(q.columns) == 2]
    assert len(re.findall(r"\([Nn]=9\)", part2)) == chapters + bijlage + len(two_column)


def test_a_wrong_or_missing_label_is_caught():
    """The comparison itself can fail: a dropped row and a changed word are both detected."""
    layout = load_layout(LAYOUT)
    seed = part_two_tokens()
    question = layout.question("gezondheid_welzijn")
    _, ok = match_question(seed, 0, question)
    assert ok == []
    dropped = replace(question, items=question.items[:1] + question.items[2:])
    assert match_question(seed, 0, dropped)[1]
    changed = replace(question, items=(replace(question.items[0], label=question.items[0].label + " extra"),)
                      + question.items[1:])
    assert match_question(seed, 0, changed)[1]
