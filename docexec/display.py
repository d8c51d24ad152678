"""Turn what a block produced into outputs: text, or small PNG images for pictures and plots."""

from __future__ import annotations

import base64
import io
import os
from dataclasses import dataclass, field
from typing import Any

from .png import smallest

os.environ.setdefault("MPLBACKEND", "Agg")  # no window: figures are only ever saved

__all__ = ["MAX_TEXT", "Output", "displayed", "open_figures", "text_output"]

MAX_TEXT = 20_000
"""Characters of text kept per output; the rest is cut, and the page says how much."""


@dataclass
class Output:
    """One thing a block showed: text (printed or a value's repr) or a PNG image."""

    text: str = ""
    """Printed text or a repr; empty for images."""
    png: bytes = b""
    """PNG bytes of an image; empty for text."""
    cut: int = field(default=0)
    """How many characters of text were cut because the output was too long."""
    markdown: str = ""
    """Markdown to put in the page as it is, from a value's `_repr_markdown_()`."""

    @property
    def is_image(self) -> bool:
        return bool(self.png)

    def to_json(self) -> dict[str, Any]:
        png = base64.b64encode(self.png).decode()
        return {"text": self.text, "png": png, "cut": self.cut, "markdown": self.markdown}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Output:
        return cls(data["text"], base64.b64decode(data["png"]), data["cut"], data["markdown"])


def text_output(text: str) -> Output:
    """A text output, cut to `MAX_TEXT` characters."""
    if len(text) <= MAX_TEXT:
        return Output(text=text)
    return Output(text=text[:MAX_TEXT], cut=len(text) - MAX_TEXT)


def _figure_png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return smallest(buffer.getvalue())


def displayed(value: Any) -> Output | None:
    """How a block's trailing expression is shown, as Jupyter would; None shows nothing."""
    if value is None:
        return None
    if not isinstance(value, type) and hasattr(value, "_repr_markdown_"):
        return Output(markdown=value._repr_markdown_())
    from matplotlib.figure import Figure
    from PIL import Image

    if isinstance(value, Image.Image):
        buffer = io.BytesIO()
        value.save(buffer, format="png")
        return Output(png=smallest(buffer.getvalue()))
    if isinstance(value, Figure):
        import matplotlib.pyplot as plt

        png = _figure_png(value)
        plt.close(value)
        return Output(png=png)
    return text_output(repr(value))


def open_figures() -> list[Output]:
    """The pyplot figures a block left open, as images, closing them."""
    import sys

    if "matplotlib.pyplot" not in sys.modules:
        return []
    import matplotlib.pyplot as plt

    images = [Output(png=_figure_png(plt.figure(n))) for n in plt.get_fignums()]
    plt.close("all")
    return images
