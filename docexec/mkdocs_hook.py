"""MkDocs hooks: run each page's code through the engine and render what it produced.

Set `DOCEXEC_EXECUTE=0` to build without running any code (pages show code only).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from docexec import api_index, mathfont, preview, translation
from docexec.blocks import Block, PageError, find_blocks
from docexec.depends import relative
from docexec.execute import BlockError
from docexec.i18n_site import (
    ERROR_PAGE,
    add_search_words,
    drop_alternate_links,
    error_page_context,
    mount_of,
    pdf_name,
    relative_links,
    scope_search,
    split_index,
    write_error_page,
)
from docexec.lean import fewer_spans, palette_settled
from docexec.mathml import to_mathml
from docexec.notebook import to_notebook, to_script
from docexec.project import missing_twins
from docexec.regions import LANGUAGES
from docexec.render import render, with_downloads, with_provenance
from docexec.runner import Runner

_runner: Runner | None = None
_coverage: api_index.Coverage | None = None
_notify_stale = False
"""True when stale translations are published with a notice (`translation.policy`)."""
log = logging.getLogger("mkdocs.hooks.docexec")


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


GLOSSARY = "snippets/glossary.csv"
"""The glossary's terms; their Chinese names are whole words for the search index."""
DESCRIPTIONS = "snippets/api.csv"
"""One line per torch.nn layer class and language, for the API index."""
INDEX_PAGE = "api.md"
"""The API index page of each language folder."""


_serving = False
"""True in `mkdocs serve`: its rebuilds load this module again, and share `preview.session`."""


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _runner, _notify_stale, _coverage
    root = _root(config)
    _coverage = None  # a preview rebuild that leaves out the API index reports no coverage
    if preview.session is not None and preview.session.root == root:
        _runner = preview.session.runner
    elif _runner is None or _runner.root != root:
        _runner = Runner(root, cache_dir=root / ".cache" / "docexec")
        if _serving:
            preview.start(root, _runner)
    _notify_stale = translation.policy(root) == "notice"
    offline = config.plugins.get("material/offline")
    if not (offline and offline.config.enabled):  # only file:// needs it: a blocking script
        config.extra["polyfills"] = [p for p in config.extra.get("polyfills", []) if p != SHIM]
    missing = missing_twins(root, LANGUAGES)
    if missing:
        raise PluginError(f"pages without their twin in the other language: {', '.join(missing)}")
    if (root / GLOSSARY).is_file():
        add_search_words(root / GLOSSARY)
    return config


_PDF_LINK = re.compile(r'^<div class="docexec-pdf" markdown>\n.*?^</div>\n', re.M | re.S)
"""The home page's paragraph that links its PDF: kept only where the build publishes one."""


def _pdfs(config: MkDocsConfig, files: Files) -> None:
    """Publish each PDF that `make pdf` wrote beside its language's home page."""
    for lang in LANGUAGES:
        name = pdf_name(lang)
        pdf = _root(config) / "dist" / name
        if pdf.is_file() and files.get_file_from_path(f"{lang}/{name}") is None:
            file = File.generated(config, f"{lang}/{name}", abs_src_path=str(pdf))
            file.dest_uri = name if lang == LANGUAGES[0] else f"{lang}/{name}"
            files.append(file)


SHIM = "assets/javascripts/iframe-worker-shim.js"
"""Where the site serves the Worker shim that Material's offline search needs under file://."""
MATH_CSS = "assets/math.css"
MATH_FONT = {
    "assets/fonts/noto-sans-math.woff": "files/noto-sans-math-latin-400-normal.woff",
    "assets/fonts/noto-sans-math-LICENSE.txt": "LICENSE",
}
"""The math font that MATH_CSS names (its MATH table lets Chromium stretch delimiters) and its
OFL licence: where a site with MATH_CSS serves them ← their files in @fontsource/noto-sans-math.
The font is written after the pages, cut down to the characters their formulas use."""
_math_chars: set[str] = set()
"""Every character of the formulas rendered so far in this process (both languages)."""


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _runner is not None
    if _execute():  # start every page program now; each page waits for its own
        _runner.prefetch(_programs(files))
    _pdfs(config, files)
    fonts = _root(config) / "node_modules" / "@fontsource" / "noto-sans-math"
    for dest, name in MATH_FONT.items() if MATH_CSS in config.extra_css else ():
        if not (fonts / name).is_file():
            raise PluginError(f"{fonts / name} is missing: run `npm ci` (make does it for you)")
        if files.get_file_from_path(dest) is None and dest.endswith(".txt"):
            files.append(File.generated(config, dest, abs_src_path=str(fonts / name)))
    if SHIM not in config.extra.get("polyfills", []):
        return files
    shim = _root(config) / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if not shim.is_file():
        raise PluginError(f"{shim} is missing: run `npm ci` (make does it for you)")
    if files.get_file_from_path(SHIM) is None:
        files.append(File.generated(config, SHIM, abs_src_path=str(shim)))
    return files


