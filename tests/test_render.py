"""Tests of render.py: the Markdown a reader sees, per language, with outputs."""

import io

from PIL import Image

from docexec.display import Output
from docexec.render import OUTPUT_CLASS, render, with_downloads, with_provenance

PAGE = """\
# T

!!! note

    ```python alt="图" title="t.py"
    # zh: 中文
    # en: English
    x
    ```

after
"""


def test_code_is_shown_in_the_page_language(blocks_of):
    blocks = blocks_of(PAGE)
    zh = render(PAGE, blocks, None, "zh", "p").markdown
    en = render(PAGE, blocks, None, "en", "p").markdown
    assert "    # 中文\n    x" in zh and "English" not in zh
    assert "    # English\n    x" in en and "中文" not in en
    assert '```python title="t.py"' in zh and "alt=" not in zh
    assert zh.endswith("after\n")


def test_text_outputs_follow_the_code_in_an_output_fence(blocks_of):
    blocks = blocks_of(PAGE)
    outputs = [[Output(text="a\n"), Output(text="grad_fn=<MulBackward0>")]]
    out = render(PAGE, blocks, outputs, "en", "p").markdown
    assert (
        f"    ``` {{ .text .no-copy .{OUTPUT_CLASS} }}\n    a\n    grad_fn=<MulBackward0>\n    ```"
        in out
    )


def test_fences_outgrow_backticks_in_outputs(blocks_of):
    blocks = blocks_of(PAGE)
    out = render(PAGE, blocks, [[Output(text="````")]], "en", "p").markdown
    assert "    `````" in out


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (width, height)).save(buffer, format="png")
    return buffer.getvalue()


def test_images_are_named_after_the_page_and_block_and_carry_their_size(blocks_of):
    blocks = blocks_of(PAGE)
    one, two = _png(3, 2), _png(40, 10)
    rendered = render(PAGE, blocks, [[Output(png=one), Output(png=two)]], "zh", "conv")
    assert rendered.images == {"conv-1-1.png": one, "conv-1-2.png": two}
    assert (
        '[![图](conv-1-1.png){ .docexec-output-image width="3" height="2" }](conv-1-1.png)'
        in rendered.markdown
    )
    assert (
        '![图 (2)](conv-1-2.png){ .docexec-output-image width="40" height="10" loading="lazy" }'
        in rendered.markdown
    )


def test_every_image_but_the_pages_first_loads_lazily(blocks_of):
    page = "```python\nx\n```\n\n```python\ny\n```\n\n```python\nz\n```\n"
    blocks = blocks_of(page)
    outputs = [[Output(text="no image")], [Output(png=_png(1, 1))], [Output(png=_png(2, 2))]]
    out = render(page, blocks, outputs, "en", "p").markdown
    first, second = out.split("![", 2)[1:]
    assert first.startswith("Image produced") and "p-2-1.png" in first
    assert 'height="1" }' in first and "lazy" not in first
    assert 'height="2" loading="lazy" }' in second


def test_cut_outputs_say_so_in_the_page_language(blocks_of):
    blocks = blocks_of(PAGE)
    outputs = [[Output(text="x", cut=1234)]]
    assert "已截去 1,234 个字符" in render(PAGE, blocks, outputs, "zh", "p").markdown
    assert "1,234 characters cut" in render(PAGE, blocks, outputs, "en", "p").markdown


def test_markdown_outputs_go_in_as_they_are_and_code_can_be_hidden(blocks_of):
    page = '```python show="output"\ntable\n```\n'
    blocks = blocks_of(page)
    out = render(page, blocks, [[Output(markdown="| a |\n|---|\n| [b](b.md) |")]], "en", "p")
    assert out.markdown == "\n| a |\n|---|\n| [b](b.md) |\n"


def test_download_buttons_go_under_the_title():
    out = with_downloads("# T\n\ntext", "p.ipynb", "p.py", "zh")
    assert out.startswith("# T\n\n[下载 Notebook](p.ipynb){ .md-button")
    assert "\n{ .docexec-downloads }\n" in out
    assert "[下载 Python 脚本](p.py)" in out and out.endswith("text")


def test_provenance_closes_the_page():
    produced = {"date": "2026-01-02", "python": "3.11", "torch": "2.1", "torchvision": "0.2"}
    out = with_provenance("# T\n", produced, "en")
    assert "produced on 2026-01-02 with Python 3.11, torch 2.1 and torchvision 0.2." in out
    assert out.endswith("\n{ .docexec-provenance }\n")
