"""The cache reruns exactly the pages an input change affects, and survives a killed build.

A small project: two topics (alpha, beta), each a snippet and a page in both languages;
beta opens an image under imgs/. Each test builds it once, changes one input, and checks
which page programs a fresh Runner on the same cache dir executes (twins share one run).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

import docexec
from docexec import cache
from docexec.blocks import find_blocks
from docexec.project import pages
from docexec.runner import Runner

ALPHA = """\
# --8<-- [start:first]
# zh: 第一个数
# en: the first number
x = 1
x
# --8<-- [end:first]

# --8<-- [start:second]
y = x + 1  # one more
y
# --8<-- [end:second]
"""

BETA = """\
# --8<-- [start:size]
from PIL import Image

with Image.open("imgs/dot.png") as image:
    size = image.size
size
# --8<-- [end:size]
"""


def _page(title: str, prose: str, *regions: str) -> str:
    fences = "".join(f'\n```python\n--8<-- "{region}"\n```\n' for region in regions)
    return f"# {title} {{ #top }}\n\n{prose}\n{fences}"


FILES = {
    "snippets/alpha.py": ALPHA,
    "snippets/beta.py": BETA,
    "docs/zh/alpha.md": _page("甲", "两个数。", "alpha.py:first", "alpha.py:second"),
    "docs/en/alpha.md": _page("Alpha", "Two numbers.", "alpha.py:first", "alpha.py:second"),
    "docs/zh/beta.md": _page("乙", "图片的大小。", "beta.py:size"),
    "docs/en/beta.md": _page("Beta", "The size of an image.", "beta.py:size"),
}


def _image(root: Path, size: tuple[int, int]) -> None:
    Image.new("L", size).save(root / "imgs" / "dot.png")


def build(root: Path) -> list[str]:
    """Run every page as a build does, with a fresh Runner: the topics that executed."""
    runner = Runner(root, cache_dir=root / ".cache" / "docexec")
    for page in pages(root):
        blocks = find_blocks(page.read_text(encoding="utf-8"), page, root / "snippets")
        if blocks:
            runner.run(blocks)
    return [Path(page).stem for page in runner.executed]


def outputs(root: Path, page: str) -> list[str]:
    """The text outputs of `page` (a path under root), from the cache or a run."""
    path = root / page
    blocks = find_blocks(path.read_text(encoding="utf-8"), path, root / "snippets")
    run = Runner(root, cache_dir=root / ".cache" / "docexec").run(blocks)
    return [o.text for block in run.outputs for o in block]


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def site(project) -> Path:
    """The small project, built once: both topics ran, and a second build runs nothing."""
    root = project(**{name.replace("/", "__"): text for name, text in FILES.items()})
    (root / "imgs").mkdir()
    _image(root, (2, 3))
    assert build(root) == ["alpha", "beta"]
    assert build(root) == []
    return root


def test_a_code_line_in_one_region_reruns_only_its_topic(site):
    _edit(site, "snippets/alpha.py", "x = 1\n", "x = 10\n")
    assert build(site) == ["alpha"]
    assert outputs(site, "docs/zh/alpha.md") == ["10", "11"]


def test_an_image_a_page_reads_reruns_only_that_page(site):
    _image(site, (4, 5))
    assert build(site) == ["beta"]
    assert outputs(site, "docs/en/beta.md") == ["(4, 5)"]


def test_a_package_version_reruns_every_page(site, monkeypatch):
    real = cache.metadata.version
    monkeypatch.setattr(cache.metadata, "version", lambda n: "99.0" if n == "torch" else real(n))
    cache.environment.cache_clear()  # versions are read once per process
    assert build(site) == ["alpha", "beta"]
    assert build(site) == []


def test_the_engine_version_reruns_every_page(site, monkeypatch):
    monkeypatch.setattr(cache, "engine_version", lambda: "another engine")
    cache.environment.cache_clear()  # versions are read once per process
    assert build(site) == ["alpha", "beta"]


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("docs/zh/alpha.md", "两个数。", "两个整数，一个接一个。"),
        ("docs/en/beta.md", "# Beta { #top }", "# Beta, renamed { #top }\n\nA new paragraph."),
        ("snippets/alpha.py", "# zh: 第一个数", "# zh: 第一个整数\n# zh: 再加一行注释"),
        ("snippets/alpha.py", "# en: the first number", "# the first number, for both"),
        ("snippets/alpha.py", "y = x + 1  # one more", "y = x + 1  # one more, said again"),
        ("snippets/beta.py", "from PIL import Image\n", "from PIL import Image  # Pillow\n\n\n"),
    ],
    ids=["zh-prose", "en-heading", "zh-comment", "untagged-comment", "trailing", "blank-lines"],
)
def test_prose_and_comment_edits_run_nothing(site, name, old, new):
    _edit(site, name, old, new)
    assert build(site) == []


# A process that runs the pages as a build does, and can be stopped where the test wants:
# the slow page signals, then sleeps; with "store", the second cache entry is written in
# full to its temporary file, then the writer signals and sleeps before renaming it.
WORKER = """\
import os, sys, time
from pathlib import Path
from docexec import cache
from docexec.blocks import find_blocks
from docexec.project import pages
from docexec.runner import Runner

