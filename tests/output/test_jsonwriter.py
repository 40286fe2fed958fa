"""The one JSON writer: laid out as json.dumps lays out, Decimals from their own digits, streamed (jsonwriter.py)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ragcalc.output.jsonwriter import Records, chunks, dumps, scalar

SCALARS = st.none() | st.booleans() | st.integers() | st.text()
KEYS = st.from_regex(r"[ -~]*", fullmatch=True)  # printable ASCII: keys are ASCII-escaped, values are not
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.lists(inner) | st.dictionaries(KEYS, inner), max_leaves=25)


@pytest.mark.slow
@given(DOCUMENTS)
def test_any_document_is_laid_out_as_json_dumps_lays_it_out(document):
    assert dumps(document) == json.dumps(document, indent=2, ensure_ascii=False)


def test_a_decimal_is_written_with_its_own_digits():
    assert dumps({"value": Decimal("62.30"), "change": Decimal("-2.0")}) == '{\n  "value": 62.30,\n  "change": -2.0\n}'


def test_keys_are_ascii_escaped_and_values_are_not():
    assert dumps({"é%s": "£ ↑ %s"}) == '{\n  "\\u00e9%s": "£ ↑ %s"\n}'


@pytest.mark.slow
@given(st.lists(st.tuples(SCALARS, SCALARS, SCALARS), max_size=5), st.integers(0, 3))
def test_records_are_written_as_the_objects_they_stand_for(rows, depth):
    keys = ("period", "value", "rag")
    as_dicts = [dict(zip(keys, row, strict=True)) for row in rows]
    encoded = [tuple(map(scalar, row)) for row in rows]
    nested_records, nested_dicts = Records.of_rows(keys, encoded), as_dicts
    for _ in range(depth):
        nested_records, nested_dicts = {"points": nested_records, "after": [1]}, {"points": nested_dicts, "after": [1]}
    assert dumps(nested_records) == dumps(nested_dicts) == json.dumps(nested_dicts, indent=2, ensure_ascii=False)


def test_records_given_by_column_are_written_by_row():
    records = Records(("period", "value"), [['"Q1"', '"Q2"'], ["1.5", "2"]])
    assert dumps(records) == dumps([{"period": "Q1", "value": Decimal("1.5")}, {"period": "Q2", "value": 2}])
    assert dumps(Records(("a",), [[]])) == dumps(Records.of_rows(("a",), [])) == "[]"


def test_an_array_is_written_as_its_generator_produces_it():
    produced = []

    def points():
        for i in range(3):
            produced.append(i)
            yield {"nested": [i]}

    pieces = chunks({"points": points()})
    written = ""
    while '"nested"' not in written:
        written += next(pieces)
    assert produced == [0]
    assert (written + "".join(pieces)).endswith("]\n}")
    assert produced == [0, 1, 2]


def test_empty_containers_and_generators_are_written_closed():
    assert dumps({"a": [], "b": {}, "c": iter(())}) == '{\n  "a": [],\n  "b": {},\n  "c": []\n}'
