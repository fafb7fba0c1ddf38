"""Matching the layout's labels against the text of seed 001 (the published 2022 report, from its PDF)."""

from __future__ import annotations

import re

from tests.support.paths import SEED_001

# What may stand between the rows of a printed table: counts, lists of numbers, dashes, headers.
NOISE = re.compile(r"^(?:[\d,().:;\-–/*]+|\(?[Nn]=9\)?|Gemeenten|Aantal|Nrs\.?|nrs\.?|Nr\.?)$")

# Rows the PDF extraction moved away from their table; the comparison allows a gap before them.
DISPLACED_ROWS = {
    ("voorzorg_ingrijpende_gebeurtenis", "onbekend"): "a page break put 'Onbekend 0 0' after the 3.2 text",
}


def tokens(text: str) -> list[str]:
    # A hyphen followed by a line break or space is PDF hyphenation (or the author's "GGZ- instelling"):
    # compare both sides with it closed up.
    return re.sub(r"(?<=\w)-\s+", "-", text).split()


def seed_text() -> str:
    return SEED_001.read_text(encoding="utf-8")


def part_two_tokens() -> list[str]:
    lines = seed_text().splitlines()
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
