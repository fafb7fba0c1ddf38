"""A synthetic national round (342 gemeenten in 25 regions, and ten times that), measured like for like.

    .venv/bin/python benchmarks/national_round.py [--sizes 342,3420] [--runs N] [--quick]
                                                  [--keep DIR] [--json FILE]

Setup (not timed): a gemeenten list (DIR/<N>/gemeenten.csv), N personalised workbooks made by
`generate(...)` (DIR/<N>/werkboeken) and the same workbooks filled with synthetic answers (DIR/<N>/retour:
80 % complete, 10 % stopped early, 10 % with pasted values the reader must flag). With --keep DIR a
folder made before with the same count is reused, so the 3,420 returns are made once.

What is measured, each stage in a fresh process:

- the command line as a coordinator runs it, `workbook-tool generate|collect|consolidate`, timed
  wall-clock from the process start to its exit (Python start-up and imports included);
- the library calls the command line makes, `generate(...)`, `pipeline.collect_folder(...)` and
  `pipeline.consolidate_folder(...)`, timed inside a fresh process around the call only (no start-up);
- the floors, the same work done the simplest fast way (benchmarks/floors.py): python-calamine reading
  every sheet's values of every return, in as many processes as the tool uses for that many files,
  started like the command line (timed from process start) and as a library call (timed inside); and
  for generate, copying one finished workbook file once per gemeente.

Each comparison is like for like: the command line against the floor started the same way, the library
call against the floor called the same way, each with the same number of processes (the `procs` column
shows how many processes were seen, so a mismatch is visible). Stages that are compared run one after
the other in one group, and the order within each group is reversed on every other run, so drift in the
machine's load hits both sides alike. Every figure is the median of the runs, every ratio the median of
the per-run ratios (tool / floor of the same run), each with its min-max spread. An untimed warm-up read
puts the returns in the page cache first.

Peak memory is of the whole process tree (the tool reads returns in worker processes):

- RSS: os.wait4's ru_maxrss of the child, which on Linux is the largest peak resident set of the child
  and of every descendant it waited for: exact (the kernel keeps it), but of one process at a time;
- PSS: the tree's summed proportional set size (/proc/<pid>/smaps_rollup of the process and all its
  descendants), sampled every 20 ms in a thread. Forked workers share their parent's pages; summing
  their RSS would count those pages once per process, PSS divides each shared page among its sharers,
  so the sum is what the tree holds at once. Sampling can miss a spike shorter than the interval.
  Where the kernel has no /proc/<pid>/task/*/children (CONFIG_PROC_CHILDREN), descendants are found
  from the parent pid in /proc/*/stat.

Linux carries a process's peak RSS over fork and exec into ru_maxrss of what it starts, so this process
stays small: the setup, which imports the tool, runs in a child process too.

Neither alone bounds the memory a command needs: the largest process can be below the tree's total, and
the sampled total can miss the largest process's brief peak. The memory targets are judged on the
larger of the two.

The output is a table per size (stage, median seconds, spread, peak memory, ratio to its floor) and a
Targets block, one line per target with its figure and met / not met; --json writes the same as JSON.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import multiprocessing
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(ROOT)]

LAYOUT = ROOT / "workbook_tool" / "layouts" / "preventiescanner-2022.yaml"
RONDE = "Landelijk 2026"
REGIONS = 25
RUNS = {342: 5}  # default runs per size; any other size: DEFAULT_RUNS
DEFAULT_RUNS = 3
SAMPLE_SECONDS = 0.02

GENERATE_SECONDS = 1.2  # at 342, the library call
RATIO = 1.5  # collect / calamine floor; consolidate / collect


def memory_target_mb(size: int) -> float:
    return 250.0 if size <= 342 else 400.0


# -- setup: the gemeenten list, the workbooks, the filled returns (not timed) -----------------------

def write_gemeenten(path: Path, count: int) -> None:
    """A list the tool's loader accepts, like samples/gemeenten-voorbeeld.csv (semicolons, Dutch headers)."""
    width = len(str(count))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["nummer", "naam", "regio", "contactpersoon", "e-mail"])
        for n in range(1, count + 1):
            writer.writerow([n, f"Gemeente {n:0{width}d}", f"Regio {1 + (n - 1) % REGIONS:02d}",
                             f"Contact {n}", f"contact@gemeente{n}.example.nl"])


