"""Browser tests: the built site in headless Chromium, served on 127.0.0.1 and from file://."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from .conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
TOPICS = sorted(p.stem for p in (ROOT / "docs" / "zh").glob("*.md"))
MODES = ["http", "file"]
# Generous: the other pytest-xdist worker may be running every page's code meanwhile.
TIMEOUT_S = 90
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Material's palette: the scheme each prefers-color-scheme selects, and the toggle that
# switches to the other one.
SCHEMES = {"light": "default", "dark": "slate"}
TOGGLE = {"dark": "label[for='__palette_1']", "light": "label[for='__palette_0']"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would drown pytest's own output


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The web build served on 127.0.0.1, as `make serve` would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def url_of(mode: str, server: str, offline: Path, lang: str, topic: str) -> str:
    """A page's address: directory URLs on the web build, `.html` files offline."""
    prefix = "" if lang == "zh" else "en/"
    if mode == "http":
        return f"{server}{prefix}{'' if topic == 'index' else topic + '/'}"
    return (offline / prefix / f"{topic}.html").as_uri()


class Visit:
    """A page opened in a fresh tab, with everything that went wrong on the way."""

    def __init__(self, browser, url: str, color_scheme: str = "light"):
        # A new page is a new browser context: no palette remembered from another page.
        self.page = browser.new_page(
            viewport={"width": 1280, "height": 900}, color_scheme=color_scheme
        )
        self.page.set_default_timeout(TIMEOUT_S * 1000)
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.in_flight: set = set()
        self.last_change = time.monotonic()
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._ended)
        self.page.on("requestfailed", self._ended)
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"error: {e}"))
        self.page.on(
            "console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}")
        )
        self.page.on(
            "response", lambda r: r.status >= 400 and self.problems.append(f"{r.status}: {r.url}")
        )
        self.page.goto(url, wait_until="load")

    def _started(self, request) -> None:
        self.requests.append(request.url)
        self.in_flight.add(request)
        self.last_change = time.monotonic()

    def _ended(self, request) -> None:
        self.in_flight.discard(request)
        self.last_change = time.monotonic()

    def settle(self, quiet_s: float = 0.5) -> None:
        """Wait until no request of the page (or its frames) has been in flight for `quiet_s`.
        Playwright's own "networkidle" can miss its moment and never come (microsoft/playwright
        issue 42598: it hung here now and then, on file:// pages, with nothing in flight)."""
        deadline = time.monotonic() + TIMEOUT_S
        while self.in_flight or time.monotonic() - self.last_change < quiet_s:
            if time.monotonic() > deadline:
                urls = sorted(r.url for r in self.in_flight)
                raise TimeoutError(f"requests in flight after {TIMEOUT_S} s: {urls}")
            self.page.wait_for_timeout(100)  # lets Playwright deliver the page's events

    def foreign(self, origin: str) -> list[str]:
        """Requests to anything but the site itself."""
        return [u for u in self.requests if not (u.startswith(origin) or u.startswith("data:"))]

    def images(self) -> list[tuple[str, int]]:
        """Every image's address and decoded width, after scrolling each into view: output
        images below the first load lazily, only when the reader gets near them."""
        return self.page.evaluate(
            """async () => {
                for (const img of document.images) {
                    img.scrollIntoView({block: "center"});
                    await img.decode().catch(() => {});  // a broken image keeps width 0
                }
                window.scrollTo(0, 0);
                return [...document.images].map(e => [e.src, e.naturalWidth]);
            }"""
        )

    def scheme(self) -> str:
        """Material's palette as the page shows it: "default" (light) or "slate" (dark)."""
        # A switch is complete when Material removes data-md-color-switching.
        self.page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
        return self.page.locator("body").get_attribute("data-md-color-scheme")

    def switch_scheme(self, color_scheme: str) -> None:
        """The reader's system turns to `color_scheme`, and the reader clicks the header's
        toggle: Material picks its palette from prefers-color-scheme when a page loads and
        keeps it, so on a loaded page only the toggle switches it (test_page loads a page in
        each scheme too: http light, file:// dark)."""
        self.page.emulate_media(color_scheme=color_scheme)
        self.page.click(TOGGLE[color_scheme])

    def axe(self) -> list[str]:
        """axe-core's violations of its default rules (WCAG 2 A and AA, best practices), one
        readable line per rule: id, impact, how many elements, the first few of them."""
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            self.page.add_script_tag(path=str(AXE))
        # resultTypes only shortens what axe reports of passing checks; every rule still runs.
        result = self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        lines = []
        for rule in result["violations"]:
            nodes = rule["nodes"]
            targets = ", ".join(" ".join(n["target"]) for n in nodes[:4])
            lines.append(f"{rule['id']} ({rule['impact']}): {len(nodes)} × {targets}")
        return lines

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_page(url: str, color_scheme: str = "light") -> Visit:
        opened.append(Visit(browser, url, color_scheme))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


def origin_of(mode: str, server: str) -> str:
    return server if mode == "http" else "file://"


