"""Self-check questions with feedback on every option, in the book's three reading modes.

Questions are data: one YAML file per chapter in ``data/selfchecks/`` (so an installed copy of the
package, as in Colab, carries them), validated when loaded. A question has a short ``id``, a
``prompt`` and two or more ``options``; exactly one option is ``correct`` and *every* option has
``feedback`` saying why it is right or wrong (a wrong option's feedback names the misconception
it stands for). Prompts, options and feedback are Markdown (inline code, emphasis, ``$math$``).

::

    chapter: ch1
    title: Chapter 1
    questions:
      - id: escrow-protects
        prompt: Whom does escrow protect, and against what?
        options:
          - text: The buyer, against a seller who takes the money and ships nothing.
            correct: true
            feedback: Right. The money waits until the buyer confirms ...
          - text: The seller, against a buyer who never pays.
            feedback: Not quite. ...

:func:`show_question` displays one question where the chapter asks it (after the section it
tests, or in the chapter's "Self-check" section). Its output carries

* ``text/html``: a form of radio buttons (a ``fieldset`` with the prompt as its ``legend``) and a
  small inline script: choosing an option writes its feedback into a live region that screen
  readers announce. It runs in the browser with no kernel and no request (the book's site), and
  in JupyterLab, Colab and VS Code (a trusted output). Native radio buttons make it keyboard
  operable (Tab to the group, arrow keys to choose).
* ``text/markdown``: the question with lettered options, for print (the PDF build drops the
  HTML); :func:`show_answers` prints the answers with every option's feedback at the end of the
  chapter, in print only (its HTML form is empty: on the site each question answers for itself).
* ``text/plain``: the same text, which nbval compares.

:class:`SelfCheckError` names the file, the question and the field of the first problem.

>>> bank = parse_questions({"chapter": "demo", "questions": [{"id": "q", "prompt": "What is 2 + 2?",
...     "options": [{"text": "4", "correct": True, "feedback": "Yes: two and two make four."},
...                 {"text": "5", "feedback": "No: that adds one too many."}]}]}, "demo.yml")
>>> bank.questions[0].answer
0
>>> print(question_bundle(bank, "q")["text/plain"])
Question 1. What is 2 + 2?
  (a) 4
  (b) 5
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .data import data_dir

__all__ = ["Option", "Question", "QuestionBank", "SelfCheckError", "answers_bundle",
           "load_questions", "parse_questions", "question_bundle", "show_answers",
           "show_question"]

LETTERS = "abcdefghij"
QUESTIONS_FOLDER = "selfchecks"


class SelfCheckError(ValueError):
    """A question file that the book cannot use; names the file, the question and the field."""

    def __init__(self, file: str, question: str | None, field: str | None, message: str):
        self.file, self.question, self.field = file, question, field
        where = [file]
        if question is not None:
            where.append(f"question {question!r}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {message}")


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    number: int
    prompt: str
    options: tuple[Option, ...]

    @property
    def answer(self) -> int:
        """Index of the correct option."""
        return next(i for i, o in enumerate(self.options) if o.correct)


@dataclass(frozen=True)
class QuestionBank:
    chapter: str
    file: str
    questions: tuple[Question, ...]

    def get(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"{self.file} has no question {question_id!r}; it has "
                       f"{', '.join(q.id for q in self.questions)}")


def _text(value, file: str, question: str | None, field: str, min_length: int = 1) -> str:
    if not isinstance(value, str) or len(value.strip()) < min_length:
        what = "missing" if value is None else f"{value!r}"
        raise SelfCheckError(file, question, field,
                             f"needs a text of at least {min_length} characters, got {what}")
    return value.strip()


def parse_questions(document, file: str) -> QuestionBank:
    """Validate a parsed YAML document (see the module doc) and return its questions."""
    if not isinstance(document, dict):
        raise SelfCheckError(file, None, None, "the file must be a mapping with 'chapter' and "
                             "'questions'")
    unknown = set(document) - {"chapter", "title", "questions"}
    if unknown:
        raise SelfCheckError(file, None, sorted(unknown)[0], "unknown field")
    chapter = _text(document.get("chapter"), file, None, "chapter")
    items = document.get("questions")
    if not isinstance(items, list) or not items:
        raise SelfCheckError(file, None, "questions", "needs a list of at least one question")
    questions, seen = [], set()
    for number, item in enumerate(items, start=1):
        label = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) \
            else f"#{number}"
        if not isinstance(item, dict):
            raise SelfCheckError(file, label, None, "a question must be a mapping")
        unknown = set(item) - {"id", "prompt", "options"}
        if unknown:
            raise SelfCheckError(file, label, sorted(unknown)[0], "unknown field")
        qid = _text(item.get("id"), file, label, "id")
        if not qid.replace("-", "").replace("_", "").isalnum():
            raise SelfCheckError(file, qid, "id", "use letters, digits, '-' and '_' only")
        if qid in seen:
            raise SelfCheckError(file, qid, "id", "appears twice")
        seen.add(qid)
        prompt = _text(item.get("prompt"), file, qid, "prompt", 10)
        raw_options = item.get("options")
        if not isinstance(raw_options, list) or not 2 <= len(raw_options) <= len(LETTERS):
            raise SelfCheckError(file, qid, "options",
                                 f"needs a list of 2 to {len(LETTERS)} options")
        options = []
        for k, raw in enumerate(raw_options):
            where = f"options[{k}]"
            if not isinstance(raw, dict):
                raise SelfCheckError(file, qid, where, "an option must be a mapping")
            unknown = set(raw) - {"text", "correct", "feedback"}
            if unknown:
                raise SelfCheckError(file, qid, f"{where}.{sorted(unknown)[0]}", "unknown field")
            correct = raw.get("correct", False)
            if not isinstance(correct, bool):
                raise SelfCheckError(file, qid, f"{where}.correct",
                                     f"must be true or false, got {correct!r}")
            options.append(Option(_text(raw.get("text"), file, qid, f"{where}.text"), correct,
                                  _text(raw.get("feedback"), file, qid, f"{where}.feedback", 10)))
        right = sum(o.correct for o in options)
        if right != 1:
            raise SelfCheckError(file, qid, "options",
                                 f"exactly one option must be correct; {right} are")
        texts = [o.text for o in options]
        if len(set(texts)) != len(texts):
            raise SelfCheckError(file, qid, "options", "two options have the same text")
        questions.append(Question(qid, number, prompt, tuple(options)))
    return QuestionBank(chapter, file, tuple(questions))


@cache
def _load(path: Path, mtime_ns: int) -> QuestionBank:
    import yaml

    file = f"{QUESTIONS_FOLDER}/{path.name}"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise SelfCheckError(file, None, None, f"not valid YAML{where}: {exc}") from exc
    bank = parse_questions(document, file)
    if bank.chapter != path.stem:
        raise SelfCheckError(file, None, "chapter",
                             f"says {bank.chapter!r}; the file is named for {path.stem!r}")
    return bank


def load_questions(chapter: str, folder: Path | None = None) -> QuestionBank:
    """The validated questions of ``chapter`` (``data/selfchecks/<chapter>.yml``)."""
    path = (folder or data_dir() / QUESTIONS_FOLDER) / f"{chapter}.yml"
    if not path.is_file():
        raise FileNotFoundError(f"no question file {path}")
    return _load(path.resolve(), path.stat().st_mtime_ns)


# -- rendering ----------------------------------------------------------------------------------

def _inline(markdown: str) -> str:
    """Inline Markdown as HTML; ``$...$`` becomes MathJax's ``\\(...\\)`` in a math span."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": False}).use(
        dollarmath_plugin, allow_space=True, double_inline=False,
        renderer=lambda content, opts: content)
    md.add_render_rule("math_inline", lambda self, tokens, idx, options, env:
                       '<span class="math notranslate nohighlight">\\('
                       + html.escape(tokens[idx].content) + "\\)</span>")
    return md.renderInline(markdown)


