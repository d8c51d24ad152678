"""Run a page's blocks top to bottom in one fresh namespace, Jupyter-style."""

from __future__ import annotations

import ast
import contextlib
import io
import linecache
import platform
import re
import signal
import threading
import traceback
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from types import CodeType

from .blocks import Block
from .display import Output, displayed, open_figures, text_output
from .isolation import isolated
from .layers import LayerRecorder
from .reads import FileReads
from .source import Line, shown_path, strip_comments

__all__ = ["BlockError", "BlockTimeout", "PageRun", "run_page"]

_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]{4,}")


class BlockTimeout(BaseException):
    """A block ran past its time limit (a BaseException so page code cannot swallow it)."""


class UnsteadyOutput(Exception):
    """An output shows something that changes from one process to the next."""


def _steady(outputs: list[Output]) -> list[Output]:
    """`outputs`, unless one shows a memory address, which no two runs share."""
    for output in outputs:
        if match := _ADDRESS.search(output.text):
            line = next(x for x in output.text.splitlines() if match.group(0) in x)
            raise UnsteadyOutput(
                f"its output shows a memory address, which changes from run to run: {line.strip()}"
                "\nHide the value: end the line with `;` (in a snippet, where the formatter drops"
                " `;`, assign it: `_ = ...`), or print what matters about it."
            )
    return outputs


class BlockError(Exception):
    """A block failed; the message names the page, the snippet line and the exception."""

    def __init__(self, block: Block, index: int, origin: Line | None, summary: str, detail: str):
        self.block, self.index, self.origin = block, index, origin
        self.summary, self.detail = summary, detail
        where = f"\n  at {origin.where()}: {origin.text.strip()}" if origin else ""
        super().__init__(
            f"{block.where()}: code block failed{where}\n{summary}\n\n{detail}".rstrip()
        )

    def __reduce__(self) -> tuple:  # so that a worker process can send it back
        return BlockError, (self.block, self.index, self.origin, self.summary, self.detail)


@dataclass
class PageRun:
    """What running a page produced."""

    outputs: list[list[Output]]
    """For each block, its outputs in order (for `pycon`, one text per example)."""
    reads: dict[str, str]
    """Files under the root the page opened, relative path to SHA-256 of their contents."""
    produced: dict[str, str] = field(default_factory=dict)
    """When the outputs were produced (UTC date) and with which Python, torch, torchvision."""
    layers: list[list[str]] = field(default_factory=list)
    """For each block, the `torch.nn` layer classes its code instantiated (`layers.py`)."""


def _provenance() -> dict[str, str]:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        **{name: metadata.version(name) for name in ("torch", "torchvision")},
    }


def _filename(index: int) -> str:
    return f"<docexec block {index}>"


def _block_index(filename: str) -> int | None:
    """The block a code object belongs to, from the file name `_filename` gave it."""
    if filename.startswith("<docexec block ") and filename.endswith(">"):
        return int(filename[15:-1])
    return None


def _origin(block: Block, lineno: int | None) -> Line | None:
    if lineno is None or not 1 <= lineno <= len(block.lines):
        return None
    return block.lines[lineno - 1]


def _report(block: Block, index: int, exc: BaseException) -> BlockError:
    """A BlockError whose traceback shows page and snippet files instead of the engine."""
    name = _filename(index)
    te = traceback.TracebackException.from_exception(exc)
    frames = []
    origin = None
    for frame in te.stack:
        if frame.filename == name:
            origin = _origin(block, frame.lineno) or origin
            if origin:
                frame = traceback.FrameSummary(
                    shown_path(origin.path), origin.lineno, frame.name, line=origin.text.strip()
                )
        frames.append(frame)
    # Drop the engine's own frames above the first frame of page code.
    first = next((k for k, f in enumerate(te.stack) if f.filename == name), 0)
    te.stack = traceback.StackSummary.from_list(frames[first:])
    if isinstance(exc, SyntaxError) and exc.filename == name:
        origin = _origin(block, exc.lineno)
        if origin:
            te.filename, te.lineno = shown_path(origin.path), origin.lineno
    summary = "".join(te.format_exception_only()).strip()
    return BlockError(block, index, origin, summary, "".join(te.format()).strip())


def _source(block: Block, index: int) -> tuple[str, str]:
    """The block's file name for compiling, and its code, known to linecache for tracebacks."""
    name, code = _filename(index), block.code + "\n"
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    return name, code


def _compile(block: Block, index: int) -> tuple[CodeType, CodeType | None]:
    """Compile a python block: its statements, and its trailing expression if shown."""
    name, code = _source(block, index)
    tree = ast.parse(code, name)
    last = None
    hidden = strip_comments(block.code).rstrip().endswith(";")
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not hidden:
        last = ast.Expression(tree.body.pop().value)
    body = compile(tree, name, "exec")
    return body, (compile(last, name, "eval") if last else None)


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise BlockTimeout after `seconds` (only where signals work: the main thread)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise BlockTimeout(f"the block ran longer than its limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run_python(block: Block, index: int, namespace: dict) -> list[Output]:
    body, last = _compile(block, index)
    stream = io.StringIO()
    with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
        exec(body, namespace)
        value = eval(last, namespace) if last else None
    outputs = [text_output(stream.getvalue())] if stream.getvalue() else []
    shown = displayed(value)
    outputs += [shown] if shown else []
    return outputs + open_figures()


def _run_pycon(block: Block, index: int, namespace: dict) -> list[Output]:
    name, _ = _source(block, index)
    outputs = []
    for example in block.examples():
        # Pad so that line numbers in the compiled example are lines of the block.
        source = "\n" * example.lineno + example.source
        stream = io.StringIO()
        with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
            exec(compile(source, name, "single"), namespace)
        outputs.append(text_output(stream.getvalue()))
    return outputs


def run_page(blocks: list[Block], root: Path, timeout: float = 60.0) -> PageRun:
    """Run `blocks` in order in one fresh namespace with `root` as working directory.

    Every warning is an error: page code must teach today's idioms.
    Raises BlockError for the first block that fails.
    """
    namespace: dict = {"__name__": "__main__"}
    results: list[list[Output]] = []
    layers = LayerRecorder(_block_index)
    with isolated(root), FileReads(root) as reads, layers.recording(), warnings.catch_warnings():
        warnings.simplefilter("error")
        for index, block in enumerate(blocks):
            run = _run_pycon if block.language == "pycon" else _run_python
            try:
                with _time_limit(timeout):
                    results.append(_steady(run(block, index, namespace)))
            except (Exception, BlockTimeout) as exc:
                raise _report(block, index, exc) from exc
    return PageRun(results, reads.digests(), _provenance(), layers.per_block(len(blocks)))