# Each page is loaded once per mode, and every check of a single page runs on that load. The
# http load starts in the light scheme and is switched to dark, for axe-core in both; the
# file:// load starts dark (the reader's system is dark), so each scheme is also chosen at load.
LOADS = {"http": "light", "file": "dark"}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("topic", TOPICS)
def test_page(visit, server, offline_site, mode, lang, topic):
    """The page loads without errors and only from its own site, every image decodes, it says
    its language, Material follows the system's colour scheme, and (http) axe-core finds no
    violation in the light or the dark scheme."""
    v = visit(url_of(mode, server, offline_site, lang, topic), LOADS[mode])
    v.settle()
    lang_attribute = v.page.locator("html").get_attribute("lang")
    found = {
        "images that did not decode": [src for src, width in v.images() if width == 0],
        "html lang": [] if lang_attribute.startswith(lang) else [lang_attribute],
        f"scheme at load, {LOADS[mode]}": [x for x in [v.scheme()] if x != SCHEMES[LOADS[mode]]],
    }
    if mode == "http":
        found["axe, light"] = v.axe()
        v.switch_scheme("dark")
        found["scheme after the switch, dark"] = [x for x in [v.scheme()] if x != "slate"]
        found["axe, dark"] = v.axe()
    # Read last, so that they hold whatever happened during the checks above too.
    found["requests to another host"] = v.foreign(origin_of(mode, server))
    found["failed requests, page and console errors, 4xx"] = v.problems
    report = "\n".join(f"{k}:\n  " + "\n  ".join(map(str, f)) for k, f in found.items() if f)
    assert not report, report


SEARCHES = [
    ("zh", "卷积", "conv"),
    ("zh", "激活函数", "activation"),
    ("zh", "批规范化", "normalization"),
    ("en", "convolution", "conv"),
    ("en", "dropout", "dropout"),
    ("zh", "注意力", "attention"),
    ("zh", "多头注意力", "attention"),
    ("zh", "词嵌入", "embedding"),
    ("zh", "掩码", "attention"),
    ("zh", "填充", "padding"),
    ("zh", "上采样", "resampling"),
    ("zh", "像素重排", "resampling"),
    ("en", "attention", "attention"),
    ("en", "embedding", "embedding"),
    ("en", "mask", "attention"),
    ("en", "padding", "padding"),
    ("en", "upsample", "resampling"),
    ("en", "pixel shuffle", "resampling"),
    ("zh", "GroupNorm", "api"),
    ("en", "GroupNorm", "api"),
    ("zh", "MultiheadAttention", "api"),
    ("en", "MultiheadAttention", "api"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("lang", "query", "topic"), SEARCHES)
def test_search_finds_the_page_in_the_reader_language_only(
    visit, server, offline_site, mode, lang, query, topic
):
    v = visit(url_of(mode, server, offline_site, lang, "index"))
    v.settle()
    v.page.click("input.md-search__input")
    # fill() inserts the text as an input method would; the key release after it is what
    # Material's search listens for.
    v.page.fill("input.md-search__input", query)
    v.page.press("input.md-search__input", "End")
    suffix = f"/{topic}/" if mode == "http" else f"/{topic}.html"
    links = v.page.locator(".md-search-result__list a.md-search-result__link")
    links.locator(f"xpath=self::*[contains(@href, '{suffix}')]").first.wait_for(timeout=45_000)
    hrefs = [urlparse(h).path for h in links.evaluate_all("els => els.map(e => e.href)")]
    in_english = [("/en/" in h) for h in hrefs]
    assert all(in_english) if lang == "en" else not any(in_english), hrefs
    assert any(h.endswith(suffix) for h in hrefs), hrefs
    assert v.problems == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_layer_name_in_code_leads_to_its_index_entry(visit, server, offline_site, mode, lang):
    v = visit(url_of(mode, server, offline_site, lang, "conv"))
    v.settle()  # a click while scripts load would cancel them
    # So would a click while lazy images near the link load: load them all first.
    assert all(width > 0 for _, width in v.images())
    link = v.page.locator("a.docexec-api[href$='#nn.Conv2d']").first
    assert link.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    link.click()
    v.page.wait_for_load_state("load")
    assert v.page.url == url_of(mode, server, offline_site, lang, "api") + "#nn.Conv2d"
    assert v.page.locator("h3[id='nn.Conv2d']").is_visible()
    assert v.problems == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("lang", "other"), [("zh", "en"), ("en", "zh")])
def test_language_switch_keeps_page_and_section(visit, server, offline_site, mode, lang, other):
    v = visit(url_of(mode, server, offline_site, lang, "conv") + "#output-size")
    v.page.hover(".md-header__option .md-select")
    v.page.click(f".md-select__link[hreflang='{other}']")
    v.page.wait_for_load_state("load")
    expected = url_of(mode, server, offline_site, other, "conv") + "#output-size"
    assert v.page.url == expected
    assert v.page.locator("#output-size").count() == 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_downloads_hold_the_rendered_outputs(visit, server, offline_site, mode, lang):
    v = visit(url_of(mode, server, offline_site, lang, "conv"))
    links = v.page.locator("a.md-button[download]")
    hrefs = links.evaluate_all("els => els.map(e => e.href)")
    assert [h.rsplit(".", 1)[-1] for h in hrefs] == ["ipynb", "py"]
    if mode == "http":
        texts = [v.page.request.get(h).text() for h in hrefs]
    else:
        texts = [Path(urlparse(h).path).read_text(encoding="utf-8") for h in hrefs]
    notebook = nbformat.reads(texts[0], as_version=4)
    nbformat.validate(notebook)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert any("torch.Size([1, 1, 298, 254])" in o.get("text", "") for o in outputs)
    comment = "# 一张灰度照片：只有一个通道" if lang == "zh" else "# a greyscale photo: one channel"
    assert comment in texts[1] and "# en:" not in texts[1] and "# zh:" not in texts[1]
    json.loads(texts[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshot_of_a_page(visit, server, offline_site, lang):
    v = visit(url_of("http", server, offline_site, lang, "conv"))
    v.settle()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"conv-{lang}.png"
    v.page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000
