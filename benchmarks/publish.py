"""Issue 15's benchmarks: HTML pages and Excel workbooks.

- HTML: `report` (the whole pack: sparklines and SPC charts) and `evaluate --format html` of 300 measures x 20
  quarters, each as a ratio of `evaluate --format json` of the same history, timed in the same run;
- Excel: a 100,000-row history sheet read by openpyxl (read-only, with each cell's number format, as ragcalc
  reads it) and by python-calamine (values only) where it is installed, and `trend --format json` of the
  workbook as a ratio of the same history as CSV.

    python benchmarks/publish.py
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from history import PERIODS, generate, timed

RUNS = 3


def best(command: list[str]) -> tuple[float, float]:
    return min(timed(command) for _ in range(RUNS))


def pages(folder: str) -> None:
    rules, history = generate(folder, 300)
    ragcalc = [sys.executable, "-m", "ragcalc"]
    json_seconds, _ = best([*ragcalc, "evaluate", history, "--rules", rules, "--format", "json"])
    print(f"300 measures x {len(PERIODS)} quarters: evaluate --format json {json_seconds:.2f} s")
    for name, command in (
        ("evaluate --format html", ["evaluate", history, "--format", "html"]),
        ("report (sparklines and SPC charts)", ["report", history]),
    ):
        output = os.path.join(folder, "page.html")
        seconds, _ = best([*ragcalc, *command, "--rules", rules, "-o", output])
        size = os.path.getsize(output) / 1_000_000
        print(f"  {name}: {seconds:.2f} s = {seconds / json_seconds:.2f}x the JSON; {size:.2f} MB (budget 2 MB)")


_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS = [f"{month}-{year}" for year in (21, 22, 23) for month in _NAMES]


def monthly_pack(folder: str) -> None:
    """Issue 25's budget: `report` of 300 measures x 36 months within 4x its JSON, under 2 MB."""
    import random

    rng = random.Random(25)
    rules = os.path.join(folder, "monthly-rules.yaml")
    history = os.path.join(folder, "monthly.csv")
    with open(rules, "w", encoding="utf-8") as out:
        out.write("defaults: {group: Region, polarity: higher, unit: percent, tolerance: 5}\nmeasures:\n")
        out.writelines(f"  - {{id: M{i:03d}, target: {rng.randint(40, 90)}}}\n" for i in range(300))
    with open(history, "w", encoding="utf-8") as out:
        out.write("id,period,value\n")
        for i in range(300):
            level = rng.uniform(30, 90)
            for month in MONTHS:
                level = min(100.0, max(0.0, level + rng.uniform(-2, 2)))
                out.write(f"M{i:03d},{month},{level:.1f}%\n")
    ragcalc = [sys.executable, "-m", "ragcalc"]
    json_seconds, _ = best([*ragcalc, "evaluate", history, "--rules", rules, "--format", "json"])
    output = os.path.join(folder, "monthly.html")
    seconds, _ = best([*ragcalc, "report", history, "--rules", rules, "-o", output])
    size = os.path.getsize(output) / 1_000_000
    print(f"300 measures x 36 months: evaluate --format json {json_seconds:.2f} s")
    print(
        f"  report: {seconds:.2f} s = {seconds / json_seconds:.2f}x the JSON (budget 4x); {size:.2f} MB (budget 2 MB)"
    )


def workbook(folder: str, rows: int = 100_000) -> str:
    import xlsxwriter

    path = os.path.join(folder, "history.xlsx")
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Data")
    percent = book.add_format({"num_format": "0.0%"})
    for c, name in enumerate(("id", "period", "value")):
        sheet.write_string(0, c, name)
    for r in range(1, rows + 1):
        sheet.write_string(r, 0, f"M{(r - 1) // len(PERIODS):06d}")
        sheet.write_string(r, 1, PERIODS[(r - 1) % len(PERIODS)])
        sheet.write_number(r, 2, ((r * 37) % 1000) / 1000, percent)
    book.close()
    return path


def readers(folder: str) -> None:
    if importlib.util.find_spec("xlsxwriter") is None or importlib.util.find_spec("openpyxl") is None:
        print("Excel: install the excel extra (pip install 'ragcalc[excel]') to time the readers")
        return
    import openpyxl

    path = workbook(folder)
    start = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = sum(1 for row in book["Data"].iter_rows() for cell in row if cell.number_format)
    book.close()
    openpyxl_seconds = time.perf_counter() - start
    print(f"100,000-row sheet: openpyxl read-only, values and formats: {openpyxl_seconds:.2f} s ({cells:,} cells)")
    if importlib.util.find_spec("python_calamine") is not None:
        from python_calamine import CalamineWorkbook

        start = time.perf_counter()
        rows = CalamineWorkbook.from_path(path).get_sheet_by_name("Data").to_python()
        calamine_seconds = time.perf_counter() - start
        print(
            f"  python-calamine, values only: {calamine_seconds:.2f} s ({len(rows):,} rows), "
            f"{openpyxl_seconds / calamine_seconds:.1f}x faster, but it gives the cell shown as "
            f"{rows[1][2] * 100:.1f}% as {rows[1][2]!r}, without the format that says it is a percentage"
        )
    csv_path = os.path.join(folder, "history.csv")
    with open(csv_path, "w", encoding="utf-8") as out:
        out.write("id,period,value\n")
        for r in range(1, 100_001):
            out.write(f"M{(r - 1) // len(PERIODS):06d},{PERIODS[(r - 1) % len(PERIODS)]},{((r * 37) % 1000) / 10}%\n")
    rules = os.path.join(folder, "rules.yaml")
    with open(rules, "w", encoding="utf-8") as out:
        out.write("defaults: {polarity: higher, unit: percent, tolerance: 5}\nmeasures:\n")
        out.writelines(f"  - {{id: M{i:06d}, target: 60}}\n" for i in range(100_000 // len(PERIODS)))
    ragcalc = [sys.executable, "-m", "ragcalc", "trend", "--rules", rules, "--format", "json"]
    from_csv, _ = best([*ragcalc, csv_path])
    from_book, _ = best([*ragcalc, path])
    print(f"  trend --format json: the workbook {from_book:.2f} s, the same as CSV {from_csv:.2f} s: "
          f"{from_book / from_csv:.1f}x")  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        pages(folder)
        monthly_pack(folder)
        readers(folder)


if __name__ == "__main__":
    main()
