"""Print the built site as one PDF per language: every page in nav order, with contents.

    python tools/pdf.py [--site site] [--out dist] [zh] [en]

writes dist/pytorch-nn-layers-zh.pdf and dist/pytorch-nn-layers-en.pdf from the site that
`make site` built into site/. Each PDF is one print document: a title page, the contents with
page numbers, then the <article> of every page of `nav:` in mkdocs.yml, in that order, laid
out by the site's own print stylesheet (docs/assets/print.css), with bookmarks for each page
and section. Chromium (tools/chromium.py) prints it from 127.0.0.1, both languages at once;
a request to any other host fails the print.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import logging
import re
import shutil
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from playwright.sync_api import sync_playwright
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, Fit, NameObject, TextStringObject

if __package__ in (None, ""):  # run as a script: make `tools.chromium` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from docexec.i18n_site import pdf_name
from tools.chromium import ARGS, HOW_TO_GET_ONE, find

__all__ = ["Chapter", "document", "nav", "pdf_name", "print_site", "read_chapters"]

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh", "en")
"""The default language (served at the site's root) first."""
"""Chromium on a machine without network: no background requests, no sandbox as root."""
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
"""A4 page margins; the bottom one holds the footer with the page number."""
CONTENTS = {"zh": "目录", "en": "Contents"}

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
_HEADING = re.compile(
    r'<h(?P<level>[12]) id="(?P<id>[^"]+)"[^>]*>(?P<text>.*?)</h(?P=level)>', re.S
)
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_ATTRIBUTE = re.compile(r'(?<=\s)(id|href|src)="([^"]*)"')
# Every stylesheet, print.css too, which the pages link for print media only.
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"[^>]*>')


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its MkDocs tags (`!ENV`, `!relative`) read as nothing."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def nav(config: Path = ROOT / "mkdocs.yml") -> list[str]:
    """The Markdown files of `nav:`, in order (sections and titled entries flattened)."""

    def walk(entry: object) -> Iterator[str]:
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, list):
            for item in entry:
                yield from walk(item)
        elif isinstance(entry, dict):
            for value in entry.values():
                yield from walk(value)

    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)
    return [p for p in walk(data.get("nav", [])) if p.endswith(".md") and "://" not in p]


def _url_of(markdown: str, lang: str) -> str:
    """The URL path of a nav entry's page (directory URLs, as the site is built)."""
    prefix = "/" if lang == LANGUAGES[0] else f"/{lang}/"
    page = PurePosixPath(markdown).with_suffix("")
    folder = page.parent if page.name == "index" else page
    return prefix + ("" if str(folder) == "." else f"{folder}/")


@dataclass
class Chapter:
    """One page of the site, as it goes into the print document."""

    key: str
    """The page's name in the document: its ids become `key:id`, and `#key` leads to it."""
    url: str
    """Its URL path on the site, for example `/en/conv/`."""
    title: str
    """The text of its H1."""
    sections: list[tuple[str, str]]
    """The id and text of each H2, for the PDF's bookmarks."""
    article: str
    """The inner HTML of its <article>."""


def _text(fragment: str) -> str:
    fragment = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def read_chapters(site: Path, lang: str, pages: list[str]) -> list[Chapter]:
    """The chapters of one language, in the order of `pages` (nav entries)."""
    chapters = []
    for markdown in pages:
        url = _url_of(markdown, lang)
        article = _ARTICLE.search((site / url.lstrip("/") / "index.html").read_text("utf-8"))
        headings = (
            [(h["level"], h["id"], _text(h["text"])) for h in _HEADING.finditer(article.group(1))]
            if article
            else []
        )
        if not headings or headings[0][0] != "1":
            raise ValueError(f"{url}: no <article> that starts with an <h1> in the built page")
        key = str(PurePosixPath(markdown).with_suffix("")).replace("/", "-")
        sections = [(id_, text) for level, id_, text in headings if level == "2"]
        chapters.append(Chapter(key, url, headings[0][2], sections, article.group(1)))
    return chapters


def _rewrite(chapter: Chapter, keys: dict[str, str]) -> str:
    """The chapter's article with ids prefixed by its key, links to pages of the document
    turned into links inside it, and site resources addressed from the site's root."""

    def attribute(match: re.Match[str]) -> str:
        name, value = match.group(1), html.unescape(match.group(2))
        if name == "id":
            return f'id="{html.escape(chapter.key)}:{match.group(2)}"'
        if urlsplit(value).scheme:
            return match.group(0)  # another site: a link, which loads nothing when printing
        target = urlsplit(urljoin(chapter.url, value))
        if name == "src":
            return f'src="{html.escape(target.path)}"'
        path = unquote(target.path).removesuffix("index.html")
        if path in keys:
            anchor = f"{keys[path]}:{target.fragment}" if target.fragment else keys[path]
            return f'href="#{html.escape(anchor)}"'
        # A file of the site that is not in the document (a download, an image's full size,
        # the other language): a link to 127.0.0.1 would be dead in the PDF.
        return "data-link-dropped"

    return _TAG.sub(lambda tag: _ATTRIBUTE.sub(attribute, tag.group(0)), chapter.article)


