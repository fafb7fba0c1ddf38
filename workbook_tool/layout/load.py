"""Load a layout YAML file into the model, reporting every structural problem with its line number."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from ..errors import LayoutInvalid, LayoutProblem
from .model import KINDS, NAMELIJK, ROLES, SINGLE_COLUMN, TYPES, Column, Item, Layout, Question, Section, Sheet
from .wording import did_you_mean, explain_yaml_error

# No double or trailing underscore: ids are joined with "__" into the workbook's defined names.
ID_RE = re.compile(r"^(?!.*__)(?!.*_$)[a-z][a-z0-9_]{0,39}$")
LAYOUT_ID_RE = re.compile(r"^[a-z][a-z0-9-]{0,59}$")

# Allowed keys per kind of node; a key with `True` is required.
TOP_KEYS = {"id": True, "title": True, "version": True, "description": False, "include": False,
            "choice_lists": False, "sheets": True}
INCLUDED_TOP_KEYS = {**TOP_KEYS, "id": False, "title": False, "version": False}
SHEET_KEYS = {"id": True, "title": True, "intro": False, "sections": True}
SECTION_KEYS = {"id": True, "title": True, "help": False, "questions": True}
QUESTION_KEYS = {"id": True, "title": True, "kind": True, "help": False, "columns": False,
                 "choices": False, "items": True}
FIELD_OPTION_KEYS = {"type": False, "choices": False, "integer": False, "min": False, "max": False,
                     "allow_range": False, "max_length": False}
COLUMN_KEYS = {"id": True, "label": True, "help": False, **FIELD_OPTION_KEYS}
ITEM_KEYS = {"id": True, "label": True, "role": False, "columns": False, "unit": False, "help": False,
             "required": False}
FIELD_ITEM_KEYS = {"id": True, "label": True, "unit": False, "help": False, "required": False, **FIELD_OPTION_KEYS}
REQUIRED_WHEN_KEYS = {"when": True}
HEADING_KEYS = {"heading": True}

DEFAULT_CHECKLIST_CHOICES = "ja_nee"


class LineDict(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that builds LineDicts, so every problem can name its line."""


