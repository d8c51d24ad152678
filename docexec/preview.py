"""Live preview for `mkdocs serve`: after an edit, render again only the pages it affects.

MkDocs rebuilds the whole site on every change. While serving, this module wraps two steps
of its build: reading a page (Markdown to HTML) and writing it. A page the edit does not
affect gets back what it had from the previous build, and its file is left as it is, so a
rebuild costs the affected pages plus MkDocs' fixed work. What the edit affects comes from
the dependency map (`depends.py`). The search index keeps its last whole-build state.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .blocks import Block
from .depends import DependencyMap, Plan, Stamps, changes_since, relative, stamps
from .execute import PageRun
from .runner import Runner

__all__ = ["Session", "session", "start"]

log = logging.getLogger("mkdocs.hooks.docexec")

_KEPT = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")
"""What reading a page leaves on it, and a page the edit does not affect gets back."""


@dataclass
class Session:
    """One `mkdocs serve` process: its runner, its dependency map, what each page last had."""

    root: Path
    runner: Runner
    """Shared by every rebuild: its worker processes stay warm, its runs stay in memory."""
    map: DependencyMap = field(init=False)
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Page (relative path) → the attributes reading it left, at its last render."""
    plan: Plan | None = None
    """The rebuild under way; None during a whole build."""
    site_dir: Path | None = None
    """Where the pages are written (a temporary folder of `mkdocs serve`)."""
    _stamps: Stamps = field(default_factory=dict)
    _indexes_behind: bool = False

    def __post_init__(self) -> None:
        self.map = DependencyMap(self.root)
        self._stamps = stamps(self.root)
        self.runner.warm_up()  # the first edit should not wait for torch to import
        self.install()

    def wants(self, page: str) -> bool:
        """Whether the build under way renders `page` (a path relative to the root)."""
        return self.plan is None or page in self.plan.pages

    def record(self, path: Path, blocks: list[Block], run: PageRun | None) -> None:
        """Note what a page just rendered depends on."""
        self._indexes_behind |= self.map.record(path.resolve(), blocks, run)

    def summarizes(self, path: Path) -> None:
        """Note that the page at `path` shows what every page runs (the API index)."""
        self.map.indexes.add(relative(self.root, path))

    def rebuilder(self, build: Callable[[], None]) -> Callable[[], None]:
        """`build` (MkDocs' whole rebuild), made to render only what changed."""

        def rebuild() -> None:
            now = stamps(self.root)
            plan = self.map.plan(changes_since(self._stamps, now))
            if plan.restart:
                self._restart(plan.reason)
            start = time.perf_counter()
            if plan.everything:
                log.info(f"docexec: rebuilding everything ({plan.reason})")
                self._whole(build)
            else:
                titles = self._titles(plan.pages)
                with self._only(plan):
                    build()
                if self._indexes_behind:  # a page now creates other layers than before
                    self._indexes_behind = False
                    with self._only(Plan(pages=set(self.map.indexes))):
                        build()
                if self._titles(plan.pages) != titles:  # the navigation of every page shows them
                    log.info("docexec: a page title changed; rebuilding everything")
                    self._whole(build)
                shown = ", ".join(sorted(plan.pages)) or "no page"
                log.info(f"docexec: rendered {shown} in {time.perf_counter() - start:.2f} s")
            self._stamps = now  # only after a build that worked: a failed one is planned again

        return rebuild

    def _whole(self, build: Callable[[], None]) -> None:
        self.pages.clear()
        build()

    def _titles(self, pages: set[str]) -> dict[str, Any]:
        return {p: self.pages.get(p, {}).get("_title_from_render") for p in pages}

    def _restart(self, reason: str) -> None:
        """Replace this process by a new `mkdocs serve`: the engine it imported changed."""
        log.info(f"docexec: {reason}; restarting the server")
        self.runner.close()
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])  # as it was started

    def install(self) -> None:
        """Wrap MkDocs' reading and writing of pages, for the rest of this process."""
        populate, write = mkdocs_build._populate_page, mkdocs_build._build_page

        def read_page(page: Page, config: Any, files: Files, dirty: bool = False) -> None:
            self.site_dir = Path(config.site_dir)
            path = relative(self.root, page.file.abs_src_path or "")
            kept = self.pages.get(path)
            if kept is not None and not self.wants(path):
                for name, value in kept.items():
                    setattr(page, name, value)
                return
            if self.plan is not None:  # a page never read before (its last render failed)
                self.plan.pages.add(path)
            populate(page, config, files, dirty)
            self.pages[path] = {name: getattr(page, name) for name in _KEPT}

        def write_page(page: Page, *args: Any, **kwargs: Any) -> None:
            if self.wants(relative(self.root, page.file.abs_src_path or "")):
                write(page, *args, **kwargs)

        mkdocs_build._populate_page, mkdocs_build._build_page = read_page, write_page

    @contextlib.contextmanager
    def _only(self, plan: Plan) -> Iterator[None]:
        """MkDocs' build, reading and writing only the pages in `plan`."""
        clean, copy = utils.clean_directory, Files.copy_static_files
        index = _search_indexes(self.site_dir) if self.site_dir else {}
        self.plan = plan
        utils.clean_directory = lambda _: None  # the pages not written again must stay
        Files.copy_static_files = lambda files, dirty=False, **kw: copy(files, True, **kw)
        try:
            yield
        finally:
            utils.clean_directory, Files.copy_static_files = clean, copy
            self.plan = None
            for path, data in index.items():  # MkDocs wrote it from the rendered pages only
                path.write_bytes(data)


def _search_indexes(site: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in site.glob("**/search/search_index.*")}


session: Session | None = None
"""The serving process's session; None in `mkdocs build`."""


def start(root: Path, runner: Runner) -> Session:
    """Begin the session of a serving process (once: later rebuilds find it)."""
    global session
    if session is None or session.root != root:
        session = Session(root, runner)
    return session