def synthetic_answers(template, nr: int) -> dict:
    """Most gemeenten answer everything; some stop early; a few paste values the reader must flag. Answered as
    a person would: "Geen van bovenstaande" and "Onbekend" not ticked next to ticked items, an "Anders" with
    its "namelijk" text, so the warnings are the few a real round has, not thousands."""
    from workbook_tool.layout.model import NAMELIJK

    rng = random.Random(nr)
    layout = template.layout
    roles = {f.key: f.item.role for f in layout.answer_fields()}
    kind = "complete" if nr % 10 < 8 else ("incomplete" if nr % 10 == 8 else "problems")
    share = 1.0 if kind != "incomplete" else rng.uniform(0.5, 0.95)
    answers = {}
    for record in template.cells:
        if rng.random() > share:
            continue
        if record.type == "choice":
            choices = layout.choice_lists[record.choices]
            if roles.get(record.key) in ("geen", "onbekend") and len(choices) > 1:
                answers[record.key] = choices[1]  # Nee: the items above are answered
            else:
                answers[record.key] = choices[0] if rng.random() < 0.55 else rng.choice(choices)
        elif record.type == "number":
            answers[record.key] = rng.randint(0, 400)
        elif record.type == "date":
            answers[record.key] = dt.date(2026, rng.randint(1, 12), rng.randint(1, 28))
        elif record.column_id == NAMELIJK:
            anders = f"{record.question_id}.{record.item_id}."
            if any(k.startswith(anders) and v == "Ja" for k, v in answers.items()):
                answers[record.key] = "eigen aanpak van de gemeente"
        elif kind == "complete" or rng.random() < 0.3:  # complete: the open questions asked are answered too
            answers[record.key] = rng.choice(["wijkteam en schuldhulp", "via de centrumgemeente",
                                              "nog in ontwikkeling"])
    for record in template.cells:  # an "Anders" answered Ja whose text the gemeente did not get to
        if record.type == "choice" and roles.get(record.key) == "anders" and answers.get(record.key) == "Ja":
            namelijk = f"{record.question_id}.{record.item_id}.{NAMELIJK}"
            if namelijk not in answers and kind != "incomplete":
                answers[namelijk] = "eigen aanpak van de gemeente"
    if kind == "problems":
        keys = [r.key for r in template.cells if r.type == "choice"]
        for key in rng.sample(keys, 5):
            answers[key] = rng.choice(["misschien", "ja ", "JA", "n.v.t."])
    return answers


_FILL_TEMPLATE = None  # set before the fill workers fork; they inherit it


def _fill_one(job: tuple[Path, Path, int]) -> None:
    from workbook_tool.fill import fill_template

    blank, target, nr = job
    target.write_bytes(fill_template(_FILL_TEMPLATE, blank.read_bytes(), synthetic_answers(_FILL_TEMPLATE, nr)))


def fill_returns(template, jobs: list[tuple[Path, Path, int]]) -> None:
    """Fill every blank workbook with its synthetic answers, in one process per core, printing progress."""
    global _FILL_TEMPLATE
    _FILL_TEMPLATE = template
    step = max(1, len(jobs) // 10)
    with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork")) as pool:
        for done, _ in enumerate(pool.map(_fill_one, jobs, chunksize=8), start=1):
            if done % step == 0 or done == len(jobs):
                print(f"    filled {done}/{len(jobs)}", flush=True)


@dataclass(frozen=True)
class Round:
    """The folders of one size: the list, the blank workbooks, the returns, and the outputs of each stage."""

    base: Path
    size: int

    @property
    def gemeenten(self) -> Path:
        return self.base / "gemeenten.csv"

    @property
    def werkboeken(self) -> Path:
        return self.base / "werkboeken"

    @property
    def retour(self) -> Path:
        return self.base / "retour"

    @property
    def marker(self) -> Path:
        return self.base / "setup.json"

    def out(self, stage: str) -> Path:
        return self.base / "uit" / stage

    def ready(self) -> bool:
        """A complete setup of this size made before (the marker is written last)."""
        return (self.marker.is_file() and self.gemeenten.is_file()
                and len(list(self.werkboeken.glob("*.xlsx"))) == self.size
                and len(list(self.retour.glob("*.xlsx"))) == self.size)


def prepare(rnd: Round) -> float:
    """Make the round's list, workbooks and returns unless a complete set is there; the seconds it took.

    The work runs in a child process: this process must stay small, because Linux carries a process's
    peak RSS over fork and exec into the children it starts, and so into their ru_maxrss."""
    if rnd.ready():
        print(f"  setup: reusing {rnd.size} returns in {rnd.retour}", flush=True)
        return 0.0
    started = time.perf_counter()
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "child_setup", str(rnd.base),
                    str(rnd.size)], check=True, cwd=ROOT)
    return time.perf_counter() - started


