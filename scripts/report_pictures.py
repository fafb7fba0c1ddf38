"""Render pages of the sample report as PNG for docs/report/: what a reader of the PDF gets.

    .venv/bin/python scripts/report_pictures.py

Consolidates samples/drechtsteden-2022 with --pdf (LibreOffice), then renders the first page of every sheet
(and the second of the Implementatieplan, which shows the gemeenten's own plans) with pdftoppm.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbook_tool.pipeline import consolidate_folder  # noqa: E402

SAMPLE = ROOT / "samples" / "drechtsteden-2022"
OUT = ROOT / "docs" / "report"
SHEETS = {"Inhoud": 1, "Overzicht": 1, "Samenvatting": 1, "Tabellen": 1, "Per gemeente": 1, "Grafieken": 2,
          "Implementatieplan": 3}  # sheet -> how many of its first pages


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[:-1]


def footer_sheet(page: str) -> str:
    last = [line for line in page.splitlines() if "Pagina" in line][-1]
    return last.split("Pagina")[0].strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        outcome = consolidate_folder(SAMPLE / "retour", Path(folder) / "rapportage.xlsx", None,
                                     SAMPLE / "gemeenten.csv", ronde="Voorjaar 2022", pdf=True)
        pdf = next(p for p in outcome.files if p.suffix == ".pdf")
        pages = page_texts(pdf)
        for old in OUT.glob("*.png"):
            old.unlink()
        for sheet, count in SHEETS.items():
            numbers = [n for n, page in enumerate(pages, start=1) if footer_sheet(page) == sheet][:count]
            for index, number in enumerate(numbers, start=1):
                name = OUT / f"{sheet.lower().replace(' ', '-')}-{index}"
                subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                                str(pdf), str(name)], check=True)
                print(f"{name}.png: pagina {number} van {len(pages)}")


if __name__ == "__main__":
    main()
