"""The nav is a learning order: no page runs a layer before the page that teaches it.

What each page runs comes from the built API index, which is recorded from execution.
"""

import re

import pytest
from torch import nn

from docexec.layers import family_of, layer_classes

from .conftest import ROOT
from .test_site import index_entries

TEACHES = {
    "containers": ["containers"],
    "convolution": ["conv", "conv-more"],
    "pooling": ["pooling", "pooling-more"],
    "padding": ["padding"],
    "activations": ["activation", "activation-more"],
    "normalization": ["normalization", "normalization-more"],
    "recurrent": ["recurrent", "recurrent-more"],
    "transformer": ["transformer"],
    "linear": ["linear"],
    "dropout": ["dropout"],
    "sparse": ["embedding"],
    "distance": ["distance"],
    "loss": ["loss", "loss-regression", "loss-ranking"],
    "vision": ["resampling"],
    "utilities": ["reshape"],
}
"""The pages that teach each family of `layers.FAMILIES` (a lazy class: its eager class's)."""
TAUGHT_ELSEWHERE = {"MultiheadAttention": ["attention"], "Identity": ["reshape"]}
"""Classes that torch files in one family and the site teaches with another."""

EARLY = {
    ("index", "Conv2d"): "the home page shows what a layer does with a first small network",
    ("index", "BatchNorm2d"): "the same small network",
    ("index", "ReLU"): "the same small network",
    ("linear", "Conv2d"): "the batch-dimension section contrasts layers that take one sample",
    ("linear", "MaxPool2d"): "the same contrast",
    ("linear", "BatchNorm1d"): "the same contrast: a layer that refuses one sample",
    ("activation", "Conv2d"): "in-place ReLU is shown where ResNet uses it, after conv and BN",
    ("activation", "BatchNorm2d"): "the same ResNet stem",
    ("activation-more", "Conv1d"): "GLU is shown where it is used, in a gated convolution",
    ("containers", "Conv2d"): "a container is shown holding the layers of a real network",
    ("containers", "BatchNorm1d"): "train() and eval() are shown on the layers they change",
    ("containers", "BatchNorm2d"): "the same real network",
    ("containers", "Dropout"): "train() and eval() are shown on the layers they change",
    ("*", "Sequential"): "examples chain layers in order before the containers page explains it",
}
"""(page, class) pairs allowed to come before the page that teaches the class, and why."""


def nav() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.findall(r"^  - ([\w-]+)\.md$", text, re.MULTILINE)


def runs_by_page(site) -> dict[str, set[str]]:
    """The layer classes each page runs, from the API index's run-in links."""
    runs: dict[str, set[str]] = {}
    for name, hrefs in index_entries(site, "zh").items():
        for href in hrefs:
            page = href.removeprefix("../").split("#")[0].rstrip("/") or "index"
            runs.setdefault(page, set()).add(name)
    return runs


def teachers(name: str) -> list[str]:
    if name in TAUGHT_ELSEWHERE:
        return TAUGHT_ELSEWHERE[name]
    cls = layer_classes()[name]
    if family_of(cls) == "lazy":
        cls = getattr(nn, name.removeprefix("Lazy"))
    return TEACHES[family_of(cls)]


def order_problems(order: list[str], runs: dict[str, set[str]], allowed=EARLY) -> list[str]:
    """Each page that runs a layer before the first page that teaches it (and runs it)."""
    position = {page: k for k, page in enumerate(order)}
    problems = []
    for page in order:
        for name in sorted(runs.get(page, ())):
            taught = [p for p in teachers(name) if name in runs.get(p, ()) and p in position]
            if not taught:
                problems.append(f"nn.{name}: none of {teachers(name)} runs it")
                continue
            first = min(taught, key=position.__getitem__)
            early = (page, name) in allowed or ("*", name) in allowed
            if position[first] > position[page] and not early:
                problems.append(f"{page}.md runs nn.{name} before {first}.md teaches it")
    return problems


def test_the_nav_never_runs_a_layer_before_its_page(site):
    problems = order_problems(nav(), runs_by_page(site))
    assert not problems, "\n".join(problems)


def test_moving_a_page_before_what_it_needs_is_caught(site):
    order = nav()
    order.remove("capstone")
    problems = order_problems(["capstone", *order], runs_by_page(site))
    assert "capstone.md runs nn.Flatten before reshape.md teaches it" in problems


@pytest.mark.parametrize("pair", sorted(EARLY), ids="/".join)
def test_every_exception_is_still_needed(site, pair):
    allowed = {k: v for k, v in EARLY.items() if k != pair}
    problems = order_problems(nav(), runs_by_page(site), allowed)
    assert any(f"runs nn.{pair[1]} before" in p for p in problems), f"{pair}: drop it from EARLY"
