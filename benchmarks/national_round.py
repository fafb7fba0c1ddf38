"""A synthetic national round: all 342 gemeenten in 25 regions, timed stage by stage.

    .venv/bin/python benchmarks/national_round.py [--gemeenten 342] [--keep DIR]

Each stage runs in a fresh process so its peak memory is its own. Besides the tool's stages it times,
on the same files, the naive way (plain openpyxl.load_workbook) and the floor (python-calamine reading
values only), and ends with one line per target: the figure, the target, met or not met.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LAYOUT = ROOT / "workbook_tool" / "layouts" / "preventiescanner-2022.yaml"
REGIONS = 25
TARGETS = {"generate": 10.0, "collect": 3.0, "floor_ratio": 2.0, "consolidate": 5.0, "memory_mb": 500.0}


def gemeenten(count: int):
    from workbook_tool.gemeenten import Gemeente

    return [Gemeente(f"Gemeente {n:03d}", f"Regio {1 + (n - 1) % REGIONS:02d}", n) for n in range(1, count + 1)]


def synthetic_answers(template, nr: int) -> dict:
    """Most gemeenten answer everything; some stop early; a few paste values the reader must flag."""
    rng = random.Random(nr)
    layout = template.layout
    kind = "complete" if nr % 10 < 8 else ("incomplete" if nr % 10 == 8 else "problems")
    share = 1.0 if kind != "incomplete" else rng.uniform(0.5, 0.95)
    answers = {}
    for record in template.cells:
        if rng.random() > share:
            continue
        if record.type == "choice":
            choices = layout.choice_lists[record.choices]
            answers[record.key] = choices[0] if rng.random() < 0.55 else rng.choice(choices)
        elif record.type == "number":
            answers[record.key] = rng.randint(0, 400)
        elif record.type == "date":
            answers[record.key] = dt.date(2026, rng.randint(1, 12), rng.randint(1, 28))
        elif kind == "complete" or rng.random() < 0.3:  # complete: the open questions asked are answered too
            answers[record.key] = rng.choice(["wijkteam en schuldhulp", "via de centrumgemeente",
                                              "nog in ontwikkeling"])
    if kind == "problems":
        keys = [r.key for r in template.cells if r.type == "choice"]
        for key in rng.sample(keys, 5):
            answers[key] = rng.choice(["misschien", "ja ", "JA", "n.v.t."])
    return answers


# -- stages, each run in its own process ------------------------------------------------------------

def stage_generate(folder: str, count: int) -> dict:
    from workbook_tool.generate import generate
    from workbook_tool.layout import load_layout

    layout = load_layout(LAYOUT)
    started = time.perf_counter()
    result = generate(layout, folder, gemeenten(count), ronde="Landelijk 2026")
    return {"seconds": time.perf_counter() - started, "files": len(result.files)}


def stage_fill(folder: str, count: int) -> dict:
    from workbook_tool.fileio import write_atomic
    from workbook_tool.fill import fill_template
    from workbook_tool.generate import build_template, personalise, values_for
    from workbook_tool.layout import load_layout

    layout = load_layout(LAYOUT)
    template = build_template(layout)
    started = time.perf_counter()
    for gemeente in gemeenten(count):
        data = personalise(template, values_for(layout, gemeente, gemeente.regio, "Landelijk 2026", "2026-03-01"))
        write_atomic(Path(folder) / f"{gemeente.naam}.xlsx", fill_template(template, data, synthetic_answers(
            template, gemeente.nummer)))
    return {"seconds": time.perf_counter() - started, "files": count}


def stage_collect(folder: str, count: int) -> dict:
    from workbook_tool.collect import collect
    from workbook_tool.layout import load_layout

    layout = load_layout(LAYOUT)
    started = time.perf_counter()
    result = collect(folder, [layout], gemeenten(count))
    seconds = time.perf_counter() - started
    statuses = [s.status for s in result.status]
    return {"seconds": seconds, "files": len(result.files), "answers": len(result.answers_frame()),
            "complete": statuses.count("complete"), "incomplete": statuses.count("incomplete"),
            "problems": statuses.count("problems")}


def stage_consolidate(folder: str, count: int) -> dict:
    from workbook_tool.collect import collect
    from workbook_tool.consolidate import consolidate
    from workbook_tool.layout import load_layout
    from workbook_tool.report import ReportOptions, write_report

    layout = load_layout(LAYOUT)
    collected = collect(folder, [layout], gemeenten(count))
    answers = collected.answers_frame()
    started = time.perf_counter()
    result = consolidate(answers, layout)
    out = Path(folder).parent / "landelijk.xlsx"
    write_report(result, out, ReportOptions(ronde="Landelijk 2026", status=collected.status))
    return {"seconds": time.perf_counter() - started, "files": count, "regions": len(result.regions.columns) - 8}


def stage_openpyxl(folder: str, count: int) -> dict:
    import openpyxl

    paths = sorted(Path(folder).glob("*.xlsx"))
    started = time.perf_counter()
    for path in paths:
        openpyxl.load_workbook(path).close()
    return {"seconds": time.perf_counter() - started, "files": len(paths)}


def _calamine_values(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def stage_calamine(folder: str, count: int) -> dict:
    paths = sorted(Path(folder).glob("*.xlsx"))
    started = time.perf_counter()
    for path in paths:
        _calamine_values(path)
    return {"seconds": time.perf_counter() - started, "files": len(paths)}


def stage_calamine_parallel(folder: str, count: int) -> dict:
    from concurrent.futures import ProcessPoolExecutor

    paths = sorted(Path(folder).glob("*.xlsx"))
    started = time.perf_counter()
    with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_calamine_values, paths, chunksize=16))
    return {"seconds": time.perf_counter() - started, "files": len(paths)}


def _child(stage_name: str, folder: str, count: int, queue) -> None:
    result = globals()[stage_name](folder, count)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_mb"] = max(own, workers) / 1024  # ru_maxrss is in KiB on Linux
    queue.put(result)


def run_stage(name: str, folder: Path, count: int) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(name, str(folder), count, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=342)
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    args = parser.parse_args()
    count = args.gemeenten
    work = args.keep or Path(tempfile.mkdtemp(prefix="national-round-"))
    blank, returns = work / "werkboeken", work / "retour"
    for folder in (blank, returns):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    print(f"National round: {count} gemeenten in {REGIONS} regions, layout {LAYOUT.name}, "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    rows = []
    figures = {}
    for label, name, folder in (("generate personalised workbooks", "stage_generate", blank),
                                ("fill synthetic answers (setup)", "stage_fill", returns),
                                ("collect + validate", "stage_collect", returns),
                                ("consolidate + report", "stage_consolidate", returns),
                                ("naive: openpyxl.load_workbook", "stage_openpyxl", returns),
                                ("floor: python-calamine values, 1 process", "stage_calamine", returns),
                                ("floor: python-calamine values, all cores", "stage_calamine_parallel", returns)):
        result = run_stage(name, folder, count)
        figures[name] = result
        rows.append((label, result["seconds"], 1000 * result["seconds"] / max(result["files"], 1), result["peak_mb"]))
        print(f"  {label:<44} {result['seconds']:7.2f} s {rows[-1][2]:8.1f} ms/file {result['peak_mb']:7.0f} MB peak",
              flush=True)
    collected = figures["stage_collect"]
    print(f"\nCollected {collected['files']} files, {collected['answers']} answer rows: {collected['complete']} "
          f"complete, {collected['incomplete']} incomplete, {collected['problems']} with problems.")
    collect_s = collected["seconds"]
    naive, floor, floor_par = (figures[k]["seconds"] for k in ("stage_openpyxl", "stage_calamine",
                                                               "stage_calamine_parallel"))
    print(f"Ratios: collect / naive openpyxl = {collect_s / naive:.2f} ({naive / collect_s:.1f}x faster); "
          f"collect / calamine floor = {collect_s / floor:.2f} (1 process), {collect_s / floor_par:.2f} (all cores).")
    peak = max(r[3] for r in rows)
    print("\nTargets:")
    checks = [("generate 342", figures["stage_generate"]["seconds"], TARGETS["generate"], "s"),
              ("collect + validate 342", collect_s, TARGETS["collect"], "s"),
              ("collect vs calamine floor (1 process)", collect_s / floor, TARGETS["floor_ratio"], "x"),
              ("consolidate", figures["stage_consolidate"]["seconds"], TARGETS["consolidate"], "s"),
              ("peak memory of any stage", peak, TARGETS["memory_mb"], "MB")]
    for label, value, target, unit in checks:
        verdict = "met" if value <= target else "not met"
        print(f"  {label:<40} {value:8.2f} {unit:<3} target <= {target:g} {unit:<3} {verdict}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
