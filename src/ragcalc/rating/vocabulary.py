"""The words of rule files and scorecards: each choice an enum of its words (`Word`), and the arrows, letters
and ladders printed for them and read back from drafts.
"""

from __future__ import annotations

from enum import Enum


class Word(Enum):
    """An enum of the words a rule file or a scorecard uses; `word` is the member's word (its value).

    A plain attribute, set once per member: `.value` goes through a descriptor, and output reads the word
    of each field of a million ratings.
    """

    def __init__(self, word: str) -> None:
        self.word = word

    # Members are singletons, equal only to themselves: hashed by identity, at C speed (Enum hashes the name in
    # Python, and output looks up a word per field of a million ratings).
    __hash__ = object.__hash__


def word_of(member: Word | None) -> str | None:
    """A member's word, or None for none (as JSON and CSV write a missing rating or arrow)."""
    return None if member is None else member.word


class Polarity(Word):
    HIGHER = "higher"
    LOWER = "lower"


class Unit(Word):
    PERCENT = "percent"
    COUNT = "count"
    RATE = "rate"
    CURRENCY = "currency"
    DAYS = "days"
    SCORE = "score"
    YEARS = "years"


class Comparator(Word):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"

    @property
    def strict(self) -> bool:
        return self in (Comparator.GT, Comparator.LT)

    @property
    def polarity(self) -> Polarity:
        return Polarity.HIGHER if self in (Comparator.GE, Comparator.GT) else Polarity.LOWER


class Basis(Word):
    AUTO = "auto"
    POINTS = "points"
    PERCENT = "percent"


class Kind(Word):
    MEASURE = "measure"
    PROJECT = "project"


class Status(Word):
    ACTIVE = "active"
    DISCONTINUED = "discontinued"


class Scale(Word):
    """The levels a hand-rated item (kind: project) is rated on."""

    RAG = "rag"  # red, amber, green (and blue: closed)
    DCA = "dca"  # the Delivery Confidence Assessment: red, amber/red, amber, amber/green, green


class Rag(Word):
    EXCEEDED = "exceeded"  # at or beyond a stretch target: a level above green
    GREEN = "green"
    AMBER_GREEN = "amber/green"  # the DCA scale's
    AMBER = "amber"
    AMBER_RED = "amber/red"  # the DCA scale's
    RED = "red"
    BLUE = "blue"

    @property
    def key(self) -> str:
        """The word as a key (a count, a label, an --only word): amber/green is amber_green."""
        return self.word.replace("/", "_")


class Direction(Word):
    IMPROVING = "improving"
    STATIC = "static"
    DETERIORATING = "deteriorating"


class Comparison(Word):
    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"


class Neutral(Word):
    """A data-only measure's arrow (no polarity, no target): a rise or fall in volume, neither better nor worse."""

    UP = "up"
    DOWN = "down"
    STATIC = "static"

    @property
    def key(self) -> str:
        """Its word as a table prints it, and as a rule's `labels:` names it: increase, decrease, static."""
        return _NEUTRAL_KEYS[self.word]


_NEUTRAL_KEYS = {"up": "increase", "down": "decrease", "static": "static"}
Arrow = Direction | Neutral  # what a measure's arrow says: better or worse, or (data only) a rise or fall


# the scorecard's arrows, and their ASCII words: printed by output, and read back from quarter files
ARROWS = {Direction.IMPROVING: "↑", Direction.STATIC: "→", Direction.DETERIORATING: "↓"}
ASCII_ARROWS = {Direction.IMPROVING: "up", Direction.STATIC: "flat", Direction.DETERIORATING: "down"}


# each rating level's letter: printed in summaries and trend cells, and read back from quarter files
LETTERS = {
    Rag.EXCEEDED: "E",
    Rag.GREEN: "G",
    Rag.AMBER_GREEN: "A/G",
    Rag.AMBER: "A",
    Rag.AMBER_RED: "A/R",
    Rag.RED: "R",
    Rag.BLUE: "B",
}

# the levels of each scale, worst first: a hand-rated item's arrow is a step up or down this ladder
LADDERS = {
    Scale.RAG: (Rag.RED, Rag.AMBER, Rag.GREEN),
    Scale.DCA: (Rag.RED, Rag.AMBER_RED, Rag.AMBER, Rag.AMBER_GREEN, Rag.GREEN),
}


class Unrated(Word):
    """Why a measure carries no RAG."""

    NO_DATA = "no data"
    NO_VALUE = "no value"
    NO_TARGET = "no target"
    INFORMATION_ONLY = "information only"


class NoArrow(Word):
    """Why a cumulative (year-to-date) measure in a quarter file has no arrow: its values restart each April, so
    only a value a year before, or earlier in the same financial year, is like for like."""

    PERIODS_UNKNOWN = "the quarter file does not say which periods it compares (period and previous_period)"
    ACROSS_YEARS = "previous_period is neither a year before nor earlier in the same financial year"
