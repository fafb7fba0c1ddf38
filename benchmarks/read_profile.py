"""One return's read against the python-calamine floor, on the same synthetic returns.

    .venv/bin/python benchmarks/read_profile.py [--returns 60] [--runs 5] [--folder DIR] [--profile]

Fills --returns returns (as benchmarks/national_round.py does) into --folder (kept, and reused when it
already holds them), then times read_return per file and the floor (CalamineWorkbook.from_path and
to_python of every sheet) per file, each the median of --runs passes in CPU time, and prints their ratio. --profile
adds the cProfile of one pass of read_return, by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.national_round import LAYOUT, Round, child_setup  # noqa: E402


def floor(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def per_file(function, paths: list[Path], runs: int) -> float:
    """Median over runs of one pass's CPU seconds per file (CPU time: other processes on the machine
    slow the wall clock, not this)."""
    passes = []
    for _ in range(runs):
        started = time.process_time()
        for path in paths:
            function(path)
        passes.append((time.process_time() - started) / len(paths))
    return statistics.median(passes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--returns", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "read_profile_returns")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from workbook_tool.layout import load_layout
    from workbook_tool.read import read_return

    args.folder.mkdir(parents=True, exist_ok=True)
    round_ = Round(args.folder, args.returns)
    if not round_.ready():
        child_setup(str(args.folder), str(args.returns))  # the national round's setup, at this size
    paths = sorted(round_.retour.glob("*.xlsx"))
    layouts = [load_layout(LAYOUT)]
    outcomes = {read_return(p, layouts).outcome for p in paths}  # warm caches; every return must be read
    assert outcomes == {"read"}, outcomes

    read_seconds = per_file(lambda p: read_return(p, layouts), paths, args.runs)
    floor_seconds = per_file(floor, paths, args.runs)
    print(f"{len(paths)} returns, median of {args.runs} passes")
    print(f"read_return  {read_seconds * 1000:7.2f} ms per file")
    print(f"calamine     {floor_seconds * 1000:7.2f} ms per file (floor)")
    print(f"ratio        {read_seconds / floor_seconds:7.2f}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for path in paths:
            read_return(path, layouts)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
