"""Tests of execute.py: Jupyter-style runs, error reports, isolation, limits."""

import matplotlib
import numpy as np
import pytest
import torch

from docexec.execute import BlockError, run_page


def texts(run):
    return [[o.text for o in block] for block in run.outputs]


def test_trailing_expression_is_shown_unless_hidden(blocks_of, tmp_path):
    blocks = blocks_of(
        """
        ```python
        x = 2
        x * 3
        ```

        ```python
        x * 4;
        ```

        ```python
        print("printed")
        x
        ```
        """
    )
    assert texts(run_page(blocks, tmp_path)) == [["6"], [], ["printed\n", "2"]]


def test_blocks_share_one_namespace_per_page(blocks_of, tmp_path):
    first = blocks_of("```python\nshared = 1\n```\n", "docs/zh/a.md")
    run_page(first, tmp_path)
    second = blocks_of("```python\nshared\n```\n", "docs/zh/b.md")
    with pytest.raises(BlockError, match="NameError: name 'shared' is not defined"):
        run_page(second, tmp_path)


def test_error_names_page_snippet_line_and_exception(blocks_of, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "s.py").write_text(
        "# --8<-- [start:r]\nx = 1\n1 / 0\n# --8<-- [end:r]\n"
    )
    blocks = blocks_of('# Page\n\n```python\n--8<-- "s.py:r"\n```\n')
    with pytest.raises(BlockError) as info:
        run_page(blocks, tmp_path)
    message = str(info.value)
    assert message.startswith("docs/zh/page.md:3: code block failed")
    assert "at snippets/s.py:3: 1 / 0" in message
    assert "ZeroDivisionError: division by zero" in message
    assert 'File "snippets/s.py", line 3' in message
    assert "docexec" not in message.split("Traceback", 1)[1]


def test_error_in_a_called_function_points_at_the_page_line(blocks_of, tmp_path):
    blocks = blocks_of("```python\ndef f():\n    return {}['k']\n\nf()\n```\n")
    with pytest.raises(BlockError) as info:
        run_page(blocks, tmp_path)
    assert info.value.origin.lineno == 3  # the line inside f that raised
    assert "KeyError: 'k'" in str(info.value)


def test_syntax_error_names_its_line(blocks_of, tmp_path):
    blocks = blocks_of("text\n\n```python\nx = 1\ny = (\n```\n")
    with pytest.raises(BlockError) as info:
        run_page(blocks, tmp_path)
    assert "SyntaxError" in str(info.value)
    assert info.value.origin.lineno == 5


def test_warnings_are_errors(blocks_of, tmp_path):
    blocks = blocks_of(
        "```python\nimport warnings\nwarnings.warn('old idiom', FutureWarning)\n```\n"
    )
    with pytest.raises(BlockError, match="FutureWarning: old idiom"):
        run_page(blocks, tmp_path)


def test_global_state_does_not_leak(blocks_of, tmp_path):
    before = (
        torch.get_default_dtype(),
        matplotlib.rcParams["lines.linewidth"],
        np.get_printoptions()["precision"],
        torch.random.get_rng_state(),
        torch.get_num_threads(),
    )
    blocks = blocks_of(
        """
        ```python
        import matplotlib, numpy, torch
        torch.set_printoptions(precision=1)
        torch.set_default_dtype(torch.float64)
        matplotlib.rcParams["lines.linewidth"] = 9
        numpy.set_printoptions(precision=1)
        torch.set_num_threads(3)
        _ = torch.manual_seed(123)
        ```
        """
    )
    run_page(blocks, tmp_path)
    assert torch.get_num_threads() == before[4]
    assert repr(torch.tensor([0.123456])) == "tensor([0.1235])"
    assert torch.get_default_dtype() == before[0]
    assert matplotlib.rcParams["lines.linewidth"] == before[1]
    assert np.get_printoptions()["precision"] == before[2]
    assert torch.equal(torch.random.get_rng_state(), before[3])


def test_pages_compute_on_one_thread(blocks_of, tmp_path):
    # Sums split between threads change their last bits: one thread, the same numbers anywhere.
    run = run_page(blocks_of("```python\nimport torch\ntorch.get_num_threads()\n```\n"), tmp_path)
    assert texts(run) == [["1"]]


def test_unseeded_randomness_differs_between_runs(blocks_of, tmp_path):
    blocks = blocks_of("```python\nimport torch\ntorch.rand(3)\n```\n")
    assert texts(run_page(blocks, tmp_path)) != texts(run_page(blocks, tmp_path))


def test_code_runs_in_the_root(blocks_of, tmp_path):
    (tmp_path / "imgs").mkdir()
    (tmp_path / "imgs" / "a.txt").write_text("hello")
    blocks = blocks_of("```python\nfrom pathlib import Path\nPath('imgs/a.txt').read_text()\n```\n")
    run = run_page(blocks, tmp_path)
    assert texts(run) == [["'hello'"]]
    assert list(run.reads) == ["imgs/a.txt"]


def test_a_block_that_runs_forever_is_stopped(blocks_of, tmp_path):
    blocks = blocks_of("```python\nwhile True:\n    pass\n```\n")
    with pytest.raises(BlockError, match=r"longer than its limit of 0\.5 s"):
        run_page(blocks, tmp_path, timeout=0.5)


def test_plots_left_open_become_images(blocks_of, tmp_path):
    blocks = blocks_of("```python\nimport matplotlib.pyplot as plt\nplt.plot([1, 2]);\n```\n")
    (outputs,) = run_page(blocks, tmp_path).outputs
    assert len(outputs) == 1 and outputs[0].is_image


def test_pycon_examples_run_in_the_page_namespace(blocks_of, tmp_path):
    blocks = blocks_of(
        """
        ```python
        base = 40
        ```

        ```pycon
        >>> base + 2
        42
        >>> print("hi")
        hi
        ```
        """
    )
    assert texts(run_page(blocks, tmp_path)) == [[], ["42\n", "hi\n"]]
