"""What the command-line options select in the input, checked against it: --only words, --period, --as-of,
--area and --group-by. Each refuses what does not fit the file, saying what it has instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NoReturn

from ragcalc.errors import Finding, UsageError, did_you_mean
from ragcalc.inputs.numbers import quoted
from ragcalc.rating.model import Quarter, Rating, Rule

if TYPE_CHECKING:
    from ragcalc.rating.periods import Period
    from ragcalc.rating.series import History

ONLY_WORDS = (
    "exceeded",
    "green",
    "amber_green",
    "amber",
    "amber_red",
    "red",
    "blue",
    "not_rated",
    "improving",
    "static",
    "deteriorating",
)


def only_areas(data: Quarter | History, wanted: Sequence[str], path: str) -> Quarter | History:
    """The file's rows for the areas --area names (each must be one the file has)."""
    chosen = areas_named(data, wanted, path)
    if isinstance(data, Quarter):
        return data._replace(readings=tuple(r for r in data.readings if r.area in chosen), areas=chosen)
    series = tuple(s for s in data.series if s.area in chosen)
    return data._replace(series=series, areas=chosen, frame=None)  # the columns are the whole file's: dropped


def areas_named(data: Quarter | History, wanted: Sequence[str], path: str) -> tuple[str, ...]:
    """The areas --area names, in the file's order; each must be one the file has."""
    if not data.areas:
        raise UsageError(f"--area: {path} has no areas (no 'area' column or 'areas:' key)", path)
    for name in wanted:
        if name not in data.areas:
            raise UsageError(
                f"--area: no area '{name}' in the file{did_you_mean(name, data.areas)}; it has {', '.join(data.areas)}",
                path,
            )
    return tuple(area for area in data.areas if area in wanted)


def check_group_by(group_by: str, rules: Sequence[Rule], data: Quarter | History) -> None:
    """--group-by names 'group', a tag of the measures, or 'area' in a file of areas; several joined by commas."""
    tags = sorted({key for rule in rules for key, _ in rule.tags})
    known = ["group", *(["area"] if data.areas else []), *tags]
    for key in (part.strip() for part in group_by.split(",")):
        if key not in known:
            what = "the file has no areas" if key == "area" else f"no measure has a tag '{key}'"
            raise UsageError(f"--group-by: {what}{did_you_mean(key, known)}; use one of {', '.join(known)}")


def parse_only(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    words = tuple(word.strip().lower().replace("-", "_").replace("/", "_") for word in text.split(",") if word.strip())
    for word in words:
        if word not in ONLY_WORDS:
            raise UsageError(
                f"--only: unknown word '{word}'{did_you_mean(word, ONLY_WORDS)}; use any of {', '.join(ONLY_WORDS)}"
            )
    return words


def period(text: str | None) -> Period | None:
    if text is None:
        return None
    try:
        from ragcalc.rating import periods

        return periods.parse(text)
    except ValueError as exc:
        raise UsageError(f"--period: {exc}") from None


def as_of_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        from dateutil.parser import isoparse

        return isoparse(text).date()
    except ValueError:
        raise UsageError(f"--as-of: cannot read {quoted(text)} as a date; write it as 2023-04-30") from None


def nothing_at(
    history: History,
    period: Period | None,
    as_of: date | None,
    chosen_period: str | None,
    chosen_date: str | None,
    path: str,
) -> NoReturn:
    """--period or --as-of chose periods no row has: say which, and the nearest the file has (a scorecard of
    'no data' would pass every gate)."""
    from ragcalc.rating import timeline

    wanted, closest = timeline.nearest(history, period, as_of)
    chosen = f"--period '{chosen_period}'" if period else f"--as-of {chosen_date} (reporting {_and(wanted)})"
    raise UsageError(
        f"{chosen}: no row of the file has a value for it; the nearest periods it has are {_and(closest)}",
        path,
    )


def _and(periods: Sequence[Period]) -> str:
    return " and ".join(str(period) for period in periods)


def present_only(ratings: Sequence[Rating], path: str) -> tuple[list[Rating], Finding | None]:
    """`--present-only` (or a quarter file's `present_only: true`): the ratings of the measures the file gives; the
    rules' others are left out of the scorecard and its counts, and named in one warning."""
    kept = [rating for rating in ratings if rating.reading is not None]
    left = [rating for rating in ratings if rating.reading is None]
    if not left:
        return kept, None
    names = [f"{rating.area}: {rating.rule.id}" if rating.area else rating.rule.id for rating in left]
    shown = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
    counted = f"{len(left)} measure{'s' if len(left) != 1 else ''} of the rules {'are' if len(left) != 1 else 'is'}"
    message = f"{counted} not in the file, left out of the scorecard and its counts (present only): {shown}"
    return kept, Finding(message, path, severity="warning", code="left-out")


def gives_year_ago(ratings: Sequence[Rating], path: str, period: str | None = None) -> None:
    """`--compare previous,year-ago`: a column of second arrows needs a value a year before somewhere (an empty one
    would pass as 'no arrow' everywhere)."""
    if any(rating.reading is not None and rating.reading.year_ago is not None for rating in ratings):
        return
    if period is not None:  # a history
        raise UsageError(
            f"--compare previous,year-ago: {path} has no value a year before {period} for any measure, so there is no "
            "arrow against a year before; choose a later --period, or --compare previous"
        )
    raise UsageError(
        f"--compare previous,year-ago: {path} gives no year_ago value, so there is no arrow against a year before; "
        "add the same period's value a year before (year_ago: in YAML, a year_ago column in CSV)"
    )