NUMBERS_ONLY = """<style>
  html, body { background: none; }
  body * { visibility: hidden; }
  .docexec-print-contents .page { visibility: visible; }
</style>"""
"""Shows only the page numbers of the contents, to be printed onto the pages of the first print.
Both prints lay the contents out alike: print.css clips each chapter to the page's width, so
that nothing wide makes Chromium shrink the whole first print."""


def document(
    site: Path, lang: str, chapters: list[Chapter], numbers: dict[str, int] | None = None
) -> str:
    """The print document of one language: the site's stylesheets, a title page, the contents
    and every chapter. With `numbers` (a chapter's key → the page it starts on), only the page
    numbers of the contents, where the document without them shows the contents."""
    home = (site / chapters[0].url.lstrip("/") / "index.html").read_text(encoding="utf-8")
    # The header's site name: the home page's <title> may repeat it (its title, then the site's).
    name = re.search(r'"md-header__topic">\s*<span class="md-ellipsis">(.*?)</span>', home, re.S)
    description = re.search(r'<meta name="description" content="([^"]*)"', home)
    html_tag = re.search(r"<html[^>]*>", home)
    body_tag = re.search(r"<body[^>]*>", home)
    styles = [urljoin(chapters[0].url, href) for href in _STYLESHEET.findall(home)]
    keys = {chapter.url: chapter.key for chapter in chapters}
    numbers_only = numbers is not None
    numbers = numbers or {}
    contents = "\n".join(
        f'<li><a href="#{c.key}"><span>{html.escape(c.title)}</span><span class="leader"></span>'
        f'<span class="page">{numbers.get(c.key, "")}</span></a></li>'
        for c in chapters
    )
    # Links to every section, never shown: Chromium names a PDF destination after the target
    # of each link, and the bookmarks are made from those destinations.
    targets = "".join(f'<a href="#{c.key}:{id_}"></a>' for c in chapters for id_, _ in c.sections)
    chapters_html = (
        []
        if numbers_only
        else [
            f'<section class="docexec-print-chapter" id="{c.key}">'
            f'<article class="md-content__inner md-typeset">{_rewrite(c, keys)}</article></section>'
            for c in chapters
        ]
    )
    return "\n".join(
        [
            "<!doctype html>",
            html_tag.group(0) if html_tag else f'<html lang="{lang}">',
            '<head><meta charset="utf-8">',
            f"<title>{name.group(1).strip() if name else ''}</title>",
            *(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in styles),
            NUMBERS_ONLY if numbers_only else "",
            "</head>",
            body_tag.group(0) if body_tag else "<body>",
            '<div class="md-container"><main class="md-main"><div class="md-content">',
            '<section class="docexec-print-cover md-typeset">',
            f"<h1>{name.group(1).strip() if name else ''}</h1>",
            f"<p>{description.group(1) if description else ''}</p>",
            "</section>",
            '<nav class="docexec-print-contents md-typeset">',
            f"<h2>{CONTENTS.get(lang, CONTENTS['en'])}</h2>",
            f"<ol>{contents}</ol>",
            "</nav>",
            f"<div hidden>{targets}</div>",
            *chapters_html,
            "</div></main></div></body></html>",
        ]
    )


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site, and the print documents (URL path → HTML) from memory."""

    def __init__(self, *args, documents: dict[str, bytes], **kwargs) -> None:
        self.documents = documents
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        content = self.documents.get(urlsplit(self.path).path)
        if content is None:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)
        return None

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would drown the tool's own output


def print_site(site: Path, out: Path, langs: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Print each language of the built `site` into `out`; the paths written."""
    executable = find()
    if executable is None:
        raise RuntimeError(HOW_TO_GET_ONE)
    pages = nav()
    documents: dict[str, bytes] = {}
    handler = functools.partial(_Handler, directory=str(site), documents=documents)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    origin = f"http://127.0.0.1:{httpd.server_address[1]}/"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    out.mkdir(parents=True, exist_ok=True)

    def one(lang: str) -> Path:
        printer = _Printer(executable, origin, documents, site, lang)
        path = out / pdf_name(lang)
        path.write_bytes(printer.print(read_chapters(site, lang, pages)))
        return path

    try:
        # A browser per language, each in its own thread (Playwright's sync API wants one
        # instance per thread): Chromium lays each out on its own core.
        with ThreadPoolExecutor(len(langs)) as pool:
            return list(pool.map(one, langs))
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class _Printer:
    executable: str
    origin: str
    documents: dict[str, bytes]
    site: Path
    lang: str

    def print(self, chapters: list[Chapter]) -> bytes:
        """The language's PDF: printed once, then the contents' page numbers printed onto it
        (read from where the first print put each chapter), bookmarks, and searchable text."""
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=self.executable, args=ARGS)
            page = browser.new_page()
            foreign: list[str] = []
            page.route("**/*", functools.partial(self._local_only, foreign))
            first = PdfReader(BytesIO(self._pdf(page, document(self.site, self.lang, chapters))))
            where = _destinations(first)
            starts = {c.key: where[c.key][0] + 1 for c in chapters if c.key in where}
            numbers_doc = document(self.site, self.lang, chapters, starts)
            front = f"1-{min(starts.values(), default=2) - 1}"  # the title page and contents
            numbers = PdfReader(BytesIO(self._pdf(page, numbers_doc, front)))
            browser.close()
        if foreign:
            raise RuntimeError(f"the {self.lang} print document asked other hosts for {foreign}")
        missing = [c.key for c in chapters if c.key not in starts]
        if missing:
            raise RuntimeError(f"the {self.lang} print lost the start of {missing}")
        writer = PdfWriter(clone_from=first)
        for sheet, overlay in zip(writer.pages, numbers.pages, strict=False):
            sheet.merge_page(overlay)
        for chapter in chapters:
            page, fit = _at(where[chapter.key])
            parent = writer.add_outline_item(title=chapter.title, page_number=page, fit=fit)
            for id_, text in chapter.sections:
                if f"{chapter.key}:{id_}" in where:
                    page, fit = _at(where[f"{chapter.key}:{id_}"])
                    writer.add_outline_item(title=text, page_number=page, parent=parent, fit=fit)
        writer.page_mode = "/UseOutlines"
        writer.root_object[NameObject("/Lang")] = TextStringObject(self.lang)
        _searchable_cjk(writer)
        buffer = BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    def _local_only(self, foreign: list[str], route) -> None:
        if route.request.url.startswith(self.origin):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    def _pdf(self, page, html_text: str, only: str = "") -> bytes:
        """The document printed; with `only` (pages, as "1-2"), those pages, without the
        footer and backgrounds: to be printed onto the same pages of the whole print."""
        url = f"/print-{self.lang}{'-numbers' if only else ''}.html"
        self.documents[url] = html_text.encode()
        page.goto(self.origin + url.lstrip("/"), wait_until="load")
        page.evaluate("document.fonts.ready")
        return page.pdf(
            format="A4",
            margin=MARGIN,
            page_ranges=only,
            print_background=not only,
            display_header_footer=not only,
            header_template="<span></span>",
            footer_template=_footer(page.title()),
        )


