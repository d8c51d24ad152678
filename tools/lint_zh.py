"""Chinese copywriting check of docs/zh/ and of the `# zh:` comments of snippets/: spacing
between CJK and Latin text, full-width punctuation in Chinese sentences (AutoCorrect,
configured by .autocorrectrc).

    python tools/lint_zh.py [FILE ...]     # default: docs/zh/*.md and snippets/*.py

Prints `file:line:col: text -> suggestion` for each finding and exits 1 if there is any.
Code spans, code fences (include lines and outputs), inline math and `{ #id }` attributes are
left alone by AutoCorrect's Markdown grammar; display math is blanked here, and the bodies of
admonitions and content tabs are dedented so that they are checked as prose, not as code.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import autocorrect_py

ROOT = Path(__file__).resolve().parent.parent
_CONTAINER = re.compile(r"^(!!!|\?\?\?\+?|===)\s")
_FENCE = re.compile(r"^(`{3,}|~{3,})")


def prose(text: str) -> tuple[str, list[int]]:
    """The page with the same line numbers, as plain Markdown that AutoCorrect reads right,
    and for each line the number of leading spaces removed from it.

    Admonition (`!!!`, `???`) and content-tab (`===`) bodies are indented by four spaces, which
    plain Markdown takes for a code block: they lose one indent per enclosing container.
    Display math (`$$` ... `$$`) becomes blank lines.
    """
    out: list[str] = []
    removed: list[int] = []
    openers: list[int] = []  # indentation of each enclosing container's opening line
    fence: str | None = None
    math = False
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped and fence is None:
            while openers and indent < openers[-1] + 4:
                openers.pop()
        body = line[4 * len(openers) :] if stripped else ""
        removed.append(len(line) - len(body) if stripped else 0)
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            out.append(body)
            continue
        if math:  # inside display math: blank, up to the closing `$$`
            math = not stripped.rstrip().endswith("$$")
            out.append("")
            continue
        if stripped.startswith("$$"):  # `$$` alone opens display math; `$$...$$` is whole
            math = not stripped[2:].rstrip().endswith("$$")
            out.append("")
            continue
        if m := _FENCE.match(stripped):
            fence = m.group(1)
        elif _CONTAINER.match(stripped):
            openers.append(indent)
        out.append(body)
    return "\n".join(out), removed


TERMS = {
    # Simplified Chinese set horizontally quotes with “” (GB/T 15834, as 《动手学深度学习》 does).
    "「": "“",
    "」": "”",
    # One term for each idea, as 《动手学深度学习》 has it.
    "autograd": "自动求导",
    "线性整流单元": "修正线性单元",
    "登记": "注册",
    "懒初始化": "延后初始化",
}
"""Words and marks the Chinese text never uses, and what it uses instead."""
_TERM = re.compile("|".join(map(re.escape, TERMS)))
# Code, link targets and an English gloss in brackets, 自动求导（autograd）, are not the text.
_NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)]*\)|https?://\S+|（[\x20-\x7e]+）")
_ZH_COMMENT = re.compile(r"^(\s*# zh: ?)(.*)$")


def comments(text: str) -> tuple[str, list[int]]:
    """The `# zh:` comments of a snippet as lines of prose (other lines blank), and the width
    of the `# zh: ` prefix removed from each line."""
    matches = [_ZH_COMMENT.match(line) for line in text.split("\n")]
    return (
        "\n".join(m.group(2) if m else "" for m in matches),
        [len(m.group(1)) if m else 0 for m in matches],
    )


def zh_column(text: str) -> tuple[str, list[int]]:
    """The `zh` column of a CSV file whose rows are one line each, as lines of prose (the
    header blank), and the width of what precedes the column on each line."""
    lines = text.split("\n")
    column = next(csv.reader(lines[:1])).index("zh")
    out, removed = [""], [0]
    for line in lines[1:]:
        row = next(csv.reader([line]), [])
        cell = row[column] if len(row) > column else ""
        out.append(cell)
        removed.append(max(line.find(cell), 0))
    return "\n".join(out), removed


def lint(path: Path) -> list[str]:
    """`file:line:col: old -> new` for each finding in one page, snippet or CSV file."""
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    source = path.read_text(encoding="utf-8")
    read = {".py": comments, ".csv": zh_column}.get(path.suffix, prose)
    text, removed = read(source)
    result = autocorrect_py.lint_for(text, str(path.with_suffix(".md")))
    findings = [
        f"{shown}:{r.line}:{r.col + removed[r.line - 1]}: {r.old!r} -> {r.new!r}"
        for r in result.lines
    ]
    for number, line in enumerate(text.split("\n"), 1):
        prose_only = _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), line)
        for m in _TERM.finditer(prose_only):
            column = m.start() + 1 + removed[number - 1]
            findings.append(f"{shown}:{number}:{column}: {m.group(0)!r} -> {TERMS[m.group(0)]!r}")
    return findings


def main(argv: list[str]) -> int:
    autocorrect_py.load_config((ROOT / ".autocorrectrc").read_text(encoding="utf-8"))
    paths = [Path(a).resolve() for a in argv] or [
        *sorted((ROOT / "docs" / "zh").glob("*.md")),
        *sorted((ROOT / "snippets").glob("*.py")),
        *sorted((ROOT / "snippets").glob("*.csv")),
    ]
    findings = [finding for path in paths for finding in lint(path)]
    for finding in findings:
        print(finding)
    if findings:
        print(
            f"{len(findings)} Chinese copywriting finding(s): add a space between Chinese and "
            "Latin text, use full-width punctuation in Chinese sentences (see .autocorrectrc), "
            "quote with “”, use the site's terms (TERMS in tools/lint_zh.py)",
            file=sys.stderr,
        )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
