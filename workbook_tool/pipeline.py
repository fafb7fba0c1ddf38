"""The steps of a round as the command line runs them, each one call: inputs given as objects or as files.

    generate_round      layout + gemeenten list -> one protected workbook per gemeente
    collect_folder      folder of returns -> CollectResult, status workbook, optional export
    consolidate_folder  folder of returns -> the regional workbook (and the key file)
    feedback_folder     folder of returns -> one feedback workbook per gemeente (Terugkoppeling)
    compare_to_file     two rounds (folders of returns or exports) -> the comparison workbook

Every policy the command line would otherwise hold lives here: the numbering of the gemeenten list,
the default place of the status workbook, which layout version a mixed folder is consolidated on, and
which output paths are allowed (never an input, never inside the returns folder, never a workbook
that holds answers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .collect import CollectError, CollectResult, Keep, Progress, assemble, collect, read_folder
from .compare import Comparison, compare, write_comparison
from .concept import concept_document, concept_file
from .consolidate import Consolidation, Thresholds, consolidate
from .errors import WorkbookToolError
from .export import export_bytes, status_workbook_bytes
from .feedback import FeedbackRound, feedback_files, feedback_workbooks
from .fileio import write_together
from .gemeenten import Gemeente, load_gemeenten, numbered
from .generate import DEFAULT_PASSWORD, Coordinator, GenerateResult, generate, target_files
from .interventions import load_catalogue
from .layout import load_layout, load_layouts
from .layout.model import Layout
from .pdf import office_to_pdf, pdf_file, refuse_without_soffice
from .read import ReturnFile, read_return
from .report import ReportOptions, key_file, write_report
from .textfit import LIBREOFFICE

GemeentenInput = Sequence[Gemeente] | str | Path | None  # the list itself, or its file (.csv, .xlsx)
LayoutsInput = Sequence[Layout] | Sequence[str | Path] | None  # layouts, their files, or None: the bundled ones


class OutputRefused(WorkbookToolError):
    """An output path would overwrite an input, land among the returns, or replace a filled-in workbook."""


def refuse_outputs_over_inputs(outputs: Sequence[Path], inputs: Sequence[Path],
                               returns_folder: Path | None = None) -> None:
    """Refuse, before anything is read or written, an output that is one of the inputs (the gemeenten list,
    a layout) or lies inside the returns folder: it would overwrite a return, or be read as one next time."""
    folder = returns_folder.resolve() if returns_folder is not None else None
    seen: dict[Path, Path] = {}
    for out in outputs:
        target = out.resolve()
        if folder is not None and target.is_relative_to(folder):
            raise OutputRefused(f"Uitvoerbestand {out} ligt in de map met retouren {returns_folder}: het zou een "
                                "ingeleverd werkboek kunnen overschrijven en wordt de volgende keer als retour "
                                "gelezen. Kies een bestand buiten die map.")
        for given in inputs:
            if _same_file(target, given):
                raise OutputRefused(f"Uitvoerbestand {out} is een invoerbestand ({given}); dat wordt nooit "
                                    "overschreven. Kies een andere naam.")
        if target in seen:
            raise OutputRefused(f"Uitvoerbestanden {seen[target]} en {out} zijn hetzelfde bestand. Kies twee namen.")
        seen[target] = out


def _same_file(target: Path, given: Path) -> bool:
    """The same path after resolving links, or the same file under another name (a hard link)."""
    if target == given.resolve():
        return True
    try:
        return target.exists() and given.exists() and target.samefile(given)
    except OSError:
        return False


def input_files(gemeenten: GemeentenInput, layouts: LayoutsInput) -> list[Path]:
    """The files a step reads besides the returns: the gemeenten list and the layouts given as files."""
    files = [Path(gemeenten)] if isinstance(gemeenten, (str, Path)) else []
    return files + [Path(p) for p in layouts or [] if isinstance(p, (str, Path))]


def refuse_replacing_answers(paths: Sequence[Path], layout: Layout) -> None:
    """generate may replace an earlier blank copy, nothing else: an existing file of the same name that is not
    a scan workbook without answers (a filled-in return, an unreadable or foreign file) is left alone."""
    existing = [path for path in paths if path.exists()]
    if not existing:
        return
    layouts = [layout] + [lay for lay in load_layouts() if (lay.id, lay.version) != (layout.id, layout.version)]
    kept = [path for path in existing if not _blank_scan(path, layouts)]
    if kept:
        names = ", ".join(str(p) for p in kept)
        raise OutputRefused(f"{len(kept)} bestand(en) met dezelfde naam bestaan al en zijn geen leeg scanwerkboek "
                            f"(mogelijk ingevulde retouren): {names}. Er is niets geschreven. Kies een andere "
                            "map voor --out, of verplaats die bestanden eerst.")


def refuse_overwriting_answers(outputs: Sequence[Path], layouts: list[Layout]) -> None:
    """A report or status file may replace its previous version, never a scan workbook that holds answers
    (a return kept outside the returns folder, named by mistake)."""
    filled = [out for out in outputs if out.exists() and _holds_answers(out, layouts)]
    if filled:
        raise OutputRefused(f"Uitvoerbestand {filled[0]} is een ingevuld scanwerkboek; dat wordt nooit "
                            "overschreven. Kies een andere naam.")


def _blank_scan(path: Path, layouts: list[Layout]) -> bool:
    found = read_return(path, layouts)
    return found.outcome == "read" and all(answer.value is None for answer in found.answers)


def _holds_answers(path: Path, layouts: list[Layout]) -> bool:
    found = read_return(path, layouts)
    return found.outcome == "read" and any(answer.value is not None for answer in found.answers)


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
    inputs = input_files(gemeenten, None if isinstance(layout, Layout) else [layout])
    if not isinstance(layout, Layout):
        layout = load_layout(layout)
    gemeenten = round_gemeenten(gemeenten, default_regio=regio)
    targets = target_files(layout, Path(out_dir), gemeenten)
    refuse_outputs_over_inputs(targets, inputs)
    refuse_replacing_answers(targets, layout)
    return generate(layout, out_dir, gemeenten, regio=regio, ronde=ronde, password=password, coordinator=coordinator)


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
    """Read the folder, write the status workbook (and the export) together, and say where they are."""
    folder = Path(folder)
    status_file = Path(status) if status else default_status_file(folder)
    export_file = Path(export) if export else None
    outputs = [status_file] + ([export_file] if export_file else [])
    refuse_outputs_over_inputs(outputs, input_files(gemeenten, layouts), folder)
    layouts = round_layouts(layouts)
    refuse_overwriting_answers(outputs, layouts)
    result = collect(folder, layouts, round_gemeenten(gemeenten), progress=progress)
    contents = {status_file: status_workbook_bytes(result)}
    if export_file:
        contents[export_file] = export_bytes(result, export_file)
    for path in contents:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_together(contents)
    return CollectOutcome(result, status_file, export_file, result.answer_count if export_file else 0)


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
                       date: dt.date | None = None, pdf: bool = False, concept: bool = False) -> ConsolidateOutcome:
    """Collect the folder, consolidate the returns of one round and layout version, write the report (and,
    with pdf, the PDF LibreOffice prints of it: regio.pdf next to regio.xlsx; with concept, the concept
    report for the researcher, regio-concept.docx, and with pdf its PDF too; all written together).

    The version is the one most gemeenten returned; the round is `ronde`, else the one most gemeenten
    returned in that version. Returns of another round or version are left out before one return per
    gemeente is chosen, and the report says which and why."""
    out = Path(out)
    if pdf:
        refuse_without_soffice()  # before anything is read or written: a report without its PDF is not asked
    outputs = [out] + ([key_file(out)] if anonymous else []) + ([pdf_file(out)] if pdf else []) + \
        _concept_files(out, concept, pdf)
    refuse_outputs_over_inputs(outputs, input_files(gemeenten, layouts), Path(folder))
    layouts = round_layouts(layouts)
    refuse_overwriting_answers(outputs, layouts)
    gemeenten = round_gemeenten(gemeenten)
    returns = consolidate_returns(folder, layouts, gemeenten, thresholds=thresholds, ronde=ronde)
    collected, result, ronde = returns.collected, returns.consolidation, returns.ronde
    options = ReportOptions(anonymous=anonymous, ronde=ronde, regio=regio, date=date,
                            invited=len(gemeenten) if gemeenten else None, status=collected.status,
                            problems=(sum(p.severity == "error" for p in collected.problems),
                                      sum(p.severity == "warning" for p in collected.problems)),
                            numbering_conflicts=result.numbering_conflicts)
    printed = (lambda report: {pdf_file(out): office_to_pdf(report)}) if pdf else None
    extra = _concept(result, options, out, pdf) if concept else None
    files_written = write_report(result, out, options, printed=printed, extra=extra)
    return ConsolidateOutcome(collected, result, files_written, returns.notes)


@dataclass
class ConsolidatedReturns:
    """A folder's returns of one round and layout version, collected and consolidated; nothing written."""

    collected: CollectResult
    consolidation: Consolidation
    ronde: str  # the round chosen (given, or the one most gemeenten returned)
    notes: list[str]  # Dutch: numbering conflicts and the returns left out, with why


