"""Councils' published conventions written once, end to end: the first council's stated rule ("green on, above
or within 5% of target; amber between 5% and 10%; red more than 10% from target; any change is a trend"),
with targets that change each quarter, reproduces every rating that follows it and `audit` flags exactly the
ones that do not, in a quarter file and in a history; the second council's status words and a for-info-only
quarter; a signed measure under `validate --strict`; a cumulative measure's arrow across April."""

from __future__ import annotations

import json

import pytest

FIRST_COUNCIL = """\
    defaults:
      green_within: 5%
      tolerance: 10%
      direction: any-change
      labels: {improving: Getting better, static: No change, deteriorating: Getting worse}
    measures:
      - {id: K1, name: Invoices paid on time, polarity: higher, unit: percent, target: 90}
      - {id: K2, name: Days to process a claim, polarity: lower, unit: days, target: 20}
      - {id: K3, name: Homes improved, polarity: higher, target: 1000}
"""
HISTORY = """\
    id,period,value,target,published_rag,published_direction
    K1,Q1 2023/24,86%,90%,green,
    K1,Q2 2023/24,85.5%,90%,green,Getting worse
    K1,Q3 2023/24,81%,90%,amber,Getting worse
    K1,Q4 2023/24,81%,92%,red,No change
    K2,Q1 2023/24,21,20,green,
    K2,Q2 2023/24,22,20,green,Getting worse
    K2,Q3 2023/24,19,18,,Getting better
    K2,Q4 2023/24,19,18,amber,No change
    K3,Q1 2023/24,950,1000,green,
    K3,Q2 2023/24,951,1000,green,No change
    K3,Q3 2023/24,900,1000,amber,Getting worse
    K3,Q4 2023/24,899,1000,red,Getting worse
"""
QUARTER = """\
    period: Q2 2023/24
    previous_period: Q1 2023/24
    measures:
      K1: {value: 85.5%, previous: 86%, target: 90%, published_rag: green, published_direction: Getting worse}
      K2: {value: 22, previous: 21, target: 20, published_rag: green, published_direction: Getting worse}
      K3: {value: 951, previous: 950, target: 1000, published_rag: green, published_direction: No change}
"""
FIRST_FILES = {"rules.yaml": FIRST_COUNCIL, "h.csv": HISTORY, "q.yaml": QUARTER}


@pytest.fixture
def run(ragcalc):
    """`ragcalc COMMAND` (its arguments as a shell would split them) in a folder holding `files`."""
    return ragcalc


def test_audit_of_a_history_flags_exactly_the_periods_that_break_the_councils_rule(run):
    result = run("audit h.csv --rules rules.yaml --format json", FIRST_FILES)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert (document["checked"], document["agree"]) == (12, 10)
    assert [(d["id"], d["period"], d["field"], d["published"], d["computed"]) for d in document["disagreements"]] == [
        ("K2", "Q2 2023/24", "rag", "green", "amber"),
        ("K3", "Q2 2023/24", "direction", "static", "improving"),
    ]


def test_audit_of_a_history_names_the_period_in_its_table(run):
    result = run("audit h.csv --rules rules.yaml", FIRST_FILES)
    assert "K2  Q2 2023/24  rag        green      amber      22 is short of the target 20 by 2, within" in result.stdout
    assert result.stdout.endswith("12 ratings checked (rag on 11, direction on 9), 10 agree, 2 disagree\n")


def test_audit_of_the_quarter_file_flags_the_same_two(run):
    result = run("audit q.yaml --rules rules.yaml --format json", FIRST_FILES)
    document = json.loads(result.stdout)
    assert [(d["id"], d["period"], d["field"]) for d in document["disagreements"]] == [
        ("K2", "Q2 2023/24", "rag"),
        ("K3", "Q2 2023/24", "direction"),
    ]


def test_the_quarters_own_targets_replace_the_rules_and_labels_are_printed(run):
    quarter = QUARTER.replace("target: 20,", "target: 22,")  # the period's target: 22 days, so 22 is on target
    result = run("evaluate q.yaml --rules rules.yaml --format csv", {**FIRST_FILES, "q.yaml": quarter})
    rows = {line.split(",")[0]: line.split(",") for line in result.stdout.splitlines()[1:]}
    assert rows["K2"][7:12] == ["22", "", "2.2", "green", "Getting worse"]  # target, comparator, tolerance, rag, arrow
    assert rows["K1"][10:12] == ["green", "Getting worse"]