def child_setup(base: str, size: str) -> None:
    from workbook_tool.generate import generate
    from workbook_tool.layout import load_layout
    from workbook_tool.pipeline import round_gemeenten

    rnd = Round(Path(base), int(size))
    started = time.perf_counter()
    for folder in (rnd.werkboeken, rnd.retour, rnd.base / "uit"):
        shutil.rmtree(folder, ignore_errors=True)
    rnd.marker.unlink(missing_ok=True)
    rnd.retour.mkdir(parents=True)
    write_gemeenten(rnd.gemeenten, rnd.size)
    gemeenten = round_gemeenten(rnd.gemeenten)
    print(f"  setup: generating {rnd.size} workbooks into {rnd.werkboeken}", flush=True)
    result = generate(load_layout(LAYOUT), rnd.werkboeken, gemeenten, ronde=RONDE)
    print(f"  setup: generated in {time.perf_counter() - started:.1f} s; filling the returns", flush=True)
    jobs = [(path, rnd.retour / path.name, g.nummer) for g, path in zip(gemeenten, result.files, strict=True)]
    template = getattr(result, "template", None)  # the template the workbooks were made from
    if template is None:
        from workbook_tool.generate import build_template

        template = build_template(load_layout(LAYOUT), personalised=True)
    fill_returns(template, jobs)
    seconds = time.perf_counter() - started
    rnd.marker.write_text(json.dumps({"size": rnd.size, "layout": LAYOUT.name, "seconds": round(seconds, 1)}))
    print(f"  setup: {rnd.size} returns in {seconds:.1f} s", flush=True)
    return None


# -- children: the library calls and the floors, timed inside a fresh process ------------------------

def child_generate(out_dir: str, gemeenten_csv: str) -> dict:
    from workbook_tool.generate import generate
    from workbook_tool.layout import load_layout
    from workbook_tool.pipeline import round_gemeenten

    layout, gemeenten = load_layout(LAYOUT), round_gemeenten(gemeenten_csv)
    started = time.perf_counter()
    result = generate(layout, out_dir, gemeenten, ronde=RONDE)
    return {"seconds": time.perf_counter() - started, "files": len(result.files)}


def child_copy_floor(out_dir: str, blanks: str) -> dict:
    from floors import copy_all

    names = sorted(Path(blanks).glob("*.xlsx"))
    started = time.perf_counter()
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    copy_all(names[0], [Path(out_dir) / path.name for path in names])
    return {"seconds": time.perf_counter() - started, "files": len(names)}


def child_calamine_floor(folder: str) -> dict:
    from floors import read_all, return_paths, tool_workers

    started = time.perf_counter()
    paths = return_paths(folder)
    rows = read_all(paths, tool_workers(len(paths)))
    return {"seconds": time.perf_counter() - started, "files": len(paths), "rows": rows}


def child_collect(folder: str, gemeenten_csv: str, status: str) -> dict:
    from workbook_tool.pipeline import collect_folder

    started = time.perf_counter()
    outcome = collect_folder(folder, gemeenten=gemeenten_csv, status=status)
    seconds = time.perf_counter() - started
    statuses = [getattr(s, "status", "") for s in getattr(outcome.collected, "status", [])]
    return {"seconds": seconds, "files": len(getattr(outcome.collected, "files", [])),
            **{kind: statuses.count(kind) for kind in ("complete", "incomplete", "problems")}}


def child_consolidate(folder: str, gemeenten_csv: str, out: str) -> dict:
    from workbook_tool.pipeline import consolidate_folder

    started = time.perf_counter()
    outcome = consolidate_folder(folder, out, gemeenten=gemeenten_csv)
    return {"seconds": time.perf_counter() - started, "files": len(outcome.files)}


CHILDREN = {f.__name__: f for f in (child_setup, child_generate, child_copy_floor, child_calamine_floor, child_collect,
                                     child_consolidate)}


