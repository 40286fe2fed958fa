"""A trend's and an SPC chart's JSON written by columns (the `ragcalc[fast]` path): a million points in one pass of
pyarrow.

Every piece of text is made by the writers the pure path uses, once per distinct thing: each period's, value's,
target's and word's JSON by `trendview` or `spcview` (a few hundred; an SPC segment's limits once per segment), the
layout around them (indents, keys, brackets, commas) by `jsonwriter` from a document of markers, and each measure's
opening by `trendview.measure_json` or `spcview.measure_json`. What is left is joining a row's pieces, which pyarrow
does for every row at once; each row carries the brackets and commas around it, so the document is the joined rows,
in order, and nothing is held as a record per point.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import chain
from typing import Any, NamedTuple

from ragcalc.output import spcview, trendview
from ragcalc.output.figures import ratio
from ragcalc.output.jsonwriter import MARK, Raw, Records, chunks, dumps, scalar, scalars
from ragcalc.output.outfile import Pieces
from ragcalc.rating.columns import ARROWS, RAGS, Marks
from ragcalc.rating.model import Rule
from ragcalc.rating.series import Frame
from ragcalc.rating.spccolumns import CAUSES, RULES, Charts
from ragcalc.rating.vocabulary import word_of

Array = Any  # numpy and pyarrow arrays: both imported only on this path


class Layout(NamedTuple):
    """The text around the pieces of a trend document, as the JSON writer lays it out."""

    opening: str  # the document up to the first measure
    between: str  # between two measures
    closing: str  # after the last
    points: str  # a measure's points opened, up to the first point's first cell
    point: str  # between two points
    cells: tuple[str, ...]  # before each cell of a point (its key)
    after: str  # a point's closing
    end: str  # the points closed and the measure after them


def layout(document: dict[str, Any], measure: dict[str, Any], keys: tuple[str, ...]) -> Layout:
    """The layout of a document of measures with points of these keys, made by the JSON writer from the document
    with two measures of markers (`document`), one measure with its points a marker (`measure`), and points of
    markers."""
    around = dumps(document).split(MARK)
    closed = "".join(chunks(measure, 2)).split(MARK)[1]
    cells = [[Raw(MARK)] * 2 for _ in keys]
    # two points of markers: before each cell of the first, then between the points, ..., after the second
    texts = "".join(chunks(Records(keys, cells), 3)).split(MARK)
    opened, between, closing = texts[0], texts[len(keys)], texts[-1]
    after = _shared(between, closing)
    first = _shared(opened[::-1], between[::-1])[::-1]  # the first cell's key, ending both
    return Layout(
        opening=around[0],
        between=around[1],
        closing=around[2] + "\n",
        points=opened[: len(opened) - len(first)],
        point=between[len(after) : len(between) - len(first)],
        cells=(first, *texts[1 : len(keys)]),
        after=after,
        end=closing[len(after) :] + closed,
    )


_TWO = [Raw(MARK), Raw(MARK)]  # a document's measures, as markers


def _shared(one: str, other: str) -> str:
    """The text both start with (character by character: os.path.commonprefix's job, but these are not paths)."""
    size = 0
    while size < min(len(one), len(other)) and one[size] == other[size]:
        size += 1
    return one[:size]


def trend_json(frame: Frame, rules: Sequence[Rule], marks: Marks, areas: Sequence[str], last: int | None) -> Pieces:
    """`trend --format json` of a history read by columns: the same text as `trendview.json_text`."""
    rows, firsts, lasts, series = _rows(frame, rules, areas, last)
    if not len(rows):
        return Pieces((trendview.json_text([]),))
    shape = layout({"measures": _TWO}, trendview.measure_json(None, "", "", "", Raw(MARK)), trendview.POINT_KEYS)
    encoded = trendview.Encoded()
    by_id = {rule.id: rule for rule in rules}
    heads = [_opened(trendview.measure_json(area, measure, by_id[measure].name, by_id[measure].group, Raw(MARK)))
             for area, measure in _keys(frame, series)]  # fmt: skip
    columns = [
        (_strings([shape.cells[0] + encoded[p.label] for p in frame.periods]), frame.period[rows]),
        (_strings([shape.cells[1] + encoded[v] for v in frame.values]), frame.value[rows]),
        (_strings([shape.cells[2] + trendview.target_digits(by_id[i].target) for i in frame.ids]), frame.id[rows]),
        (_strings([shape.cells[3] + encoded[r] for r in RAGS]), marks.rag[rows]),
        (_strings([shape.cells[4] + encoded[a] + shape.after for a in ARROWS]), marks.arrow[rows]),
    ]
    return _document(shape, heads, columns, firsts, lasts)


def spc_json(frame: Frame, rules: Sequence[Rule], charts: Charts, areas: Sequence[str], last: int | None) -> Pieces:
    """`spc --format json` of a history read by columns: the same text as `spcview.json_text`."""
    import numpy as np

    rows, firsts, lasts, series = _rows(frame, rules, areas, last)
    if not len(rows):
        return Pieces((spcview.json_text([], last),))
    digits = [
        (ratio(mean, d), ratio(mean - sigma3, d), ratio(mean + sigma3, d)) if d else (None, None, None)
        for mean, sigma3, d in zip(charts.mean, charts.sigma3, charts.denominator, strict=True)
    ]  # each segment's mean and limits, as `spcview.limit_digits` gives them
    heads, summary = _measures(frame, rules, charts, series, digits)
    measure = spcview.measure_json(None, [None] * len(spcview.MEASURE_KEYS), (), Raw(MARK))
    shape = layout({"measures": _TWO, "summary": summary}, measure, spcview.POINT_KEYS)
    encoded = spcview.Encoded()
    limits = [
        shape.cells[4] + scalar(mean) + shape.cells[5] + scalar(lcl) + shape.cells[6] + scalar(ucl) + shape.after
        for mean, lcl, ucl in digits
    ]
    marked = [shape.cells[3] + encoded[_named(up) + _named(down)] for up in range(16) for down in range(16)]
    columns = [
        (_strings([shape.cells[0] + encoded[p.label] for p in frame.periods]), frame.period[rows]),
        (_strings([shape.cells[1] + str(v.amount) for v in frame.values]), frame.value[rows]),
        (_strings([shape.cells[2] + encoded[word_of(cause)] for cause in CAUSES]), charts.cause[rows]),
        (_strings(marked), charts.up[rows].astype(np.int16) * 16 + charts.down[rows]),
        (_strings(limits), charts.segment[rows]),
    ]
    return _document(shape, heads, columns, firsts, lasts)


def _measures(
    frame: Frame, rules: Sequence[Rule], charts: Charts, series: Array, digits: Sequence[Sequence[Decimal | None]]
) -> tuple[list[str], dict[str, Any]]:
    """Each SPC measure's opening, in order, and the summary of their icons."""
    import numpy as np

    by_id = {rule.id: rule for rule in rules}
    keys = _keys(frame, series)
    measures = [by_id[measure] for _, measure in keys]
    icons = [charts.icons[key] for key in keys]
    words = [(icon.variation, word_of(icon.assurance)) for icon in icons]
    latest = charts.segment[frame.starts[np.searchsorted(frame.starts, series) + 1] - 1].tolist()  # of each series
    fields = [
        spcview.measure_fields(rule, digits[segment], (*word, icon.why_no_icons))
        for rule, segment, word, icon in zip(measures, latest, words, icons, strict=True)
    ]
    heads = _heads([area for area, _ in keys], fields, [spcview.rebases(rule) for rule in measures])
    return heads, spcview.summary([(rule.group, word) for rule, word in zip(measures, words, strict=True)])


def _heads(areas: list[str | None], fields: list[tuple[Any, ...]], rebased: list[list[tuple[str, str]]]) -> list[str]:
    """Each SPC measure's object up to its points: its fields written into the layout of one measure of markers (one
    with an area, one without), made once; a measure whose rule gives reasons for its rebases, whole."""
    marks = [Raw(MARK)] * len(spcview.MEASURE_KEYS)
    layouts = {
        named: "".join(chunks(spcview.measure_json(Raw(MARK) if named else None, marks, (), Raw(MARK)), 2)).split(MARK)
        for named in (False, True)
    }
    heads = []
    for area, cells, reasons in zip(areas, fields, rebased, strict=True):
        if reasons:
            heads.append(_opened(spcview.measure_json(area, cells, reasons, Raw(MARK))))
            continue
        parts = layouts[bool(area)]
        texts = scalars((area, *cells) if area else cells)
        heads.append("".join(chain.from_iterable(zip(parts, texts, strict=False))) + parts[len(texts)])
    return heads


def _named(bits: int) -> tuple[str, ...]:
    """The rules a point's bits (`Charts.up`, `Charts.down`) stand for, in `spc`'s order."""
    return tuple(rule for bit, rule in enumerate(RULES) if bits >> bit & 1)


def _document(shape: Layout, heads: list[str], columns: list[tuple[Any, Array]], firsts: Array, lasts: Array) -> Pieces:
    """The document: each row's cells (texts taken by codes), after its measure's opening (`heads`, in order) where
    it is the measure's first, and before its closing where it is the last."""
    import numpy as np

    opened = [shape.between + head + shape.points for head in heads]
    opened[0] = shape.opening + heads[0] + shape.points
    leads = np.where(firsts, np.cumsum(firsts), 0)  # a series' first row: its head (1 on); any other: a comma
    tails = lasts.astype(np.int8)
    tails[-1] = 2  # the last row closes the document too
    every = [
        (_strings([shape.point, *opened]), leads),
        *columns,
        (_strings(["", shape.end, shape.end + shape.closing]), tails),
    ]
    return Pieces(_joined(every, start, start + _CHUNK) for start in range(0, len(leads), _CHUNK))


def _keys(frame: Frame, series: Array) -> list[tuple[str | None, str]]:
    """The area and measure id of the series starting at these rows."""
    return [(frame.areas[area], frame.ids[measure])
            for area, measure in zip(frame.area[series].tolist(), frame.id[series].tolist(), strict=True)]  # fmt: skip


_CHUNK = 25_000  # rows joined at a time: a few MB of text each, made and written in turn (fewer pages touched)


def _joined(columns: list[tuple[Any, Array]], start: int, end: int) -> str:
    """Rows start to end of the document: each column's texts taken by its codes, joined row by row."""
    import numpy as np

    call = _compute()
    pieces = [call("take", [texts, _integers(codes[start:end])]) for texts, codes in columns]
    joined = call("binary_join_element_wise", [*pieces, _strings([""])[0]])
    offsets = np.frombuffer(joined.buffers()[1], dtype=np.int32)[joined.offset : joined.offset + len(joined) + 1]
    return str(memoryview(joined.buffers()[2])[offsets[0] : offsets[-1]], "utf-8")


def _compute() -> Any:
    """pyarrow's `call_function` (the compute kernels by name): from the module that defines it, which loads in a
    millisecond; `pyarrow.compute`, which gives it the same name, first writes a Python function and its docs for
    each of its 300 kernels (a twentieth of a second, a tenth of an SPC run by columns)."""
    try:
        from pyarrow._compute import call_function
    except ImportError:  # pyarrow moved it: the public name
        from pyarrow.compute import call_function
    return call_function


# pyarrow arrays made from their buffers: `pa.array()` of a list or a numpy array, and a Python scalar given to a
# compute function, import pandas where it is installed (a third of a second)


def _strings(texts: Sequence[str]) -> Any:
    """A pyarrow array of these texts."""
    import numpy as np
    import pyarrow as pa

    data = [text.encode() for text in texts]
    offsets = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum([len(each) for each in data], out=offsets[1:])
    return pa.Array.from_buffers(pa.string(), len(data), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))])


