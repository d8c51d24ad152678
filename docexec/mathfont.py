"""The math font, cut down to the characters the site's formulas use (a phone loads less)."""

from __future__ import annotations

import contextlib
import functools
import html
import io
import re
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

__all__ = ["characters", "cut"]

_MATH = re.compile(r"<math\b.*?</math>", re.S)
_TAG = re.compile(r"<[^>]+>")
_STYLES = ("ITALIC", "BOLD", "BOLD ITALIC")
_LETTERS = ("LATIN SMALL LETTER ", "LATIN CAPITAL LETTER ", "GREEK SMALL LETTER ")
_LETTERS += ("GREEK CAPITAL LETTER ",)


def characters(page_html: str) -> set[str]:
    """The characters of the page's MathML, with the styled forms a browser may draw instead.

    MathML Core draws a one-letter `<mi>` x in math italic (U+1D465): the font must keep
    those forms of every letter too.
    """
    found = {c for m in _MATH.findall(page_html) for c in html.unescape(_TAG.sub("", m))}
    styled = set()
    for char in found:
        name = unicodedata.name(char, "")
        for prefix in (p for p in _LETTERS if name.startswith(p)):
            size = "SMALL " if "SMALL" in prefix else "CAPITAL "
            for style in _STYLES:
                with contextlib.suppress(KeyError):  # not every letter has every style
                    styled.add(
                        unicodedata.lookup(f"MATHEMATICAL {style} {size}{name[len(prefix) :]}")
                    )
    return found | styled


@functools.cache
def cut(font: Path, chars: frozenset[str]) -> bytes:
    """The WOFF font `font` with only the glyphs of `chars`, its MATH table kept (the larger
    sizes and pieces of stretchy delimiters go with their characters)."""
    options = subset.Options()
    options.flavor = "woff"  # zlib: WOFF 2 would need the brotli module
    options.layout_features = ["*"]
    options.notdef_outline = True
    face = TTFont(font)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(face)
    out = io.BytesIO()
    face.flavor = "woff"
    face.save(out)
    return out.getvalue()
