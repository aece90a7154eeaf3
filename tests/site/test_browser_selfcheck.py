"""Self-check questions on the site: they answer with no kernel, by mouse and by keyboard."""

from __future__ import annotations

import pytest

from antbook.selfcheck import load_questions

pytestmark = pytest.mark.browser

PAGE = "chapters/00-introduction.html"


def test_every_question_is_on_the_page_and_answers_each_option(open_page):
    page = open_page(PAGE)
    bank = load_questions("intro")
    forms = page.locator("form.antbook-quiz")
    assert forms.count() == len(bank.questions)
    for q in bank.questions:
        form = page.locator(f"#antbook-q-{q.id}")
        feedback = form.locator(".antbook-quiz-feedback")
        assert feedback.inner_text() == ""
        for k, option in enumerate(q.options):
            form.locator(f"label[for='antbook-q-{q.id}-{k}']").click()
            text = feedback.inner_text()
            verdict = "Correct." if option.correct else "Not quite."
            assert text.startswith(verdict), (q.id, k, text)
            # the feedback is the option's own, not a neighbour's
            assert option.feedback.split()[-1].strip(".") in text
    # the answer key is for print: nothing of it shows on the site
    assert not page.locator(".antbook-quiz-answers").is_visible()
    assert "Answers to the self-check" not in page.inner_text("main")


def test_a_question_is_answered_from_the_keyboard(open_page):
    page = open_page(PAGE)
    q = load_questions("intro").questions[0]
    form = page.locator(f"#antbook-q-{q.id}")
    form.locator("input[type=radio]").first.focus()
    page.keyboard.press("Space")
    first = form.locator(".antbook-quiz-feedback").inner_text()
    page.keyboard.press("ArrowDown")
    second = form.locator(".antbook-quiz-feedback").inner_text()
    assert first and second and first != second
    assert form.locator("input[type=radio]").nth(1).is_checked()
    # the group is named by its legend, so a screen reader announces the question
    assert form.locator("fieldset legend").inner_text().startswith("Question 1.")
