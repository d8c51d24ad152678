"""Tests of runner.py: one execution per page program, cache use, expected outputs."""

import pytest

from docexec.runner import OutputMismatch, Runner

PAGE = "```python\nimport torch\ntorch.manual_seed(0)\ntorch.rand(2)\n```\n"


def test_twin_pages_share_one_execution(blocks_of, tmp_path):
    runner = Runner(tmp_path)
    zh = runner.run(blocks_of(PAGE.replace("\n", "  # 中文\n", 1), "docs/zh/p.md"))
    en = runner.run(blocks_of(PAGE, "docs/en/p.md"))
    assert zh == en and len(runner.executed) == 1


def test_the_disk_cache_serves_a_later_process(blocks_of, tmp_path):
    Runner(tmp_path, cache_dir=tmp_path / "c").run(blocks_of(PAGE))
    later = Runner(tmp_path, cache_dir=tmp_path / "c")
    later.run(blocks_of(PAGE))
    assert later.executed == []


def test_tests_never_read_the_cache_but_fill_it(blocks_of, tmp_path):
    Runner(tmp_path, cache_dir=tmp_path / "c").run(blocks_of(PAGE))
    tests = Runner(tmp_path, cache_dir=tmp_path / "c", read_cache=False)
    tests.run(blocks_of(PAGE))
    assert len(tests.executed) == 1


def test_expected_output_is_checked(blocks_of, tmp_path):
    good = blocks_of("```python\n1 + 1\n```\n\n```output\n2\n```\n")
    Runner(tmp_path).run(good)
    bad = blocks_of("```python\n1 + 1\n```\n\n```output\n3\n```\n")
    with pytest.raises(OutputMismatch, match=r"(?s)page.md:1: .*differs.*expected:\n3\n\ngot:\n2"):
        Runner(tmp_path).run(bad)


def test_expected_output_is_checked_on_cached_runs_too(blocks_of, tmp_path):
    Runner(tmp_path, cache_dir=tmp_path / "c").run(blocks_of("```python\n1 + 1\n```\n"))
    bad = blocks_of("```python\n1 + 1\n```\n\n```output\n3\n```\n")
    with pytest.raises(OutputMismatch):
        Runner(tmp_path, cache_dir=tmp_path / "c").run(bad)


def test_pycon_wants_are_checked(blocks_of, tmp_path):
    with pytest.raises(OutputMismatch, match="expected:\n5"):
        Runner(tmp_path).run(blocks_of("```pycon\n>>> 2 + 2\n5\n```\n"))
