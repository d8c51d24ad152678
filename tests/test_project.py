"""Tests of project.py: distinct page programs, and pages whose outputs are not steady."""

import pytest

from docexec.project import programs, unsteady_block

from .conftest import ROOT

REAL = programs(ROOT)


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


def test_unseeded_randomness_is_named(project):
    root = project(**{"docs/zh/p.md": "# P\n\n```python\nimport torch\ntorch.rand(2)\n```\n"})
    (blocks,) = programs(root).values()
    assert unsteady_block(blocks, root).where().endswith("docs/zh/p.md:3")


@pytest.mark.parametrize("key", sorted(REAL), ids=lambda k: str(REAL[k][0].page.stem))
def test_every_real_page_gives_the_same_outputs_twice(key):
    unsteady = unsteady_block(REAL[key], ROOT)
    assert unsteady is None, f"{unsteady.where()}: outputs differ between two runs"
