"""Sybil collects every python and pycon fence under docs/ and runs it through the engine."""

from pathlib import Path

from docexec.sybil_plugin import docs_sybil

pytest_collect_file = docs_sybil(Path(__file__).parent).pytest()