_STYLE = """<style>
.antbook-quiz{border:1px solid var(--pst-color-border,#c8c8c8);border-radius:6px;
 padding:.6em 1em;margin:1em 0;background:var(--pst-color-background,#fff);
 color:var(--pst-color-text-base,#222)}
.antbook-quiz fieldset{border:0;margin:0;padding:0;min-width:0}
.antbook-quiz legend{font-size:1rem;font-weight:600;line-height:1.4;padding:0;margin-bottom:.4em;
 float:none;width:auto}
.antbook-quiz-option{display:flex;gap:.5em;align-items:baseline;margin:.3em 0}
.antbook-quiz-option input{margin:0;flex:none;width:1.1em;height:1.1em;
 accent-color:var(--pst-color-primary,#0072B2)}
.antbook-quiz-feedback:not(:empty){margin-top:.5em;padding:.5em .8em;border-left:4px solid;
 border-radius:2px}
.antbook-quiz-feedback[data-verdict=right]{border-color:#009E73}
.antbook-quiz-feedback[data-verdict=wrong]{border-color:#D55E00}
</style>"""

# Runs once per question; reads the feedback from the form's own data, so no global state.
_SCRIPT = """<script>(function () {
  var form = document.currentScript.previousElementSibling;
  var out = form.querySelector(".antbook-quiz-feedback");
  var notes = JSON.parse(form.getAttribute("data-feedback"));
  form.addEventListener("change", function (event) {
    var k = Number(event.target.value), note = notes[k];
    out.setAttribute("data-verdict", note.correct ? "right" : "wrong");
    out.innerHTML = "<strong>" + (note.correct ? "Correct." : "Not quite.") + "</strong> " +
      note.html;
    if (window.MathJax && window.MathJax.typesetPromise) { window.MathJax.typesetPromise([out]); }
  });
})();</script>"""


