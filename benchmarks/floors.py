"""The floors national_round.py measures the tool against: the same reading done the simplest fast way.

    python benchmarks/floors.py calamine FOLDER [WORKERS]

reads every sheet's values of every .xlsx in FOLDER with python-calamine (CalamineWorkbook.from_path,
get_sheet_by_name(name).to_python() for every sheet), in as many processes as workbook-tool collect uses
for that many files (or WORKERS). Run as a script it is started the way the command line is (a fresh
Python process, start-up and imports included); imported, read_all is the library-call floor.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from python_calamine import CalamineWorkbook

PARALLEL_FROM = 24  # as workbook_tool/parallel.py: below this many files the tool reads in its own process


def tool_workers(files: int) -> int:
    """The worker processes workbook_tool.parallel.read_many starts: min(cores, 8) from 24 files on, else none."""
    return min(os.cpu_count() or 1, 8) if files >= PARALLEL_FROM else 1


def return_paths(folder: str | Path) -> list[Path]:
    return sorted(Path(folder).glob("*.xlsx"))


def sheet_values(path: Path) -> int:
    """Every sheet's values of one workbook; returns the number of rows read (so nothing is optimised away)."""
    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def read_all(paths: list[Path], workers: int) -> int:
    """sheet_values of every path, in worker processes started as the tool starts them (fork, same chunks)."""
    if workers <= 1:
        return sum(sheet_values(path) for path in paths)
    chunksize = max(1, min(16, len(paths) // (4 * workers)))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return sum(pool.map(sheet_values, paths, chunksize=chunksize))


def copy_all(template: Path, targets: list[Path]) -> None:
    """The floor of generate: copy one finished workbook file once per gemeente."""
    for target in targets:
        shutil.copyfile(template, target)


def main(argv: list[str]) -> None:
    if len(argv) not in (2, 3) or argv[0] != "calamine":
        sys.exit(__doc__)
    paths = return_paths(argv[1])
    workers = int(argv[2]) if len(argv) == 3 else tool_workers(len(paths))
    print(f"{len(paths)} files, {read_all(paths, workers)} rows, {workers} worker(s)")


if __name__ == "__main__":
    main(sys.argv[1:])
