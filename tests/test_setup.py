"""The set-up on a machine without Debian's tools or root: building and serving need neither,
and `make test` stops at once, saying how to get a browser, when there is none."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT

MISSING = {"dpkg", "apt-get", "apt", "sudo"}
"""Commands a contributor on macOS, Fedora or in a container may not have."""


def _path_without(missing: set[str], where: Path) -> str:
    """A PATH of one folder linking every command of the usual folders but `missing`."""
    where.mkdir()
    for folder in ("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"):
        for command in Path(folder).glob("*"):
            link = where / command.name
            if command.name not in missing and not link.exists() and os.access(command, os.X_OK):
                link.symlink_to(command)
    return str(where)


def _nobody_can_run_the_venv() -> bool:
    if os.geteuid() != 0 or not shutil.which("runuser"):
        return False
    probe = ["runuser", "-u", "nobody", "--", str(ROOT / ".venv/bin/python"), "-c", "pass"]
    return subprocess.run(probe, capture_output=True).returncode == 0


@pytest.fixture
def clone() -> Iterator[Path]:
    """The working tree's files in a fresh folder, using this project's .venv and node_modules.

    The set-up inputs are made older than the venv's stamp, so make installs nothing.
    """
    folder = Path(tempfile.mkdtemp(prefix="nnlayers-clone-"))
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    (folder / ".venv").symlink_to(ROOT / ".venv")
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    for name in ("pyproject.toml", "requirements.lock", "package.json", "package-lock.json"):
        os.utime(folder / name, (0, 0))
    if (ROOT / ".cache").is_dir():  # the build's cache: only the set-up is under test here
        shutil.copytree(ROOT / ".cache", folder / ".cache", dirs_exist_ok=True)
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


USERS = [
    pytest.param(None, id="this-user"),
    pytest.param(
        "nobody",
        id="non-root",
        marks=pytest.mark.skipif(
            not _nobody_can_run_the_venv(),
            reason="no non-root user can run this machine's venv (its Python is under /root)",
        ),
    ),
]


def _command(user: str | None, folder: Path, *args: str) -> list[str]:
    if user is None:
        return list(args)
    subprocess.run(["chown", "-R", user, str(folder)], check=True)
    return ["runuser", "-u", user, "--", *args]


def _env(folder: Path, tmp_path: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DOCEXEC_", "PYTEST_"))}
    path = _path_without(MISSING, tmp_path / "bin")
    return {**keep, "PATH": path, "HOME": str(folder), "MPLCONFIGDIR": str(folder / ".mpl")}


@pytest.mark.parametrize("user", USERS)
def test_make_site_needs_no_debian_tools_and_no_root(clone, tmp_path, user):
    env = _env(clone, tmp_path)
    assert shutil.which("dpkg", path=env["PATH"]) is None
    result = subprocess.run(
        _command(user, clone, "make", "site"), cwd=clone, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert (clone / "site" / "index.html").is_file()
    assert (clone / "site" / "en" / "conv" / "index.html").is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("user", USERS)
def test_make_serve_needs_no_debian_tools_and_no_root(clone, tmp_path, user):
    env = {**_env(clone, tmp_path), "SERVE_ADDR": f"127.0.0.1:{_free_port()}"}
    command = _command(user, clone, "make", "serve")
    server = subprocess.Popen(
        command,
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url, deadline, page = f"http://{env['SERVE_ADDR']}/en/", time.monotonic() + 240, ""
    try:
        while time.monotonic() < deadline and server.poll() is None and not page:
            try:
                page = urllib.request.urlopen(url, timeout=5).read().decode()
            except OSError:
                time.sleep(1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=60)[0].decode(errors="replace")
    assert "PyTorch Neural-Network Layers" in page, output[-3000:]


def test_make_test_stops_before_any_test_when_there_is_no_browser(clone, tmp_path):
    env = {**_env(clone, tmp_path), "DOCEXEC_CHROMIUM": str(tmp_path / "no-such-browser")}
    result = subprocess.run(
        ["make", "test"], cwd=clone, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode != 0
    assert "The browser tests need Chromium, and none was found" in result.stderr
    assert "brew install --cask chromium" in result.stderr
    assert "playwright install chromium" in result.stderr
    assert "ruff" not in result.stdout and "pytest" not in result.stdout  # nothing else ran
