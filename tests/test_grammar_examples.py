"""Every example phrase written beside a grammar rule is a test (the rule's corpus)."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.temporal import tag
from timeline.temporal.en import chronology
from timeline.temporal.en.grammar import RANGE_EXAMPLES, RULES
from timeline.temporal.engine import Example

CASES = (
    [(rule.name, example) for rule in RULES for example in rule.examples]
    + [("range", e) for e in RANGE_EXAMPLES]
    + [("chronology", e) for e in chronology.EXAMPLES]
)


@pytest.mark.parametrize(("rule", "example"), CASES, ids=[f"{r}: {e.sentence}" for r, e in CASES])
def test_rule_example(rule: str, example: Example) -> None:
    found = tag(example.sentence, date.fromisoformat(example.published))
    if not example.text:  # a look-alike the rule must leave alone
        assert found == [], f"nothing expected in {example.sentence!r}, got {[f.text for f in found]}"
        return
    by_text = {t.text: t for t in found}
    assert example.text in by_text, f"{example.text!r} not found in {example.sentence!r}; got {list(by_text)}"
    expression = by_text[example.text]
    assert (expression.type, expression.value) == (example.type, example.value)
    assert expression.rule == (example.by or rule), (
        f"{example.text!r} came from rule {expression.rule!r}, not {example.by or rule!r}"
    )
    if example.mod is not None:
        assert expression.mod == example.mod


def test_every_rule_has_examples() -> None:
    assert all(rule.examples for rule in RULES)
