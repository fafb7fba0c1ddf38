"""When the report takes its national form, and what its national sheets share: the regio's of the round.

The rule: a report of more than NATIONAL_ABOVE gemeenten is a landelijke rapportage. A region has 5 to 30
gemeenten, so 40 leaves room for a large region with some gemeenten from outside it, while every national
round (342 gemeenten in 25 regio's) is well above it. The regional form, with every gemeente's number in
the tables (Nrs.), every plan text and one column per gemeente on one sheet, is readable for a region but
breaks Excel's limits for a country (rows over 409 points, cells over 32,767 characters, sheets hundreds of
columns wide); the national form is compact by design:

- Tabellen: per question Aantal and % (of the N that answered) in total and per regio, in groups of regio's
  that fit a landscape page; no Nrs. (which gemeente answered what is on the Per gemeente sheet).
- Per gemeente: the gemeenten grouped by regio, each regio on its own pages with the labels repeated, rows
  of a fixed height measured from the labels only. Up to PER_GEMEENTE_UP_TO gemeenten (every gemeente of
  the country); beyond that every answer of every gemeente is tens of thousands of pages and more memory
  than the report may take, and the sheet is left out: the answers are in collect's export and in each
  gemeente's terugkoppeling, and the report says so where it would point to the sheet.
- Regio's: left out; Tabellen holds the counts per regio.
- Implementatieplan: per ankerpunt how many gemeenten work on it and with which priority, in total and per
  regio; each gemeente's own plan is in its terugkoppeling (`workbook-tool feedback`) and its own return.

The regional form (NATIONAL_ABOVE gemeenten or fewer) is unchanged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..consolidate import Consolidation

NATIONAL_ABOVE = 40  # gemeenten; more than this makes a landelijke rapportage
PER_GEMEENTE_UP_TO = 400  # gemeenten; the Netherlands has 342
NO_REGIO = "Zonder regio"  # the regio of a gemeente whose return names none


def is_national(result: Consolidation) -> bool:
    return result.n > NATIONAL_ABOVE


def has_per_gemeente(result: Consolidation) -> bool:
    return result.n <= PER_GEMEENTE_UP_TO


def where_answers(result: Consolidation) -> str:
    """Where a reader finds which gemeente gave which answer, completing 'staat …' / 'staan …'."""
    if has_per_gemeente(result):
        return "op het tabblad Per gemeente"
    return ("in de export van de antwoorden (workbook-tool collect --export) en in de terugkoppeling van elke "
            "gemeente (workbook-tool feedback)")


@dataclass(frozen=True)
class Regions:
    """The regio's of the round in name order, and the regio of every gemeente (by report number)."""

    names: list[str]
    of: dict[int, str]
    sizes: dict[str, int]  # regio -> its gemeenten in the report

    def size(self, regio: str) -> int:
        return self.sizes[regio]


def round_regions(result: Consolidation) -> Regions:
    """The regio's of the report's gemeenten, a gemeente without one under NO_REGIO."""
    of = {g.nummer: g.regio or NO_REGIO for g in result.gemeenten}
    return Regions(sorted(set(of.values())), of, dict(Counter(of.values())))


def groups(names: list[str], per_group: int) -> list[list[str]]:
    """names in consecutive groups of at most per_group, as equal in size as possible (7, 6, 6, 6 rather
    than 7, 7, 7, 4), so that no page holds a lonely regio."""
    if not names:
        return []
    count = -(-len(names) // per_group)
    size, extra = divmod(len(names), count)
    out, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        out.append(names[start:end])
        start = end
    return out
