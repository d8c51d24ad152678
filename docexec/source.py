"""Lines of code that remember the file and line they came from."""

from __future__ import annotations

import io
import os
import tokenize
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Line", "shown_path", "strip_comments"]


@dataclass(frozen=True)
class Line:
    """One line of code and where it was written."""

    text: str
    """The line, without its newline."""
    path: Path
    """The file the line was read from (a Markdown page or a snippet file)."""
    lineno: int
    """1-based line number in `path`."""

    def where(self) -> str:
        """`path:lineno`, the path relative to the working directory where possible."""
        return f"{shown_path(self.path)}:{self.lineno}"


def shown_path(path: Path) -> str:
    """`path` as error messages show it: relative to the working directory when inside it."""
    try:
        return (
            os.path.relpath(path)
            if path.is_absolute() and path.is_relative_to(os.getcwd())
            else str(path)
        )
    except ValueError:
        return str(path)


def strip_comments(code: str) -> str:
    """Return `code` without comments and blank lines, so edits to them do not count."""
    lines = code.splitlines()
    in_string: set[int] = set()  # rows inside multi-line strings keep their blank lines
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type == tokenize.COMMENT:
                row, col = tok.start
                lines[row - 1] = lines[row - 1][:col]
            elif tok.type == tokenize.STRING and tok.end[0] > tok.start[0]:
                in_string.update(range(tok.start[0], tok.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        # Broken code is keyed as written; running it will report the error.
        return code
    return "\n".join(
        line.rstrip() for row, line in enumerate(lines, 1) if line.strip() or row in in_string
    )
