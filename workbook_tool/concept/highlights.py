"""Which items of a section the concept report names as krachten and kansen, and which kansen are a
snellere slag or need a langere adem. Pure functions of the counts; docs/concept.md explains the rule and
what it is based on (how seed 001, the published report, reads next to its tables).

The rule is relative to the section, as the report reads: a kracht is what the majority has and is close to
the best-covered item of its section; a kans is what about half or fewer have and ranks below every kracht
of the section. It is a draft for the researcher, who adds, moves and rewrites.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..consolidate import Consolidation, Table, counted_checklist_cells
from ..layout.model import Column, Item, Section, Sheet


@dataclass(frozen=True)
class HighlightRule:
    """The parameters of the krachten/kansen rule and the pace rule, as shares of a table's N."""

    kracht_share: float = 0.5  # a kracht: more than this share has it ("de meerderheid")
    kracht_band: float = 0.34  # ... and at most this share below the best item of its section (3 of 9)
    kans_share: float = 0.56  # a kans: at most this share has it (5 of 9) and fewer than every kracht
    adem_share: float = 0.15  # a kans that at most this share has (1 of 9) needs a langere adem
    per_pillar: int = 3  # snellere slagen and langere adem named per pillar, as the report names a few


@dataclass(frozen=True)
class Candidate:
    """One "Aantal" of a checklist: an item (in one column of a multi-column checklist) and its count."""

    table: Table
    item: Item
    column: Column
    column_index: int
    count: int
    n: int

    @property
    def share(self) -> float:
        return self.count / self.n

    @property
    def nrs(self) -> list[int]:
        return next(r for r in self.table.rows if r.item is self.item).cells[self.column_index].nrs


@dataclass
class SectionHighlights:
    krachten: list[Candidate]
    kansen: list[Candidate]


def candidates(tables: Sequence[Table]) -> list[Candidate]:
    """The items a kracht or kans can be: the checklist items that are not Anders/Geen/Onbekend."""
    return [Candidate(table, row.item, column, index, cell.count, table.n)
            for table, row, index, column, cell in counted_checklist_cells(t for t in tables if t.n)]


def select(section: Sequence[Candidate], rule: HighlightRule = HighlightRule()) -> SectionHighlights:
    """The krachten (most first) and kansen (fewest first) among one section's candidates."""
    if not section:
        return SectionHighlights([], [])
    best = max(c.share for c in section)
    krachten = [c for c in section if c.share > rule.kracht_share and c.share >= best - rule.kracht_band - 1e-9]
    # Every kracht outranks every kans, as in the published report: a kans is below the section's krachten.
    floor = min((c.share for c in krachten), default=2.0)
    kansen = [c for c in section if c.share <= rule.kans_share and c.share < floor]
    return SectionHighlights(sorted(krachten, key=lambda c: -c.share), sorted(kansen, key=lambda c: c.share))


def by_section(result: Consolidation,
               rule: HighlightRule = HighlightRule()) -> list[tuple[Sheet, Section, SectionHighlights]]:
    """(sheet, section, highlights) for every section of the layout that has checklist items, in layout order."""
    found = candidates(result.tables)
    out = []
    for sheet in result.layout.sheets:
        for section in sheet.sections:
            mine = [c for c in found if c.table.section is section]
            if mine:
                out.append((sheet, section, select(mine, rule)))
    return out


def pace(kansen: Sequence[Candidate], levels_of: dict[str, Sequence[str] | None],
         rule: HighlightRule = HighlightRule()) -> tuple[list[Candidate], list[Candidate]]:
    """A pillar's snellere slagen (the kansen most gemeenten already have first) and langere adem (the fewest
    first), at most rule.per_pillar of each. levels_of: section id -> its interventions' levels (None: no
    catalogue)."""
    slow = [k for k in kansen if langere_adem(k, levels_of.get(k.table.section.id), rule)]
    fast = [k for k in kansen if k not in slow]
    return (sorted(fast, key=lambda k: -k.share)[: rule.per_pillar],
            sorted(slow, key=lambda k: k.share)[: rule.per_pillar])


def is_erkend(level: str) -> bool:
    return level.startswith("erkend")


def langere_adem(kans: Candidate, levels: Sequence[str] | None, rule: HighlightRule = HighlightRule()) -> bool:
    """A kans needs a langere adem when almost no gemeente has it (nothing in the region to build on), or,
    with a catalogue, when the catalogue has no erkend intervention for its section (nothing proven to copy).
    Otherwise it is a snellere slag: some gemeenten already do it and, with a catalogue, an erkend
    intervention shows how. levels: the levels of the section's interventions, None without a catalogue."""
    if kans.share <= rule.adem_share:
        return True
    return levels is not None and not any(is_erkend(level) for level in levels)
