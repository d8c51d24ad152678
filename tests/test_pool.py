"""Tests of pool.py and Runner.prefetch: pages in worker processes, same outputs as in-process."""

import pytest

from docexec.execute import BlockError
from docexec.project import programs
from docexec.runner import Runner

PAGES = {
    "docs/zh/d.md": "# D\n\n```python\nx = 4\nx\n```\n",
    "docs/zh/a.md": """
        # A

        ```python
        import torch
        torch.manual_seed(0)
        x = torch.randn(300, 300)
        print((x @ x).sum(), x.var())
        ```

        ```python
        import matplotlib.pyplot as plt
        plt.plot(x[0, :50])
        plt.gcf()
        ```
        """,
    "docs/zh/b.md": "# B\n\n```python\nimport torch\ntorch.manual_seed(1)\ntorch.rand(3)\n```\n",
    "docs/zh/c.md": "# C\n\n```python\nsorted({'b', 'a'})\n```\n",
}


def outputs(root, jobs):
    runner = Runner(root, jobs=jobs, read_cache=False)
    found = list(programs(root).values())
    runner.prefetch(found)
    assert (runner._pool is not None) == (jobs > 1)  # workers run them, or this process
    try:
        return [runner.run(blocks) for blocks in found], runner
    finally:
        runner.close()


def test_a_parallel_run_gives_the_outputs_of_a_sequential_one(project):
    root = project(**PAGES)
    sequential, _ = outputs(root, jobs=1)
    parallel, runner = outputs(root, jobs=2)
    assert [r.outputs for r in parallel] == [r.outputs for r in sequential]
    assert [r.layers for r in parallel] == [r.layers for r in sequential]
    assert any(o.is_image for r in parallel for block in r.outputs for o in block)
    assert sorted(runner.executed) == sorted(str(root / p) for p in PAGES)


def test_a_few_pages_run_in_this_process(project):
    root = project(**{"docs/zh/a.md": "# A\n\n```python\nx = 1\n```\n"})
    runner = Runner(root, jobs=2, read_cache=False)
    runner.prefetch(programs(root).values())
    assert runner._pool is None


def test_a_failure_in_a_worker_names_the_page_and_line(project):
    root = project(**{**PAGES, "docs/zh/a.md": "# A\n\n```python\nx = 1\n1 / 0\n```\n"})
    with pytest.raises(BlockError) as info:
        outputs(root, jobs=2)
    assert str(info.value).startswith(f"{root / 'docs/zh/a.md'}:3: code block failed")
    assert "ZeroDivisionError" in str(info.value)