def _footer(site_name: str) -> str:
    # Chromium lays the footer out as a document of its own: every style must be inline.
    return (
        '<div style="width:100%;margin:0 14mm;display:flex;justify-content:space-between;'
        'font-size:8px;color:#757575;font-family:sans-serif">'
        f"<span>{html.escape(site_name)}</span>"
        '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
    )


def _destinations(reader: PdfReader) -> dict[str, tuple[int, float | None]]:
    """Each named destination of the PDF (Chromium names one after the target of each link
    of the document) → its page index and height on the page."""
    found = {}
    for name, destination in reader.named_destinations.items():
        top = destination.get("/Top")
        found[name.lstrip("/")] = (reader.get_destination_page_number(destination), top)
    return found


def _at(place: tuple[int, float | None]) -> tuple[int, Fit]:
    page, top = place
    return page, Fit.xyz(top=top) if top is not None else Fit.fit()


# Searchable Chinese text. Chromium's PDF maps each glyph back to the lowest code point that
# the font maps to it, and Noto Sans CJK draws 页 and the radical ⻚, or 一 and the Kangxi
# radical ⼀, with one glyph: text copied or searched in the PDF then holds radicals instead of
# the ideographs that were printed. Each font's ToUnicode map gets the ideographs back.

_RADICALS = range(0x2E80, 0x2FE0)
"""CJK Radicals Supplement and Kangxi Radicals."""
_PAIR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_RANGE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")


