"""Self-check questions (antbook.selfcheck): validation, and what each reading mode gets."""

from __future__ import annotations

import copy
import html
import json
import re

import pytest

from antbook.data import data_dir
from antbook.selfcheck import (
    SelfCheckError,
    answers_bundle,
    load_questions,
    parse_questions,
    question_bundle,
)

GOOD = {"chapter": "demo", "questions": [
    {"id": "two", "prompt": "What is 2 + 2, in base ten?",
     "options": [{"text": "4", "correct": True, "feedback": "Yes: two and two make four."},
                 {"text": "22", "feedback": "No: that writes the digits side by side."},
                 {"text": "$2^2 + 1$", "feedback": "No: that is *five*, one too many."}]},
    {"id": "three", "prompt": "Which of these is a prime number?",
     "options": [{"text": "9", "feedback": "No: nine is three times three."},
                 {"text": "7", "correct": True,
                  "feedback": "Yes: only one and itself divide it."}]},
]}


def broken(edit):
    document = copy.deepcopy(GOOD)
    edit(document)
    return document


@pytest.mark.parametrize("edit, question, field, words", [
    (lambda d: d.pop("chapter"), None, "chapter", "needs a text"),
    (lambda d: d.update(questions=[]), None, "questions", "at least one"),
    (lambda d: d.update(extra=1), None, "extra", "unknown field"),
    (lambda d: d["questions"][1].update(id="two"), "two", "id", "appears twice"),
    (lambda d: d["questions"][0].update(id="two words"), "two words", "id", "letters, digits"),
    (lambda d: d["questions"][0].update(prompt="Why?"), "two", "prompt", "at least 10"),
    (lambda d: d["questions"][0].update(options=[GOOD["questions"][0]["options"][0]]), "two",
     "options", "2 to"),
    (lambda d: d["questions"][0]["options"][1].update(correct=True), "two", "options",
     "exactly one option must be correct; 2 are"),
    (lambda d: d["questions"][1]["options"][1].update(correct=False), "three", "options",
     "exactly one option must be correct; 0 are"),
    (lambda d: d["questions"][0]["options"][2].pop("feedback"), "two", "options[2].feedback",
     "needs a text"),
    (lambda d: d["questions"][0]["options"][1].update(correct="yes"), "two",
     "options[1].correct", "true or false"),
    (lambda d: d["questions"][0]["options"][1].update(text="4"), "two", "options",
     "same text"),
    (lambda d: d["questions"][1]["options"][0].update(hint="x"), "three", "options[0].hint",
     "unknown field"),
])
def test_a_bad_question_file_names_file_question_and_field(edit, question, field, words):
    with pytest.raises(SelfCheckError) as raised:
        parse_questions(broken(edit), "selfchecks/demo.yml")
    error = raised.value
    assert (error.file, error.question, error.field) == ("selfchecks/demo.yml", question, field)
    assert words in str(error) and str(error).startswith("selfchecks/demo.yml")


def test_a_file_must_be_named_for_its_chapter_and_be_yaml(tmp_path):
    (tmp_path / "ch9.yml").write_text("chapter: ch8\nquestions: []\n")
    with pytest.raises(SelfCheckError, match="questions"):
        load_questions("ch9", tmp_path)
    (tmp_path / "ch7.yml").write_text(json.dumps({**GOOD, "chapter": "ch6"}))
    with pytest.raises(SelfCheckError, match="named for 'ch7'"):
        load_questions("ch7", tmp_path)
    (tmp_path / "ch5.yml").write_text("chapter: ch5\nquestions: [\n")
    with pytest.raises(SelfCheckError, match=r"not valid YAML \(line"):
        load_questions("ch5", tmp_path)
    with pytest.raises(FileNotFoundError, match="ch4.yml"):
        load_questions("ch4", tmp_path)


def test_unknown_question_is_a_key_error_listing_the_known_ones():
    bank = parse_questions(GOOD, "demo.yml")
    with pytest.raises(KeyError, match="two, three"):
        question_bundle(bank, "four")


def test_html_form_is_a_labelled_radio_group_with_a_live_region():
    bundle = question_bundle(parse_questions(GOOD, "demo.yml"), "two")
    page = bundle["text/html"]
    assert page.count('type="radio"') == 3
    assert page.count('<label for="antbook-q-two-') == 3
    assert "<legend>Question 1. What is 2 + 2, in base ten?</legend>" in page
    assert 'role="status" aria-live="polite"' in page
    # feedback travels with the form, one entry per option, the correct one marked
    notes = json.loads(html.unescape(re.search(r'data-feedback="([^"]*)"', page).group(1)))
    assert [n["correct"] for n in notes] == [True, False, False]
    assert "<em>five</em>" in notes[2]["html"]
    # inline math is handed to MathJax, not left as dollars
    assert r'<span class="math notranslate nohighlight">\(2^2 + 1\)</span>' in page
    assert "$" not in page.replace("$2^2", "")


def test_print_and_plain_forms_letter_the_options_and_hide_the_answer():
    bundle = question_bundle(parse_questions(GOOD, "demo.yml"), "three")
    assert bundle["text/markdown"].startswith("**Question 2.** Which of these is a prime")
    assert "(a) 9" in bundle["text/markdown"] and "(b) 7" in bundle["text/markdown"]
    assert "Yes:" not in bundle["text/markdown"] + bundle["text/plain"]


def test_answer_key_gives_the_answer_and_every_feedback_in_print_only():
    key = answers_bundle(parse_questions(GOOD, "demo.yml"))
    assert "**1.** (a) 4" in key["text/markdown"] and "**2.** (b) 7" in key["text/markdown"]
    for question in GOOD["questions"]:
        for option in question["options"]:
            assert option["feedback"] in key["text/markdown"]
    assert "hidden" in key["text/html"] and "Yes:" not in key["text/html"]


@pytest.mark.parametrize("path", sorted((data_dir() / "selfchecks").glob("*.yml")),
                         ids=lambda p: p.stem)
def test_every_chapter_file_is_valid_and_deterministic(path):
    bank = load_questions(path.stem)
    assert len(bank.questions) >= 4
    for q in bank.questions:
        assert question_bundle(bank, q.id) == question_bundle(bank, q.id)
