"""MkDocs hooks: run each page's code through the engine and render what it produced.

Set `DOCEXEC_EXECUTE=0` to build without running any code (pages show code only).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path, PurePosixPath

import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from docexec.blocks import PageError, find_blocks
from docexec.execute import BlockError
from docexec.mathml import to_mathml
from docexec.notebook import to_notebook, to_script
from docexec.regions import LANGUAGES
from docexec.render import render, with_downloads, with_provenance
from docexec.runner import Runner

_runner: Runner | None = None
log = logging.getLogger("mkdocs.hooks.docexec")


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _runner
    root = _root(config)
    if _runner is None or _runner.root != root:
        _runner = Runner(root, cache_dir=root / ".cache" / "docexec")
    return config


def _language(page: Page) -> str:
    first = PurePosixPath(page.file.src_uri).parts[0]
    return first if first in LANGUAGES else LANGUAGES[0]


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _runner is not None
    root = _runner.root
    path = Path(page.file.abs_src_path or page.file.src_uri).resolve()
    shown_path = path.relative_to(root) if path.is_relative_to(root) else path
    try:
        blocks = find_blocks(markdown, shown_path, root / "snippets")
        execute = os.environ.get("DOCEXEC_EXECUTE", "1") != "0"
        ran_before, start = len(_runner.executed), time.perf_counter()
        run = _runner.run(blocks) if execute and blocks else None
        if len(_runner.executed) > ran_before:
            log.info(f"docexec: ran {shown_path} in {time.perf_counter() - start:.2f} s")
    except (PageError, BlockError) as err:
        raise PluginError(str(err)) from None
    lang = _language(page)
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
    src_dir = PurePosixPath(page.file.src_uri).parent
    dest_dir = PurePosixPath(page.file.dest_uri).parent
    for name, content in generated.items():
        file = File.generated(config, str(src_dir / name), content=content)
        file.dest_uri = str(dest_dir / name)
        files.append(file)
    return text


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        return to_mathml(html)
    except Exception as err:  # latex2mathml raises many kinds of errors on bad TeX
        raise PluginError(f"{page.file.src_uri}: math that cannot be rendered: {err}") from None