def _language(page: Page) -> str:
    first = PurePosixPath(page.file.src_uri).parts[0]
    return first if first in LANGUAGES else LANGUAGES[0]


def _execute() -> bool:
    return os.environ.get("DOCEXEC_EXECUTE", "1") != "0"


def _run(blocks: list[Block], shown_path: Path):
    """The page's run (or None when not executing), logged if it really ran."""
    assert _runner is not None
    if not (_execute() and blocks):
        return None
    ran_before, start = len(_runner.executed), time.perf_counter()
    run = _runner.run(blocks)
    if len(_runner.executed) > ran_before:
        log.info(f"docexec: ran {shown_path} in {time.perf_counter() - start:.2f} s")
    return run


_read: dict[tuple, list[Block]] = {}
"""Blocks of pages already read, by path and the modification times of the page and snippets."""


def _blocks_of(path: Path) -> list[Block]:
    """The blocks of a page file (each language's build asks for every page: read each once)."""
    assert _runner is not None
    root = _runner.root
    snippets = sorted((p.name, p.stat().st_mtime_ns) for p in (root / "snippets").glob("*.py"))
    stamp = (path, path.stat().st_mtime_ns, tuple(snippets))
    if stamp not in _read:
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        _read[stamp] = find_blocks(path.read_text(encoding="utf-8"), shown, root / "snippets")
    return _read[stamp]


def _programs(files: Files) -> Iterator[list[Block]]:
    """The blocks of every page to render; a page that cannot be read reports itself then."""
    for file in files.documentation_pages():
        path = Path(file.abs_src_path or file.src_uri)
        if _rendered(path):
            with contextlib.suppress(PageError):
                yield _blocks_of(path)


def _rendered(path: Path) -> bool:
    """Whether this build renders the page (a preview rebuild renders only what an edit affects)."""
    session = preview.session
    return session is None or session.wants(relative(session.root, path))


def _coverage_of(folder: Path, config: MkDocsConfig) -> api_index.Coverage:
    """What the pages of one language folder run (from memory or the cache once built)."""
    assert _runner is not None
    nav = [Path(entry).name for entry in config.nav or [] if isinstance(entry, str)]
    names = sorted(
        (p.name for p in folder.glob("*.md")),
        key=lambda n: (n not in nav, nav.index(n) if n in nav else 0, n),
    )
    pages = []
    for name in names:
        if name == INDEX_PAGE:
            continue
        path = folder / name
        blocks = _blocks_of(path)
        run = _run(blocks, path.relative_to(_runner.root))
        if run:
            pages.append((name, path.read_text(encoding="utf-8"), blocks, run.layers))
    return api_index.coverage_of(pages)


def _index_page(markdown: str, path: Path, lang: str, config: MkDocsConfig) -> str:
    global _coverage
    assert _runner is not None
    try:
        descriptions = api_index.read_descriptions(_runner.root / DESCRIPTIONS)
    except (OSError, ValueError) as err:
        raise PluginError(f"{DESCRIPTIONS}: {err}") from None
    coverage = _coverage_of(path.parent, config) if _execute() else None
    if preview.session is not None:
        preview.session.summarizes(path)
    _coverage = coverage or _coverage
    return api_index.render_index(markdown, lang, coverage, descriptions)