def _integers(codes: Array) -> Any:
    """A pyarrow array of a numpy array of integers."""
    import numpy as np
    import pyarrow as pa

    held = np.ascontiguousarray(codes)
    return pa.Array.from_buffers(pa.from_numpy_dtype(held.dtype), len(held), [None, pa.py_buffer(held)])


def _opened(measure: dict[str, Any]) -> str:
    """A measure's object up to its points (given as a marker)."""
    return "".join(chunks(measure, 2)).split(MARK)[0]


def _rows(frame: Frame, rules: Sequence[Rule], areas: Sequence[str], last: int | None) -> tuple[Array, ...]:
    """The rows in the trend's order (area by area as the file gives them, each area's measures in rule order),
    only each series' last `last`; which rows start and end a series; each series' first row."""
    import numpy as np

    starts, ends = frame.starts[:-1], frame.starts[1:]
    area_rank: dict[str | None, int] = {area: rank for rank, area in enumerate(areas)}
    rule_rank = {rule.id: rank for rank, rule in enumerate(rules)}
    ranked = np.array([area_rank.get(area, 0) for area in frame.areas])[frame.area[starts]] * len(rules)
    ranked += np.array([rule_rank[measure] for measure in frame.ids])[frame.id[starts]]
    order = np.argsort(ranked, kind="stable")
    firsts_at = starts[order] if last is None else np.maximum(starts[order], ends[order] - last)
    sizes = ends[order] - firsts_at
    offsets = np.cumsum(sizes) - sizes
    rows = np.arange(sizes.sum()) - np.repeat(offsets, sizes) + np.repeat(firsts_at, sizes)
    firsts = np.zeros(len(rows), dtype=bool)
    firsts[offsets] = True
    lasts = np.zeros(len(rows), dtype=bool)
    lasts[offsets + sizes - 1] = True
    return rows, firsts, lasts, starts[order]
