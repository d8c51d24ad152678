"""Tests of the built site: both languages, every page, images, no other hosts."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import ROOT

PAGES = sorted(p.stem for p in (ROOT / "docs" / "zh").glob("*.md"))


def page_html(site: Path, lang: str, stem: str) -> str:
    folder = site if lang == "zh" else site / "en"
    path = folder / "index.html" if stem == "index" else folder / stem / "index.html"
    return path.read_text(encoding="utf-8")


class _Loads(HTMLParser):
    """Collects the URLs a page loads by itself (not the links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("rel") != "alternate" and a.get("href"):
            self.urls.append(a["href"])
        if re.fullmatch(r"h[1-6]", tag) and a.get("id"):
            self.ids.append(a["id"])


def parse(html: str) -> _Loads:
    parser = _Loads()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("stem", PAGES)
def test_every_page_exists_in_both_languages(site, lang, stem):
    assert "<h1" in page_html(site, lang, stem)


@pytest.mark.parametrize("stem", PAGES)
def test_twin_pages_have_the_same_heading_ids(site, stem):
    assert parse(page_html(site, "zh", stem)).ids == parse(page_html(site, "en", stem)).ids


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_conv_page_shows_images_the_build_produced(site, lang):
    html = page_html(site, lang, "conv")
    folder = site / "conv" if lang == "zh" else site / "en" / "conv"
    images = [u for u in parse(html).urls if u.endswith(".png") and u.startswith("conv-")]
    assert len(images) >= 2
    for name in images:
        assert (folder / name).read_bytes().startswith(b"\x89PNG")
    assert "docexec-output" in html


def test_pages_load_nothing_from_other_hosts(site):
    remote = re.compile(r"^(https?:)?//")
    for path in site.rglob("*.html"):
        loads = [u for u in parse(path.read_text(encoding="utf-8")).urls if remote.match(u)]
        assert loads == [], path
    for path in site.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", path.read_text("utf-8"))
        assert urls == [], path


def test_language_switcher_points_at_the_twin_page(site):
    zh = page_html(site, "zh", "conv")
    en = page_html(site, "en", "conv")
    assert re.search(r'href="[^"]*en/conv/"[^>]*hreflang="en"', zh)
    assert re.search(r'href="[^"]*\.\./\.\./conv/"[^>]*hreflang="zh"', en) or 'hreflang="zh"' in en


def test_outputs_escape_html(site):
    html = page_html(site, "en", "conv")
    assert "requires_grad=True" in html
    assert "<AddmmBackward0>" not in html and "<script>alert" not in html


def test_the_404_page_speaks_both_languages(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "找不到这个页面" in html and "This page does not exist" in html
    assert 'href="/"' in html and 'href="/en/"' in html
