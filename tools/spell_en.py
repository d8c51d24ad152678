"""Dictionary spelling check of the English pages' prose (docs/en/).

    python tools/spell_en.py [FILE.md ...]    # default: docs/en/*.md

typos (`make lint` runs it too) catches common misspellings anywhere, code included, but only
those on its list; this check catches any word that is in no dictionary, such as a slip of the
fingers ("convolutoin"). It reads the prose only: code fences, code spans, math, link targets,
HTML tags and `{ ... }` attributes are skipped; alt texts of image blocks are read. Words in
CamelCase or capitals (ReLU, LSTM), or joined to digits, dots or underscores (Conv2d, nn.Linear),
are names, not words. British spellings (centre, optimised) are accepted. Words the dictionary
lacks but the pages need (names, PyTorch terms) go in `[tool.spell-en] words` in pyproject.toml.

Prints `file:line:col: unknown word 'x'` for each finding and exits 1 if there is any.
"""

from __future__ import annotations

import csv
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

from spellchecker import SpellChecker

ROOT = Path(__file__).resolve().parent.parent
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_ATTR_TEXT = re.compile(r'\b(?:alt|title)="([^"]*)"')
_SKIP = re.compile(
    r"(`+).*?\1"  # code spans
    r"|\$[^$]+\$"  # inline math
    r"|\]\([^)]*\)"  # link targets
    r"|^\s*\[[^\]]+\]:\s*\S+"  # link reference definitions
    r"|\[\^[^\]]*\]"  # footnote references
    r"|<[^>\n]*>"  # HTML tags and autolinks
    r"|\{[^}\n]*\}"  # attribute lists: { #id }, { width=300 }
    r"|https?://\S+"  # bare URLs
)
_WORD = re.compile(r"(?<![\w.'\u2019])[A-Za-z]+(?:['\u2019][A-Za-z]+)?(?![\w])")
# British spelling → American, for the dictionary's sake: centred → centered, optimised → optimized.
_BRITISH = [
    (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"),  # spellchecker:disable-line
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"our"), "or"),
    (re.compile(r"tre(s?)$"), r"ter\1"),  # spellchecker:disable-line
    (re.compile(r"tr(ed|ing)$"), r"ter\1"),
    (re.compile(r"ll(ed|ing|er)$"), r"l\1"),
    (re.compile(r"ogue$"), "og"),
    (re.compile(r"ence$"), "ense"),
]


def allowed_words() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {w.lower() for w in config["tool"]["spell-en"]["words"]}


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, prose) for each line, with everything that is not prose blanked."""
    fence, math = None, False
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            continue
        if m := _FENCE.match(line):
            fence = m.group(1)
            yield number, " ".join(_ATTR_TEXT.findall(m.group(2)))
            continue
        if math or stripped.startswith("$$"):
            rest = stripped if math else stripped[2:]
            math = not rest.endswith("$$")
            continue
        yield number, _SKIP.sub(lambda m: " " * len(m.group(0)), line)


def is_name(word: str) -> bool:
    """CamelCase, capitals and single letters are names or symbols, not words."""
    return len(word) < 2 or not re.fullmatch(r"[A-Z]?[a-z]+(?:['\u2019][a-z]+)?", word)


def unknown(words: set[str], checker: SpellChecker, allowed: set[str]) -> set[str]:
    """The words (lower case) that neither the dictionary nor the allow-list knows."""
    found = set()
    for word in words:
        base = re.sub(r"['\u2019]s$", "", word)
        candidates = {word, base} | {british.sub(us, base) for british, us in _BRITISH}
        plural_of = {c[:-1] for c in candidates if c.endswith("s")}  # logits: logit allowed
        if not (candidates | plural_of) & allowed and not checker.known(candidates):
            found.add(word)
    return found


def column_lines(text: str, column: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of one column of a CSV file whose rows are one line each."""
    rows = csv.reader(text.split("\n"))
    header = next(rows)
    for number, row in enumerate(rows, 2):
        if len(row) == len(header):
            yield number, row[header.index(column)]


def check(path: Path, checker: SpellChecker, allowed: set[str]) -> list[str]:
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    text = path.read_text(encoding="utf-8")
    lines = column_lines(text, "en") if path.suffix == ".csv" else prose_lines(text)
    hits = [
        (number, m.start() + 1, m.group(0))
        for number, line in lines
        for m in _WORD.finditer(line)
        if not is_name(m.group(0))
    ]
    bad = unknown({word.lower() for _, _, word in hits}, checker, allowed)
    return [
        f"{shown}:{number}:{col}: unknown word {word!r}"
        for number, col, word in hits
        if word.lower() in bad
    ]


def main(argv: list[str]) -> int:
    checker, allowed = SpellChecker(), allowed_words()
    paths = [Path(a).resolve() for a in argv] or [
        *sorted((ROOT / "docs" / "en").glob("*.md")),
        *sorted((ROOT / "snippets").glob("*.csv")),
    ]
    findings = [finding for path in paths for finding in check(path, checker, allowed)]
    for finding in findings:
        print(finding)
    if findings:
        print(
            f"{len(findings)} unknown word(s): fix the spelling, or add a real word to "
            "[tool.spell-en] words in pyproject.toml",
            file=sys.stderr,
        )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
