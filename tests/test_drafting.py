"""`ragcalc init`'s drafting (drafting.py): polarity words, units from what the cells show, `rated: false` where the
better direction cannot be told, and a draft that always loads."""

from __future__ import annotations

import pytest

from ragcalc import drafting
from ragcalc.errors import Collector, InputError
from ragcalc.inputs.rules import load_rules


@pytest.mark.parametrize(
    ("written", "polarity"),
    [("Higher is better", "higher"), ("  smaller is BETTER ", "lower"), ("↑", "higher"), ("Within range", None)],
)
def test_the_polarity_words_exports_use_are_read(written, polarity):
    assert drafting._polarity(written)[0] == polarity


@pytest.mark.parametrize(
    ("values", "unit"),
    [
        (["75.6%", "72.0%"], "percent"),
        (["£1,950,000", ""], "currency"),
        (["-£5", "n/a"], "currency"),
        (["12"], "count"),
    ],
)
def test_the_unit_is_guessed_from_what_the_values_show(values, unit):
    assert drafting._unit(values)[0] == unit


def test_a_csv_export_without_polarity_drafts_rules_that_load(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "Performance report\n\nCode,Indicator,Apr-24,May-24,Jun-24,Target\n"
        "A1,Visits: adults,10,12,14,20\nB2,Waits,5%,6%,4%,< 5%\nC3,Volume,1,2,3,Improve on last year\n"
        "Total,,16,20,21,\n"
    )
    found = drafting.draft(str(path))
    assert found.measures == 3
    assert (
        '  - id: A1\n    name: "Visits: adults"\n    unit: count  # guessed from the values (no % or currency '
        'sign)\n    target: "20"\n    rated: false  # guessed: which way is better is not known' in found.rules
    )
    assert "  - id: C3\n    name: Volume\n    # guessed: no target; the export's 'Improve on last year' is not one" in (
        found.rules
    )
    assert "ignore:" in found.mapping
    assert "    - Target\n" in found.mapping
    rules = tmp_path / "rules.yaml"
    rules.write_text(found.rules)
    collector = Collector()
    assert [rule.id for rule in load_rules(str(rules), collector).rules] == ["A1", "B2", "C3"]
    assert collector.findings == []


def test_an_export_with_no_heading_for_the_id_says_what_it_looked_for(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Name,Value\nx,1\n")
    with pytest.raises(InputError, match="none of the first 200 rows has a heading such as Ref, Code or id"):
        drafting.draft(str(path))


def test_an_export_in_ragcalcs_own_columns_drafts_an_empty_mapping_that_loads(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("id,Apr-24,May-24,Jun-24\nA1,1,2,3\n")
    found = drafting.draft(str(path))
    assert found.mapping.splitlines()[1].startswith("input: {}  # the export's headings are ragcalc's own columns")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "input.yaml").write_text(found.mapping)
    (tmp_path / "rules" / "rules.yaml").write_text(found.rules)
    collector = Collector()
    load_rules(str(tmp_path / "rules"), collector)
    assert collector.findings == []
