"""Two rounds side by side: per item, per gemeente and per regio what changed in the answers "Ja".

A round is a folder of returns (collected here) or an export written by collect (csv, xlsx, parquet). When
the rounds used different questionnaire versions, the earlier round's answers are translated through a
mapping file (vergelijking-*.yaml beside the layouts, format in docs/vergelijken.md): only items that ask
the same thing are compared, the others are listed with the reason why not.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .collect import collect
from .errors import WorkbookToolError
from .fileio import write_atomic
from .gemeenten import Gemeente, naam_key
from .layout import BUNDLED_LAYOUTS, Layout, load_layouts
from .layout.model import SINGLE_COLUMN, AnswerField, answer_key
from .pages import Cell, PageSetup, Row, Sheet, add_formats, fonts
from .xlsxkit import mark_as_output, new_workbook

if TYPE_CHECKING:
    import pandas as pd

MAPPING_FILES = "vergelijking-*.yaml"  # beside the layouts; layout/__init__.py skips them
MAPPING_KEYS = {"id", "van", "naar", "items", "unmapped"}


class CompareError(WorkbookToolError):
    """The rounds cannot be compared (no mapping between their questionnaires, an unreadable export)."""


class MappingInvalid(WorkbookToolError):
    """A mapping file that does not fit its two layouts; the message lists every problem."""


# -- the mapping -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mapping:
    """Which answer field of the earlier questionnaire asks the same as one of the later (keys: answer_key)."""

    id: str
    van: str  # layout id of the earlier round
    naar: str  # layout id of the later round
    items: dict[str, str]  # earlier field key -> later field key
    unmapped: dict[str, str]  # earlier field key -> why it is not compared (Dutch)


def counted_fields(layout: Layout) -> list[AnswerField]:
    """The fields a comparison counts: checklist answers with a positive choice (Ja), no anders/geen/onbekend."""
    return [f for f in layout.answer_fields() if f.question.kind == "checklist" and f.item.role is None
            and layout.positive_choice(f.column) is not None]


def load_mapping(path: str | Path, earlier: Layout, later: Layout) -> Mapping:
    """Read and check a mapping file against its two layouts; every problem is reported at once."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MappingInvalid(f"{path}: geen geldige YAML ({exc}).") from None
    if not isinstance(data, dict):
        raise MappingInvalid(f"{path}: verwacht de sleutels {', '.join(sorted(MAPPING_KEYS))}.")
    problems = [f"onbekende sleutel '{k}' (toegestaan: {', '.join(sorted(MAPPING_KEYS))})"
                for k in data if k not in MAPPING_KEYS]
    for key, layout in (("van", earlier), ("naar", later)):
        if data.get(key) != layout.id:
            problems.append(f"'{key}' is '{data.get(key)}', verwacht '{layout.id}'")
    items = _resolved(data.get("items") or {}, earlier, later, problems)
    unmapped = {_field_key(earlier, k, problems): str(v or "").strip() for k, v in (data.get("unmapped") or {}).items()}
    problems += [f"'{k}' onder unmapped heeft geen reden" for k, v in unmapped.items() if k and not v]
    problems += [f"'{k}' staat zowel onder items als onder unmapped" for k in items if k in unmapped]
    used = Counter(items.values())
    problems += [f"'{k}' van {later.id} is aan meer dan één item gekoppeld" for k, n in used.items() if n > 1]
    problems += [f"'{f.key}' ({f.item.label}) ontbreekt: koppel het onder items of noem het onder unmapped met "
                 "een reden" for f in counted_fields(earlier) if f.key not in items and f.key not in unmapped]
    if problems:
        raise MappingInvalid(f"{path}: de koppeling klopt niet:\n- " + "\n- ".join(problems))
    return Mapping(str(data.get("id", path.stem)), earlier.id, later.id, items,
                   {k: v for k, v in unmapped.items() if k})


def _resolved(items: dict, earlier: Layout, later: Layout, problems: list[str]) -> dict[str, str]:
    pairs = {_field_key(earlier, k, problems): _field_key(later, v, problems) for k, v in items.items()}
    return {k: v for k, v in pairs.items() if k and v}


