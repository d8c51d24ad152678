"""Command line: run every distinct page program once, or twice to catch unseeded randomness.

python -m docexec run      # execute each page program once, no cache (the benchmark's floor)
python -m docexec twice    # execute each twice and fail on the first block whose outputs differ
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .execute import BlockError, run_page
from .project import programs, unsteady_block


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m docexec", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["run", "twice"])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project root")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    start = time.perf_counter()
    failures = 0
    found = programs(root)
    for blocks in found.values():
        try:
            if args.command == "run":
                run_page(blocks, root)
            elif unsteady := unsteady_block(blocks, root):
                failures += 1
                print(f"{unsteady.where()}: outputs differ between two runs", file=sys.stderr)
        except BlockError as err:
            failures += 1
            print(err, file=sys.stderr)
    seconds = time.perf_counter() - start
    print(f"{len(found)} page programs, {failures} failed, {seconds:.2f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
