"""The whole-book PDF: it builds, every chapter is in it, charts are images, no placeholders."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml
from conftest import ROOT, toc_notebooks

pytestmark = pytest.mark.pdf

# What an output looks like when a front end could not show it: the text/plain repr of a chart
# or a widget. Code listings may legitimately say `alt.Chart(df)`, so match the reprs themselves.
PLACEHOLDERS = {
    "altair chart repr": r"alt\.\w*Chart\(\.\.\.\)",
    "widget repr": r"\b(VBox|HBox|Box|FloatSlider|IntSlider|Dropdown|Button)\(children=|"
                   r"\b(FloatSlider|IntSlider|Dropdown|ToggleButtons)\(value=",
    "vega-lite repr": r"<VegaLite \d",
    "empty output widget": r"Output\(\)",
    "explorable fallback text": r"Interactive figure: ",
    "IPython object repr": r"<IPython\.core\.display\.",
}


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


@pytest.mark.parametrize("what", PLACEHOLDERS)
def test_no_placeholder_text_reaches_the_pdf(pdf_text, what):
    found = re.findall(PLACEHOLDERS[what], pdf_text)
    assert found == [], f"{what} in the PDF: {found[:3]}"


def _latex_choice(data: dict) -> str:
    """The mime type the LaTeX build shows for an output, with the book's priority overrides."""
    from myst_nb.core.render import get_mime_priority

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    overrides = [tuple(o) for o in config["sphinx"]["config"]["nb_mime_priority_overrides"]]
    return next(m for m in get_mime_priority("latex", overrides) if m in data)


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.stem)
def test_every_output_has_a_printable_form(notebook):
    """No output falls back to its plain-text repr in print unless that text is the content."""
    for i, cell in enumerate(json.loads(notebook.read_text(encoding="utf-8"))["cells"]):
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            choice = _latex_choice(data)
            if choice == "text/plain":
                text = "".join(data["text/plain"])
                for what, pattern in PLACEHOLDERS.items():
                    assert not re.search(pattern, text), f"cell {i}: {what} would be printed"
            else:
                assert choice in {"application/vnd.vegalite.v6+json", "text/markdown",
                                  "text/latex", "image/png", "image/svg+xml",
                                  "application/pdf", "image/jpeg"}, (i, choice)


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
    assert len(images) >= charts, f"{charts} charts in notebooks, {len(images)} images in the PDF"


def test_chinese_characters_render(pdf_text):
    """The introduction gives Ant Group's Chinese name; xeCJK and the Noto CJK fonts must set it."""
    assert "蚂蚁集团" in pdf_text


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _without_running_heads(pdf_text: str) -> str:
    """The PDF's text with each page's running header and footer (its first and last lines)
    removed, so that a sentence broken across a page reads as one."""
    pages = []
    for page in pdf_text.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        pages.append("\n".join(lines[1:-1]))
    return "\n".join(pages)


def test_without_running_heads_joins_a_sentence_across_pages():
    text = "The Ant Book\nthe essay's point was already\n5.13. Where the numbers come from 107\f"
    text += "The Ant Book\nout of date in 2020.\n108"
    assert _squash("was already out of date in 2020") in _squash(_without_running_heads(text))
    assert _squash("was already out of date") not in _squash(text)


def test_self_check_questions_and_their_answers_are_printed(pdf_text):
    """Each question prints with its lettered options; the answers, with every option's feedback,
    follow at the end of the chapter (on the site each question answers for itself)."""
    from antbook.data import data_dir
    from antbook.selfcheck import load_questions

    squashed = _squash(_without_running_heads(pdf_text))
    files = sorted((data_dir() / "selfchecks").glob("*.yml"))
    assert files
    for path in files:
        bank = load_questions(path.stem)
        for q in bank.questions:
            assert _squash(q.prompt) in squashed, f"{path.stem}: {q.id} not printed"
            for option in q.options:
                assert _squash(option.feedback) in squashed, f"{path.stem}: {q.id} feedback"
    assert pdf_text.count("Answers to the self-check questions") == len(files)


# -- what the site folds away does not print; tables keep their words whole ---------------------

FOLDING_TAGS = {"hide-input", "hide-cell"}
REMOVING_TAGS = {"remove-input", "remove-cell", "remove_input", "remove_cell"}


def _output_text(cell) -> str:
    texts = []
    for output in cell.get("outputs", []):
        texts.append("".join(output.get("text", "")))
        for mime in ("text/plain", "text/markdown", "text/latex"):
            texts.append("".join(output.get("data", {}).get(mime, "")))
    return "\n".join(texts)


def _cells(notebook) -> list[tuple[str, set[str], str, str]]:
    """(type, tags, source, output text) of each cell."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [(c["cell_type"], set(c.get("metadata", {}).get("tags", [])), "".join(c["source"]),
             _output_text(c)) for c in cells]


def _telling_lines(source: str, elsewhere: str) -> list[str]:
    """The cell's code lines long enough to identify it and found nowhere else in the book."""
    lines = [line for line in source.splitlines()
             if len(_squash(line)) >= 24 and not line.lstrip().startswith("#")]
    return [line for line in lines if _squash(line) not in elsewhere]


