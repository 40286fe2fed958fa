"""A scorecard's records (records.py): a rule's measures written into the layout its second measure makes are the
records the JSON writer would lay out one by one, for every kind of input the project ships or pins."""

from __future__ import annotations

from pathlib import Path

import pytest

import ragcalc
from ragcalc.output import records
from ragcalc.output.jsonwriter import chunks

ROOT = Path(__file__).parents[2]
INPUTS = [
    ("rules", "examples/2022-23-q4.yaml", {}),
    ("rules", "examples/history-2022-23.csv", {}),
    ("rules", "examples/history-2022-23.csv", {"period": "Q2 2022/23"}),  # forecasts
    ("rules", "examples/areas-2022-23.csv", {}),
    ("rules", "examples/monthly-2021-23.csv", {}),
    ("examples/public-health/rules.yaml", "examples/public-health/2022-23.csv", {}),  # benchmarks
    ("tests/cases/v1/rules", "tests/cases/v1/examples/2022-23-q4.yaml", {}),
    *(
        (f"tests/cases/{case}/rules.yaml", f"tests/cases/{case}/quarter.yaml", {})
        for case in ("boundaries", "scheme-edges", "several-targets", "direction-caps")
    ),
    ("tests/cases/comparison-groups/rules.yaml", "tests/cases/comparison-groups/quarter.csv", {}),
]


@pytest.mark.parametrize(("rules", "data", "options"), INPUTS)
def test_a_measure_written_into_its_rules_layout_is_its_record_as_laid_out(rules, data, options):
    report = ragcalc.evaluate(ROOT / rules, ROOT / data, **options).report
    one_by_one = [records.measure_record(rating) for rating in report.ratings]
    assert "".join(chunks(records._measures(report), 1)) == "".join(chunks(one_by_one, 1))


def test_a_region_s_measures_are_written_into_their_rules_layouts_from_each_rule_s_second_on():
    """The test above is not passed by writing every record whole: of 3 areas x 30 measures, the first area's are
    written whole (each rule's first measure, as every measure of a file without areas is), the others' into their
    rule's layout but those of CF202 (green_within) and CP301 (stretch), whose bands are made whole each time, and
    Wakefield's VS101, the first against its own target (70%, its row's)."""
    report = ragcalc.evaluate(ROOT / "rules", ROOT / "examples/areas-2022-23.csv").report
    whole = [(measure["area"], measure["id"]) for measure in records._measures(report) if isinstance(measure, dict)]
    first_area = [("Calderdale", rating.rule.id) for rating in report.ratings[:30]]
    schemes = [(area, measure) for area in ("Kirklees", "Wakefield") for measure in ("CF202", "CP301")]
    assert whole == [*first_area, *schemes[:2], ("Wakefield", "VS101"), *schemes[2:]]


def test_measures_with_year_end_forecasts_written_into_their_rules_layout_are_their_records(tmp_path):
    (tmp_path / "rules.yaml").write_text(
        "measures:\n"
        "  - {id: M1, unit: percent, polarity: higher, target: 60, tolerance: 5, forecast: linear}\n"
        "  - {id: M2, unit: count, polarity: lower, target: 90, tolerance: 10, forecast: latest}\n",
        encoding="utf-8",
    )
    rows = [
        f"{area},{measure},Q{quarter} 2022/23,{40 + 7 * n % 50}"
        for n, (area, measure, quarter) in enumerate(
            (area, measure, quarter)
            for area in ("Leeds", "York", "Hull")
            for measure in ("M1", "M2")
            for quarter in (1, 2)
        )
    ]
    (tmp_path / "h.csv").write_text("area,id,period,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = ragcalc.evaluate(tmp_path / "rules.yaml", tmp_path / "h.csv").report
    measures = records._measures(report)
    one_by_one = [records.measure_record(rating) for rating in report.ratings]
    assert "".join(chunks(measures, 1)) == "".join(chunks(one_by_one, 1))
    assert [isinstance(measure, str) for measure in measures] == [False, False, True, True, True, True]
    assert all("forecast_method" in record for record in one_by_one)
