"""Tests of the page sources: translation parity and Chinese line breaks."""

import itertools
import re

import pytest

from docexec.blocks import find_blocks

from .conftest import ROOT

DOCS = ROOT / "docs"
TOPICS = sorted(p.stem for p in (DOCS / "zh").glob("*.md"))
_HEADING_ID = re.compile(r"^#{1,6} .*\{ *#([\w-]+) *\}\s*$", re.MULTILINE)
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_FULLWIDTH_PUNCTUATION = r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]"


def test_every_page_has_a_twin():
    assert sorted(p.stem for p in (DOCS / "en").glob("*.md")) == TOPICS


def _outline(lang: str, topic: str) -> tuple[list[str], list[list[str]], list[bool]]:
    path = DOCS / lang / f"{topic}.md"
    text = path.read_text(encoding="utf-8")
    blocks = find_blocks(text, path, ROOT / "snippets")
    return (
        _HEADING_ID.findall(text),
        [b.includes or [b.code] for b in blocks],
        ["alt" in b.attrs for b in blocks],
    )


@pytest.mark.parametrize("topic", TOPICS)
def test_twins_have_the_same_headings_code_and_images(topic):
    zh_ids, zh_code, zh_alts = _outline("zh", topic)
    en_ids, en_code, en_alts = _outline("en", topic)
    assert zh_ids == en_ids, f"{topic}: heading ids differ"
    assert zh_code == en_code, f"{topic}: included code differs"
    assert zh_alts == en_alts, f"{topic}: alt texts differ"


def _soft_breaks(text: str) -> list[int]:
    """Lines of prose that end where a browser would put a space inside Chinese text."""
    found, in_fence = [], False
    lines = text.splitlines()
    for n, (line, following) in enumerate(itertools.pairwise(lines), 1):
        if re.match(r"\s*(```|~~~)", line):
            in_fence = not in_fence
        if in_fence or not following.strip() or re.match(r"\s*([-*+|#>]|\d+\.|!!!|===)", following):
            continue
        end, start = line.rstrip()[-1:], following.strip()[:1]
        if re.match(_FULLWIDTH_PUNCTUATION, end) or (re.match(_CJK, end) and re.match(_CJK, start)):
            found.append(n)
    return found


@pytest.mark.parametrize("topic", TOPICS)
def test_chinese_paragraphs_are_not_broken_across_lines(topic):
    path = DOCS / "zh" / f"{topic}.md"
    lines = _soft_breaks(path.read_text(encoding="utf-8"))
    assert not lines, f"docs/zh/{topic}.md: line breaks inside Chinese text at lines {lines}"