# -- measuring one process tree: wall time, largest RSS, summed PSS ---------------------------------

def _children_of(pid: int) -> list[int]:
    """The children of pid, from /proc/<pid>/task/*/children."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    return children


def _children_by_scan() -> dict[int, list[int]]:
    """Every process's children, from the parent pid in /proc/*/stat (kernels without task/*/children)."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            children[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry.name))
    return children


CHILDREN_FILES = any(Path(f"/proc/{os.getpid()}/task").glob("*/children"))  # needs CONFIG_PROC_CHILDREN


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants."""
    table = None if CHILDREN_FILES else _children_by_scan()
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += _children_of(current) if table is None else table.get(current, [])
    return tree


def pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the process tree's summed PSS and its number of processes until stopped; keeps the peaks."""

    def __init__(self, pid: int, interval: float = SAMPLE_SECONDS):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_pss_kib = 0
        self.processes = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            sizes = [pss_kib(p) for p in process_tree(self.pid)]
            self.peak_pss_kib = max(self.peak_pss_kib, sum(sizes))
            self.processes = max(self.processes, sum(1 for kib in sizes if kib))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


@dataclass
class Measurement:
    seconds: float  # wall clock from process start to exit, or the child's own timing of the call
    rss_mb: float  # largest single process (ru_maxrss, child and waited-for descendants)
    pss_mb: float  # peak summed PSS of the tree (sampled)
    processes: int  # most processes seen in the tree at once
    child: dict = field(default_factory=dict)  # what a library-call child reported

    @property
    def memory_mb(self) -> float:
        return max(self.rss_mb, self.pss_mb)


def run_measured(argv: list[str], inside: bool, ok_codes: tuple[int, ...] = (0,)) -> Measurement:
    """Run argv to its end; time it (wall clock, or the child's own figure when inside) and its memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode not in ok_codes:
        raise RuntimeError(f"{' '.join(argv)} exited with {process.returncode}:\n{stderr[-3000:]}")
    child = json.loads(stdout.strip().splitlines()[-1]) if inside else {}
    return Measurement(child["seconds"] if inside else wall, usage.ru_maxrss / 1024, sampler.peak_pss_kib / 1024,
                       sampler.processes, child)


# -- the stages, their groups and the ratios ---------------------------------------------------------

@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    argv: list[str]
    inside: bool  # timed by the child around the call (library call), else wall clock from process start
    command: bool = False  # a workbook-tool command: its peak memory has a target
    ok_codes: tuple[int, ...] = (0,)


def workbook_tool_command() -> str:
    beside = Path(sys.executable).parent / "workbook-tool"
    found = beside if beside.exists() else shutil.which("workbook-tool")
    if not found:
        sys.exit("workbook-tool not found next to this Python nor on PATH: pip install -e . first")
    return str(found)


def stages(rnd: Round) -> dict[str, Stage]:
    tool, py = workbook_tool_command(), sys.executable
    me, csv_file, retour = str(Path(__file__).resolve()), str(rnd.gemeenten), str(rnd.retour)

    def child(name: str, *args: object) -> list[str]:
        return [py, me, "--child", name, *map(str, args)]

    workers = min(os.cpu_count() or 1, 8) if rnd.size >= 24 else 1
    floor = f"floor: calamine, {workers} worker(s)"
    listed = [
        Stage("copy_floor", "floor: copy template file per gemeente", child(
            "child_copy_floor", rnd.out("copy_floor"), rnd.werkboeken), True),
        Stage("generate_lib", "generate(...)", child("child_generate", rnd.out("generate_lib"), csv_file), True),
        Stage("generate_cli", "workbook-tool generate", [
            tool, "generate", "--layout", str(LAYOUT), "--out", str(rnd.out("generate_cli")),
            "--gemeenten", csv_file, "--ronde", RONDE], False, True),
        Stage("calamine_cli", f"{floor}, CLI-started", [py, str(HERE / "floors.py"), "calamine", retour], False),
        Stage("collect_cli", "workbook-tool collect", [
            tool, "collect", retour, "--gemeenten", csv_file, "--status",
            str(rnd.out("collect_cli") / "status.xlsx")], False, True, (0, 1)),
        Stage("consolidate_cli", "workbook-tool consolidate", [
            tool, "consolidate", retour, "--gemeenten", csv_file, "--out",
            str(rnd.out("consolidate_cli") / "landelijk.xlsx")], False, True, (0, 1)),
        Stage("calamine_lib", f"{floor}, library call", child("child_calamine_floor", retour), True),
        Stage("collect_lib", "pipeline.collect_folder(...)", child(
            "child_collect", retour, csv_file, rnd.out("collect_lib") / "status.xlsx"), True),
        Stage("consolidate_lib", "pipeline.consolidate_folder(...)", child(
            "child_consolidate", retour, csv_file, rnd.out("consolidate_lib") / "landelijk.xlsx"), True),
    ]
    return {stage.key: stage for stage in listed}


# Stages compared with each other run in one group, one after the other; the order flips every other run.
GROUPS = [["copy_floor", "generate_lib", "generate_cli"],
          ["calamine_cli", "collect_cli", "consolidate_cli"],
          ["calamine_lib", "collect_lib", "consolidate_lib"]]
# (stage, the stage it is compared with): the ratio of each run is stage / floor of that run.
RATIOS = [("generate_lib", "copy_floor"), ("collect_cli", "calamine_cli"), ("consolidate_cli", "collect_cli"),
          ("collect_lib", "calamine_lib"), ("consolidate_lib", "collect_lib")]


def run_stage(rnd: Round, stage: Stage) -> Measurement:
    out = rnd.out(stage.key)
    shutil.rmtree(out, ignore_errors=True)  # every run does the same work: no earlier output to check or replace
    out.mkdir(parents=True)
    return run_measured(stage.argv, stage.inside, stage.ok_codes)


def measure(rnd: Round, runs: int) -> dict[str, list[Measurement]]:
    """runs alternated runs of every group; each stage's measurements in run order."""
    by_key = stages(rnd)
    run_measured(by_key["calamine_cli"].argv, inside=False)  # warm-up: the returns into the page cache
    results: dict[str, list[Measurement]] = defaultdict(list)
    for r in range(runs):
        print(f"  run {r + 1}/{runs}:", end="", flush=True)
        for group in GROUPS:
            for key in (group if r % 2 == 0 else reversed(group)):
                results[key].append(run_stage(rnd, by_key[key]))
                print(f" {key} {results[key][-1].seconds:.2f}", end="", flush=True)
        print(flush=True)
    return results


