"""Which files under the project root a page's code opens, so the cache sees them change."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

__all__ = ["FileReads"]


class FileReads:
    """Records, while active, the files under a root that Python code opens (an audit hook)."""

    _active: FileReads | None = None
    _installed = False

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.ignored = [self.root / ".venv", self.root / ".cache"]
        self.paths: set[Path] = set()

    def __enter__(self) -> FileReads:
        if not FileReads._installed:  # audit hooks cannot be removed: install one, once
            sys.addaudithook(FileReads._hook)
            FileReads._installed = True
        FileReads._active = self
        return self

    def __exit__(self, *exc: object) -> None:
        FileReads._active = None

    @staticmethod
    def _hook(event: str, args: tuple) -> None:
        recorder = FileReads._active
        if event != "open" or recorder is None or not isinstance(args[0], (str, Path)):
            return
        path = (recorder.root / args[0]).resolve()
        if path.is_relative_to(recorder.root) and not any(
            path.is_relative_to(ignored) for ignored in recorder.ignored
        ):
            recorder.paths.add(path)

    def digests(self) -> dict[str, str]:
        """Each recorded file, relative to the root, with the SHA-256 of its contents."""
        return {
            p.relative_to(self.root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.paths)
            if p.is_file()
        }
