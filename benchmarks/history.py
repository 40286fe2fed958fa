"""Issue 4's benchmark: a history of N measures x 20 periods, rated by `evaluate` and `trend --format json`.

Prints each command's time as a ratio of the baseline measured in the same run: Python's own csv module
reading the same file and converting every value to a number. Also prints peak memory per 10,000
measures at two sizes, to show it grows linearly.

    python benchmarks/history.py                       # 25,000 then 50,000 measures (1,000,000 rows)
    python benchmarks/history.py --measures 5000       # a quicker look
    python benchmarks/history.py --stages              # where the time goes, stage by stage, in one process
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
PERIODS = [f"Q{q} {y}/{(y + 1) % 100:02d}" for y in range(2018, 2023) for q in range(1, 5)]  # 20 quarters


def write_rules(folder: str, ids: Iterable[str], rng: random.Random) -> str:
    """A rule file of percent measures, higher is better, tolerance 5, each with a target from 40 to 90."""
    rules = os.path.join(folder, "rules.yaml")
    with open(rules, "w", encoding="utf-8") as out:
        out.write("defaults: {group: Region, polarity: higher, unit: percent, tolerance: 5}\nmeasures:\n")
        out.writelines(f"  - {{id: {measure_id}, target: {rng.randint(40, 90)}}}\n" for measure_id in ids)
    return rules


def generate(folder: str, measures: int) -> tuple[str, str]:
    rng = random.Random(4)
    rules = write_rules(folder, (f"M{i:06d}" for i in range(measures)), rng)
    history = os.path.join(folder, "history.csv")
    with open(history, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "period", "value"])
        for i in range(measures):
            level = rng.uniform(30, 95)
            for period in PERIODS:
                level = min(100.0, max(0.0, level + rng.uniform(-3, 3)))
                writer.writerow([f"M{i:06d}", period, f"{level:.1f}%"])
    return rules, history


def baseline(history: str, column: int = 2) -> float:
    """The floor: Python's csv module reading the file and converting every value to a number."""
    start = time.perf_counter()
    total = 0.0
    with open(history, encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        for row in rows:
            total += float(row[column].rstrip("%"))
    return time.perf_counter() - start


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and peak memory (MiB) of a ragcalc command run as a user runs it."""
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.returncode)"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True)
    seconds, mib, code = out.stdout.split()
    if code not in ("0", "1"):
        raise SystemExit(f"{' '.join(command)} failed with exit {code}")
    return float(seconds), float(mib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, nargs="+", default=[25_000, 50_000])
    parser.add_argument("--stages", action="store_true", help="time each stage in one process (largest size)")
    args = parser.parse_args()
    if args.stages:
        with tempfile.TemporaryDirectory() as folder:
            stages(*generate(folder, max(args.measures)))
        return
    ragcalc = [sys.executable, "-m", "ragcalc"]
    for measures in args.measures:
        with tempfile.TemporaryDirectory() as folder:
            run(ragcalc, folder, measures)


def stages(rules_path: str, history_path: str) -> None:
    """Best of three for each stage, with the garbage collector off as the commands run it."""
    import gc

    from ragcalc.errors import Collector
    from ragcalc.inputs.history import load_history
    from ragcalc.inputs.rules import load_rules
    from ragcalc.output import records, scorecard, trendview
    from ragcalc.rating import engine, timeline
    from ragcalc.rating.model import Quarter

    def best(stage: Callable[[], T]) -> tuple[float, T]:
        seconds, result = float("inf"), None
        for _ in range(3):
            start = time.perf_counter()
            result = stage()
            seconds = min(seconds, time.perf_counter() - start)
        return seconds, result  # type: ignore[return-value]

    gc.disable()
    took: dict[str, float] = {}
    took["rules"], rules = best(lambda: load_rules(rules_path, Collector()).rules)
    took["history"], history = best(lambda: load_history(history_path, rules, Collector()))
    took["latest period"], snap = best(lambda: timeline.snapshot(rules, history, None, None))
    quarter = Quarter(snap.period, snap.previous_period, (), history_path)
    report = scorecard.Report(
        quarter, snap.ratings, engine.summarise(snap.ratings), group_by="group", summary_only=False
    )
    took["its JSON"], _ = best(lambda: records.json_text(report))
    took["trend"], trends = best(lambda: timeline.trend(rules, history))
    took["trend JSON"], _ = best(lambda: trendview.json_text(trends))
    print("  ".join(f"{name} {seconds:.2f} s" for name, seconds in took.items()))


def run(ragcalc: list[str], folder: str, measures: int) -> None:
    rules, history = generate(folder, measures)
    print(f"{measures:,} measures x {len(PERIODS)} periods = {measures * len(PERIODS):,} rows")
    floor = min(baseline(history) for _ in range(3))
    print(f"  baseline (csv module + float per value): {floor:.2f} s")
    for name, extra in (
        ("evaluate --format json", ["evaluate", history, "--format", "json"]),
        ("trend --format json", ["trend", history, "--format", "json"]),
    ):
        seconds, mib = min(timed([*ragcalc, *extra, "--rules", rules]) for _ in range(2))
        print(
            f"  {name}: {seconds:.2f} s = {seconds / floor:.2f}x baseline; peak {mib:.0f} MiB "
            f"({mib / measures * 10_000:.1f} MiB per 10,000 measures)"
        )


if __name__ == "__main__":
    main()
