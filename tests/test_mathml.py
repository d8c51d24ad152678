"""Tests of mathml.py: TeX marked by arithmatex becomes MathML."""

import pytest

from docexec.mathml import to_mathml


def test_inline_and_block_math():
    html = (
        '<p>x <span class="arithmatex">\\(a &lt; b\\)</span></p>'
        '<div class="arithmatex">\\[\n\\max(0, x)\n\\]</div>'
    )
    out = to_mathml(html)
    assert "arithmatex" not in out
    assert out.count("<math") == 2 and 'display="block"' in out
    assert "<mo>&#x0003C;</mo>" in out or "&lt;" in out


def test_pages_without_math_are_unchanged():
    assert to_mathml("<p>plain</p>") == "<p>plain</p>"


def test_tex_that_would_render_wrongly_is_an_error():
    with pytest.raises(ValueError, match="unsupported TeX"):
        to_mathml('<div class="arithmatex">\\[\\begin{aligned} a &amp;= b \\end{aligned}\\]</div>')