def _html(q: Question) -> str:
    name = f"antbook-q-{q.id}"
    notes = json.dumps([{"correct": o.correct, "html": _inline(o.feedback)} for o in q.options],
                       ensure_ascii=False, sort_keys=True)
    options = "".join(
        f'<div class="antbook-quiz-option"><input type="radio" name="{name}" '
        f'id="{name}-{k}" value="{k}"><label for="{name}-{k}">({LETTERS[k]}) '
        f"{_inline(o.text)}</label></div>"
        for k, o in enumerate(q.options))
    return (f'{_STYLE}<form class="antbook-quiz" id="{name}" '
            f'data-feedback="{html.escape(notes, quote=True)}">'
            f'<fieldset><legend>Question {q.number}. {_inline(q.prompt)}</legend>{options}'
            "</fieldset>"
            '<div class="antbook-quiz-feedback" role="status" aria-live="polite"></div>'
            f"</form>{_SCRIPT}")


def _markdown(q: Question) -> str:
    lines = [f"**Question {q.number}.** {q.prompt}", ""]
    lines += [f"({LETTERS[k]}) {o.text}  " for k, o in enumerate(q.options)]
    return "\n".join(lines).rstrip()


def _plain(q: Question) -> str:
    return "\n".join([f"Question {q.number}. {q.prompt}",
                      *(f"  ({LETTERS[k]}) {o.text}" for k, o in enumerate(q.options))])


def question_bundle(bank: QuestionBank, question_id: str) -> dict[str, str]:
    """One question as HTML (interactive), Markdown (print) and plain text (nbval)."""
    q = bank.get(question_id)
    return {"text/html": _html(q), "text/markdown": _markdown(q), "text/plain": _plain(q)}


def answers_bundle(bank: QuestionBank) -> dict[str, str]:
    """The answer key with every option's feedback: in print only (the HTML form is empty)."""
    parts = ["**Answers to the self-check questions**", ""]
    plain = ["Answers to the self-check questions"]
    for q in bank.questions:
        k = q.answer
        parts.append(f"**{q.number}.** ({LETTERS[k]}) {q.options[k].text}")
        parts.append("")
        plain.append(f"{q.number}. ({LETTERS[k]}) {q.options[k].text}")
        for j, o in enumerate(q.options):
            parts.append(f"- ({LETTERS[j]}) {o.feedback}")
            plain.append(f"  ({LETTERS[j]}) {o.feedback}")
        parts.append("")
    return {"text/html": '<div class="antbook-quiz-answers" hidden></div>',
            "text/markdown": "\n".join(parts).rstrip(), "text/plain": "\n".join(plain)}


def show_question(chapter: str, *question_ids: str) -> None:
    """Display the chapter's questions ``question_ids`` (see the module doc)."""
    from IPython.display import display

    bank = load_questions(chapter)
    for question_id in question_ids:
        display(question_bundle(bank, question_id), raw=True)


def show_answers(chapter: str) -> None:
    """Display the chapter's answer key (printed at the end of the chapter in the PDF)."""
    from IPython.display import display

    display(answers_bundle(load_questions(chapter)), raw=True)
