"""Issue 5's benchmarks: start-up, a 10,000-measure scorecard, the engine alone, and memory per measure.

Every figure is a ratio against a baseline measured side by side in the same run (or, for the engine, a rate):

- start-up: `ragcalc evaluate examples/2022-23-q4.yaml --format json` against `python -c "import click, yaml"`;
- scorecard: `evaluate --format json` of N measures against a Python that only loads the rules file and the
  quarter file with `yaml.CSafeLoader` (both as processes, start-up included on both sides);
- engine: evaluations per second of `engine.evaluate` with the rules and readings already loaded (one core);
- memory: peak RSS of `evaluate --format json`, in MiB per 10,000 measures, at two sizes.

    python benchmarks/speed.py                    # 10,000 and 20,000 measures
    python benchmarks/speed.py --measures 2000    # a quicker look
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = 7


def generate(folder: str, measures: int) -> tuple[str, str]:
    """A rules file and a quarter file of `measures` measures, written as councils write them."""
    rng = random.Random(5)
    rules, quarter = os.path.join(folder, "rules.yaml"), os.path.join(folder, "quarter.yaml")
    with open(rules, "w", encoding="utf-8") as out:
        out.write("measures:\n")
        for i in range(measures):
            percent = i % 2 == 0
            out.write(
                f"  - id: M{i:06d}\n    name: Measure {i} of the regional scorecard\n    group: Portfolio {i % 12}\n"
                f"    polarity: {'higher' if percent else 'lower'}\n    unit: {'percent' if percent else 'count'}\n"
                f"    target: {rng.randint(40, 90)}\n    tolerance: {rng.choice(['2', '5%', '0'])}\n"
            )
    with open(quarter, "w", encoding="utf-8") as out:
        out.write("period: Q4 2022/23\nprevious_period: Q3 2022/23\nmeasures:\n")
        for i in range(measures):
            value, previous = rng.uniform(30, 95), rng.uniform(30, 95)
            sign = "%" if i % 2 == 0 else ""
            out.write(f"  M{i:06d}: {{value: {value:.1f}{sign}, previous: {previous:.1f}{sign}}}\n")
    return rules, quarter


def timed(command: list[str]) -> tuple[float, float]:
    """The fastest wall time of RUNS runs of a command, and its peak memory in MiB."""
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.returncode)"
    )
    best, peak = float("inf"), 0.0
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True)
        seconds, mib, code = out.stdout.split()
        if code not in ("0", "1"):
            raise SystemExit(f"{' '.join(command)} failed with exit {code}")
        best, peak = min(best, float(seconds)), max(peak, float(mib))
    return best, peak


def startup() -> None:
    floor, _ = timed([sys.executable, "-c", "import click, yaml"])
    example, rules = os.path.join(ROOT, "examples", "2022-23-q4.yaml"), os.path.join(ROOT, "rules")
    run, _ = timed([sys.executable, "-m", "ragcalc", "evaluate", example, "--rules", rules, "--format", "json"])
    print(f"start-up: evaluate of the shipped example (30 measures), --format json: {run * 1000:.0f} ms")
    print(f"  baseline python -c 'import click, yaml': {floor * 1000:.0f} ms; ratio {run / floor:.2f}x (target 1.2x)")


def scorecard(measures: int, folder: str) -> float:
    rules, quarter = generate(folder, measures)
    load = (
        "import yaml; "
        f"[yaml.load(open(p, encoding='utf-8'), Loader=yaml.CSafeLoader) for p in ({rules!r}, {quarter!r})]"
    )
    floor, _ = timed([sys.executable, "-c", load])
    run, mib = timed([sys.executable, "-m", "ragcalc", "evaluate", quarter, "--rules", rules, "--format", "json"])
    print(f"{measures:,} measures: evaluate --format json {run:.2f} s")
    print(f"  baseline: loading both files with yaml.CSafeLoader {floor:.2f} s; ratio {run / floor:.2f}x (target 1.5x)")
    print(f"  peak memory {mib:.0f} MiB = {mib / measures * 10_000:.1f} MiB per 10,000 measures")
    return mib


def engine_rate(measures: int, folder: str) -> None:
    """As a command runs it: the installed ragcalc, with the cyclic garbage collector off (see cli.py)."""
    from ragcalc.errors import Collector
    from ragcalc.inputs.quarter import load_quarter
    from ragcalc.inputs.rules import load_rules
    from ragcalc.rating import engine

    rules, quarter = generate(folder, measures)
    collector = Collector()
    loaded = load_rules(rules, collector).rules
    readings = load_quarter(quarter, loaded, collector)
    gc.disable()
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        engine.evaluate(loaded, readings)
        best = min(best, time.perf_counter() - start)
    print(f"engine alone: {measures / best:,.0f} evaluations per second on one core (target 300,000)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, nargs=2, default=[10_000, 20_000])
    args = parser.parse_args()
    startup()
    for measures in args.measures:
        with tempfile.TemporaryDirectory() as folder:
            scorecard(measures, folder)
    with tempfile.TemporaryDirectory() as folder:
        engine_rate(args.measures[0], folder)


if __name__ == "__main__":
    main()
