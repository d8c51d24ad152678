"""Outputs of a page program: from memory, from the disk cache, or by running it once."""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .blocks import Block
from .compare import matches
from .display import Output
from .execute import BlockError, PageRun, run_page
from .pool import WorkerPool, jobs

__all__ = ["OutputMismatch", "Runner"]


class OutputMismatch(BlockError):
    """A block's output differs from the expected output the page states."""

    def __init__(self, block: Block, index: int, expected: str, actual: str):
        summary = "its output differs from the expected output"
        detail = f"expected:\n{expected}\n\ngot:\n{actual}"
        super().__init__(block, index, None, summary, detail)


def _text(outputs: list[Output]) -> str:
    return "\n".join((o.text or o.markdown).rstrip("\n") for o in outputs if not o.is_image)


def check_expected(blocks: list[Block], run: PageRun) -> None:
    """Raise OutputMismatch for the first block whose output is not what the page expects."""
    for index, (block, outputs) in enumerate(zip(blocks, run.outputs, strict=True)):
        if block.language == "pycon":
            for example, output in zip(block.examples(), outputs, strict=True):
                if not matches(example.want, output.text):
                    raise OutputMismatch(block, index, example.want.rstrip(), output.text)
        elif block.expected is not None and not matches(block.expected, _text(outputs)):
            raise OutputMismatch(block, index, block.expected, _text(outputs))


def _result(pending: Future[PageRun], blocks: list[Block]) -> PageRun:
    """The run of a page from a worker, its failure told for this page, not its twin's.

    The twin pages of a topic share one program, and the worker may have run the twin.
    """
    try:
        return pending.result()
    except BlockError as err:
        block = blocks[err.index]
        lines = err.block.lines
        origin = block.lines[lines.index(err.origin)] if err.origin in lines else err.origin
        raise BlockError(block, err.index, origin, err.summary, err.detail) from None


MIN_PARALLEL = 4
"""Fewer page programs than this to run, and `prefetch` leaves them to `run`, in-process:
each worker process first spends seconds importing torch."""


@dataclass
class Runner:
    """Runs page programs once each: the zh and en pages of a topic share one execution."""

    root: Path
    """The repository root: the working directory of page code."""
    cache_dir: Path | None = None
    """Where runs are stored; None stores nothing."""
    read_cache: bool = True
    """False never takes a stored run (the tests), but still stores fresh runs."""
    timeout: float = field(default_factory=lambda: float(os.environ.get("DOCEXEC_TIMEOUT", "60")))
    """Seconds one block may run: `DOCEXEC_TIMEOUT`, or 60."""
    jobs: int = field(default_factory=jobs)
    """Pages run at once by `prefetch`: `DOCEXEC_JOBS`, or one per core."""
    executed: list[str] = field(default_factory=list)
    """Pages run for this runner, for reports and the benchmark."""
    _memory: dict[str, PageRun] = field(default_factory=dict)
    _pending: dict[str, Future[PageRun]] = field(default_factory=dict)
    _pool: WorkerPool | None = None

    def _known(self, key: str) -> PageRun | None:
        """The run of `key` from memory or the cache, if it is still fresh."""
        result = self._memory.get(key)
        if result is not None and not cache.fresh(result, self.root):
            result = None
        if result is None and self.cache_dir and self.read_cache:
            result = cache.load(self.cache_dir, key, self.root)
        return result

    def prefetch(self, programs: Iterable[list[Block]]) -> None:
        """Start running, in worker processes, the programs that `run` would have to run.

        With one job this does nothing: `run` then runs each page in this process.
        """
        if self.jobs <= 1:
            return
        to_run: dict[str, list[Block]] = {}
        for blocks in programs:
            key = cache.page_key(blocks) if blocks else None
            if key is None or key in self._pending or key in to_run:
                continue
            if (known := self._known(key)) is not None:
                self._memory[key] = known
                continue
            to_run[key] = blocks
        if len(to_run) < MIN_PARALLEL and not self._pool:
            return  # starting workers costs more than running a few pages here (unless warm)
        for key, blocks in to_run.items():
            self._pool = self._pool or WorkerPool(self.jobs)
            self._pending[key] = self._pool.submit(blocks, self.root, self.timeout)

    def run(self, blocks: list[Block]) -> PageRun:
        """The outputs of `blocks`, checked against the outputs the page expects."""
        if not blocks:
            return PageRun([], {})
        key = cache.page_key(blocks)
        result = self._known(key)
        if result is None:
            pending = self._pending.pop(key, None)
            result = (
                _result(pending, blocks) if pending else run_page(blocks, self.root, self.timeout)
            )
            self.executed.append(str(blocks[0].page))
            if self.cache_dir:
                cache.store(self.cache_dir, key, result)
        self._memory[key] = result
        check_expected(blocks, result)
        return result

    def warm_up(self) -> None:
        """Start the worker processes now, so that the next page to run finds them ready."""
        if self.jobs > 1 and not self._pool:
            self._pool = WorkerPool(self.jobs)
            self._pool.warm_up()

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool:
            self._pool.close()
            self._pool, self._pending = None, {}
