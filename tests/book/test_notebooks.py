"""Chapter notebooks: stored outputs are exactly what a fresh run gives, and every chapter has the
book's teaching skeleton. (nbval, run by `make test` over chapters/, checks each cell's outputs.)
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import ROOT, toc_notebooks

from antbook.book.build import execute_notebook
from antbook.selfcheck import load_questions

pytestmark = pytest.mark.notebooks

CHAPTERS = [nb for nb in toc_notebooks() if "appendix" not in nb.parts]


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.stem)
def test_reexecuting_changes_nothing(notebook, tmp_path):
    copy = tmp_path / notebook.name
    shutil.copy(notebook, copy)
    # run where the original lives, so relative paths (if any) behave the same
    execute_notebook(copy)
    assert copy.read_bytes() == notebook.read_bytes(), (
        f"{notebook.relative_to(ROOT)} differs after a fresh run: run `make execute` and commit")


def _cells(notebook):
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def _markdown(notebook) -> str:
    return "\n".join("".join(c["source"]) for c in _cells(notebook) if c["cell_type"] == "markdown")


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_the_teaching_skeleton(notebook):
    text = _markdown(notebook)
    assert re.search(r"learning objectives", text, re.IGNORECASE)
    for heading in ("Summary", "Self-check", "Exercises", "Where the numbers come from"):
        assert re.search(rf"^## {heading}", text, re.MULTILINE), f"no '## {heading}' section"
    exercises = re.findall(r":::\{exercise\}\n:label: (\S+)", text)
    solutions = re.findall(r":::\{solution\} (\S+)", text)
    assert len(exercises) >= 3 and sorted(exercises) == sorted(solutions)
    assert re.search(r"predict", text, re.IGNORECASE), "ask readers to predict before revealing"


SHOW_QUESTION = re.compile(r"show_question\(\s*\"([\w-]+)\"((?:\s*,\s*\"[\w-]+\")+)\s*\)")


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_self_check_uses_every_question_of_the_chapter_once(notebook):
    cells = _cells(notebook)
    asked, chapters, answers_at = [], set(), None
    self_check_at = next(i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                         and re.search(r"^## Self-check", "".join(c["source"]), re.MULTILINE))
    in_section = 0
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        for chapter, ids in SHOW_QUESTION.findall(source):
            chapters.add(chapter)
            found = re.findall(r'"([\w-]+)"', ids)
            asked += found
            in_section += len(found) if i > self_check_at else 0
            assert "remove-input" in cell["metadata"].get("tags", []), "hide the question's code"
        if re.search(r"show_answers\(", source):
            answers_at = i
    assert len(chapters) == 1, f"questions of several chapters: {chapters}"
    bank = load_questions(chapters.pop())
    assert sorted(asked) == sorted(q.id for q in bank.questions), "ask every question once"
    assert in_section >= 4, "the Self-check section holds at least 4 questions"
    assert len(asked) - in_section >= 2, "ask two questions mid-chapter"
    assert len(asked) >= 5, "at least five questions a chapter"
    assert answers_at is not None and answers_at > self_check_at, "print the answers at the end"


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.stem)
def test_setup_cell_is_hidden_and_installs_in_colab(notebook):
    code = [c for c in _cells(notebook) if c["cell_type"] == "code"]
    setup = code[0]
    assert "remove-cell" in setup["metadata"].get("tags", [])
    assert "%pip install" in "".join(setup["source"])


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.stem)
def test_notebook_reads_no_local_path(notebook):
    for cell in _cells(notebook):
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            assert not re.search(r"read_csv\(|\bopen\(|[\"']\.{0,2}/?data/", source), source[:200]


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.stem)
def test_outputs_hold_no_errors_or_widget_views(notebook):
    for cell in _cells(notebook):
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error"
            assert output.get("name") != "stderr", "".join(output.get("text", ""))[:200]
            assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {})
