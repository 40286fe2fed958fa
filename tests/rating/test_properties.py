"""Invariants over random rules, values and documents (hypothesis), and output that never depends on the machine."""

from __future__ import annotations

import decimal
import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ragcalc.errors import Collector, RagcalcError
from ragcalc.inputs.numbers import parse_target
from ragcalc.inputs.read import read_input
from ragcalc.output import reasons
from ragcalc.rating import engine
from ragcalc.rating.model import EXACT, Quantity, Quarter, Reading, Target
from ragcalc.rating.vocabulary import Comparator, Direction, Polarity, Rag, Unit
from tests.helpers import ROOT, reading, rule

pytestmark = pytest.mark.slow  # long property runs (make test-fast leaves them out)

KEYS = ["period", "previous_period", "measures", "M1", "value", "previous", "rag", "note"]
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
    flipped = r._replace(
        polarity=Polarity.LOWER if r.polarity is Polarity.HIGHER else Polarity.HIGHER,
        target=Target(-r.target.amount, MIRROR[r.target.comparator], "mirrored"),
    )
    original = engine.rate(r, reading(str(value), str(previous)))
    mirrored = engine.rate(flipped, reading(str(-value), str(-previous)))
    assert (original.rag, original.direction) == (mirrored.rag, mirrored.direction)
    assert original.change == -mirrored.change


@settings(max_examples=300)
@given(
    st.one_of(
        rules(), rules().map(lambda r: r._replace(target=parse_target(f"{r.target.amount} - {r.target.amount + 5}")))
    ),
    st.lists(st.one_of(st.none(), numbers), min_size=1, max_size=6),
)
def test_a_series_marked_at_once_rates_as_each_value_rated_alone(r, amounts):
    """`engine.marks` (a region's trend, without a rating per value) gives each value the RAG and arrow `rated`
    gives it against the value before."""
    values = [None if a is None else Quantity(a, str(a)) for a in amounts]
    befores = [None, *values[:-1]]
    with decimal.localcontext(EXACT):
        rags, directions = engine.marks(r, values, befores)
        alone = [engine.rated(r, Reading(r.id, value, before)) for value, before in zip(values, befores, strict=True)]
    assert rags == [rating.rag for rating in alone]
    assert directions == [rating.direction for rating in alone]


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
        built.append(r._replace(id=f"M{i}", group=group, status=rule(status=status).status))
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


# ---- the engine raises nothing of its own making --------------------------------------------------

# the widest numbers ragcalc reads: 30 significant digits, the first within 20 places of the units
wide = st.decimals(min_value=-(10**20), max_value=10**20, places=8, allow_nan=False, allow_infinity=False)


@settings(max_examples=300)
@given(rules(), st.one_of(st.none(), wide), st.one_of(st.none(), wide), st.sampled_from([None, "0.25", "1/3"]))
def test_the_engine_and_its_reasons_never_raise(r, value, previous, share):
    """Any rule and any values give a rating and words for it: nothing but RagcalcError may ever escape."""
    if share is not None and r.target is not None:  # a cumulative share, terminating or not
        r = r._replace(target=r.target._replace(share=Fraction(share)))
    try:
        written = [None if number is None else f"{number:f}" for number in (value, previous)]
        rating = engine.rate(r, reading(*written))
        assert isinstance(reasons.rag_reason(rating), str)
        assert isinstance(reasons.direction_reason(rating), str)
    except RagcalcError:
        pass


# ---- loaders: any document loads or fails with a located error --------------------------------------

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=12),
    wide.map(lambda d: f"{d:f}"),
    st.just("70%"),
)
yaml_documents = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=25,
)
CSV_CELLS = ["id", "value", "previous", "period", "VS101", "M1", "70%", "", "Q1 2022/23", "x"]
FILE_LEVEL = {"unreadable", "structure", "encoding"}  # whole-file errors: the file is the place


def helper_rules():
    return [rule("70", id="M1"), rule("5", polarity="lower", unit="count", id="VS101")]


def _load_and_check(tmp_path, name: str, text: str) -> None:
    path = str(tmp_path / name)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    collector = Collector()
    try:
        read_input(path, list(helper_rules()), collector)
        collector.raise_errors()
    except RagcalcError as exc:
        for finding in exc.findings:
            assert finding.file == path
            assert finding.line is not None or finding.code in FILE_LEVEL, finding


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(yaml_documents)
def test_any_yaml_document_loads_or_fails_with_a_location(tmp_path, document):
    _load_and_check(tmp_path, "q.yaml", yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="abcVS101:{}[]-,#&*!'\"\n %.5", max_size=80))
def test_any_text_as_yaml_loads_or_fails_with_a_location(tmp_path, text):
    _load_and_check(tmp_path, "q.yaml", text)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.lists(
            st.sampled_from(["id", "value", "previous", "period", "VS101", "M1", "70%", "", "Q1 2022/23", "x"]),
            max_size=4,
        ),
        max_size=6,
    ),
    st.sampled_from([",", ";", '"']),
)
def test_any_csv_loads_or_fails_with_a_location(tmp_path, rows, separator):
    _load_and_check(tmp_path, "q.csv", "\n".join(separator.join(row) for row in rows))


# ---- output is deterministic -------------------------------------------------------------------------

ENVIRONMENTS = [
    {"LANG": "C", "LC_ALL": "C", "TZ": "UTC"},
    {"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "TZ": "Pacific/Auckland"},
    {"LANG": "tr_TR.UTF-8", "LC_ALL": "tr_TR.UTF-8", "TZ": "America/Los_Angeles", "PYTHONHASHSEED": "12345"},
]


@pytest.mark.parametrize(
    "command",
    [
        ["evaluate", "examples/2022-23-q4.yaml", "--format", "json"],
        ["trend", "examples/history-2022-23.csv", "--ascii"],
    ],
)
def test_output_is_byte_identical_across_runs_locales_and_time_zones(command):
    outputs = set()
    for extra in ENVIRONMENTS:
        env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8", **extra}
        run = subprocess.run(
            [sys.executable, "-m", "ragcalc", *command], cwd=ROOT, env=env, capture_output=True, check=True
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1
