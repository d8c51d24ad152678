"""Tests of mathml.py: TeX marked by arithmatex becomes MathML."""

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
