"""Small builders shared by the tests: rules from the words a rule file would use, one-line band checks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ragcalc.inputs.keys import DIRECTION_FIELDS, FIELDS, SPC_FIELDS
from ragcalc.inputs.numbers import parse_target, parse_tolerance, parse_value
from ragcalc.rating import engine
from ragcalc.rating.model import DirectionRule, Reading, Rule
from ragcalc.rating.spc import SpcSettings
from ragcalc.rating.vocabulary import Basis, Direction, Kind, Polarity, Rag, Scale, Status, Unit

ROOT = Path(__file__).resolve().parent.parent


def rule(
    target: str | None = "74",
    polarity: str | None = "higher",
    unit: str = "percent",
    tolerance: str = "0",
    *,
    threshold: str = "2",
    small_threshold: str = "0.5",
    small_below: str = "10",
    basis: str = "auto",
    rated: bool = True,
    status: str = "active",
    kind: str = "measure",
    group: str = "G",
    tags: tuple[tuple[str, str], ...] = (),
    id: str = "M1",
    green_within: str = "0",
    stretch: str | None = None,
    labels: tuple[tuple[str, str], ...] = (),
    scale: str = "rag",
    spc: SpcSettings | None = None,
    **given: Any,
) -> Rule:
    """A rule as the rule loader makes one: every key the key table declares (`inputs/keys.py`) at its default, so
    a new key needs nothing here; then these, written as a rule file writes them, and any other key `given`
    parsed already (`cumulative=True`)."""
    parsed = parse_target(target)
    implied = parsed.comparator.polarity if parsed and parsed.comparator else None  # '< 600': lower is better
    values = {field.name: field.default for field in FIELDS if field.name not in ("id", "direction", "spc")}
    values.update(
        name=f"measure {id}",
        polarity=Polarity(polarity) if polarity else implied,
        unit=Unit(unit),
        target=parsed,
        tolerance=parse_tolerance(tolerance),
        green_within=parse_tolerance(green_within),
        stretch=parse_target(stretch),
        group=group,
        tags=tags,
        labels=labels,
        rated=rated,
        status=Status(status),
        kind=Kind(kind),
        scale=Scale(scale),
        **given,
    )
    direction = {field.name: field.default for field in DIRECTION_FIELDS}
    direction.update(
        threshold=Decimal(threshold),
        small_target_threshold=Decimal(small_threshold),
        small_target_below=Decimal(small_below),
        basis=Basis(basis),
    )
    settings = spc or SpcSettings(**{field.name: field.default for field in SPC_FIELDS})
    return Rule(
        id=id, direction=DirectionRule(**direction, any_change=False), spc=settings, no_target_text=None, **values
    )


def reading(value: str | None, previous: str | None = None, id: str = "M1", **extra: object) -> Reading:
    return Reading(id, parse_value(value), parse_value(previous), **extra)  # type: ignore[arg-type]


def check(
    r: Rule, value: str | None, previous: str | None = None, *, expect: tuple[Rag | None, Direction | None]
) -> None:
    rating = engine.rate(r, reading(value, previous, r.id))
    assert (rating.rag, rating.direction) == expect, f"{value} (previous {previous}) against {r.target}"


def write_inputs(folder, rules: str, quarter: str) -> None:
    """rules.yaml and q.yaml in `folder`, from indented literal text."""
    import textwrap

    (folder / "rules.yaml").write_text(textwrap.dedent(rules), encoding="utf-8")
    (folder / "q.yaml").write_text(textwrap.dedent(quarter), encoding="utf-8")


def loaded(load, path: str):
    """What `load(path, collector)` returns, with the collector's errors raised as the CLI would."""
    from ragcalc.errors import Collector

    collector = Collector()
    result = load(path, collector)
    collector.raise_errors()
    return result, collector.warnings


def rule_findings(folder: Path, text: str) -> list:
    """Every finding the rule loader makes of a rule file holding `text` (written into `folder`), errors and
    warnings, in the order it made them."""
    from ragcalc.errors import Collector
    from ragcalc.inputs.rules import load_rules

    path = folder / "r.yaml"
    path.write_text(text, encoding="utf-8")
    collector = Collector()
    load_rules(str(path), collector)
    return collector.findings


def error_lines(load, path: str, short: str) -> list[str]:
    """The errors a loader reports for `path`, one string each, with the path shortened to `short`."""
    import pytest

    from ragcalc.errors import InputError

    with pytest.raises(InputError) as info:
        loaded(load, path)
    return [str(f).replace(path, short) for f in info.value.findings]


def check_generated(doc: Path, name: str, generated: str) -> None:
    """The section of `doc` between `<!-- NAME:start -->` and `<!-- NAME:end -->` is `generated` (made from the code
    it documents); `RAGCALC_UPDATE_GOLDEN=1` rewrites it."""
    import os
    import re

    section = re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.S)
    text = doc.read_text(encoding="utf-8")
    if os.environ.get("RAGCALC_UPDATE_GOLDEN") == "1":
        text = section.sub(lambda m: m.group(1) + generated + "\n" + m.group(3), text)
        doc.write_text(text, encoding="utf-8")
    match = section.search(text)
    assert match, f"{doc.name} lost its <!-- {name}:start/end --> markers"
    assert match.group(2) == generated + "\n", f"{doc.name} is stale: run RAGCALC_UPDATE_GOLDEN=1 pytest"
