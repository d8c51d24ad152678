"""Tests of the built site: both languages, every page, images, no other hosts."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from docexec.lean import fewer_spans

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


def test_the_404_page_loads_nothing_and_each_language_has_a_not_found_page(site):
    # Hosts serve 404.html at any address: relative to that, any URL it loaded would break.
    loads = parse((site / "404.html").read_text(encoding="utf-8")).urls
    assert [u for u in loads if not u.startswith("data:")] == []
    for lang, folder, title in [("zh", site, "找不到页面"), ("en", site / "en", "Page not found")]:
        html = (folder / "not-found.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html and f"<title>{title} - " in html
    assert not (site / "en" / "404.html").exists()


def test_no_page_links_from_the_host_root(site):
    """The site works under any path (GitHub Pages serves a project site under /<repo>/)."""
    rooted = re.compile(r'\s(?:href|src)="/(?!/)')
    assert [p for p in site.rglob("*.html") if rooted.search(p.read_text("utf-8"))] == []


NOT_YET_RUN = ROOT / "snippets" / "not-yet-run.txt"


class _IndexEntries(HTMLParser):
    """The API index's entries: each class's `nn.X` heading id and the links that follow."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, list[str]] = {}
        self.current: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.current = (
                a["id"][3:] if tag == "h3" and a.get("id", "").startswith("nn.") else None
            )
            if self.current:
                self.entries[self.current] = []
        elif tag == "a" and self.current and not a.get("class") and a.get("href"):
            self.entries[self.current].append(a["href"])


def index_entries(site: Path, lang: str) -> dict[str, list[str]]:
    """For each class of the index page, the links to the sections of the site that run it."""
    parser = _IndexEntries()
    parser.feed(page_html(site, lang, "api"))
    return {name: [h for h in hrefs if "://" not in h] for name, hrefs in parser.entries.items()}


def torch_layer_classes() -> set[str]:
    """Computed here from torch, not taken from the engine."""
    from torch import nn

    from docexec.layers import EXCLUDED

    return {
        name
        for name, value in vars(nn).items()
        if isinstance(value, type) and issubclass(value, nn.Module) and not name.startswith("_")
    } - set(EXCLUDED)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_api_index_lists_exactly_torchs_layer_classes(site, lang):
    entries = index_entries(site, lang)
    assert set(entries) == torch_layer_classes()
    assert len(entries) == len(torch_layer_classes())  # each once


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_run_in_link_leads_to_a_section_with_code(site, lang):
    folder = site / "api" if lang == "zh" else site / "en" / "api"
    for name, hrefs in index_entries(site, lang).items():
        for href in hrefs:
            target, _, anchor = href.partition("#")
            html = (folder / target / "index.html").resolve().read_text(encoding="utf-8")
            section = re.split(rf'<h\d id="{re.escape(anchor)}"', html)
            assert len(section) == 2, f"nn.{name}: {href} leads to no section"
            body = re.split(r"<h\d id=", section[1], maxsplit=1)[0]
            assert '<div class="highlight">' in body, f"nn.{name}: {href} has no code"


def test_both_languages_run_the_same_classes(site):
    runs = {lang: {n for n, h in index_entries(site, lang).items() if h} for lang in ("zh", "en")}
    assert runs["zh"] == runs["en"]


def test_the_list_of_classes_not_yet_run_tells_the_truth(site):
    entries = index_entries(site, "zh")
    not_run = {name for name, hrefs in entries.items() if not hrefs}
    lines = NOT_YET_RUN.read_text(encoding="utf-8").splitlines()
    listed = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    where = NOT_YET_RUN.relative_to(ROOT)
    problems = [
        f"nn.{n} is run by no page: run it on a page, or list it in {where}"
        for n in sorted(not_run - listed)
    ]
    problems += [f"nn.{n} is run now: remove it from {where}" for n in sorted(listed - not_run)]
    assert not problems, "\n".join(problems)


def test_the_readme_states_the_coverage_the_site_has(site):
    entries = index_entries(site, "en")
    run = sum(bool(hrefs) for hrefs in entries.values())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{run} of the {len(entries)} layer classes" in readme


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_layer_names_in_code_link_to_their_index_entry(site, lang):
    html = page_html(site, lang, "conv")
    links = re.findall(r'<a class="docexec-api" href="([^"]+)">', html)
    assert "../api/#nn.Conv2d" in links
    assert all(re.fullmatch(r"\.\./api/#nn\.\w+", h) for h in links)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_start_lean_for_a_phone(site, lang):
    """Code has no spans left to merge, and the body carries the palette's start-up attribute
    (docexec/lean.py), on every page of the language."""
    for stem in PAGES:
        html = page_html(site, lang, stem)
        assert fewer_spans(html) == html, stem
        assert '<span class="n">' not in html, stem
        assert "<body data-md-color-switching " in html, stem