def _front_matter_lines(raw: str, markdown: str) -> int:
    """How many lines of the file `raw` come before `markdown`, the page without its front
    matter (MkDocs also strips the blank lines around it)."""
    at = raw.find(markdown.strip("\n"))
    leading = len(markdown) - len(markdown.lstrip("\n"))
    return max(raw[:at].count("\n") - leading, 0) if at > 0 else 0


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _runner is not None
    root = _runner.root
    path = Path(page.file.abs_src_path or page.file.src_uri).resolve()
    shown_path = path.relative_to(root) if path.is_relative_to(root) else path
    lang = _language(page)
    offset = _front_matter_lines(page.file.content_string, markdown)
    pdf = PurePosixPath(page.file.src_uri).parent / pdf_name(lang)
    if files.get_file_from_path(str(pdf)) is None:  # a build without `make pdf` before it
        markdown = _PDF_LINK.sub("", markdown)
    try:
        blocks = find_blocks(markdown, shown_path, root / "snippets", offset)
        run = _run(blocks, shown_path)
        if api_index.MARKER in markdown:
            markdown = _index_page(markdown, path, lang, config)
    except (PageError, BlockError) as err:
        raise PluginError(str(err)) from None
    stem = PurePosixPath(page.file.src_uri).stem
    rendered = render(markdown, blocks, run.outputs if run else None, lang, stem)
    generated = dict(rendered.images)
    text = rendered.markdown
    if run:
        notebook = to_notebook(markdown, blocks, run.outputs, lang)
        generated[f"{stem}.ipynb"] = nbformat.writes(notebook).encode()
        generated[f"{stem}.py"] = to_script(blocks, lang).encode()
        text = with_downloads(text, f"{stem}.ipynb", f"{stem}.py", lang)
        text = with_provenance(text, run.produced, lang)
    if preview.session is not None:
        preview.session.record(path, blocks, run)
    src_dir = PurePosixPath(page.file.src_uri).parent
    dest_dir = PurePosixPath(page.file.dest_uri).parent
    for name, content in generated.items():
        file = File.generated(config, str(src_dir / name), content=content)
        file.dest_uri = str(dest_dir / name)
        files.append(file)
    return text


def _stale_notice(html: str, page: Page, lang: str) -> str:
    """The page with a notice under its title that its Chinese source has changed since."""
    assert _runner is not None
    path = Path(page.file.abs_src_path or "")
    if lang == LANGUAGES[0] or not translation.is_stale(_runner.root, path):
        return html
    source = get_relative_url(page.url.removeprefix(f"{lang}/"), page.url)
    notice = (
        '<div class="admonition warning docexec-stale"><p class="admonition-title">'
        "This translation is behind</p><p>The Chinese page has changed since this page was "
        f'last translated. <a href="{source}" hreflang="zh">Read the Chinese page</a>.</p></div>'
    )
    return html.replace("</h1>", "</h1>\n" + notice, 1)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    index = files.get_file_from_path(str(PurePosixPath(page.file.src_uri).parent / INDEX_PAGE))
    if index is not None:
        html = api_index.link_code(html, get_relative_url(index.url, page.url))
    html = fewer_spans(html)  # after link_code, which finds layer names by their spans
    if _notify_stale:
        html = _stale_notice(html, page, _language(page))
    try:
        html = to_mathml(html)
        _math_chars.update(mathfont.characters(html))
        return html
    except Exception as err:  # latex2mathml raises many kinds of errors on bad TeX
        raise PluginError(f"{page.file.src_uri}: math that cannot be rendered: {err}") from None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    lang = _language(page)
    output = drop_alternate_links(output)
    output = relative_links(output, page.url, mount_of(config))
    output = palette_settled(output)
    return output if lang == LANGUAGES[0] else scope_search(output, lang)


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    if template_name != ERROR_PAGE:
        return context
    return error_page_context(context, config, config.theme["language"], LANGUAGES)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name != ERROR_PAGE:
        return output
    return write_error_page(output, config, config.theme["language"], LANGUAGES)


def _inner_build(config: MkDocsConfig) -> bool:
    """Whether this is one of the builds mkdocs-static-i18n runs for the other languages, from
    inside the default language's on_post_build: the site is not whole yet."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))


@event_priority(-200)  # after i18n and offline (-100) have written the site-wide index
def on_post_build(config: MkDocsConfig) -> None:
    if _coverage is not None:
        log.info(f"docexec: {_coverage.summary()}")
    if _inner_build(config):
        return  # the outer build splits the index and cuts the font once, for every language
    split_index(Path(config.site_dir), list(LANGUAGES[1:]))
    if MATH_CSS in config.extra_css:
        font, name = next(iter(MATH_FONT.items()))
        source = _root(config) / "node_modules" / "@fontsource" / "noto-sans-math" / name
        out = Path(config.site_dir) / font
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(mathfont.cut(source, frozenset(_math_chars)))


def on_serve(server, config: MkDocsConfig, builder):
    if preview.session is not None:  # rebuilds render only the pages an edit affects
        server.builder = preview.session.rebuilder(server.builder)
    return server


def on_shutdown() -> None:
    if _runner is not None:
        _runner.close()  # stop the worker processes before the interpreter exits
