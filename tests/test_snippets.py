"""Each snippet runs on its own as a script, as a reader runs it, with warnings as errors."""

import subprocess
import sys

from .conftest import ROOT

SNIPPETS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "snippets").glob("*.py"))
RUN_ALL = """
import runpy, sys
import matplotlib.pyplot as plt
for path in sys.argv[1:]:
    print("running", path, flush=True)
    runpy.run_path(path, run_name="__main__")
    plt.close("all")  # as if each had been its own process: no figure carries over
"""


def test_every_snippet_runs_as_a_script_without_warnings():
    # One interpreter for all of them: importing torch once keeps this fast.
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", RUN_ALL, *SNIPPETS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert result.stdout.count("running ") == len(SNIPPETS) > 10
