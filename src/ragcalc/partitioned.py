"""Rating a history of many areas partitioned by area across a Dask cluster (`ragcalc[dask]`, docs/scale.md).

The engine rates each area's series on its own, so a history split by area (one file per partition, as a national
dataset is stored) is rated partition by partition on the cluster's workers through the public API, and the
ratings are gathered into one scorecard: the same ratings, summary and JSON as one process rating the whole file.
Each finding still names its own partition's file and line. A benchmark that is another area (`benchmark:
England`) must be in every partition that rates against it; it is counted once (its first partition's).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ragcalc.api import EvaluateOptions, PathLike, Rated, Rules, ratings_of, read, report_of
from ragcalc.errors import UsageError
from ragcalc.rating.model import Rating
from ragcalc.results import Scorecard


def evaluate(
    rules: Rules,
    partitions: Sequence[PathLike],
    *,
    client: Any = None,
    period: str | None = None,
    compare: str | None = None,
) -> Scorecard:
    """One scorecard of every area in `partitions` (history files, each holding some areas), each partition rated
    on a worker of `client` (a `distributed.Client`; None: Dask's default scheduler), as `ragcalc.evaluate` would
    rate the whole history at once."""
    try:
        import dask.bag
    except ImportError:
        raise UsageError("partitioned runs need Dask: pip install 'ragcalc[dask]'") from None
    paths = [os.fspath(read(path).path) for path in partitions]
    if not paths:
        raise UsageError("partitioned.evaluate: give one history file per partition")
    options = [EvaluateOptions(path, rules.ruleset, format="json", period=period, compare=compare) for path in paths]
    work = dask.bag.from_sequence(options, npartitions=len(options)).map(_rated)  # type: ignore[no-untyped-call]
    found: list[Rated] = work.compute() if client is None else work.compute(scheduler=client)
    return _gathered(found, options[0])


def _rated(options: EvaluateOptions) -> Rated:
    """A partition's ratings, on a worker: without the history it read, which need not travel back."""
    rated = ratings_of(options)
    return rated._replace(data=rated.quarter)


def _gathered(found: Sequence[Rated], options: EvaluateOptions) -> Scorecard:
    """The partitions' ratings as one scorecard, each area once (a benchmark area shared by partitions: its first)."""
    seen: set[tuple[str | None, str]] = set()
    everyone: list[Rating] = []
    for rated in found:
        for rating in rated.everyone:
            key = (rating.area, rating.rule.id)
            if key not in seen:
                seen.add(key)
                everyone.append(rating)
    first = found[0]
    warnings = [warning for rated in found for warning in rated.warnings]
    rated = Rated(first.rules, first.quarter, everyone, warnings, everyone, first.data, first.settings)
    return Scorecard(report_of(rated, options), rated)
