"""`ragcalc explain`: the whole reasoning for one measure, from the rule and the engine (explain.py)."""

from __future__ import annotations

import textwrap

from click.testing import CliRunner

from ragcalc.cli import main
from tests.helpers import ROOT


def explain(measure: str, root=ROOT):
    return CliRunner().invoke(
        main,
        ["explain", str(root / "examples" / "2022-23-q4.yaml"), measure, "--rules", str(root / "rules")],
        catch_exceptions=False,
    )


def body(result) -> str:
    return result.stdout.split("\n", 2)[2]  # after the title and the line naming the file


def test_explain_a_measure_whose_published_arrow_is_wrong():
    result = explain("CF204")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "CF204  % of care leavers in education, employment or training"
    assert body(result) == textwrap.dedent("""\

        Rule in force
          polarity:   higher is better
          target:     60 (a value exactly on target counts as met)
          tolerance:  0 (absolute, in percentage points): amber band 0
          threshold:  more than 2 points moves the arrow (normal threshold: target 60 is not below 10)
          basis:      points (auto: a percent measure)

        Value: 62.3% (previous: 64.3%)

        RAG: Green
          62.3% is better than the target 60 by 2.3 points
          shortfall: -2.3 (target - value, as higher is better); green at 0 or less, amber up to 0, red beyond

        Direction: Static →
          64.3% -> 62.3%: 2.0 points, not more than the 2-point threshold

        Published in the draft
          rag: green (agrees)
          direction: deteriorating (DISAGREES: the rules give static)
        """)


def test_explain_names_the_small_target_rule_and_relative_tolerance():
    out = explain("RS402").stdout
    assert "  tolerance:  10% (10% of the target's magnitude 8.5): amber band 0.85\n" in out
    assert (
        "  threshold:  more than 0.5% of the previous value moves the arrow "
        "(small-target rule: target 8.5 is below 10)\n"
    ) in out
    assert "  basis:      percent (auto: not a percent measure)\n" in out


def test_explain_a_strict_target():
    out = explain("CF203").stdout
    assert "  target:     < 22% (strict: the value must be beyond 22)\n" in out
    assert "green at 0 or less (strictly less, as the target is strict)" in out
    assert "RAG: Amber\n  22.0% is exactly at the target < 22%, which a strict target does not count as met" in out


def test_explain_a_hand_rated_item():
    out = explain("P01").stdout
    assert "hand-rated item (kind: project)" in out
    assert "RAG: Amber\n  rated amber by hand in the quarter file\n" in out
    assert "Direction: Deteriorating ↓\n  green -> amber (red < amber < green)\n" in out


def test_explain_a_measure_with_no_data():
    out = explain("RS406", ROOT / "tests" / "cases" / "v1").stdout  # version 1's example has no RS406
    assert "RAG: not rated\n  not rated: no data (the measure is not in the quarter file)\n" in out


def test_explain_an_unknown_id_suggests_the_nearest():
    result = explain("CF2O4")
    assert result.exit_code == 2
    assert result.stderr == "error: no measure 'CF2O4' in the rules (did you mean 'CF204'?)\n"


def test_explain_a_cumulative_measure_from_a_history():
    result = CliRunner().invoke(
        main,
        ["explain", str(ROOT / "examples" / "history-2022-23.csv"), "RS403", "--rules", str(ROOT / "rules")],
        catch_exceptions=False,
    )
    out = result.stdout
    assert out.splitlines()[1].endswith(" · Q4 2022/23 against Q4 2021/22")
    assert "  cumulative: year-to-date values against the annual target, profiled through the year (linear)" in out
    assert (
        "£2,000,000 is short of the target due by now, 2,500,000 (100% of the annual £2,500,000) by 500,000, "
        "more than the tolerance of 250,000 (10% of 2,500,000)"
    ) in out
    assert "Direction: Deteriorating ↓\n  £2,300,000 -> £2,000,000: 13.04% change" in out


def test_explain_a_green_band_says_the_shortfall_is_within_it():
    out = explain("CF202").stdout
    assert "  green_within: 5% (5% of the target's magnitude 65): green band 3.25\n" in out
    assert (
        "RAG: Green\n  68.2 is short of the target 65 by 3.2, within the green band of 3.25 (5% of 65), "
        "so still green\n" in out
    )
    assert (
        "  shortfall: 3.2 (value - target, as lower is better); green up to 3.25, amber up to 6.5, red beyond\n" in out
    )


def test_explain_a_stretch_target_says_exceeded_and_the_printed_label():
    out = explain("CP301").stdout
    assert "RAG: Exceeded\n  28,553 is at or beyond the stretch target 25,000: exceeded\n" in out
    assert "Direction: Improving ↑ (printed 'Getting better')\n" in out


def test_explain_a_range_measures_from_the_nearer_edge_and_the_arrow_by_the_distance():
    out = explain("RS406").stdout
    assert "  12.4% is short of the range 8% - 12% (its upper edge, 12) by 0.4 points, within the tolerance of 1" in out
    assert (
        "  14.8% -> 12.4%: 2.4 points nearer to the range 8% - 12%, more than the 2-point threshold; "
        "nearer the range is better\n"
    ) in out


def test_explain_any_change_names_the_key():
    out = explain("RS405").stdout
    assert "(direction: any-change: any change at all counts, at every target size)" in out
