"""`ragcalc explain`: how one measure's rating and arrow were reached, in words for a query reply.

Everything it says comes from the rule and from the engine's own `Rating` (numbers and reasons).
"""

from __future__ import annotations

from ragcalc.output import forecasts
from ragcalc.output.audit import NOT_RATED, compare
from ragcalc.output.figures import shown
from ragcalc.output.reasons import AGAINST, direction_reason, movement, rag_reason, year_ago_reason
from ragcalc.output.tables import rag_word
from ragcalc.rating.model import Number, Quarter, Rating, Rule, Target, Tolerance
from ragcalc.rating.scheme import Bands
from ragcalc.rating.vocabulary import ARROWS, Arrow, Basis, Direction, Kind, Unit


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
    label = rule.label(rating.rag)
    printed = f" (printed '{label}')" if label else ""
    lines += [f"RAG: {rag_word(rating.rag) if rating.rag else 'not rated'}{printed}", f"  {rag_reason(rating)}"]
    if rating.shortfall is not None and rating.bands is not None:
        lines.append(_shortfall_line(rule, rating, rating.bands))
    arrow = _arrow_text(rating.direction, rule)
    lines += ["", f"Direction: {arrow}", f"  {direction_reason(rating)}"]
    if reading is not None and reading.year_ago is not None:
        lines += ["", f"Direction on a year ago: {_arrow_text(rating.direction_year_ago, rule)}"]
        lines += [f"  {year_ago_reason(rating)}"]
    if rating.benchmark is not None:
        lines += _benchmark_lines(rating)
    if reading is not None:
        lines += _published_lines(rating)
    return "\n".join(lines + _year_end_lines(rating)) + "\n"


def _arrow_text(direction: Arrow | None, rule: Rule) -> str:
    """'Improving ↑ (printed 'Better')': an arrow in words, its symbol and the rule's label for it."""
    text = "none" if direction is None else direction.word.capitalize()
    if isinstance(direction, Direction):
        text += f" {ARROWS[direction]}"
    if direction and rule.label(direction):
        text += f" (printed '{rule.label(direction)}')"
    return text


def _year_end_lines(rating: Rating) -> list[str]:
    """The projected year-end with its arithmetic, and the draft's prediction beside it."""
    lines = []
    if rating.forecast is not None:
        verdict = rag_word(rating.forecast.rag) if rating.forecast.rag else "none"
        lines += [
            "",
            f"Forecast year-end: {verdict}",
            f"  {forecasts.reason(rating.forecast, rating.rule, every_point=True)}",
        ]
    predicted = forecasts.predicted_cell(rating)
    if predicted:
        lines += ["", f"Predicted year-end in the draft: {predicted}"]
    return lines


def _benchmark_lines(rating: Rating) -> list[str]:
    """The comparison with the benchmark: with what, how, the verdict and why."""
    compared = rating.benchmark
    assert compared is not None
    ref = compared.ref
    what = (
        f"the figure {ref.name}" if ref.fixed is not None else f"{ref.name}'s value" if compared.from_area else ref.name
    )
    value = "" if compared.value is None else f" ({shown(compared.value)})"
    verdict = compared.comparison.word if compared.comparison else "not compared"
    label = rating.rule.label(compared.comparison) if compared.comparison else None
    printed = f" (printed '{label}')" if label else ""
    return [
        "",
        f"Benchmark: {verdict}{printed}",
        f"  against {what}{value}, by the {compared.method.word} method: {compared.reason}",
    ]


def _published_lines(rating: Rating) -> list[str]:
    """What the draft states, each field with `audit`'s verdict."""
    found = compare([rating])
    if not found.checked:
        return []
    reading = rating.reading
    assert reading is not None
    disagreements = {d.field: d for d in found.disagreements}
    published_rag = NOT_RATED if reading.published.unrated else reading.published.rag and reading.published.rag.word
    lines = ["", "Published in the draft"]
    for field, published in (("rag", published_rag), ("direction", reading.published.direction)):
        if published is None:
            continue
        word = published if isinstance(published, str) else published.word
        wrong = disagreements.get(field)
        verdict = "agrees" if wrong is None else f"DISAGREES: the rules give {wrong.computed or 'none'}"
        lines.append(f"  {field}: {word} ({verdict})")
    return lines


