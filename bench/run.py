"""Time the build against its floor and against peer tools; print the table, write results.json.

python bench/run.py [--runs 5] [--peer-runs 3] [--edit conv] [--scales 1,3,6] [--scale-runs 3]
                    [--pytest-scales 1,3] [--lighthouse-runs 5]

Every figure is a ratio of two medians of whole commands, each run as a subprocess in a
temporary copy of the project (the real `.cache/` and `site/` are never touched). The
commands are measured round by round, so the two sides of each ratio alternate within one
run of this script: cold, plain, run, warm, edit, page, sybil and, in the first
`--peer-runs` rounds, mkdocs-jupyter and markdown-exec.

  cold      mkdocs build, the copy's .cache/ removed first
  plain     mkdocs build with DOCEXEC_EXECUTE=0 (no page code runs)
  run       python -m docexec run: every distinct page program once, in one process
  warm      mkdocs build again, nothing changed
  edit      mkdocs build after a line `_bench = N` was added to one region of a snippet
  page      that edited page program executed once, in one process
  sybil     pytest docs -q -p no:cacheprovider (both languages)
  peers     mkdocs-jupyter (execute: true) and markdown-exec on the same pages, cold

Then the scale series (`--scales 1,3,6`): the project copied with each topic repeated to
3 and 6 times as many page programs (`scale`), each measured cold, plain, run and warm
(`--scale-runs` rounds); at every scale the preview latency (`mkdocs serve`, a region
written, until the served page shows the new output line); and the whole test run at
`--pytest-scales`, against the same run at commit BEFORE (the start of issue 16). And
Lighthouse's mobile performance of the home, conv and longest page of each language, the
median of `--lighthouse-runs` runs per page (one run now and then lands on a slow moment).

The floor is plain + run. The build logs `docexec: ran PAGE in S s` for each page it runs:
the warm build must run none and the edit rebuild only the edited topic, or this script
exits 1 (correctness). Speed goals are marked ✓ or ✗ but do not change the exit code.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import http.server
import io
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PYTHON = sys.executable
BUILD = [PYTHON, "-m", "mkdocs", "build"]
SERVE = [PYTHON, "-m", "mkdocs", "serve", "--watch", "snippets", "--watch", "imgs"]
SYBIL = [PYTHON, "-m", "pytest", "docs", "-q", "-p", "no:cacheprovider"]
FLOOR = [PYTHON, "-m", "docexec", "run"]
# One page program executed once in a fresh process: the floor of an edit rebuild.
RUN_ONE = [
    PYTHON,
    "-c",
    "import sys; from pathlib import Path; "
    "from docexec.blocks import find_blocks; from docexec.execute import run_page; "
    "page = Path(sys.argv[1]); "
    "run_page(find_blocks(page.read_text(encoding='utf-8'), page, Path('snippets')), Path.cwd())",
]
PEERS = {"jupyter": "mkdocs-jupyter", "markdown-exec": "markdown-exec"}
_RAN = re.compile(r"docexec: ran (\S+) in ")
_START = re.compile(r"^(\s*)#\s*--8<--\s*\[start:([\w.-]+)\]\s*$")
# Left out of the copy: what the commands produce, caches, and this folder.
_NOT_COPIED = {".git", ".venv", ".cache", "site", "dist", "test-artifacts", "bench"}
# Linked rather than copied: read-only inputs of the build (npm packages).
_LINKED = {"node_modules"}


class BenchError(Exception):
    """A measured command failed, or a peer did not really execute the pages."""


@dataclass
class Timed:
    """One command's wall time, peak memory and output."""

    seconds: float
    rss_mb: float
    output: str

    def ran(self) -> list[str]:
        """The pages a build logged as executed."""
        return _RAN.findall(self.output)


def timed(cmd: list[str], cwd: Path, check: bool = True, **env: str) -> Timed:
    """Run `cmd` in `cwd`; its rusage from wait4 gives the peak RSS of it and its children."""
    environment = {k: v for k, v in os.environ.items() if k != "DOCEXEC_EXECUTE"}
    environment.update(NO_MKDOCS_2_WARNING="1", **env)
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=environment, stdout=log, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if proc.returncode and check:
        tail = "\n".join(output.splitlines()[-30:])
        raise BenchError(f"`{' '.join(cmd)}` in {cwd} exited {proc.returncode}:\n{tail}")
    return Timed(seconds, usage.ru_maxrss / 1024, output)


