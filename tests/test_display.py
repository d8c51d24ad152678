"""Tests of display.py: what a block's last value becomes."""

import io

import matplotlib.pyplot as plt
import numpy as np
import torch
from PIL import Image

from docexec.display import MAX_TEXT, Output, displayed, open_figures, text_output

PNG = b"\x89PNG"


def test_pil_image_becomes_png():
    out = displayed(Image.new("L", (4, 3)))
    assert out.is_image and out.png.startswith(PNG)
    assert Image.open(io.BytesIO(out.png)).size == (4, 3)


def test_images_are_stored_small_with_the_same_pixels():
    grey = np.arange(256 * 64, dtype=np.uint8).reshape(64, 256)
    image = Image.fromarray(np.dstack([grey, grey, grey, np.full_like(grey, 255)]), "RGBA")
    stored = Image.open(io.BytesIO(displayed(image).png))
    assert stored.mode == "L"  # opaque and grey: one channel holds it
    assert np.array_equal(np.asarray(stored.convert("RGBA")), np.asarray(image))


def test_figures_are_stored_without_an_alpha_channel_they_do_not_use():
    plt.plot([1, 2], color="tab:red")
    (image,) = open_figures()
    stored = Image.open(io.BytesIO(image.png))
    assert stored.mode in ("RGB", "P") and "transparency" not in stored.info


def test_figure_becomes_png_and_is_closed():
    figure = plt.figure()
    out = displayed(figure)
    assert out.png.startswith(PNG)
    assert figure.number not in plt.get_fignums()


def test_other_values_show_their_repr():
    out = displayed(torch.tensor([1.0], requires_grad=True) * 2)
    assert out.text == "tensor([2.], grad_fn=<MulBackward0>)" and not out.is_image
    assert displayed(None) is None


def test_open_pyplot_figures_are_collected():
    plt.plot([1, 2])
    images = open_figures()
    assert len(images) == 1 and images[0].png.startswith(PNG)
    assert plt.get_fignums() == []


def test_long_text_is_cut_and_says_how_much():
    out = text_output("x" * (MAX_TEXT + 5))
    assert len(out.text) == MAX_TEXT and out.cut == 5


def test_json_round_trip():
    out = Output(text="t", png=PNG, cut=3)
    assert Output.from_json(out.to_json()) == out


def test_values_with_a_markdown_repr_become_markdown():
    class Table:
        def _repr_markdown_(self):
            return "| a |\n|---|"

    assert displayed(Table()) == Output(markdown="| a |\n|---|")
    assert displayed(Table).text.startswith("<class")
