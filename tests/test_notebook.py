"""Tests of notebook.py: the page as a notebook with its outputs, and as a script."""

import nbformat

from docexec.display import Output
from docexec.notebook import to_notebook, to_script

PAGE = """\
# Title { #title }

Some prose.

```python
# zh: 中文
# en: English
x = 1
x
```

More prose.

```pycon
>>> 1 + 1
2
```
"""


def test_prose_code_and_outputs_become_cells(blocks_of):
    blocks = blocks_of(PAGE)
    outputs = [[Output(text="1"), Output(png=b"\x89PNG")], [Output(text="2\n")]]
    notebook = to_notebook(PAGE, blocks, outputs, "en")
    nbformat.validate(notebook)
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds == ["markdown", "code", "markdown", "markdown"]
    assert notebook.cells[0].source == "# Title\n\nSome prose."
    code = notebook.cells[1]
    assert code.source == "# English\nx = 1\nx"
    assert code.outputs[0].text == "1"
    assert code.outputs[1].data["image/png"] == "iVBORw=="
    assert "```pycon\n>>> 1 + 1\n2\n```" in notebook.cells[3].source


def test_script_holds_the_code_in_the_page_language(blocks_of):
    blocks = blocks_of(PAGE)
    assert to_script(blocks, "zh") == "# %%\n# 中文\nx = 1\nx\n"
