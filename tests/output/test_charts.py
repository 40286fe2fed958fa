"""SPC chart geometry (output/charts.py): round-number ticks, a far target marked at the edge so the series stays
readable, and limits not drawn past what the unit allows."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ragcalc.output import charts
from ragcalc.rating.vocabulary import Unit


def points(values, limits=None):
    return [charts.SpcPoint(charts.Value(f"P{i}", Decimal(str(v)), str(v)), limits, None) for i, v in enumerate(values)]


@given(st.floats(-1e6, 1e6), st.floats(1e-3, 1e6))
def test_ticks_are_four_to_six_round_numbers_covering_the_range(low, span):
    ticks, bottom, top = charts.nice_ticks(low, low + span)
    assert 4 <= len(ticks) <= 6
    assert bottom <= low
    assert top >= low + span
    step = ticks[1] - ticks[0]
    assert step.normalize().as_tuple().digits in ((1,), (2,), (2, 5), (5,))  # 1, 2, 2.5 or 5 times a power of ten
    assert all(later - earlier == step for earlier, later in itertools.pairwise(ticks))


def test_a_far_target_is_marked_at_the_edge_and_the_series_keeps_half_the_height():
    series = points([57.8, 58.1, 58.4, 57.9, 58.6, 58.2], (Decimal(58), Decimal(57), Decimal(59)))
    picture, axes = charts.spc_chart(series, Decimal(92), Unit.PERCENT)
    ys = [y for _, y in picture.path]
    assert max(ys) - min(ys) >= (axes.bottom - axes.top) / 2 * 0.5  # the values' own spread, not squeezed
    limit_ys = [line.y1 for line in picture.lines]
    assert max(limit_ys) - min(limit_ys) >= (axes.bottom - axes.top) / 2
    assert not any(line.kind == "target" for line in picture.lines)
    marker = next(label for label in axes.labels if label.kind == "target")
    assert marker.text == "Target 92% above ↑"
    assert marker.y < (axes.top + axes.bottom) / 4  # at the top edge (below the upper limit's label)
    assert "the target, 92%, is above the chart's scale" in axes.notes


@pytest.mark.parametrize(("unit", "drawn"), [(Unit.COUNT, "Lower limit 0"), (Unit.RATE, "Lower limit -4")])
def test_a_lower_limit_is_not_drawn_below_what_the_unit_allows(unit, drawn):
    series = points([1, 9, 2, 8, 1, 9], (Decimal(5), Decimal(-4), Decimal(14)))
    _, axes = charts.spc_chart(series, None, unit)
    assert drawn in [label.text for label in axes.labels]
    assert any("lower limit (-4) is drawn at 0" in note for note in axes.notes) is (unit is Unit.COUNT)
