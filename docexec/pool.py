"""Run page programs in worker processes that import the heavy libraries once."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .blocks import Block
from .execute import PageRun, run_page

__all__ = ["WorkerPool", "jobs"]


def jobs() -> int:
    """How many pages run at once: `DOCEXEC_JOBS`, or one per core (1 runs pages in-process)."""
    return max(1, int(os.environ.get("DOCEXEC_JOBS") or os.cpu_count() or 1))


def _warm_up() -> None:
    """Import what every page imports, once per worker, before its first page."""
    import matplotlib.pyplot  # noqa: F401
    import torch  # noqa: F401
    import torchvision  # noqa: F401


class WorkerPool:
    """Worker processes that each run pages one after another, every page in a fresh namespace.

    Workers are started by `spawn`, not `fork`: a fork of a process that has started torch's
    thread pools can hang. A page runs in a worker exactly as it runs in-process (`run_page`
    isolates it), so the outputs are the same either way.
    """

    def __init__(self, workers: int):
        self._workers = workers
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_up,
        )

    def submit(self, blocks: list[Block], root: Path, timeout: float) -> Future[PageRun]:
        """Start running a page; the future gives its run or raises its BlockError."""
        return self._executor.submit(run_page, blocks, root, timeout)

    def warm_up(self) -> None:
        """Start every worker now (each imports torch) instead of at the first page."""
        for _ in range(self._workers):
            self._executor.submit(_warm_up)

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)
