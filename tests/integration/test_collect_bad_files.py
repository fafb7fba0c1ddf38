"""collect and read_return on bad input: every bad file gets its own precise message and the batch goes on;
bombs are refused by the reader's limits; random damage and workbooks made by Excel never crash the reader."""

from __future__ import annotations

import hashlib
import io
import random
import time
import zipfile
from pathlib import Path

import pytest

from tests.support.paths import EXCEL_MADE
from tests.support.returns import BOMB_BYTES, BOMB_LIMITS, GEMEENTEN, huge_sheet, set_read_limits, zip_bomb
from workbook_tool.collect import collect
from workbook_tool.read import read_return


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_bad_file_gets_its_own_precise_message_and_the_batch_goes_on(bad_folder, layout_2022, monkeypatch):
    folder, cases = bad_folder
    set_read_limits(monkeypatch, **BOMB_LIMITS)
    before = digest(folder)
    started = time.perf_counter()
    result = collect(folder, [layout_2022], GEMEENTEN)
    elapsed = time.perf_counter() - started
    assert digest(folder) == before
    seen = {str(f.path.relative_to(folder)): f for f in result.files}
    assert set(seen) == set(cases)
    for name, (outcome, code, message) in cases.items():
        ret = seen[name]
        assert ret.outcome == outcome, (name, [str(p) for p in ret.problems])
        if code:
            found = [p for p in ret.problems if p.code == code]
            assert found, (name, [str(p) for p in ret.problems])
            assert found[0].file == name and len(found[0].message) > 20
            assert message in found[0].message, (name, found[0].message)
    assert {s.gemeente for s in result.status if s.status != "missing"} >= {"Gemeente A"}
    assert elapsed < 60, "bombs are refused within bounded time"


def unpacked_sizes(data: bytes) -> tuple[int, int]:
    """(largest part, all parts) as the zip's directory states them."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sizes = [info.file_size for info in archive.infolist()]
    return max(sizes), sum(sizes)


@pytest.mark.parametrize("bomb", [zip_bomb, huge_sheet], ids=["zipbom", "reuzenblad"])
def test_the_size_limits_are_what_refuses_the_bombs(bomb, layout_2022, tmp_path, monkeypatch):
    """Each bomb is refused exactly from the byte the part or total limit allows no more, not by chance."""
    path = tmp_path / "bom.xlsx"
    path.write_bytes(bomb())
    largest, total = unpacked_sizes(path.read_bytes())
    assert BOMB_LIMITS["MAX_PART_BYTES"] < largest and BOMB_LIMITS["MAX_TOTAL_BYTES"] < total <= 2 * BOMB_BYTES
    assert path.stat().st_size < 1024 * 1024, "the fixture itself stays small"

    def refused_for_size(**limits) -> bool:
        with monkeypatch.context() as patch:
            set_read_limits(patch, **limits)
            result = read_return(path, [layout_2022])
        sized = [p for p in result.problems if p.code == "unsafe" and "pakt uit tot meer dan" in p.message]
        return result.outcome == "failed" and bool(sized)

    assert refused_for_size(**BOMB_LIMITS)
    unlimited = 10 * total
    assert refused_for_size(MAX_PART_BYTES=largest - 1, MAX_TOTAL_BYTES=unlimited)
    assert not refused_for_size(MAX_PART_BYTES=largest, MAX_TOTAL_BYTES=unlimited)
    assert refused_for_size(MAX_PART_BYTES=unlimited, MAX_TOTAL_BYTES=total - 1)
    assert not refused_for_size(MAX_PART_BYTES=unlimited, MAX_TOTAL_BYTES=total)


def test_random_byte_mutations_never_crash(bad_folder, layout_2022, tmp_path):
    folder, _ = bad_folder
    data = (folder / "Gemeente A.xlsx").read_bytes()
    rng = random.Random(20261123)
    outcomes = set()
    for index in range(300):
        mutated = bytearray(data)
        if index % 10 == 0:
            mutated = mutated[: rng.randint(0, len(mutated))]
        else:
            for _ in range(rng.randint(1, 30)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        path = tmp_path / f"mutant{index}.xlsx"
        path.write_bytes(bytes(mutated))
        started = time.perf_counter()
        result = read_return(path, [layout_2022])
        assert time.perf_counter() - started < 10
        outcomes.add(result.outcome)
        if result.outcome == "failed":
            assert result.problems and result.problems[0].message
            assert result.problems[0].code != "internal", str(result.problems[0])
    assert "failed" in outcomes


def test_workbooks_made_by_excel_are_refused_clearly(layout_2022):
    files = sorted(EXCEL_MADE.glob("*.xlsx"))
    assert len(files) >= 490
    codes = {}
    for path in files:
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        result = read_return(path, [layout_2022])
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        assert result.outcome == "failed", path.name
        codes[path.name] = result.problems[0].code
    assert set(codes.values()) <= {"not_a_scan", "corrupt", "unsafe"}, \
        {k: v for k, v in codes.items() if v not in ("not_a_scan",)}
    assert list(codes.values()).count("not_a_scan") > 480
