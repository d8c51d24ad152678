"""Tests of mathfont.py: the math font keeps what the formulas draw, and little else."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont

from docexec.mathfont import characters, cut

from .conftest import ROOT

FONT = ROOT / "node_modules" / "@fontsource" / "noto-sans-math" / "files"
FONT = FONT / "noto-sans-math-latin-400-normal.woff"


def test_characters_are_those_of_math_with_the_styled_letters():
    page = "<p>x outside</p><math><mi>y</mi><mo>&#x230A;</mo><mi>β</mi></math>"
    found = characters(page)
    assert {"y", "\u230a", "β"} <= found
    assert "\U0001d466" in found  # mathematical italic small y: how MathML Core draws <mi>y</mi>
    assert "\U0001d6fd" in found  # mathematical italic small beta
    assert "x" not in found and "o" not in found


def test_the_cut_font_keeps_the_math_table_and_the_glyphs_asked_for():
    chars = frozenset("⌊⌋xy+") | frozenset(characters("<math><mi>x</mi></math>"))
    data = cut(FONT, chars)
    assert data[:4] == b"wOFF" and len(data) < FONT.stat().st_size / 5
    face = TTFont(io.BytesIO(data))
    cmap = face.getBestCmap()
    assert {ord(c) for c in chars} <= set(cmap)
    assert ord("z") not in cmap
    variants = face["MATH"].table.MathVariants
    assert variants is not None and variants.VertGlyphCount > 0  # ⌊ still grows
