"""Dictionary spelling check of the English pages' prose (docs/en/), of the `# en:` comments of
snippets and of the `en` column of snippets/*.csv, in the site's Oxford spelling.

    python tools/spell_en.py [FILE ...]    # default: docs/en/*.md, snippets/*.csv, snippets/*.py

typos (`make lint` runs it too) catches common misspellings anywhere, code included, but only
those on its list; this check catches any word that is in no dictionary, such as a slip of the
fingers ("convolutoin"). It reads the prose only: code fences, code spans, math, link targets,
HTML tags and `{ ... }` attributes are skipped; alt texts of image blocks are read. Words in
CamelCase or capitals (ReLU, LSTM), or joined to digits, dots or underscores (Conv2d, nn.Linear),
are names, not words. The site spells British English with -ize endings (Oxford spelling:
colour, centre, grey, modelling, but normalize): American forms (color, gray) and -ise forms
(normalise) are findings too. Words the dictionary lacks but the pages need (names, PyTorch
terms) go in `[tool.spell-en] words` in pyproject.toml.

Prints `file:line:col: unknown word 'x'` or `file:line:col: 'x' -> 'y' (Oxford spelling)` for each
finding and exits 1 if there is any.
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


_EN_COMMENT = re.compile(r"^\s*# en: ?(.*)$")


def comment_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of the `# en:` comments of a snippet."""
    for number, line in enumerate(text.split("\n"), 1):
        if m := _EN_COMMENT.match(line):
            yield number, _SKIP.sub(lambda m: " " * len(m.group(0)), m.group(1))


# The site writes British English with -ize endings (Oxford spelling): colour, centre, grey,
# modelling, artefact, but normalize, initialize. The dictionary accepts both sides, so each
# word is also checked against the convention.
_AMERICAN = {
    **{f"color{e}": f"colour{e}" for e in ("", "s", "ed", "ing", "map", "maps", "bar")},
    **{f"center{e}": f"centre{e}" for e in ("", "s")},
    **{f"center{e}": f"centr{e}" for e in ("ed", "ing")},
    **{f"gray{e}": f"grey{e}" for e in ("", "s", "ish", "scale")},
    **{f"behavior{e}": f"behaviour{e}" for e in ("", "s", "al")},
    **{f"neighbor{e}": f"neighbour{e}" for e in ("", "s", "ing", "hood", "hoods")},
    **{f"favor{e}": f"favour{e}" for e in ("", "s", "ed", "ite", "ites", "able")},
    "modeled": "modelled",
    "modeling": "modelling",
    "labeled": "labelled",
    "labeling": "labelling",
    **{f"artifact{e}": f"artefact{e}" for e in ("", "s")},
    **{f"analyz{e}": f"analys{e}" for e in ("e", "es", "ed", "ing")},
    "fiber": "fibre",
    "canceled": "cancelled",
    "traveled": "travelled",
}
_CITED = re.compile(r"\[[^\]]*\]\(https?://")  # the title of a work keeps its own spelling
_ISE = re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$")
_ISE_WORDS = {
    "advise",
    "arise",
    "comprise",
    "compromise",
    "concise",
    "devise",
    "exercise",
    "expertise",
    "improvise",
    "premise",
    "promise",
    "raise",
    "revise",
    "supervise",
    "surprise",
    "otherwise",
    "precise",
    "noise",
    "wise",
    "rise",
    "praise",
    "disguise",
    "enterprise",
    "merchandise",
    "despise",
    "televise",
    "excise",
    "incise",
    "poise",
}


def unconventional(word: str, checker: SpellChecker) -> str | None:
    """The site's spelling of `word` (lower case) where it spells it otherwise, else None."""
    if word in _AMERICAN:
        return _AMERICAN[word]
    ize = _ISE.sub(r"iz\1", word)
    stem = _ISE.sub("ise", word)
    if (
        ize != word
        and stem not in _ISE_WORDS
        and not stem.endswith("wise")
        and checker.known([ize])
    ):
        return ize
    return None


def check(path: Path, checker: SpellChecker, allowed: set[str]) -> list[str]:
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    text = path.read_text(encoding="utf-8")
    read = {".csv": lambda t: column_lines(t, "en"), ".py": comment_lines}
    lines = list(read.get(path.suffix, prose_lines)(text))
    hits = [
        (number, m.start() + 1, m.group(0))
        for number, line in lines
        for m in _WORD.finditer(line)
        if not is_name(m.group(0))
    ]
    # Comments in code name identifiers (eps, nn, unsqueeze) freely: only the convention there.
    words = {word.lower() for _, _, word in hits} if path.suffix != ".py" else set()
    bad = unknown(words, checker, allowed)
    raw = text.split("\n")
    findings = []
    for number, col, word in hits:
        cited = any(m.start() < col <= m.end() for m in _CITED.finditer(raw[number - 1]))
        if word.lower() in bad:
            findings.append(f"{shown}:{number}:{col}: unknown word {word!r}")
        elif not cited and (spelling := unconventional(word.lower(), checker)):
            findings.append(f"{shown}:{number}:{col}: {word!r} -> {spelling!r} (Oxford spelling)")
    return findings


def main(argv: list[str]) -> int:
    checker, allowed = SpellChecker(), allowed_words()
    paths = [Path(a).resolve() for a in argv] or [
        *sorted((ROOT / "docs" / "en").glob("*.md")),
        *sorted((ROOT / "snippets").glob("*.csv")),
        *sorted((ROOT / "snippets").glob("*.py")),
    ]
    findings = [finding for path in paths for finding in check(path, checker, allowed)]
    for finding in findings:
        print(finding)
    if findings:
        print(
            f"{len(findings)} spelling finding(s): fix the spelling (British with -ize: colour, "
            "grey, normalize), or add a real word to [tool.spell-en] words in pyproject.toml",
            file=sys.stderr,
        )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