# libyaml's parser where PyYAML has it: a tenth of the pure-Python parser's time, which every command that
# loads the bundled layouts pays (collect loads three). It gives the same nodes with the same marks; its
# syntax errors are worded differently, so a file it refuses is parsed again by the Python parser, whose
# errors explain_yaml_error knows.
class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """_LineLoader on libyaml."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.duplicate_keys = []
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            mapping.duplicate_keys.append((key, line))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# The first bytes of a file the coordinator may pass by mistake: a workbook instead of its layout.
WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx/.ods (a zip), .xls (OLE)
LAYOUT_EXAMPLE = "workbook_tool/layouts/preventiescanner-2022.yaml"


def read_yaml(path: Path) -> Any:
    """Parse YAML with line numbers; raise LayoutInvalid with the position of a syntax error."""
    text = _read_text(path)
    try:
        return yaml.load(text, Loader=_FastLineLoader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, RecursionError):
        pass  # explained below, in the Python parser's words
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        line, explanation, hint = explain_yaml_error(exc, text)
        problem = LayoutProblem("yaml_syntax", str(path), line, "", explanation, hint)
        raise LayoutInvalid([problem]) from None
    except RecursionError:  # the parser and constructor recurse once per level of nesting
        problem = LayoutProblem("yaml_syntax", str(path), None, "", "de YAML is veel te diep genest voor een "
                                "layout.", "Een layout heeft maar een paar niveaus: 'sheets', 'sections', "
                                "'questions', 'items'.")
        raise LayoutInvalid([problem]) from None


def _read_text(path: Path) -> str:
    """The file as text, or LayoutInvalid saying in Dutch why it is not a text file one can read."""
    def unreadable(message: str, hint: str) -> LayoutInvalid:
        return LayoutInvalid([LayoutProblem("file_not_found", str(path), None, "", message, hint)])

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise unreadable("het bestand bestaat niet.", "Controleer de naam en de map.") from None
    except IsADirectoryError:
        raise unreadable("dit is een map, geen bestand.",
                         f"Geef een layoutbestand op, bijv. {LAYOUT_EXAMPLE}.") from None
    except PermissionError:
        raise unreadable("u hebt geen toegang tot het bestand.", "Is het ergens anders geopend, of van een "
                         "andere gebruiker?") from None
    except OSError as exc:
        raise unreadable(f"het bestand kan niet worden gelezen (foutnummer {exc.errno}).",
                         "Kopieer het naar een gewone map en probeer het opnieuw.") from None
    if data.startswith(WORKBOOK_SIGNATURES):
        raise unreadable("dit is een werkmap (Excel of LibreOffice), geen layout. Een layout is een tekstbestand "
                         "(.yaml) met de vragenlijst.", f"Geef het layoutbestand op, bijv. {LAYOUT_EXAMPLE}.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise unreadable("het bestand is geen tekst in UTF-8: het is een ander soort bestand, of opgeslagen met "
                         "een andere tekenset.", "Een layout is een tekstbestand; sla het op als UTF-8.") from None


class _Builder:
    """Turns parsed YAML into the model, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.file = str(path)
        self.problems: list[LayoutProblem] = []

    # -- reporting -------------------------------------------------------------------------------
    def problem(self, code: str, line: int | None, where: str, message: str, hint: str = "") -> None:
        self.problems.append(LayoutProblem(code, self.file, line, where, message, hint))

    def check_keys(self, node: Any, allowed: dict[str, bool], where: str, what: str) -> bool:
        """Report unknown, duplicate and missing keys; False when the node is not a mapping at all."""
        if not isinstance(node, LineDict):
            self.problem("wrong_type", getattr(node, "line", None), where,
                         f"verwacht regels 'sleutel: waarde' (met "
                         f"{', '.join(k for k, req in allowed.items() if req)}), gevonden: {_describe(node)}.",
                         f"Schrijf {what} als regels 'sleutel: waarde'.")
            return False
        for key, line in node.duplicate_keys:
            self.problem("duplicate_id", line, where, f"de sleutel '{key}' staat twee keer in {what}.",
                         "Haal er één weg.")
        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
                hint = did_you_mean(close[0]) if close else f"Toegestane sleutels: {', '.join(allowed)}."
                self.problem("unknown_key", node.key_lines.get(key, node.line), where,
                             f"onbekende sleutel '{key}' in {what}.", hint)
        for key, required in allowed.items():
            if required and key not in node:
                self.problem("missing_key", node.line, where, f"{what} heeft geen '{key}'.", f"Voeg '{key}: ...' toe.")
        return True

    def text(self, node: LineDict, key: str, where: str, *, required: bool = False) -> str:
        value = node.get(key)
        line = node.key_lines.get(key, node.line)
        if value is None:
            if required and key in node:
                self.problem("empty_label", line, where, f"'{key}' is leeg.", f"Vul de tekst van '{key}' in.")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem("wrong_type", line, where, f"'{key}' moet een tekst zijn, gevonden: {_describe(value)}.",
                         "Zet de tekst tussen aanhalingstekens of schrijf hem op één regel.")
            return ""
        text = str(value).strip()
        if required and not text:
            self.problem("empty_label", line, where, f"'{key}' is leeg.", f"Vul de tekst van '{key}' in.")
        return text

    def ident(self, node: LineDict, where: str, pattern: re.Pattern[str] = ID_RE) -> str:
        value = node.get("id")
        line = node.key_lines.get("id", node.line)
        if value is None:
            return ""
        if not isinstance(value, str) or not pattern.match(value):
            rule = ("kleine letters, cijfers en '-'" if pattern is LAYOUT_ID_RE
                    else "kleine letters, cijfers en losse '_', beginnend met een letter, hoogstens 40 tekens")
            self.problem("bad_id", line, where, f"id {value!r} is niet geldig: gebruik {rule}.",
                         f"Bijvoorbeeld '{_suggest_id(str(value), pattern)}'.")
            return str(value)
        return value

    def sequence(self, node: LineDict, key: str, where: str) -> list[Any]:
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem("wrong_type", node.key_lines.get(key, node.line), where,
                         f"'{key}' moet een lijst zijn (regels '- ...'), gevonden: {_describe(value)}.")
            return []
        return value

    # -- building --------------------------------------------------------------------------------
    def top(self, data: Any, *, included: bool) -> tuple[LineDict | None, dict[str, Any], list[Sheet]]:
        keys = INCLUDED_TOP_KEYS if included else TOP_KEYS
        if not self.check_keys(data, keys, "", "de layout"):
            return None, {}, []
        if "version" in data and not isinstance(data["version"], str) and data["version"] is not None:
            self.problem("wrong_type", data.key_lines["version"], "version",
                         f"version moet een tekst zijn, gevonden: {_describe(data['version'])}.",
                         f"Zet het tussen aanhalingstekens: version: \"{data['version']}\".")
        choice_lists = self.choice_lists(data.get("choice_lists"), data)
        sheets = [self.sheet(node) for node in self.sequence(data, "sheets", "sheets")]
        return data, choice_lists, [s for s in sheets if s is not None]

    def choice_lists(self, node: Any, parent: LineDict) -> dict[str, Any]:
        if node is None:
            return {}
        if not isinstance(node, LineDict):
            self.problem("wrong_type", parent.key_lines.get("choice_lists"), "choice_lists",
                         f"verwacht per keuzelijst een regel 'id: [keuzes]', gevonden: {_describe(node)}.")
            return {}
        result: dict[str, Any] = {}
        for list_id, choices in node.items():
            where = f"keuzelijst {list_id}"
            line = node.key_lines.get(list_id, node.line)
            if not isinstance(list_id, str) or not ID_RE.match(list_id):
                self.problem("bad_id", line, where, f"de id {list_id!r} van de keuzelijst is niet geldig.",
                             "Gebruik kleine letters, cijfers en '_'.")
            if isinstance(choices, LineDict):
                if self.check_keys(choices, {"from_sections": True}, where, "de keuzelijst"):
                    result[list_id] = ("from_sections", choices.get("from_sections"), line)
                continue
            if not isinstance(choices, list) or not choices:
                self.problem("wrong_type", line, where, "een keuzelijst moet een lijst met minstens één tekst zijn.",
                             "Schrijf bijv. [Ja, Nee].")
                continue
            seen: dict[str, str] = {}
            values = []
            for choice in choices:
                if isinstance(choice, bool) or not isinstance(choice, (str, int, float)) or not str(choice).strip():
                    self.problem("empty_label", line, where, f"keuze {_as_written(choice)} is geen tekst.",
                                 "Zet keuzes als 'Ja' en 'Nee' tussen aanhalingstekens (YAML leest kale yes/no "
                                 "als true/false).")
                    continue
                text = str(choice).strip()
                folded = text.casefold()
                if folded in seen:
                    self.problem("duplicate_id", line, where, f"keuze '{text}' staat er twee keer in.",
                                 "Keuzes moeten ook verschillen als u hoofd- en kleine letters gelijk "
                                 "neemt.")
                seen[folded] = text
                values.append(text)
            result[list_id] = tuple(values)
        return result

    def sheet(self, node: Any) -> Sheet | None:
        where = f"tabblad {getattr(node, 'get', lambda k: None)('id') or '?'}"
        if not self.check_keys(node, SHEET_KEYS, where, "het tabblad"):
            return None
        sections = [self.section(n, node.get("id")) for n in self.sequence(node, "sections", where)]
        return Sheet(id=self.ident(node, where), title=self.text(node, "title", where, required=True),
                     intro=self.text(node, "intro", where), sections=tuple(s for s in sections if s),
                     line=node.line, title_line=node.key_lines.get("title", node.line))

    def section(self, node: Any, sheet_id: str | None) -> Section | None:
        where = f"onderdeel {sheet_id}/{node.get('id') if isinstance(node, dict) else '?'}"
        if not self.check_keys(node, SECTION_KEYS, where, "het onderdeel"):
            return None
        questions = [self.question(n) for n in self.sequence(node, "questions", where)]
        return Section(id=self.ident(node, where), title=self.text(node, "title", where, required=True),
                       help=self.text(node, "help", where), questions=tuple(q for q in questions if q),
                       line=node.line)

    def question(self, node: Any) -> Question | None:
        where = f"vraag {node.get('id') if isinstance(node, dict) else '?'}"
        if not self.check_keys(node, QUESTION_KEYS, where, "de vraag"):
            return None
        kind = node.get("kind")
        if kind not in KINDS:
            self.problem("bad_value", node.key_lines.get("kind", node.line), where,
                         f"kind {kind!r} is niet een van {', '.join(KINDS)}.", _nearest(kind, KINDS))
            kind = "checklist"
        columns = self.question_columns(node, kind, where)
        items = self.items(node, kind, columns, where)
        return Question(id=self.ident(node, where), title=self.text(node, "title", where, required=True),
                        kind=kind, help=self.text(node, "help", where), columns=tuple(columns),
                        items=tuple(items), line=node.line)

    def question_columns(self, node: LineDict, kind: str, where: str) -> list[Column]:
        if kind == "fields":
            if "columns" in node or "choices" in node:
                self.problem("unknown_key", node.key_lines.get("columns", node.key_lines.get("choices")), where,
                             "een vraag met kind 'fields' heeft geen gedeelde 'columns'; "
                             "geef elk item zijn eigen 'type'.")
            return []
        if "columns" in node and "choices" in node:
            self.problem("bad_value", node.key_lines["choices"], where,
                         "geef 'choices' (één antwoordkolom) of 'columns', niet allebei.")
        if "columns" not in node:
            if kind == "table":
                self.problem("missing_key", node.line, where, "een vraag met kind 'table' heeft 'columns' nodig.",
                             "Voeg een lijst kolommen toe, elk met id, label en type.")
                return []
            choices = node.get("choices", DEFAULT_CHECKLIST_CHOICES)
            return [Column(id=SINGLE_COLUMN, label="Antwoord", type="choice", choices=choices,
                           line=node.key_lines.get("choices", node.line))]
        columns = []
        for col in self.sequence(node, "columns", where):
            column = self.field(col, COLUMN_KEYS, f"{where}, kolom",
                                default_type="choice" if kind == "checklist" else None)
            if column is not None:
                if kind == "checklist" and column.type != "choice":
                    self.problem("bad_value", column.line, where,
                                 f"kolom '{column.id}' van een checklist moet type choice hebben.",
                                 "Gebruik kind: table voor kolommen met tekst, getallen of datums.")
                columns.append(column)
        if not columns:
            self.problem("missing_key", node.key_lines.get("columns", node.line), where, "'columns' is leeg.")
        return columns

    def field(self, node: Any, keys: dict[str, bool], where: str, *, default_type: str | None,
              what: str = "de kolom") -> Column | None:
        """A column of a question, or the single answer cell of a 'fields' item."""
        where = f"{where} {node.get('id') if isinstance(node, dict) else '?'}"
        if not self.check_keys(node, keys, where, what):
            return None
        ftype = node.get("type", default_type)
        if ftype is None:
            self.problem("missing_key", node.line, where, "er is geen 'type'.",
                         f"Voeg 'type: ' toe met een van {', '.join(TYPES)}.")
            ftype = "text"
        elif ftype not in TYPES:
            self.problem("bad_value", node.key_lines.get("type", node.line), where,
                         f"type {ftype!r} is niet een van {', '.join(TYPES)}.", _nearest(ftype, TYPES))
            ftype = "text"
        choices = node.get("choices")
        if ftype == "choice" and choices is None:
            self.problem("missing_key", node.line, where,
                         "een antwoord met type choice heeft 'choices: <id van een keuzelijst>' nodig.",
                         "Noem een van de lijsten onder 'choice_lists'.")
        if ftype != "choice" and choices is not None:
            self.problem("bad_value", node.key_lines["choices"], where,
                         f"'choices' hoort alleen bij type choice, niet bij {ftype}.")
        number_opts = {k: node.get(k) for k in ("integer", "min", "max", "allow_range") if k in node}
        if number_opts and ftype != "number":
            key = next(iter(number_opts))
            self.problem("bad_value", node.key_lines[key], where, f"'{key}' hoort alleen bij type number.")
        for key in ("integer", "allow_range"):
            if key in node and not isinstance(node[key], bool):
                self.problem("wrong_type", node.key_lines[key], where, f"'{key}' moet true of false zijn.")
        for key in ("min", "max", "max_length"):
            if key in node and (isinstance(node[key], bool) or not isinstance(node[key], (int, float))):
                self.problem("wrong_type", node.key_lines[key], where, f"'{key}' moet een getal zijn.")
        return Column(id=self.ident(node, where), label=self.text(node, "label", where, required=True),
                      type=ftype, choices=choices if isinstance(choices, str) else None,
                      integer=node.get("integer") is True, min=_num(node.get("min")), max=_num(node.get("max")),
                      allow_range=node.get("allow_range") is True, max_length=_int(node.get("max_length")),
                      help=self.text(node, "help", where), line=node.line)

    def items(self, node: LineDict, kind: str, columns: list[Column], where: str) -> list[Item]:
        items: list[Item] = []
        heading: str | None = None
        by_id = {c.id: c for c in columns}
        for entry in self.sequence(node, "items", where):
            if isinstance(entry, LineDict) and "heading" in entry:
                if self.check_keys(entry, HEADING_KEYS, where, "de tussenkop"):
                    heading = self.text(entry, "heading", where, required=True)
                continue
            item = (self.field_item(entry, where, heading) if kind == "fields"
                    else self.table_item(entry, where, heading, by_id, kind))
            if item is not None:
                items.append(item)
        if not items and "items" in node:
            self.problem("missing_key", node.key_lines["items"], where, "'items' is leeg.")
        return [self.checked_when(item, items, where) for item in items]

    def checked_when(self, item: Item, items: list[Item], where: str) -> Item:
        """An item asked only when another item is answered must name another item of its question."""
        others = [i.id for i in items if i is not item]
        if item.required_when is None or item.required_when in others:
            return item
        self.problem("unknown_item", item.line, f"{where}, item {item.id}",
                     f"'required: {{when: {item.required_when}}}' noemt geen ander item van deze vraag.",
                     _nearest(item.required_when, others) or f"Items: {', '.join(others)}.")
        return replace(item, required_when=None)

    def required(self, entry: LineDict, where: str, default: bool) -> tuple[bool, str | None]:
        """The item's 'required': true, false, or {when: <item id>} (asked once that item is answered)."""
        value = entry.get("required", default)
        if isinstance(value, bool):
            return value, None
        line = entry.key_lines.get("required", entry.line)
        if isinstance(value, LineDict) and self.check_keys(value, REQUIRED_WHEN_KEYS, where, "'required'"):
            when = value.get("when")
            if isinstance(when, str) and when:
                return False, when
        self.problem("wrong_type", line, where, f"'required' moet true, false of {{when: <id van een item>}} zijn, "
                     f"gevonden: {_describe(value)}.", "Bijvoorbeeld: required: {when: aan_de_slag}")
        return default, None

    def field_item(self, entry: Any, where: str, heading: str | None) -> Item | None:
        column = self.field(entry, FIELD_ITEM_KEYS, f"{where}, item", default_type=None, what="het item")
        if column is None:
            return None
        answer = Column(**{**column.__dict__, "id": SINGLE_COLUMN, "label": "Antwoord"})
        required, when = self.required(entry, f"{where}, item {column.id}", default=False)
        return Item(id=column.id, label=column.label, columns=(answer,), heading=heading,
                    unit=self.text(entry, "unit", where), help=column.help, line=entry.line,
                    required=required, required_when=when)

    def table_item(self, entry: Any, where: str, heading: str | None, by_id: dict[str, Column],
                   kind: str) -> Item | None:
        item_where = f"{where}, item {entry.get('id') if isinstance(entry, dict) else '?'}"
        if not self.check_keys(entry, ITEM_KEYS, item_where, "het item"):
            return None
        role = entry.get("role")
        if role is not None and role not in ROLES:
            self.problem("bad_value", entry.key_lines["role"], item_where,
                         f"role {role!r} is niet een van {', '.join(ROLES)}.", _nearest(role, ROLES))
            role = None
        selected = list(by_id.values())
        if "columns" in entry:
            wanted = entry["columns"]
            if not isinstance(wanted, list) or not wanted:
                self.problem("wrong_type", entry.key_lines["columns"], item_where,
                             "'columns' moet een lijst met minstens één kolom-id zijn.")
            else:
                selected = []
                for col_id in wanted:
                    if col_id in by_id:
                        selected.append(by_id[col_id])
                    else:
                        self.problem("unknown_column", entry.key_lines["columns"], item_where,
                                     f"kolom '{col_id}' bestaat niet in deze vraag.",
                                     _nearest(col_id, list(by_id)) or f"Kolommen: {', '.join(by_id)}.")
        # "Anders", "Geen van bovenstaande" and "Onbekend" are answered when they apply: not required by default.
        required, when = self.required(entry, item_where, default=role is None)
        if role == "anders":
            selected.append(Column(id=NAMELIJK, label="Namelijk", type="text", line=entry.line))
        return Item(id=self.ident(entry, item_where), label=self.text(entry, "label", item_where, required=True),
                    columns=tuple(selected), role=role, heading=heading,
                    unit=self.text(entry, "unit", item_where), help=self.text(entry, "help", item_where),
                    line=entry.line, required=required, required_when=when)


