"""The interventions catalogue of seed 003 (Impuls 2022) as data: per condition of the Preventiescanner what is
available nationally, which interventions there are (with their recognition) and which practice examples.

The catalogue is workbook_tool/layouts/interventies-2022.yaml. Each condition names the sections of the scanner
layout it belongs to, so a report can show, next to a section's answers, what a gemeente could do. The format is
in docs/interventies.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CatalogueInvalid, LayoutInvalid
from .layout import BUNDLED_LAYOUTS, Layout, load_layout
from .layout.load import LineDict, _Builder, _nearest, read_yaml

BUNDLED_CATALOGUE = BUNDLED_LAYOUTS / "interventies-2022.yaml"
# The layout whose sections the bundled catalogue refers to.
DEFAULT_LAYOUT = BUNDLED_LAYOUTS / "preventiescanner-2022.yaml"

# The recognition of an intervention as the seed words it ("erkende, effectieve interventie" and so on);
# "" where the seed gives none (a handreiking, an overview, a kind of housing).
LEVELS = ("erkend, effectief", "erkend, kansrijk", "inspirerend", "")

# Allowed keys per kind of node; a key with `True` is required (as in the layout loader).
TOP_KEYS = {"id": True, "title": True, "source": True, "conditions": True}
CONDITION_KEYS = {"id": True, "pillar": True, "title": True, "sections": True, "available": False,
                  "interventions": False, "examples": False}
AVAILABLE_KEYS = {"title": True, "description": True}
INTERVENTION_KEYS = {"id": True, "name": True, "level": True, "description": True}
# The seed does not name a gemeente for every example (a national project, "veel steden"): gemeente may be absent.
EXAMPLE_KEYS = {"id": True, "name": True, "gemeente": False, "description": True}


@dataclass(frozen=True)
class Intervention:
    id: str
    name: str
    level: str  # one of LEVELS
    description: str


@dataclass(frozen=True)
class Example:
    id: str
    name: str
    gemeente: str  # as the seed words it: "Tilburg", "Breda, Tilburg", "regio Breda"; "" when it names none
    description: str


@dataclass(frozen=True)
class Available:
    title: str
    description: str


@dataclass(frozen=True)
class Condition:
    id: str
    pillar: str
    title: str
    sections: tuple[str, ...]  # ids of the scanner layout's sections this condition belongs to
    available: tuple[Available, ...]
    interventions: tuple[Intervention, ...]
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Catalogue:
    id: str
    title: str
    source: str  # the citation of the seed
    conditions: tuple[Condition, ...]

    def for_section(self, section_id: str) -> list[Condition]:
        """The conditions that belong to a section of the scanner layout, in catalogue order."""
        return [c for c in self.conditions if section_id in c.sections]


def load_catalogue(path: str | Path | None = None, layout: Layout | None = None) -> Catalogue:
    """The bundled catalogue by default; with a layout, every `sections` id is checked against it (without one,
    against the bundled preventiescanner-2022 layout). Raises CatalogueInvalid listing every problem."""
    path = Path(path) if path is not None else BUNDLED_CATALOGUE
    layout = layout if layout is not None else load_layout(DEFAULT_LAYOUT)
    try:
        data = read_yaml(path)
    except LayoutInvalid as exc:  # the file or its YAML: the same problems as for a layout
        raise CatalogueInvalid(exc.problems) from None
    reader = _Reader(path, {s.id for sheet in layout.sheets for s in sheet.sections})
    catalogue = reader.catalogue(data)
    if reader.problems or catalogue is None:
        raise CatalogueInvalid(reader.problems)
    return catalogue


class _Reader(_Builder):
    """Builds the catalogue, collecting every problem; reuses the layout loader's checks of keys, texts and ids
    so both files are worded alike."""

    def __init__(self, path: Path, section_ids: set[str]):
        super().__init__(path)
        self.section_ids = section_ids
        self.seen_ids: dict[str, int] = {}

    def catalogue(self, data: Any) -> Catalogue | None:
        if not self.check_keys(data, TOP_KEYS, "", "de catalogus"):
            return None
        conditions = [self.condition(n) for n in self.sequence(data, "conditions", "conditions")]
        return Catalogue(id=self.text(data, "id", "id", required=True),
                         title=self.text(data, "title", "title", required=True),
                         source=self.text(data, "source", "source", required=True),
                         conditions=tuple(c for c in conditions if c is not None))

    def unique(self, node: LineDict, where: str) -> str:
        """The node's id, reported when another condition or item already has it: the report refers by id."""
        ident = self.ident(node, where)
        line = node.key_lines.get("id", node.line)
        if ident and ident in self.seen_ids:
            self.problem("duplicate_id", line, where, f"id '{ident}' staat ook op regel {self.seen_ids[ident]}.",
                         "Geef elke conditie, interventie en elk praktijkvoorbeeld een eigen id.")
        elif ident:
            self.seen_ids[ident] = line
        return ident

    def condition(self, node: Any) -> Condition | None:
        where = f"conditie {node.get('id') if isinstance(node, dict) else '?'}"
        if not self.check_keys(node, CONDITION_KEYS, where, "de conditie"):
            return None
        return Condition(
            id=self.unique(node, where), pillar=self.text(node, "pillar", where, required=True),
            title=self.text(node, "title", where, required=True), sections=self.sections(node, where),
            available=self.entries(node, "available", where, self.available),
            interventions=self.entries(node, "interventions", where, self.intervention),
            examples=self.entries(node, "examples", where, self.example))

    def sections(self, node: LineDict, where: str) -> tuple[str, ...]:
        line = node.key_lines.get("sections", node.line)
        values = self.sequence(node, "sections", where)
        if not values and "sections" in node:
            self.problem("missing_key", line, where, "'sections' is leeg.",
                         "Noem minstens één onderdeel van de scanner, bijv. [gezondheid].")
        for value in values:
            if value not in self.section_ids:
                self.problem("unknown_section", line, where, f"onderdeel '{value}' bestaat niet in de layout.",
                             _nearest(value, sorted(self.section_ids)) or "Zie 'workbook-tool layout show'.")
        return tuple(str(v) for v in values)

    def entries(self, node: LineDict, key: str, where: str, build) -> tuple:
        built = [build(entry, where) for entry in self.sequence(node, key, where)]
        return tuple(b for b in built if b is not None)

    def available(self, node: Any, where: str) -> Available | None:
        where = f"{where}, landelijk beschikbaar"
        if not self.check_keys(node, AVAILABLE_KEYS, where, "het item"):
            return None
        return Available(title=self.text(node, "title", where, required=True),
                         description=self.text(node, "description", where, required=True))

    def intervention(self, node: Any, where: str) -> Intervention | None:
        where = f"{where}, interventie {node.get('id') if isinstance(node, dict) else '?'}"
        if not self.check_keys(node, INTERVENTION_KEYS, where, "de interventie"):
            return None
        level = node.get("level")
        if "level" in node and level not in LEVELS:  # a missing level is already reported
            self.problem("bad_value", node.key_lines.get("level", node.line), where,
                         f"niveau {level!r} is niet een van {', '.join(repr(v) for v in LEVELS)}.",
                         _nearest(level, LEVELS[:-1]) or "Gebruik \"\" als de bron geen erkenning noemt.")
        return Intervention(id=self.unique(node, where), name=self.text(node, "name", where, required=True),
                            level=level if level in LEVELS else "",
                            description=self.text(node, "description", where, required=True))

    def example(self, node: Any, where: str) -> Example | None:
        where = f"{where}, praktijkvoorbeeld {node.get('id') if isinstance(node, dict) else '?'}"
        if not self.check_keys(node, EXAMPLE_KEYS, where, "het praktijkvoorbeeld"):
            return None
        return Example(id=self.unique(node, where), name=self.text(node, "name", where, required=True),
                       gemeente=self.text(node, "gemeente", where),
                       description=self.text(node, "description", where, required=True))
