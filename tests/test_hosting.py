"""Hosting: the site served under a path, as GitHub Pages serves a project site under
/<repository>/, and its 404 page per language, checked in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import inspect
import io
import json
import re
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright

from docexec.i18n_site import relative_links
from tools.chromium import ARGS, HOW_TO_GET_ONE, find

from .conftest import shared_site

PREFIX = "/nn-layers/"
"""Where the tests serve the site: any path but the host's root."""

TITLES = {
    "zh": "找不到页面 - PyTorch 神经网络层",
    "en": "Page not found - PyTorch Neural-Network Layers",
}


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser drops connections it no longer needs: not the site's fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Host(http.server.SimpleHTTPRequestHandler):
    """A static host as GitHub Pages is one: the site under `prefix`, and for any missing
    address under it the site's root 404.html, with status 404."""

    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would drown pytest's own output

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + urlsplit(path).path[len(self.prefix) :])

    def send_head(self):
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            self.send_error(404)
            return None
        local = Path(self.translate_path(self.path))
        if local.is_dir() and path.endswith("/"):
            local = local / "index.html"  # never a folder listing
        if local.exists():
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def host() -> Iterator[Callable[[Path, str], str]]:
    """Serve a built site under a path on 127.0.0.1; gives the site's address."""
    servers: dict[tuple[Path, str], tuple[_Server, str]] = {}

    def serve(folder: Path, prefix: str) -> str:
        if (folder, prefix) not in servers:
            handler = type("Host", (_Host,), {"prefix": prefix})
            httpd = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
            threading.Thread(target=httpd.serve_forever, daemon=True).start()
            servers[folder, prefix] = httpd, f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
        return servers[folder, prefix][1]

    yield serve
    for httpd, _ in servers.values():
        httpd.shutdown()
        httpd.server_close()


# Playwright's sync API allows one instance per thread, and other test modules keep theirs
# open on the main thread: this module's browser lives on a thread of its own.
_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test_hosting-chromium")
_opened: list = []
"""This module's Playwright and browser, once started (on `_THREAD` only)."""


def _browser():
    if not _opened:
        executable = find()
        if executable is None:
            pytest.fail(HOW_TO_GET_ONE)
        playwright = sync_playwright().start()
        _opened[:] = [playwright, playwright.chromium.launch(executable_path=executable, args=ARGS)]
    return _opened[1]


def _close() -> None:
    if _opened:
        _opened[1].close()
        _opened[0].stop()
        _opened.clear()


@pytest.fixture(scope="session", autouse=True)
def _chromium() -> Iterator[None]:
    yield
    _THREAD.submit(_close).result()


def with_tab(test: Callable[..., None]) -> Callable[..., None]:
    """The test, run on the browser's thread with a fresh `Tab` as its first argument."""
    signature = inspect.signature(test)

    @functools.wraps(test)
    def run(**fixtures: object) -> None:
        def body() -> None:
            tab = Tab(_browser())
            try:
                test(tab, **fixtures)
            finally:
                tab.page.close()

        _THREAD.submit(body).result()

    # pytest gives the test the fixtures its signature names: all but the tab.
    run.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])
    return run