@functools.cache
def _ideographs(postscript_name: str) -> dict[str, str]:
    """Radical → the ideograph that the installed font `postscript_name` draws with the same
    glyph (found through fontconfig), or else its Unicode compatibility equivalent."""
    table = {}
    for code in _RADICALS:
        equivalent = unicodedata.normalize("NFKC", chr(code))
        if equivalent != chr(code):
            table[chr(code)] = equivalent
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return table
    found = subprocess.run(
        [fc_list, "-f", "%{file}\t%{index}\n", f":postscriptname={postscript_name}"],
        capture_output=True,
        text=True,
    ).stdout.split("\n")[0]
    if "\t" not in found:
        return table
    from fontTools.ttLib import TTFont

    file, index = found.split("\t")
    with TTFont(file, fontNumber=int(index or 0), lazy=True) as font:
        cmap = font.getBestCmap()
    by_glyph: dict[str, list[int]] = {}
    for code, glyph in sorted(cmap.items()):
        by_glyph.setdefault(glyph, []).append(code)
    for code in _RADICALS:
        ideographs = [c for c in by_glyph.get(cmap.get(code, ""), []) if c >= 0x3400]
        if ideographs:
            table[chr(code)] = chr(ideographs[0])
    return table


def _font_name(font: DictionaryObject) -> str:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
    name = str(descriptor.get_object().get("/FontName", "")) if descriptor else ""
    return name.lstrip("/").split("+")[-1]  # without the subset's tag, `AAAAAA+`


def _remapped(cmap: str, table: dict[str, str]) -> str | None:
    """The ToUnicode CMap with its radicals replaced as `table` says, or None if it has none."""
    head, _, rest = cmap.partition("endcodespacerange")
    body, _, tail = rest.rpartition("endcmap")
    pairs: list[tuple[str, str]] = []
    for block in re.finditer(r"beginbf(char|range)(.*?)endbf\1", body, re.S):
        if block.group(1) == "char":
            pairs += _PAIR.findall(block.group(2))
            continue
        for low, high, target in _RANGE.findall(block.group(2)):
            width, first = len(low), int(low, 16)
            codes = [f"{code:0{width}X}" for code in range(first, int(high, 16) + 1)]
            if target.startswith("["):
                pairs += zip(codes, re.findall(r"<([0-9A-Fa-f]+)>", target), strict=False)
            else:
                start = int(target[1:-1], 16)
                pairs += [(code, f"{start + i:04X}") for i, code in enumerate(codes)]
    text = [(source, bytes.fromhex(target).decode("utf-16-be")) for source, target in pairs]
    if not any(ch in table for _, t in text for ch in t):
        return None
    lines = [
        f"<{s}> <{''.join(table.get(c, c) for c in t).encode('utf-16-be').hex().upper()}>"
        for s, t in text
    ]
    blocks = [lines[i : i + 100] for i in range(0, len(lines), 100)]  # 100 at most per block
    return "".join(
        [head, "endcodespacerange\n"]
        + [f"{len(b)} beginbfchar\n" + "\n".join(b) + "\nendbfchar\n" for b in blocks]
        + ["endcmap", tail]
    )


def _searchable_cjk(writer: PdfWriter) -> None:
    """Give every font's ToUnicode map the ideographs for the radicals it names."""
    done: set[int] = set()
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for reference in (fonts.get_object() if fonts else {}).values():
            font = reference.get_object()
            to_unicode = font.get("/ToUnicode")
            if to_unicode is None or id(font) in done:
                continue
            done.add(id(font))
            stream = to_unicode.get_object()
            cmap = stream.get_data().decode("latin-1")
            if not re.search(r"<2[EF][0-9A-Fa-f]{2}>", cmap):
                continue  # no radical in it (a quick test before parsing)
            fixed = _remapped(cmap, _ideographs(_font_name(font)))
            if fixed is not None:
                stream.set_data(fixed.encode("latin-1"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the PDFs go")
    parser.add_argument("langs", nargs="*", metavar="LANG", help=f"of {LANGUAGES} (default: all)")
    args = parser.parse_args(argv)
    if unknown := set(args.langs) - set(LANGUAGES):
        parser.error(f"no such language: {', '.join(sorted(unknown))}")
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} holds no built site: run `make site` first")
    # pypdf warns that Chromium's cross-reference table is short of a few objects: harmless.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    start = time.perf_counter()
    try:
        written = print_site(args.site, args.out, tuple(args.langs) or LANGUAGES)
    except RuntimeError as err:  # no Chromium, or a print that went wrong
        print(err, file=sys.stderr)
        return 1
    for path in written:
        pages = len(PdfReader(path).pages)
        print(f"{path}: {pages} pages, {path.stat().st_size / 1e6:.1f} MB")
    print(f"printed in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