def test_folded_code_does_not_print_and_visible_code_does(pdf_text):
    """A cell whose code the site folds (hide-input) prints its output only; a cell whose code
    the site shows prints its code."""
    squashed = _squash(pdf_text)
    book = [cell for notebook in toc_notebooks() for cell in _cells(notebook)]
    printed_hidden, missing_visible, missing_outputs, folded, visible = [], [], [], 0, 0
    outputs = "\n".join(output for *_, output in book)
    for i, (kind, tags, source, _) in enumerate(book):
        if kind != "code" or tags & REMOVING_TAGS or not source.strip():
            continue
        # every other cell (code and prose) and every output of the book: a line that also
        # appears there proves nothing about this cell's code
        elsewhere = _squash("\n".join(other for j, (_, _, other, _) in enumerate(book) if j != i)
                            + outputs)
        lines = _telling_lines(source, elsewhere)
        if not lines:
            continue
        if tags & FOLDING_TAGS:
            folded += 1
            printed_hidden += [line for line in lines if _squash(line) in squashed]
            # its outputs do print: a table's caption, say
            captions = re.findall(r"^\*\*(.+?)\*\*$", book[i][3], re.MULTILINE)
            missing_outputs += [c for c in captions if _squash(c) not in squashed]
        else:
            visible += 1
            if not any(_squash(line) in squashed for line in lines):
                missing_visible.append(lines[0])
    assert folded > 0 and visible > 0
    assert printed_hidden == [], f"folded code printed: {printed_hidden[:5]}"
    assert missing_visible == [], f"visible code missing from the PDF: {missing_visible[:5]}"
    assert missing_outputs == [], f"outputs of folded cells missing: {missing_outputs[:5]}"


def _table_cells() -> list[str]:
    """The plain-text cells (two words or more) of the book's tables: Markdown tables in the
    prose and the table outputs of code cells."""
    found = []
    for notebook in toc_notebooks():
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            texts = ["".join(cell["source"])] if cell["cell_type"] == "markdown" else []
            texts += ["".join(o.get("data", {}).get("text/markdown", ""))
                      for o in cell.get("outputs", [])]
            for text in texts:
                for line in text.splitlines():
                    if not line.lstrip().startswith("|") or re.match(r"^[|\s:-]+$", line):
                        continue
                    for cell_text in re.split(r"(?<!\\)\|", line.strip().strip("|")):
                        cell_text = cell_text.strip()
                        # plain text only: markup renders as something else
                        if re.fullmatch(r"[A-Za-z0-9 ,.;:()%'’-]+", cell_text) and \
                                re.search(r"[A-Za-z]{6,}", cell_text) and " " in cell_text:
                            found.append(cell_text)
    return found


def _split_tolerant(word: str) -> str:
    return r"(?:-\n)?".join(re.escape(ch) for ch in word)


def test_table_words_are_not_split_into_syllables(pdf_build, pdftotext):
    """No word in a table cell is broken into syllables across lines ("ac-" / "tion")."""
    raw = subprocess.run([pdftotext, "-raw", str(pdf_build.output), "-"], capture_output=True,
                         text=True, check=True).stdout
    cells = _table_cells()
    assert len(cells) > 20
    split, checked = [], 0
    for cell in cells:
        words = cell.split()
        strict = r"\s+".join(re.escape(w) for w in words)
        tolerant = r"\s+".join(_split_tolerant(w) for w in words)
        if re.search(strict, raw):
            checked += 1
        elif (match := re.search(tolerant, raw)):
            checked += 1
            split.append(match.group(0).replace("\n", " "))
    assert checked > 20, f"only {checked} of {len(cells)} table cells found in the PDF"
    assert split == [], f"table words split into syllables: {split[:8]}"


STATUSES = ("verified", "derived", "estimate", "illustrative", "unverified")


def overrun_status_words(layout_text: str) -> list[str]:
    """Status words (the sources tables' one-word column) run into the next column's text, as
    pdftotext -layout shows a column squeezed narrower than its word: "verifiedCiting"."""
    return re.findall(rf"\b(?:{'|'.join(STATUSES)})[A-Z(][a-z]*", layout_text)


def test_the_overrun_check_finds_a_squeezed_column():
    assert overrun_status_words("2017 Total   verifiedCiting the prospectus") == ["verifiedCiting"]
    assert overrun_status_words("2017 Total   verified Citing the prospectus") == []


def test_no_one_word_table_column_is_squeezed_below_its_word(pdf_text):
    """tabulary once set the status column narrower than "unverified"; \\tymin in _config.yml."""
    assert "verified" in pdf_text
    assert overrun_status_words(pdf_text) == []
