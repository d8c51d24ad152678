"""The layer classes of torch.nn, their families, and which of them page code instantiates."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from types import FrameType

__all__ = ["EXCLUDED", "FAMILIES", "LayerRecorder", "family_of", "layer_classes", "nearest_layer"]

EXCLUDED = {
    "Module": "the base class of every layer, not a layer",
    "Container": "a deprecated base class",
    "RNNBase": "the abstract base of RNN, LSTM and GRU",
    "RNNCellBase": "the abstract base of the recurrent cells",
    "DataParallel": "a multi-GPU wrapper around a model, not a layer",
}
"""Module classes of `torch.nn` that are not layers a page could teach, and why."""

FAMILIES = {
    "containers": ("container",),
    "convolution": ("conv",),
    "pooling": ("pooling",),
    "padding": ("padding",),
    "activations": ("activation",),
    "normalization": ("batchnorm", "instancenorm", "normalization"),
    "recurrent": ("rnn",),
    "transformer": ("transformer",),
    "linear": ("linear",),
    "dropout": ("dropout",),
    "sparse": ("sparse",),
    "distance": ("distance",),
    "loss": ("loss", "adaptive"),
    "vision": ("pixelshuffle", "upsampling", "channelshuffle"),
    "utilities": ("flatten", "fold"),
    "lazy": (),
}
"""The families of the official `torch.nn` reference, in its order, and the submodules of
`torch.nn.modules` whose classes each holds. Lazy classes form their own family."""


@functools.cache
def layer_classes() -> dict[str, type]:
    """Every public layer class of the installed `torch.nn`, by name, sorted."""
    from torch import nn

    found = {
        name: value
        for name, value in vars(nn).items()
        if not name.startswith("_")
        and isinstance(value, type)
        and issubclass(value, nn.Module)
        and name not in EXCLUDED
    }
    return dict(sorted(found.items()))


def family_of(cls: type) -> str:
    """The family of a layer class: `lazy` for lazy classes, else by its torch submodule."""
    from torch.nn.modules.lazy import LazyModuleMixin

    if issubclass(cls, LazyModuleMixin):
        return "lazy"
    submodule = cls.__module__.rsplit(".", 1)[-1]
    for family, submodules in FAMILIES.items():
        if submodule in submodules:
            return family
    raise LookupError(f"nn.{cls.__name__}: torch.nn.modules.{submodule} is in no family")


@functools.cache
def nearest_layer(cls: type) -> str | None:
    """The name of the `torch.nn` layer class `cls` is or derives from most closely."""
    layers = {c: name for name, c in layer_classes().items()}
    return next((layers[c] for c in cls.__mro__ if c in layers), None)


def _constructor_caller(frame: FrameType | None, obj: object) -> FrameType | None:
    """The frame that asked for `obj`, above the `__init__` chain (super() calls) building it."""
    while frame and frame.f_code.co_name == "__init__" and frame.f_locals.get("self") is obj:
        frame = frame.f_back
    return frame


class LayerRecorder:
    """Records which `torch.nn` layer classes page code instantiates, block by block.

    A layer counts when page code constructs it: directly, in a function or class of the
    page, or through a class-method factory such as `nn.Embedding.from_pretrained`. Layers
    that other layers or libraries build inside themselves (the `Linear` inside
    `MultiheadAttention`, the convolutions of a torchvision model) do not count. A subclass
    counts as its nearest `torch.nn` class.
    """

    def __init__(self, block_of: Callable[[str], int | None]):
        self.block_of = block_of
        """Maps a code object's file name to the index of the page block it belongs to."""
        self.found: dict[int, set[str]] = {}

    def _page_block(self, frame: FrameType | None, obj: object) -> int | None:
        caller = _constructor_caller(frame, obj)
        if caller is None:
            return None
        index = self.block_of(caller.f_code.co_filename)
        factory = caller.f_locals.get("cls")
        if index is None and isinstance(factory, type) and isinstance(obj, factory):
            caller = caller.f_back  # a class method built it: who called that?
            index = self.block_of(caller.f_code.co_filename) if caller else None
        return index

    def _seen(self, obj: object, frame: FrameType | None) -> None:
        index = self._page_block(frame, obj)
        name = nearest_layer(type(obj)) if index is not None else None
        if name:
            self.found.setdefault(index, set()).add(name)

    @contextlib.contextmanager
    def recording(self) -> Iterator[LayerRecorder]:
        """Watch `nn.Module.__init__` for the duration of the block."""
        from torch import nn

        original = nn.Module.__init__
        seen = self._seen

        @functools.wraps(original)
        def init(module: nn.Module, *args: object, **kwargs: object) -> None:
            original(module, *args, **kwargs)
            seen(module, sys._getframe(1))

        nn.Module.__init__ = init
        try:
            yield self
        finally:
            nn.Module.__init__ = original

    def per_block(self, count: int) -> list[list[str]]:
        """For each of `count` blocks, the sorted names of the layer classes it ran."""
        return [sorted(self.found.get(index, ())) for index in range(count)]
