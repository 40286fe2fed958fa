"""Issue 14's benchmark: a region's history, 300 measures x 170 areas x 20 quarters (about 1,000,000 rows of
`area,id,period,value`), rated by `evaluate` and `trend --format json`, each figure a ratio of the floor timed in
the same run (the csv module reading the file, a float per value), by each engine (`--engine pure`, and `fast`
where the `ragcalc[fast]` extra is installed), with the pandas peer beside them where pandas is installed
(benchmarks/pandas_peer.py; never a dependency), and peak memory per million rows; then
evaluate with a year-end `forecast:` on every rule (issue 16), as the time it adds to evaluate without, in rounds.

    python benchmarks/areas.py                   # 170 areas
    python benchmarks/areas.py --areas 40        # a quicker look
    python benchmarks/areas.py --forecasts-only  # issue 16's figure alone
    python benchmarks/areas.py --forecasts-only --instructions  # and its instruction counts (valgrind)
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from history import PERIODS, baseline, timed, write_rules

RUNS = 3
ROUNDS = 7  # of the three forecast runs, in turn


def generate(folder: str, areas: int, measures: int = 300) -> tuple[str, str]:
    rng = random.Random(14)
    rules = write_rules(folder, (f"M{i:03d}" for i in range(measures)), rng)
    history = os.path.join(folder, "history.csv")
    with open(history, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["area", "id", "period", "value"])
        for area in range(areas):
            for i in range(measures):
                level = rng.uniform(30, 95)
                for period in PERIODS:
                    level = min(100.0, max(0.0, level + rng.uniform(-3, 3)))
                    writer.writerow([f"Area {area:03d}", f"M{i:03d}", period, f"{level:.1f}%"])
    return rules, history


def forecasting(rules: str, method: str) -> str:
    """The same rules, each projecting its year end by `method` (issue 16's figure)."""
    path = rules.replace(".yaml", f"-{method}.yaml")
    with open(rules, encoding="utf-8") as source, open(path, "w", encoding="utf-8") as out:
        out.write(source.read().replace("tolerance: 5}", f"tolerance: 5, forecast: {method}}}", 1))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=170)
    parser.add_argument("--forecasts-only", action="store_true", help="only the forecasts' figure (issue 16)")
    parser.add_argument("--instructions", action="store_true", help="also count the forecast runs' instructions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rules, history = generate(folder, args.areas)
        if args.forecasts_only:
            forecasts(history, rules, instructions=args.instructions)
            return
        rows = args.areas * 300 * len(PERIODS)
        floor = min(baseline(history, column=3) for _ in range(RUNS))
        millions = rows / 1_000_000
        print(f"{args.areas} areas x 300 measures x {len(PERIODS)} quarters = {rows:,} rows")
        print(f"  floor (csv module + float per value): {floor:.2f} s")
        peer = None
        if importlib.util.find_spec("pandas") is not None:
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pandas_peer.py")
            peer, peer_mib = min(timed([sys.executable, script, history, rules, os.path.join(folder, "p.json")])
                                 for _ in range(RUNS))  # fmt: skip
            print(f"  pandas peer (import included): {peer:.2f} s = {peer / floor:.1f}x the floor; "
                  f"peak {peer_mib / millions:.0f} MiB per million rows")  # fmt: skip
        engines = ("pure", "fast") if importlib.util.find_spec("pyarrow") else ("pure",)
        for command, target in (("evaluate", 3), ("trend", 5)):
            for engine in engines:  # issue 28: the fast engine at most 0.8x the peer, memory no more than pure's
                run = [sys.executable, "-m", "ragcalc", command, history, "--rules", rules, "--format", "json",
                       "--engine", engine]  # fmt: skip
                seconds, mib = min(timed(run) for _ in range(RUNS))
                versus = f"; {seconds / peer:.2f}x the pandas peer" if peer else ""
                print(f"  {command} --format json --engine {engine}: {seconds:.2f} s = {seconds / floor:.1f}x the "
                      f"floor (target {target}x){versus}; peak {mib / millions:.0f} MiB per million rows")  # fmt: skip
        forecasts(history, rules, instructions=args.instructions)


def forecasts(history: str, rules: str, *, instructions: bool = False) -> None:
    """Issue 16's figure: evaluate with `forecast: latest` (the cheapest projection) and `forecast: linear` (the
    dearest) on every rule, each against evaluate without, timed in turn round by round, so that a slower spell of
    a shared machine weighs on all three alike; the median of the rounds' ratios; by each engine (issue 16 measured
    the pure one). With `instructions`, also the instructions each executes (pure engine), which a busy machine
    does not change (valgrind, about 50 times slower)."""
    paths = (rules, forecasting(rules, "latest"), forecasting(rules, "linear"))
    engines = ("pure", "fast") if importlib.util.find_spec("pyarrow") else ("pure",)
    for engine in engines:
        runs = [[sys.executable, "-m", "ragcalc", "evaluate", history, "--rules", path, "--format", "json",
                 "--engine", engine] for path in paths]  # fmt: skip
        rounds = [[timed(run)[0] for run in runs] for _ in range(ROUNDS)]
        print(f"  evaluate --format json --engine {engine} without a forecast: "
              f"median {statistics.median(r[0] for r in rounds):.2f} s")  # fmt: skip
        for column, method in ((1, "latest"), (2, "linear")):
            added = sorted(r[column] / r[0] - 1 for r in rounds)
            print(f"  ... forecast: {method} on every rule: median {statistics.median(added) * 100:+.0f}% "
                  f"(rounds {', '.join(f'{a * 100:+.0f}%' for a in added)}; target +20%)")  # fmt: skip
        if instructions and engine == "pure" and shutil.which("valgrind"):
            base, latest, linear = (counted(run) for run in runs)
            print(f"  instructions (callgrind, the same three runs): {base / 1e9:.1f} billion without; "
                  f"latest {(latest / base - 1) * 100:+.1f}%, linear {(linear / base - 1) * 100:+.1f}%")  # fmt: skip


def counted(command: list[str]) -> int:
    """The instructions a command executes (valgrind's callgrind): the same count however busy the machine is."""
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return int(re.search(r"Collected : (\d+)", out.stderr)[1])  # type: ignore[index]


if __name__ == "__main__":
    main()
