"""collect on a folder of 1,000 mixed good and bad returns: time, peak memory, and every file named.

    .venv/bin/python benchmarks/mixed_batch.py [--files 1000] [--keep DIR]

The mix, in turn: good returns, returns with a value typed far away (XFD1048576, AMJ1048576, XFD2000,
A1048576), names that are not UTF-8, returns saved as .ods and .xls (made by ssconvert when installed),
truncated files, zips whose directory claims a compressed size of 0, text and empty files, and one 3 GB
stray backup (sparse on disk). collect runs in a fresh process; its peak memory includes its workers.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LAYOUT = ROOT / "workbook_tool" / "layouts" / "preventiescanner-2022.yaml"
FAR = [("XFD1048576", 1048576), ("AMJ1048576", 1048576), ("XFD2000", 2000), ("A1048576", 1048576)]


def far_away(data: bytes, part: str, cell: str, row: int) -> bytes:
    from workbook_tool.fileio import rewrite_zip

    added = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>ver weg</t></is></c></row></sheetData>'.encode()
    return rewrite_zip(data, {part: lambda xml: xml.replace(b"</sheetData>", added, 1)})


def zero_compressed(data: bytes, part: str) -> bytes:
    index = data.index(b"PK\x01\x02")
    while data[index + 46:index + 46 + len(part)] != part.encode():
        index = data.index(b"PK\x01\x02", index + 4)
    return data[:index + 20] + (0).to_bytes(4, "little") + (2_000_000).to_bytes(4, "little") + data[index + 28:]


def other_formats(good: Path, work: Path) -> dict[str, bytes]:
    if not shutil.which("ssconvert"):
        return {}
    made = {}
    for suffix, exporter in ((".xls", "Gnumeric_Excel:excel_biff8"), (".ods", "Gnumeric_OpenCalc:odf")):
        target = work / f"converted{suffix}"
        subprocess.run(["ssconvert", "-T", exporter, str(good), str(target)], capture_output=True, check=True)
        made[suffix] = target.read_bytes()
    return made


def build_folder(folder: Path, count: int) -> None:
    from workbook_tool.gemeenten import Gemeente
    from workbook_tool.generate import generate
    from workbook_tool.layout import load_layout
    from workbook_tool.read.structure import read_structure

    layout = load_layout(LAYOUT)
    work = Path(tempfile.mkdtemp(prefix="wt-mixed-"))
    try:
        generated = generate(layout, work, [Gemeente(f"Gemeente {n}", "Regio", n) for n in range(1, 41)], ronde="2026")
        goods = [p.read_bytes() for p in generated.files]
        with zipfile.ZipFile(io.BytesIO(goods[0])) as archive:
            part = read_structure(archive).sheets["Bestaanscondities"][0]
        others = other_formats(generated.files[0], work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    raw = os.fsencode(folder)
    for index in range(count):
        good = goods[index % len(goods)]
        kind = index % 10
        name, content = f"retour {index:04d}.xlsx".encode(), good
        if kind == 1:
            cell, row = FAR[index % len(FAR)]
            name, content = f"ver weg {index:04d}.xlsx".encode(), far_away(good, part, cell, row)
        elif kind == 2:
            name = b"S\xfadwest-Frysl\xe2n %04d.xlsx" % index
        elif kind == 3 and others:
            suffix = ".ods" if index % 20 < 10 else ".xls"
            name, content = f"opgeslagen {index:04d}{suffix}".encode(), others[suffix]
        elif kind == 4:
            name, content = f"afgebroken {index:04d}.xlsx".encode(), good[: len(good) // 2]
        elif kind == 5:
            name, content = f"nul {index:04d}.xlsx".encode(), zero_compressed(good, part)
        elif kind == 6:
            name, content = f"tekst {index:04d}.csv".encode(), b"vraag;antwoord\n"
        elif kind == 7:
            name, content = f"leeg {index:04d}.xlsx".encode(), b""
        with open(raw + b"/" + name, "wb") as handle:
            handle.write(content)
    with open(folder / "backup.xlsx", "wb") as handle:  # 3 GB, sparse: refused by its size, never read
        handle.truncate(3 * 1024 ** 3)


COLLECT = """
import json, re, resource, sys, time
from workbook_tool.collect import collect
from workbook_tool.layout import load_layout
started = time.perf_counter()
result = collect(sys.argv[1], [load_layout(sys.argv[2])])
elapsed = time.perf_counter() - started
own = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mb": max(own, workers) / 1024,
                  "files": [[f.name, f.outcome, sorted({p.code for p in f.problems})] for f in result.files]}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="build the folder here and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="wt-mixed-batch-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        build_folder(folder, args.files)
        print(f"built {args.files + 1} files in {time.perf_counter() - started:.1f} s")
        done = subprocess.run([sys.executable, "-c", COLLECT, str(folder), str(LAYOUT)], capture_output=True,
                              text=True, cwd=ROOT)
        if done.returncode != 0:
            print(done.stderr[-3000:])
            return 1
        report = json.loads(done.stdout.splitlines()[-1])
        files = report["files"]
        outcomes: dict[str, int] = {}
        codes: dict[str, int] = {}
        for _name, outcome, found in files:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            for code in found:
                codes[code] = codes.get(code, 0) + 1
        named = len({name for name, _, _ in files})
        print(f"collect: {report['seconds']:.1f} s, peak {report['peak_mb']:.0f} MB (workers included)")
        print(f"files: {len(files)} read back, {named} distinct names; outcomes {outcomes}")
        print("problem codes: " + ", ".join(f"{code} {n}" for code, n in sorted(codes.items())))
        ok = len(files) == args.files + 1 == named and "internal" not in codes
        print("every file named, none internal: " + ("yes" if ok else "NO"))
        bad_names = [name for name, _, _ in files if re.search("[\udc80-\udcff]", name)]
        return 0 if ok and not bad_names else 1
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
