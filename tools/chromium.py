"""Find the Chromium that the browser tests drive; on Debian, as root or with sudo, install it.

    python tools/chromium.py             # print its path, or say how to get one and exit 1
    python tools/chromium.py --install   # on Debian, first install Debian's chromium if missing

Looked for, in order: the path in $DOCEXEC_CHROMIUM, Debian's /usr/bin/chromium, and the
browser that Playwright downloads with `playwright install chromium`. Building and serving the
site need no browser: only `make test` calls this.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

DEBIAN_PACKAGES = ["chromium", "fonts-noto-cjk"]
"""A browser that is never downloaded, and CJK glyphs for the pages' screenshots."""

HOW_TO_GET_ONE = """\
The browser tests need Chromium, and none was found. Any one of these will do:
  Debian, Ubuntu:  sudo apt-get install chromium fonts-noto-cjk
                   (`make test` does this by itself when run as root or with sudo)
  macOS:           brew install --cask chromium, then
                   export DOCEXEC_CHROMIUM=/Applications/Chromium.app/Contents/MacOS/Chromium
  anywhere:        .venv/bin/playwright install chromium   (Playwright's own build)
  or point DOCEXEC_CHROMIUM at any Chromium or Chrome executable."""


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
"""How the tests and `make pdf` start Chromium on a machine without network: no background
requests, no sandbox as root."""


def _playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:  # no Playwright, or no driver for this platform
        return None
    return path if Path(path).is_file() else None


def find() -> str | None:
    """The path of a Chromium executable, or None."""
    if path := os.environ.get("DOCEXEC_CHROMIUM"):
        return path if Path(path).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return _playwright_chromium()


def _install_on_debian() -> None:
    """apt-get install the packages, as root or through sudo, where that is possible."""
    if not shutil.which("apt-get") or not shutil.which("dpkg"):
        return
    if subprocess.run(["dpkg", "-s", *DEBIAN_PACKAGES], capture_output=True).returncode == 0:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"] if shutil.which("sudo") else None
    if sudo is None:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=False)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", *DEBIAN_PACKAGES], env=env)


def main(argv: list[str]) -> int:
    if "--install" in argv and "DOCEXEC_CHROMIUM" not in os.environ:
        _install_on_debian()
    path = find()
    if path is None:
        print(HOW_TO_GET_ONE, file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
