"""Outputs of a page program: from memory, from the disk cache, or by running it once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .blocks import Block
from .compare import matches
from .display import Output
from .execute import BlockError, PageRun, run_page

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
    executed: list[str] = field(default_factory=list)
    """Pages run in this process, for reports and the benchmark."""
    _memory: dict[str, PageRun] = field(default_factory=dict)

    def run(self, blocks: list[Block]) -> PageRun:
        """The outputs of `blocks`, checked against the outputs the page expects."""
        if not blocks:
            return PageRun([], {})
        key = cache.page_key(blocks)
        result = self._memory.get(key)
        if result is not None and not cache.fresh(result, self.root):
            result = None
        if result is None and self.cache_dir and self.read_cache:
            result = cache.load(self.cache_dir, key, self.root)
        if result is None:
            result = run_page(blocks, self.root, self.timeout)
            self.executed.append(str(blocks[0].page))
            if self.cache_dir:
                cache.store(self.cache_dir, key, result)
        self._memory[key] = result
        check_expected(blocks, result)
        return result
