"""Year-end forecasts in words and cells: the projection's arithmetic (for JSON, `explain` and `audit --forecast`),
the Forecast and Predicted columns, and the year-end counts under the summary."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ragcalc.output.figures import rounded, share_text
from ragcalc.output.tables import rag_word
from ragcalc.rating.model import Counts, Rating, Rule
from ragcalc.rating.options import Projection
from ragcalc.rating.vocabulary import LETTERS, Rag, Unit

if TYPE_CHECKING:  # the scorecard loads this module on every run: the projections' modules only with a forecast
    from fractions import Fraction

    from ragcalc.rating.model import Forecast
    from ragcalc.rating.periods import Period


def figure(amount: Fraction | Decimal, rule: Rule) -> str:
    """An amount as the measure's values read: a value's own digits; a projection exact where it has 2 decimals or
    fewer, else '≈' and 2 places; % for a percent measure, the currency sign its target is written with."""
    text = format(amount, ",f") if isinstance(amount, Decimal) else rounded(amount)
    about, text = ("≈", text[1:]) if text.startswith("≈") else ("", text)
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    currency = next((mark for mark in "£$€" if rule.target and mark in rule.target.text), "")
    return f"{about}{sign}{currency}{text}" + ("%" if rule.unit is Unit.PERCENT else "")


def reason(forecast: Forecast, rule: Rule, *, every_point: bool = False) -> str:
    """'run-rate: Q1 100, Q2 150: sum 250 + mean 125 x 2 periods remaining = 500, exactly on ...: green', or why
    there is none; a line's values are named first and last unless `every_point` (as `explain` names them)."""
    method = forecast.method.word
    if forecast.refused is not None and forecast.value is None:
        return f"{method}: no forecast: {forecast.refused}"
    assert forecast.value is not None
    text = f"{method}: {_arithmetic(forecast, rule, every_point=every_point)}"
    if forecast.refused is not None:
        return f"{text}; not rated: {forecast.refused}"
    assert forecast.target is not None
    assert forecast.shortfall is not None
    short = forecast.shortfall
    against = f"the year-end target {forecast.target.text}"
    if short > 0:
        text += f", short of {against} by {figure(short, rule)}"
    elif short < 0:
        text += f", beyond {against} by {figure(-short, rule)}"
    else:
        text += f", exactly on {against}"
    text += f": {rag_word(forecast.rag, rule).lower()}"
    return text + (f" ({forecast.caveat})" if forecast.caveat else "")


def _arithmetic(forecast: Forecast, rule: Rule, *, every_point: bool) -> str:
    """How the value was projected, from the values used: 'Q2 2022/23 £1,300,000 year to date / 50% ... = ...'."""
    from fractions import Fraction  # loaded already: the forecast module made the projection

    from ragcalc.rating.forecast import step as step_of  # loaded already: it made the projection

    value = figure(forecast.value or Fraction(0), rule)
    points, step = tuple(zip(forecast.periods, forecast.amounts, strict=True)), step_of(forecast)
    if forecast.method is Projection.LATEST or step is None:
        return f"the latest value, {_named(points, rule)}, stands for the year end"
    if forecast.method is Projection.PROFILE:
        return f"{_named(points, rule)} year to date / {share_text(step)} of the annual target due by then = {value}"
    if forecast.method is Projection.RUN_RATE:
        total = sum((Fraction(amount) for _, amount in points), Fraction(0))
        mean = figure(total / len(points), rule)
        return f"{_named(points, rule)}: sum {figure(total, rule)} + mean {mean} x {step} periods remaining = {value}"
    assert step is not None
    used = (
        _named(points, rule)
        if every_point or len(points) < 4
        else (f"the {len(points)} values from {_named(points[:1], rule)} to {_named(points[-1:], rule)}")
    )
    return f"the least-squares line through {used} (slope {figure(step, rule)} a period), at the year's last: {value}"


def _named(points: tuple[tuple[Period, Decimal], ...], rule: Rule) -> str:
    return ", ".join(f"{period} {figure(amount, rule)}" for period, amount in points)


def cell(rating: Rating) -> str:
    """The Forecast column: '≈76.43% Green'; '-' where none could be made; empty for a rule that asks for none."""
    forecast = rating.forecast
    if forecast is None:
        return ""
    if forecast.value is None:
        return "-"
    return f"{figure(forecast.value, rating.rule)} {rag_word(forecast.rag, rating.rule)}"


def predicted_cell(rating: Rating) -> str:
    """The Predicted column: the draft's predicted year-end rating (and value), in the rule's words."""
    reading = rating.reading
    if reading is None or not reading.predicts:
        return ""
    value = f" ({reading.published.predicted_value.text})" if reading.published.predicted_value else ""
    return rag_word(reading.published.predicted, rating.rule) + value


def year_end_lines(total: Counts) -> list[str]:
    """'Predicted year-end (as stated): G 3, A 1, R 0' and the forecast's, under the summary."""
    lines = []
    for title, counted in (("Predicted year-end (as stated)", total.predicted), ("Forecast year-end", total.forecast)):
        if counted:
            lines.append(f"{title}: " + ", ".join(f"{_letter(key)} {count}" for key, count in counted))
    return lines


def _letter(key: str) -> str:
    found = next((rag for rag in Rag if rag.key == key), None)
    return "not rated" if found is None else LETTERS[found]


def states_any(ratings: Sequence[Rating]) -> bool:
    """Whether any of the ratings' drafts predicts a year-end rating."""
    return any(predicted_cell(rating) for rating in ratings)
