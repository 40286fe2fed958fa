"""The words a quarter or history file may write for a rating or an arrow, read to the model's members.

A hand-rated item's `rag` is read on its scale; a draft's `published_rag` and `published_direction` also
accept the rule's own `labels:` and the words councils publish ("Getting better", "No change"), and a
published rating may say the draft shows the measure unrated (its `not_rated` label, or 'not rated').
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ragcalc.inputs.numbers import quoted
from ragcalc.rating.model import Published, Rule
from ragcalc.rating.vocabulary import ARROWS, ASCII_ARROWS, LADDERS, LETTERS, Direction, Rag, Scale, Word

W = TypeVar("W", bound=Word)

RAG_WORDS = {
    **{rag.word: rag for rag in Rag},
    **{letter.lower(): rag for rag, letter in LETTERS.items()},
    "amber-green": Rag.AMBER_GREEN,
    "amber-red": Rag.AMBER_RED,
}
DIRECTION_WORDS = {
    **{direction.word: direction for direction in Direction},
    **{word: direction for direction, word in ASCII_ARROWS.items()},
    **{arrow: direction for direction, arrow in ARROWS.items()},
    # the words councils publish for each arrow
    **dict.fromkeys(("better", "getting better", "improved", "up"), Direction.IMPROVING),
    **dict.fromkeys(("worse", "getting worse", "declining", "deteriorated", "down"), Direction.DETERIORATING),
    **dict.fromkeys(("no change", "same", "stable", "maintained", "static", "flat", "steady"), Direction.STATIC),
}
# a draft's words for 'not rated' ('DNA': data not available; a dash), and for 'no arrow', as drafts type them
NOT_RATED_WORDS = ("not rated", "not_rated", "dna", "n/a", "na", "-", "\u2013", "\u2014")
NO_ARROW_WORDS = ("n/a", "na", "-", "\u2013", "\u2014", "none", "no arrow")


def _read(raw: object, words: dict[str, W], kind: str, labels: tuple[str, ...] = (), last: str = "") -> W:
    """The member `raw` names; refused naming the rule's own words, then each canonical word once (letters and
    synonyms are not listed), then `last`."""
    found = words.get(str(raw).strip().lower())
    if found is None:
        choices = [*labels, *sorted({member.word for member in words.values()}), *([last] if last else [])]
        raise ValueError(f"{quoted(str(raw))} is not a {kind}; write one of {', '.join(choices)}")
    return found


def hand_rating(raw: object, rule: Rule) -> Rag:
    """A hand-rated item's `rag` (or `previous_rag`), on the rule's scale, or blue (closed)."""
    scale = LADDERS[rule.scale]
    allowed = {word: rag for word, rag in RAG_WORDS.items() if rag in scale or rag is Rag.BLUE}
    try:
        return _read(raw, allowed, "RAG rating")
    except ValueError as exc:
        raise ValueError(f"{exc}{_scale_hint(raw, rule)}") from None


def _scale_hint(raw: object, rule: Rule) -> str:
    """Why a known rating word is refused on this rule's scale, if it is one (else '')."""
    rag = RAG_WORDS.get(str(raw).strip().lower())
    if rag in (Rag.AMBER_GREEN, Rag.AMBER_RED) and rule.scale is Scale.RAG:
        return f" ({rag.word} is a Delivery Confidence level: add 'scale: dca' to {rule.id}'s rule)"
    return ""


def direction(raw: object) -> Direction:
    """A hand-rated item's `direction`."""
    return _read(raw, DIRECTION_WORDS, "direction")


def published_rating(raw: object, rule: Rule) -> Rag | None:
    """A draft's published rating: a rating word or letter, or the rule's label for one; None where the draft
    shows the measure unrated (the rule's `not_rated` label, or 'not rated')."""
    written = str(raw).strip().lower()
    labels = {label.lower(): key for key, label in rule.labels if key in RATING_KEYS}
    if written in NOT_RATED_WORDS or labels.get(written) == "not_rated":
        return None
    if written in labels:
        return RAG_BY_KEY[labels[written]]
    own = tuple(label for key, label in rule.labels if key in RATING_KEYS)
    return _read(raw, RAG_WORDS, "RAG rating", own, last="not rated")


def published_direction(raw: object, rule: Rule) -> Direction:
    """A draft's published arrow: an arrow, a word councils publish, or the rule's label for one."""
    own = {label.lower(): DIRECTION_BY_KEY[key] for key, label in rule.labels if key in DIRECTION_BY_KEY}
    labels = tuple(label for key, label in rule.labels if key in DIRECTION_BY_KEY)
    return _read(raw, {**DIRECTION_WORDS, **own}, "direction", labels)


RAG_BY_KEY = {rag.key: rag for rag in Rag}
DIRECTION_BY_KEY = {direction.word: direction for direction in Direction}
RATING_KEYS = (*RAG_BY_KEY, "not_rated")


def published(
    rule: Rule, rag: object, direction: object, predicted: object = None, year_ago: object = None
) -> tuple[Published | None, list[tuple[str, str]]]:
    """What a draft states for a measure and period (None: nothing), and each word not understood, by key, with
    what to say of it: a draft's own wording must not stop the scorecard, so it is warned of and ignored. Its
    predicted year-end rating (`predicted_rag`) is read as its published rating is."""
    problems: list[tuple[str, str]] = []

    def read(key: str, raw: object, reader: Callable[[object, Rule], Any]) -> tuple[bool, Any]:
        if raw is None or raw == "" or (reader is published_direction and str(raw).strip().lower() in NO_ARROW_WORDS):
            return False, None
        try:
            return True, reader(raw, rule)
        except ValueError as exc:
            problems.append((key, f"{key}: {exc}; ignored"))
            return False, None

    has_rag, said_rag = read("published_rag", rag, published_rating)
    has_direction, said_direction = read("published_direction", direction, published_direction)
    has_predicted, said_predicted = read("predicted_rag", predicted, published_rating)
    has_year_ago, said_year_ago = read("published_direction_year_ago", year_ago, published_direction)
    if not (has_rag or has_direction or has_predicted or has_year_ago):
        return None, problems
    unrated, predicted_unrated = has_rag and said_rag is None, has_predicted and said_predicted is None
    said = Published(said_rag, said_direction, unrated, said_predicted, predicted_unrated)
    return said._replace(direction_year_ago=said_year_ago) if has_year_ago else said, problems