def copy_project(dest: Path) -> Path:
    """Copy the project (pages, snippets, images, config, engine) into `dest`.

    Every command then imports the engine from the copy (PYTHONPATH), and so does this
    process: the engine can be edited while the benchmark runs without mixing versions.
    """
    dest.mkdir(parents=True)
    for item in ROOT.iterdir():
        if item.name in _NOT_COPIED or item.name.endswith((".egg-info", "_cache")):
            continue
        if item.name in _LINKED:
            (dest / item.name).symlink_to(item)
        elif item.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", ".*_cache")
            shutil.copytree(item, dest / item.name, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(item, dest / item.name)
    sys.path.insert(0, str(dest))
    for name in [m for m in sys.modules if m == "docexec" or m.startswith("docexec.")]:
        del sys.modules[name]
    return dest


class Edit:
    """A code line added at the start of one region of a topic's snippet, and its undoing.

    At the start, not the end: the last expression of a region is what its block shows.
    """

    def __init__(self, root: Path, topic: str):
        from docexec.blocks import find_blocks

        self.snippet = root / "snippets" / f"{topic}.py"
        self.original = self.snippet.read_text(encoding="utf-8")
        page = root / "docs" / "zh" / f"{topic}.md"
        blocks = find_blocks(page.read_text(encoding="utf-8"), page, root / "snippets")
        includes = [name for block in blocks for name in block.includes]
        if not includes:
            raise BenchError(f"{page} includes no snippet region to edit")
        self.region = includes[len(includes) // 2].partition(":")[2]
        self.name = f"{self.snippet.name}:{self.region}"
        self.topic = topic

    def apply(self, value: int) -> None:
        lines = self.original.split("\n")
        at, marker = next(
            (i, m)
            for i, line in enumerate(lines)
            if (m := _START.match(line)) and m[2] == self.region
        )
        lines.insert(at + 1, f"{marker[1]}_bench = {value}")
        self.snippet.write_text("\n".join(lines), encoding="utf-8")

    def undo(self) -> None:
        self.snippet.write_text(self.original, encoding="utf-8")


def scale(root: Path, factor: int) -> None:
    """Make `factor` times as many page programs: copies of each topic, each one line apart.

    Copy k of topic t is `docs/<lang>/t-xk.md`, including the regions of `snippets/t-xk.py`,
    where the first region the page includes starts with `_copy = k` (so no two programs share
    a cache entry). The copies go into the navigation before the API index.
    """
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav_lines = []
    for snippet in sorted((root / "snippets").glob("*.py")):
        topic = snippet.stem
        zh = root / "docs" / "zh" / f"{topic}.md"
        include = f'"{re.escape(snippet.name)}:([\\w.-]+)"'
        first = re.search(include, zh.read_text("utf-8")) if zh.is_file() else None
        if not first:
            continue
        for k in range(2, factor + 1):
            name = f"{topic}-x{k}"
            lines = snippet.read_text(encoding="utf-8").split("\n")
            at = next(
                i for i, line in enumerate(lines) if (m := _START.match(line)) and m[2] == first[1]
            )
            lines.insert(at + 1, f"_copy = {k}")
            (root / "snippets" / f"{name}.py").write_text("\n".join(lines), encoding="utf-8")
            for lang in ("zh", "en"):
                page = (root / "docs" / lang / f"{topic}.md").read_text(encoding="utf-8")
                page = page.replace(f'"{topic}.py:', f'"{name}.py:')
                (root / "docs" / lang / f"{name}.md").write_text(page, encoding="utf-8")
            nav_lines.append(f"  - {name}.md")
    text = text.replace("\n  - api.md\n", "\n" + "\n".join(nav_lines) + "\n  - api.md\n", 1)
    config.write_text(text, encoding="utf-8")


class Preview:
    """`mkdocs serve` in the copy, and the time from writing a region to the page showing it."""

    def __init__(self, root: Path, topic: str):
        from docexec.blocks import find_blocks

        self.root, self.topic = root, topic
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        page = root / "docs" / "zh" / f"{topic}.md"
        blocks = find_blocks(page.read_text(encoding="utf-8"), page, root / "snippets")
        # A block that states no expected output, so that a new line of output is allowed.
        free = [b for b in blocks if b.expected is None and len(b.includes) == 1]
        if not free:
            raise BenchError(f"{page} has no block without an expected output to edit")
        self.snippet = root / "snippets" / free[-1].includes[0].partition(":")[0]
        self.region = free[-1].includes[0].partition(":")[2]
        self.original = self.snippet.read_text(encoding="utf-8")
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (open while the server runs)
        environment = {k: v for k, v in os.environ.items() if not k.startswith("DOCEXEC_")}
        self.server = subprocess.Popen(
            [*SERVE, "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root,
            env={**environment, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(root)},
            stdout=self.log,
            stderr=self.log,
        )
        self._until(lambda page: page is not None, 900)

    def _page(self) -> str | None:
        url = f"http://127.0.0.1:{self.port}/{self.topic}/"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def _until(self, done, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not done(self._page()):
            if time.monotonic() > deadline or self.server.poll() is not None:
                self.log.seek(0)
                tail = self.log.read().decode("utf-8", "replace")[-3000:]
                raise BenchError(f"the preview of {self.topic} did not update:\n{tail}")
            time.sleep(0.02)

    def latency(self, n: int) -> float:
        """Seconds from writing a region with a new output line to the page showing it."""
        lines = self.original.split("\n")
        at, marker = next(
            (i, m)
            for i, line in enumerate(lines)
            if (m := _START.match(line)) and m[2] == self.region
        )
        # The page shows `preview-N` only as output: the code reads "preview-" + str(N).
        lines.insert(at + 1, f'{marker[1]}print("preview-" + str({n}))')
        shown = f"preview-{n}"
        start = time.perf_counter()
        self.snippet.write_text("\n".join(lines), encoding="utf-8")
        self._until(lambda page: page is not None and shown in page, 300)
        seconds = time.perf_counter() - start
        self.snippet.write_text(self.original, encoding="utf-8")
        self._until(lambda page: page is not None and shown not in page, 300)
        return seconds

    def close(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=60)
        self.log.close()


class _Gzipped(http.server.SimpleHTTPRequestHandler):
    """A static file server that compresses text as GitHub Pages does (gzip)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file() or path.suffix not in {".html", ".css", ".js", ".json", ".svg"}:
            return super().send_head()  # images, and the redirect of a folder without its /
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def mobile_scores(site: Path, pages: list[str], runs: int) -> dict[str, dict]:
    """Lighthouse's mobile performance (its default throttling) of `pages` of the built `site`,
    served gzip-compressed on 127.0.0.1: the median score, LCP and TBT of `runs` runs each."""
    handler = functools.partial(_Gzipped, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    lighthouse = ROOT / "node_modules" / ".bin" / "lighthouse"
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    found: dict[str, dict] = {}
    try:
        for page in pages:
            url = f"http://127.0.0.1:{httpd.server_address[1]}/{page}"
            seen = []
            for _ in range(runs):
                report = subprocess.run(
                    [lighthouse, url, *LIGHTHOUSE, f"--chrome-flags={flags}"],
                    capture_output=True,
                    text=True,
                    env={**os.environ, "CHROME_PATH": _chromium()},
                )
                if report.returncode:
                    raise BenchError(f"lighthouse {url}: {report.stderr[-2000:]}")
                data = json.loads(report.stdout)
                audits = data["audits"]
                seen.append(
                    (
                        data["categories"]["performance"]["score"],
                        audits["largest-contentful-paint"]["numericValue"] / 1000,
                        audits["total-blocking-time"]["numericValue"],
                    )
                )
            score, lcp, tbt = (statistics.median(x) for x in zip(*seen, strict=True))
            found[page or "/"] = {"score": score, "lcp_s": round(lcp, 2), "tbt_ms": round(tbt)}
            print(f"  lighthouse {page or '/'}: {found[page or '/']}", file=sys.stderr, flush=True)
    finally:
        httpd.shutdown()
        httpd.server_close()
    return found


def mobile_pages(site: Path) -> list[str]:
    """The home, conv and longest page (by HTML size) of each language of the built `site`."""
    chosen = []
    for prefix in ("", "en/"):
        folder = site / prefix
        pages = [p for p in folder.glob("*/index.html") if p.parent.name not in {"en", "search"}]
        longest = max(pages, key=lambda p: p.stat().st_size).parent.name
        chosen += [prefix, f"{prefix}conv/", f"{prefix}{longest}/"]
    return list(dict.fromkeys(chosen))


def _chromium() -> str:
    sys.path.insert(0, str(ROOT))
    from tools.chromium import find

    path = find()
    if path is None:
        raise BenchError("no Chromium for Lighthouse: `make test` finds or installs one")
    return str(path)


def programs(root: Path) -> int:
    """How many distinct page programs the copy holds."""
    from docexec.project import programs

    return len(programs(root))


def outputs_seen(root: Path, peer: Path) -> tuple[int, int]:
    """(our output lines found in the peer's site, our output lines); fail on a page with none.

    Our outputs are in the copy's cache after a build: the first line of each text output.
    markdown-exec shows printed text only, not the values of last expressions: it finds fewer.
    """
    from docexec import cache
    from docexec.blocks import find_blocks
    from docexec.project import pages

    found = total = 0
    for page in pages(root):
        blocks = find_blocks(page.read_text(encoding="utf-8"), page, root / "snippets")
        if not blocks:
            continue
        run = cache.load(root / ".cache" / "docexec", cache.page_key(blocks), root)
        if run is None:
            raise BenchError(f"no stored outputs for {page} after a build")
        lines = [o.text.strip().splitlines()[0] for b in run.outputs for o in b if o.text.strip()]
        rel = page.relative_to(root / "docs").with_suffix("")
        rel = rel.parent if rel.name == "index" else rel
        shown = (peer / "site" / rel / "index.html").read_text(encoding="utf-8")
        seen = sum(html.escape(line, quote=False) in shown for line in lines)
        if lines and not seen:
            raise BenchError(f"{PEERS[peer.name]}: none of the outputs of {page} in its site")
        found, total = found + seen, total + len(lines)
    return found, total


def machine() -> dict[str, object]:
    model = "unknown"
    try:
        found = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(), re.M)
        model = found[1].strip() if found else model
    except OSError:
        pass
    versions = {}
    for name in ("torch", "mkdocs", *PEERS.values(), "ipykernel"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "system": platform.platform(),
        "python": platform.python_version(),
        **versions,
    }


def measure(args: argparse.Namespace, work: Path) -> dict:
    """Run the rounds: every command's seconds, and the counts and memory they showed."""
    root = copy_project(work / "project")
    from convert import convert  # imports the engine: after copy_project

    edit = Edit(root, args.edit)
    peers = [work / kind for kind in PEERS] if args.peer_runs else []
    for peer in peers:
        convert(peer.name, root, peer)
    t: dict = {k: [] for k in ("cold", "plain", "run", "warm", "edit", "page", "sybil")}
    t |= {"cold_rss": [], "cold_ran": [], "warm_ran": [], "edit_ran": []}
    t |= {peer.name: [] for peer in peers}

    def note(name: str, cmd: list[str], cwd: Path = root, **env: str) -> Timed:
        result = timed(cmd, cwd, PYTHONPATH=str(root), **env)
        t[name].append(result.seconds)
        print(f"  {name:<14} {result.seconds:7.2f} s", file=sys.stderr, flush=True)
        return result

    for number in range(1, args.runs + 1):
        print(f"round {number} of {args.runs}", file=sys.stderr, flush=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)
        cold = note("cold", BUILD)
        t["cold_rss"].append(cold.rss_mb)
        t["cold_ran"].append(len(cold.ran()))
        note("plain", BUILD, DOCEXEC_EXECUTE="0")
        note("run", FLOOR, DOCEXEC_JOBS="1")  # the sequential floor: one process, in order
        t["warm_ran"].append(note("warm", BUILD).ran())
        edit.apply(number)
        try:
            t["edit_ran"].append(note("edit", BUILD).ran())
            note("page", [*RUN_ONE, f"docs/zh/{edit.topic}.md"])
        finally:
            edit.undo()
        note("sybil", SYBIL)
        for peer in peers if number <= args.peer_runs else []:
            shutil.rmtree(peer / ".cache", ignore_errors=True)  # mkdocs-jupyter's own cache
            result = note(peer.name, BUILD, peer)
            if peer.name == "jupyter":
                notebooks = len(list((peer / "docs").rglob("*.ipynb")))
                executed = result.output.count("Converting notebook (execute=True)")
                if executed != notebooks:
                    raise BenchError(f"mkdocs-jupyter executed {executed} of {notebooks} notebooks")
            if number == 1:
                t[f"{peer.name}_seen"] = outputs_seen(root, peer)
    t["programs"] = programs(root)
    t["edit"] = {"seconds": t["edit"], "region": edit.name, "topic": edit.topic}
    return t


LIGHTHOUSE = ["--only-categories=performance", "--output=json", "--quiet"]
"""Lighthouse's defaults otherwise: a phone, with its simulated slow network and CPU."""
PYTEST = [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
BEFORE = "8a50bd6"
"""The commit at the start of issue 16, whose whole test run the scale series compares with."""


def _fresh_copy(work: Path, factor: int) -> Path:
    """A copy of the project scaled to `factor` times its page programs, no cache."""
    root = copy_project(work / f"x{factor}")
    if factor > 1:
        scale(root, factor)
    return root


def _testable(root: Path) -> Path:
    """`root` as the tests expect a checkout: a git work tree with the project's .venv."""
    if not (root / ".venv").exists():
        (root / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def _pytest(root: Path, *args: str) -> tuple[float, str]:
    """Seconds of a whole test run in `root`, and pytest's summary line (passed, failed)."""
    result = timed([*PYTEST, *args], _testable(root), check=False, PYTHONPATH=str(root))
    lines = [line for line in result.output.splitlines() if " in " in line and "passed" in line]
    return result.seconds, (lines[-1].strip("= ") if lines else result.output[-500:])


def _before(work: Path) -> Path:
    """The project at commit BEFORE, unpacked from git, sharing this one's npm packages."""
    dest = work / "before"
    dest.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BEFORE], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def measure_scales(args: argparse.Namespace, work: Path, t1: dict) -> dict:
    """The figures at each scale (×1 from the main rounds), preview latencies, whole test runs."""
    series: dict = {}
    for factor in args.scales:
        root = work / "project" if factor == 1 else _fresh_copy(work, factor)
        t = {k: t1[k] for k in ("cold", "plain", "run", "warm")} if factor == 1 else {}
        for number in range(1, (0 if factor == 1 else args.scale_runs) + 1):
            print(f"×{factor}, round {number} of {args.scale_runs}", file=sys.stderr, flush=True)
            shutil.rmtree(root / ".cache", ignore_errors=True)
            for name, cmd, env in (
                ("cold", BUILD, {}),
                ("plain", BUILD, {"DOCEXEC_EXECUTE": "0"}),
                ("run", FLOOR, {"DOCEXEC_JOBS": "1"}),
                ("warm", BUILD, {}),
            ):
                result = timed(cmd, root, PYTHONPATH=str(root), **env)
                t.setdefault(name, []).append(result.seconds)
                print(f"  {name:<14} {result.seconds:7.2f} s", file=sys.stderr, flush=True)
        preview = Preview(root, args.edit)
        try:
            t["preview"] = [preview.latency(n) for n in range(1, args.runs + 1)]
        finally:
            preview.close()
        print(f"  preview        {t['preview']}", file=sys.stderr, flush=True)
        t["programs"] = programs(root)
        if factor in args.pytest_scales:
            shutil.rmtree(root / ".cache", ignore_errors=True)
            seconds, summary = _pytest(root, "-n", "auto", "--dist", "loadgroup")
            t["pytest"], t["pytest_summary"] = [seconds], summary
            print(f"  pytest         {seconds:.0f} s: {summary}", file=sys.stderr, flush=True)
        series[factor] = t
    if args.pytest_scales:
        seconds, summary = _pytest(_before(work))
        series["before"] = {"pytest": [seconds], "pytest_summary": summary}
        print(f"before: pytest {series['before']['pytest']}", file=sys.stderr, flush=True)
    return series


def scale_results(series: dict) -> dict:
    """Medians per scale, each figure's growth exponent between the smallest and largest scale,
    and the keys the goals of issue 16 name."""
    med = {
        factor: {k: round(statistics.median(v), 3) for k, v in t.items() if isinstance(v, list)}
        | ({"programs": t["programs"]} if "programs" in t else {})
        for factor, t in series.items()
    }
    factors = sorted(f for f in med if isinstance(f, int))
    out: dict = {"medians_s": {f"x{f}": med[f] for f in factors}}
    low, high = factors[0], factors[-1]
    if high > low:
        growth = math.log(med[high]["programs"] / med[low]["programs"])
        out["exponent"] = {
            k: round(math.log(med[high][k] / med[low][k]) / growth, 2)
            for k in med[high]
            if k != "programs" and k in med[low]
        }
    for f in factors:
        m = med[f]
        out[f"preview_x{f}_s"] = m["preview"]
        if "cold" in m:
            out[f"cold_over_floor_x{f}"] = round(m["cold"] / (m["plain"] + m["run"]), 3)
        if "pytest" in m and "before" in med:
            key = "pytest_x1_over_before" if f == 1 else f"pytest_x{f}_over_before_x1"
            out[key] = round(m["pytest"] / med["before"]["pytest"], 3)
    if "before" in med:
        out["pytest_before_s"] = med["before"]["pytest"]
    out["pytest_summaries"] = {
        str(f): t["pytest_summary"] for f, t in series.items() if "pytest_summary" in t
    }
    return out


def _row(t: dict, a: str, b: list[str], goal: float | None, rounds: int) -> dict:
    """The ratio of the median of `a` to the median of the per-round sums of `b`."""
    below = [sum(t[name][i] for name in b) for i in range(rounds)]
    ratio = statistics.median(t[a][:rounds]) / statistics.median(below)
    medians = {a: statistics.median(t[a][:rounds])}
    if len(b) > 1:
        medians["+".join(b)] = statistics.median(below)
    medians |= {name: statistics.median(t[name][:rounds]) for name in b}
    return {
        "ratio": round(ratio, 3),
        "goal": None if goal is None else f"<= {goal}",
        "met": None if goal is None else ratio <= goal,
        "runs": rounds,
        "medians_s": {k: round(v, 3) for k, v in medians.items()},
    }


def results(t: dict) -> dict:
    runs = len(t["cold"])
    edit = t.pop("edit")
    t["edit"] = edit["seconds"]
    rows = {
        "cold_over_floor": _row(t, "cold", ["plain", "run"], 1.2, runs)
        | {"pages_executed": t["cold_ran"]},
        "warm_over_plain": _row(t, "warm", ["plain"], 1.2, runs)
        | {"pages_executed": [len(ran) for ran in t["warm_ran"]], "executed": t["warm_ran"]},
        "edit_over_expected": _row(t, "edit", ["plain", "page"], 1.3, runs)
        | {
            "edited": edit["region"],
            "pages_executed": [len(ran) for ran in t["edit_ran"]],
            "executed": t["edit_ran"],
        },
        "sybil_over_floor": _row(t, "sybil", ["run"], 1.3, runs),
    }
    for kind, name in PEERS.items():
        if t.get(kind):
            found, total = t[f"{kind}_seen"]
            rows[f"{name.replace('-', '_')}_over_cold"] = _row(
                t, kind, ["cold"], None, len(t[kind])
            )
            rows[f"{name.replace('-', '_')}_over_cold"]["our_output_lines_seen"] = (
                f"{found}/{total}"
            )
    rows["peak_rss_mb"] = {
        "median": round(statistics.median(t["cold_rss"]), 1),
        "max": round(max(t["cold_rss"]), 1),
        "runs": runs,
        "of": "the cold build: max RSS of the mkdocs process (and children), from wait4",
    }
    warm_ok = all(not ran for ran in t["warm_ran"])
    edit_ok = all(len(ran) == 1 and Path(ran[0]).stem == edit["topic"] for ran in t["edit_ran"])
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "page_programs": t["programs"],
        **rows,
        "correct": {"warm_executed_nothing": warm_ok, "edit_executed_only_its_topic": edit_ok},
    }


def table(r: dict) -> str:
    """The figures of results.json as a Markdown table."""

    def s(x: float) -> str:
        return f"{x:.2f} s"

    def goal(row: dict) -> str:
        return f"≤ {row['goal'][3:]} {'✓' if row['met'] else '✗'}"

    keys = ("cold_over_floor", "warm_over_plain", "edit_over_expected", "sybil_over_floor")
    c, w, e, y = (r[k] for k in keys)
    cm, wm, em, ym = (row["medians_s"] for row in (c, w, e, y))
    edit_ran = "; ".join(sorted({", ".join(x) or "none" for x in e["executed"]}))
    lines = [
        "| figure | medians | ratio | goal |",
        "|---|---|---|---|",
        f"| cold build / floor (plain build + `python -m docexec run`); pages executed: "
        f"{c['pages_executed'][0]} | {s(cm['cold'])} / {s(cm['plain+run'])} "
        f"({s(cm['plain'])} + {s(cm['run'])}) | {c['ratio']:.2f} | {goal(c)} |",
        f"| warm build / plain build; pages executed: {sum(w['pages_executed'])} "
        f"| {s(wm['warm'])} / {s(wm['plain'])} | {w['ratio']:.2f} | {goal(w)} |",
        f"| edit rebuild (`{e['edited']}`) / (plain build + that page run); executed: {edit_ran} "
        f"| {s(em['edit'])} / {s(em['plain+page'])} ({s(em['plain'])} + {s(em['page'])}) "
        f"| {e['ratio']:.2f} | {goal(e)} |",
        f"| Sybil (`pytest docs`) / `python -m docexec run` | {s(ym['sybil'])} / {s(ym['run'])} "
        f"| {y['ratio']:.2f} | {goal(y)} |",
    ]
    for kind, name in PEERS.items():
        row = r.get(f"{name.replace('-', '_')}_over_cold")
        if row:
            m = row["medians_s"]
            lines.append(
                f"| {name} / cold build, {row['runs']} runs (our output lines in its pages: "
                f"{row['our_output_lines_seen']}) | {s(m[kind])} / {s(m['cold'])} "
                f"| {row['ratio']:.2f} | report{' (expect ≥ 3)' if kind == 'jupyter' else ''} |"
            )
    p, m = r["peak_rss_mb"], r["machine"]
    peer_runs = {r[k]["runs"] for k in r if k.endswith("_over_cold")}
    peer_runs = f" ({', '.join(map(str, peer_runs))} for the peers)" if peer_runs else ""
    lines += [
        f"| peak RSS of the cold build | {p['median']:.0f} MB (max {p['max']:.0f} MB) | | report |",
        "",
        f"Medians of {c['runs']} runs{peer_runs}, {r['page_programs']} page programs in 2 "
        f"languages, {r['date'][:10]}: {m['cpus']} × {m['cpu_model']}, Python {m['python']}, "
        f"torch {m['torch']}.",
    ]
    return "\n".join(lines)


def _factors(text: str) -> list[int]:
    return sorted({int(x) for x in text.split(",") if x.strip()})


def mobile_table(m: dict) -> str:
    """The Lighthouse figures of results.json as a Markdown table."""
    lines = ["| page | performance | largest paint | blocking time |", "|---|---|---|---|"]
    for page, x in m["pages"].items():
        lines.append(
            f"| `/{page.lstrip('/')}` | {x['score']:.2f} | {x['lcp_s']:.2f} s | {x['tbt_ms']} ms |"
        )
    return "\n".join(lines)


def scale_table(r: dict) -> str:
    """The scale series of results.json as a Markdown table."""
    sc = r["scale"]
    scales = list(sc["medians_s"])
    names = {
        "cold": "cold `make site`",
        "plain": "plain build (`DOCEXEC_EXECUTE=0`)",
        "run": "`python -m docexec run`, one worker",
        "warm": "warm build",
        "preview": "preview: region written → page served with its output",
        "pytest": "whole `pytest` run, as `make test` runs it",
    }
    head = " | ".join(f"×{x[1:]} ({sc['medians_s'][x]['programs']} programs)" for x in scales)
    lines = [f"| figure | {head} | exponent |", "|---|" + "---|" * len(scales) + "---|"]
    for key, name in names.items():
        cells = [sc["medians_s"][x].get(key) for x in scales]
        if any(c is not None for c in cells):
            shown = " | ".join("n/a" if c is None else f"{c:.2f} s" for c in cells)
            exponent = sc.get("exponent", {}).get(key, "n/a")
            lines.append(f"| {name} | {shown} | {exponent} |")
    goals = [
        ("preview_x1_s", "≤ 2 s"),
        ("preview_x6_s", "≤ 2 s"),
        ("cold_over_floor_x1", "≤ 1.0"),
        ("cold_over_floor_x6", "≤ 0.8"),
        ("pytest_x1_over_before", "≤ 0.5"),
        ("pytest_x3_over_before_x1", "≤ 1.0"),
    ]
    lines += ["", "| key | value | goal |", "|---|---|---|"]
    lines += [f"| `{k}` | {sc[k]} | {g} |" for k, g in goals if k in sc]
    if "pytest_before_s" in sc:
        lines.append(f"\nThe whole test run at commit {BEFORE}: {sc['pytest_before_s']:.0f} s.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds, for the fast figures")
    parser.add_argument("--peer-runs", type=int, default=3, help="rounds with the peers (or 0)")
    parser.add_argument("--edit", default="conv", help="the topic whose snippet is edited")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON")
    parser.add_argument(
        "--scales", type=_factors, default="1,3,6", help="page-program multiples to measure"
    )
    parser.add_argument("--scale-runs", type=int, default=3, help="rounds at each scale above ×1")
    parser.add_argument(
        "--pytest-scales",
        type=_factors,
        default="1,3",
        help="scales whose whole test run is timed, against commit BEFORE ('' for none)",
    )
    parser.add_argument(
        "--lighthouse-runs", type=int, default=5, help="Lighthouse runs per page (0: none)"
    )
    args = parser.parse_args(argv)
    args.peer_runs = min(args.peer_runs, args.runs)
    for module in ("mkdocs_jupyter", "markdown_exec", "ipykernel") if args.peer_runs else ():
        try:
            __import__(module)
        except ImportError:
            parser.error(f"{module} is missing: `make bench` installs the bench extra")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="docexec-bench-") as work:
        t1 = measure(args, Path(work))
        mobile = {}
        if args.lighthouse_runs:
            site = Path(work) / "project" / "site"
            mobile = mobile_scores(site, mobile_pages(site), args.lighthouse_runs)
        series = measure_scales(args, Path(work), t1) if args.scales else {}
        r = results(t1)
    if mobile:
        r["mobile_performance"] = {
            "pages": mobile,
            "min_score": min(m["score"] for m in mobile.values()),
            "goal": ">= 0.95",
            "runs": args.lighthouse_runs,
        }
    if series:
        r["scale"] = scale_results(series)
        r |= {k: v for k, v in r["scale"].items() if isinstance(v, (int, float))}
    args.output.write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(r))
    if mobile:
        print("\n" + mobile_table(r["mobile_performance"]))
    if series:
        print("\n" + scale_table(r))
    print(f"\nWritten to {args.output}; {time.perf_counter() - start:.0f} s in all.")
    if not r["correct"]["warm_executed_nothing"]:
        print("FAIL: the warm build executed pages", file=sys.stderr)
    if not r["correct"]["edit_executed_only_its_topic"]:
        print(f"FAIL: the edit rebuild did not execute exactly {args.edit}", file=sys.stderr)
    return 0 if all(r["correct"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
