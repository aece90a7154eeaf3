"""The whole-book PDF: it builds, every chapter is in it, charts are images, no placeholders."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from conftest import ROOT, toc_notebooks

pytestmark = pytest.mark.pdf

PLACEHOLDERS = ("alt.Chart(", "VBox(", "<VegaLite", "Output()", "Interactive figure:",
                "HBox(", "FloatSlider(", "LayerChart(")


@pytest.fixture(scope="module")
def pdf_text(pdf_build, pdftotext) -> str:
    assert pdf_build.returncode == 0, pdf_build.log[-3000:]
    assert pdf_build.output.is_file()
    run = subprocess.run([pdftotext, "-layout", str(pdf_build.output), "-"], capture_output=True,
                         text=True, check=True)
    return run.stdout


def _chapter_title(notebook) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            match = re.search(r"^# (.+)$", "".join(cell["source"]), re.MULTILINE)
            if match:
                return match.group(1).strip()
    raise AssertionError(f"{notebook} has no '# title'")


def test_pdf_builds_without_warnings(pdf_build):
    assert pdf_build.returncode == 0, pdf_build.log[-3000:]
    sphinx_warnings = [line for line in pdf_build.log.splitlines() if "WARNING:" in line]
    assert sphinx_warnings == []


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
def test_no_placeholder_text_reaches_the_pdf(pdf_text, placeholder):
    assert placeholder not in pdf_text


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.stem)
def test_every_chapter_title_is_in_the_pdf(pdf_text, notebook):
    title = _chapter_title(notebook)
    # LaTeX sets chapter titles in capitals and may break lines: compare letters only.
    squash = re.sub(r"[^A-Z]", "", pdf_text.upper())
    assert re.sub(r"[^A-Z]", "", title.upper()) in squash


def test_every_chart_is_an_image_in_the_pdf(pdf_build):
    charts = 0
    for notebook in toc_notebooks():
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                charts += "application/vnd.vegalite.v6+json" in output.get("data", {})
    run = subprocess.run(["pdfimages", "-list", str(pdf_build.output)], capture_output=True,
                         text=True, check=True)
    images = [line for line in run.stdout.splitlines()[2:] if " image " in line]
    assert charts > 0
    assert len(images) >= charts, f"{charts} charts in the notebooks, {len(images)} images in the PDF"


def test_chinese_characters_render(pdf_text):
    """The introduction gives Ant Group's Chinese name; xeCJK and the Noto CJK fonts must set it."""
    assert "蚂蚁集团" in pdf_text
