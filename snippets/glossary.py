# The glossary: one list of terms (glossary.csv), shown as the same table on both pages.
# Run it from the repository root: python snippets/glossary.py

# --8<-- [start:table]
import csv
from pathlib import Path

# zh: 每行一个术语：中文、英文、讲解它的那一节（两种语言的页面用同一个锚点）
# en: one term per row: Chinese, English, and the section that teaches it
# en: (pages in both languages share their anchors)
with Path("snippets/glossary.csv").open(encoding="utf-8") as file:
    terms = list(csv.DictReader(file))


class Glossary:
    """Shows itself as a Markdown table, which the build puts in the page as it is."""

    def __init__(self, terms):
        self.terms = sorted(terms, key=lambda term: term["en"].lower())

    def _repr_markdown_(self):
        rows = [f"| {t['zh']} | [{t['en']}]({t['section']}) |" for t in self.terms]
        return "\n".join(["| 中文 | English |", "|---|---|", *rows])


assert len({t["zh"] for t in terms}) == len({t["en"] for t in terms}) == len(terms)
Glossary(terms)
# --8<-- [end:table]