def _field_key(layout: Layout, text: object, problems: list[str]) -> str:
    """'vraag.item' or 'vraag.item.kolom' as the answer_key of a counted field of layout ('' and a problem
    if there is none); a single-column item needs no column."""
    parts = str(text).split(".")
    if len(parts) == 2:
        parts.append(SINGLE_COLUMN)
    counted = {f.key for f in counted_fields(layout)}
    key = answer_key(*parts) if len(parts) == 3 else ""
    if key not in counted:
        problems.append(f"'{text}' is geen Ja/Nee-item van {layout.id} (schrijf vraag.item of vraag.item.kolom)")
        return ""
    return key


def bundled_mapping(earlier: Layout, later: Layout, folder: Path = BUNDLED_LAYOUTS) -> Mapping:
    """The mapping file in folder that leads from earlier's questionnaire to later's."""
    for path in sorted(folder.glob(MAPPING_FILES)):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("van") == earlier.id and data.get("naar") == later.id:
            return load_mapping(path, earlier, later)
    raise CompareError(f"Geen koppeling van vragenlijst '{earlier.id}' naar '{later.id}' gevonden "
                       f"({folder}/{MAPPING_FILES}); zonder koppeling zijn deze ronden niet te vergelijken.")


# -- reading a round -------------------------------------------------------------------------------


def read_answers(source: str | Path, layouts: list[Layout], gemeenten: Iterable[Gemeente] | None = None
                 ) -> pd.DataFrame:
    """The answers of a round in the export's long format: collected from a folder, or read from an export."""
    source = Path(source)
    if source.is_dir():
        return collect(source, layouts, gemeenten).answers_frame()
    import pandas as pd  # only for reading an export: collect and consolidate never load pandas

    suffix = source.suffix.lower()
    if not source.is_file():
        raise CompareError(f"{source}: bestaat niet; geef een map met retouren of een export (.csv, .xlsx, .parquet).")
    if suffix == ".csv":
        return pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if suffix == ".xlsx":
        return pd.read_excel(source, sheet_name="antwoorden", dtype=str, engine="openpyxl").fillna("")
    if suffix == ".parquet":
        return pd.read_parquet(source).astype(str)
    raise CompareError(f"{source}: onbekend formaat; geef een map met retouren of een export (.csv, .xlsx, .parquet).")


@dataclass
class RoundAnswers:
    """One round as the comparison needs it: its questionnaire, its gemeenten and where they answered Ja."""

    source: str
    layout: Layout
    gemeenten: dict[str, tuple[str, str]]  # naam_key -> (name, regio)
    yes: set[tuple[str, str]]  # (naam_key, field key) answered with the column's positive choice

    @property
    def n(self) -> int:
        return len(self.gemeenten)


def round_answers(frame: pd.DataFrame, layouts: list[Layout], source: str) -> RoundAnswers:
    """The round in frame: one questionnaire (the one of most answers), its gemeenten and their Ja's."""
    if frame.empty:
        raise CompareError(f"{source}: geen antwoorden gevonden.")
    layout_id = frame["layout_id"].value_counts().index[0]
    layout = next((lay for lay in layouts if lay.id == layout_id), None)
    if layout is None:
        raise CompareError(f"{source}: vragenlijst '{layout_id}' is onbekend.")
    frame = frame[frame["layout_id"] == layout_id]
    positive = {f.key: layout.positive_choice(f.column) for f in counted_fields(layout)}
    gemeenten = {naam_key(g): (g, str(r)) for g, r in zip(frame["gemeente"], frame["regio"], strict=True)}
    keys = [answer_key(q, i, c) for q, i, c in zip(frame["question_id"], frame["item_id"], frame["column"],
                                                  strict=True)]
    yes = {(naam_key(g), k) for g, k, v in zip(frame["gemeente"], keys, frame["value"], strict=True)
           if k in positive and str(v) == positive[k]}
    return RoundAnswers(source, layout, gemeenten, yes)


