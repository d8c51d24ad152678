"""Tests of mkdocs_hook.py: a small two-language site built by `mkdocs build`."""

import re

import nbformat
import pytest

from .conftest import ROOT, dedent, mkdocs_build

CONFIG = f"""
site_name: t
docs_dir: docs
strict: true
theme:
  name: material
  language: zh
  font: false
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - {{locale: zh, name: 中文, default: true}}
        - {{locale: en, name: English}}
hooks:
  - {ROOT / "docexec" / "mkdocs_hook.py"}
markdown_extensions:
  - attr_list
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
"""

SNIPPET = """
# --8<-- [start:picture]
from PIL import Image
Image.new("L", (8, 8), 128)
# --8<-- [end:picture]
# --8<-- [start:text]
import torch
torch.ones(2, requires_grad=True) * 2
# --8<-- [end:text]
"""

PAGE = """
# Page {{ #page }}

$x^2$

```python alt="{alt}"
--8<-- "p.py:picture"
```

```python
--8<-- "p.py:text"
```
"""


@pytest.fixture
def site(project):
    return project(
        **{
            "mkdocs.yml": CONFIG,
            "snippets/p.py": SNIPPET,
            "docs/zh/index.md": "# 首页\n",
            "docs/en/index.md": "# Home\n",
            "docs/zh/p.md": PAGE.format(alt="灰色方块"),
            "docs/en/p.md": PAGE.format(alt="A grey square"),
        }
    )


def test_outputs_and_images_land_next_to_each_language_page(site):
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    for folder, alt in [("site/p", "灰色方块"), ("site/en/p", "A grey square")]:
        html = (site / folder / "index.html").read_text()
        assert (site / folder / "p-1-1.png").read_bytes().startswith(b"\x89PNG")
        assert f'alt="{alt}"' in html and 'src="p-1-1.png"' in html
        assert "grad_fn=&lt;MulBackward0&gt;" in html
        assert "<math" in html and "arithmatex" not in html
        notebook = nbformat.read(site / folder / "p.ipynb", as_version=4)
        assert notebook.cells[-1].outputs[0].text.startswith("tensor([2., 2.]")
        assert 'href="p.ipynb"' in html and 'href="p.py"' in html
        assert "docexec-provenance" in html


def test_a_raising_block_fails_the_build_naming_page_and_snippet(site):
    snippet = site / "snippets" / "p.py"
    snippet.write_text(snippet.read_text().replace("import torch\n", "import torch\n1 / 0\n"))
    result = mkdocs_build(site)
    assert result.returncode != 0
    assert "docs/zh/p.md:9: code block failed" in result.stderr
    assert "at snippets/p.py:7: 1 / 0" in result.stderr
    assert "ZeroDivisionError" in result.stderr


def test_a_missing_region_fails_the_build(site):
    (site / "docs" / "en" / "p.md").write_text(dedent('```python\n--8<-- "p.py:nope"\n```\n'))
    result = mkdocs_build(site)
    assert result.returncode != 0
    assert "docs/en/p.md:2: include 'p.py:nope'" in result.stderr


def test_execution_can_be_turned_off(site):
    result = mkdocs_build(site, DOCEXEC_EXECUTE="0")
    assert result.returncode == 0, result.stderr
    html = (site / "site" / "p" / "index.html").read_text()
    assert "Image" in html and "docexec-output" not in html
    assert not (site / ".cache").exists()


def test_lines_are_lines_of_the_file_under_a_front_matter(project):
    root = project(
        **{
            "mkdocs.yml": CONFIG,
            "docs/zh/index.md": "# 首页\n",
            "docs/en/index.md": "# Home\n",
            "docs/zh/p.md": "# P\n",
            "docs/en/p.md": "---\ntranslation-of: x\n---\n\n# P\n\n```python\nx = 1\n1 / 0\n```\n",
        }
    )
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "docs/en/p.md:7: code block failed\n  at docs/en/p.md:9: 1 / 0" in result.stderr


HOME_WITH_PDF = """
# Home

<div class="docexec-pdf" markdown>

The whole site as one PDF: [download it](pytorch-nn-layers-{lang}.pdf).

</div>

The rest.
"""


@pytest.mark.parametrize("built", [True, False])
def test_home_pages_link_their_pdf_only_where_make_pdf_wrote_it(project, built):
    pages = {f"docs__{lang}__index.md": HOME_WITH_PDF.format(lang=lang) for lang in ("zh", "en")}
    config = CONFIG + "  - md_in_html\n"  # as the site's: Markdown inside the <div>
    root = project(**{"mkdocs.yml": config, **pages})
    if built:
        (root / "dist").mkdir()
        for lang in ("zh", "en"):
            (root / "dist" / f"pytorch-nn-layers-{lang}.pdf").write_bytes(
                b"%PDF-1.7 " + lang.encode()
            )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    for lang, folder in (("zh", root / "site"), ("en", root / "site" / "en")):
        home = (folder / "index.html").read_text(encoding="utf-8")
        pdf = folder / f"pytorch-nn-layers-{lang}.pdf"
        assert ("download it" in home) is built and pdf.is_file() is built
        assert "The rest." in home
        if built:
            assert re.search(rf'href="(\./)?pytorch-nn-layers-{lang}\.pdf"', home), home
            assert pdf.read_bytes().endswith(lang.encode())
