"""Turn the site's pages into projects for peer tools, mechanically, through the engine.

python bench/convert.py jupyter OUT        # one notebook per page, for mkdocs-jupyter
python bench/convert.py markdown-exec OUT  # each python block as an exec="on" fence

Both peers build one plain MkDocs site (Material, search, no i18n) holding both language
folders, `docs/zh/` and `docs/en/`, so every page of both languages runs, as in the real
build. The code is the code each language's reader sees (`Block.shown`), includes expanded.
Page code opens files relative to the project root (`imgs/...`, `snippets/...`): each peer
project links to those folders and is built from its own root, the working directory of
markdown-exec's in-process runs; mkdocs-jupyter runs each notebook in the notebook's folder,
so the folders are linked there too.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat

from docexec.blocks import Block, find_blocks
from docexec.notebook import to_notebook
from docexec.project import pages
from docexec.regions import LANGUAGES

__all__ = ["KINDS", "convert"]

KINDS = ("jupyter", "markdown-exec")
DATA = ("imgs", "snippets")
"""Folders of the project that page code reads from."""

# The Markdown extensions of the real site, less the engine's own hook and i18n.
_EXTENSIONS = """\
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - footnotes
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.arithmatex:
      generic: true
"""

_PLUGINS = {
    # allow_errors: false, so that a failing cell fails the build instead of being shown.
    "jupyter": """\
  - mkdocs-jupyter:
      include: ["*.ipynb"]
      execute: true
      allow_errors: false
      include_source: true
""",
    "markdown-exec": """\
  - markdown-exec
""",
}


def _config(kind: str) -> str:
    excluded = "".join(f"  {name}/\n" for name in DATA)  # the linked data folders are no pages
    return (
        f"site_name: bench ({kind})\ndocs_dir: docs\nexclude_docs: |\n{excluded}"
        f"theme:\n  name: material\n  font: false\nplugins:\n  - search\n{_PLUGINS[kind]}"
        f"{_EXTENSIONS}"
    )


def _language(page: Path, root: Path) -> str:
    first = page.relative_to(root / "docs").parts[0]
    return first if first in LANGUAGES else LANGUAGES[0]


def _session(page: Path, root: Path) -> str:
    return page.relative_to(root / "docs").with_suffix("").as_posix().replace("/", "-")


def _exec_fence(block: Block, lang: str, session: str) -> list[str]:
    body = block.shown(lang)
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
    info = f'{block.language} exec="on" session="{session}" source="above" result="text"'
    lines = [f"{fence}{info}", *body.split("\n"), fence]
    return [block.indent + line for line in lines]


def _markdown_exec_page(text: str, blocks: list[Block], lang: str, session: str) -> str:
    """The page with each block (and its expected-output fence) replaced by an exec fence."""
    lines = text.split("\n")
    for block in reversed(blocks):
        start, end = block.span
        lines[start:end] = _exec_fence(block, lang, session)
    return "\n".join(lines)


def _notebook(text: str, blocks: list[Block], lang: str) -> nbformat.NotebookNode:
    """The page as a notebook with empty outputs, ready to be executed."""
    notebook = to_notebook(text, blocks, [[] for _ in blocks], lang)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.execution_count = None
    return notebook


def convert(kind: str, root: Path, out: Path) -> list[Path]:
    """Write the peer project of `kind` for the project at `root` into `out`; its pages."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    shutil.rmtree(out, ignore_errors=True)
    (out / "docs").mkdir(parents=True)
    for name in DATA:
        (out / name).symlink_to((root / name).resolve())
    (out / "mkdocs.yml").write_text(_config(kind), encoding="utf-8")
    written = []
    for page in pages(root):
        text = page.read_text(encoding="utf-8")
        blocks = find_blocks(text, page, root / "snippets")
        lang = _language(page, root)
        target = out / "docs" / page.relative_to(root / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "jupyter" and blocks:
            target = target.with_suffix(".ipynb")
            nbformat.write(_notebook(text, blocks, lang), target)
        elif kind == "markdown-exec":
            target.write_text(
                _markdown_exec_page(text, blocks, lang, _session(page, root)), encoding="utf-8"
            )
        else:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    if kind == "jupyter":
        # nbconvert runs each notebook in the notebook's folder: let `imgs/...` resolve there.
        for folder in {path.parent for path in written if path.suffix == ".ipynb"}:
            for name in DATA:
                (folder / name).symlink_to((root / name).resolve())
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("out", type=Path)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project root")
    args = parser.parse_args(argv)
    written = convert(args.kind, args.root.resolve(), args.out.resolve())
    print(f"{len(written)} pages written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