SECOND_COUNCIL = """\
    defaults:
      tolerance: 10%
      labels: {green: Above target, amber: Close to target, red: Below target, not_rated: For info only}
    measures:
      - {id: T1, name: Planning decisions on time, polarity: higher, unit: percent, target: 80}
      - {id: T2, name: Days ahead of the capital timetable, polarity: higher, unit: days, target: 0, tolerance: 5,
         signed: true}
"""


def test_status_words_and_a_for_info_only_quarter_are_read_and_audited(run):
    quarter = """\
        period: Q3 2023/24
        measures:
          T1: {value: 70%, target: n/a, published_rag: For info only}
          T2: {value: -12, published_rag: For info only}
    """
    files = {"rules.yaml": SECOND_COUNCIL, "q.yaml": quarter}
    result = run("audit q.yaml --rules rules.yaml --format json", files)
    document = json.loads(result.stdout)
    assert (document["checked"], document["agree"]) == (2, 1)
    (wrong,) = document["disagreements"]
    assert (wrong["id"], wrong["published"], wrong["computed"]) == ("T2", "not rated", "red")


def test_a_signed_measure_passes_validate_strict_and_an_unsigned_one_is_warned(run):
    quarter = "measures:\n  T1: {value: 81%, previous: 79%}\n  T2: {value: -12, previous: 3}\n"
    files = {"rules.yaml": SECOND_COUNCIL, "q.yaml": quarter}
    assert run("validate --strict q.yaml --rules rules.yaml", files).exit_code == 0
    unsigned = {"rules.yaml": SECOND_COUNCIL.replace("signed: true", "signed: false"), "q.yaml": quarter}
    result = run("validate --strict q.yaml --rules rules.yaml", unsigned)
    assert result.exit_code == 1
    assert "value '-12' is negative, which a days cannot be; check the sign, or add 'signed: true'" in result.stdout


CUMULATIVE = """\
    measures:
      - {id: Y1, name: Savings to date, polarity: higher, unit: currency, target: 1000, cumulative: true}
"""


@pytest.mark.parametrize(
    ("period", "previous", "arrow"),
    [
        ("Q1 2023/24", "Q4 2022/23", "none"),  # across the April restart: not like for like
        ("Q1 2023/24", "Q1 2022/23", "deteriorating"),  # a year before
        ("Q3 2023/24", "Q2 2023/24", "deteriorating"),  # earlier in the same year
    ],
)
def test_a_cumulative_arrow_in_a_quarter_file_compares_only_like_with_like(period, previous, arrow, run):
    quarter = f"period: {period}\nprevious_period: {previous}\nmeasures:\n  Y1: {{value: 305, previous: 987}}\n"
    files = {"rules.yaml": CUMULATIVE, "q.yaml": quarter}
    result = run("evaluate q.yaml --rules rules.yaml --format json", files)
    (measure,) = json.loads(result.stdout)["measures"]
    assert (measure["direction"] or "none") == arrow
    if arrow == "none":
        assert measure["reason"]["direction"] == (
            "none: a cumulative (year-to-date) measure restarts each April, so it is compared only with a year "
            "before or earlier in the same financial year; previous_period is neither a year before nor earlier "
            "in the same financial year"
        )


def test_a_cumulative_arrow_needs_the_quarter_files_periods(run):
    files = {"rules.yaml": CUMULATIVE, "q.yaml": "measures:\n  Y1: {value: 305, previous: 987}\n"}
    result = run("explain q.yaml Y1 --rules rules.yaml", files)
    assert "the quarter file does not say which periods it compares (period and previous_period)" in result.stdout


def test_validate_reports_a_bad_value_of_a_measure_whose_rule_is_broken(run):
    rules = "measures:\n  - {id: B1, polarity: higher, target: lots}\n"
    quarter = "measures:\n  B1: {value: 7O%, previous: 68%}\n"
    history = "id,period,value\nB1,Q1 2023/24,seventy\n"
    files = {"rules.yaml": rules, "q.yaml": quarter, "h.csv": history}
    result = run("validate q.yaml h.csv --rules rules.yaml", files)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("rules.yaml:2: error: measure B1: target: cannot read 'lots' as a target")
    assert lines[1].startswith("q.yaml:2: error: measure B1: value: cannot read '7O%' as a number")
    assert lines[2].startswith("h.csv:2: error: measure B1: value: cannot read 'seventy' as a number")


def test_a_history_periods_no_target_words_leave_that_period_unrated(run):
    history = "id,period,value,target\nK1,Q1 2023/24,86%,\nK1,Q2 2023/24,85%,n/a\n"
    result = run("trend h.csv --rules rules.yaml --format json", {**FIRST_FILES, "h.csv": history})
    (measure,) = json.loads(result.stdout)["measures"]
    assert [(point["target"], point["rag"]) for point in measure["points"]] == [(90, "green"), (None, None)]


