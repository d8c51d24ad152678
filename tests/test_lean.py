"""Tests of lean.py: code keeps its text and colours with fewer spans; the body starts settled."""

import html
import re
from pathlib import Path

import markdown
import material

from docexec.api_index import link_code
from docexec.lean import fewer_spans, palette_settled

from .conftest import ROOT

CODE = """```python
import torch
from torch import nn

conv = nn.Conv2d(in_channels=3, out_channels=8, kernel_size=(3, 3))
x = torch.randn((1, 3, 32, 32))
print(conv(x).shape, x[..., 0])  # torch.Size([1, 8, 30, 30])
```"""
# The classes Material colours as the code's own text (the name colour is the code colour in
# both palettes), or that have no colour (whitespace).
PLAIN = {"n", "w"}


def highlighted(source: str) -> str:
    return markdown.markdown(source, extensions=["pymdownx.highlight", "pymdownx.superfences"])


def colours(page_html: str) -> list[tuple[str, str]]:
    """Each character of the code's text with the token class that colours it ("" for none)."""
    code = re.search(r"<code>(.*?)</code>", page_html, re.DOTALL).group(1)
    coloured, classes = [], [""]
    for tag, text in re.findall(r"(<[^>]+>)|([^<]+)", code):
        if tag.startswith("<span"):
            name = re.search(r'class="([^"]*)"', tag).group(1)
            classes.append("" if name in PLAIN else name)
        elif tag == "</span>":
            classes.pop()
        elif text:
            coloured += [(ch, classes[-1]) for ch in html.unescape(text)]
    return coloured


def test_the_code_keeps_its_text_and_colours_with_fewer_spans():
    page = link_code(highlighted(CODE), "../api/")
    lean = fewer_spans(page)
    assert colours(lean) == colours(page)
    assert lean.count("<span") < page.count("<span") * 0.75
    assert '<span class="n">' not in lean and '<span class="p">((</span>' in lean
    # The layer name's link to the API index is kept, around the same text.
    assert re.search(
        r'<a class="docexec-api" href="../api/#nn.Conv2d">nn<span class="o">\.</span>'
        r"Conv2d</a>",
        lean,
    )


def test_the_theme_colours_names_as_plain_code():
    """fewer_spans drops the name spans because every palette, Material's and the site's own
    overrides, gives names the code's own colour: a theme that changed that fails here."""
    sheets = [*Path(material.__file__).parent.glob("templates/assets/stylesheets/*.css")]
    sheets += (ROOT / "docs" / "assets").glob("*.css")
    values = {
        value
        for sheet in sheets
        for value in re.findall(r"--md-code-hl-name-color:\s*([^;}]+)", sheet.read_text("utf-8"))
    }
    assert values == {"var(--md-code-fg-color)"}


def test_only_code_changes():
    prose = '<p><span class="n">a</span><span class="n">b</span></p>'
    assert fewer_spans(prose) == prose


def test_the_body_starts_with_the_palette_settled():
    page = '<html><head></head><body dir="ltr" data-md-color-scheme="default"><p>x</p></body>'
    settled = palette_settled(page)
    assert settled == page.replace("<body ", "<body data-md-color-switching ")
    assert palette_settled("<p>no body</p>") == "<p>no body</p>"
