"""Tests of translation.py and `python -m docexec stale|translated`: stale English pages."""

import subprocess
import sys

import pytest

from docexec.translation import recorded, source, with_digest

from .conftest import ROOT, mkdocs_build
from .test_mkdocs_hook import CONFIG, PAGE, SNIPPET


def test_the_digest_follows_the_chinese_text_and_zh_comments_only():
    snippet = (
        "# --8<-- [start:r]\n# zh: 中文注释\n# en: an English comment\nx = 1\n# --8<-- [end:r]\n"
    )
    page = '# 标题\n\n```python\n--8<-- "s.py:r"\n```\n'
    base = source(page, {"snippets/s.py": snippet}.get)
    assert "中文注释" in base and "English" not in base and "x = 1" not in base
    new_code = snippet.replace("x = 1", "x = 2")
    assert source(page, {"snippets/s.py": new_code}.get) == base
    new_comment = snippet.replace("中文注释", "新的注释")
    assert source(page, {"snippets/s.py": new_comment}.get) != base
    assert source(page.replace("标题", "新标题"), {"snippets/s.py": snippet}.get) != base


def test_the_digest_lives_in_the_front_matter():
    page = "# Title\n\ntext\n"
    marked = with_digest(page, "abc")
    assert marked == "---\ntranslation-of: abc\n---\n\n# Title\n\ntext\n"
    assert recorded(with_digest(marked, "def")) == "def"
    titled = with_digest("---\ntitle: T\n---\n\n# Title\n", "abc")
    assert titled == "---\ntitle: T\ntranslation-of: abc\n---\n\n# Title\n"


def docexec(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "docexec", *args, "--root", str(root)],
        cwd=root,
        capture_output=True,
        text=True,
    )


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """The conv topic of the real site in a git repository of its own, translations current."""
    for name in ("docs/zh/conv.md", "docs/en/conv.md", "snippets/conv.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert docexec(tmp_path, "translated", "docs/en/conv.md").returncode == 0
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    assert docexec(tmp_path, "stale").returncode == 0
    return tmp_path


def test_a_changed_chinese_sentence_makes_the_english_page_stale(repo):
    zh = repo / "docs/zh/conv.md"
    text = zh.read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if line.startswith("卷积"))
    zh.write_text(text.replace(sentence, sentence + "这是新加的一句。"), encoding="utf-8")
    result = docexec(repo, "stale")
    assert result.returncode == 1
    assert "docs/en/conv.md: its Chinese source changed" in result.stdout
    assert f"-{sentence}\n+{sentence}这是新加的一句。" in result.stdout
    assert docexec(repo, "translated", "docs/en/conv.md").returncode == 0
    assert docexec(repo, "stale").returncode == 0


def test_a_changed_zh_comment_counts_and_changed_code_does_not(repo):
    snippet = repo / "snippets/conv.py"
    text = snippet.read_text(encoding="utf-8")
    code_only = text.replace(
        "kernel = torch.full((3, 3), -1 / 9)", "kernel = torch.full((3, 3), -0.1)"
    )
    assert code_only != text
    snippet.write_text(code_only, encoding="utf-8")
    assert docexec(repo, "stale").returncode == 0
    comment = next(line for line in text.splitlines() if line.startswith("# zh: "))
    snippet.write_text(code_only.replace(comment, comment + "（改过）"), encoding="utf-8")
    result = docexec(repo, "stale")
    assert result.returncode == 1 and "（改过）" in result.stdout


def test_with_the_notice_policy_the_stale_page_is_built_with_a_notice(project):
    root = project(
        **{
            "mkdocs.yml": CONFIG,
            "pyproject.toml": '[tool.docexec]\nstale-translations = "notice"\n',
            "snippets/p.py": SNIPPET,
            "docs/zh/index.md": "# 首页\n",
            "docs/en/index.md": "# Home\n",
            "docs/zh/p.md": PAGE.format(alt="灰色方块"),
            "docs/en/p.md": PAGE.format(alt="A grey square"),
        }
    )
    assert docexec(root, "translated", "docs/en/index.md").returncode == 0
    assert docexec(root, "stale").returncode == 0  # the notice policy does not fail lint
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    stale = (root / "site/en/p/index.html").read_text(encoding="utf-8")
    assert "This translation is behind" in stale
    assert 'href="../../p/" hreflang="zh">Read the Chinese page</a>' in stale
    current = (root / "site/en/index.html").read_text(encoding="utf-8")
    assert "This translation is behind" not in current
    assert "This translation is behind" not in (root / "site/p/index.html").read_text("utf-8")
