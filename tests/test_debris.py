"""HTML references a machine-translation round trip broke apart (``spinfix.rules.debris``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import spinfix
from spinfix.cli import main
from spinfix.rules.debris import debris_candidates


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[c.start:c.end], c.originals[0]) for c in debris_candidates(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # Sentences written for this test in the shapes the rewriter sites' translated pages show.
    ("The model, which is & # 39; data simply flows through you & # 39 ; but it holds no licence.",
     "The model, which is ' data simply flows through you ' but it holds no licence."),
    ('The shop was treated as an "essential business,quot;.', 'The shop was treated as an "essential business".'),
    ('He called it "panic,quot; and left.', 'He called it "panic" and left.'),
    ("Profits at AT& amp;T rose.", "Profits at AT&T rose."),
    ("She said & quot;no& quot; twice.", 'She said "no" twice.'),
    ("It is the firm&#39 ;s plan.", "It is the firm's plan."),
])
def test_broken_references_are_restored(text: str, expected: str) -> None:
    assert spinfix.restore(text) == expected
    assert spinfix.restore(expected) == expected
    findings = spinfix.detect(text)
    assert findings and {f.rule for f in findings} == {"rule:entity"}
    assert all(f.kind == "function" and f.action == "restore" for f in findings)


@pytest.mark.parametrize("text", [
    # Well-formed references are the text's own: an HTML-escaped corpus, a page about HTML.
    "Write &quot;hello&quot; and &#39;x&#39; in the template.",
    "Escape < as &lt; and & as &amp; in attributes.",
    # A broken reference to a letter, a digit or a markup character is not punctuation debris.
    "The code & # 65; is a capital letter, & lt; opens a tag.",
    # A comma before a word that only looks like a name.
    "They went home, quotas in hand; the list, amp; and more.",
    "Nothing here but prose; and a semicolon, & an ampersand.",
])
def test_text_without_debris_is_left_alone(text: str) -> None:
    assert spans(text) == []
    assert spinfix.restore(text) == text


def test_debris_inside_a_quotation_keeps_its_prior() -> None:
    # Spinners skip quotations, so a swap inside one is less likely; a translator's debris is no swap.
    text = 'He said: "The model is & # 39;simple& # 39; and cheap," and left.'
    (first, second) = spinfix.detect(text)
    assert first.rule == second.rule == "rule:entity"
    assert first.score == second.score == 0.95
    assert not any(e.name == "quoted" for f in (first, second) for e in f.evidence)


def test_offsets_and_explanations() -> None:
    text = "He said & # 39;yes& # 39; to it."
    assert spans(text) == [("& # 39;", "'"), ("& # 39;", "'")]
    r = spinfix.restore_and_explain(text)
    assert r.text == "He said 'yes' to it."
    assert [text[e.start:e.end] for e in r.edits] == ["& # 39;", "& # 39;"]
    assert all("machine translation" in f.reason for f in r.findings)


def test_debris_is_no_evidence_of_a_thesaurus_spinner() -> None:
    # The debris shows the page went through a translator, not that a thesaurus spinner touched it:
    # the rows that act only in a spun document ("The corporate", "stated", "gross sales") must not
    # take it as the strong finding they need. Counted as one, it made this sentence read "The company
    # also said its sales fell".
    text = ('The corporate additionally stated its gross sales fell, an "essential business,quot; said. '
            "Funding was beneath expectations.")
    assert spinfix.restore(text) == text.replace(",quot;", '"')


def test_the_rule_can_be_switched_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = 'The shop was treated as an "essential business,quot;.\n'
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["restore", str(path)]) == 0
    assert capsys.readouterr().out == text.replace(",quot;", '"')
    assert main(["restore", str(path), "--disable", "rule:entity"]) == 0
    assert capsys.readouterr().out == text
