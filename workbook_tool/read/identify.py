"""Which questionnaire, version and gemeente a return is: from the hidden metadata sheet; without it, from
the Start sheet's defined names; without those, from the sheet titles and the Start sheet's labels."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..contract import (
    CELL_MAP_COLUMNS,
    IDENTITY_ENTRIES,
    META_NAMES,
    META_TITLE,
    METADATA_FORMAT,
    RESPONDENT_FIELDS,
    START_LABELS_SEARCHED,
    START_PERSONAL_FIELDS,
    START_TITLE,
    START_TYPED_FIELDS,
    layout_fingerprint,
    metadata_token,
    respondent_name,
)
from ..errors import Problem
from ..layout.model import Layout
from ..values import as_found, clean_text
from .grid import Grids
from .model import Identity, ReadFailure, problem
from .structure import parse_ref

CellMap = dict[str, tuple[str, str]]  # answer key -> (sheet, cell) as generated


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
        return Identification(by_names, layout_for(by_names, layouts), {}, problems)
    identity, layout = _labels_identity(grids, layouts)
    problems.append(problem("found_by_labels", f"De vragenlijst ({layout.id} versie {layout.version}) is herkend "
                                               "aan de tabbladen en de antwoorden aan de teksten naast de cellen; "
                                               "controleer de antwoorden van dit bestand extra."))
    return Identification(identity, layout, {}, problems)


def _read_metadata(grids: Grids) -> tuple[dict[str, str], CellMap] | None:
    """The metadata sheet's entries and cell map, or None when it is missing or not in the contract's format."""
    title = next((t for t in grids.structure.sheets if t.casefold() == META_TITLE), None)
    if title is None:
        return None
    entries: dict[str, str] = {}
    cell_map: CellMap = {}
    columns = None
    for row in grids.grid(title):
        if not row or row[0] in ("", None):
            continue
        if columns is None:
            if row[0] == CELL_MAP_COLUMNS[0]:
                header = [as_found(v) for v in row]
                if not {"key", "sheet", "cell"} <= set(header):
                    break
                columns = key_col, sheet_col, cell_col = (header.index("key"), header.index("sheet"),
                                                          header.index("cell"))
                last = max(columns)
            else:
                entries[as_found(row[0])] = as_found(row[1]) if len(row) > 1 else ""
        elif len(row) > last:
            key, sheet, cell = row[key_col], row[sheet_col], row[cell_col]
            if isinstance(key, str) and isinstance(sheet, str) and isinstance(cell, str):
                cell_map[key] = (sheet, cell)
    if entries.get("format") != METADATA_FORMAT:
        return None
    return entries, cell_map


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
