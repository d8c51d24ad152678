"""The gates of `make lint`, tested: each fails on a file that breaks its rule, naming the file
and the line, and passes Material for MkDocs' syntax that plain Markdown tools misread."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, dedent
from .test_pages import _first_difference

BIN = Path(sys.executable).parent
MARKDOWNLINT = ROOT / "node_modules" / ".bin" / "markdownlint-cli2"

# A Chinese page in Material's syntax that every gate must accept as it is.
GOOD_ZH = """\
    # 卷积层 { #convolution }

    用 3×3 的卷积核在 `(N, C, H, W)` 形状的输入上滑动，设卷积核大小为 $k$，步幅为 $s$。LONG

    $$
    H_\\text{out} = \\left\\lfloor \\frac{H_\\text{in} + 2p - k}{s} \\right\\rfloor + 1
    $$

    ```python alt="Grace Hopper 的灰度肖像"
    --8<-- "conv.py:photo"
    ```

    !!! note "旧写法 `.data`"

        旧教程常写 `conv.weight.data = kernel`，如今用 `copy_` 原地赋值。

        ```python
        --8<-- "conv.py:kernel"
        ```

    === "PyTorch"

        见[首页](index.md#batches)与[锐化](#sharpen)。

    ## 锐化 { #sharpen }

    - 官方文档：[`torch.nn.Conv2d`](https://docs.pytorch.org/docs/stable/generated/torch.nn.Conv2d.html)
""".replace("LONG", "一段中文整段写在一行里，因为软换行在中文里显示成多余的空格。" * 4)


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=ROOT, capture_output=True, text=True, check=False
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(text), encoding="utf-8")
    return path


def markdownlint(path: Path) -> subprocess.CompletedProcess[str]:
    if not MARKDOWNLINT.exists():
        pytest.fail("node_modules/ is missing: `make install` runs `npm ci`")
    return run(MARKDOWNLINT, "--config", ROOT / ".markdownlint-cli2.yaml", path)


def test_chinese_copywriting_fails_on_missing_space_and_half_width_punctuation(tmp_path):
    page = write(tmp_path / "page.md", "# 标题 { #title }\n\n这是中文English混排,没有空格.\n")
    result = run(sys.executable, "tools/lint_zh.py", page)
    assert result.returncode == 1
    expected = "'这是中文English混排,没有空格.' -> '这是中文 English 混排，没有空格。'"
    assert f"{page}:3:1: {expected}" in result.stdout


def test_chinese_copywriting_checks_admonition_bodies_as_prose(tmp_path):
    page = write(tmp_path / "page.md", "!!! note\n\n    旧教程常写conv.weight。\n")
    result = run(sys.executable, "tools/lint_zh.py", page)
    assert result.returncode == 1
    assert f"{page}:3:5: " in result.stdout


def test_chinese_copywriting_checks_the_zh_comments_of_snippets_only(tmp_path):
    snippet = write(
        tmp_path / "s.py", "x = 1\n# en: Conv2d,then\n# zh: 用Conv2d处理,然后\nprint('中文,x')\n"
    )
    result = run(sys.executable, "tools/lint_zh.py", snippet)
    assert result.returncode == 1
    assert result.stdout == f"{snippet}:3:7: '用Conv2d处理,然后' -> '用 Conv2d 处理，然后'\n"


def test_chinese_copywriting_wants_the_quotation_marks_of_gb_t_15834(tmp_path):
    page = write(tmp_path / "page.md", "# 标题 { #title }\n\n旧教程常说「一批」。\n")
    result = run(sys.executable, "tools/lint_zh.py", page)
    assert result.returncode == 1
    assert result.stdout == f"{page}:3:6: '「' -> '“'\n{page}:3:9: '」' -> '”'\n"


def test_chinese_copywriting_checks_the_zh_column_of_csv_files(tmp_path):
    table = write(tmp_path / "api.csv", 'class,zh,en\nReLU,"修正线性单元,max(0,x)",max\n')
    result = run(sys.executable, "tools/lint_zh.py", table)
    assert result.returncode == 1
    assert result.stdout == f"{table}:2:7: '修正线性单元,max(0,x)' -> '修正线性单元，max(0,x)'\n"


def test_chinese_copywriting_leaves_code_math_ids_and_includes_alone(tmp_path):
    result = run(sys.executable, "tools/lint_zh.py", write(tmp_path / "page.md", GOOD_ZH))
    assert (result.returncode, result.stdout) == (0, "")


def test_markdownlint_fails_on_a_skipped_heading_level_and_a_stray_indented_block(tmp_path):
    page = write(
        tmp_path / "page.md",
        """\
        # Title { #title }

        Text.

            an indented block outside an admonition renders as code

        ### Skipped a level
        """,
    )
    result = markdownlint(page)
    assert result.returncode == 1
    assert "page.md:5 error material-indented-code" in result.stderr
    assert "page.md:7 error MD001/heading-increment" in result.stderr


def test_markdownlint_accepts_material_syntax(tmp_path):
    result = markdownlint(write(tmp_path / "page.md", GOOD_ZH))
    assert result.returncode == 0, result.stderr


def test_typos_fails_on_a_known_misspelling_in_code(tmp_path):
    wrong = "Sep" + "erate"  # spelt out of pieces, or typos would flag this file
    source = write(tmp_path / "module.py", f'x = 1\n"""{wrong} the torch.arange values."""\n')
    result = run(BIN / "typos", "--config", ROOT / "pyproject.toml", "--format", "brief", source)
    assert result.returncode != 0
    assert f"{source}:2:4: error: `{wrong}` should be `Separate`" in result.stdout
    assert "arange" not in result.stdout


def test_english_spelling_fails_on_a_word_in_no_dictionary(tmp_path):
    page = write(
        tmp_path / "page.md",
        """\
        # Convolution { #convolution }

        The centre of a `Conv2d` kernel, optimized for ReLU and softmax outputs.

        A convolutoin layer.
        """,
    )
    result = run(sys.executable, "tools/spell_en.py", page)
    assert result.returncode == 1
    assert result.stdout == f"{page}:5:3: unknown word 'convolutoin'\n"


def test_english_spelling_keeps_to_oxford_spelling(tmp_path):
    page = write(
        tmp_path / "page.md",
        """\
        # Colour { #colour }

        A grey, normalized, modelled colour map.

        A gray map, normalised. See [Checkerboard Artifacts](https://distill.pub/x).
        """,
    )
    result = run(sys.executable, "tools/spell_en.py", page)
    assert result.returncode == 1
    assert result.stdout == (
        f"{page}:5:3: 'gray' -> 'grey' (Oxford spelling)\n"
        f"{page}:5:13: 'normalised' -> 'normalized' (Oxford spelling)\n"
    )


def test_chinese_terms_are_the_sites_own(tmp_path):
    page = write(
        tmp_path / "page.md",
        "# 标题 { #t }\n\n用 autograd 求导；自动求导（autograd）见 `autograd`。\n",
    )
    result = run(sys.executable, "tools/lint_zh.py", page)
    assert result.returncode == 1
    assert result.stdout == f"{page}:3:3: 'autograd' -> '自动求导'\n"


def test_english_spelling_checks_the_en_column_of_csv_files(tmp_path):
    table = write(tmp_path / "api.csv", "class,zh,en\nConv2d,卷积,A convolutoin\n")
    result = run(sys.executable, "tools/spell_en.py", table)
    assert result.returncode == 1
    assert result.stdout == f"{table}:2:3: unknown word 'convolutoin'\n"


WORKFLOW = """\
    name: docs
    on: push
    permissions:
      contents: read
    jobs:
      test:
        name: Test
        runs-on: ubuntu-24.04
        steps:
          - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
            with:
              persist-credentials: false
          - run: make test
"""


def test_actionlint_fails_on_an_unknown_context(tmp_path):
    workflow = write(tmp_path / ".github/workflows/docs.yml", WORKFLOW)
    assert run(BIN / "actionlint", workflow).returncode == 0
    workflow.write_text(
        dedent(WORKFLOW).replace("make test", "echo ${{ github.nope }}"), encoding="utf-8"
    )
    result = run(BIN / "actionlint", workflow)
    assert result.returncode == 1
    # actionlint shows the path relative to the working directory, however far up that goes.
    assert re.search(rf"^\S*{tmp_path.name}/\.github/workflows/docs\.yml:13:", result.stdout, re.M)


def test_zizmor_fails_on_an_unpinned_action(tmp_path):
    workflow = write(tmp_path / ".github/workflows/docs.yml", WORKFLOW)
    assert run(BIN / "zizmor", "--offline", "--quiet", workflow).returncode == 0
    workflow.write_text(
        dedent(WORKFLOW).replace("@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0", "@v5"),
        encoding="utf-8",
    )
    result = run(BIN / "zizmor", "--offline", "--quiet", workflow)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout
    assert f"{workflow}:10:" in result.stdout


def test_parity_failure_names_both_pages_lines_and_the_first_difference():
    zh = [("convolution", 1), ("setup", 9), ("sharpen", 30), ("further-reading", 88)]
    en = [("convolution", 1), ("setup", 12), ("sharpening", 41), ("further-reading", 117)]
    assert _first_difference("heading ids", "conv", zh, zh) is None
    assert _first_difference("heading ids", "conv", zh, en) == (
        "docs/en/conv.md:41: heading ids differ from docs/zh/conv.md:30: "
        "first difference at position 3: zh 'sharpen' vs en 'sharpening'"
    )
    assert _first_difference("heading ids", "conv", zh, en[:2]) == (
        "docs/en/conv.md: heading ids differ from docs/zh/conv.md:30: "
        "first difference at position 3: zh 'sharpen' vs en nothing"
    )
