"""A page as downloads: a Jupyter notebook with the outputs the build produced, and a script."""

from __future__ import annotations

import base64
import re

import nbformat

from .blocks import Block
from .display import Output

__all__ = ["to_notebook", "to_script"]

_HEADING_ID = re.compile(r"^(#{1,6} .*?)[ \t]*\{[^}\n]*\}[ \t]*$", re.MULTILINE)


def _prose(text: str) -> str:
    """Prose for a Markdown cell: without MkDocs-only heading attributes."""
    return _HEADING_ID.sub(r"\1", text).strip("\n")


# Cells and outputs are built as plain nbformat 4.5 dicts: nbformat's new_* helpers validate
# every cell against the schema (a second per page in the build); the tests validate instead.
def _output(output: Output) -> dict:
    if output.is_image:
        data = {"image/png": base64.b64encode(output.png).decode(), "text/plain": "<image>"}
        return {"output_type": "display_data", "data": data, "metadata": {}}
    if output.markdown:
        data = {"text/markdown": output.markdown}
        return {"output_type": "display_data", "data": data, "metadata": {}}
    return {"output_type": "stream", "name": "stdout", "text": output.text}


def _markdown_cell(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def to_notebook(
    markdown: str, blocks: list[Block], outputs: list[list[Output]], lang: str
) -> nbformat.NotebookNode:
    """The page as a notebook: prose in Markdown cells, each block a code cell with its outputs."""
    lines = markdown.split("\n")
    cells = []
    position = 0
    for count, (block, block_outputs) in enumerate(zip(blocks, outputs, strict=True), 1):
        start, end = block.span
        prose = _prose("\n".join(lines[position:start]))
        if prose.strip():
            cells.append(_markdown_cell(prose))
        if block.language == "pycon":
            cells.append(_markdown_cell(f"```pycon\n{block.code}\n```"))
        else:
            shown = [_output(o) for o in block_outputs]
            cells.append(
                {
                    "cell_type": "code",
                    "execution_count": count,
                    "metadata": {},
                    "outputs": shown,
                    "source": block.shown(lang),
                }
            )
        position = end
    tail = _prose("\n".join(lines[position:]))
    if tail.strip():
        cells.append(_markdown_cell(tail))
    for number, cell in enumerate(cells, 1):
        cell["id"] = f"cell-{number}"  # the same ids on every build, unlike random ones
    metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": metadata, "cells": cells}
    return nbformat.from_dict(notebook)


def to_script(blocks: list[Block], lang: str) -> str:
    """The page's code as one script, with `lang` comments and a `# %%` line per block."""
    cells = [f"# %%\n{block.shown(lang)}\n" for block in blocks if block.language == "python"]
    return "\n".join(cells)
