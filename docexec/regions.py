"""Named regions of snippet files, and the comments each language shows."""

from __future__ import annotations

import re
from pathlib import Path

from .source import Line, shown_path

__all__ = [
    "LANGUAGES",
    "IncludeError",
    "comments_in",
    "expected_output",
    "for_language",
    "is_marker",
    "read_region",
    "region_in",
]

LANGUAGES = ("zh", "en")
"""Language codes that can tag a comment line: `# zh: ...`, `# en: ...`."""

_MARKER = re.compile(r"^\s*#\s*--8<--\s*\[(start|end):([\w.-]+)\]\s*$")
_TAGGED = re.compile(r"^(?P<indent>\s*)#\s*(?P<lang>[a-z]{2}):\s?(?P<text>.*)$")
_EXPECTED = re.compile(r"^\s*# Out:(?: (?P<text>.*))?$")


class IncludeError(Exception):
    """An include names a file or region that does not exist."""


def is_marker(text: str) -> bool:
    """True for a `# --8<-- [start:name]` or `[end:name]` line."""
    return bool(_MARKER.match(text))


def _trim(lines: list[Line]) -> list[Line]:
    """Without leading and trailing blank lines (the formatter puts some around markers)."""
    while lines and not lines[0].text.strip():
        lines = lines[1:]
    while lines and not lines[-1].text.strip():
        lines = lines[:-1]
    return lines


def read_region(path: Path, region: str | None) -> list[Line]:
    """The lines of `region` in the snippet file `path` (all of it when `region` is None).

    Marker lines of nested or neighbouring regions are left out, and so are blank lines
    at either end.
    """
    if not path.is_file():
        raise IncludeError(f"snippet file not found: {shown_path(path)}")
    return region_in(path.read_text(encoding="utf-8"), path, region)


def region_in(text: str, path: Path, region: str | None) -> list[Line]:
    """The lines of `region` in `text`, the contents of the snippet file `path`."""
    lines = text.splitlines()
    if region is None:
        return _trim([Line(t, path, n) for n, t in enumerate(lines, 1) if not is_marker(t)])
    taken: list[Line] = []
    inside = found = False
    for n, line in enumerate(lines, 1):
        marker = _MARKER.match(line)
        if marker and marker.group(2) == region:
            if marker.group(1) == "start":
                inside = found = True
            else:
                inside = False
        elif inside and not marker:
            taken.append(Line(line, path, n))
    if not found:
        raise IncludeError(f"region {region!r} not found in {shown_path(path)}")
    return _trim(taken)


def comments_in(lines: list[Line], lang: str) -> list[str]:
    """The text of the comment lines tagged for `lang` (`# zh: ...`), in order."""
    return [
        m.group("text")
        for line in lines
        if (m := _TAGGED.match(line.text)) and m.group("lang") == lang
    ]


def expected_output(lines: list[Line]) -> str | None:
    """The expected output kept in `# Out: ` comment lines, or None if there are none.

    (`# Out:` survives `ruff format`, which would rewrite a shorter `#>` as `# >`.)
    """
    kept = [m.group("text") or "" for line in lines if (m := _EXPECTED.match(line.text))]
    return "\n".join(kept) if kept else None


def for_language(lines: list[Line], lang: str) -> list[Line]:
    """The lines a reader of `lang` sees: other languages' comments and `# Out:` lines removed."""
    shown: list[Line] = []
    for line in lines:
        if _EXPECTED.match(line.text):
            continue
        tagged = _TAGGED.match(line.text)
        if tagged and tagged.group("lang") in LANGUAGES:
            if tagged.group("lang") != lang:
                continue
            line = Line(f"{tagged.group('indent')}# {tagged.group('text')}", line.path, line.lineno)
        shown.append(line)
    return shown
