"""Two languages on one Material site: search per language, whole Chinese terms, no probes.

Material writes one search index for the whole site, so results would mix languages; and
its script fetches `sitemap.xml` next to every `<link rel="alternate">`, which for the
per-page alternates of mkdocs-static-i18n do not exist.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

__all__ = ["add_search_words", "drop_alternate_links", "scope_search", "split_index"]


def _write(folder: Path, index: dict, script: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(index, ensure_ascii=False)
    (folder / "search_index.json").write_text(data, encoding="utf-8")
    if script:  # the offline build reads the index through a script under file://
        (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


def split_index(site: Path, others: list[str]) -> None:
    """Move the entries of each language in `others` (served at `/<lang>/`) to its own index.

    The default language keeps `site/search/`; language `xx` gets `site/xx/search/`, with
    locations relative to `/xx/`.
    """
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    script = (site / "search" / "search_index.js").is_file()
    rest = index["docs"]
    for lang in others:
        prefix = f"{lang}/"
        mine = [
            {**d, "location": d["location"][len(prefix) :]}
            for d in rest
            if d["location"].startswith(prefix)
        ]
        rest = [d for d in rest if not d["location"].startswith(prefix)]
        if mine:
            _write(site / lang / "search", {**index, "docs": mine}, script)
    _write(site / "search", {**index, "docs": rest}, script)


_BASE = re.compile(r'(<script id="__config" type="application/json">\{.*?"base": ")([^"]*)(")')


def scope_search(html: str, lang: str) -> str:
    """Point a page of the `/<lang>/` site at that site's search index (Material's `base`)."""
    return _BASE.sub(lambda m: f"{m.group(1)}{m.group(2)}/{lang}/{m.group(3)}", html, count=1)


_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def drop_alternate_links(html: str) -> str:
    """Without the head's `<link rel="alternate">` tags (sitemap.xml still lists the twins)."""
    return _ALTERNATE.sub("", html)


def add_search_words(glossary: Path) -> None:
    """Teach jieba, which Material's search uses to cut Chinese, the glossary's terms.

    A browser cannot cut a query: `批规范化` finds a page only if the index holds it whole.
    """
    import jieba

    with glossary.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            for word in re.split(r"[；（）()\s]+", row["zh"]):
                if word:
                    jieba.add_word(word)
