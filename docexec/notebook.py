"""A page as downloads: a Jupyter notebook with the outputs the build produced, and a script."""

from __future__ import annotations

import base64
import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from .blocks import Block
from .display import Output

__all__ = ["to_notebook", "to_script"]

_HEADING_ID = re.compile(r"^(#{1,6} .*?)[ \t]*\{[^}\n]*\}[ \t]*$", re.MULTILINE)


def _prose(text: str) -> str:
    """Prose for a Markdown cell: without MkDocs-only heading attributes."""
    return _HEADING_ID.sub(r"\1", text).strip("\n")


def _output(output: Output) -> nbformat.NotebookNode:
    if output.is_image:
        data = {"image/png": base64.b64encode(output.png).decode(), "text/plain": "<image>"}
        return new_output("display_data", data=data)
    if output.markdown:
        return new_output("display_data", data={"text/markdown": output.markdown})
    return new_output("stream", name="stdout", text=output.text)


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
            cells.append(new_markdown_cell(prose))
        if block.language == "pycon":
            cells.append(new_markdown_cell(f"```pycon\n{block.code}\n```"))
        else:
            cell = new_code_cell(block.shown(lang), execution_count=count)
            cell.outputs = [_output(o) for o in block_outputs]
            cells.append(cell)
        position = end
    tail = _prose("\n".join(lines[position:]))
    if tail.strip():
        cells.append(new_markdown_cell(tail))
    notebook = new_notebook(cells=cells)
    notebook.metadata.update(
        kernelspec={"name": "python3", "display_name": "Python 3", "language": "python"},
        language_info={"name": "python"},
    )
    return notebook


def to_script(blocks: list[Block], lang: str) -> str:
    """The page's code as one script, with `lang` comments and a `# %%` line per block."""
    cells = [f"# %%\n{block.shown(lang)}\n" for block in blocks if block.language == "python"]
    return "\n".join(cells)
