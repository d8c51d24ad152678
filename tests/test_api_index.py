"""Tests of api_index.py: sections of blocks, the index page, links from code, descriptions."""

import pytest

from docexec.api_index import (
    MARKER,
    Coverage,
    Section,
    coverage_of,
    link_code,
    read_descriptions,
    render_index,
    sections_of,
)
from docexec.layers import layer_classes

PAGE = """
# 卷积层 { #conv }

```python
a = 1
```

## 手工卷积核 { #kernel }

```python
b = 2
```

```python
c = 3
```
"""


def test_each_block_is_in_the_section_of_the_heading_above_it(blocks_of):
    sections = sections_of(PAGE, blocks_of(PAGE), "conv.md")
    assert [(s.id, s.title) for s in sections] == [
        ("conv", "卷积层"),
        ("kernel", "卷积层 › 手工卷积核"),
        ("kernel", "卷积层 › 手工卷积核"),
    ]


def test_coverage_keeps_each_section_once_in_site_order(blocks_of):
    blocks = blocks_of(PAGE)
    coverage = coverage_of([("conv.md", PAGE, blocks, [["Conv2d"], ["Conv2d", "ReLU"], ["ReLU"]])])
    assert [s.id for s in coverage.sections["Conv2d"]] == ["conv", "kernel"]
    assert [s.id for s in coverage.sections["ReLU"]] == ["kernel"]
    assert coverage.run == {"Conv2d", "ReLU"}
    assert coverage.summary() == f"2/{len(layer_classes())} torch.nn layer classes run"


@pytest.fixture
def descriptions():
    return {name: {"zh": f"{name} 的说明", "en": f"about {name}"} for name in layer_classes()}


def test_the_index_lists_every_class_with_where_it_runs(descriptions):
    coverage = Coverage({"Conv2d": [Section("conv.md", "kernel", "卷积层 › 手工卷积核")]})
    page = render_index(f"# API 索引 {{ #api }}\n\n{MARKER}\n", "zh", coverage, descriptions)
    total = len(layer_classes())
    assert page.startswith(f"# API 索引 · 1 / {total} {{ #api }}")
    assert MARKER not in page
    assert page.count("\n### `nn.") == total
    conv = page.split("### `nn.Conv2d` { #nn.Conv2d }", 1)[1].split("###", 1)[0]
    assert "Conv2d 的说明" in conv
    assert "运行于：[卷积层 › 手工卷积核](conv.md#kernel)" in conv
    assert "torch.nn.Conv2d.html" in conv
    gelu = page.split("{ #nn.GELU }", 1)[1].split("###", 1)[0]
    assert "尚无页面运行它" in gelu
    assert "## 卷积层 · 1 / " in page


def test_without_execution_the_index_claims_nothing_about_runs(descriptions):
    page = render_index(f"# API index {{ #api }}\n\n{MARKER}\n", "en", None, descriptions)
    assert page.startswith("# API index { #api }")
    assert "Run in" not in page and "No page runs" not in page
    assert "about Conv2d · [official documentation]" in page


def test_layer_names_in_highlighted_code_link_to_the_index():
    html = (
        '<code><span class="n">nn</span><span class="o">.</span><span class="n">Conv2d</span>'
        '<span class="p">(</span> <span class="n">nn</span><span class="o">.</span>'
        '<span class="n">functional</span></code>'
    )
    linked = link_code(html, "../api/")
    assert linked.count("<a ") == 1
    assert '<a class="docexec-api" href="../api/#nn.Conv2d"><span class="n">nn</span>' in linked
    assert (
        linked.replace('<a class="docexec-api" href="../api/#nn.Conv2d">', "").replace("</a>", "")
        == html
    )


def test_descriptions_must_cover_exactly_the_layer_classes(tmp_path, descriptions):
    path = tmp_path / "api.csv"
    rows = ["class,zh,en", *(f"{n},{d['zh']},{d['en']}" for n, d in descriptions.items())]
    path.write_text("\n".join(rows), encoding="utf-8")
    assert read_descriptions(path)["Conv2d"]["en"] == "about Conv2d"
    broken = [r for r in rows if not r.startswith("GELU,")] + ["NotALayer,x,y"]
    path.write_text("\n".join(broken), encoding="utf-8")
    with pytest.raises(ValueError, match=r"no description for GELU; not layer classes.*NotALayer"):
        read_descriptions(path)
