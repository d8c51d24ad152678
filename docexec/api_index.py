"""The API index: every torch.nn layer class by family, the sections that run it, and links
to its entry from the code of every page."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .blocks import Block
from .layers import FAMILIES, family_of, layer_classes

__all__ = [
    "MARKER",
    "Coverage",
    "Section",
    "coverage_of",
    "link_code",
    "read_descriptions",
    "render_index",
    "sections_of",
]

MARKER = "<!-- docexec: api-index -->"
"""The line of the index page that the generated index replaces."""

DOCS_URL = "https://docs.pytorch.org/docs/stable/generated/torch.nn.{name}.html"

_FAMILY_NAMES = {
    "containers": ("容器", "Containers"),
    "convolution": ("卷积层", "Convolution layers"),
    "pooling": ("池化层", "Pooling layers"),
    "padding": ("填充层", "Padding layers"),
    "activations": ("激活函数", "Non-linear activations"),
    "normalization": ("归一化层", "Normalization layers"),
    "recurrent": ("循环层", "Recurrent layers"),
    "transformer": ("Transformer 层", "Transformer layers"),
    "linear": ("线性层", "Linear layers"),
    "dropout": ("Dropout 层", "Dropout layers"),
    "sparse": ("稀疏层（嵌入）", "Sparse layers (embeddings)"),
    "distance": ("距离函数", "Distance functions"),
    "loss": ("损失函数", "Loss functions"),
    "vision": ("视觉层与通道重排", "Vision and shuffle layers"),
    "utilities": ("工具层", "Utilities"),
    "lazy": ("延后初始化的层", "Lazy modules"),
}
_WORDS = {
    "zh": {
        "summary": "本站的代码运行了 **{run} / {total}** 个 `torch.nn` 层类。",
        "runs": "运行于：",
        "none": "尚无页面运行它",
        "docs": "官方文档",
        "sep": "；",
    },
    "en": {
        "summary": "The site's code runs **{run} of the {total}** layer classes of `torch.nn`.",
        "runs": "Run in: ",
        "none": "No page runs it yet",
        "docs": "official documentation",
        "sep": "; ",
    },
}
_COUNT = "{run} / {total}"
_TITLE = re.compile(r"^(# .*?) *(\{ *#[\w.-]+ *\})\s*$", re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6}) +(.*?) *\{ *#([\w.-]+) *\}\s*$")


@dataclass(frozen=True)
class Section:
    """A section of the site: a page, a heading id, and the titles a reader sees."""

    page: str
    """The page's file name in its language folder, `conv.md`."""
    id: str | None
    """The heading id of the section, or None for the top of the page."""
    title: str
    """`page title › section title` in the page's language."""


def sections_of(markdown: str, blocks: list[Block], page: str) -> list[Section]:
    """For each block of a page, the section (nearest heading with an id above it) it is in."""
    headings: list[tuple[int, str, str]] = []  # line, id, title
    page_title = ""
    for number, line in enumerate(markdown.split("\n")):
        match = _HEADING.match(line)
        if match:
            level, title, anchor = match.groups()
            page_title = page_title or (title if level == "#" else "")
            headings.append((number, anchor, title if level != "#" else ""))
    found = []
    for block in blocks:
        above = [h for h in headings if h[0] < block.span[0]]
        anchor, title = (above[-1][1], above[-1][2]) if above else (None, "")
        shown = f"{page_title} › {title}" if title and page_title else (title or page_title)
        found.append(Section(page, anchor, shown or page))
    return found


@dataclass
class Coverage:
    """Which layer classes the site runs, and where."""

    sections: dict[str, list[Section]] = field(default_factory=dict)
    """For each class name that some page runs, the sections that run it, in site order."""

    def add(self, layers_per_block: list[list[str]], sections: list[Section]) -> None:
        """Add a page: the layer classes each of its blocks ran, and each block's section."""
        for names, section in zip(layers_per_block, sections, strict=True):
            for name in names:
                found = self.sections.setdefault(name, [])
                if section not in found:
                    found.append(section)

    @property
    def run(self) -> set[str]:
        """The layer classes that some page runs."""
        return set(self.sections) & set(layer_classes())

    def summary(self) -> str:
        """`N/M torch.nn layer classes run`, for the build log."""
        return f"{len(self.run)}/{len(layer_classes())} torch.nn layer classes run"


