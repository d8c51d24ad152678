"""Tests of png.py: output images in the narrowest exact colour type, never larger, and sized."""

import io
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from docexec.png import size, smallest

OUTPUT_IMAGE = re.compile(r".+-\d+-\d+\.png")
"""File names render.py gives output images (`<page>-<block>-<k>.png`)."""


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="png")
    return buffer.getvalue()


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def _stored(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def _gradient(width: int = 300, height: int = 200) -> np.ndarray:
    """256 grey levels: too many for a smaller palette, so the narrowest type is L."""
    x = np.arange(width * height, dtype=np.uint32).reshape(height, width)
    return ((x * 7 + x // width) % 256).astype(np.uint8)


def test_opaque_grey_stored_as_rgba_becomes_l_with_the_same_pixels():
    grey = _gradient()
    rgba = np.dstack([grey, grey, grey, np.full_like(grey, 255)])
    before = _png(Image.fromarray(rgba, "RGBA"))
    after = smallest(before)
    assert _stored(before).mode == "RGBA" and _stored(after).mode == "L"
    assert len(after) < len(before)
    assert np.array_equal(_pixels(after), _pixels(before))


def test_grey_with_transparency_becomes_la_with_the_same_pixels():
    grey = _gradient()
    alpha = np.tile(np.linspace(0, 255, grey.shape[1]).astype(np.uint8), (grey.shape[0], 1))
    before = _png(Image.fromarray(np.dstack([grey, grey, grey, alpha]), "RGBA"))
    after = smallest(before)
    assert _stored(after).mode == "LA"
    assert np.array_equal(_pixels(after), _pixels(before))


def test_opaque_colour_figure_loses_its_alpha_channel_only():
    figure, axes = plt.subplots(figsize=(4, 3))
    axes.imshow(np.random.default_rng(0).random((20, 20)), cmap="viridis")
    axes.plot([0, 19], [0, 19], color="tab:red")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    before = buffer.getvalue()
    after = smallest(before)
    assert _stored(before).mode == "RGBA"
    assert _stored(after).mode in ("RGB", "P") and "transparency" not in _stored(after).info
    assert len(after) < len(before)
    assert np.array_equal(_pixels(after), _pixels(before))


def test_real_transparency_is_kept_exactly_even_in_invisible_pixels():
    rng = np.random.default_rng(1)
    rgba = rng.integers(0, 256, (120, 160, 4), dtype=np.uint8)
    rgba[:60, :, 3] = 0  # invisible, yet their colour must survive (no alpha optimization)
    before = _png(Image.fromarray(rgba, "RGBA"))
    after = smallest(before)
    assert _stored(after).mode == "RGBA"
    assert np.array_equal(_pixels(after), rgba)


def test_an_image_that_cannot_shrink_keeps_its_bytes():
    once = smallest(_png(Image.fromarray(_gradient(), "L")))
    assert smallest(once) == once


def test_size_comes_from_the_header():
    assert size(_png(Image.new("L", (7, 3)))) == (7, 3)
    with pytest.raises(ValueError):
        size(b"GIF89a")


def _narrowest(image: Image.Image) -> bool:
    """True if no colour type with fewer channels holds the image's pixels exactly."""
    pixels = np.asarray(image.convert("RGBA"))
    opaque = bool((pixels[..., 3] == 255).all())
    grey = bool(
        (pixels[..., 0] == pixels[..., 1]).all() and (pixels[..., 1] == pixels[..., 2]).all()
    )
    has_alpha = "A" in image.mode or "transparency" in image.info
    return not (opaque and has_alpha) and not (grey and image.mode in ("RGB", "RGBA"))


def test_every_output_image_of_the_site_is_in_its_narrowest_colour_type(site):
    images = [p for p in site.rglob("*.png") if OUTPUT_IMAGE.fullmatch(p.name)]
    assert len(images) > 20  # the site's pages show dozens of images
    wide = [str(p.relative_to(site)) for p in images if not _narrowest(Image.open(p))]
    assert wide == []
