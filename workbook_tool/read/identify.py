"""Which questionnaire, version and gemeente a return is: from the hidden metadata sheet; without it, from
the Start sheet's defined names; without those, from the sheet titles and the Start sheet's labels."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..contract import (
    ANSWER_NAME_PREFIX,
    CELL_MAP_COLUMNS,
    CELLS_TITLE,
    IDENTITY_ENTRIES,
    META_NAMES,
    META_TITLE,
    METADATA_FORMAT,
    METADATA_FORMATS,
    RESPONDENT_FIELDS,
    START_LABELS_SEARCHED,
    START_PERSONAL_FIELDS,
    START_TITLE,
    START_TYPED_FIELDS,
    layout_fingerprint,
    metadata_token,
    names_digest,
    respondent_name,
)
from ..errors import Problem
from ..layout.model import Layout
from ..values import as_found, clean_text
from .grid import Grids
from .model import Identity, ReadFailure, problem
from .structure import parse_ref


@dataclass
class Identification:
    identity: Identity
    layout: Layout
    cell_map: CellMap  # empty unless the metadata sheet was read
    problems: list[Problem] = field(default_factory=list)


def identify(grids: Grids, layouts: list[Layout]) -> Identification:
    """Identity, layout and the generated cell map of a return; raises ReadFailure when it is no scan
    workbook or one of an unknown questionnaire version."""
    metadata = _read_metadata(grids)
    problems: list[Problem] = []
    if metadata is not None:
        entries, cell_map = metadata
        identity = Identity(**{k: entries.get(k, "") for k in IDENTITY_ENTRIES}, method="metadata")
        problems += _token_problems(identity, entries.get("token", ""))
        if identity.gemeente:
            problems += _start_sheet_problems(grids, identity)
        else:
            identity = _typed_on_start(grids, identity)
        layout = layout_for(identity, layouts)
        problems += _fingerprint_problems(layout, entries.get("layout_hash", ""), cell_map)
        return Identification(identity, layout, cell_map, problems)
    problems.append(problem("metadata_missing", "Het verborgen blad 'metadata' ontbreekt of is beschadigd; de "
                                                "vragenlijst en gemeente zijn bepaald via de namen of de teksten "
                                                "van het werkboek."))
    by_names = _names_identity(grids)
    if by_names.layout_id:
        return Identification(by_names, layout_for(by_names, layouts), CellMap({}), problems)
    identity, layout = _labels_identity(grids, layouts)
    problems.append(problem("found_by_labels", f"De vragenlijst ({layout.id} versie {layout.version}) is herkend "
                                               "aan de tabbladen en de antwoorden aan de teksten naast de cellen; "
                                               "controleer de antwoorden van dit bestand extra."))
    return Identification(identity, layout, CellMap({}), problems)


def _read_metadata(grids: Grids) -> tuple[dict[str, str], CellMap] | None:
    """The metadata sheet's entries and the cell map, or None when it is missing or in no format the contract
    knows. Format 2's map stands on a sheet of its own and is read only when asked (see CellMap)."""
    title = _sheet_titled(grids, META_TITLE)
    if title is None:
        return None
    entries, old_map = _metadata_rows(grids.grid(title))
    if entries.get("format") not in METADATA_FORMATS:
        return None
    if entries.get("format") != METADATA_FORMAT:
        return entries, CellMap(old_map)
    return entries, CellMap(load=lambda: _map_sheet(grids), names_unchanged=_names_unchanged(grids, entries))


def _sheet_titled(grids: Grids, wanted: str) -> str | None:
    return next((t for t in grids.structure.sheets if t.casefold() == wanted), None)


