"""Issue 22's quadratic paths: how the time grows with a file's width, where it must grow in proportion.

Each figure is a ratio measured in the same run: the time of a file N times larger over the time of the smaller
one, as processes (start-up included on both sides). Linear work gives about N; the quadratic paths issue 22
removed gave about N² (a YAML quarter file of 20,000 areas took 77 s, a CSV 20,000 columns wide 510 s).

- areas: a YAML quarter file of 2,000 and of 20,000 areas (`areas: {A1: {measures: ...}}`);
- columns: a CSV quarter file with 2,000 and with 20,000 benchmark columns beside the value.

    python benchmarks/scaling.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

RUNS = 3
SMALL, LARGE = 2_000, 20_000
RULES = "measures:\n  - {id: VS101, name: Good, polarity: higher, unit: percent, target: 74, benchmark: England}\n"


def areas_file(folder: str, count: int) -> str:
    path = os.path.join(folder, f"areas-{count}.yaml")
    with open(path, "w", encoding="utf-8") as out:
        out.write("period: Q4\nareas:\n")
        out.writelines(f"  A{i}: {{measures: {{VS101: {{value: 70%, previous: 69%}}}}}}\n" for i in range(count))
    return path


def wide_file(folder: str, count: int) -> str:
    path = os.path.join(folder, f"wide-{count}.csv")
    columns = ["id", "value", *(f"benchmark B{i}" for i in range(count)), "benchmark England"]
    with open(path, "w", encoding="utf-8") as out:
        out.write(",".join(columns) + "\n" + ",".join(["VS101", "70%", *(["60%"] * (count + 1))]) + "\n")
    return path


def best(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        rules = os.path.join(folder, "rules.yaml")
        with open(rules, "w", encoding="utf-8") as out:
            out.write(RULES)
        ragcalc = [sys.executable, "-m", "ragcalc", "evaluate"]
        for name, make in (("areas", areas_file), ("columns", wide_file)):
            small, large = make(folder, SMALL), make(folder, LARGE)
            timed = [best([*ragcalc, path, "--rules", rules, "--format", "json"]) for path in (small, large)]
            ratio = timed[1] / timed[0]
            print(
                f"{name}: {SMALL:,} {timed[0]:.2f} s, {LARGE:,} {timed[1]:.2f} s: {ratio:.1f}x for "
                f"{LARGE // SMALL}x the size (linear: about {LARGE // SMALL}x or less)"
            )


if __name__ == "__main__":
    main()
