"""Which Chinese text each English page translates, and which English pages have fallen behind.

An English page records, in its front matter, a digest of what its translation follows: the
Chinese twin's text and the `# zh:` comments of the regions it includes. Code shared by both
languages is not part of it, so a change of code alone never makes a translation stale.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import subprocess
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .blocks import INCLUDE
from .regions import IncludeError, comments_in, region_in

__all__ = [
    "FIELD",
    "Stale",
    "current_digest",
    "digest_of",
    "is_stale",
    "policy",
    "recorded",
    "stale_pages",
    "with_digest",
]

FIELD = "translation-of"
"""The front-matter key of an English page that holds the digest of the Chinese it follows."""

_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)?---\n", re.DOTALL)

Reader = Callable[[str], str | None]
"""Gives the text of a file of the project by its path (`snippets/conv.py`), or None."""


def body(text: str) -> str:
    """A page without its front matter."""
    return _FRONT_MATTER.sub("", text, count=1)


def source(zh_text: str, read: Reader) -> str:
    """What an English page follows: its Chinese twin's text, then the `# zh:` comments of
    each region that page includes, in order."""
    parts = [body(zh_text).rstrip("\n")]
    for line in zh_text.splitlines():
        include = INCLUDE.match(line)
        snippet = read(f"snippets/{include.group('file')}") if include else None
        if snippet is None:
            continue
        try:
            region = region_in(snippet, Path(include.group("file")), include.group("region"))
        except IncludeError:
            continue
        parts.append(f"{include.group('file')}:{include.group('region') or ''}")
        parts.extend(comments_in(region, "zh"))
    return "\n".join(parts) + "\n"


def digest_of(source_text: str) -> str:
    return hashlib.sha256(source_text.encode()).hexdigest()[:16]


def recorded(en_text: str) -> str | None:
    """The digest an English page records, or None."""
    front = _FRONT_MATTER.match(en_text)
    found = re.search(rf"^{FIELD}:\s*(\S+)\s*$", front.group(1) or "", re.M) if front else None
    return found.group(1) if found else None


def with_digest(en_text: str, digest: str) -> str:
    """The English page with `digest` recorded in its front matter (made if it has none)."""
    line = f"{FIELD}: {digest}\n"
    front = _FRONT_MATTER.match(en_text)
    if not front:
        return f"---\n{line}---\n\n{en_text}"
    inner = front.group(1) or ""
    if re.search(rf"^{FIELD}:", inner, re.M):
        inner = re.sub(rf"^{FIELD}:.*\n", line, inner, count=1, flags=re.M)
    else:
        inner += line
    return f"---\n{inner}---\n{en_text[front.end() :]}"


def _disk(root: Path) -> Reader:
    def read(path: str) -> str | None:
        file = root / path
        return file.read_text(encoding="utf-8") if file.is_file() else None

    return read


def _git(root: Path, *args: str) -> str | None:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def _at(root: Path, commit: str) -> Reader:
    return lambda path: _git(root, "show", f"{commit}:{path}")


@dataclass
class Stale:
    """An English page whose Chinese source changed since it was last translated."""

    page: Path
    """The English page, relative to the root."""
    changes: str
    """What changed in the Chinese source since the recorded version, as a unified diff."""


def _changes(root: Path, zh: Path, digest: str | None, now: str) -> str:
    """The diff from the recorded version of the Chinese source, found in git history."""
    if digest is not None:
        commits = _git(root, "log", "--format=%H", "-n", "200", "--", str(zh), "snippets")
        for commit in (commits or "").split():
            then = _git(root, "show", f"{commit}:{zh}")
            if then is not None and digest_of(old := source(then, _at(root, commit))) == digest:
                diff = difflib.unified_diff(
                    old.splitlines(),
                    now.splitlines(),
                    f"{zh} @ {commit[:10]}",
                    str(zh),
                    lineterm="",
                )
                return "\n".join(diff)
    return f"(the version it translated is not in the git history of {zh})"


def stale_pages(root: Path) -> list[Stale]:
    """The English pages whose recorded digest is not that of their Chinese source today."""
    found = []
    for en in sorted((root / "docs" / "en").glob("*.md")):
        zh = root / "docs" / "zh" / en.name
        if not zh.is_file():
            continue
        now = source(zh.read_text(encoding="utf-8"), _disk(root))
        digest = recorded(en.read_text(encoding="utf-8"))
        if digest != digest_of(now):
            relative = zh.relative_to(root)
            found.append(Stale(en.relative_to(root), _changes(root, relative, digest, now)))
    return found


def current_digest(root: Path, en: Path) -> str:
    """The digest that marks the English page `en` as translating today's Chinese twin."""
    zh = root / "docs" / "zh" / en.name
    return digest_of(source(zh.read_text(encoding="utf-8"), _disk(root)))


def is_stale(root: Path, en: Path) -> bool:
    """True if the English page `en` does not record today's digest of its Chinese twin."""
    twin = root / "docs" / "zh" / en.name
    return twin.is_file() and recorded(en.read_text(encoding="utf-8")) != current_digest(root, en)


def policy(root: Path) -> str:
    """What a stale translation does: `gate` (lint fails, the default) or `notice` (the built
    English page says so): `[tool.docexec] stale-translations` in pyproject.toml."""
    path = root / "pyproject.toml"
    config = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return config.get("tool", {}).get("docexec", {}).get("stale-translations", "gate")