# -- summary, table, targets -------------------------------------------------------------------------

def spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "values": values}


def summarise(rnd: Round, results: dict[str, list[Measurement]], setup_s: float, measure_s: float) -> dict:
    by_key = stages(rnd)
    summary = {"size": rnd.size, "runs": len(results["collect_cli"]), "setup_seconds": round(setup_s, 1),
               "measure_seconds": round(measure_s, 1), "stages": {}, "ratios": {}}
    for key, measured in results.items():
        summary["stages"][key] = {
            "label": by_key[key].label, "command": by_key[key].command,
            "seconds": spread([m.seconds for m in measured]),
            "peak_rss_mb": max(m.rss_mb for m in measured), "peak_pss_mb": max(m.pss_mb for m in measured),
            "peak_mb": max(m.memory_mb for m in measured), "processes": max(m.processes for m in measured)}
    for key, floor in RATIOS:
        summary["ratios"][key] = {"floor": floor, **spread(
            [tool.seconds / base.seconds for tool, base in zip(results[key], results[floor], strict=True)])}
    collected = results["collect_lib"][0].child
    summary["collected"] = {k: collected.get(k) for k in ("files", "complete", "incomplete", "problems")}
    return summary


def print_table(summary: dict) -> None:
    print(f"\n{summary['size']} returns, median of {summary['runs']} alternated runs "
          f"(setup {summary['setup_seconds']:.0f} s, measuring {summary['measure_seconds']:.0f} s)")
    c = summary["collected"]
    print(f"collect read {c['files']} files: {c['complete']} complete, {c['incomplete']} incomplete, "
          f"{c['problems']} with problems")
    print(f"  {'stage':<44} {'median s':>9} {'min-max s':>15} {'RSS MB':>7} {'PSS MB':>7} {'procs':>5}  "
          f"ratio to floor (median, min-max)")
    for group in GROUPS:
        for key in group:
            s = summary["stages"][key]
            t = s["seconds"]
            ratio = summary["ratios"].get(key)
            against = (f"{ratio['median']:5.2f}x {summary['stages'][ratio['floor']]['label']} "
                       f"({ratio['min']:.2f}-{ratio['max']:.2f})") if ratio else ""
            span = f"{t['min']:.2f}-{t['max']:.2f}"
            print(f"  {s['label']:<44} {t['median']:9.2f} {span:>15} {s['peak_rss_mb']:7.0f} "
                  f"{s['peak_pss_mb']:7.0f} {s['processes']:5d}  {against}")
        print()


