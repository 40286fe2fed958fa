"""Issue 27's benchmark: a region's history, 170 areas x 300 measures x 20 quarters (1,020,000 rows), rated by
`ragcalc.evaluate` in one process against `ragcalc.partitioned.evaluate` over a `distributed.LocalCluster` of two
worker processes (this machine has two cores), the history split by area into one file per partition; both to
the scorecard's JSON (`to_dict()`), checked equal, each the best of RUNS, in the same run. Needs `ragcalc[dask]`.

    python benchmarks/dask_areas.py                  # 170 areas, 2 and 4 partitions
    python benchmarks/dask_areas.py --areas 40       # a quicker look
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from areas import generate

RUNS = 3


def split(history: str, parts: int, folder: str) -> list[str]:
    """The history as `parts` files, each holding a run of its areas (as a national dataset is stored)."""
    with open(history, encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    header, body = rows[0], rows[1:]
    areas = list(dict.fromkeys(row[0] for row in body))
    size = -(-len(areas) // parts)
    paths = []
    for part in range(parts):
        chosen = set(areas[part * size : (part + 1) * size])
        path = os.path.join(folder, f"part-{parts}-{part}.csv")
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(row for row in body if row[0] in chosen)
        paths.append(path)
    return paths


def best(run: Callable[[], Any]) -> tuple[float, Any]:
    fastest, result = float("inf"), None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = run()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=170)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    import ragcalc
    from ragcalc import partitioned

    with tempfile.TemporaryDirectory() as folder:
        rules_path, history = generate(folder, args.areas)
        rules = ragcalc.load_rules(rules_path)
        with open(history, encoding="utf-8") as lines:
            rows = sum(1 for _ in lines) - 1
        single, expected = best(lambda: ragcalc.evaluate(rules, history).to_dict())
        print(f"{rows:,} rows, one process: {single:.2f} s")
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster, Client(cluster) as client:
            for parts in (2, 4):
                paths = split(history, parts, folder)
                took, found = best(lambda paths=paths: partitioned.evaluate(rules, paths, client=client).to_dict())
                assert found == expected, "the partitioned scorecard differs from the one-process scorecard"
                print(f"  2 workers, {parts} partitions: {took:.2f} s = {took / single:.2f}x one process (identical)")


if __name__ == "__main__":
    main()
