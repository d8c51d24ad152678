"""Time the build against its floor and against peer tools; print the table, write results.json.

python bench/run.py [--runs 5] [--peer-runs 3] [--edit conv]

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

The floor is plain + run. The build logs `docexec: ran PAGE in S s` for each page it runs:
the warm build must run none and the edit rebuild only the edited topic, or this script
exits 1 (correctness). Speed goals are marked ✓ or ✗ but do not change the exit code.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PYTHON = sys.executable
BUILD = [PYTHON, "-m", "mkdocs", "build"]
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


def timed(cmd: list[str], cwd: Path, **env: str) -> Timed:
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
    if proc.returncode:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds, for the fast figures")
    parser.add_argument("--peer-runs", type=int, default=3, help="rounds with the peers (or 0)")
    parser.add_argument("--edit", default="conv", help="the topic whose snippet is edited")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    args.peer_runs = min(args.peer_runs, args.runs)
    for module in ("mkdocs_jupyter", "markdown_exec", "ipykernel") if args.peer_runs else ():
        try:
            __import__(module)
        except ImportError:
            parser.error(f"{module} is missing: `make bench` installs the bench extra")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="docexec-bench-") as work:
        r = results(measure(args, Path(work)))
    args.output.write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(r))
    print(f"\nWritten to {args.output}; {time.perf_counter() - start:.0f} s in all.")
    if not r["correct"]["warm_executed_nothing"]:
        print("FAIL: the warm build executed pages", file=sys.stderr)
    if not r["correct"]["edit_executed_only_its_topic"]:
        print(f"FAIL: the edit rebuild did not execute exactly {args.edit}", file=sys.stderr)
    return 0 if all(r["correct"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