def load_layout(path: str | Path) -> Layout:
    """Load and check a layout file (and the files it includes); raise LayoutInvalid listing every problem."""
    from .checks import check_layout

    path = Path(path)
    builder = _Builder(path)
    data, choice_lists, sheets = builder.top(read_yaml(path), included=False)
    problems = builder.problems
    for include, line in _includes(data, builder):
        inc_path = path.parent / include
        if not inc_path.is_file():
            builder.problem("file_not_found", line, "include",
                            f"het bestand '{include}' uit 'include' bestaat niet.",
                            f"Het wordt gezocht in dezelfde map als {path.name}.")
            continue
        inc_builder = _Builder(inc_path)
        try:
            _, inc_lists, inc_sheets = inc_builder.top(read_yaml(inc_path), included=True)
        except LayoutInvalid as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(inc_builder.problems)
        for list_id, values in inc_lists.items():
            choice_lists.setdefault(list_id, values)
        sheets.extend(inc_sheets)
    if data is None:
        raise LayoutInvalid(problems)
    layout = Layout(id=builder.ident(data, "id", LAYOUT_ID_RE),
                    title=builder.text(data, "title", "title", required=True),
                    version=str(data.get("version") or ""), sheets=tuple(sheets),
                    choice_lists=_resolve_derived_lists(choice_lists, sheets, builder),
                    section_lists={k: v[1] for k, v in choice_lists.items()
                                   if isinstance(v, tuple) and v and v[0] == "from_sections"},
                    description=builder.text(data, "description", "description"), source=str(path))
    problems.extend(check_layout(layout, str(path)))
    if problems:
        raise LayoutInvalid(problems)
    return layout


