"""Tests of cache.py: what the key covers, freshness of read files, atomic entries."""

import json

import pytest

from docexec import cache
from docexec.display import Output
from docexec.execute import PageRun


@pytest.fixture
def page(blocks_of):
    return blocks_of("```python\nx = 1  # a comment\nx\n```\n")


def test_comment_and_blank_line_edits_keep_the_key(page, blocks_of):
    edited = blocks_of("```python\n# zh: 新注释\nx = 1\n\nx\n```\n")
    assert cache.page_key(page) == cache.page_key(edited)


def test_code_edits_change_the_key(page, blocks_of):
    assert cache.page_key(page) != cache.page_key(blocks_of("```python\nx = 2\nx\n```\n"))


def test_package_versions_change_the_key(page, monkeypatch):
    key = cache.page_key(page)
    real = cache.metadata.version
    monkeypatch.setattr(cache.metadata, "version", lambda n: "9.9" if n == "torch" else real(n))
    cache.environment.cache_clear()  # versions are read once per process
    assert cache.page_key(page) != key


def test_engine_source_changes_the_key(page, monkeypatch):
    key = cache.page_key(page)
    monkeypatch.setattr(cache, "engine_version", lambda: "another engine")
    cache.environment.cache_clear()  # versions are read once per process
    assert cache.page_key(page) != key


def test_round_trip_keeps_outputs_and_the_layers_each_block_ran(tmp_path):
    run = PageRun([[Output(text="1"), Output(png=b"\x89PNG")], []], {}, {}, [["Conv2d"], []])
    cache.store(tmp_path / "c", "ab" * 32, run)
    assert cache.load(tmp_path / "c", "ab" * 32, tmp_path) == run


def test_an_entry_is_stale_once_a_file_it_read_changes(tmp_path):
    (tmp_path / "imgs").mkdir()
    image = tmp_path / "imgs" / "a.png"
    image.write_bytes(b"one")
    run = PageRun([[Output(text="1")]], {"imgs/a.png": cache._digest(image)})
    cache.store(tmp_path / "c", "k" * 64, run)
    assert cache.load(tmp_path / "c", "k" * 64, tmp_path) == run
    image.write_bytes(b"two")
    assert cache.load(tmp_path / "c", "k" * 64, tmp_path) is None
    image.unlink()
    assert cache.load(tmp_path / "c", "k" * 64, tmp_path) is None


def test_broken_or_foreign_entries_are_misses(tmp_path):
    key = "f" * 64
    entry = tmp_path / "c" / key[:2] / f"{key}.json"
    entry.parent.mkdir(parents=True)
    entry.write_text('{"key": "')  # cut short, as by a crash of a writer without atomic rename
    assert cache.load(tmp_path / "c", key, tmp_path) is None
    entry.write_text(json.dumps({"key": "another", "reads": {}, "outputs": []}))
    assert cache.load(tmp_path / "c", key, tmp_path) is None


def test_an_interrupted_store_leaves_no_entry(tmp_path, monkeypatch):
    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cache.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        cache.store(tmp_path / "c", "d" * 64, PageRun([[Output(text="1")]], {}))
    assert cache.load(tmp_path / "c", "d" * 64, tmp_path) is None
    assert list((tmp_path / "c").rglob("*")) == [tmp_path / "c" / "dd"]
