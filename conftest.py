"""Sybil collects every python and pycon fence under docs/ and runs it through the engine."""

from pathlib import Path

import pytest

from docexec.sybil_plugin import docs_sybil

pytest_collect_file = docs_sybil(Path(__file__).parent).pytest()


def pytest_collection_modifyitems(items: list) -> None:
    """With pytest-xdist, the blocks of a topic's two pages go to one worker, which runs
    their shared program once."""
    for item in items:
        path = Path(item.path)
        if path.suffix == ".md" and path.parent.parent.name == "docs":
            item.add_marker(pytest.mark.xdist_group(path.stem))