def _includes(data: LineDict | None, builder: _Builder) -> list[tuple[str, int]]:
    if data is None or "include" not in data:
        return []
    line = data.key_lines["include"]
    includes = data["include"]
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        builder.problem("wrong_type", line, "include", "'include' moet een lijst met bestandsnamen zijn.")
        return []
    return [(name, line) for name in includes]


def _resolve_derived_lists(lists: dict[str, Any], sheets: list[Sheet], builder: _Builder) -> dict[str, tuple[str, ...]]:
    """Choice lists written as {from_sections: sheet} become the titles of that sheet's sections."""
    resolved: dict[str, tuple[str, ...]] = {}
    by_id = {s.id: s for s in sheets}
    for list_id, values in lists.items():
        if isinstance(values, tuple) and values and values[0] == "from_sections":
            _, sheet_id, line = values
            if sheet_id not in by_id:
                builder.problem("unknown_sheet", line, f"keuzelijst {list_id}",
                                f"tabblad '{sheet_id}' bestaat niet.", _nearest(sheet_id, list(by_id)))
                resolved[list_id] = ()
            else:
                resolved[list_id] = tuple(section.title for section in by_id[sheet_id].sections)
        else:
            resolved[list_id] = values
    return resolved


def _describe(value: Any) -> str:
    """What the YAML holds where something else was expected, in the coordinator's words."""
    if isinstance(value, dict):
        return "regels 'sleutel: waarde'"
    if isinstance(value, list):
        return "een lijst"
    if value is None:
        return "niets"
    if isinstance(value, bool):
        return f"de ja/nee-waarde {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"het getal {value}"
    if isinstance(value, str):
        return f"de tekst {value!r}"
    return f"een waarde van het soort {type(value).__name__}"


def _as_written(value: Any) -> str:
    """A value as YAML wrote it (true, not Python's True), so the coordinator finds it in the file."""
    return yaml.safe_dump(value, default_flow_style=True).removesuffix("\n...\n").strip()


def _nearest(value: Any, options: Any) -> str:
    close = difflib.get_close_matches(str(value), [str(o) for o in options], n=1, cutoff=0.5)
    return did_you_mean(close[0]) if close else ""


def _suggest_id(value: str, pattern: re.Pattern[str]) -> str:
    sep = "-" if pattern is LAYOUT_ID_RE else "_"
    cleaned = re.sub(r"[^a-z0-9]+", sep, value.lower()).strip(sep)
    cleaned = re.sub(f"{sep}+", sep, cleaned)
    if not cleaned or not cleaned[0].isalpha():
        cleaned = f"x{sep}{cleaned}"
    return cleaned[:40]


def _num(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
