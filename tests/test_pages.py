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


Outline = dict[str, list[tuple[object, int]]]
"""What must match between the twins, each item with its line: heading ids, code, alt texts."""


def _outline(lang: str, topic: str) -> Outline:
    path = DOCS / lang / f"{topic}.md"
    text = path.read_text(encoding="utf-8")
    blocks = find_blocks(text, path, ROOT / "snippets")
    return {
        "heading ids": [
            (m.group(1), text.count("\n", 0, m.start()) + 1) for m in _HEADING_ID.finditer(text)
        ],
        "included code": [(b.includes or [b.code], b.line) for b in blocks],
        "alt texts": [("alt" if "alt" in b.attrs else "no alt", b.line) for b in blocks],
    }


def _first_difference(what: str, topic: str, zh: list, en: list) -> str | None:
    """None if the two lists agree, else where they first differ, with both pages' lines:

    docs/en/conv.md:41: heading ids differ from docs/zh/conv.md:30: first difference at
    position 3: zh 'sharpen' vs en 'sharpening'
    """
    for n, (z, e) in enumerate(itertools.zip_longest(zh, en), 1):
        if z is None or e is None or z[0] != e[0]:
            en_at = f"docs/en/{topic}.md" + (f":{e[1]}" if e else "")
            zh_at = f"docs/zh/{topic}.md" + (f":{z[1]}" if z else "")
            z_shown = repr(z[0]) if z else "nothing"
            e_shown = repr(e[0]) if e else "nothing"
            return (
                f"{en_at}: {what} differ from {zh_at}: first difference at position {n}: "
                f"zh {z_shown} vs en {e_shown}"
            )
    return None


@pytest.mark.parametrize("topic", TOPICS)
def test_twins_have_the_same_headings_code_and_images(topic):
    zh, en = _outline("zh", topic), _outline("en", topic)
    differences = [_first_difference(what, topic, zh[what], en[what]) for what in zh]
    differences = [d for d in differences if d]
    assert not differences, "\n".join(differences)


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


def _regions(snippet: str) -> list[str]:
    text = (ROOT / "snippets" / snippet).read_text(encoding="utf-8")
    return re.findall(r"^\s*#\s*--8<--\s*\[start:([\w.-]+)\]", text, re.MULTILINE)


@pytest.mark.parametrize("topic", [t for t in TOPICS if (ROOT / "snippets" / f"{t}.py").is_file()])
def test_every_region_of_a_snippet_is_on_its_page(topic):
    # A region no page includes runs in no test: its `# Out:` lines would be checked by nothing.
    included = {name for names, _ in _outline("zh", topic)["included code"] for name in names}
    missing = [r for r in _regions(f"{topic}.py") if f"{topic}.py:{r}" not in included]
    assert not missing, (
        f"snippets/{topic}.py: regions that docs/zh/{topic}.md never includes: {missing}"
    )
