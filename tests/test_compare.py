"""Tests of compare.py: expected outputs with tolerance for floats."""

import pytest

from docexec.compare import matches


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        ("tensor([1.0000, 2.0001])", "tensor([1.0000,  2.0000])"),
        ("tensor(-1.8775e-06)", "tensor(-2.1e-06)"),
        ("grad_fn=<AddmmBackward0>", "grad_fn=<AddmmBackward0>"),
        ("a\n...\nz", "a\nb\nc\nz"),
        ("head\n...", "head\nanything\nelse"),
        ("...\ntail", "x\ntail"),
        ("nan", "nan"),
    ],
)
def test_matches(expected, actual):
    assert matches(expected, actual)


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        ("tensor([1.50])", "tensor([1.60])"),
        ("grad_fn=<AddmmBackward0>", "grad_fn=<MulBackward0>"),
        ("conv1", "conv2"),
        ("a b", "a b c"),
        ("a\n...\nz", "a\nb"),
        ("1 2", "1"),
        ("nan", "1.0"),
    ],
)
def test_does_not_match(expected, actual):
    assert not matches(expected, actual)
