"""Loading rule files: defaults, kinds, cross-key checks, every error with file, line and id (rules.py)."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from ragcalc.errors import InputError
from ragcalc.inputs.rules import load_rules
from ragcalc.rating.vocabulary import Basis, Comparator, Kind, Polarity, Status, Unit
from tests.helpers import error_lines, loaded


def write(tmp_path, text: str, name: str = "rules.yaml") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def load(path: str):
    return loaded(load_rules, path)[0].rules


def errors(path: str) -> list[str]:
    return error_lines(load_rules, path, "R")


def test_full_measure_is_read(tmp_path):
    [rule] = load(
        write(
            tmp_path,
            """
        measures:
          - id: VS101
            name: "% of providers judged good or outstanding by CQC"
            polarity: higher
            unit: percent
            target: ">= 74%"
            tolerance: 4
            group: Adults
            tags: {outcome: Healthy lives}
            direction: {threshold: 1, basis: points}
    """,
        )
    )
    assert (rule.id, rule.polarity, rule.unit, rule.group) == ("VS101", Polarity.HIGHER, Unit.PERCENT, "Adults")
    assert (rule.target.amount, rule.target.comparator) == (Decimal(74), Comparator.GE)
    assert rule.tolerance.resolve(rule.target.amount) == 4
    assert rule.tag("outcome") == "Healthy lives"
    assert (rule.direction.threshold, rule.direction.small_target_threshold, rule.direction.basis) == (
        Decimal(1),
        Decimal("0.5"),
        Basis.POINTS,
    )
    assert rule.location.line == 3


def test_defaults_apply_and_measures_override_key_by_key(tmp_path):
    a, b = load(
        write(
            tmp_path,
            """
        defaults:
          group: Adults
          tolerance: 6%
          direction: {threshold: 3, small_target_below: 5}
        measures:
          - {id: A, polarity: higher, target: 100}
          - {id: B, polarity: lower, target: 100, tolerance: 1, direction: {threshold: 1}}
    """,
        )
    )
    assert (a.group, a.tolerance.text, a.direction.threshold, a.direction.small_target_below) == ("Adults", "6%", 3, 5)
    assert (b.group, b.tolerance.text, b.direction.threshold, b.direction.small_target_below) == ("Adults", "1", 1, 5)


def test_unspecified_keys_take_their_documented_defaults(tmp_path):
    [rule] = load(write(tmp_path, "measures:\n  - {id: A, polarity: higher}\n"))
    assert (rule.name, rule.unit, rule.target, rule.tolerance.amount, rule.group, rule.rated, rule.status) == (
        "A",
        Unit.COUNT,
        None,
        0,
        "Ungrouped",
        True,
        Status.ACTIVE,
    )
    assert (
        rule.direction.threshold,
        rule.direction.small_target_threshold,
        rule.direction.small_target_below,
        rule.direction.basis,
    ) == (2, Decimal("0.5"), 10, Basis.AUTO)


def test_comparator_sets_polarity_when_none_is_given(tmp_path):
    [rule] = load(write(tmp_path, "measures:\n  - {id: A, target: '< 600'}\n"))
    assert rule.polarity is Polarity.LOWER


def test_folder_is_read_in_sorted_order_yaml_and_yml(tmp_path):
    write(tmp_path, "measures:\n  - {id: B, polarity: higher}\n", "b.yml")
    write(tmp_path, "measures:\n  - {id: A, polarity: higher}\n", "a.yaml")
    write(tmp_path, "not rules", "notes.txt")
    assert [r.id for r in load(str(tmp_path))] == ["A", "B"]


def test_project_needs_only_id_and_name_and_ignores_measure_defaults(tmp_path):
    [rule] = load(
        write(
            tmp_path,
            """
        defaults: {tolerance: 6%, group: Projects}
        measures:
          - {id: P01, name: Leisure centre, kind: project}
    """,
        )
    )
    assert (rule.kind, rule.group, rule.polarity) == (Kind.PROJECT, "Projects", None)


def test_unknown_key_is_an_error_with_did_you_mean(tmp_path):
    path = write(
        tmp_path,
        """
        measures:
          - id: VS101
            polarity: higher
            tolerence: 4
    """,
    )
    assert errors(path) == ["R:5: measure VS101: unknown key 'tolerence' (did you mean 'tolerance'?)"]


def test_wrong_type_names_the_key_and_the_text(tmp_path):
    path = write(
        tmp_path,
        """
        measures:
          - id: VS101
            polarity: higher
            target: ninety
    """,
    )
    [message] = errors(path)
    assert message.startswith("R:5: measure VS101: target: cannot read 'ninety' as a target; write a number")


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ("{polarity: higher}", "R:3: measure has no 'id'; add one (e.g. id: VS101)"),
        ("{id: A, polarity: up}", "R:3: measure A: polarity: expected one of higher, lower, none, got 'up'"),
        (
            "{id: A, polarity: lower, target: '>= 5'}",
            "R:3: measure A: target '>= 5' uses '>=', which means higher is better, "
            "but polarity is lower; make them agree",
        ),
        (
            "{id: A, target: 5}",
            "R:3: measure A: polarity: missing; add 'polarity: higher' or 'polarity: lower' (which way is better "
            "against the target)",
        ),
        (
            "{id: A, polarity: higher, tolerance: -1}",
            "R:3: measure A: tolerance: '-1' is negative; it is the width of the amber band, 0 or more",
        ),
        (
            "{id: A, polarity: higher, direction: {threshold: -2}}",
            "R:3: measure A: direction: threshold: expected a number of 0 or more, got '-2'",
        ),
        (
            "{id: A, polarity: higher, direction: {treshold: 1}}",
            "R:3: measure A: direction: unknown key 'treshold' (did you mean 'threshold'?)",
        ),
        (
            "{id: A, polarity: higher, target: 90%}",
            "R:3: measure A: target: '90%' has a % sign but the measure's unit is count; "
            "set 'unit: percent' in the rules or drop the %",
        ),
        (
            "{id: A, kind: project, target: 5}",
            "R:3: measure A: target: not used by a hand-rated item (kind: project); remove it",
        ),
        (
            "{id: A, polarity: higher, cumulative: true, profile: [0.25, 0.25, 0.25, 0.25]}",
            "R:3: measure A: profile: [0.25, 0.25, 0.25, 0.25] is not a running total: each share is what is due "
            "by that period, so they rise and the last is 1 (e.g. [0.25, 0.5, 0.75, 1])",
        ),
        (
            "{id: A, polarity: higher, cumulative: true, profile: [0.5, 0.4, 0.9, 1]}",
            "R:3: measure A: profile: [0.5, 0.4, 0.9, 1] is not a running total: each share is what is due "
            "by that period, so they rise and the last is 1 (e.g. [0.25, 0.5, 0.75, 1])",
        ),
        ("{id: A, polarity: higher, rated: maybe}", "R:3: measure A: rated: expected true or false, got 'maybe'"),
        (
            "{id: 'A\u200bB', polarity: higher}",
            "R:3: id: 'A\u200bB' has an invisible character at position 2 (U+200B ZERO WIDTH SPACE); "
            "retype the id without it",
        ),
        ("{id: 'A B', polarity: higher}", "R:3: id: expected an id without spaces or commas (e.g. VS101), got 'A B'"),
        (
            "{id: A, polarity: higher, tags: [x]}",
            "R:3: measure A: tags: expected a mapping of labels (e.g. {outcome: Healthy lives}), got a list",
        ),
    ],
)
def test_bad_measures_are_reported_with_file_line_and_id(tmp_path, measure, expected):
    path = write(tmp_path, f"# rules\nmeasures:\n  - {measure}\n")
    assert errors(path) == [expected]


def test_a_bad_kind_is_reported_once(tmp_path):
    path = write(tmp_path, "measures:\n  - {id: A, kind: projet}\n")
    assert errors(path) == ["R:2: measure A: kind: expected one of measure, project, got 'projet'"]


def test_a_key_a_project_cannot_use_is_reported_once_even_if_also_defaulted(tmp_path):
    path = write(tmp_path, "defaults: {target: 5}\nmeasures:\n  - {id: P, kind: project, target: 6}\n")
    assert errors(path) == ["R:3: measure P: target: not used by a hand-rated item (kind: project); remove it"]


def test_every_problem_is_reported_in_line_order_not_just_the_first(tmp_path):
    path = write(
        tmp_path,
        """
        measures:
          - {id: A, polarity: sideways}
          - {id: B, polarity: higher}
          - {id: C, polarity: higher, unit: percnt}
    """,
    )
    assert [m.split(":")[1] for m in errors(path)] == ["3", "5"]


def test_duplicate_ids_across_files_name_both_places(tmp_path):
    write(tmp_path, "measures:\n  - {id: A, polarity: higher}\n", "a.yaml")
    write(tmp_path, "measures:\n  - {id: X, polarity: higher}\n  - {id: A, polarity: lower}\n", "b.yaml")
    [message] = errors(str(tmp_path))
    assert message == "R/b.yaml:3: measure A: duplicate id (first defined at R/a.yaml:2); ids must be unique"


def test_duplicate_id_is_reported_even_when_the_copy_has_other_errors(tmp_path):
    path = write(tmp_path, "measures:\n  - {id: A, polarity: higher}\n  - {id: A, polarity: up}\n")
    assert any("duplicate id" in m for m in errors(path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "R: is empty; a rule file needs a 'measures:' list"),
        ("- a\n- b\n", "R:1: expected 'measures:' (and optional 'defaults:') at the top of a rule file"),
        ("measures: {A: 1}\n", "R:1: 'measures:' must be a list of measures (each starting '- id: ...')"),
        (
            "mesures: []\n",
            "R:1: unknown key 'mesures' (did you mean 'measures'?); a rule file holds 'defaults', 'measures', "
            "'input' and 'report'",
        ),
        ("defaults: {id: X}\nmeasures: []\n", "R:1: defaults: 'id' cannot have a default; each measure needs its own"),
        (
            "defaults: {tolerence: 1}\nmeasures: []\n",
            "R:1: defaults: unknown key 'tolerence' (did you mean 'tolerance'?)",
        ),
    ],
)
def test_bad_rule_files_are_reported(tmp_path, text, expected):
    assert expected in errors(write(tmp_path, text))


def test_missing_rules_path_says_how_to_give_one(tmp_path):
    with pytest.raises(InputError, match="give --rules a rule file or a folder"):
        load(str(tmp_path / "nowhere"))


def test_empty_rules_folder_is_an_error(tmp_path):
    with pytest.raises(InputError, match=r"no rule files \(\*.yaml, \*.yml\) in this folder"):
        load(str(tmp_path))


def test_a_problem_written_by_several_measures_is_reported_at_each_line(tmp_path):
    """A value read once is not read again, but a wrong one is said wherever it is written, as are the defaults'."""
    path = write(tmp_path, """\
        defaults: {spc: {shift: 1}}
        measures:
          - {id: A, polarity: hgher, target: 5}
          - {id: B, polarity: hgher, target: 5}
          - {id: C, polarity: higher, target: 5, spc: {trend: 5}}
    """)  # fmt: skip
    shift = "spc: shift: expected a whole number of points, 2 or more, got '1'"
    polarity = "polarity: expected one of higher, lower, none, got 'hgher'"
    assert errors(path) == [
        f"R:1: measure A: {shift}",
        f"R:1: measure B: {shift}",
        f"R:1: measure C: {shift}",
        f"R:3: measure A: {polarity}",
        f"R:4: measure B: {polarity}",
    ]


