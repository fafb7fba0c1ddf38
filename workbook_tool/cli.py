"""The command line: parse arguments, call the library, print the result, set the exit code."""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__
from .errors import LayoutInvalid, WorkbookToolError
from .generate import DEFAULT_PASSWORD, Coordinator
from .layout import load_layout
from .layout.outline import format_outline, layout_summary

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def user_errors(command: Callable) -> Callable:
    """The one translation of the tool's own errors and of file-system errors into a message without a
    traceback (exit code 1); anything else is left to run()."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except WorkbookToolError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(f"{exc.filename or ''}: {exc.strerror or exc}") from None
    return wrapper


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="workbook-tool")
def main() -> None:
    """Preventiescanner Dakloosheid: scan workbooks for the gemeenten of a region.

    Describe the questionnaire in a layout (workbook_tool/layouts/*.yaml), generate one protected workbook per
    gemeente, read the returned workbooks back and consolidate them into one regional workbook.
    """


@main.group(context_settings=CONTEXT)
def layout() -> None:
    """Check or inspect a questionnaire layout (YAML)."""


@layout.command("check", context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def layout_check(file: Path, as_json: bool) -> None:
    """Validate a layout FILE: print 'valid', or every error with file, line, what is wrong and how to fix it.

    Exit code 0 when valid, 1 when the layout has errors.
    """
    try:
        loaded = load_layout(file)
    except LayoutInvalid as exc:
        if as_json:
            click.echo(json.dumps({"valid": False, "problems": [p.__dict__ for p in exc.problems]},
                                  ensure_ascii=False, indent=2))
        else:
            click.echo(str(exc), err=True)
        sys.exit(1)
    summary = layout_summary(loaded)
    if as_json:
        click.echo(json.dumps({"valid": True, "problems": [], "id": loaded.id, "version": loaded.version},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(f"{file}: valid — layout {loaded.id} versie {loaded.version}, {len(loaded.sheets)} sheets, "
                   f"{summary['questions']} questions, {summary['items']} items, "
                   f"{summary['answer_cells']} answer cells.")


@layout.command("show", context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the outline as JSON.")
@user_errors
def layout_show(file: Path, as_json: bool) -> None:
    """Print an outline of a layout FILE: sheets, sections and questions with their counts."""
    loaded = load_layout(file)
    if as_json:
        click.echo(json.dumps(layout_summary(loaded), ensure_ascii=False, indent=2))
    else:
        click.echo(format_outline(loaded))


@main.command("generate", context_settings=CONTEXT)
@click.option("--layout", "layout_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The questionnaire layout, e.g. workbook_tool/layouts/preventiescanner-2022.yaml.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the workbooks (created if needed; existing files of the same name are replaced).")
@click.option("--gemeenten", "gemeenten_file", type=click.Path(dir_okay=False, path_type=Path),
              help="List of gemeenten (.csv or .xlsx) with columns naam, regio and optionally nummer, "
                   "contactpersoon, e-mail. Without it: one blank workbook.")
@click.option("--regio", default="", help="Regio for gemeenten whose list row has none.")
@click.option("--ronde", default="", help="Label of this round, e.g. 'Voorjaar 2026'.")
@click.option("--password", default=DEFAULT_PASSWORD, show_default=True,
              help="Password of the sheet and workbook protection (a speed bump against accidents, not security).")
@click.option("--coordinator-naam", default="", help="Name of the coordinator, shown on the Start sheet.")
@click.option("--coordinator-email", default="", help="E-mail of the coordinator, shown on the Start sheet.")
@click.option("--coordinator-telefoon", default="", help="Phone number of the coordinator.")
@user_errors
def generate_command(layout_file: Path, out_dir: Path, gemeenten_file: Path | None, regio: str, ronde: str,
                     password: str, coordinator_naam: str, coordinator_email: str, coordinator_telefoon: str) -> None:
    """Generate the protected scan workbook: one personalised copy per gemeente, or one blank workbook.

    Each copy has gemeente, regio and ronde filled in and locked, dropdowns for every answer, and a
    hidden record of where each answer is, so the returned file can be read back reliably.
    """
    from .pipeline import generate_round

    started = time.perf_counter()
    result = generate_round(layout_file, out_dir, gemeenten_file, regio=regio, ronde=ronde, password=password,
                            coordinator=Coordinator(coordinator_naam, coordinator_email, coordinator_telefoon))
    elapsed = time.perf_counter() - started
    what = f"{len(result.files)} workbook{'s' if len(result.files) != 1 else ''}"
    click.echo(f"Wrote {what} ({result.answer_cells} answer cells each) to {out_dir} in {elapsed:.1f} s:")
    for path in result.files[:10]:
        click.echo(f"  {path.name}")
    if len(result.files) > 10:
        click.echo(f"  ... and {len(result.files) - 10} more")


@main.command("collect", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--gemeenten", "gemeenten_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The list of gemeenten (.csv or .xlsx) to check returns against.")
@click.option("--layout", "layout_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Layout(s) the returns may use; default: every bundled layout (workbook_tool/layouts/).")
@click.option("--export", "export_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the answers, one row per answer cell, to FILE.csv, FILE.parquet or FILE.xlsx.")
@click.option("--status", "status_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Status workbook for reminders (default: <FOLDER>-status.xlsx next to the folder).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON instead of a table.")
@user_errors
def collect_command(folder: Path, gemeenten_file: Path | None, layout_files: tuple[Path, ...],
                    export_file: Path | None, status_file: Path | None, as_json: bool) -> None:
    """Read every returned workbook under FOLDER, validate every answer and report per file what is wrong.

    Files are only read, never changed. Prints the status per gemeente and the problems, and writes
    a status workbook the coordinator can use for reminders. Exit code 0 when everything is complete
    and in order, 1 when something needs attention.
    """
    from .pipeline import collect_folder
    from .report_text import collect_json, format_collect

    with _ProgressBar("Reading returns") as progress:
        outcome = collect_folder(folder, list(layout_files), gemeenten_file, export=export_file, status=status_file,
                                 progress=progress)
    result = outcome.collected
    if as_json:
        click.echo(json.dumps(collect_json(result, outcome.status_file, outcome.export_file), ensure_ascii=False,
                              indent=2))
    else:
        click.echo(format_collect(result))
        click.echo(f"\nStatus workbook: {outcome.status_file}")
        if outcome.export_file:
            click.echo(f"Export: {outcome.export_file} ({outcome.export_rows} rows)")
    sys.exit(1 if result.needs_attention else 0)


@main.command("consolidate", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The regional workbook to write, e.g. regio.xlsx.")
@click.option("--gemeenten", "gemeenten_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The list of gemeenten (.csv or .xlsx): numbers, regio's and who has not returned.")
@click.option("--layout", "layout_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Layout(s) the returns may use; default: every bundled layout (workbook_tool/layouts/).")
@click.option("--anoniem/--namen", "anonymous", default=True, show_default=True,
              help="--anoniem: gemeenten by number only, the key in a separate file (<out>-sleutel.xlsx). "
                   "--namen: names in the report and a Sleutel sheet.")
@click.option("--krachten-vanaf", "kracht", type=click.FloatRange(0, 1), default=0.75, show_default=True,
              help="An item is a kracht when at least this share of the gemeenten offers it.")
@click.option("--kansen-tot", "kans", type=click.FloatRange(0, 1), default=0.34, show_default=True,
              help="An item is a kans when at most this share of the gemeenten offers it.")
@click.option("--ronde", default="", help="The round to report on; returns of another round are left out "
                   "(default: the round most returns name).")
@click.option("--regio", default="", help="Name of the region for the report (default: from the returns).")
@user_errors
def consolidate_command(folder: Path, out_file: Path, gemeenten_file: Path | None, layout_files: tuple[Path, ...],
                        anonymous: bool, kracht: float, kans: float, ronde: str, regio: str) -> None:
    """Consolidate the returned workbooks under FOLDER into one regional workbook.

    Sheets: Overzicht, Samenvatting (krachten en kansen), Tabellen (Aantal and Nrs. per question, as in
    the published report), Per gemeente, Regio's (with several regions), Grafieken, Implementatieplan
    and, with --namen, Sleutel. Results are written as values.
    """
    from .consolidate import Thresholds
    from .pipeline import consolidate_folder

    outcome = consolidate_folder(folder, out_file, list(layout_files), gemeenten_file, anonymous=anonymous,
                                 thresholds=Thresholds(kracht, kans), ronde=ronde, regio=regio)
    for note in outcome.notes:
        click.echo(f"Note: {note}", err=True)
    click.echo(f"Consolidated {outcome.consolidation.n} gemeenten ({outcome.layout_label}) into {outcome.files[0]}")
    for extra in outcome.files[1:]:
        click.echo(f"Key (keep it confidential): {extra}")


class _ProgressBar:
    """A progress bar on stderr that opens when the total is known (at the first file read)."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None

    def __enter__(self) -> _ProgressBar:
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(1)

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc_info)


def run() -> None:
    """Entry point that turns any unexpected error into one readable line instead of a traceback."""
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
        click.echo(f"Error: unexpected problem: {type(exc).__name__}: {exc}. "
                   "Please report this with the command you ran.", err=True)
        sys.exit(2)
