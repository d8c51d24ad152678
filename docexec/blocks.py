"""Find the executable code fences of a Markdown page and expand their includes."""

from __future__ import annotations

import doctest
import re
from dataclasses import dataclass
from pathlib import Path

from .regions import IncludeError, expected_output, for_language, read_region
from .source import Line, shown_path

__all__ = ["EXECUTABLE", "INCLUDE", "Block", "PageError", "find_blocks"]

EXECUTABLE = ("python", "pycon")
"""Fence languages the engine runs: Python code, and `>>>` sessions run as doctests."""

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"(?P<file>[^":]+)(?::(?P<region>[\w.-]+))?"\s*$')
"""An include line: `--8<-- "file.py:region"` (the region may be left out)."""
_ATTRS = re.compile(r'(?P<key>[\w-]+)="(?P<value>[^"]*)"')


class PageError(Exception):
    """A page that cannot be read into blocks: an unclosed fence or a bad include."""


@dataclass
class Block:
    """One executable fence of a page, with its included code expanded."""

    page: Path
    """The Markdown file."""
    line: int
    """1-based line of the opening fence in `page`."""
    language: str
    """`python` or `pycon`."""
    info: str
    """The info string after the language (`title="..."`, attributes), kept for display."""
    indent: str
    """The fence's indentation (inside admonitions and tabs)."""
    lines: list[Line]
    """The code, includes expanded, each line knowing its origin."""
    expected: str | None
    """Expected output: from an `output` fence after the block or `# Out:` lines in the code."""
    span: tuple[int, int]
    """0-based [start, end) line range in the page covering the fence and its output fence."""
    includes: list[str]
    """The `file:region` names the block includes, in order."""

    @property
    def code(self) -> str:
        """The code as executed: every line, comments of all languages included."""
        return "\n".join(line.text for line in self.lines)

    def examples(self) -> list[doctest.Example]:
        """The `>>>` examples of a `pycon` block, each with the output it expects."""
        return doctest.DocTestParser().get_examples(self.code + "\n")

    def shown(self, lang: str) -> str:
        """The code as a reader of `lang` sees it."""
        return "\n".join(line.text for line in for_language(self.lines, lang))

    @property
    def attrs(self) -> dict[str, str]:
        """`key="value"` pairs of the info string, such as `alt` for image outputs."""
        return {m.group("key"): m.group("value") for m in _ATTRS.finditer(self.info)}

    def where(self) -> str:
        """`page:line` of the opening fence."""
        return f"{shown_path(self.page)}:{self.line}"


def _language(info: str) -> tuple[str, str]:
    """Split an info string into its language and the rest (`{.python .x}` or `python x`)."""
    info = info.strip()
    if info.startswith("{"):
        inner = info.strip("{} ")
        words = inner.split()
        if words and words[0].startswith("."):
            return words[0][1:], " ".join(words[1:])
        return "", inner
    lang, _, rest = info.partition(" ")
    return lang, rest.strip()


def _fences(lines: list[str], page: Path, offset: int) -> list[tuple[int, int, str, str, str]]:
    """Every fence of the page as (open index, close index, indent, language, info)."""
    found = []
    i = 0
    while i < len(lines):
        opener = _OPEN.match(lines[i])
        if not opener or (opener.group("fence")[0] == "`" and "`" in opener.group("info")):
            i += 1
            continue
        fence, indent = opener.group("fence"), opener.group("indent")
        closer = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = next((j for j in range(i + 1, len(lines)) if closer.match(lines[j])), None)
        lang, info = _language(opener.group("info"))
        if end is None:
            if lang in EXECUTABLE or lang == "output":
                where = f"{shown_path(page)}:{i + 1 + offset}"
                raise PageError(f"{where}: the {lang} fence opened here is never closed")
            break
        found.append((i, end, indent, lang, info))
        i = end + 1
    return found


def _dedent(text: str, indent: str) -> str:
    return text[len(indent) :] if text.startswith(indent) else text.lstrip()


def find_blocks(text: str, page: Path, snippets: Path, offset: int = 0) -> list[Block]:
    """The executable blocks of the Markdown `text` of `page`, includes read from `snippets`.

    `offset` is how many lines of the file come before `text` (a front matter that MkDocs
    has taken off), so that every reported line is a line of the file.
    """
    lines = text.splitlines()
    fences = _fences(lines, page, offset)
    blocks: list[Block] = []
    for k, (start, end, indent, lang, info) in enumerate(fences):
        if lang not in EXECUTABLE:
            continue
        code: list[Line] = []
        includes: list[str] = []
        for n in range(start + 1, end):
            body = _dedent(lines[n], indent)
            include = INCLUDE.match(body)
            if not include:
                code.append(Line(body, page, n + 1 + offset))
                continue
            name = include.group("file") + (f":{r}" if (r := include.group("region")) else "")
            try:
                region = read_region(snippets / include.group("file"), include.group("region"))
            except IncludeError as err:
                where = f"{shown_path(page)}:{n + 1 + offset}"
                raise PageError(f"{where}: include {name!r}: {err}") from None
            includes.append(name)
            code.extend(region)
        expected = expected_output(code)
        span_end = end + 1
        nxt = fences[k + 1] if k + 1 < len(fences) else None
        if nxt and nxt[3] == "output" and all(not s.strip() for s in lines[end + 1 : nxt[0]]):
            if expected is not None:
                where = f"{shown_path(page)}:{nxt[0] + 1 + offset}"
                raise PageError(f"{where}: expected output given twice, in `# Out:` lines and here")
            expected = "\n".join(_dedent(s, nxt[2]) for s in lines[nxt[0] + 1 : nxt[1]])
            span_end = nxt[1] + 1
        blocks.append(
            Block(
                page,
                start + 1 + offset,
                lang,
                info,
                indent,
                code,
                expected,
                (start, span_end),
                includes,
            )
        )
    return blocks