def test_the_defaults_direction_and_spc_settings_apply_key_by_key_with_a_measures_own(tmp_path):
    path = write(tmp_path, """\
        defaults: {polarity: higher, target: 5, spc: {shift: 6}, direction: {threshold: 2}}
        measures:
          - {id: A}
          - {id: B, spc: {trend: 5}}
          - {id: C, target: 5, polarity: higher}
    """)  # fmt: skip
    found = {rule.id: rule for rule in load(path)}
    assert [(found[i].spc.shift, found[i].spc.trend, found[i].direction.threshold) for i in "ABC"] == [
        (6, 7, Decimal(2)),
        (6, 5, Decimal(2)),
        (6, 7, Decimal(2)),
    ]


@pytest.mark.parametrize(
    "defaults",
    [
        "{}",
        "{polarity: higher, target: 5, name: Default name}",
        "{unit: percent, spc: {shift: 6}}",
        "{tolerance: {2023/24: 1, 2024/25: 2}}",  # a key by period: each rule's stretches of time name it
    ],
)
def test_measures_written_alike_load_as_each_would_alone(tmp_path, defaults):
    """A rule read once is reused for a measure that writes the same keys but for its id and name: each loads as it
    would in a file of its own, with its own id, name and line."""
    measures = [
        "{id: A, polarity: higher, target: 5}",
        "{id: B, polarity: higher, target: 5}",
        "{id: C, polarity: higher, target: 5, name: Named}",
        "{id: D, name: '', polarity: higher, target: 5}",
        "{id: E, kind: project, name: A project}",
        "{id: F, kind: project}",
        "{id: G, polarity: higher, target: {2023/24: 5, 2024/25: 6}}",
        "{id: H, polarity: higher, target: {2023/24: 5, 2024/25: 6}}",
        "{id: I, polarity: higher, target: 5.0}",
    ]
    together = load(write(tmp_path, f"defaults: {defaults}\nmeasures:\n" + "".join(f"  - {m}\n" for m in measures)))
    for line, (measure, rule) in enumerate(zip(measures, together, strict=True), 3):
        [alone] = load(write(tmp_path, f"defaults: {defaults}\nmeasures:\n  - {measure}\n", name="alone.yaml"))
        assert _placed(rule, line) == _placed(alone, line)


def _placed(rule, line):
    """The rule, and each of its rules by period, placed at `line` of one file."""
    changes = tuple(change._replace(rule=_placed(change.rule, line)) for change in rule.changes)
    return rule._replace(location=rule.location._replace(file="R", line=line), changes=changes)
