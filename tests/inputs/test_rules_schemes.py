"""Rule-file keys of the rating schemes: green_within, ranges, stretch, labels, scale, signed, any-change."""

from __future__ import annotations

from decimal import Decimal

from ragcalc.inputs.rules import load_rules
from ragcalc.rating.vocabulary import Scale
from tests.helpers import error_lines, loaded
from tests.inputs.test_rules import write


def one(tmp_path, keys: str):
    path = write(tmp_path, "measures:\n  - id: M1\n" + "".join(f"    {line}\n" for line in keys.splitlines()))
    return path


def test_any_change_sets_both_thresholds_to_zero(tmp_path):
    (rule,) = loaded(load_rules, one(tmp_path, "polarity: higher\ntarget: 5\ndirection: any-change"))[0].rules
    assert (rule.direction.threshold, rule.direction.small_target_threshold, rule.direction.any_change) == (0, 0, True)


def test_any_change_from_defaults_survives_a_measure_choosing_its_basis(tmp_path):
    path = write(
        tmp_path,
        """\
        defaults: {direction: any-change}
        measures:
          - {id: M1, polarity: higher, target: 5, direction: {basis: points}}
          - {id: M2, polarity: higher, target: 5, direction: {threshold: 1}}
        """,
    )
    first, second = loaded(load_rules, path)[0].rules
    assert (first.direction.any_change, first.direction.threshold) == (True, 0)
    assert (second.direction.any_change, second.direction.small_target_threshold) == (False, 0)


def test_direction_other_than_a_mapping_or_any_change_is_refused(tmp_path):
    assert error_lines(load_rules, one(tmp_path, "polarity: higher\ndirection: anything"), "R") == [
        "R:4: measure M1: direction: expected a mapping such as {threshold: 2, basis: points}, or any-change, "
        "got 'anything'"
    ]


def test_green_within_wider_than_tolerance_is_an_error(tmp_path):
    (line,) = error_lines(
        load_rules, one(tmp_path, "polarity: higher\ntarget: 80\ngreen_within: 10%\ntolerance: 5%"), "R"
    )
    assert line.startswith("R:5: measure M1: green_within 10% is wider than tolerance 5%")


def test_range_target_needs_no_polarity(tmp_path):
    (rule,) = loaded(load_rules, one(tmp_path, "unit: percent\ntarget: 28% - 40%"))[0].rules
    assert rule.polarity is None
    assert rule.target is not None
    assert rule.target.high == Decimal(40)


def test_range_on_a_cumulative_measure_is_an_error(tmp_path):
    (line,) = error_lines(load_rules, one(tmp_path, "unit: count\ncumulative: true\ntarget: 10 - 20"), "R")
    assert "is cumulative, so its target is one annual figure" in line


def test_stretch_short_of_the_target_is_an_error(tmp_path):
    (line,) = error_lines(load_rules, one(tmp_path, "polarity: higher\ntarget: 90\nstretch: 85"), "R")
    assert line.startswith("R:5: measure M1: stretch 85 is not beyond the target 90 (higher is better)")


def test_stretch_comparator_against_polarity_is_an_error(tmp_path):
    (line,) = error_lines(load_rules, one(tmp_path, "polarity: lower\ntarget: 100\nstretch: '>= 95'"), "R")
    assert "stretch '>= 95' uses '>='" in line


def test_labels_with_an_unknown_key_say_which_keys_exist(tmp_path):
    (line,) = error_lines(load_rules, one(tmp_path, "polarity: higher\nlabels: {gren: On target}"), "R")
    assert "unknown label 'gren' (did you mean 'green'?)" in line


def test_one_label_for_two_ratings_is_an_error(tmp_path):
    (line,) = error_lines(
        load_rules, one(tmp_path, "polarity: higher\nlabels: {green: On target, amber: on target}"), "R"
    )
    assert "'on target' is the label of both green and amber" in line


def test_dca_scale_is_for_hand_rated_items_only(tmp_path):
    (line,) = error_lines(load_rules, one(tmp_path, "polarity: higher\nscale: dca"), "R")
    assert "scale: dca rates hand-rated items" in line
    (project,) = loaded(load_rules, one(tmp_path, "kind: project\nscale: dca"))[0].rules
    assert project.scale is Scale.DCA


def test_a_negative_green_within_names_the_green_band(tmp_path):
    (line,) = error_lines(load_rules, one(tmp_path, "polarity: higher\ngreen_within: -1"), "R")
    assert line == "R:4: measure M1: green_within: '-1' is negative; it is the width of the green band, 0 or more"


def test_a_measures_labels_add_to_the_defaults_key_by_key(tmp_path):
    path = write(
        tmp_path,
        """\
        defaults: {labels: {improving: Getting better, green: On target}}
        measures:
          - {id: M1, polarity: higher, labels: {green: Met}}
          - {id: M2, polarity: higher, labels: {amber: getting better}}
        """,
    )
    assert error_lines(load_rules, path, "R") == [
        "R:4: measure M2: labels: 'getting better' is the label of both improving and amber; give each its own words"
    ]
    path = write(
        tmp_path,
        "defaults: {labels: {improving: Better}}\nmeasures:\n  - {id: M1, polarity: higher, labels: {green: Met}}",
    )
    (rule,) = loaded(load_rules, path)[0].rules
    assert rule.labels == (("improving", "Better"), ("green", "Met"))
