"""Tests of source.py: comment stripping for cache keys, and how origins are shown."""

from pathlib import Path

from docexec.source import Line, shown_path, strip_comments


def test_comments_and_blank_lines_do_not_count():
    a = "x = 1  # one\n\n# zh: 中文\ny = x + 1\n"
    b = "x = 1\n# en: English\ny = x + 1  # two"
    assert strip_comments(a) == strip_comments(b) == "x = 1\ny = x + 1"


def test_hash_inside_strings_is_code():
    assert strip_comments('s = "# not a comment"') == 's = "# not a comment"'


def test_blank_lines_inside_multiline_strings_are_kept():
    code = 's = """a\n\nb"""'
    assert strip_comments(code) == code
    assert strip_comments('s = """a\nb"""') != code


def test_broken_code_is_kept_as_written():
    assert strip_comments("x = (1\n# c") == "x = (1\n# c"


def test_where_is_relative_to_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    line = Line("x = 1", tmp_path / "snippets" / "a.py", 7)
    assert line.where() == "snippets/a.py:7"
    assert shown_path(Path("/elsewhere/b.py")) == "/elsewhere/b.py"