def _metadata_rows(rows: list[list[Any]]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(key, value) entries, and the map of answer cells where one follows them (format 1)."""
    entries: dict[str, str] = {}
    for index, row in enumerate(rows):
        if not row or row[0] in ("", None):
            continue
        if row[0] == CELL_MAP_COLUMNS[0]:
            return entries, _map_rows(rows[index:])
        entries[as_found(row[0])] = as_found(row[1]) if len(row) > 1 else ""
    return entries, {}


def _map_rows(rows: list[list[Any]]) -> dict[str, tuple[str, str]]:
    """A header row of CELL_MAP_COLUMNS, then one row per answer cell -> answer key -> (sheet, cell)."""
    cell_map: dict[str, tuple[str, str]] = {}
    header = [as_found(v) for v in rows[0]] if rows else []
    if not {"key", "sheet", "cell"} <= set(header):
        return cell_map
    key_col, sheet_col, cell_col = header.index("key"), header.index("sheet"), header.index("cell")
    last = max(key_col, sheet_col, cell_col)
    for row in rows[1:]:
        if len(row) > last:
            key, sheet, cell = row[key_col], row[sheet_col], row[cell_col]
            if isinstance(key, str) and isinstance(sheet, str) and isinstance(cell, str) and key:
                cell_map[key] = (sheet, cell)
    return cell_map


def _map_sheet(grids: Grids) -> dict[str, tuple[str, str]]:
    title = _sheet_titled(grids, CELLS_TITLE)
    rows = [row for row in grids.grid(title) if row and row[0] not in ("", None)] if title else []
    return _map_rows(rows)


def _names_unchanged(grids: Grids, entries: dict[str, str]) -> bool:
    """The defined names of the answer cells point exactly where generate put them (contract.names_digest)."""
    written = entries.get("names_hash", "")
    if not written:
        return False
    names = tuple((name, ref) for name, ref in grids.structure.names.items() if name.startswith(ANSWER_NAME_PREFIX))
    return _digest_of_names(names) == written


@functools.lru_cache(maxsize=64)
def _digest_of_names(names: tuple[tuple[str, str], ...]) -> str:
    """names_digest of the answer names as found (name, reference): the returns of a round share them."""
    return names_digest((name, *(parse_ref(ref) or ("?", ref))) for name, ref in names)


class CellMap:
    """Answer key -> (sheet, cell) where generate put it, read from the workbook the first time it is asked.

    names_unchanged: the answer cells' defined names are exactly as generated (their digest matches the one
    written into the metadata), so the map would only repeat them: the reader uses the names and never reads
    the map, which is most of the time a return takes to read."""

    def __init__(self, cells: dict[str, tuple[str, str]] | None = None, *,
                 load: Callable[[], dict[str, tuple[str, str]]] | None = None, names_unchanged: bool = False):
        self._cells = cells
        self._load = load
        self.names_unchanged = names_unchanged

    @property
    def cells(self) -> dict[str, tuple[str, str]]:
        if self._cells is None:
            self._cells = self._load() if self._load else {}
        return self._cells

    def get(self, key: str) -> tuple[str, str] | None:
        return self.cells.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self.cells

    def __iter__(self) -> Iterator[str]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)


def _fingerprint_problems(layout: Layout, written: str, cell_map: CellMap) -> list[Problem]:
    """The layout's fingerprint written into the workbook against the layout loaded now: a layout edited
    without a new version would silently drop the answers to items it no longer has."""
    if not written or written == layout_fingerprint(layout):
        return []
    keys = {f.key for f in layout.answer_fields()}
    gone = [k for k in cell_map if k not in keys]
    new = [k for k in keys if k not in cell_map] if cell_map else []
    parts = []
    if gone:
        parts.append(f"{len(gone)} antwoordcellen van het werkboek kent de vragenlijst niet meer, hun antwoorden "
                     f"worden niet gelezen ({_listed(gone)})")
    if new:
        parts.append(f"{len(new)} onderdelen van de vragenlijst ontbreken in het werkboek ({_listed(sorted(new))})")
    if not parts:
        parts.append("dezelfde antwoordcellen, maar andere keuzelijsten, typen of tabbladen")
    return [problem("layout_changed", f"Het werkboek is gemaakt met een andere indeling van {layout.id} versie "
                                      f"{layout.version} dan de huidige (vingerafdruk {written}, nu "
                                      f"{layout_fingerprint(layout)}): {'; '.join(parts)}. Geef een gewijzigde "
                                      "vragenlijst een nieuwe versie.", sheet=META_TITLE,
                    value_found=written, expected=layout_fingerprint(layout))]


def _listed(keys: list[str], limit: int = 10) -> str:
    more = f" en {len(keys) - limit} meer" if len(keys) > limit else ""
    return ", ".join(keys[:limit]) + more


def _token_problems(identity: Identity, token: str) -> list[Problem]:
    expected = metadata_token(identity.layout_id, identity.layout_version, identity.gemeente, identity.regio,
                              identity.ronde, identity.gemeente_nr)
    if token == expected:
        return []
    return [problem("metadata_changed", "De verborgen gegevens (gemeente, regio, ronde of versie) zijn na het maken "
                                        "van het werkboek gewijzigd. Controleer van welke gemeente dit bestand is.",
                    sheet=META_TITLE)]


def _name_value(grids: Grids, name: str) -> Any:
    ref = grids.structure.names.get(name.casefold())
    place = parse_ref(ref) if ref else None
    if place is None or not grids.has_sheet(place[0]):
        return None
    return grids.value_at(*place)


def _start_sheet_problems(grids: Grids, identity: Identity) -> list[Problem]:
    """The Start sheet shows the same gemeente; a different one there means someone changed it."""
    shown = _name_value(grids, META_NAMES["gemeente"])
    if shown is None or not identity.gemeente or clean_text(as_found(shown)) == clean_text(identity.gemeente):
        return []
    return [problem("metadata_changed", f"Op het blad Start staat gemeente '{as_found(shown)}', in de verborgen "
                                        f"gegevens '{identity.gemeente}'. De verborgen gegevens zijn gebruikt.",
                    sheet=START_TITLE, value_found=as_found(shown), expected=identity.gemeente)]


def read_respondent(grids: Grids) -> dict[str, str]:
    """The "Ingevuld door" fields of the Start sheet (naam, functie, e-mail, datum) by their names, as found;
    empty where a field is blank or its name is gone."""
    return {field_id: clean_text(as_found(_name_value(grids, respondent_name(field_id))))
            for field_id, _label, _type in RESPONDENT_FIELDS}


def _typed_on_start(grids: Grids, identity: Identity) -> Identity:
    """A blank workbook (generated without a list) leaves gemeente, regio and ronde to the gemeente: they are
    read from the Start sheet's cells, each only where the metadata has none."""
    typed = {key: clean_text(as_found(_name_value(grids, META_NAMES[key]))) for key in START_TYPED_FIELDS}
    return replace(identity, **{key: value for key, value in typed.items() if value and not getattr(identity, key)})


