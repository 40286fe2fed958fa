"""`ragcalc explain`: how one measure's rating and arrow were reached, in words for a query reply.

Everything it says comes from the rule and from the engine's own `Rating` (numbers and reasons).
"""

from __future__ import annotations

from decimal import Decimal

from ragcalc.output.figures import shown
from ragcalc.output.reasons import direction_reason, movement, rag_reason
from ragcalc.rating.model import ARROWS, Basis, Kind, Polarity, Quarter, Rating, Rule, Unit


def text(rating: Rating, quarter: Quarter) -> str:
    rule, reading = rating.rule, rating.reading
    if rating.target is not None:  # the target in force: a history row's own, or a cumulative share
        rule = rule._replace(target=rating.target)
    where = f" · {rule.location.file}:{rule.location.line}" if rule.location else ""
    now = reading.period if reading and reading.period else quarter.period
    before = reading.previous_period if reading and reading.period else quarter.previous_period
    period = f" · {now}" if now else ""
    if now and before:
        period += f" against {before}"
    lines = [f"{rule.id}  {rule.name}", f"Group: {rule.group}{where}{period}", ""]
    if rule.kind is Kind.MEASURE:
        lines += ["Rule in force", *_rule_lines(rule, rating), ""]
        if reading is not None:
            value = reading.value.text if reading.value else "none"
            previous = reading.previous.text if reading.previous else "none"
            lines += [f"Value: {value} (previous: {previous})", ""]
    else:
        lines += ["Rule in force", "  hand-rated item (kind: project): the quarter file gives the RAG", ""]
    lines += [f"RAG: {rating.rag.value.capitalize() if rating.rag else 'not rated'}", f"  {rag_reason(rating)}"]
    if rating.shortfall is not None:
        sense = (
            "target - value, as higher is better"
            if rule.polarity is Polarity.HIGHER
            else "value - target, as lower is better"
        )
        lines.append(
            f"  shortfall: {shown(rating.shortfall)} ({sense}); green at 0 or less"
            + (" (strictly less, as the target is strict)" if _strict(rule) else "")
            + f", amber up to {shown(rating.tolerance or Decimal(0))}, red beyond"
        )
    arrow = f"{rating.direction.value.capitalize()} {ARROWS[rating.direction]}" if rating.direction else "none"
    lines += ["", f"Direction: {arrow}", f"  {direction_reason(rating)}"]
    if reading is not None and (reading.published_rag or reading.published_direction):
        lines += ["", "Published in the draft"]
        for field, published, computed in (
            ("rag", reading.published_rag, rating.rag),
            ("direction", reading.published_direction, rating.direction),
        ):
            if published is not None:
                verdict = (
                    "agrees"
                    if published == computed
                    else f"DISAGREES: the rules give {computed.value if computed else 'none'}"
                )
                lines.append(f"  {field}: {published.value} ({verdict})")
    return "\n".join(lines) + "\n"


def _strict(rule: Rule) -> bool:
    return rule.target is not None and rule.target.strict


def _rule_lines(rule: Rule, rating: Rating) -> list[str]:
    units = "percentage points" if rule.unit is Unit.PERCENT else f"the measure's units ({rule.unit.value})"
    polarity = f"{rule.polarity.value} is better" if rule.polarity else "none given"
    lines = [f"  polarity:   {polarity}"]
    if rule.target is None:
        written = f" ('{rule.no_target_text}')" if rule.no_target_text else ""
        lines.append(f"  target:     none{written}: not RAG rated")
    else:
        met = (
            f"strict: the value must be beyond {shown(rule.target.amount)}"
            if _strict(rule)
            else "a value exactly on target counts as met"
        )
        lines.append(f"  target:     {rule.target.text} ({met})")
        tolerance = rule.tolerance
        band = (
            f"{tolerance.text} of the target's magnitude {shown(abs(rule.target.amount))}"
            if tolerance.relative
            else f"absolute, in {units}"
        )
        lines.append(f"  tolerance:  {tolerance.text} ({band}): amber band {shown(rating.tolerance or Decimal(0))}")
    if rule.cumulative:
        profile = ", ".join(str(p) for p in rule.profile) if rule.profile else "linear"
        lines.append(
            f"  cumulative: year-to-date values against the annual target, profiled through the year "
            f"({profile}); the arrow compares with the same period a year before"
        )
    how = movement(rating)
    if how is not None:
        settings = rule.direction
        unit = " points" if how.basis is Basis.POINTS else "% of the previous value"
        if how.small_target:
            assert rule.target is not None
            why = f"small-target rule: target {rule.target.text} is below {settings.small_target_below}"
        elif rule.target is not None:
            why = f"normal threshold: target {rule.target.text} is not below {settings.small_target_below}"
        else:
            why = "normal threshold: there is no target"
        lines.append(f"  threshold:  more than {how.threshold}{unit} moves the arrow ({why})")
        basis = (
            f"auto: {'a percent measure' if rule.unit is Unit.PERCENT else 'not a percent measure'}"
            if settings.basis is Basis.AUTO
            else "set in the rules"
        )
        lines.append(f"  basis:      {how.basis.value} ({basis})")
    return lines