class Tab:
    """A browser tab that records every request that fails, but those it is told to expect."""

    def __init__(self, browser) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1280, "height": 900})
        # Generous: another pytest-xdist worker may be running every page's code meanwhile.
        self.page.set_default_timeout(90_000)
        self.expected: set[str] = set()
        self.problems: list[str] = []
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"error: {e}"))
        self.page.on("console", self._console)
        self.page.on("response", self._response)

    def _console(self, message) -> None:
        where = message.location.get("url", "").split("#")[0]
        if message.type == "error" and where not in self.expected:
            self.problems.append(f"console: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400 and response.url not in self.expected:
            self.problems.append(f"{response.status}: {response.url}")

    def open(self, url: str) -> Page:
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return self.page

    def open_missing(self, url: str) -> Page:
        """Open an address the host does not have: its 404.html (with status 404) sends the
        reader on to the not-found page, which shows the address again."""
        self.expected.add(url)
        self.page.goto(url, wait_until="load")
        self.page.locator("article h1").wait_for()
        self.page.wait_for_url(url)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def lang(self) -> str:
        return self.page.locator("html").get_attribute("lang")


BUILDS = ["web", "offline"]


@pytest.fixture
def served(request, host, site, offline_site) -> Callable[[str, str], str]:
    """The address of a page of the `build` under PREFIX: directory URLs on the web build,
    `.html` files in the offline one."""
    build = request.node.callspec.params["build"]
    base = host(site if build == "web" else offline_site, PREFIX)

    def url(lang: str, topic: str) -> str:
        folder = "" if lang == "zh" else f"{lang}/"
        if build == "offline":
            return f"{base}{folder}{topic}.html"
        return f"{base}{folder}{'' if topic == 'index' else topic + '/'}"

    return url


@pytest.mark.parametrize("build", BUILDS)
@with_tab
def test_a_page_under_a_path_loads_its_images_downloads_and_nav(tab, served, build):
    page = tab.open(served("zh", "conv"))
    # Every image, lazy ones too, loaded and decoded.
    widths = page.eval_on_selector_all(
        "img",
        """els => Promise.all(els.map(e => {
            e.loading = "eager";
            return e.decode().then(() => e.naturalWidth, () => 0);
        }))""",
    )
    assert len(widths) >= 2 and 0 not in widths
    hrefs = page.locator("a.md-button[download]").evaluate_all("els => els.map(e => e.href)")
    assert [urlsplit(h).path.rsplit(".", 1)[-1] for h in hrefs] == ["ipynb", "py"]
    answers = [page.request.get(h) for h in hrefs]
    assert [a.status for a in answers] == [200, 200]
    assert json.loads(answers[0].text())["cells"] and "import torch" in answers[1].text()
    suffix = "pooling.html" if build == "offline" else "pooling/"
    page.locator(f".md-nav--primary a[href$='{suffix}']").first.click()
    page.wait_for_load_state("load")
    assert page.url == served("zh", "pooling")
    assert page.locator("h1").first.is_visible()
    page.wait_for_load_state("networkidle")
    assert tab.problems == []


def switch(page: Page, lang: str) -> None:
    """Choose `lang` in the header's language menu and wait for the page it leads to."""
    page.wait_for_load_state("networkidle")  # leaving sooner would cut the search's loads
    page.hover(".md-header__option .md-select")
    page.click(f".md-select__link[hreflang='{lang}']")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("topic", ["conv", "index"])
@with_tab
def test_the_language_switch_under_a_path_keeps_page_and_section(tab, served, build, topic):
    section = "#output-size" if topic == "conv" else ""
    page = tab.open(served("zh", topic) + section)
    switch(page, "en")
    assert page.url == served("en", topic) + section
    assert tab.lang() == "en"
    switch(page, "zh")
    assert page.url == served("zh", topic) + section
    assert tab.lang() == "zh"
    assert tab.problems == []


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize(("lang", "query"), [("zh", "卷积"), ("en", "convolution")])
@with_tab
def test_search_under_a_path_finds_pages_in_the_reader_language(tab, served, build, lang, query):
    page = tab.open(served(lang, "index"))
    results = search(page, query)
    hrefs = results.evaluate_all("els => els.map(e => e.href)")
    target = served(lang, "conv")
    assert all(h.startswith(served(lang, "index").rsplit("/", 1)[0]) for h in hrefs), hrefs
    assert all(("/en/" in h) == (lang == "en") for h in hrefs), hrefs
    results.locator(f"xpath=self::*[starts-with(@href, '{target}')]").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(target)
    assert tab.lang() == lang
    page.wait_for_load_state("networkidle")
    assert tab.problems == []


def search(page: Page, query: str):
    """Type `query` in the search box; the result links, once one has appeared."""
    page.click("input.md-search__input")
    # fill() inserts the text as an input method would; the key release after it is what
    # Material's search listens for.
    page.fill("input.md-search__input", query)
    page.press("input.md-search__input", "End")
    links = page.locator(".md-search-result__list a.md-search-result__link")
    links.first.wait_for(timeout=45_000)
    return links


MISSING = [
    ("zh", "convv/"),  # a mistyped page: nothing in the address is the site's
    ("zh", "conv/nope.png"),
    ("en", "en/convv/"),
    ("en", "en/conv/nope/"),
]


@pytest.mark.parametrize("prefix", ["/", PREFIX])
@pytest.mark.parametrize(("lang", "missing"), MISSING)
@with_tab
def test_a_missing_address_gets_the_404_page_of_its_language(
    tab, host, site, prefix, lang, missing
):
    base = host(site, prefix)
    url = base + missing
    page = tab.open_missing(url)
    assert (page.url, tab.lang(), page.title()) == (url, lang, TITLES[lang])
    home = base if lang == "zh" else base + "en/"
    switches = page.locator(".md-select__link").evaluate_all(
        "els => els.map(e => [e.hreflang, e.href])"
    )
    assert dict(switches) == {"zh": base, "en": base + "en/"}
    # Search is this language's, as on the other pages of the language.
    hrefs = search(page, "卷积" if lang == "zh" else "convolution").evaluate_all(
        "els => els.map(e => e.href)"
    )
    assert all(h.startswith(home) and ("/en/" in h) == (lang == "en") for h in hrefs), hrefs
    page.keyboard.press("Escape")
    page.locator("article a.md-button").click()
    page.wait_for_load_state("load")
    assert page.url == home
    assert tab.lang() == lang
    page.wait_for_load_state("networkidle")
    assert tab.problems == []


@with_tab
def test_a_wrong_guess_of_the_root_ends_on_404_html_without_a_loop(tab, host, site):
    # Without site_url, an address with nothing of the site in it, two folders deep, is
    # taken for a page one folder down: the page 404.html sends the reader to is missing
    # too, and 404.html, served again, stays.
    base = host(site, "/")
    url, guess = base + "foo/bar/", base + "foo/not-found.html"
    tab.expected |= {url, guess}
    documents: list[str] = []
    tab.page.on(
        "request", lambda r: r.is_navigation_request() and documents.append(r.url.split("#")[0])
    )
    with tab.page.expect_navigation(url=re.compile("not-found")):
        tab.page.goto(url)
    tab.page.wait_for_url(url)
    tab.page.wait_for_timeout(1000)  # time enough for any further redirect
    assert documents == [url, guess]
    assert tab.page.title() == "找不到页面 · Page not found"
    assert tab.problems == []


SITE_URL = "https://example.org/nn-layers/"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The site as CI builds it for GitHub Pages, with SITE_URL (without running the code)."""
    return shared_site(tmp_path_factory, "published", SITE_URL=SITE_URL, DOCEXEC_EXECUTE="0")


@with_tab
def test_a_build_for_its_published_address_still_links_relatively(tab, host, published_site):
    page = (published_site / "en" / "conv" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}en/conv/">' in page
    sitemap = (published_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}conv/</loc>" in sitemap
    rooted = re.compile(r'\s(?:href|src)="/(?!/)')
    assert [p for p in published_site.rglob("*.html") if rooted.search(p.read_text("utf-8"))] == []
    # Nothing in this address is the site's: the 404 page knows from SITE_URL where it is.
    base = host(published_site, PREFIX)
    url = base + "some/where/"
    page = tab.open_missing(url)
    assert (page.url, tab.lang(), page.title()) == (url, "zh", TITLES["zh"])
    page.locator("article a.md-button").click()
    page.wait_for_load_state("load")
    assert page.url == base
    page.wait_for_load_state("networkidle")
    assert tab.problems == []


@pytest.mark.parametrize(
    ("page_url", "mount", "html", "expected"),
    [
        ("", "/", '<a href="/">', '<a href="./">'),
        ("", "/", ' <a href="/en/" hreflang="en">', ' <a href="en/" hreflang="en">'),
        ("en/", "/", '<a href="/">', '<a href="../">'),
        (
            "en/conv/",
            "/",
            '<link href="/assets/x.css?v=1">',
            '<link href="../../assets/x.css?v=1">',
        ),
        ("en/index.html", "/", '<a href="/index.html#top">', '<a href="../index.html#top">'),
        ("en/", "/nn-layers/", '<a href="/nn-layers/">', '<a href="../">'),
        ("en/", "/nn-layers/", '<a href="/elsewhere/">', '<a href="/elsewhere/">'),
        ("", "/", '<img src="//cdn.example/x.png">', '<img src="//cdn.example/x.png">'),
        ("", "/", "<code>href=&quot;/x&quot;</code>", "<code>href=&quot;/x&quot;</code>"),
    ],
)
def test_root_absolute_links_become_relative_to_the_page(page_url, mount, html, expected):
    assert relative_links(html, page_url, mount) == expected
