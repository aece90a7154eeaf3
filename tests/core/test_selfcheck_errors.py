"""The self-check file's structural refusals not covered in test_selfcheck.py."""

from __future__ import annotations

import pytest

from antbook.selfcheck import SelfCheckError, parse_questions

ITEM = {"id": "q1", "prompt": "Which of these is a prime number?",
        "options": [{"text": "9", "feedback": "No: nine is three times three."},
                    {"text": "7", "correct": True, "feedback": "Yes: only one and itself."}]}


@pytest.mark.parametrize("document, question, field, words", [
    (["not", "a", "mapping"], None, None, "the file must be a mapping with 'chapter' and"),
    ({"chapter": "demo", "questions": ["just text"]}, "#1", None, "a question must be a mapping"),
    ({"chapter": "demo", "questions": [{**ITEM, "answer": 1}]}, "q1", "answer", "unknown field"),
    ({"chapter": "demo", "questions": [{**ITEM, "options": ["9", "7"]}]}, "q1", "options[0]",
     "an option must be a mapping"),
    ({"chapter": "demo", "questions": [{**ITEM, "id": 3}]}, "#1", "id", "needs a text"),
])
def test_structural_errors_name_file_question_and_field(document, question, field, words):
    with pytest.raises(SelfCheckError) as raised:
        parse_questions(document, "selfchecks/demo.yml")
    error = raised.value
    assert (error.file, error.question, error.field) == ("selfchecks/demo.yml", question, field)
    assert words in str(error)


def test_the_message_lists_where_then_what():
    error = SelfCheckError("f.yml", "q1", "prompt", "too short")
    assert str(error) == "f.yml, question 'q1', field 'prompt': too short"
    assert str(SelfCheckError("f.yml", None, None, "empty")) == "f.yml: empty"
