"""Printing: the PDF of each language (`make pdf`, tools/pdf.py) and math laid out in Chromium."""

from __future__ import annotations

import functools
import html
import http.server
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock
from pypdf import PdfReader

from tools.chromium import HOW_TO_GET_ONE, find
from tools.pdf import LANGUAGES, document, nav, pdf_name, read_chapters

from .conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def pdfs(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both PDFs, printed once per test run from the shared site build (as conftest's
    shared_site: the first pytest-xdist worker that asks prints, the others wait)."""
    if find() is None:
        pytest.fail(HOW_TO_GET_ONE)
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    out, done = base / "pdf", base / "pdf.printed"
    with FileLock(str(base / "pdf.lock")):
        if not done.exists():
            # In a process of its own: this one may already drive a browser (`browser`), and
            # Playwright allows one per thread.
            pdf = [sys.executable, str(ROOT / "tools" / "pdf.py"), "--site", str(site)]
            subprocess.run([*pdf, "--out", str(out)], check=True, cwd=ROOT)
            done.touch()
    return {lang: out / pdf_name(lang) for lang in LANGUAGES}


@functools.cache
def _reader(path: Path) -> PdfReader:
    return PdfReader(path)


@functools.cache
def _text(path: Path, index: int) -> str:
    """The text of one sheet (extracting all of them takes pypdf close to a minute)."""
    return _reader(path).pages[index].extract_text()


def _starts(reader: PdfReader) -> list[tuple[str, int]]:
    """The title and first sheet (0-based) of each page of the site, from the bookmarks."""
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def h1s(site: Path, lang: str) -> list[str]:
    """The title (H1) of every nav page of a language, read from the built site."""
    titles = []
    for entry in nav():
        stem = entry.removesuffix(".md")
        folder = site / ("" if lang == LANGUAGES[0] else lang) / ("" if stem == "index" else stem)
        page = (folder / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", page, re.S)
        assert h1, f"{folder}: no H1"
        titles.append(html.unescape(re.sub(r"<[^>]+>", "", h1.group(1))).strip())
    return titles


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_holds_every_page_in_nav_order(pdfs, site, lang):
    reader = _reader(pdfs[lang])
    titles = h1s(site, lang)
    assert len(titles) == len(nav()) >= 20
    assert len(titles) + 2 <= len(reader.pages) <= 25 * len(titles)
    # A bookmark per page, in nav order, each on the sheet where that page's H1 is printed.
    starts = _starts(reader)
    assert [title for title, _ in starts] == titles
    assert [start for _, start in starts] == sorted({start for _, start in starts})
    for title, start in starts:
        assert _squeeze(title) in _squeeze(_text(pdfs[lang], start)), f"{title!r} not there"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_contents_give_each_page_its_number(pdfs, lang):
    reader = _reader(pdfs[lang])
    starts = _starts(reader)
    contents = "\n".join(
        reader.pages[i].extract_text(extraction_mode="layout") for i in range(1, starts[0][1])
    )
    lines = [_squeeze(line) for line in contents.splitlines()]
    for title, start in starts:
        # The title and its number on one line: the numbers are printed onto the contents.
        assert f"{_squeeze(title)}{start + 1}" in lines, title


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sheets_show_their_page_number(pdfs, lang):
    count = len(_reader(pdfs[lang]).pages)
    for index in [0, 1, count // 2, count - 1]:
        assert f"{index + 1} / {count}" in _text(pdfs[lang], index), f"sheet {index + 1}"


def _images(resources) -> int:
    """Image XObjects in a sheet's resources (and in the forms it draws)."""
    xobjects = resources.get_object().get("/XObject") if resources else None
    count = 0
    for xobject in (xobjects.get_object() if xobjects else {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            count += 1
        elif xobject.get("/Subtype") == "/Form":
            count += _images(xobject.get("/Resources"))
    return count


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_shows_the_images_the_build_produced(pdfs, site, lang):
    pngs = list(site.glob(("" if lang == "zh" else "en/") + "*/*-[0-9]*-[0-9]*.png"))
    assert len(pngs) >= 20
    reader = _reader(pdfs[lang])
    images = [_images(page.get("/Resources")) for page in reader.pages]
    assert sum(images) >= len({png.read_bytes() for png in pngs})
    conv = dict(_starts(reader))[h1s(site, lang)[nav().index("conv.md")]]
    assert sum(images[conv : conv + 4]) >= 2  # the photo and what the kernels made of it


def _to_unicode_maps(reader: PdfReader) -> Iterator[str]:
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for font in (fonts.get_object() if fonts else {}).values():
            stream = font.get_object().get("/ToUnicode")
            if stream is not None and stream.idnum not in seen:
                seen.add(stream.idnum)
                yield stream.get_object().get_data().decode("latin-1")


def _targets(cmap: str) -> str:
    """The text that a ToUnicode CMap maps its codes to."""

    def text(hex_text: str) -> str:
        return bytes.fromhex(hex_text).decode("utf-16-be")

    found = []
    for line in cmap.partition("endcodespacerange")[2].splitlines():
        codes = re.findall(r"<([0-9A-Fa-f]+)>", line)
        if len(codes) == 2 or "[" in line:  # <code> <text>, or <first> <last> [<text> ...]
            found += [text(code) for code in codes[1 if len(codes) == 2 else 2 :]]
        elif len(codes) == 3:  # <first> <last> <text of the first>, counting up
            first = text(codes[2])
            count = int(codes[1], 16) - int(codes[0], 16) + 1
            found += [first[:-1] + chr(ord(first[-1]) + i) for i in range(count)]
    return "".join(found)


def test_the_chinese_pdf_has_searchable_chinese_text(pdfs):
    reader = _reader(pdfs["zh"])
    home = "".join(
        _text(pdfs["zh"], i) for i in range(_starts(reader)[0][1], _starts(reader)[1][1])
    )
    # Sentences of the home page, as a reader would search for them.
    for sentence in ["每一页讲一类层", "页面上的每段代码都在构建网站时真正执行过"]:
        assert sentence in _squeeze(home)
    # Noto Sans CJK draws 页 and the radical ⻚ with one glyph; the text must say 页. No
    # font of the PDF maps a glyph back to a radical (U+2E80 to U+2FDF).
    targets = "".join(_targets(cmap) for cmap in _to_unicode_maps(reader))
    assert "页" in targets and "一" in targets
    assert sorted({ch for ch in targets if 0x2E80 <= ord(ch) <= 0x2FDF}) == []
    english = _reader(pdfs["en"])
    text = _text(pdfs["en"], _starts(english)[0][1])
    assert "Eachpagecoversonefamilyoflayers" in _squeeze(text)


def test_the_print_document_loads_only_from_the_site(site):
    chapters = read_chapters(site, "en", nav())
    doc = document(site, "en", chapters)
    sources = re.findall(r'<(?:img|link|script)[^>]*(?:src|href)="([^"]*)"', doc)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources)
    # Links to another page of the site lead inside the document; downloads lead nowhere.
    links = re.findall(r'<a[^>]*href="([^"]*)"', doc)
    assert "#conv" in links
    assert all(h.startswith("#") or "://" in h for h in links)
    assert "conv.ipynb" not in " ".join(links)


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


FLOOR = """() => {
  const floor = [...document.querySelectorAll("math mo")].find(m => m.textContent === "\u230a");
  const fraction = floor.parentElement.querySelector("mfrac");
  return [floor.getBoundingClientRect().height, fraction.getBoundingClientRect().height,
          getComputedStyle(floor).fontFamily];
}"""


def _floor_and_fraction(browser, url: str, without_math_css: bool = False) -> list:
    page = browser.new_page()
    if without_math_css:
        page.route("**/math.css", lambda route: route.abort())
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready")
    measured = page.evaluate(FLOOR)
    page.close()
    return measured


@pytest.mark.parametrize("mode", ["http", "file"])
def test_delimiters_stretch_around_a_fraction(browser, server, offline_site, mode):
    url = f"{server}conv/" if mode == "http" else (offline_site / "conv.html").as_uri()
    floor, fraction, family = _floor_and_fraction(browser, url)
    assert "Noto Sans Math" in family
    # ⌊ … ⌋ around the output-size fraction: as tall as the fraction, not one line high.
    assert floor >= fraction > 0


def test_without_the_math_font_delimiters_stay_one_line_high(browser, server):
    floor, fraction, _ = _floor_and_fraction(browser, f"{server}conv/", without_math_css=True)
    assert floor < fraction  # what the test above would catch


def test_the_site_serves_the_math_font_and_its_licence(site):
    font = site / "assets" / "fonts" / "noto-sans-math.woff"
    assert font.read_bytes()[:4] == b"wOFF"
    licence = (site / "assets" / "fonts" / "noto-sans-math-LICENSE.txt").read_text()
    assert "SIL Open Font License" in licence


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_printed_page_for_the_record(browser, server, lang):
    """The conv page as print media lays it out (A4 width), saved for a person to look at."""
    page = browser.new_page(viewport={"width": 794, "height": 1123})
    page.emulate_media(media="print")
    page.goto(f"{server}{'' if lang == 'zh' else 'en/'}conv/#output-size", wait_until="load")
    page.evaluate("document.fonts.ready")
    hidden = page.evaluate(
        """() => ["header", "nav", "footer", "button", "input", ".headerlink", "a.md-button"]
          .filter(s => [...document.querySelectorAll(s)].some(e => e.checkVisibility()))"""
    )
    assert hidden == []  # print.css: no navigation, buttons or permalinks on paper
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"print-{lang}-conv.png")
    page.close()