def _shortfall_line(rule: Rule, rating: Rating, bands: Bands) -> str:
    assert rating.reading is not None
    assert rating.reading.value is not None
    assert rating.shortfall is not None
    edge = bands.edge_of(rating.reading.value.amount)
    if bands.ranged:
        side = "lower edge - value" if edge is bands.below else "value - upper edge"
        sense = f"{side}, measured from the nearer edge"
    else:
        sense = "target - value, as higher is better" if edge is bands.below else "value - target, as lower is better"
    if edge.green:
        green = f"green up to {shown(edge.green)}"
    else:
        green = "green at 0 or less" + (" (strictly less, as the target is strict)" if bands.strict else "")
    stretch = "" if bands.stretch is None else f"; exceeded at or beyond the stretch {shown(bands.stretch)}"
    bands_said = f"{green}, amber up to {shown(edge.amber)}, red beyond{stretch}"
    return f"  shortfall: {shown(rating.shortfall)} ({sense}); {bands_said}"


def _text(written: Target | Tolerance | None) -> str:
    return "none" if written is None else written.text


def _strict(rule: Rule) -> bool:
    return rule.target is not None and rule.target.strict


def _band_name(key: str) -> str:
    return "green band" if key == "green_within" else "amber band"


def _width(key: str, bands: Bands) -> Number:
    edge = bands.first
    width: Number = edge.green if key == "green_within" else edge.amber
    return width


def _target_source(rating: Rating) -> str:
    reading = rating.reading
    if reading is None or reading.target is None or reading.period is not None:
        return ""
    where = ""
    if reading.location is not None and (reading.location.cell or reading.location.line):
        where = f", cell {reading.location.cell}" if reading.location.cell else f", line {reading.location.line}"
    own = rating.rule.target.text if rating.rule.target else "none"
    return f" (this period's, from the quarter file{where}; the rule's is {own})"


def _rule_lines(rule: Rule, rating: Rating) -> list[str]:
    units = "percentage points" if rule.unit is Unit.PERCENT else f"the measure's units ({rule.unit.value})"
    polarity = f"{rule.polarity.value} is better" if rule.polarity else "none given"
    lines = [f"  polarity:   {polarity}"]
    if rule.entries:
        entries = ", ".join(f"{key} {_text(getattr(rating.rule, key))} {entry}" for key, entry in rating.rule.entries)
        lines.append(f"  by period:  {entries}")
    if rule.target is None:
        written = f" ('{rule.no_target_text}')" if rule.no_target_text else ""
        lines.append(f"  target:     none{written}: not RAG rated")
    else:
        met = (
            f"strict: the value must be beyond {shown(rule.target.amount)}"
            if _strict(rule)
            else "a value exactly on target counts as met"
        )
        if rule.target.ranged:
            met = "a range: green inside it, edges included; a band written as N% is of the nearer edge"
        lines.append(f"  target:     {rule.target.text} ({met}){_target_source(rating)}")
        for name, band_rule in (("green_within", rule.green_within), ("tolerance", rule.tolerance)):
            if name == "green_within" and not band_rule.amount:
                continue
            if not band_rule.relative:
                band = f"absolute, in {units}"
            elif rule.target.ranged:
                band = f"{band_rule.text} of the nearer edge's magnitude"
            else:
                band = f"{band_rule.text} of the target's magnitude {shown(abs(rule.target.amount))}"
            width = (
                ""
                if rule.target.ranged or rating.bands is None
                else f": {_band_name(name)} {shown(_width(name, rating.bands))}"
            )
            lines.append(f"  {name + ':':<11} {band_rule.text} ({band}){width}")
        if rule.stretch is not None:
            lines.append(f"  stretch:    {rule.stretch.text} (at or beyond it: exceeded, a level above green)")
    if rule.improving_caps_at is not None:
        against = AGAINST[rule.improving_on.value]
        lines.append(f"  improving:  a Red that is improving on {against} is shown {rule.improving_caps_at.value} "
                     "(improving_caps_at, improving_on)")  # fmt: skip
    if rule.cumulative:
        profile = ", ".join(str(p) for p in rule.profile) if rule.profile else "linear"
        lines.append(
            f"  cumulative: year-to-date values against the annual target, profiled through the year "
            f"({profile}); the arrow compares with a year before, or an earlier period of the same financial year "
            "(never across the April restart)"
        )
    how = movement(rating)
    if how is not None:
        settings = rule.direction
        unit = " points" if how.basis is Basis.POINTS else "% of the previous value"
        if settings.any_change:
            why = "direction: any-change: any change at all counts, at every target size"
        elif how.small_target:
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
