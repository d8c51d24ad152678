"""Write a page's Markdown with its code shown in the page's language and its outputs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Block
from .display import Output
from .png import size

__all__ = ["OUTPUT_CLASS", "Rendered", "render"]

OUTPUT_CLASS = "docexec-output"
"""CSS class of output blocks, so the theme styles them apart from code."""

_WORDS = {
    "zh": {
        "image": "代码输出的图像",
        "cut": "输出过长，已截去 {n:,} 个字符",
        "notebook": "下载 Notebook",
        "script": "下载 Python 脚本",
        "produced": "本页的输出于 {date} 由 Python {python}、torch {torch}、"
        "torchvision {torchvision} 生成。",
    },
    "en": {
        "image": "Image produced by the code above",
        "cut": "output too long: {n:,} characters cut",
        "notebook": "Download notebook",
        "script": "Download Python script",
        "produced": "The outputs on this page were produced on {date} with Python {python}, "
        "torch {torch} and torchvision {torchvision}.",
    },
}
_OWN_ATTRS = re.compile(r'\s*\b(alt|show)="[^"]*"')


@dataclass
class Rendered:
    """A page's Markdown with outputs, and the images it links to."""

    markdown: str
    images: dict[str, bytes]
    """Image file names (relative to the page) and their PNG bytes."""


def _fence(body: str, info: str, indent: str) -> list[str]:
    """A fenced block whose fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{indent}{fence}{info}", *(indent + line for line in body.split("\n")), indent + fence]


def _outputs(outputs: list[Output], block: Block, number: int, stem: str, lang: str, eager: bool):
    lines: list[str] = []
    images: dict[str, bytes] = {}
    text: list[str] = []
    words = _WORDS.get(lang, _WORDS["en"])

    def flush() -> None:
        if text:
            lines.extend(
                [
                    "",
                    *_fence(
                        "\n".join(text), f" {{ .text .no-copy .{OUTPUT_CLASS} }}", block.indent
                    ),
                ]
            )
            text.clear()

    for output in outputs:
        if output.markdown:
            flush()
            lines.extend(["", *(block.indent + line for line in output.markdown.split("\n"))])
        elif output.is_image:
            flush()
            name = f"{stem}-{number}-{len(images) + 1}.png"
            images[name] = output.png
            alt = block.attrs.get("alt", words["image"])
            alt += f" ({len(images)})" if len(images) > 1 else ""
            # Its size reserves its place before it loads, so the text below does not jump.
            width, height = size(output.png)
            attrs = f'.{OUTPUT_CLASS}-image width="{width}" height="{height}"'
            if not (eager and len(images) == 1):
                attrs += ' loading="lazy"'
            # The image links to itself, so a reader can open it at full size.
            image = f"![{alt}]({name}){{ {attrs} }}"
            lines.extend(["", f"{block.indent}[{image}]({name})"])
        else:
            text.append(output.text.rstrip("\n"))
            if output.cut:
                text.append(f"[… {words['cut'].format(n=output.cut)}]")
    flush()
    return lines, images


def _first_pictured(blocks: list[Block], outputs: list[list[Output]]) -> int | None:
    """The number of the first block that shows an image, if any does."""
    for number, (block, shown) in enumerate(zip(blocks, outputs, strict=True), 1):
        if block.language == "python" and any(o.is_image for o in shown):
            return number
    return None


def render(
    markdown: str, blocks: list[Block], outputs: list[list[Output]] | None, lang: str, stem: str
) -> Rendered:
    """Replace each block of `markdown` by its code for `lang` and, unless None, its outputs.

    Image `k` of block `n` is named `<stem>-<n>-<k>.png` and carries its width and height.
    Every image but the page's first loads lazily: the first may be in view when the page
    opens (and be its largest paint, which a lazy load would delay); the others follow
    prose and code, so are mostly below the fold. A block with `show="output"` in its info
    string shows its outputs only.
    """
    lines = markdown.split("\n")
    images: dict[str, bytes] = {}
    first_image = _first_pictured(blocks, outputs) if outputs is not None else None
    for number in range(len(blocks), 0, -1):
        block = blocks[number - 1]
        info = _OWN_ATTRS.sub("", block.info).strip()
        new = _fence(block.shown(lang), f"{block.language} {info}".rstrip(), block.indent)
        if block.attrs.get("show") == "output" and outputs is not None:
            new = []
        if outputs is not None and block.language == "python":
            eager = number == first_image
            shown, block_images = _outputs(outputs[number - 1], block, number, stem, lang, eager)
            new += shown
            images.update(block_images)
        start, end = block.span
        lines[start:end] = new
    return Rendered("\n".join(lines), images)


def with_downloads(markdown: str, notebook: str, script: str, lang: str) -> str:
    """The page with buttons to download its notebook and script under its first heading."""
    words = _WORDS.get(lang, _WORDS["en"])
    buttons = (
        f'[{words["notebook"]}]({notebook}){{ .md-button download="{notebook}" }} '
        f'[{words["script"]}]({script}){{ .md-button download="{script}" }}'
    )
    lines = markdown.split("\n")
    at = next((k + 1 for k, line in enumerate(lines) if line.startswith("# ")), 0)
    lines[at:at] = ["", buttons, "{ .docexec-downloads }", ""]
    return "\n".join(lines)


def with_provenance(markdown: str, produced: dict[str, str], lang: str) -> str:
    """The page with a closing line saying when and with what its outputs were produced."""
    words = _WORDS.get(lang, _WORDS["en"])
    line = words["produced"].format(**produced)
    return f"{markdown.rstrip()}\n\n---\n\n{line}\n{{ .docexec-provenance }}\n"
