"""The docs read the same key table as the loader (inputs/keys.py), so they cannot drift apart."""

from __future__ import annotations

from ragcalc.errors import Collector
from ragcalc.inputs.keys import DIRECTION_FIELDS, FIELDS, markdown_table
from ragcalc.inputs.rules import load_rules
from tests.helpers import ROOT, check_generated


def test_rule_key_table_in_docs_matches_the_loader():
    check_generated(ROOT / "docs" / "rules.md", "keys", markdown_table())


def test_a_measure_without_keys_gets_each_default_the_key_table_declares(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("measures:\n  - {id: A1, polarity: higher}\n", encoding="utf-8")
    collector = Collector()
    (rule,) = load_rules(str(path), collector).rules
    assert collector.findings == []
    declared = [field for field in FIELDS if field.shown is None]
    assert {field.name for field in declared} >= {"unit", "tolerance", "group", "rated", "status", "kind"}
    for field in declared:
        assert getattr(rule, field.name) == field.default, field.name
    for field in DIRECTION_FIELDS:
        assert getattr(rule.direction, field.name) == field.default, field.name
    # the defaults the table describes in words
    assert (rule.name, rule.profile, rule.stale_after) == ("A1", None, None)


def test_the_docs_print_each_declared_default():
    assert {field.default_text for field in FIELDS if field.shown is None} == {
        "count", "none", "0", "Ungrouped", "true", "active", "measure", "false", "rag", "previous", "mean"
    }  # fmt: skip
    assert [field.default_text for field in DIRECTION_FIELDS] == ["2", "0.5", "10", "auto"]
