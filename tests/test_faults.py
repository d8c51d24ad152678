"""Every broken page gets a clear error, and nothing is lost: one test per kind of fault.

Each test makes a small page set of its own in a temporary folder.
"""

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest

from docexec.blocks import find_blocks
from docexec.cache import load, page_key
from docexec.execute import BlockError, run_page
from docexec.project import missing_twins, programs
from docexec.render import render
from docexec.runner import Runner

from .conftest import mkdocs_build
from .test_mkdocs_hook import CONFIG

PAGE = "# Page {{ #page }}\n\n```python\n{code}\n```\n"


def page_set(project, code: str, **more: str):
    text = PAGE.format(code=code)
    homes = {"docs/zh/index.md": "# 首页\n", "docs/en/index.md": "# Home\n"}
    pages = {"docs/zh/p.md": text, "docs/en/p.md": text}
    return project(**{"mkdocs.yml": CONFIG, **homes, **pages, **more})


def blocks(root, lang="zh"):
    page = root / "docs" / lang / "p.md"
    return find_blocks(page.read_text(encoding="utf-8"), page, root / "snippets")


def test_a_block_that_raises_fails_test_and_build(project):
    root = page_set(project, "x = 1\nraise ValueError('bad value')")
    with pytest.raises(BlockError) as info:
        Runner(root).run(blocks(root))
    assert "docs/zh/p.md:3" in str(info.value) and "ValueError: bad value" in str(info.value)
    result = mkdocs_build(root)
    assert result.returncode != 0 and "ValueError: bad value" in result.stderr


def test_a_syntax_error_names_its_line(project):
    root = page_set(project, "x = 1\nif x\n    pass")
    with pytest.raises(BlockError) as info:
        Runner(root).run(blocks(root))
    assert info.value.origin.lineno == 5 and "SyntaxError" in str(info.value)


def test_a_block_that_runs_forever_is_stopped_at_the_configured_limit(project, monkeypatch):
    root = page_set(project, "import time\nwhile True:\n    time.sleep(0.01)")
    monkeypatch.setenv("DOCEXEC_TIMEOUT", "0.3")
    started = time.perf_counter()
    with pytest.raises(BlockError, match=r"longer than its limit of 0\.3 s"):
        Runner(root).run(blocks(root))
    assert time.perf_counter() - started < 5
    assert Runner(root).timeout == 0.3
    monkeypatch.delenv("DOCEXEC_TIMEOUT")
    assert Runner(root).timeout == 60


def test_megabytes_of_output_are_cut_with_a_note(project):
    root = page_set(project, "print('x' * 5_000_000)")
    page = blocks(root)
    run = Runner(root).run(page)
    markdown = render(PAGE.format(code="print('x' * 5_000_000)"), page, run.outputs, "en", "p")
    assert "4,980,001 characters cut" in markdown.markdown  # the newline counts too
    assert len(markdown.markdown) < 30_000


def test_a_missing_include_fails_naming_page_line_and_name(project):
    root = page_set(project, '--8<-- "nope.py:region"')
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "docs/zh/p.md:4: include 'nope.py:region': snippet file not found" in result.stderr


def test_a_missing_image_is_the_block_error(project):
    root = page_set(project, "from PIL import Image\nImage.open('imgs/missing.png')")
    with pytest.raises(BlockError) as info:
        Runner(root).run(blocks(root))
    assert "FileNotFoundError" in str(info.value) and "imgs/missing.png" in str(info.value)
    assert "docs/zh/p.md:5" in str(info.value)


def test_pages_are_isolated(project):
    root = project(
        **{
            "docs/zh/a.md": PAGE.format(code="shared = 1"),
            "docs/zh/b.md": PAGE.format(code="shared"),
        }
    )
    first, second = programs(root).values()
    run_page(first, root)
    with pytest.raises(BlockError, match="name 'shared' is not defined"):
        run_page(second, root)


def test_a_page_in_one_language_only_fails_the_build(project):
    root = page_set(project, "x = 1", **{"docs/zh/only.md": "# Only\n"})
    assert missing_twins(root, ("zh", "en")) == ["docs/en/only.md"]
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "pages without their twin in the other language: docs/en/only.md" in result.stderr


def test_a_link_to_a_missing_page_or_anchor_fails_the_build(project):
    config = CONFIG + "validation:\n  anchors: warn\n"
    for link in ["[x](gone.md)", "[x](p.md#gone)"]:
        root = page_set(project, "x = 1", **{"mkdocs.yml": config})
        (root / "docs" / "en" / "p.md").write_text(f"# Page {{ #page }}\n\n{link}\n")
        result = mkdocs_build(root)
        assert result.returncode != 0, link
        assert "Aborted with 1 warnings in strict mode" in result.stdout, result.stderr


def test_html_in_an_output_is_shown_as_text(project):
    root = page_set(project, "print('<script>alert(1)</script><b>bold</b>')")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "p" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert(1)" not in html and "<b>bold</b>" not in html


SLOW_PAGE = "import time\ntime.sleep(30)"


def test_a_killed_build_leaves_nothing_a_later_build_trusts(project):
    root = page_set(project, SLOW_PAGE)
    mkdocs = os.path.join(os.path.dirname(sys.executable), "mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([mkdocs, "build", "-q"], cwd=root, env=env, start_new_session=True)
    time.sleep(4)  # inside the page's sleep
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert load(root / ".cache" / "docexec", page_key(blocks(root)), root) is None
    (root / "docs" / "zh" / "p.md").write_text(PAGE.format(code="1 + 1"))
    (root / "docs" / "en" / "p.md").write_text(PAGE.format(code="1 + 1"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "docexec-output" in (root / "site" / "en" / "p" / "index.html").read_text()


def _run_pages(root, barrier):
    barrier.wait()
    Runner(root, cache_dir=root / ".cache" / "docexec", read_cache=False).run(blocks(root))


def test_builds_and_tests_at_the_same_time_keep_the_cache_consistent(project):
    root = page_set(project, "import torch\ntorch.manual_seed(0)\ntorch.rand(3)")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    workers = [context.Process(target=_run_pages, args=(root, barrier)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    entries = list((root / ".cache" / "docexec").rglob("*.json"))
    assert len(entries) == 1 and not list((root / ".cache").rglob(".tmp-*"))
    assert json.loads(entries[0].read_text())["key"] == page_key(blocks(root))
    assert load(root / ".cache" / "docexec", page_key(blocks(root)), root) is not None
