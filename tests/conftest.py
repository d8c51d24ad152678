"""Shared fixtures: a small project (pages and snippets) in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from playwright.sync_api import sync_playwright

from docexec import cache
from docexec.blocks import Block, find_blocks
from tools.chromium import ARGS, HOW_TO_GET_ONE, find

ROOT = Path(__file__).resolve().parent.parent

pytest_plugins = ["pytester"]


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture(autouse=True)
def fresh_environment():
    """Tests that patch package or engine versions see their patch, and leave none behind."""
    cache.environment.cache_clear()
    yield
    cache.environment.cache_clear()


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """Write files (path relative to the project → text) into a fresh project folder."""

    def write(**files: str) -> Path:
        for name, text in files.items():
            path = tmp_path / name.replace("__", "/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dedent(text), encoding="utf-8")
        return tmp_path

    return write


@pytest.fixture
def blocks_of(tmp_path: Path) -> Callable[[str], list[Block]]:
    """The blocks of a Markdown text written as docs/zh/page.md in the temporary project."""

    def parse(markdown: str, name: str = "docs/zh/page.md") -> list[Block]:
        page = tmp_path / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(dedent(markdown), encoding="utf-8")
        return find_blocks(page.read_text(encoding="utf-8"), page, tmp_path / "snippets")

    return parse


def mkdocs_build(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build` in the project `root`; DOCEXEC_* settings come from `env` only."""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DOCEXEC_")}
    return subprocess.run(
        # Not --quiet: it would also stop strict mode from failing on warnings.
        [mkdocs, "build", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**environment, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def build_site(out: Path, **env: str) -> Path:
    """Build the real site into `out`, as `make site` does."""
    result = mkdocs_build(ROOT, "--site-dir", str(out), **env)
    assert result.returncode == 0, result.stderr
    return out


def shared_site(tmp_path_factory: pytest.TempPathFactory, name: str, **env: str) -> Path:
    """The real site, built once per test run: with pytest-xdist, the first worker that asks
    builds it and the others wait for it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the folder that all workers of this run share
    out, done = base / name, base / f"{name}.built"
    with FileLock(str(base / f"{name}.lock")):
        if not done.exists():
            build_site(out, **env)
            done.touch()  # only a whole build is shared: a failed one is tried again
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once for the session."""
    return shared_site(tmp_path_factory, "site")


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The real site as `make offline` builds it, for reading from file://."""
    return shared_site(tmp_path_factory, "offline", DOCEXEC_OFFLINE="true")


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, one per test process: Playwright allows one per thread, so every
    module that drives a browser shares this one."""
    executable = find()
    if executable is None:
        pytest.fail(HOW_TO_GET_ONE)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=ARGS)
        yield chromium
        chromium.close()
