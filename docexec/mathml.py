"""Turn the TeX math that pymdownx.arithmatex marks in a page into MathML, at build time."""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert

__all__ = ["to_mathml"]

_MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*\\(?P<open>[\[(])(?P<tex>.*?)\\[\])]\s*</(?P=tag)>',
    re.DOTALL,
)


def to_mathml(page_html: str) -> str:
    """Replace every arithmatex span or div by MathML, so math needs no script or network."""

    def replace(match: re.Match[str]) -> str:
        display = "block" if match.group("open") == "[" else "inline"
        tex = html.unescape(match.group("tex")).strip()
        mathml = convert(tex, display=display)
        if re.search(r"<m[io]>&(amp;)?</m[io]>", mathml):
            # latex2mathml drops environments it does not know and leaves their `&` behind.
            raise ValueError(f"unsupported TeX (try split or array instead): {tex}")
        return mathml

    return _MATH.sub(replace, page_html)