def targets(summaries: list[dict]) -> list[dict]:
    """One line per target: figure, target, met or not."""
    lines = []
    for summary in summaries:
        size, st, ratios = summary["size"], summary["stages"], summary["ratios"]
        if size == 342:
            gen = st["generate_lib"]["seconds"]["median"]
            lines.append({"figure": f"generate(...) at {size}, library call (median)", "value": gen, "unit": "s",
                          "target": GENERATE_SECONDS,
                          "note": f"{ratios['generate_lib']['median']:.1f}x the copy floor"})
        lines.append({"figure": f"workbook-tool collect / calamine floor, same processes, at {size}",
                      "value": ratios["collect_cli"]["median"], "unit": "x", "target": RATIO,
                      "note": f"spread {ratios['collect_cli']['min']:.2f}-{ratios['collect_cli']['max']:.2f}"})
        lines.append({"figure": f"workbook-tool consolidate / workbook-tool collect, at {size}",
                      "value": ratios["consolidate_cli"]["median"], "unit": "x", "target": RATIO,
                      "note": f"spread {ratios['consolidate_cli']['min']:.2f}-{ratios['consolidate_cli']['max']:.2f}"})
        for key in ("generate_cli", "collect_cli", "consolidate_cli"):
            s = st[key]
            lines.append({"figure": f"peak memory {s['label']} at {size}", "value": s["peak_mb"], "unit": "MB",
                          "target": memory_target_mb(size),
                          "note": f"RSS {s['peak_rss_mb']:.0f}, PSS {s['peak_pss_mb']:.0f}"})
    for line in lines:
        line["met"] = line["value"] <= line["target"]
    return lines


def print_targets(lines: list[dict]) -> None:
    print("Targets (medians of alternated runs; memory: larger of largest process RSS and tree PSS):")
    for t in lines:
        figure = f"{t['value']:.2f} {t['unit']}" if t["unit"] != "MB" else f"{t['value']:.0f} MB"
        target = f"<= {t['target']:g} {t['unit']}"
        print(f"  {t['figure']:<62} {figure:>10}  {target:<12} {'met' if t['met'] else 'not met':<8} ({t['note']})")


# -- main ----------------------------------------------------------------------------------------------

def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="342,3420", help="numbers of gemeenten, comma-separated")
    parser.add_argument("--runs", type=int, help="alternated runs per size (default: 5 at 342, 3 otherwise)")
    parser.add_argument("--quick", action="store_true", help="the first size only, 3 runs")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the setup in DIR/<size>/")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.quick:
        sizes = sizes[:1]
    work = args.keep or Path(tempfile.mkdtemp(prefix="national-round-"))
    print(f"National round, layout {LAYOUT.name}, {REGIONS} regions, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.platform()}", flush=True)
    summaries = []
    try:
        for size in sizes:
            runs = args.runs or (3 if args.quick else RUNS.get(size, DEFAULT_RUNS))
            rnd = Round(work / str(size), size)
            print(f"\n{size} gemeenten in {rnd.base}", flush=True)
            rnd.base.mkdir(parents=True, exist_ok=True)
            setup_s = prepare(rnd)
            started = time.perf_counter()
            results = measure(rnd, runs)
            summaries.append(summarise(rnd, results, setup_s, time.perf_counter() - started))
            print_table(summaries[-1])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    lines = targets(summaries)
    print_targets(lines)
    if args.json:
        args.json.write_text(json.dumps({
            "date": dt.datetime.now().isoformat(timespec="seconds"), "cores": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform(), "layout": LAYOUT.name,
            "sizes": summaries, "targets": lines}, indent=2))
        print(f"\nResults written to {args.json}")


def child_main(name: str, args: list[str]) -> None:
    result = CHILDREN[name](*args)
    if result is not None:
        print(json.dumps(result))  # the last line of stdout: what run_measured reads


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_main(sys.argv[2], sys.argv[3:])
    else:
        main()
