"""The 2022 layout against seed 001: every item label of every part-2 table and of Bijlage 2 is in the
seed's table, in order, under the right question, and no table row of a checklist is missing."""

from __future__ import annotations

import re
from pathlib import Path


from workbook_tool.layout import load_layout

ROOT = Path(__file__).resolve().parents[1]
# A copy of ../shared/seeds/001 (the published report), kept in the repo so CI always compares.
SEED = ROOT / "tests" / "data" / "seeds" / "001_160616489a1a6747.txt"
LAYOUT = ROOT / "layouts" / "preventiescanner-2022.yaml"

# Sheets that come from seed 001 (the voorzorgscan sheets come from seed 002).
SEED_SHEETS = ["bestaanscondities", "voorzorg", "herstelzorg", "wonen_op_maat", "beleid", "inzicht_cijfers"]

# What may stand between the rows of a printed table: counts, lists of numbers, dashes, headers.
NOISE = re.compile(r"^(?:[\d,().:;\-–/*]+|\(?[Nn]=9\)?|Gemeenten|Aantal|Nrs\.?|nrs\.?|Nr\.?)$")

# Rows the PDF extraction moved away from their table; the test allows a gap before them.
DISPLACED_ROWS = {
    ("voorzorg_ingrijpende_gebeurtenis", "onbekend"): "a page break put 'Onbekend 0 0' after the 3.2 text",
}



def tokens(text: str) -> list[str]:
    # A hyphen followed by a line break or space is PDF hyphenation (or the author's "GGZ- instelling"):
    # compare both sides with it closed up.
    return re.sub(r"(?<=\w)-\s+", "-", text).split()


def part_two_tokens() -> list[str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if i > 1400 and line.strip() == "2 Bestaanscondities")
    end = next(i for i, line in enumerate(lines) if "Bijlage 3 Relevante wettelijke kaders" in line)
    return tokens("\n".join(lines[start:end]))


def match_phrase(seed: list[str], pos: int, phrase: list[str]) -> int | None:
    """Match phrase at seed[pos:], allowing only noise tokens inside it; return the end position."""
    i = pos
    for word in phrase:
        while i < len(seed) and seed[i] != word and NOISE.match(seed[i]) and not NOISE.match(word):
            i += 1
        if i >= len(seed) or seed[i] != word:
            return None
        i += 1
    return i


def find_phrase(seed: list[str], start: int, phrase: list[str], *, strict_gap: bool,
                allowed: set[str] = frozenset()) -> tuple[int, int] | None:
    """First place from start where phrase matches; with strict_gap only noise may be skipped before it."""
    for pos in range(start, len(seed)):
        if seed[pos] == phrase[0]:
            end = match_phrase(seed, pos, phrase)
            if end is not None:
                return pos, end
        if strict_gap and not (NOISE.match(seed[pos]) or seed[pos] in allowed):
            return None
    return None


def match_question(seed: list[str], start: int, question) -> tuple[int, list[str]]:
    """Match the question's title and then every item in order; return the end position and failures."""
    allowed = {w for c in question.columns for w in tokens(c.label)}
    title = tokens(question.title)
    pos = start
    while True:
        found = find_phrase(seed, pos, title, strict_gap=False)
        if found is None:
            return start, [f"title {question.title!r} not found after the previous question"]
        title_start, cursor = found
        failures = []
        for item in question.items:
            strict = question.kind == "checklist" and (question.id, item.id) not in DISPLACED_ROWS
            hit = find_phrase(seed, cursor, tokens(item.label), strict_gap=strict, allowed=allowed)
            if hit is None or (not strict and hit[0] - cursor > 400):
                failures.append(f"item {item.id}: {item.label!r} not found in order in the table")
                break
            cursor = hit[1]
        if not failures:
            return cursor, []
        if not question.items or failures and question.items[0].id in failures[0].split(":")[0]:
            pos = title_start + 1  # the title also occurs in the text: try its next occurrence
            continue
        return start, failures


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
    text = SEED.read_text(encoding="utf-8")
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
    from dataclasses import replace
    dropped = replace(question, items=question.items[:1] + question.items[2:])
    assert match_question(seed, 0, dropped)[1]
    changed = replace(question, items=(replace(question.items[0], label=question.items[0].label + " extra"),)
                      + question.items[1:])
    assert match_question(seed, 0, changed)[1]
