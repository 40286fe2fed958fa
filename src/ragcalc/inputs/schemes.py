"""What is wrong between a rule's keys, each checked against the others once the rule is read: a band against
the target it is of, a stretch against the target, a forecast against the kind of measure, a quartile against its
comparison group, a confidence level against its method, a direction's comparison against its cap.

Each problem is a message and the key it is reported at; `rules` reports it at that key's line.
"""

from __future__ import annotations

from decimal import Decimal

from ragcalc.rating.model import Rule, Target
from ragcalc.rating.options import Against, Method, Projection
from ragcalc.rating.vocabulary import Kind, Polarity, Scale


def scheme_problems(rule: Rule) -> list[tuple[str, str]]:
    """What is wrong between the rating scheme's keys (message, key): each one's band against the others."""
    found = []
    target = rule.target
    if target is not None and target.ranged and rule.cumulative:
        found.append(
            (
                f"target: {rule.id} is cumulative, so its target is one annual figure profiled through the year, "
                f"not a range ({target.text}); give one number",
                "target",
            )
        )
    if rule.forecast is Projection.PROFILE and not rule.cumulative:
        found.append(
            (
                "forecast: profile projects a cumulative (year-to-date) measure from the share of its target due; "
                "add 'cumulative: true', or use latest, run-rate or linear",
                "forecast",
            )
        )
    if rule.forecast is Projection.RUN_RATE and rule.cumulative:
        found.append(
            (
                "forecast: run-rate adds up each period's value, but a cumulative measure's values are year-to-date "
                "totals already; use profile (year to date / share due), latest or linear",
                "forecast",
            )
        )
    if rule.improving_on is not Against.PREVIOUS and rule.improving_caps_at is None:
        found.append(("improving_on: it says which arrow improving_caps_at reads; add improving_caps_at: amber, or "
                      "remove it", "improving_on"))  # fmt: skip
    if rule.scale is Scale.DCA and rule.kind is not Kind.PROJECT:
        found.append(("scale: dca rates hand-rated items (kind: project); a measure is rated from its value", "scale"))
    if target is not None and (rule.green_within.amount or rule.stretch is not None):
        found += _band_problems(rule, target)
    if rule.benchmark_method is Method.QUARTILE or rule.benchmark_level != (Decimal(95),):
        found += _benchmark_problems(rule)
    return found


def _benchmark_problems(rule: Rule) -> list[tuple[str, str]]:
    """A quartile needs a comparison group and a polarity; a level other than 95% a worked-out interval."""
    found = []
    ref = rule.benchmark
    if rule.benchmark_method is Method.QUARTILE and (ref is None or ref.name not in dict(rule.groups)):
        found.append(
            (
                "benchmark_method: quartile ranks the area among a comparison group; add groups: {NAME: "
                "[areas ...]} (usually under defaults:) and name the group as benchmark",
                "benchmark_method",
            )
        )
    elif rule.benchmark_method is Method.QUARTILE and rule.polarity is None:
        found.append(("benchmark_method: quartile needs which way is better to rank the areas; add 'polarity: "
                      "higher' or 'polarity: lower'", "benchmark_method"))  # fmt: skip
    if rule.benchmark_level != (Decimal(95),) and rule.benchmark_method not in (Method.WILSON, Method.BYAR):
        found.append(
            (
                "benchmark_level: the level of an interval worked out from numerator and denominator "
                "(benchmark_method: wilson or byar); a ci interval is given at its own level",
                "benchmark_level",
            )
        )
    return found


def _band_problems(rule: Rule, target: Target) -> list[tuple[str, str]]:
    found = []
    edge = target.amount if target.high is None or rule.polarity is not Polarity.HIGHER else target.high
    green, amber = rule.green_within.resolve(edge), rule.tolerance.resolve(edge)
    if green > amber:
        found.append(
            (
                f"green_within {rule.green_within.text} is wider than tolerance {rule.tolerance.text}: tolerance is "
                "the distance from target up to which a measure is not red, so it is the larger (e.g. green_within: 5% "
                "and tolerance: 10%)",
                "green_within",
            )
        )
    stretch = rule.stretch
    if stretch is not None and target.ranged and rule.polarity is None:
        found.append(("stretch: a range needs a polarity for a stretch target: which way is beyond it", "stretch"))
    elif stretch is not None:
        lower = rule.polarity is Polarity.LOWER
        better = "lower" if lower else "higher"
        near = target.high if lower and target.high is not None else target.amount  # a range's worse edge
        if (near - stretch.amount if lower else stretch.amount - near) < 0:
            found.append(
                (
                    f"stretch {stretch.text} is not beyond the target {target.text} ({better} is better); "
                    "a stretch target is the harder one",
                    "stretch",
                )
            )
        elif target.ranged and (edge - stretch.amount if lower else stretch.amount - edge) > green:
            found.append(  # exceeded is green and at the stretch: beyond the range no value is green
                (
                    f"stretch {stretch.text} lies outside the range {target.text}, where no value is green, so it "
                    f"can never be reached; put it inside the range, towards its {better} edge",
                    "stretch",
                )
            )
    return found
