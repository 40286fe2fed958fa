"""Issue 13's benchmark: `ragcalc spc --format json` of N measures x 36 months, against a floor timed in the run.

The floor is Python's csv module reading the same history file and converting every value to a float (the
least any tool does with the file). By each engine (`--engine pure`, and `fast` where the `ragcalc[fast]` extra is
installed: issue 28's target, at most 6x the floor). Also prints peak memory per 10,000 measures, and with --stages
where each engine's time goes (reading the rules, the history, the charts, the JSON) in one process.

    python benchmarks/spc.py                      # 10,000 measures x 36 months (360,000 rows)
    python benchmarks/spc.py --measures 2000      # a quicker look
    python benchmarks/spc.py --stages             # stage by stage
"""

from __future__ import annotations

import argparse
import csv
import gc
import importlib.util
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from history import baseline, timed

RUNS = 3


def months() -> list[str]:
    """36 month labels, April 2020 to March 2023."""
    names = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")
    return [f"{name}-{(year + (i >= 9)) % 100:02d}" for year in (2020, 2021, 2022) for i, name in enumerate(names)]


def generate(folder: str, measures: int) -> tuple[str, str]:
    """A region's rules and a monthly history, some series drifting so that special causes appear."""
    rng = random.Random(13)
    rules = os.path.join(folder, "rules.yaml")
    with open(rules, "w", encoding="utf-8") as out:
        out.write("defaults: {group: Region, unit: percent, tolerance: 5}\nmeasures:\n")
        for i in range(measures):
            polarity = "higher" if i % 3 else "lower"
            out.write(f"  - {{id: M{i:06d}, polarity: {polarity}, target: {rng.randint(40, 90)}}}\n")
    history = os.path.join(folder, "history.csv")
    with open(history, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "period", "value"])
        for i in range(measures):
            level, drift = rng.uniform(30, 90), rng.choice([0, 0, 0.3, -0.3])
            for month in months():
                level = min(100.0, max(0.0, level + drift + rng.uniform(-2, 2)))
                writer.writerow([f"M{i:06d}", month, f"{level:.1f}%"])
    return rules, history


def floor(history: str) -> float:
    """The best of RUNS of the sibling script's baseline: the csv module, a float per value."""
    return min(baseline(history) for _ in range(RUNS))


def stages(rules_path: str, history_path: str, engine: str) -> None:
    """Each stage's best of RUNS in this process, the garbage collector off as the command runs it."""
    from ragcalc.api import Data, history_of, load_rules
    from ragcalc.loading import Source

    gc.disable()

    def best(work):  # type: ignore[no-untyped-def]
        times, result = [], None
        for _ in range(RUNS):
            start = time.perf_counter()
            result = work()
            times.append(time.perf_counter() - start)
        return min(times), result

    read_rules, rules = best(lambda: load_rules(rules_path))
    read_history, (history, _) = best(
        lambda: history_of(rules, Data(history_path, Source(engine=engine)), "spc", None, ())
    )
    if history.frame is None:
        from ragcalc.output import spcview
        from ragcalc.rating import spc

        draw, measured = best(lambda: spc.charts(rules.rules, history))
        write, _ = best(lambda: spcview.json_text(measured, None))
    else:
        from ragcalc.output import columnar
        from ragcalc.rating import spccolumns

        frame, listed = history.frame, list(rules.rules)
        draw, charts = best(lambda: spccolumns.charts(frame, listed))
        write, _ = best(lambda: "".join(columnar.spc_json(frame, listed, charts, history.areas, None)))
    print(f"  stages ({engine}): rules {read_rules:.2f} s, history {read_history:.2f} s, charts {draw:.2f} s, "
          f"JSON {write:.2f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=10_000)
    parser.add_argument("--stages", action="store_true", help="time each stage in one process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rules, history = generate(folder, args.measures)
        rows = args.measures * 36
        base = floor(history)
        print(f"{args.measures:,} measures x 36 months = {rows:,} rows")
        print(f"  floor (csv module + float per value): {base:.2f} s")
        engines = ("pure", "fast") if importlib.util.find_spec("pyarrow") else ("pure",)
        for engine in engines:
            command = [sys.executable, "-m", "ragcalc", "spc", history, "--rules", rules, "--format", "json",
                       "--engine", engine]  # fmt: skip
            run, mib = min(timed(command) for _ in range(RUNS))
            target = " (target 6x)" if engine == "fast" else ""
            print(f"  spc --format json --engine {engine}: {run:.2f} s = {run / base:.1f}x the floor{target}; "
                  f"peak {mib:.0f} MiB ({mib / args.measures * 10_000:.0f} MiB per 10,000 measures); "
                  f"{run / args.measures * 1000:.3f} ms per series")  # fmt: skip
        if args.stages:
            for engine in engines:
                stages(rules, history, engine)


if __name__ == "__main__":
    main()