def consolidate_returns(folder: str | Path, layouts: list[Layout], gemeenten: list[Gemeente], *,
                        thresholds: Thresholds = Thresholds(), ronde: str = "") -> ConsolidatedReturns:
    """Read the folder and consolidate the returns of one round and layout version (the choice that
    consolidate_folder documents); the report and the feedback per gemeente are both made from this."""
    files = read_folder(folder, layouts)
    readable = [r for r in files if r.outcome == "read" and r.layout is not None]
    if not readable:
        raise CollectError(f"Geen leesbare scanwerkboeken in {folder}: niets om samen te voegen. "
                           "Gebruik 'workbook-tool collect' om te zien waarom.")
    version = _most_returned(readable, lambda r: (r.identity.layout_id, r.identity.layout_version))
    ronde = ronde or _most_returned([r for r in readable if _version_of(r) == version], lambda r: r.identity.ronde)
    collected = assemble(folder, files, gemeenten, keep=_same_round(version, ronde))
    if not collected.used:
        raise CollectError(f"Geen retouren van ronde '{ronde}' in {folder}: niets om samen te voegen.")
    layout = next(lay for lay in layouts if (lay.id, lay.version) == version)
    result = consolidate(collected.used, layout, thresholds, listed=gemeenten)
    notes = result.numbering_conflicts + [f"{x.file.name}: niet meegenomen, {x.reason}."
                                          for x in collected.left_out]
    return ConsolidatedReturns(collected, result, ronde, notes)


