"""YAML read safely into items that keep their lines (yamltree.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ragcalc.errors import Collector, InputError
from ragcalc.inputs.yamltree import load_yaml


def load(text: str) -> tuple[object, Collector]:
    collector = Collector()
    return load_yaml("f.yaml", text, collector), collector


def test_numbers_keep_their_written_text_not_a_float():
    item, _ = load("a: 64.3\nb: 0.1\n")
    values = item.mapping()  # type: ignore[attr-defined]
    assert values["a"].value == Decimal("64.3")
    assert values["b"].value == Decimal("0.1")


def test_items_carry_the_line_of_their_key():
    item, _ = load("x: 1\nmeasures:\n  - id: A\n    target: 5\n")
    first = item.mapping()["measures"].sequence()[0]  # type: ignore[attr-defined]
    assert first.line == 3
    assert first.mapping()["target"].line == 4


def test_duplicate_keys_are_errors_naming_both_lines():
    _, collector = load("measures:\n  VS101: 1\n  VS102: 2\n  VS101: 3\n")
    [error] = collector.errors
    assert (error.line, error.message) == (4, "duplicate key 'VS101' (first at line 2); keep one, or the other is lost")


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object:os.system {}\n",
        "a: !!python/name:os.system ''\n",
        "a: !custom 5\n",
        "a: !!binary aGVsbG8=\n",
    ],
)
def test_object_tags_are_refused(text):
    _, collector = load(text)
    assert "is not allowed" in collector.errors[0].message


def test_alias_bombs_are_not_expanded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):  # 10**9 leaves if expanded
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]\n"
    item, collector = load(bomb)
    assert collector.findings == []
    top = item.mapping()  # type: ignore[attr-defined]
    assert top["i"].sequence()[0].value is top["h"].value  # shared, not copied


def test_recursive_alias_is_an_error_not_a_hang():
    with pytest.raises(InputError, match="nested too deeply"):
        load("a: &a [*a]\n")


def test_very_deep_nesting_is_an_error():
    with pytest.raises(InputError, match="nested too deeply"):
        load("a: " + "[" * 200 + "]" * 200 + "\n")


def test_syntax_errors_give_line_and_column():
    with pytest.raises(InputError) as info:
        load("measures:\n  - id: A\n   target: [\n")
    assert info.value.finding.line is not None
    assert "YAML syntax error" in str(info.value)


def test_merge_keys_are_refused_with_advice():
    _, collector = load("base: &b {x: 1}\nm:\n  <<: *b\n")
    assert "put shared keys under 'defaults:'" in collector.errors[0].message


def test_empty_document_is_none():
    assert load("# only a comment\n")[0] is None
