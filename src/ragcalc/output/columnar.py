"""A trend's JSON written by columns (the `ragcalc[fast]` path): a million points in one pass of pyarrow.

Every piece of text is made by the writers the pure path uses, once per distinct thing: each period's, value's,
target's and word's JSON by `trendview` (a few hundred), the layout around them (indents, keys, brackets,
commas) by `jsonwriter` from a document of markers, and each measure's opening by `trendview.measure_json`. What is
left is joining a row's pieces, which pyarrow does for every row at once; each row carries the brackets and
commas around it, so the document is the joined rows, in order, and nothing is held as a record per point.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ragcalc.output import trendview
from ragcalc.output.jsonwriter import MARK, Raw, Records, chunks, dumps
from ragcalc.output.outfile import Pieces
from ragcalc.rating.columns import ARROWS, RAGS, Marks
from ragcalc.rating.model import Rule
from ragcalc.rating.series import Frame

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


def layout() -> Layout:
    """The layout of a trend document, made by the JSON writer from one with markers in it."""
    document = dumps({"measures": [Raw(MARK), Raw(MARK)]}).split(MARK)
    measure = "".join(chunks(trendview.measure_json(None, "", "", "", Raw(MARK)), 2)).split(MARK)
    cells = [[Raw(MARK)] * 2 for _ in trendview.POINT_KEYS]
    # two points of markers: before each cell of the first, then between the points, ..., after the second
    texts = "".join(chunks(Records(trendview.POINT_KEYS, cells), 3)).split(MARK)
    keys = len(trendview.POINT_KEYS)
    opened, between, closed = texts[0], texts[keys], texts[-1]
    after = _shared(between, closed)
    first = _shared(opened[::-1], between[::-1])[::-1]  # the first cell's key, ending both
    return Layout(
        opening=document[0],
        between=document[1],
        closing=document[2] + "\n",
        points=opened[: len(opened) - len(first)],
        point=between[len(after) : len(between) - len(first)],
        cells=(first, *texts[1:keys]),
        after=after,
        end=closed[len(after) :] + measure[1],
    )


def _shared(one: str, other: str) -> str:
    """The text both start with (character by character: os.path.commonprefix's job, but these are not paths)."""
    size = 0
    while size < min(len(one), len(other)) and one[size] == other[size]:
        size += 1
    return one[:size]


def trend_json(frame: Frame, rules: Sequence[Rule], marks: Marks, areas: Sequence[str], last: int | None) -> Pieces:
    """`trend --format json` of a history read by columns: the same text as `trendview.json_text`."""
    import numpy as np

    rows, firsts, lasts, series = _rows(frame, rules, areas, last)
    if not len(rows):
        return Pieces((trendview.json_text([]),))
    shape = layout()
    encoded = trendview.Encoded()
    by_id = {rule.id: rule for rule in rules}
    heads = [
        shape.between + _opened(frame.areas[frame.area[start]], by_id[frame.ids[frame.id[start]]]) + shape.points
        for start in series
    ]
    heads[0] = shape.opening + heads[0][len(shape.between) :]
    period = [shape.cells[0] + encoded[p.label] for p in frame.periods]
    value = [shape.cells[1] + encoded[v] for v in frame.values]
    target = [shape.cells[2] + trendview.target_digits(by_id[i].target) for i in frame.ids]
    rag = [shape.cells[3] + encoded[r] for r in RAGS]
    arrow = [shape.cells[4] + encoded[a] + shape.after for a in ARROWS]
    leads = np.where(firsts, np.cumsum(firsts), 0)  # a series' first row: its head (1 on); any other: a comma
    tails = lasts.astype(np.int8)
    tails[-1] = 2  # the last row closes the document too
    columns = [
        (_strings([shape.point, *heads]), leads),
        (_strings(period), frame.period[rows]),
        (_strings(value), frame.value[rows]),
        (_strings(target), frame.id[rows]),
        (_strings(rag), marks.rag[rows]),
        (_strings(arrow), marks.arrow[rows]),
        (_strings(["", shape.end, shape.end + shape.closing]), tails),
    ]
    return Pieces(_joined(columns, start, start + _CHUNK) for start in range(0, len(rows), _CHUNK))


_CHUNK = 100_000  # rows joined at a time: a few MB of text each, so that memory holds the document once


def _joined(columns: list[tuple[Any, Array]], start: int, end: int) -> str:
    """Rows start to end of the document: each column's texts taken by its codes, joined row by row."""
    import numpy as np
    import pyarrow.compute as pc

    pieces = [texts.take(_integers(codes[start:end])) for texts, codes in columns]
    joined = pc.binary_join_element_wise(*pieces, _strings([""])[0])
    offsets = np.frombuffer(joined.buffers()[1], dtype=np.int32)[joined.offset : joined.offset + len(joined) + 1]
    return str(memoryview(joined.buffers()[2])[offsets[0] : offsets[-1]], "utf-8")


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


def _opened(area: str | None, rule: Rule) -> str:
    """A measure's object up to its points."""
    return "".join(chunks(trendview.measure_json(area, rule.id, rule.name, rule.group, Raw(MARK)), 2)).split(MARK)[0]


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