@dataclass
class FeedbackOutcome:
    collected: CollectResult
    consolidation: Consolidation
    files: list[Path]  # the workbooks, then their PDFs
    notes: list[str] = field(default_factory=list)


def feedback_folder(folder: str | Path, out_dir: str | Path, layouts: LayoutsInput = None,
                    gemeenten: GemeentenInput = None, *, ronde: str = "", regio: str = "",
                    deadline: dt.date | None = None, pdf: bool = False) -> FeedbackOutcome:
    """Collect and consolidate the folder as consolidate_folder does, then write for every gemeente of the
    consolidation its feedback workbook (and, with pdf, its PDF next to it), all together or none."""
    out_dir = Path(out_dir)
    if pdf:
        refuse_without_soffice()
    inputs = input_files(gemeenten, layouts)
    layouts = round_layouts(layouts)
    listed = round_gemeenten(gemeenten)
    returns = consolidate_returns(folder, layouts, listed, ronde=ronde)
    result = returns.consolidation
    targets = feedback_files(out_dir, [g.gemeente for g in result.gemeenten])
    outputs = targets + ([pdf_file(t) for t in targets] if pdf else [])
    refuse_outputs_over_inputs(outputs, inputs, Path(folder))
    refuse_overwriting_answers(outputs, layouts)
    feedback_round = FeedbackRound(ronde=returns.ronde, regio=regio, deadline=deadline)
    contents = feedback_workbooks(result, returns.collected, out_dir, feedback_round)
    if pdf:
        # The PDF gets a layout of its own: rows spaced as LibreOffice, which prints it, spaces lines.
        printed = feedback_workbooks(result, returns.collected, out_dir,
                                     replace(feedback_round, program=LIBREOFFICE))
        contents.update({pdf_file(path): office_to_pdf(book) for path, book in printed.items()})
    out_dir.mkdir(parents=True, exist_ok=True)
    write_together(contents)
    return FeedbackOutcome(returns.collected, result, list(contents), returns.notes)


def _concept_files(out: Path, concept: bool, pdf: bool) -> list[Path]:
    if not concept:
        return []
    docx = concept_file(out)
    return [docx] + ([pdf_file(docx)] if pdf else [])


def _concept(result: Consolidation, options: ReportOptions, out: Path, pdf: bool) -> dict[Path, bytes]:
    """The concept report (and its PDF), to be written together with the workbook."""
    # The bundled catalogue of interventions (seed 003), checked against the layout the report is about.
    document = concept_document(result, options, catalogue=load_catalogue(layout=result.layout))
    docx = concept_file(out)
    return {docx: document, **({pdf_file(docx): office_to_pdf(document, ".docx")} if pdf else {})}


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


def compare_to_file(earlier: str | Path, later: str | Path, out: str | Path, gemeenten: GemeentenInput = None
                    ) -> Comparison:
    """Compare two rounds (each a folder of returns or an export) and write the comparison workbook; the
    output may not be an input nor lie among either round's returns."""
    out, rounds = Path(out), [Path(earlier), Path(later)]
    inputs = input_files(gemeenten, None) + [r for r in rounds if not r.is_dir()]
    for folder in [r for r in rounds if r.is_dir()] or [None]:
        refuse_outputs_over_inputs([out], inputs, folder)
    refuse_overwriting_answers([out], load_layouts())
    comparison = compare(earlier, later, gemeenten=round_gemeenten(gemeenten))
    write_comparison(comparison, out)
    return comparison
