"""A clean history CSV read by pyarrow into columns (the `ragcalc[fast]` extra): the same file, the same checks.

pyarrow reads each column as codes into a table of its distinct cells (a million rows are a few hundred ids,
labels and values); every check of the clean form (`clean_csv`) is then made on those tables, by the same
functions, and on arrays of codes. Anything it does not pass, it says why in a sentence and reads nothing: the
pure readers read the file again and report exactly what is wrong, where. So this decides nothing the row reader
would not; it only gets there sooner.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from typing import Any

from ragcalc.errors import UsageError
from ragcalc.inputs.clean_csv import admitted, header_of, plain_text, quantity_of
from ragcalc.inputs.numbers import has_percent_sign, percent_sign_allowed
from ragcalc.rating.model import Rule
from ragcalc.rating.periods import Period
from ragcalc.rating.series import Frame

EXTRA = "--engine fast needs the fast extra (pyarrow, numpy): pip install 'ragcalc[fast]'"
THRESHOLD = 4_000_000  # characters: from about 120,000 rows, reading with pyarrow is sooner, its import included
_NEEDED = ("area", "id", "period", "value")


def available() -> bool:
    """Whether the fast extra is installed (found, not imported: importing pyarrow takes a tenth of a second)."""
    return all(importlib.util.find_spec(name) is not None for name in ("pyarrow", "numpy"))


def why_pure(engine: str, text: str) -> str | None:
    """Why `engine` reads this text row by row (None: by columns): `fast` always reads by columns, and needs the
    extra; `auto` reads a large file by columns when the extra is installed."""
    if engine == "fast" and not available():
        raise UsageError(EXTRA)
    if engine == "pure":
        return "--engine pure"
    if engine == "auto" and len(text) < THRESHOLD:
        return f"a file under the fast engine's threshold ({THRESHOLD:,} characters)"
    if engine == "auto" and not available():
        return "the fast extra is not installed (pip install 'ragcalc[fast]')"
    return None


def read(
    text: str, rules: Mapping[str, Rule], parse: Callable[[str], Period], labels: dict[str, Period]
) -> Frame | str:
    """The history as columns in series and time order, or why it is not read here (the pure readers read it)."""
    plain = plain_text(text)
    header = None if plain is None else header_of(plain[: plain.find("\n")] if "\n" in plain else plain)
    if plain is None or header is None:
        return "not a plain CSV of id,period,value (perhaps area, name): quotes, or other columns"
    table = _table(plain.rstrip("\n"), header)
    if isinstance(table, str):
        return table
    cells = {name: _codes(table, name) for name in _NEEDED if name in header}
    (ids, id_codes), (labels_written, _), (written, value_codes) = (cells[name] for name in ("id", "period", "value"))
    areas = cells["area"][0] if "area" in cells else None
    periods = admitted(rules, set(ids), set(labels_written), set(written), None if areas is None else set(areas),
                       parse, labels)  # fmt: skip
    if periods is None:
        return "an id, period label, area or value the row reader has something to say about"
    refused = _signs(rules, ids, id_codes, written, value_codes) or _mixed(periods, labels_written, cells)
    if refused:
        return refused
    return _framed(cells, [periods[label] for label in labels_written], [quantity_of(value) for value in written])


def _table(text: str, header: list[str]) -> Any:
    """The rows as a pyarrow table of dictionary-coded columns; a sentence where they are not one cell each."""
    import pyarrow as pa
    from pyarrow import csv

    coded = pa.dictionary(pa.int32(), pa.string())
    try:
        return csv.read_csv(
            pa.py_buffer(text.encode()),
            # on this thread: a process that exits at once after pyarrow's reading threads ran (an error found in
            # the file) could abort as they wound down (apache/arrow#34314, #39862), exit 134 for exit 2
            read_options=csv.ReadOptions(skip_rows=1, column_names=header, use_threads=False),
            parse_options=csv.ParseOptions(quote_char=False, ignore_empty_lines=False),
            convert_options=csv.ConvertOptions(
                column_types=dict.fromkeys(header, coded),
                include_columns=[name for name in _NEEDED if name in header],
                strings_can_be_null=False,
            ),
        ).unify_dictionaries()
    except pa.ArrowInvalid:
        return "a row with too many or too few cells, or a blank one"


def _codes(table: Any, name: str) -> tuple[list[str], Any]:
    """A column's distinct cells and each row's code into them."""
    import numpy as np

    chunks = table.column(name).chunks
    if not chunks:
        return [], np.zeros(0, dtype=np.int32)
    codes = np.concatenate([_int32s(chunk.indices) for chunk in chunks])
    return chunks[0].dictionary.to_pylist(), codes


def _int32s(array: Any) -> Any:
    """A pyarrow int32 array's values as numpy's, sharing its memory (`to_numpy()` would import pandas, where it
    is installed: a third of a second)."""
    import numpy as np

    return np.frombuffer(array.buffers()[1], dtype=np.int32, count=len(array), offset=array.offset * 4)


def _signs(rules: Mapping[str, Rule], ids: list[str], id_codes: Any, written: list[str], value_codes: Any) -> str:
    """A '%' sign on a measure that is not a percentage (the row reader reports it), else ''."""
    import numpy as np

    signed = [code for code, value in enumerate(written) if has_percent_sign(value)]
    if not signed or all(percent_sign_allowed(rules[measure].unit) for measure in ids):
        return ""
    signed_ids = np.unique(id_codes[np.isin(value_codes, signed)]).tolist()
    if all(percent_sign_allowed(rules[ids[code]].unit) for code in signed_ids):
        return ""
    return "a '%' sign on a measure that is not a percentage"


def _mixed(periods: dict[str, Period], labels_written: list[str], cells: dict[str, tuple[list[str], Any]]) -> str:
    """Months and quarters mixed in one series (the row reader reports it), else ''."""
    import numpy as np

    if len({period.granularity for period in periods.values()}) < 2:
        return ""
    kind = np.array([periods[label].granularity.per_year for label in labels_written])[cells["period"][1]]
    series = _keys(cells)
    if len(np.unique(series)) != len(np.unique(series * 16 + kind)):
        return "months and quarters mixed in one series"
    return ""


def _keys(cells: dict[str, tuple[list[str], Any]]) -> Any:
    """Each row's series as one integer: its area's code and its id's."""
    ids, id_codes = cells["id"]
    if "area" not in cells:
        return id_codes.astype("int64")
    return cells["area"][1].astype("int64") * len(ids) + id_codes


