"""Two arrows (issue 26, item 2): a quarter file's `year_ago` value (or a history's same period a year before) and
`--compare previous,year-ago` show the arrow against the period before and the one against a year before side by
side in every format, each counted in the summary; a draft's `published_direction_year_ago` is audited."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ROOT

CASE = ROOT / "tests" / "cases" / "two-arrows"
BOTH = ["--rules", str(CASE / "rules.yaml"), "--compare", "previous,year-ago"]
QUARTER = str(CASE / "quarter.yaml")


def test_json_gives_both_arrows_the_year_ago_value_and_both_counts(ragcalc):
    found = json.loads(ragcalc(["evaluate", QUARTER, *BOTH, "--format", "json"], code=0).stdout)
    first = found["measures"][0]
    assert {key: first[key] for key in ("previous", "year_ago", "direction", "direction_year_ago")} == {
        "previous": 270, "year_ago": 240, "direction": "improving", "direction_year_ago": "deteriorating",
    }  # fmt: skip
    assert first["reason"]["direction_year_ago"] == (
        "240 -> 262: 9.17% change, more than the 2% threshold; lower is better"
    )
    total = found["summary"]["total"]
    assert [total[f"{word}_year_ago"] for word in ("improving", "static", "deteriorating", "no_direction")] == [
        2,
        1,
        1,
        0,
    ]
    assert (total["improving_year_ago_pct"], found["summary"]["improving_year_ago_pct"]) == (50.0, 50.0)


def test_a_change_on_a_year_ago_of_exactly_the_threshold_is_static(ragcalc):
    found = json.loads(ragcalc(["evaluate", QUARTER, *BOTH, "--format", "json"], code=0).stdout)
    recycled = found["measures"][3]
    assert (recycled["year_ago"], recycled["value"], recycled["direction_year_ago"]) == (42.1, 44.1, "static")


def test_csv_puts_the_second_arrow_beside_the_first(ragcalc):
    lines = ragcalc(["evaluate", QUARTER, *BOTH, "--format", "csv"], code=0).stdout.splitlines()
    assert lines[0] == (
        "id,name,group,unit,polarity,value,previous,target,comparator,tolerance,rag,direction,year_ago,"
        "direction_year_ago,change,published_rag,published_direction,note,published_direction_year_ago"
    )
    assert lines[3] == (
        'CS01,"Missed bin collections per 100,000",Environment,count,lower,58,57,60,,10,green,static,71,Better,1,,,,'
    )


def test_the_page_and_the_workbook_show_both_arrows(ragcalc):
    page = ragcalc(["evaluate", QUARTER, *BOTH, "--format", "html"], code=0).stdout
    assert '<th scope="col" class="number">Year ago</th><th scope="col">Direction on a year ago</th>' in page
    assert '<abbr title="Improving on a year before">↑ yr</abbr>' in page
    pytest.importorskip("openpyxl")
    from openpyxl import load_workbook

    ragcalc(["evaluate", QUARTER, *BOTH, "-o", "pack.xlsx"], code=0)
    book = load_workbook(ragcalc.folder / "pack.xlsx", read_only=True)
    header, first = book["Housing"].iter_rows(min_row=4, max_row=5, values_only=True)
    assert header[6:9] == ("Direction", "Year ago", "Direction on a year ago")
    assert first[6:9] == ("improving", 240, "deteriorating")
    summary = next(book["Summary"].iter_rows(min_row=4, max_row=4, values_only=True))
    assert "Improving on a year before" in summary
    assert "% improving on a year before" in summary


def test_without_the_option_a_year_ago_value_changes_nothing_printed(ragcalc):
    args = ["evaluate", QUARTER, "--rules", str(CASE / "rules.yaml")]
    found = json.loads(ragcalc([*args, "--format", "json"], code=0).stdout)
    assert "year_ago" not in found["measures"][0]
    assert "improving_year_ago" not in found["summary"]["total"]


def test_the_option_on_a_quarter_without_year_ago_values_is_refused(ragcalc):
    files = {"r.yaml": "measures:\n  - {id: A, polarity: higher, target: 5}\n", "q.yaml": "measures:\n  A: 6\n"}
    result = ragcalc("evaluate q.yaml --rules r.yaml --compare previous,year-ago", files, code=2)
    assert result.stderr == (
        "error: --compare previous,year-ago: q.yaml gives no year_ago value, so there is no arrow against a year "
        "before; add the same period's value a year before (year_ago: in YAML, a year_ago column in CSV)\n"
    )


def test_a_csv_quarter_gives_year_ago_in_its_own_column(ragcalc):
    files = {"r.yaml": "measures:\n  - {id: A, polarity: higher, target: 5}\n",
             "q.csv": "id,value,previous,year_ago\nA,6,6,3\n"}  # fmt: skip
    found = json.loads(ragcalc("evaluate q.csv --rules r.yaml --compare previous,year-ago --format json", files,
                               code=0).stdout)  # fmt: skip
    assert (found["measures"][0]["direction"], found["measures"][0]["direction_year_ago"]) == ("static", "improving")


HISTORY = """\
id,period,value,published_direction,published_direction_year_ago
A,Q3 2023/24,50,,
A,Q2 2024/25,58,,
A,Q3 2024/25,57,static,improving
"""


def test_a_history_gives_the_same_period_a_year_before(ragcalc):
    files = {"r.yaml": "measures:\n  - {id: A, polarity: higher, target: 55}\n", "h.csv": HISTORY}
    found = json.loads(ragcalc("evaluate h.csv --rules r.yaml --compare previous,year-ago --format json", files,
                               code=0).stdout)["measures"][0]  # fmt: skip
    assert (found["previous"], found["year_ago"], found["direction"], found["direction_year_ago"]) == (
        58, 50, "static", "improving",
    )  # fmt: skip


def test_audit_flags_a_published_year_ago_arrow_the_rules_do_not_give(ragcalc):
    files = {"r.yaml": "measures:\n  - {id: A, polarity: higher, target: 55}\n",
             "h.csv": HISTORY.replace("static,improving", "static,deteriorating")}  # fmt: skip
    result = ragcalc("audit h.csv --rules r.yaml", files, code=1)
    assert result.stdout.splitlines()[4] == (
        "A   Q3 2024/25  direction_year_ago  deteriorating  improving  50 -> 57: 14.00% change, more than the 2% "
        "threshold; higher is better"
    )
    assert result.stdout.splitlines()[-1] == (
        "1 rating checked (rag on 0, direction on 1, direction_year_ago on 1), 0 agree, 1 disagree"
    )


def test_audit_flags_a_published_count_of_year_ago_arrows_naming_the_measures(ragcalc):
    quarter = (
        (CASE / "quarter.yaml")
        .read_text()
        .replace("measures:", "published_counts:\n  total: {improving_year_ago: 3}\nmeasures:")
        .replace("year_ago: 240}", "year_ago: 240, published_direction_year_ago: worse}")
    )
    result = ragcalc(["audit", "q.yaml", "--rules", str(CASE / "rules.yaml"), "--format", "json"], {"q.yaml": quarter},
                     code=1)  # fmt: skip
    (wrong,) = json.loads(result.stdout)["disagreements"]
    assert (wrong["field"], wrong["published"], wrong["computed"]) == ("count improving_year_ago", "3", "2")
    assert wrong["reason"] == "the rules count improving_year_ago: HS02, CS01"


def test_a_quarter_file_may_not_use_the_history_only_compare_choices(ragcalc):
    result = ragcalc(["evaluate", QUARTER, "--rules", str(CASE / "rules.yaml"), "--compare", "year-ago"], code=2)
    assert "apply to history files" in result.stderr
