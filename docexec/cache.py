"""Page outputs stored on disk, keyed by everything that can change them."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import tempfile
from importlib import metadata
from pathlib import Path

from .blocks import Block
from .display import Output
from .execute import PageRun
from .source import strip_comments

__all__ = ["PACKAGES", "engine_version", "environment", "fresh", "load", "page_key", "store"]

PACKAGES = ("torch", "torchvision", "numpy", "pillow", "matplotlib")
"""Packages whose version can change what a page prints or draws."""


def engine_version() -> str:
    """A digest of the engine's own source: any change to the engine renews every entry."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def environment() -> dict[str, str]:
    """Versions that can change outputs: Python, the packages, the engine (once per process)."""
    versions = {name: metadata.version(name) for name in PACKAGES}
    return {"python": platform.python_version(), "engine": engine_version(), **versions}


def page_key(blocks: list[Block]) -> str:
    """The key of a page program: its code without comments, and the environment.

    Files the code reads are checked separately, when an entry is loaded.
    """
    return _key(tuple((b.language, b.code) for b in blocks), *environment().items())


@functools.lru_cache(maxsize=1024)
def _key(program: tuple[tuple[str, str], ...], *env: tuple[str, str]) -> str:
    # Stripping comments tokenizes the code: worth doing once per program and process.
    code = [[lang, code if lang == "pycon" else strip_comments(code)] for lang, code in program]
    text = json.dumps({"env": dict(env), "program": code}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _entry(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.json"


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def load(cache_dir: Path, key: str, root: Path) -> PageRun | None:
    """The stored run for `key`, if there is one and the files it read are unchanged."""
    try:
        data = json.loads(_entry(cache_dir, key).read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        outputs = [[Output.from_json(o) for o in b] for b in data["outputs"]]
        run = PageRun(outputs, data["reads"], data["produced"], data["layers"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, unreadable or foreign entries are misses, never errors
    return run if fresh(run, root) else None


def fresh(run: PageRun, root: Path) -> bool:
    """True if every file `run` read under `root` still has the contents it read."""
    return all(_digest(root / name) == digest for name, digest in run.reads.items())


def store(cache_dir: Path, key: str, run: PageRun) -> None:
    """Store `run` under `key` atomically: readers see the whole entry or none."""
    path = _entry(cache_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "key": key,
        "reads": run.reads,
        "produced": run.produced,
        "layers": run.layers,
        "outputs": [[o.to_json() for o in block] for block in run.outputs],
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
