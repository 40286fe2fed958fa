"""Invariants of the engine over random rules and values (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ragcalc import engine
from ragcalc.model import Comparator, Direction, Polarity, Quarter, Rag, Target, Unit

from helpers import reading, rule

RAG_RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}
ARROW_RANK = {Direction.DETERIORATING: 0, Direction.STATIC: 1, Direction.IMPROVING: 2}
numbers = st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
sizes = st.decimals(min_value=0, max_value=10**4, places=2, allow_nan=False, allow_infinity=False)
units = st.sampled_from([u.value for u in Unit])
bases = st.sampled_from(["auto", "points", "percent"])


@st.composite
def rules(draw, polarity=None):
    polarity = polarity or draw(st.sampled_from(["higher", "lower"]))
    comparator = draw(st.sampled_from(["", "strict", "inclusive"]))
    symbol = {
        "": "",
        "strict": ">" if polarity == "higher" else "<",
        "inclusive": ">=" if polarity == "higher" else "<=",
    }[comparator]
    tolerance = draw(st.one_of(sizes.map(str), sizes.map(lambda d: f"{d}%")))
    return rule(
        f"{symbol} {draw(numbers)}",
        polarity,
        draw(units),
        tolerance,
        threshold=str(draw(sizes)),
        small_threshold=str(draw(sizes)),
        small_below=str(draw(sizes)),
        basis=draw(bases),
    )


def better(r, a: Decimal, b: Decimal) -> tuple[Decimal, Decimal]:
    """(worse, better) of two values for the rule's polarity."""
    low, high = sorted((a, b))
    return (low, high) if r.polarity is Polarity.HIGHER else (high, low)


@settings(max_examples=300)
@given(rules(), numbers, numbers)
def test_a_better_value_never_gets_a_worse_rag(r, a, b):
    worse, best = better(r, a, b)
    assert RAG_RANK[engine.rag_for(r, best)] >= RAG_RANK[engine.rag_for(r, worse)]


@settings(max_examples=300)
@given(rules(), numbers, numbers, numbers)
def test_a_larger_improvement_never_gets_a_worse_arrow(r, previous, a, b):
    worse, best = better(r, a, b)
    assert ARROW_RANK[engine.direction_for(r, best, previous)] >= ARROW_RANK[engine.direction_for(r, worse, previous)]


MIRROR = {
    Comparator.GE: Comparator.LE,
    Comparator.GT: Comparator.LT,
    Comparator.LE: Comparator.GE,
    Comparator.LT: Comparator.GT,
    None: None,
}


@settings(max_examples=300)
@given(rules(), numbers, numbers)
def test_swapping_polarity_and_mirroring_values_mirrors_the_result(r, value, previous):
    assert r.target is not None
    flipped = replace(
        r,
        polarity=Polarity.LOWER if r.polarity is Polarity.HIGHER else Polarity.HIGHER,
        target=Target(-r.target.amount, MIRROR[r.target.comparator], "mirrored"),
    )
    original = engine.rate(r, reading(str(value), str(previous)))
    mirrored = engine.rate(flipped, reading(str(-value), str(-previous)))
    assert (original.rag, original.direction) == (mirrored.rag, mirrored.direction)
    assert original.change == -mirrored.change


@settings(max_examples=100)
@given(
    st.lists(
        st.tuples(
            rules(),
            st.one_of(st.none(), numbers),
            st.one_of(st.none(), numbers),
            st.sampled_from(["A", "B", "C"]),
            st.sampled_from(["active", "discontinued"]),
        ),
        max_size=15,
    )
)
def test_summary_counts_always_add_up_to_the_number_of_measures(entries):
    built, readings = [], []
    for i, (r, value, previous, group, status) in enumerate(entries):
        built.append(replace(r, id=f"M{i}", group=group, status=rule(status=status).status))
        if value is not None:
            readings.append(reading(str(value), None if previous is None else str(previous), f"M{i}"))
    summary = engine.summarise(engine.evaluate(built, Quarter(None, None, tuple(readings), "q")))
    for counts in (*summary.groups, summary.total):
        assert counts.green + counts.amber + counts.red + counts.blue + counts.not_rated == counts.measures
        assert counts.improving + counts.static + counts.deteriorating + counts.no_direction == counts.measures
    assert sum(c.measures for c in summary.groups) == summary.total.measures == len(entries)


@settings(max_examples=200)
@given(numbers, numbers)
def test_change_is_exact_decimal_subtraction(value, previous):
    rating = engine.rate(rule("0", unit="count"), reading(str(value), str(previous)))
    assert rating.change == value - previous
