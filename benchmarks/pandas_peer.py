"""The peer an analyst would write with pandas for a region's history: RAG against each rule's target and tolerance,
and an arrow against the period before, for every area, measure and period, written as JSON.

Values are read as integer tenths (61.3% -> 613) so that every comparison is exact, as ragcalc's are.
pandas is a peer to beat, never a dependency: this runs only where pandas is installed.

    python benchmarks/pandas_peer.py HISTORY.csv RULES.yaml OUTPUT.json
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import yaml


def main(history: str, rules: str, output: str) -> None:
    spec = yaml.load(open(rules, encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: SIM115
    tolerance = int(spec["defaults"]["tolerance"]) * 10
    targets = pd.DataFrame(spec["measures"]).rename(columns={"target": "target"})
    targets["target"] = targets["target"].astype(int) * 10
    df = pd.read_csv(history, dtype={"area": "category", "id": "category", "period": "category"})
    df["tenths"] = df["value"].str.rstrip("%").str.replace(".", "", regex=False).astype(np.int64)
    df = df.merge(targets[["id", "target"]], on="id", how="left")
    short = df["target"] - df["tenths"]
    df["rag"] = np.where(short <= 0, "green", np.where(short <= tolerance, "amber", "red"))
    change = df["tenths"] - df.groupby(["area", "id"], observed=True)["tenths"].shift()
    df["direction"] = np.where(
        change.isna(), None, np.where(change > 20, "improving", np.where(change < -20, "deteriorating", "static"))
    )
    df[["area", "id", "period", "value", "rag", "direction"]].to_json(output, orient="records")


if __name__ == "__main__":
    main(*sys.argv[1:4])
