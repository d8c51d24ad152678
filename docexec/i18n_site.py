"""Two languages on one Material site: search per language, whole Chinese terms, no probes,
a 404 page per language, a PDF name per language, and links that work wherever the site is
served.

Material writes one search index for the whole site, so results would mix languages; and
its script fetches `sitemap.xml` next to every `<link rel="alternate">`, which for the
per-page alternates of mkdocs-static-i18n do not exist. MkDocs writes one `404.html` (each
language's build overwrites the last), and mkdocs-static-i18n links the home pages to
each other with root-absolute URLs, which break when the site is served under a path
(GitHub Pages serves a project site under `/<repository>/`).
"""

from __future__ import annotations

import csv
import json
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

__all__ = [
    "ERROR_PAGE",
    "NOT_FOUND",
    "add_search_words",
    "dispatcher",
    "drop_alternate_links",
    "error_page_context",
    "mount_of",
    "pdf_name",
    "relative_links",
    "scope_search",
    "split_index",
    "write_error_page",
]


def pdf_name(lang: str) -> str:
    """The file name of a language's PDF: in dist/, where `make pdf` writes it, and on the
    published site, beside the language's home page."""
    return f"pytorch-nn-layers-{lang}.pdf"


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


def mount_of(config: MkDocsConfig) -> str:
    """The path the site is served under, from `site_url` (`/` when it is not set)."""
    path = urlsplit(config.site_url or "").path
    return path if path.endswith("/") else path + "/"


_ROOTED = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"#?]*)([^"]*")')


def relative_links(html: str, page_url: str, mount: str = "/") -> str:
    """`href="/..."` and `src="/..."` under `mount` made relative to the page at `page_url`
    (relative to the site's root, like `Page.url`), so that the page works wherever the
    site is served: under any path, or from a zip."""

    folder = "/" + (page_url if page_url.endswith("/") else posixpath.dirname(page_url))

    def relative(m: re.Match) -> str:
        path = m.group(2)
        if not path.startswith(mount):
            return m.group(0)  # outside the site: not ours to change
        target = path[len(mount) :]
        url = posixpath.relpath("/" + target, folder)
        if not target or target.endswith("/"):
            url += "/"  # a folder stays a folder, as MkDocs writes it
        return f"{m.group(1)}{url}{m.group(3)}"

    return _ROOTED.sub(relative, html)


ERROR_PAGE = "404.html"
"""The page static hosts serve, from the site's root, for any missing address."""
NOT_FOUND = "not-found.html"
"""Where each language's page for a missing address lives (`<lang>/` but the default's)."""

_UNSET = object()
_alternate_before: object = None
"""The language switch's links while the not-found page's own are set (or `_UNSET`)."""


def _not_found(lang: str, default: str) -> str:
    return NOT_FOUND if lang == default else f"{lang}/{NOT_FOUND}"


def error_page_context(
    context: dict[str, Any], config: MkDocsConfig, lang: str, languages: Sequence[str]
) -> dict[str, Any]:
    """The context of one language's not-found page (the theme's 404.html template).

    MkDocs builds the 404 page with root-absolute links, for a host that serves it at any
    depth; this build writes it to a known place instead (`write_error_page`), so its links
    are relative to there, and its language switch leads to each language's home page.
    """
    global _alternate_before
    depth = _not_found(lang, languages[0]).count("/")
    context["base_url"] = "/".join([".."] * depth) or "."
    # mkdocs-static-i18n sets each page's switch as an attribute of `extra`, which templates
    # read before the item: the last page's links would show here.
    extra = config.extra
    alternate = vars(extra).get("alternate") or extra.get("alternate")
    if alternate:
        _alternate_before = vars(extra).get("alternate", _UNSET)
        extra.alternate = [  # made relative by `write_error_page`
            {**alt, "link": "/" if alt.get("lang") == languages[0] else f"/{alt.get('lang')}/"}
            for alt in alternate
        ]
    return context


def write_error_page(output: str, config: MkDocsConfig, lang: str, languages: Sequence[str]) -> str:
    """Write one language's not-found page; what MkDocs should write as 404.html.

    That is the default language's build's `dispatcher`; the others' write nothing (MkDocs
    writes nothing for an empty result), so each build's 404.html no longer overwrites the
    previous one's.
    """
    global _alternate_before
    if _alternate_before is _UNSET:
        del config.extra.alternate
    elif _alternate_before is not None:
        config.extra.alternate = _alternate_before
    _alternate_before = None
    default = languages[0]
    where = _not_found(lang, default)
    output = relative_links(drop_alternate_links(output), where)
    if lang != default:
        output = scope_search(output, lang)
    path = Path(config.site_dir) / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(output, encoding="utf-8")
    return dispatcher(config, languages) if lang == default else ""


_DISPATCHER = r"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>{title}</title>
<script>
  // Served for any missing address, at any depth, with the site under any path: find the
  // site's root and the address's language, and show that language's not-found page,
  // which puts the address back in the address bar.
  (function () {{
    var site = {site};
    var passed = /^#docexec-404=(.*)$/.exec(location.hash);
    if (passed) {{
      // Sent here by this page itself: the root it guessed was wrong (an address with
      // nothing of the site in it, without site_url). Stay, showing the reader's address.
      var address = decodeURIComponent(passed[1]);
      if (/^\/(?!\/)/.test(address)) history.replaceState(null, "", address);
      return;
    }}
    var path = location.pathname;
    var root = site.mount;
    if (!root || path.indexOf(root) !== 0) {{
      // The folders before the first name the site has at its root; with none, the folder
      // of the missing name (a mistyped page: /nn-layers/convv/).
      var parts = path.split("/").slice(1);
      var i = 0;
      while (i < parts.length && site.names.indexOf(parts[i]) < 0) i++;
      if (i === parts.length) i = Math.max(parts.length - (parts[parts.length - 1] ? 1 : 2), 0);
      root = "/" + parts.slice(0, i).map(function (p) {{ return p + "/"; }}).join("");
    }}
    var rest = path.slice(root.length);
    var folder = "";
    site.others.forEach(function (lang) {{
      if (rest === lang || rest.indexOf(lang + "/") === 0) folder = lang + "/";
    }});
    var target = root + folder + site.page + "#docexec-404=" +
      encodeURIComponent(path + location.search + location.hash);
    // Once this page has loaded: leaving sooner would cut its own loading short.
    addEventListener("load", function () {{ location.replace(target); }});
  }})();
</script>
</head>
<body>
<p>{title}</p>
</body>
</html>
"""


def dispatcher(config: MkDocsConfig, languages: Sequence[str]) -> str:
    """The page a host serves for a missing address: it sends the reader to the not-found
    page of the address's language. It loads nothing itself, so that no request fails
    whatever address it is served at (a browser fetches a page's stylesheets and scripts
    before any script of the page could correct their addresses)."""
    names = {
        posixpath.splitext(str(entry))[0] for entry in config.nav or [] if isinstance(entry, str)
    }
    names = (names - {"index"}) | set(languages[1:]) | {"assets", "search", ERROR_PAGE}
    site = {
        "mount": mount_of(config) if config.site_url else None,  # None: found from the address
        "names": sorted(names),
        "others": list(languages[1:]),
        "page": NOT_FOUND,
    }
    return _DISPATCHER.format(
        lang=languages[0],
        title="找不到页面 · Page not found",
        site=json.dumps(site, ensure_ascii=False),
    )