# -- the comparison --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    field: AnswerField  # of the later questionnaire
    then: int  # gemeenten with Ja in the earlier round
    now: int
    regio: str = ""  # "" for all gemeenten

    @property
    def change(self) -> int:
        return self.now - self.then


@dataclass(frozen=True)
class GemeenteChange:
    gemeente: str
    regio: str
    gained: list[AnswerField]  # Ja now, not Ja then
    lost: list[AnswerField]  # Ja then, not Ja now


@dataclass
class Comparison:
    earlier: RoundAnswers
    later: RoundAnswers
    mapping: Mapping | None
    items: list[ItemChange]
    gemeenten: list[GemeenteChange]
    new: list[tuple[str, str]]  # (name, regio) only in the later round
    dropped: list[tuple[str, str]]  # only in the earlier round
    regions: list[ItemChange] = field(default_factory=list)
    n_regio: dict[str, tuple[int, int]] = field(default_factory=dict)  # regio -> (N then, N now)


def compare(earlier: str | Path, later: str | Path, *, gemeenten: Iterable[Gemeente] | None = None,
            layouts: list[Layout] | None = None) -> Comparison:
    """Compare two rounds, each a folder of returns or an export file."""
    layouts = layouts or load_layouts()
    listed = list(gemeenten) if gemeenten is not None else None
    rounds = [round_answers(read_answers(s, layouts, listed), layouts, str(s)) for s in (earlier, later)]
    return compare_rounds(*rounds)


def compare_rounds(earlier: RoundAnswers, later: RoundAnswers) -> Comparison:
    mapping = None if earlier.layout.id == later.layout.id else bundled_mapping(earlier.layout, later.layout)
    translate = mapping.items if mapping else {f.key: f.key for f in counted_fields(earlier.layout)}
    then_yes = {(g, translate[k]) for g, k in earlier.yes if k in translate}
    fields = [f for f in counted_fields(later.layout) if f.key in set(translate.values())]
    items = [ItemChange(f, _count(then_yes, f.key), _count(later.yes, f.key)) for f in fields]
    both = [g for g in later.gemeenten if g in earlier.gemeenten]
    changes = [GemeenteChange(*later.gemeenten[g],
                              [f for f in fields if (g, f.key) in later.yes and (g, f.key) not in then_yes],
                              [f for f in fields if (g, f.key) in then_yes and (g, f.key) not in later.yes])
               for g in sorted(both, key=lambda g: later.gemeenten[g])]
    new = sorted(later.gemeenten[g] for g in later.gemeenten if g not in earlier.gemeenten)
    dropped = sorted(earlier.gemeenten[g] for g in earlier.gemeenten if g not in later.gemeenten)
    regions, n_regio = _per_regio(earlier, later, then_yes, fields)
    return Comparison(earlier, later, mapping, items, changes, new, dropped, regions, n_regio)


def _count(yes: set[tuple[str, str]], key: str, among: Iterable[str] | None = None) -> int:
    among = None if among is None else set(among)
    return sum(1 for g, k in yes if k == key and (among is None or g in among))


def _per_regio(earlier: RoundAnswers, later: RoundAnswers, then_yes: set, fields: list[AnswerField]
               ) -> tuple[list[ItemChange], dict[str, tuple[int, int]]]:
    """The same counts per regio, each round's gemeenten in the regio that round gave them."""
    def members(r: RoundAnswers, regio: str) -> list[str]:
        return [g for g, (_name, reg) in r.gemeenten.items() if reg == regio]

    regios = sorted({reg for _n, reg in earlier.gemeenten.values()} | {reg for _n, reg in later.gemeenten.values()})
    rows = [ItemChange(f, _count(then_yes, f.key, members(earlier, regio)),
                       _count(later.yes, f.key, members(later, regio)), regio) for regio in regios for f in fields]
    return rows, {regio: (len(members(earlier, regio)), len(members(later, regio))) for regio in regios}


# -- the workbook ----------------------------------------------------------------------------------

