"""A project's pages and the distinct page programs they hold."""

from __future__ import annotations

from pathlib import Path

from .blocks import Block, find_blocks
from .cache import page_key

__all__ = ["missing_twins", "pages", "programs", "unsteady_block"]


def pages(root: Path) -> list[Path]:
    """Every Markdown page under `root/docs`, in a stable order."""
    return sorted((root / "docs").rglob("*.md"))


def missing_twins(root: Path, languages: tuple[str, ...]) -> list[str]:
    """`docs/<lang>/<page>.md` files that exist in some languages but not in `lang`."""
    names = {lang: {p.name for p in (root / "docs" / lang).glob("*.md")} for lang in languages}
    everywhere = set().union(*names.values())
    return [
        f"docs/{lang}/{name}" for lang in languages for name in sorted(everywhere - names[lang])
    ]


def programs(root: Path) -> dict[str, list[Block]]:
    """Each distinct page program (twin pages share one), keyed by its cache key."""
    found: dict[str, list[Block]] = {}
    for page in pages(root):
        blocks = find_blocks(page.read_text(encoding="utf-8"), page, root / "snippets")
        if blocks:
            found.setdefault(page_key(blocks), blocks)
    return found


def unsteady_block(blocks: list[Block], first: list, second: list) -> Block | None:
    """The first block whose outputs differ between two runs of the page, or None."""
    return next((b for b, x, y in zip(blocks, first, second, strict=True) if x != y), None)
