"""The command line: parse arguments, call the library, print the result, set the exit code."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import LayoutInvalid, WorkbookToolError
from .layout import load_layout
from .layout.outline import format_outline, layout_summary

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="workbook-tool")
def main() -> None:
    """Preventiescanner Dakloosheid: scan workbooks for the gemeenten of a region.

    Describe the questionnaire in a layout (layouts/*.yaml), generate one protected workbook per
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
def layout_show(file: Path, as_json: bool) -> None:
    """Print an outline of a layout FILE: sheets, sections and questions with their counts."""
    loaded = _load(file)
    if as_json:
        click.echo(json.dumps(layout_summary(loaded), ensure_ascii=False, indent=2))
    else:
        click.echo(format_outline(loaded))


def _load(file: Path):
    try:
        return load_layout(file)
    except WorkbookToolError as exc:
        raise click.ClickException(str(exc)) from None


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
