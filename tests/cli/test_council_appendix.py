"""A council's published conventions end to end (issue 26): an appendix that reports 12 of its 33 KPIs, each with
two arrows (against last quarter and the same quarter last year), quoting its counts to members. Written from the
convention's words: the faithful appendix audits clean, and each planted break of a convention is named."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ROOT

CASE = ROOT / "tests" / "cases" / "council-appendix"
APPENDIX = (CASE / "quarter.yaml").read_text(encoding="utf-8")
RULES = ["--rules", str(CASE / "rules.yaml")]


def _audit(ragcalc, text: str, code: int) -> dict:
    return json.loads(ragcalc(["audit", "q.yaml", *RULES, "--format", "json"], {"q.yaml": text}, code=code).stdout)


def test_the_appendix_as_published_agrees_with_the_rules_on_every_word_and_count(ragcalc):
    found = _audit(ragcalc, APPENDIX, 0)
    assert found["fields_checked"] == {"rag": 12, "direction": 12, "direction_year_ago": 12, "counts": 5}
    assert found["disagreements"] == []


def test_it_counts_the_12_kpis_it_reports_not_the_33_the_rules_hold(ragcalc):
    """'12 KPIs reported this quarter': the other 21 are neither rated nor counted as 'not rated'."""
    result = ragcalc(["evaluate", "q.yaml", *RULES, "--format", "json"], {"q.yaml": APPENDIX}, code=0)
    total = json.loads(result.stdout)["summary"]["total"]
    assert (total["measures"], total["not_rated"]) == (12, 0)
    assert result.stderr.startswith("warning: q.yaml: 21 measures of the rules are not in the file, left out")


@pytest.mark.parametrize(
    ("planted", "field", "published", "computed"),
    [
        (("Housing: {measures: 4, green: 2", "Housing: {measures: 4, green: 3"), "count green", "3", "2"),
        (("improving: 4, improving_year_ago: 7", "improving: 4, improving_year_ago: 8"), "count improving_year_ago",
         "8", "7"),
        (("previous: 62, year_ago: 70, published_rag: R, published_direction: Worse",
          "previous: 62, year_ago: 70, published_rag: R, published_direction: Same"), "direction", "static",
         "deteriorating"),
        (("year_ago: 104, published_rag: G, published_direction: Same, published_direction_year_ago: Worse",
          "year_ago: 104, published_rag: G, published_direction: Same, published_direction_year_ago: Same"),
         "direction_year_ago", "static", "deteriorating"),
    ],
)  # fmt: skip
def test_a_planted_break_of_each_convention_is_named(ragcalc, planted, field, published, computed):
    before, after = planted
    assert before in APPENDIX
    (wrong,) = _audit(ragcalc, APPENDIX.replace(before, after), 1)["disagreements"]
    assert (wrong["field"], wrong["published"], wrong["computed"]) == (field, published, computed)


def test_without_present_only_the_other_21_would_be_counted_not_rated(ragcalc):
    text = APPENDIX.replace("present_only: true\n", "")
    result = ragcalc(["evaluate", "q.yaml", *RULES, "--format", "json"], {"q.yaml": text}, code=0)
    assert json.loads(result.stdout)["summary"]["total"]["not_rated"] == 21
