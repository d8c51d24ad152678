"""Command line: run the page programs; keep the English translations up to date.

python -m docexec run      # execute each page program once, no cache (DOCEXEC_JOBS=1: the floor)
python -m docexec twice    # execute each in two processes and fail where their outputs differ
python -m docexec stale    # list the English pages whose Chinese source changed, with the changes
python -m docexec translated docs/en/conv.md ...   # mark reviewed translations as current
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .display import Output
from .execute import BlockError
from .project import programs, unsteady_block
from .runner import Runner
from .translation import current_digest, policy, stale_pages, with_digest

HASH_SEEDS = ("1", "2")
"""`PYTHONHASHSEED` of the two processes of `twice`: string hashes, so set order, differ."""


def _run(root: Path, found: dict, outputs_file: Path | None) -> int:
    """Run every program once (on `DOCEXEC_JOBS` workers); write the outputs if asked."""
    failures, outputs = 0, {}
    runner = Runner(root, read_cache=False)
    runner.prefetch(found.values())
    for key, blocks in found.items():
        try:
            run = runner.run(blocks)
            outputs[key] = [[o.to_json() for o in block] for block in run.outputs]
        except BlockError as err:
            failures += 1
            print(err, file=sys.stderr)
    runner.close()
    if outputs_file:
        outputs_file.write_text(json.dumps(outputs), encoding="utf-8")
    return failures


def _twice(root: Path, found: dict) -> int:
    """Run every program in two processes at once, with different hash seeds; compare."""
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(tmp) / f"run-{seed}.json" for seed in HASH_SEEDS]
        command = [sys.executable, "-m", "docexec", "run", "--root", str(root), "--outputs"]
        runs = [
            subprocess.Popen(
                [*command, str(file)],
                env={**os.environ, "PYTHONHASHSEED": seed, "DOCEXEC_JOBS": "1"},
            )
            for seed, file in zip(HASH_SEEDS, files, strict=True)
        ]
        if any(run.wait() for run in runs):
            return 1
        first, second = (json.loads(f.read_text(encoding="utf-8")) for f in files)
    failures = 0
    for key, blocks in found.items():
        outputs = [[[Output.from_json(o) for o in b] for b in run[key]] for run in (first, second)]
        if unsteady := unsteady_block(blocks, *outputs):
            failures += 1
            print(f"{unsteady.where()}: outputs differ between two runs", file=sys.stderr)
    return failures


def _stale(root: Path) -> int:
    """Report stale translations; under the default `gate` policy, they are a failure."""
    stale = stale_pages(root)
    for page in stale:
        print(f"{page.page}: its Chinese source changed since it was translated:\n{page.changes}\n")
    if stale:
        print(
            f"{len(stale)} stale translation(s): bring the English along, then mark it current "
            "with `python -m docexec translated PAGE`",
            file=sys.stderr,
        )
    return 1 if stale and policy(root) == "gate" else 0


def _translated(root: Path, pages: list[Path]) -> int:
    """Record in each English page that it translates today's Chinese twin."""
    for page in pages:
        path = page if page.is_absolute() else Path.cwd() / page
        text = path.read_text(encoding="utf-8")
        path.write_text(with_digest(text, current_digest(root, path)), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m docexec", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["run", "twice", "stale", "translated"])
    parser.add_argument("pages", nargs="*", type=Path, help="translated: English pages")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project root")
    parser.add_argument("--outputs", type=Path, help="run: write the outputs to this JSON file")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "stale":
        return _stale(root)
    if args.command == "translated":
        return _translated(root, args.pages)
    start = time.perf_counter()
    found = programs(root)
    failures = _run(root, found, args.outputs) if args.command == "run" else _twice(root, found)
    seconds = time.perf_counter() - start
    print(f"{len(found)} page programs, {failures} failed, {seconds:.2f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
