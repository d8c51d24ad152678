"""Tests of blocks.py: which fences run, where they are, and what they include."""

import pytest

from docexec.blocks import PageError


def test_fences_with_attributes_and_brace_syntax(blocks_of):
    blocks = blocks_of(
        """
        ```python title="a.py" alt="图"
        a = 1
        ```

        ```{.python .extra}
        b = 2
        ```

        ```text
        not code
        ```
        """
    )
    assert [b.code for b in blocks] == ["a = 1", "b = 2"]
    assert blocks[0].attrs == {"title": "a.py", "alt": "图"}
    assert blocks[0].line == 1 and blocks[1].line == 5


def test_fences_nested_in_admonitions_and_tabs(blocks_of):
    blocks = blocks_of(
        """
        !!! note

            ```python
            x = 1
            if x:
                y = 2
            ```

        === "Tab"

            ```python
            z = 3
            ```
        """
    )
    assert [b.code for b in blocks] == ["x = 1\nif x:\n    y = 2", "z = 3"]
    assert blocks[0].indent == "    "


def test_python_shown_inside_another_fence_is_not_run(blocks_of):
    blocks = blocks_of(
        """
        ````markdown
        ```python
        1 / 0
        ```
        ````
        """
    )
    assert blocks == []


def test_pycon_blocks_are_found(blocks_of):
    (block,) = blocks_of(
        """
        ```pycon
        >>> 1 + 1
        2
        ```
        """
    )
    assert block.language == "pycon"


def test_includes_expand_with_snippet_origins(blocks_of, tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "s.py").write_text(
        "# --8<-- [start:r]\nx = 1\n# zh: 注释\n# en: comment\n# --8<-- [end:r]\n"
    )
    (block,) = blocks_of(
        """
        ```python
        --8<-- "s.py:r"
        y = 2
        ```
        """
    )
    assert [(line.path.name, line.lineno) for line in block.lines] == [
        ("s.py", 2),
        ("s.py", 3),
        ("s.py", 4),
        ("page.md", 3),
    ]
    assert block.includes == ["s.py:r"]
    assert block.shown("en") == "x = 1\n# comment\ny = 2"


def test_missing_include_names_page_line_and_name(blocks_of, tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "s.py").write_text("x = 1\n")
    with pytest.raises(PageError, match=r"page.md:2: include 's.py:nope': region 'nope'"):
        blocks_of('```python\n--8<-- "s.py:nope"\n```\n')
    with pytest.raises(PageError, match=r"page.md:2: include 'gone.py:r': snippet file not found"):
        blocks_of('```python\n--8<-- "gone.py:r"\n```\n')


def test_output_fence_is_the_expected_output(blocks_of):
    (block,) = blocks_of(
        """
        ```python
        print(1)
        ```

        ```output
        1
        ```

        after
        """
    )
    assert block.expected == "1"
    assert block.span == (0, 7)


def test_expected_output_given_twice_is_an_error(blocks_of, tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "s.py").write_text("print(1)\n# Out: 1\n")
    with pytest.raises(PageError, match="expected output given twice"):
        blocks_of('```python\n--8<-- "s.py"\n```\n```output\n1\n```\n')


def test_unclosed_python_fence_is_an_error(blocks_of):
    with pytest.raises(PageError, match=r"page.md:3: the python fence opened here is never closed"):
        blocks_of("text\n\n```python\nx = 1\n")
