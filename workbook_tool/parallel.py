"""Reading many returns in worker processes: each worker reads whole files, and sends back answers that
refer to the layout by key, so they cross the process boundary cheaply."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .completeness import completeness
from .layout.model import Layout
from .read import Answers, ReturnFile, read_return

PARALLEL_FROM = 24  # below this, starting processes costs more than it saves


def read_many(paths: list[Path], layouts: list[Layout], workers: int | None = None,
              parallel_from: int = PARALLEL_FROM) -> Iterator[ReturnFile]:
    """read_return for each path, in order; in worker processes when there are enough files."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(paths) < parallel_from:
        for path in paths:
            yield read_return(path, layouts)
        return
    global _WORKER_LAYOUTS
    _WORKER_LAYOUTS = layouts  # inherited by forked workers; passed again for spawn
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    fields = {(lay.id, lay.version): {f.key: f for f in lay.answer_fields()} for lay in layouts}
    by_key = {(lay.id, lay.version): lay for lay in layouts}
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(layouts,)) as pool:
        for portable in pool.map(_read_portable, paths, chunksize=max(1, min(16, len(paths) // (4 * workers)))):
            yield _rehydrate(portable, fields, by_key)


_WORKER_LAYOUTS: list[Layout] = []


def _init_worker(layouts: list[Layout]) -> None:
    global _WORKER_LAYOUTS
    _WORKER_LAYOUTS = layouts


def _read_portable(path: Path) -> tuple:
    """A ReturnFile without references into the layout, so it crosses the process boundary cheaply."""
    ret = read_return(path, _WORKER_LAYOUTS)
    counts = completeness(ret) if ret.layout else None  # here, in parallel, rather than in the parent
    layout_key = (ret.layout.id, ret.layout.version) if ret.layout else None
    kept = ret.answers
    answers = ([f.key for f in kept.fields], kept.cells, kept.values, kept.found, kept.problems)
    return (ret.path, ret.sha256, ret.outcome, ret.identity, layout_key, answers, ret.problems, ret.saved_at,
            ret.respondent, counts)


def _rehydrate(portable: tuple, fields: dict, layouts: dict) -> ReturnFile:
    path, sha256, outcome, identity, layout_key, answers, problems, saved, respondent, counts = portable
    ret = ReturnFile(path=path, sha256=sha256, outcome=outcome, identity=identity,
                     layout=layouts.get(layout_key), problems=problems, saved_at=saved, respondent=respondent,
                     counts=counts)
    if layout_key is not None:
        by_key = fields[layout_key]
        keys, cells, values, found, problems = answers
        ret.answers = Answers([by_key[key] for key in keys], cells, values, found, problems)
    return ret
