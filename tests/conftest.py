"""Shared fixtures: a small project (pages and snippets) in a temporary folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from docexec.blocks import Block, find_blocks

ROOT = Path(__file__).resolve().parent.parent

pytest_plugins = ["pytester"]


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


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