def _names_identity(grids: Grids) -> Identity:
    values = {key: as_found(_name_value(grids, name)) for key, name in META_NAMES.items()}
    return Identity(layout_id=values.get("layout_id", ""), layout_version=values.get("layout_version", ""),
                    gemeente=values.get("gemeente", ""), gemeente_nr=values.get("gemeente_nr", ""),
                    regio=values.get("regio", ""), ronde=values.get("ronde", ""), method="names")


def _labels_identity(grids: Grids, layouts: list[Layout]) -> tuple[Identity, Layout]:
    """The layout with the most sheet titles in the workbook; gemeente, regio, ronde by their Start labels."""
    best, best_hits = None, 0
    for layout in layouts:
        hits = sum(1 for sheet in layout.sheets if grids.has_sheet(sheet.title))
        if hits > best_hits:
            best, best_hits = layout, hits
    if best is None:
        raise ReadFailure("not_a_scan", "Dit werkboek is geen scanwerkboek: er is geen verborgen blad 'metadata' "
                                        "en geen enkel tabblad van de vragenlijst. Is het verkeerde bestand "
                                        "meegestuurd?")
    found: dict[str, str] = {}
    if grids.has_sheet(START_TITLE):
        keys = dict(START_PERSONAL_FIELDS)
        for row in grids.grid(START_TITLE)[:START_LABELS_SEARCHED]:
            label = as_found(row[0]) if row else ""
            if label in keys:
                found[keys[label]] = as_found(row[1]) if len(row) > 1 else ""
    identity = Identity(layout_id=best.id, layout_version=best.version, method="labels", **found)
    return identity, best


def layout_for(identity: Identity, layouts: list[Layout]) -> Layout:
    for layout in layouts:
        if layout.id == identity.layout_id and layout.version == identity.layout_version:
            return layout
    known = ", ".join(f"{lay.id} {lay.version}" for lay in layouts) or "geen"
    same_id = [lay.version for lay in layouts if lay.id == identity.layout_id]
    if same_id:
        message = (f"Dit werkboek is gemaakt met versie {identity.layout_version} van {identity.layout_id}; "
                   f"bekend is versie {', '.join(same_id)}. Stuur de gemeente het werkboek van de huidige versie "
                   "of voeg de layout van deze versie toe.")
    else:
        message = (f"Dit werkboek hoort bij vragenlijst '{identity.layout_id}' versie {identity.layout_version}, "
                   f"die hier niet bekend is (bekend: {known}).")
    raise ReadFailure("unknown_layout", message)