def _framed(cells: dict[str, tuple[list[str], Any]], periods: list[Period], values: list[Any]) -> Frame | str:
    """The columns put in series order (as the file first gives each series) and time order within each."""
    import numpy as np

    keys = _keys(cells)
    at = np.array([period.index for period in periods], dtype=np.int64)[cells["period"][1]]
    changes = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate(([0], changes))
    falls = np.flatnonzero(at[1:] <= at[:-1]) + 1  # a row that goes back to, or repeats, the period before
    together = len(np.unique(keys[starts])) == len(starts)
    in_order = together and np.isin(falls, starts).all()
    order = np.arange(len(keys))
    if not in_order:
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        rank = np.empty(len(first), dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(len(first))
        row_rank = rank[inverse]
        order = np.lexsort((at, row_rank))
        ranked, timed = row_rank[order], at[order]
        if ((ranked[1:] == ranked[:-1]) & (timed[1:] == timed[:-1])).any():
            return "a period given twice for one series"
        starts = np.concatenate(([0], np.flatnonzero(ranked[1:] != ranked[:-1]) + 1))
    area_codes = cells["area"][1][order] if "area" in cells else np.zeros(len(keys), dtype=np.int32)
    areas: list[str | None] = [*cells["area"][0]] if "area" in cells else [None]
    return Frame(
        areas=areas,
        ids=cells["id"][0],
        periods=periods,
        values=values,
        area=area_codes,
        id=cells["id"][1][order],
        period=cells["period"][1][order],
        value=cells["value"][1][order],
        lines=order + 2,  # the header is line 1
        starts=np.concatenate((starts, [len(keys)])),
        in_file_order=bool(in_order),
    )