ITEM_WIDTHS = [14, 34, 56, 8, 8, 10]
GEMEENTE_WIDTHS = [20, 12, 50, 50]
REGIO_WIDTHS = [12, 14, 60, 8, 8, 10, 8, 8]
UNMAPPED_WIDTHS = [36, 50, 46]
CHART_ROW = 300  # pt: the height of one pillar's chart
DATA_SHEET = "Grafiekgegevens"  # hidden: what the charts plot
LABEL_CHARS = 70  # an item label in a chart: its start; the other sheets have it whole


def write_comparison(comparison: Comparison, path: str | Path) -> Path:
    """The comparison as a printable workbook, written atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, comparison_bytes(comparison))
    return path


def comparison_bytes(comparison: Comparison) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    mark_as_output(book, "vergelijking")
    formats = add_formats(book)
    charts, data = _chart_sheet(book, comparison)
    sheets = [_item_sheet(comparison), _gemeente_sheet(comparison), _regio_sheet(comparison), charts,
              _unmapped_sheet(comparison)]
    pages = [s.paginate() for s in sheets]
    for sheet, first in zip(sheets, [1 + sum(pages[:i]) for i in range(len(pages))], strict=True):
        sheet.write(book, formats, start_page=first, total_pages=sum(pages),
                    footer_left=f"Vergelijking — {sheet.title}")
    data_sheet = book.add_worksheet(DATA_SHEET)  # last: the report's sheets come first
    for row, values in enumerate(data):
        data_sheet.write_row(row, 0, values)
    data_sheet.hide()
    book.close()
    return buffer.getvalue()


def _setup() -> PageSetup:
    return PageSetup(landscape=True, header="&L&9Preventiescanner Dakloosheid — vergelijking van twee ronden")


def _intro(comparison: Comparison) -> str:
    e, la = comparison.earlier, comparison.later
    return (f"Eerder: {e.source} ({e.n} gemeenten, vragenlijst {e.layout.id}). Nu: {la.source} ({la.n} gemeenten, "
            f"vragenlijst {la.layout.id}). Aantal: gemeenten die Ja antwoordden.")


def _item_sheet(comparison: Comparison) -> Sheet:
    sheet = Sheet("Per item", ITEM_WIDTHS, fonts(), _setup())
    e, la = comparison.earlier.n, comparison.later.n
    sheet.add(Row([Cell(0, "Vergelijking per item", "title", 6)]), Row([Cell(0, _intro(comparison), "note", 6)]),
              Row())
    head = Row([Cell(c, h, "header") for c, h in enumerate(
        ["Pijler", "Vraag", "Item", f"Eerder (N={e})", f"Nu (N={la})", "Verschil"])])
    sheet.add(head, *[Row([Cell(0, i.field.sheet.title, "cell"), Cell(1, i.field.question.title, "cell"),
                           Cell(2, i.field.item.label, "cell"), Cell(3, i.then, "count"), Cell(4, i.now, "count"),
                           Cell(5, _signed(i.change), "count")]) for i in comparison.items], repeat=1)
    return sheet


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def _gemeente_sheet(comparison: Comparison) -> Sheet:
    sheet = Sheet("Per gemeente", GEMEENTE_WIDTHS, fonts(), _setup())
    sheet.add(Row([Cell(0, "Per gemeente: wat erbij kwam en wat verviel", "title", 4)]),
              Row([Cell(0, "Erbij: nu Ja, eerder niet. Eraf: eerder Ja, nu niet. " + _intro(comparison), "note", 4)]),
              Row())
    head = Row([Cell(c, h, "header") for c, h in enumerate(["Gemeente", "Regio", "Erbij", "Eraf"])])
    sheet.add(head, *[Row([Cell(0, g.gemeente, "cell"), Cell(1, g.regio, "cell"),
                           Cell(2, _labels(g.gained), "cell"), Cell(3, _labels(g.lost), "cell")])
                      for g in comparison.gemeenten], repeat=1)
    for title, names in (("Nieuwe gemeenten (alleen nu)", comparison.new),
                         ("Vervallen gemeenten (alleen eerder)", comparison.dropped)):
        sheet.add(Row(), Row([Cell(0, title, "h2", 4)]),
                  *([Row([Cell(0, n, "cell"), Cell(1, r, "cell")]) for n, r in names]
                    or [Row([Cell(0, "geen", "note", 2)])]))
    return sheet


def _labels(fields: list[AnswerField]) -> str:
    return "\n".join(f"• {f.item.label}" for f in fields) or "—"


def _regio_sheet(comparison: Comparison) -> Sheet:
    sheet = Sheet("Per regio", REGIO_WIDTHS, fonts(), _setup())
    sheet.add(Row([Cell(0, "Vergelijking per regio", "title", 8)]), Row([Cell(0, _intro(comparison), "note", 8)]),
              Row())
    head = Row([Cell(c, h, "header") for c, h in enumerate(
        ["Regio", "Pijler", "Item", "Eerder", "Nu", "Verschil", "N eerder", "N nu"])])
    rows = [Row([Cell(0, i.regio, "cell"), Cell(1, i.field.sheet.title, "cell"), Cell(2, i.field.item.label, "cell"),
                 Cell(3, i.then, "count"), Cell(4, i.now, "count"), Cell(5, _signed(i.change), "count"),
                 Cell(6, comparison.n_regio[i.regio][0], "count"), Cell(7, comparison.n_regio[i.regio][1], "count")])
            for i in comparison.regions]
    sheet.add(head, *rows, repeat=1)
    return sheet


def _chart_sheet(book, comparison: Comparison) -> tuple[Sheet, list[list]]:
    """Per pillar (sheet of the later questionnaire) a bar chart of the items, eerder against nu; the charts
    plot the rows returned, written to the hidden DATA_SHEET."""
    sheet = Sheet("Grafieken", [130], fonts(), _setup())
    sheet.add(Row([Cell(0, "Eerder en nu per pijler", "title")]), Row([Cell(0, _intro(comparison), "note")]))
    data: list[list] = [["Item", "Eerder", "Nu"]]
    row = 1
    for pillar in dict.fromkeys(i.field.sheet.title for i in comparison.items):
        items = [i for i in comparison.items if i.field.sheet.title == pillar]
        data += [[i.field.item.label[:LABEL_CHARS], i.then, i.now] for i in items]
        chart = book.add_chart({"type": "bar"})
        for col, name in ((1, "Eerder"), (2, "Nu")):
            chart.add_series({"name": name, "categories": [DATA_SHEET, row, 0, row + len(items) - 1, 0],
                              "values": [DATA_SHEET, row, col, row + len(items) - 1, col],
                              "data_labels": {"value": True}})
        chart.set_title({"name": pillar})
        chart.set_y_axis({"reverse": True})
        chart.set_size({"width": 900, "height": CHART_ROW / 0.75})
        sheet.add(Row([Cell(0, pillar, "h2")]), Row(height=CHART_ROW, chart=chart))
        row += len(items)
    return sheet, data


def _unmapped_sheet(comparison: Comparison) -> Sheet:
    sheet = Sheet("Niet vergeleken", UNMAPPED_WIDTHS, fonts(), _setup())
    sheet.add(Row([Cell(0, "Items die niet vergeleken worden", "title", 3)]))
    mapping = comparison.mapping
    if mapping is None:
        sheet.add(Row([Cell(0, "Beide ronden gebruiken dezelfde vragenlijst: elk Ja/Nee-item is vergeleken.",
                            "note", 3)]))
        return sheet
    sheet.add(Row([Cell(0, f"Items van {mapping.van} zonder gelijke vraag in {mapping.naar} (koppeling "
                           f"{mapping.id}).", "note", 3)]), Row())
    labels = {f.key: f.item.label for f in counted_fields(comparison.earlier.layout)}
    head = Row([Cell(c, h, "header") for c, h in enumerate(["Item (id)", "Item", "Waarom niet vergeleken"])])
    sheet.add(head, *[Row([Cell(0, k, "cell"), Cell(1, labels.get(k, ""), "cell"), Cell(2, reason, "cell")])
                      for k, reason in mapping.unmapped.items()], repeat=1)
    return sheet
