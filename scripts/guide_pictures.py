"""Render the pictures of the coordinator's guide (docs/handleiding/*.png) from real outputs.

    .venv/bin/python scripts/guide_pictures.py

Runs the guide's round on the bundled sample in a temporary folder (ronde nieuw, generate, collect) through
the CLI, converts the outputs to PDF with LibreOffice and renders the pages the guide shows with pdftoppm:
the Start sheet and a question sheet of a gemeente's workbook, and the status workbook's Overzicht.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbook_tool.cli import main  # noqa: E402

OUT = ROOT / "docs" / "handleiding"
SAMPLE = ROOT / "samples"


def run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    if result.exit_code not in (0, 1):
        raise SystemExit(result.output)


def to_pdf(workbook: Path, folder: Path) -> Path:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(folder / 'profiel').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(folder), str(workbook)], check=True, capture_output=True)
    return folder / f"{workbook.stem}.pdf"


def first_page_with(pdf: Path, text: str) -> int:
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return next(n for n, page in enumerate(pages, start=1) if text in page)


def render(pdf: Path, page: int, name: str) -> None:
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(OUT / name)], check=True)
    print(f"{OUT / name}.png")


def main_() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.chdir(folder)
        run("ronde", "nieuw", "proefronde", "--regio", "Drechtsteden en Alblasserwaard", "--ronde", "Voorjaar 2022",
            "--gemeenten", str(SAMPLE / "gemeenten-voorbeeld.csv"), "--deadline", "13-03-2026",
            "--coordinator-naam", "A. de Vries", "--coordinator-email", "a.devries@example.nl",
            "--coordinator-telefoon", "0612345670")
        os.chdir(folder / "proefronde")
        run("generate")
        for ret in (SAMPLE / "drechtsteden-2022" / "retour").glob("*.xlsx"):
            shutil.copy(ret, folder / "proefronde" / "retour")
        run("collect")
        workbook = to_pdf(folder / "proefronde" / "werkboeken" / "Gemeente 1.xlsx", folder)
        render(workbook, 1, "werkboek-start")
        render(workbook, first_page_with(workbook, "Faciliteiten om het welzijn"), "werkboek-vragen")
        status = to_pdf(folder / "proefronde" / "retour-status.xlsx", folder)
        render(status, 1, "statuswerkboek")
        os.chdir(ROOT)


if __name__ == "__main__":
    main_()