def test_a_dca_level_on_the_default_scale_is_refused_saying_how_to_allow_it(run):
    files = {
        "rules.yaml": "measures:\n  - {id: P1, kind: project}\n",
        "q.yaml": "measures:\n  P1: {rag: amber/green}\n",
    }
    result = run("evaluate q.yaml --rules rules.yaml", files)
    assert result.exit_code == 2
    assert result.stderr.endswith("(amber/green is a Delivery Confidence level: add 'scale: dca' to P1's rule)\n")


def test_a_published_rating_in_the_councils_words_is_read_as_the_level_it_labels(run):
    rules = """\
        defaults: {labels: {amber: Near target}}
        measures:
          - {id: A1, polarity: higher, target: 80, tolerance: 5}
    """
    quarter = "measures:\n  A1: {value: 77, published_rag: near target}\n"
    result = run("audit q.yaml --rules rules.yaml", {"rules.yaml": rules, "q.yaml": quarter})
    assert result.exit_code == 0
    assert result.stdout.endswith("1 measure checked (rag on 1, direction on 0), 1 agree, 0 disagree\n")


PERIOD_TARGETS = """\
    measures:
      A1: {value: 76%, target: n/a}
      A2: {value: 76%, target: 75%}
"""
TWO_RULES = """\
    measures:
      - {id: A1, polarity: higher, unit: percent, target: 80}
      - {id: A2, polarity: higher, unit: percent, target: 80, tolerance: 5}
"""


def test_a_quarters_no_target_words_leave_the_measure_unrated_and_show_in_the_target_column(run):
    files = {"rules.yaml": TWO_RULES, "q.yaml": PERIOD_TARGETS}
    table = run("evaluate q.yaml --rules rules.yaml", files).stdout
    assert "A1  A1       76%    -         n/a     -      -" in table
    assert "A2  A2       76%    -         75%     Green  -" in table
    document = json.loads(run("evaluate q.yaml --rules rules.yaml --format json", files).stdout)
    first = document["measures"][0]
    assert (first["target"], first["reason"]["rag"]) == (None, "not rated: no target this period ('n/a' in the file)")


def test_explain_says_a_target_came_from_the_quarter_file(run):
    files = {"rules.yaml": TWO_RULES, "q.yaml": PERIOD_TARGETS}
    out = run("explain q.yaml A2 --rules rules.yaml", files).stdout
    assert (
        "  target:     75% (a value exactly on target counts as met) (this period's, from the quarter file, line 3; "
        in out
    )
    assert "the rule's is 80)" in out


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("lots", "target: cannot read 'lots' as a target"),
        ("'<= 75%'", "target '<= 75%' uses '<=', which means lower is better, but polarity is higher"),
        ("70 - 80", "target: C1 is cumulative, so its target is one year-to-date figure, not a range"),
    ],
)
def test_a_quarters_own_target_is_checked_as_a_rules_is(target, message, run):
    rules = "measures:\n  - {id: C1, polarity: higher, unit: percent, target: 80, cumulative: true}\n"
    quarter = f"measures:\n  C1: {{value: 76%, target: {target}}}\n"
    result = run("evaluate q.yaml --rules rules.yaml", {"rules.yaml": rules, "q.yaml": quarter})
    assert result.exit_code == 2
    assert "q.yaml:2:" in result.stderr
    assert message in result.stderr


def test_a_stretch_on_a_range_without_polarity_is_an_error(run):
    rules = "measures:\n  - {id: R1, unit: percent, target: 28% - 40%, stretch: 45%}\n"
    files = {"rules.yaml": rules, "q.yaml": "measures:\n  R1: 30%\n"}
    result = run("validate --rules rules.yaml", files)
    assert "stretch: a range needs a polarity for a stretch target: which way is beyond it [scheme]" in result.stdout


def test_a_history_published_word_not_understood_is_a_warning(run):
    history = "id,period,value,published_rag\nK1,Q1 2023/24,86%,purple\nK1,Q2 2023/24,86%,green\n"
    result = run("audit h.csv --rules rules.yaml", {**FIRST_FILES, "h.csv": history})
    assert "h.csv:2: measure K1: published_rag: 'purple' is not a RAG rating" in result.stderr
    assert result.stdout.endswith("1 rating checked (rag on 1, direction on 0), 1 agree, 0 disagree\n")
