"""Sybil adapter: every executable fence of the docs is a test, run through the engine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sybil import Document, Example, Region, Sybil

from .blocks import Block, find_blocks
from .execute import BlockError
from .project import programs
from .runner import Runner

__all__ = ["docs_sybil"]


def _offsets(text: str) -> list[int]:
    """Character offset of the start of each line (and one past the end)."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


class _Page:
    """One document's blocks and, once its first example runs, the engine's verdict."""

    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.error: BlockError | None = None
        self.ran = False


def docs_sybil(root: Path, patterns: tuple[str, ...] = ("docs/**/*.md",)) -> Sybil:
    """A Sybil that runs each page of `root` once through a Runner that never reads the cache.

    The Runner still stores what it runs, so a build after the tests executes nothing.
    Pages with the same program (the zh and en twins) share one execution.
    """
    runner = Runner(root, cache_dir=root / ".cache" / "docexec", read_cache=False)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        runner.jobs = 1  # pytest-xdist already gives each core its share of the pages
    started = False

    def evaluate(example: Example) -> str | None:
        nonlocal started
        page, index = example.parsed
        if not started:  # the first example starts every page in worker processes
            started = True
            runner.prefetch(programs(root).values())
        if not page.ran:
            page.ran = True
            try:
                runner.run(page.blocks)
            except BlockError as err:
                page.error = err
        if page.error is None or page.error.index > index:
            return None
        if page.error.index == index:
            return str(page.error)
        pytest.skip(f"an earlier block of this page failed: {page.error.block.where()}")

    def parse(document: Document) -> Iterator[Region]:
        blocks = find_blocks(document.text, Path(document.path), root / "snippets")
        page = _Page(blocks)
        starts = _offsets(document.text)
        for index, block in enumerate(blocks):
            start, end = block.span
            yield Region(starts[start], starts[end], (page, index), evaluate)

    return Sybil(parsers=[parse], patterns=list(patterns), path=str(root))