def read_descriptions(path: Path) -> dict[str, dict[str, str]]:
    """The one-line description of each class in each language, from a `class,zh,en` CSV.

    Raises ValueError naming the classes that lack a line or are not layer classes of torch.
    """
    with path.open(encoding="utf-8", newline="") as file:
        rows = {row["class"]: row for row in csv.DictReader(file)}
    problems = []
    if missing := sorted(set(layer_classes()) - set(rows)):
        problems.append(f"no description for {', '.join(missing)}")
    if unknown := sorted(set(rows) - set(layer_classes())):
        problems.append(f"not layer classes of this torch: {', '.join(unknown)}")
    if problems:
        raise ValueError("; ".join(problems))
    return rows


def _link(section: Section) -> str:
    target = section.page + (f"#{section.id}" if section.id else "")
    return f"[{section.title}]({target})"


def render_index(
    markdown: str, lang: str, coverage: Coverage | None, descriptions: dict[str, dict[str, str]]
) -> str:
    """The index page: `markdown` with its marker replaced by every class, grouped by family.

    With no coverage (a build that runs no code) the entries say nothing about where they run.
    """
    words = _WORDS[lang]
    classes = layer_classes()
    by_family: dict[str, list[str]] = {family: [] for family in FAMILIES}
    for name, cls in classes.items():
        by_family[family_of(cls)].append(name)
    ran = coverage.sections if coverage else {}
    lines: list[str] = []
    if coverage:
        lines += [words["summary"].format(run=len(coverage.run), total=len(classes)), ""]
    for family, members in by_family.items():
        if not members:
            continue
        count = _COUNT.format(run=sum(m in ran for m in members), total=len(members))
        title = _FAMILY_NAMES[family][0 if lang == "zh" else 1]
        lines += [f"## {title}" + (f" · {count}" if coverage else "") + f" {{ #{family} }}", ""]
        for name in members:
            docs = f"[{words['docs']}]({DOCS_URL.format(name=name)})"
            lines += [
                f"### `nn.{name}` {{ #nn.{name} }}",
                "",
                f"{descriptions[name][lang]} · {docs}" + "  ",
            ]
            if coverage:
                where = words["sep"].join(_link(s) for s in ran.get(name, []))
                lines += [f"{words['runs']}{where}" if where else words["none"]]
            lines.append("")
    if coverage:  # the title shows the count too
        total = _COUNT.format(run=len(coverage.run), total=len(classes))
        markdown = _TITLE.sub(rf"\1 · {total} \2", markdown, count=1)
    return markdown.replace(MARKER, "\n".join(lines).rstrip())


_CODE_NAME = re.compile(
    r'<span class="n">nn</span><span class="o">\.</span><span class="n">(?P<name>\w+)</span>'
)


def link_code(html: str, index_url: str) -> str:
    """`html` with each `nn.<Layer>` of its highlighted code linked to the class's entry."""
    classes = layer_classes()

    def link(match: re.Match) -> str:
        name = match.group("name")
        if name not in classes:
            return match.group(0)
        return f'<a class="docexec-api" href="{index_url}#nn.{name}">{match.group(0)}</a>'

    return _CODE_NAME.sub(link, html)


def coverage_of(pages: Iterable[tuple[str, str, list[Block], list[list[str]]]]) -> Coverage:
    """The coverage of pages given as (file name, markdown, blocks, layers of each block)."""
    coverage = Coverage()
    for page, markdown, blocks, layers in pages:
        coverage.add(layers, sections_of(markdown, blocks, page))
    return coverage
