"""Tests of regions.py: snippet regions, language-tagged comments and `# Out:` outputs."""

import pytest

from docexec.regions import IncludeError, expected_output, for_language, read_region

SNIPPET = """\
# header
# --8<-- [start:outer]
a = 1
# --8<-- [start:inner]
# zh: 中文注释
# en: an English comment
# both languages
b = 2
b
# Out: 2
# --8<-- [end:inner]
c = 3
# --8<-- [end:outer]
"""


@pytest.fixture
def snippet(tmp_path):
    path = tmp_path / "s.py"
    path.write_text(SNIPPET, encoding="utf-8")
    return path


def test_region_lines_keep_their_origin(snippet):
    lines = read_region(snippet, "inner")
    assert [line.text for line in lines][:2] == ["# zh: 中文注释", "# en: an English comment"]
    assert lines[0].lineno == 5 and lines[0].path == snippet


def test_nested_markers_are_left_out(snippet):
    texts = [line.text for line in read_region(snippet, "outer")]
    assert texts[0] == "a = 1" and texts[-1] == "c = 3"
    assert not any("--8<--" in t for t in texts)


def test_whole_file_without_markers(snippet):
    texts = [line.text for line in read_region(snippet, None)]
    assert texts[0] == "# header" and not any("--8<--" in t for t in texts)


def test_missing_region_and_file_are_named(snippet, tmp_path):
    with pytest.raises(IncludeError, match="region 'nope' not found"):
        read_region(snippet, "nope")
    with pytest.raises(IncludeError, match=r"snippet file not found: .*missing\.py"):
        read_region(tmp_path / "missing.py", "x")


def test_each_language_sees_its_own_comments(snippet):
    lines = read_region(snippet, "inner")
    zh = [line.text for line in for_language(lines, "zh")]
    en = [line.text for line in for_language(lines, "en")]
    assert zh == ["# 中文注释", "# both languages", "b = 2", "b"]
    assert en == ["# an English comment", "# both languages", "b = 2", "b"]


def test_expected_output_lines(snippet):
    assert expected_output(read_region(snippet, "inner")) == "2"
    assert expected_output(read_region(snippet, "outer")[:1]) is None
