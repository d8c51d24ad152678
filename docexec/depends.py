"""The dependency map: which pages an edited file affects, from their blocks and their reads."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .blocks import Block
from .execute import PageRun
from .regions import IncludeError, read_region

__all__ = ["Changes", "DependencyMap", "Plan", "changes_since", "relative", "stamps"]

WATCHED = ("docs", "snippets", "imgs", "overrides", "docexec", "mkdocs.yml", "pyproject.toml")
"""What a preview watches, relative to the project root."""
ENGINE = ("docexec/", "pyproject.toml")
"""Files the running process has already imported or read: a change needs a new process."""
STATIC = ("docs/assets/",)
"""Files MkDocs copies as they are: a change needs no page rebuilt."""

Stamps = dict[str, tuple[int, int]]


def stamps(root: Path) -> Stamps:
    """Modification time and size of every watched file, by path relative to `root`."""
    found: Stamps = {}
    for name in WATCHED:
        top = root / name
        paths = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file())
        for path in paths:
            if "__pycache__" in path.parts:
                continue
            stat = path.stat()
            found[path.relative_to(root).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return found


@dataclass
class Changes:
    """Files written, added and removed between two sets of stamps."""

    modified: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)

    @property
    def all(self) -> set[str]:
        return self.modified | self.added | self.removed


def changes_since(before: Stamps, now: Stamps) -> Changes:
    """What differs between `before` and `now`."""
    return Changes(
        modified={p for p in before.keys() & now.keys() if before[p] != now[p]},
        added=now.keys() - before.keys(),
        removed=before.keys() - now.keys(),
    )


@dataclass
class Plan:
    """What a rebuild must do after some changes."""

    pages: set[str] = field(default_factory=set)
    """Pages (paths relative to the root) to render again; the rest keep what they had."""
    everything: bool = False
    """Rebuild the whole site (configuration, theme or the set of pages changed)."""
    restart: bool = False
    """Start a new process first: the engine itself changed."""
    reason: str = ""


def _page(path: str) -> bool:
    return path.startswith("docs/") and path.endswith(".md") and not path.startswith(STATIC)


@dataclass
class DependencyMap:
    """For each page, the snippet regions its blocks include and the files its code read."""

    root: Path
    includes: dict[str, set[str]] = field(default_factory=dict)
    """Page → its `file:region` includes."""
    reads: dict[str, set[str]] = field(default_factory=dict)
    """Page → files under the root its code opened."""
    regions: dict[str, str] = field(default_factory=dict)
    """`file:region` → its text when the pages including it were last rendered."""
    layers: dict[str, list[list[str]]] = field(default_factory=dict)
    """Page → the layer classes each of its blocks created (what an API index shows)."""
    indexes: set[str] = field(default_factory=set)
    """Pages that show what the other pages run: they follow any page's `layers`."""

    def record(self, page: Path, blocks: list[Block], run: PageRun | None) -> bool:
        """Note what the page at `page` (under the root) depends on, as it was just rendered.

        True when the layers it creates changed, so that the `indexes` are out of date.
        """
        key = page.relative_to(self.root).as_posix()
        self.includes[key] = {name for block in blocks for name in block.includes}
        self.reads[key] = set(run.reads) if run else set()
        for name in self.includes[key]:
            self.regions[name] = self._text(name)
        layers, before = (run.layers if run else []), self.layers.get(key)
        self.layers[key] = layers
        return before is not None and before != layers

    def _text(self, include: str) -> str:
        """The current text of an include, or a marker that it cannot be read."""
        file, _, region = include.partition(":")
        try:
            lines = read_region(self.root / "snippets" / file, region or None)
        except IncludeError as err:
            return f"unreadable: {err}"
        return "\n".join(line.text for line in lines)

    def plan(self, changes: Changes) -> Plan:
        """The pages that `changes` affect, or a whole rebuild where the map cannot tell."""
        for path in sorted(changes.all):
            if path.startswith(ENGINE):
                return Plan(everything=True, restart=True, reason=f"{path} changed")
        for path in sorted(changes.added | changes.removed):
            if _page(path):
                return Plan(everything=True, reason=f"{path} added or removed")
        plan = Plan()
        for path in sorted(changes.all):
            if _page(path):
                plan.pages.add(path)
            elif path.startswith(STATIC):
                continue
            elif path.startswith("snippets/") and path.endswith(".py"):
                plan.pages |= self._including(path.removeprefix("snippets/"))
            elif readers := {page for page, reads in self.reads.items() if path in reads}:
                plan.pages |= readers
            elif not path.startswith("imgs/"):  # an image no page reads changes nothing
                return Plan(everything=True, reason=f"{path} changed")
        return plan

    def _including(self, file: str) -> set[str]:
        """Pages that include a region of the snippet `file` whose text changed."""
        changed = {
            name
            for name in {n for names in self.includes.values() for n in names}
            if name.partition(":")[0] == file and self._text(name) != self.regions.get(name)
        }
        return {page for page, names in self.includes.items() if names & changed}


def relative(root: Path, path: str | os.PathLike[str]) -> str:
    """`path` relative to `root`, as the map names pages."""
    return Path(path).resolve().relative_to(root).as_posix()
