"""Issue 24's benchmark: reading exports as they come, each as a ratio of a baseline timed in the same run.

- a workbook of 100,000 rows made like a performance system's export (title rows, its own headings, value columns
  headed by the quarter, percent formats, a footer; 1,000 measures x 100 areas), rated by `evaluate --format json`
  with its mapping; the baseline is openpyxl reading the same sheet in read-only mode, every cell's value;
- a wide CSV of 1,000,000 values (1,000 measures x 50 areas = 50,000 rows, one column for each of 20 quarters),
  rated by `evaluate --format json`; the baseline is Python's csv module reading the file with a float per value,
  and the same data written long (1,000,000 rows of id,area,period,value) is rated too, to show what reading the
  wide layout adds.

    python benchmarks/exports.py                        # the sizes above
    python benchmarks/exports.py --rows 20000 --wide 5000     # a quicker look
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time

from history import timed

QUARTERS = [f"Q{q} {y}/{(y + 1) % 100:02d}" for y in range(2019, 2024) for q in range(1, 5)]  # 20 quarters
MEASURES = 1_000


def write_rules(folder: str) -> str:
    rng = random.Random(24)
    path = os.path.join(folder, "rules.yaml")
    with open(path, "w", encoding="utf-8") as out:
        out.write("defaults: {group: Region, polarity: higher, unit: percent, tolerance: 5}\nmeasures:\n")
        out.writelines(f"  - {{id: M{i:04d}, target: {rng.randint(40, 90)}}}\n" for i in range(MEASURES))
        out.write(
            "input:\n  columns: {Ref: id, Locality: area, Measure: name, RAG: published_rag, "
            "DoT: published_direction}\n  ignore: [Owner]\n"
        )
    return path


def write_workbook(folder: str, rows: int) -> str:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    rng = random.Random(24)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Scorecard")
    sheet.append(["Regional performance scorecard, Q3 2024/25"])
    sheet.append([])
    sheet.append(["Ref", "Locality", "Measure", "Q2 2024/25", "Q3 2024/25", "RAG", "DoT", "Owner"])
    areas = rows // MEASURES
    for i in range(MEASURES):
        for area in range(areas):
            cells = []
            for value in (rng.uniform(0.3, 0.95), rng.uniform(0.3, 0.95)):
                cell = WriteOnlyCell(sheet, value=round(value, 4))
                cell.number_format = "0.0%"
                cells.append(cell)
            sheet.append([f"M{i:04d}", f"Area {area:03d}", f"Measure {i}", *cells, "Green", "Better", "A. Officer"])
    sheet.append([])
    sheet.append(["Source: performance system export"])
    path = os.path.join(folder, "export.xlsx")
    book.save(path)
    return path


def write_wide(folder: str, rows: int) -> tuple[str, str]:
    """The wide CSV, and the same values written long."""
    rng = random.Random(24)
    wide, long = os.path.join(folder, "wide.csv"), os.path.join(folder, "long.csv")
    with open(wide, "w", encoding="utf-8", newline="") as out, open(long, "w", encoding="utf-8", newline="") as twin:
        writer, long_writer = csv.writer(out), csv.writer(twin)
        writer.writerow(["id", "area", *QUARTERS])
        long_writer.writerow(["id", "area", "period", "value"])
        for i in range(MEASURES):
            for area in range(rows // MEASURES):
                values = [f"{rng.uniform(30, 95):.1f}%" for _ in QUARTERS]
                writer.writerow([f"M{i:04d}", f"A{area:04d}", *values])
                long_writer.writerows(
                    [f"M{i:04d}", f"A{area:04d}", q, v] for q, v in zip(QUARTERS, values, strict=True)
                )
    return wide, long


def openpyxl_floor(path: str) -> float:
    """The floor: openpyxl reading the sheet in read-only mode, every cell's value."""
    import openpyxl

    start = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for row in book["Scorecard"].iter_rows() for cell in row if cell.value is not None)
    book.close()
    assert count
    return time.perf_counter() - start


def csv_floor(path: str) -> float:
    """The floor: Python's csv module reading the file, a float per value."""
    start = time.perf_counter()
    total = 0.0
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        for row in rows:
            for cell in row[2:]:
                total += float(cell.rstrip("%"))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the workbook")
    parser.add_argument("--wide", type=int, default=50_000, help="rows of the wide CSV (20 values each)")
    args = parser.parse_args()
    ragcalc = [sys.executable, "-m", "ragcalc"]
    with tempfile.TemporaryDirectory() as folder:
        rules = write_rules(folder)
        book = write_workbook(folder, args.rows)
        floor = min(openpyxl_floor(book) for _ in range(2))
        seconds, mib = min(timed([*ragcalc, "evaluate", book, "--rules", rules, "--format", "json"]) for _ in range(2))
        print(f"workbook of {args.rows:,} rows: baseline (openpyxl read-only, every cell) {floor:.2f} s")
        print(f"  evaluate --format json: {seconds:.2f} s = {seconds / floor:.2f}x baseline; peak {mib:.0f} MiB")
        wide, long = write_wide(folder, args.wide)
        floor = min(csv_floor(wide) for _ in range(2))
        values = args.wide * len(QUARTERS)
        print(f"wide CSV of {args.wide:,} rows x {len(QUARTERS)} quarters ({values:,} values): baseline (csv module + "
              f"float per value) {floor:.2f} s")  # fmt: skip
        runs = {}
        for name, path in (("wide", wide), ("long", long), ("wide", wide), ("long", long)):  # alternating
            found = timed([*ragcalc, "evaluate", path, "--rules", rules, "--format", "json"])
            runs[name] = min(runs.get(name, found), found)
        for name in ("wide", "long"):
            seconds, mib = runs[name]
            ratio = seconds / floor
            print(f"  evaluate --format json, {name}: {seconds:.2f} s = {ratio:.2f}x baseline; peak {mib:.0f} MiB")
        print(f"  the wide layout costs {runs['wide'][0] / runs['long'][0]:.2f}x the same values written long")


if __name__ == "__main__":
    main()