root, where = Path(sys.argv[1]), sys.argv[2]
stores = []
replace = os.replace

def stalled(src, dst):
    stores.append(dst)
    if len(stores) == 2:
        Path(os.environ["SIGNALS"], "storing").write_text(str(src))
        time.sleep(300)
    replace(src, dst)

if where == "store":
    cache.os.replace = stalled
runner = Runner(root, cache_dir=root / ".cache" / "docexec")
for page in pages(root):
    runner.run(find_blocks(page.read_text(encoding="utf-8"), page, root / "snippets"))
"""

SLOW = """\
# --8<-- [start:slow]
import os
import time

signals = os.environ.get("SIGNALS")
if signals and os.environ.get("SLOW_PAGE_WAITS"):
    open(os.path.join(signals, "slow"), "w").close()
    time.sleep(300)
z = 6 * 7
z
# --8<-- [end:slow]
"""


def _killed_worker(root: Path, signals: Path, where: str, signal_file: str) -> None:
    """Start the worker, wait for `signal_file`, and kill it with SIGKILL there."""
    (root / "worker.py").write_text(WORKER, encoding="utf-8")
    engine = Path(docexec.__file__).resolve().parent.parent  # the engine this process tests
    paths = [str(engine), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "SIGNALS": str(signals), "PYTHONPATH": os.pathsep.join(paths)}
    if where == "page":
        env["SLOW_PAGE_WAITS"] = "1"
    worker = subprocess.Popen(
        [sys.executable, str(root / "worker.py"), str(root), where], env=env, cwd=root
    )
    try:
        deadline = time.monotonic() + 120
        while not (signals / signal_file).exists():
            assert worker.poll() is None, "the worker ended before it was killed"
            assert time.monotonic() < deadline, "the worker never reached the point to kill"
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    assert worker.returncode == -signal.SIGKILL


@pytest.fixture
def slow_site(project, tmp_path) -> tuple[Path, Path]:
    """alpha and a slow topic, not yet built, and a folder for the worker's signals."""
    files = {k: v for k, v in FILES.items() if "beta" not in k}
    files |= {
        "snippets/slow.py": SLOW,
        "docs/zh/slow.md": _page("慢", "慢慢来。", "slow.py:slow"),
        "docs/en/slow.md": _page("Slow", "Take your time.", "slow.py:slow"),
    }
    # The project in a folder of its own: the signals folder must not be under its root.
    root = project(**{f"p/{name}".replace("/", "__"): text for name, text in files.items()})
    signals = tmp_path / "signals"
    signals.mkdir()
    return root / "p", signals


def test_a_build_killed_on_a_slow_page_reruns_only_that_page(slow_site):
    root, signals = slow_site
    _killed_worker(root, signals, "page", "slow")
    # alpha was stored before the kill; the slow page was not.
    assert build(root) == ["slow"]
    assert outputs(root, "docs/en/slow.md") == ["42"]
    assert not list((root / ".cache").rglob(".tmp-*"))


def test_a_build_killed_while_writing_an_entry_leaves_nothing_trusted(slow_site, tmp_path):
    root, signals = slow_site
    _killed_worker(root, signals, "store", "storing")
    (leftover,) = (root / ".cache").rglob(".tmp-*")
    assert leftover.name == Path((signals / "storing").read_text()).name
    # The temporary file holds the whole entry: poison it, so that a load of it would show,
    # and check that it would be trusted under the entry's own name.
    entry = json.loads(leftover.read_text(encoding="utf-8"))
    for block in entry["outputs"]:
        for output in block:
            output["text"] = "poison"
    leftover.write_text(json.dumps(entry), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere" / entry["key"][:2] / f"{entry['key']}.json"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_text(json.dumps(entry), encoding="utf-8")
    trusted = cache.load(tmp_path / "elsewhere", entry["key"], root)
    assert trusted is not None and trusted.outputs[0][0].text == "poison"

    assert build(root) == ["slow"]
    assert outputs(root, "docs/zh/slow.md") == ["42"]
    assert build(root) == []
