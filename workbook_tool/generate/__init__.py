"""Layout -> protected scan workbooks, one personalised copy per gemeente.

    template.py       the workbook built once with placeholders (xlsxwriter), structure protection
    questionnaire.py  one sheet per layout sheet: items, answer cells, defined names
    validations.py    dropdowns, number and date rules, the red/yellow conditional formats
    start.py          the Start sheet: identity, instructions, contact, respondent, progress
    hidden.py         the very hidden lists and metadata sheets
    personalise.py    placeholders -> a gemeente's values, between parts compressed once (../zipcopy.py)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..fileio import write_atomic
from ..gemeenten import Gemeente, safe_filename
from ..layout.model import Layout
from .personalise import PLACEHOLDERS, personalise, placeholder, values_for
from .questionnaire import CellRecord
from .start import Coordinator
from .template import DEFAULT_PASSWORD, GenerateError, Template, build_template


@dataclass
class GenerateResult:
    """What `generate` wrote."""

    files: list[Path]
    answer_cells: int
    template: Template


def generate(layout: Layout, out_dir: str | Path, gemeenten: Iterable[Gemeente] | None = None, *,
             regio: str = "", ronde: str = "", password: str = DEFAULT_PASSWORD,
             coordinator: Coordinator = Coordinator(), file_prefix: str = "",
             now: dt.datetime | None = None) -> GenerateResult:
    """Write one personalised workbook per gemeente into out_dir (or one blank workbook without a list)."""
    out_dir = Path(out_dir)
    gemeenten = list(gemeenten or [])
    now = now or dt.datetime.now().replace(microsecond=0)
    generated_at = now.isoformat(sep=" ")
    template = build_template(layout, password=password, coordinator=coordinator, personalised=bool(gemeenten))
    targets = list(zip(gemeenten or [None], target_files(layout, out_dir, gemeenten, file_prefix), strict=True))
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for gemeente, path in targets:
        write_atomic(path, personalise(template, values_for(layout, gemeente, regio, ronde, generated_at)))
        files.append(path)
    return GenerateResult(files=files, answer_cells=len(template.cells), template=template)


def target_files(layout: Layout, out_dir: Path, gemeenten: list[Gemeente], prefix: str = "") -> list[Path]:
    """The files generate writes: one per gemeente, named after it, or the one blank workbook."""
    if not gemeenten:
        return [out_dir / f"{prefix}{safe_filename(layout.title)} (blanco).xlsx"]
    return gemeente_files(out_dir, gemeenten, prefix)


def gemeente_files(out_dir: Path, gemeenten: list[Gemeente], prefix: str = "") -> list[Path]:
    """Each gemeente's personalised workbook in out_dir, "<gemeente>.xlsx": where generate writes it and where
    the mail drafts find it to attach."""
    targets = []
    seen: dict[str, str] = {}
    for gemeente in gemeenten:
        name = f"{prefix}{safe_filename(gemeente.naam)}.xlsx"
        if name.casefold() in seen:
            raise GenerateError(f"de gemeenten '{seen[name.casefold()]}' en '{gemeente.naam}' zouden allebei in "
                                f"'{name}' komen. Laat de namen in meer dan leestekens verschillen.")
        seen[name.casefold()] = gemeente.naam
        targets.append(out_dir / name)
    return targets


__all__ = ["DEFAULT_PASSWORD", "PLACEHOLDERS", "CellRecord", "Coordinator", "GenerateError", "GenerateResult",
           "Template", "build_template", "gemeente_files", "generate", "target_files", "personalise", "placeholder",
           "values_for"]
