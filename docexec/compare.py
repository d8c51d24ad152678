"""Compare an expected output with the actual one, with tolerance for floating-point numbers."""

from __future__ import annotations

import math
import re

__all__ = ["ABS_TOL", "REL_TOL", "matches"]

REL_TOL = 1e-3
ABS_TOL = 1e-4
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|\b(?:nan|inf)\b")


def _pieces(text: str) -> tuple[list[str], list[str]]:
    """Split text into its numbers and the text between them, whitespace runs collapsed."""
    numbers = _NUMBER.findall(text)
    between = [" ".join(part.split()) for part in _NUMBER.split(text)]
    return numbers, between


def _close(expected: str, actual: str) -> bool:
    a, b = float(expected), float(actual)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def _match_exact(expected: str, actual: str) -> bool:
    e_numbers, e_between = _pieces(expected)
    a_numbers, a_between = _pieces(actual)
    return (
        len(e_numbers) == len(a_numbers)
        and e_between == a_between
        and all(_close(e, a) for e, a in zip(e_numbers, a_numbers, strict=True))
    )


def _find(chunk: list[str], lines: list[str], start: int) -> int | None:
    """The first index at or after `start` where `chunk` matches `lines` line for line."""
    for i in range(start, len(lines) - len(chunk) + 1):
        if _match_exact("\n".join(chunk), "\n".join(lines[i : i + len(chunk)])):
            return i
    return None


def matches(expected: str, actual: str) -> bool:
    """True if `actual` reads as `expected`.

    Whitespace runs count as one space, numbers agree within `REL_TOL` or `ABS_TOL`,
    and a line holding only `...` in `expected` stands for any number of lines.
    """
    e_lines, a_lines = expected.strip().splitlines(), actual.strip().splitlines()
    chunks: list[list[str]] = [[]]
    for line in e_lines:
        if line.strip() == "...":
            chunks.append([])
        else:
            chunks[-1].append(line)
    if len(chunks) == 1:
        return _match_exact(expected.strip(), actual.strip())
    first, *middle, last = chunks
    if not _match_exact("\n".join(first), "\n".join(a_lines[: len(first)])):
        return False
    position = len(first)
    for chunk in middle:
        found = _find(chunk, a_lines, position)
        if found is None:
            return False
        position = found + len(chunk)
    tail = a_lines[len(a_lines) - len(last) :] if last else []
    return len(a_lines) - len(last) >= position and _match_exact("\n".join(last), "\n".join(tail))
