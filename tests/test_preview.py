"""Tests of preview.py and depends.py: `mkdocs serve` renders again only what an edit affects."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from docexec.blocks import find_blocks
from docexec.depends import Changes, DependencyMap, changes_since, stamps
from docexec.execute import PageRun

from .conftest import dedent
from .test_mkdocs_hook import CONFIG

SNIPPET = """
# --8<-- [start:one]
print("one", 1)
# --8<-- [end:one]
# --8<-- [start:two]
from pathlib import Path
print("two", len(Path("imgs/data.txt").read_text()))
# --8<-- [end:two]
"""


def page(title: str, region: str) -> str:
    return f'# {title}\n\nText.\n\n```python\n--8<-- "p.py:{region}"\n```\n'


@pytest.fixture
def site(project) -> Path:
    return project(
        **{
            "mkdocs.yml": CONFIG,
            "snippets/p.py": SNIPPET,
            "imgs/data.txt": "abc",
            "docs/zh/index.md": page("首页", "one"),
            "docs/en/index.md": page("Home", "one"),
            "docs/zh/b.md": page("乙", "two"),
            "docs/en/b.md": page("Bee", "two"),
        }
    )


# The dependency map, without MkDocs.


def test_a_region_edit_affects_the_pages_that_include_that_region_only(site):
    deps = DependencyMap(site)
    for name in ("index", "b"):
        for lang in ("zh", "en"):
            path = site / "docs" / lang / f"{name}.md"
            blocks = find_blocks(path.read_text(), path, site / "snippets")
            deps.record(path, blocks, PageRun([], {"imgs/data.txt": "x"} if name == "b" else {}))
    before = stamps(site)
    snippet = site / "snippets" / "p.py"
    snippet.write_text(snippet.read_text().replace('"one", 1', '"one", 2'))
    plan = deps.plan(changes_since(before, stamps(site)))
    assert plan.pages == {"docs/zh/index.md", "docs/en/index.md"} and not plan.everything
    snippet.write_text(snippet.read_text() + "\nprint('outside every region')\n")
    plan = deps.plan(Changes(modified={"snippets/p.py"}))
    assert plan.pages == {"docs/zh/index.md", "docs/en/index.md"}  # the edit above, not this
    assert deps.plan(Changes(modified={"imgs/data.txt"})).pages == {
        "docs/zh/b.md",
        "docs/en/b.md",
    }
    assert deps.plan(Changes(modified={"docs/en/b.md"})).pages == {"docs/en/b.md"}
    assert deps.plan(Changes(modified={"imgs/unread.png"})).pages == set()
    assert deps.plan(Changes(modified={"docs/assets/x.css"})).pages == set()
    assert deps.plan(Changes(modified={"mkdocs.yml"})).everything
    assert deps.plan(Changes(added={"docs/zh/c.md"})).everything
    engine = deps.plan(Changes(modified={"docexec/render.py"}))
    assert engine.everything and engine.restart


def test_a_region_that_no_longer_exists_counts_as_changed(site):
    deps = DependencyMap(site)
    path = site / "docs" / "zh" / "index.md"
    deps.record(path, find_blocks(path.read_text(), path, site / "snippets"), None)
    snippet = site / "snippets" / "p.py"
    snippet.write_text(snippet.read_text().replace("start:one", "start:uno"))
    assert deps.plan(Changes(modified={"snippets/p.py"})).pages == {"docs/zh/index.md"}


# The preview, served by `mkdocs serve`.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, log: Path, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if body is not None and text in body:
            return body
        time.sleep(0.1)
    raise AssertionError(f"{url} never showed {text!r}; server log:\n{log.read_text()[-3000:]}")


WATCH = ["--watch", "snippets", "--watch", "imgs"]
RENDERED = re.compile(r"docexec: rendered (.*) in [\d.]+ s")


@pytest.mark.xdist_group("serve")
def test_serve_renders_only_the_pages_an_edit_affects(site, tmp_path):
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCEXEC_")}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    with log.open("w") as out:
        server = subprocess.Popen(
            [mkdocs, "serve", "--dev-addr", f"127.0.0.1:{port}", *WATCH],
            cwd=site,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**env, "NO_MKDOCS_2_WARNING": "1", "DOCEXEC_JOBS": "1"},
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base, "one 1", log)
        _wait_for(base + "en/b/", "two 3", log)

        snippet = site / "snippets" / "p.py"
        snippet.write_text(snippet.read_text().replace('"one", 1', '"one", 2'))
        _wait_for(base, "one 2", log)
        _wait_for(base + "en/", "one 2", log)
        assert RENDERED.findall(log.read_text())[-1] == "docs/en/index.md, docs/zh/index.md"
        assert "two 3" in (_get(base + "b/") or "")  # the other page is still served whole

        (site / "imgs" / "data.txt").write_text("abcdef")
        _wait_for(base + "b/", "two 6", log)
        assert RENDERED.findall(log.read_text())[-1] == "docs/en/b.md, docs/zh/b.md"

        en = site / "docs" / "en" / "b.md"
        en.write_text(en.read_text().replace("Text.", "Changed text."))
        _wait_for(base + "en/b/", "Changed text.", log)
        assert RENDERED.findall(log.read_text())[-1] == "docs/en/b.md"
        # the navigation of a page not rendered again still names every page
        assert "Bee" in (_get(base + "en/") or "")

        en.write_text(en.read_text().replace("# Bee", "# Bumblebee"))  # a title: in every nav
        _wait_for(base + "en/", "Bumblebee", log)
        assert "a page title changed; rebuilding everything" in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in log.read_text()


def test_record_tells_when_a_page_creates_other_layers(site):
    deps = DependencyMap(site)
    path = site / "docs" / "zh" / "index.md"
    assert not deps.record(path, [], PageRun([], {}, layers=[["Linear"]]))
    assert not deps.record(path, [], PageRun([], {}, layers=[["Linear"]]))
    assert deps.record(path, [], PageRun([], {}, layers=[["Linear", "ReLU"]]))


def test_stamps_see_writes_additions_and_removals(site):
    before = stamps(site)
    (site / "docs" / "zh" / "c.md").write_text("# C\n")
    (site / "imgs" / "data.txt").unlink()
    time.sleep(0.01)
    (site / "snippets" / "p.py").write_text(dedent(SNIPPET) + "\n")
    changes = changes_since(before, stamps(site))
    assert changes.added == {"docs/zh/c.md"}
    assert changes.removed == {"imgs/data.txt"}
    assert changes.modified == {"snippets/p.py"}
