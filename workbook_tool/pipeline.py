"""The steps of a round as the command line runs them, each one call: inputs given as objects or as files.

    generate_round      layout + gemeenten list -> one protected workbook per gemeente
    collect_folder      folder of returns -> CollectResult, status workbook, optional export
    consolidate_folder  folder of returns -> the regional workbook (and the key file)

Every policy the command line would otherwise hold lives here: the numbering of the gemeenten list,
the default place of the status workbook, which layout version a mixed folder is consolidated on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .collect import CollectError, CollectResult, Keep, Progress, assemble, collect, read_folder
from .consolidate import Consolidation, Thresholds, consolidate
from .export import write_export, write_status_workbook
from .gemeenten import Gemeente, load_gemeenten, numbered
from .generate import DEFAULT_PASSWORD, Coordinator, GenerateResult, generate
from .layout import load_layout, load_layouts
from .layout.model import Layout
from .read import ReturnFile
from .report import ReportOptions, write_report

GemeentenInput = Sequence[Gemeente] | str | Path | None  # the list itself, or its file (.csv, .xlsx)
LayoutsInput = Sequence[Layout] | Sequence[str | Path] | None  # layouts, their files, or None: the bundled ones


def round_gemeenten(gemeenten: GemeentenInput, default_regio: str = "") -> list[Gemeente]:
    """The gemeenten of a round, each with its number (gemeenten.assign_numbers); [] without a list."""
    if gemeenten is None:
        return []
    if isinstance(gemeenten, (str, Path)):
        gemeenten = load_gemeenten(gemeenten, default_regio=default_regio)
    return numbered(list(gemeenten))


def round_layouts(layouts: LayoutsInput) -> list[Layout]:
    """The layouts a return may have been made with: given, loaded from files, or every bundled layout."""
    if layouts and all(isinstance(lay, Layout) for lay in layouts):
        return list(layouts)
    return load_layouts([Path(p) for p in layouts or []])


def generate_round(layout: Layout | str | Path, out_dir: str | Path, gemeenten: GemeentenInput = None, *,
                   regio: str = "", ronde: str = "", password: str = DEFAULT_PASSWORD,
                   coordinator: Coordinator = Coordinator()) -> GenerateResult:
    """One personalised workbook per gemeente of the list (or one blank workbook without a list)."""
    if not isinstance(layout, Layout):
        layout = load_layout(layout)
    return generate(layout, out_dir, round_gemeenten(gemeenten, default_regio=regio), regio=regio, ronde=ronde,
                    password=password, coordinator=coordinator)


@dataclass
class CollectOutcome:
    collected: CollectResult
    status_file: Path
    export_file: Path | None = None
    export_rows: int = 0


def default_status_file(folder: Path) -> Path:
    """<folder>-status.xlsx next to the folder: never inside it, where it would be read as a return."""
    folder = folder.resolve()
    return folder.parent / f"{folder.name}-status.xlsx"


def collect_folder(folder: str | Path, layouts: LayoutsInput = None, gemeenten: GemeentenInput = None, *,
                   export: str | Path | None = None, status: str | Path | None = None,
                   progress: Progress | None = None) -> CollectOutcome:
    """Read the folder, write the status workbook (and the export), and say where they are."""
    folder = Path(folder)
    result = collect(folder, round_layouts(layouts), round_gemeenten(gemeenten), progress=progress)
    status_file = Path(status) if status else default_status_file(folder)
    write_status_workbook(result, status_file)
    outcome = CollectOutcome(result, status_file)
    if export:
        outcome.export_file, outcome.export_rows = write_export(result, export), result.answer_count
    return outcome


@dataclass
class ConsolidateOutcome:
    collected: CollectResult
    consolidation: Consolidation
    files: list[Path]
    notes: list[str] = field(default_factory=list)

    @property
    def layout_label(self) -> str:
        return f"{self.consolidation.layout.id} versie {self.consolidation.layout.version}"


def consolidate_folder(folder: str | Path, out: str | Path, layouts: LayoutsInput = None,
                       gemeenten: GemeentenInput = None, *, anonymous: bool = True,
                       thresholds: Thresholds = Thresholds(), ronde: str = "", regio: str = "",
                       date: dt.date | None = None) -> ConsolidateOutcome:
    """Collect the folder, consolidate the returns of one round and layout version, write the report.

    The version is the one most gemeenten returned; the round is `ronde`, else the one most gemeenten
    returned in that version. Returns of another round or version are left out before one return per
    gemeente is chosen, and the report says which and why."""
    layouts = round_layouts(layouts)
    gemeenten = round_gemeenten(gemeenten)
    files = read_folder(folder, layouts)
    readable = [r for r in files if r.outcome == "read" and r.layout is not None]
    if not readable:
        raise CollectError(f"No readable scan workbooks in {folder}: nothing to consolidate. "
                           "Run 'workbook-tool collect' to see why.")
    version = _most_returned(readable, lambda r: (r.identity.layout_id, r.identity.layout_version))
    ronde = ronde or _most_returned([r for r in readable if _version_of(r) == version], lambda r: r.identity.ronde)
    collected = assemble(folder, files, gemeenten, keep=_same_round(version, ronde))
    if not collected.used:
        raise CollectError(f"No returns of round '{ronde}' in {folder}: nothing to consolidate.")
    layout = next(lay for lay in layouts if (lay.id, lay.version) == version)
    result = consolidate(collected.answers_frame(), layout, thresholds, listed=gemeenten)
    notes = result.numbering_conflicts + [f"{x.file.path.name}: niet meegenomen, {x.reason}."
                                          for x in collected.left_out]
    options = ReportOptions(anonymous=anonymous, ronde=ronde, regio=regio, date=date,
                            invited=len(gemeenten) if gemeenten else None, status=collected.status,
                            problems=(sum(p.severity == "error" for p in collected.problems),
                                      sum(p.severity == "warning" for p in collected.problems)),
                            numbering_conflicts=result.numbering_conflicts)
    files_written = write_report(result, out, options)
    return ConsolidateOutcome(collected, result, files_written, notes)


def _version_of(ret: ReturnFile) -> tuple[str, str]:
    return ret.identity.layout_id, ret.identity.layout_version


def _most_returned(returns: list[ReturnFile], what: Callable[[ReturnFile], Any]) -> Any:
    """The value of what(return) that most gemeenten share (each gemeente counted once per value); on a
    tie the one whose workbooks were generated last, then the first in sorted order, so the choice does
    not depend on the order of the files."""
    gemeenten: dict[Any, set[str]] = {}
    generated: dict[Any, str] = {}
    for ret in returns:
        value = what(ret)
        if value:
            gemeenten.setdefault(value, set()).add(ret.identity.gemeente)
            generated[value] = max(generated.get(value, ""), ret.identity.generated_at)
    if not gemeenten:
        return ""
    return min(gemeenten, key=lambda value: (-len(gemeenten[value]), _negated(generated[value]), value))


def _negated(text: str) -> tuple[int, ...]:
    """Sorts the latest generated_at ('2026-03-01 10:00:00') first in an ascending sort."""
    return tuple(-ord(c) for c in text) + (1,)


def _same_round(version: tuple[str, str], ronde: str) -> Keep:
    """The report's filter: '' for a return of this version and round, else why it is left out."""
    def keep(ret: ReturnFile) -> str:
        if _version_of(ret) != version:
            return (f"vragenlijst {ret.identity.layout_id} versie {ret.identity.layout_version} "
                    f"(deze rapportage: {version[0]} versie {version[1]})")
        if ronde and ret.identity.ronde and ret.identity.ronde != ronde:  # a workbook without a round: kept
            return f"ronde '{ret.identity.ronde or 'onbekend'}' (deze rapportage: ronde '{ronde}')"
        return ""
    return keep
