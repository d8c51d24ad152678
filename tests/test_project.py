"""Tests of project.py and `python -m docexec`: distinct page programs, unsteady outputs."""

import subprocess
import sys

import pytest

from docexec.execute import BlockError, run_page
from docexec.project import programs

from .conftest import ROOT


def test_twin_pages_make_one_program(project):
    root = project(
        **{
            "docs/zh/p.md": "```python\n# zh: 中文\nx = 1\n```\n",
            "docs/en/p.md": "```python\n# en: English\nx = 1\n```\n",
            "docs/en/q.md": "```python\nx = 2\n```\n",
            "docs/zh/empty.md": "no code\n",
        }
    )
    assert len(programs(root)) == 2


def twice(root):
    return subprocess.run(
        [sys.executable, "-m", "docexec", "twice", "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    "code",
    [
        "import torch\ntorch.rand(2)",  # unseeded randomness
        "print(sorted({'a', 'b', 'c'}))\n{'conv', 'pool', 'norm', 'relu'}",  # set order
    ],
    ids=["unseeded", "set-order"],
)
def test_outputs_that_differ_between_processes_are_named(project, code):
    root = project(**{"docs/zh/p.md": f"# P\n\n```python\nx = 1\n```\n\n```python\n{code}\n```\n"})
    result = twice(root)
    assert result.returncode == 1
    assert "docs/zh/p.md:7: outputs differ between two runs" in result.stderr
    assert "p.md:3" not in result.stderr


def test_an_output_with_a_memory_address_is_an_error_naming_the_block(blocks_of, tmp_path):
    blocks = blocks_of("# P\n\n```python\nimport torch\ntorch.manual_seed(0)\n```\n")
    with pytest.raises(BlockError) as info:
        run_page(blocks, tmp_path)
    message = str(info.value)
    assert message.startswith("docs/zh/page.md:3: code block failed")
    assert "its output shows a memory address" in message
    assert "<torch._C.Generator object at 0x" in message and "`;`" in message


def test_every_real_page_gives_the_same_outputs_in_two_processes():
    result = twice(ROOT)
    assert result.returncode == 0, result.stderr[-4000:]
    assert ", 0 failed" in result.stdout
