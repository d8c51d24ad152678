"""Tests of layers.py: which torch.nn classes exist, their families, what page code runs."""

import pytest
import torch
from torch import nn

from docexec.execute import run_page
from docexec.layers import EXCLUDED, FAMILIES, family_of, layer_classes, nearest_layer


def test_layer_classes_are_torchs_public_module_classes_but_the_bases():
    classes = layer_classes()
    assert {"Conv2d", "MultiheadAttention", "PixelShuffle", "NLLLoss2d"} <= set(classes)
    assert not set(EXCLUDED) & set(classes)
    assert all(issubclass(c, nn.Module) and getattr(nn, n) is c for n, c in classes.items())
    assert list(classes) == sorted(classes)


def test_every_layer_class_has_a_family():
    assert {family_of(c) for c in layer_classes().values()} == set(FAMILIES)
    assert family_of(nn.Conv2d) == "convolution"
    assert family_of(nn.LazyConv2d) == "lazy"
    assert family_of(nn.AdaptiveLogSoftmaxWithLoss) == "loss"


def test_a_subclass_counts_as_its_nearest_torch_class():
    class Sharper(nn.Conv2d):
        pass

    class Net(nn.Module):
        pass

    assert nearest_layer(Sharper) == "Conv2d"
    assert nearest_layer(nn.Conv2d) == "Conv2d"
    assert nearest_layer(Net) is None


def layers_of(blocks_of, tmp_path, markdown):
    return run_page(blocks_of(markdown), tmp_path).layers


def test_layers_are_recorded_per_block(blocks_of, tmp_path):
    layers = layers_of(
        blocks_of,
        tmp_path,
        """
        ```python
        from torch import nn
        ```

        ```python
        nn.Sequential(nn.Linear(2, 3), nn.ReLU())
        ```

        ```python
        def make():
            return nn.GELU()

        class Sharper(nn.Conv2d):
            pass

        make(), Sharper(1, 1, 3)
        ```
        """,
    )
    assert layers == [[], ["Linear", "ReLU", "Sequential"], ["Conv2d", "GELU"]]


def test_layers_built_inside_other_layers_or_libraries_do_not_count(blocks_of, tmp_path):
    layers = layers_of(
        blocks_of,
        tmp_path,
        """
        ```python
        from torch import nn
        from torchvision.models import resnet18

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Tanh()

        nn.MultiheadAttention(4, 2), resnet18(), Net()
        ```
        """,
    )
    assert layers == [["MultiheadAttention", "Tanh"]]


def test_a_class_method_factory_counts_for_its_caller(blocks_of, tmp_path):
    layers = layers_of(
        blocks_of,
        tmp_path,
        """
        ```python
        import torch
        from torch import nn

        nn.Embedding.from_pretrained(torch.eye(3))
        ```
        """,
    )
    assert layers == [["Embedding"]]


def test_recording_leaves_module_init_as_it_was(blocks_of, tmp_path):
    before = nn.Module.__init__
    layers_of(blocks_of, tmp_path, "```python\nimport torch\ntorch.nn.ReLU()\n```\n")
    assert nn.Module.__init__ is before
    nn.ReLU()  # constructing outside a page records nothing and fails nothing


@pytest.mark.parametrize("name", ["Conv2d", "LSTM"])
def test_layers_still_work_while_recorded(blocks_of, tmp_path, name):
    code = f"import torch\nlayer = torch.nn.{name}(4, 4, 1) if '{name}' == 'Conv2d' else "
    code += f"torch.nn.{name}(4, 4)\nsum(p.numel() for p in layer.parameters())"
    run = run_page(blocks_of(f"```python\n{code}\n```\n"), tmp_path)
    expected = torch.nn.Conv2d(4, 4, 1) if name == "Conv2d" else torch.nn.LSTM(4, 4)
    assert run.outputs[0][0].text == str(sum(p.numel() for p in expected.parameters()))
    assert run.layers == [[name]]
