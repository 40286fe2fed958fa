"""Making Data Count's icons and matrix (output/mdc.py): semantics, text alternatives, every measure placed."""

from __future__ import annotations

import pytest

from ragcalc.output import mdc


@pytest.mark.parametrize(
    ("variation", "css", "letter", "label"),
    [
        ("improvement_high", "improvement", "H", "Special cause improvement (high values)"),
        ("concern_low", "concern", "L", "Special cause concern (low values)"),
        ("neither_high", "neither", "H", "Special cause neither improvement nor concern (high values)"),
        ("common_cause", "common", "", "Common cause variation"),
    ],
)
def test_a_variation_icon_has_its_class_colour_letter_and_words(variation, css, letter, label):
    assert mdc.variation_icon(variation) == mdc.Icon(css, letter, label, variation.replace("_", " "))


def test_an_assurance_icon_is_lettered_and_none_without_a_target():
    assert [mdc.assurance_icon(a).letter for a in ("pass", "fail", "hit_and_miss")] == ["P", "F", "?"]
    assert mdc.assurance_icon(None) is None
    assert mdc.variation_icon(None) is None


def test_the_matrix_places_every_measure_and_adds_a_row_only_for_too_few_points():
    placed = [
        mdc.Placed(mdc.Entry("A1", "chart-1"), "improvement_high", "pass"),
        mdc.Placed(mdc.Entry("B2", "chart-2"), "common_cause", None),
        mdc.Placed(mdc.Entry("C3", "chart-3"), "concern_low", "fail"),
    ]
    found = mdc.matrix(placed)
    assert found.columns == ("Pass", "Hit and miss", "Fail", "No target")
    cells = {label: [[e.label for e in entries] for entries in row] for label, row in found.rows}
    assert cells == {
        "Improvement": [["A1"], [], [], []],
        "Common cause": [[], [], [], ["B2"]],
        "Concern": [[], [], ["C3"], []],
        "Neither": [[], [], [], []],
    }
    few = mdc.matrix([*placed, mdc.Placed(mdc.Entry("D4", "chart-4"), None, None)])
    assert few.rows[-1] == (mdc.TOO_FEW, ((), (), (), (mdc.Entry("D4", "chart-4"),)))
