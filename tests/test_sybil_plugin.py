"""Tests of sybil_plugin.py: each fence of docs/ is a test, run through the engine."""

import textwrap

CONFTEST = """
from pathlib import Path
from docexec.sybil_plugin import docs_sybil
pytest_collect_file = docs_sybil(Path(__file__).parent).pytest()
"""


def write_project(pytester, **pages):
    pytester.makeconftest(CONFTEST)
    pytester.mkdir("snippets")
    (pytester.path / "snippets" / "s.py").write_text(
        "# --8<-- [start:ok]\nx = 21\n# zh: 中文\nx * 2\n# Out: 42\n# --8<-- [end:ok]\n"
        "# --8<-- [start:bad]\n1 / 0\n# --8<-- [end:bad]\n"
    )
    for name, text in pages.items():
        path = pytester.path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_every_fence_is_a_test_and_expected_outputs_are_checked(pytester):
    page = '```python title="a"\n--8<-- "s.py:ok"\n```\n\n```pycon\n>>> x + 1\n22\n```\n'
    write_project(pytester, **{"zh/p.md": page, "en/p.md": page})
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=4)


def test_a_failing_block_fails_naming_page_and_snippet_and_skips_the_rest(pytester):
    page = '# T\n\n```python\n--8<-- "s.py:bad"\n```\n\n```python\nprint(1)\n```\n'
    write_project(pytester, **{"zh/p.md": page})
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        ["*docs/zh/p.md:3: code block failed", "*at snippets/s.py:8: 1 / 0", "*ZeroDivisionError*"]
    )


def test_a_missing_include_fails_collection_naming_page_line_and_name(pytester):
    write_project(pytester, **{"zh/p.md": '```python\n--8<-- "s.py:gone"\n```\n'})
    result = pytester.runpytest_subprocess("-q")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*p.md:2: include 's.py:gone': region 'gone' not found*"])
