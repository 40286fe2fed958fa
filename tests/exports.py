"""Workbooks made the way a performance system's quarterly export looks: a cover sheet first, title and blank rows
above the header, its own headings, columns ragcalc does not read, value columns headed by the quarter, percent and
currency formats, cells storing more digits than they show, `n/a`, `tbc` and `DNA`, hand-typed RAG and DoT words,
and a footer. `python -m tests.exports examples/export` writes the shipped examples.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

HEADINGS = ("Ref", "Measure", "Portfolio", "Polarity", "Target", "{before}", "{now}", "RAG", "DoT", "Comments", "Owner")
PERCENT, WHOLE, POUNDS, DAYS = "0.0%", "#,##0", '"£"#,##0', "0.0"
# id, name, portfolio, polarity, target (value, format), {quarter: value}, format, {quarter: (RAG, DoT, comment)}
MEASURES = (
    ("VS101", "% of providers judged good or outstanding by CQC", "Adult Social Services", "Higher is better",
     (0.74, "0%"), {"Q2": 0.72, "Q3": 0.756, "Q4": 0.761}, PERCENT,
     {"Q3": ("Green", "Better", "Two homes re-rated Good."), "Q4": ("Green", "Better", "")}),
    ("VS106", "Carers' assessments completed", "Adult Social Services", "Higher is better", (1200, WHOLE),
     {"Q2": 1150, "Q3": 1250, "Q4": 1190}, WHOLE,
     {"Q3": ("G", "↑", ""), "Q4": ("Amber", "Worse", "Staff vacancies.")}),
    ("CF201", "% of children's social care assessments completed within 45 days", "Children and Families",
     "Higher is better", (">= 90%", None), {"Q2": 0.88, "Q3": 0.91, "Q4": 0.93}, PERCENT,
     {"Q3": ("Green", "Improving", ""), "Q4": ("Green", "Improving", "")}),
    ("CF206", "Adoptions from care", "Children and Families", "Higher is better", ("n/a", None),
     {"Q2": 12, "Q3": "DNA", "Q4": 9}, WHOLE, {"Q3": ("N/A", "-", "Data not yet available."), "Q4": ("n/a", "", "")}),
    ("CP303", "Fly-tipping incidents reported", "Communities and Place", "Smaller is better", ("< 1,500", None),
     {"Q2": 1620, "Q3": 1480, "Q4": 1455}, WHOLE, {"Q3": ("Green", "Better", ""), "Q4": ("Green", "Better", "")}),
    ("RS401", "% of council tax collected in year", "Resources", "Higher is better", (0.975, PERCENT),
     {"Q2": 0.971, "Q3": 0.974962, "Q4": 0.976}, PERCENT,
     {"Q3": ("Green", "Better", "Shown 97.5%: on target."), "Q4": ("Green", "Better", "")}),
    ("RS403", "Savings delivered against the medium-term financial plan", "Resources", "Higher is better",
     (2500000, POUNDS), {"Q2": 1200000, "Q3": 1950000, "Q4": 2600000}, POUNDS,
     {"Q3": ("Red", "Better", "Two schemes slipped."), "Q4": ("Green", "Better", "")}),
    ("RS404", "% of information requests answered within 20 working days", "Resources", "Higher is better",
     (">= 90%", None), {"Q2": 0.86, "Q3": "tbc", "Q4": 0.91}, PERCENT,
     {"Q3": ("n/a", "-", "Awaiting the case system's figures."), "Q4": ("Green", "Better", "")}),
    ("RS406", "% staff turnover (rolling 12 months)", "Resources", "Within range", ("8% - 12%", None),
     {"Q2": 0.105, "Q3": 0.113, "Q4": 0.124}, PERCENT, {"Q3": ("Green", "Same", ""), "Q4": ("Amber", "Worse", "")}),
)  # fmt: skip
BEFORE = {"Q3": "Q2", "Q4": "Q3"}


def council_export(path: Path, quarter: str) -> None:
    """The `quarter` (Q3 or Q4 of 2024/25) export: the values of that quarter and the one before it."""
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["Northshire Council"])
    cover.append([f"Corporate performance scorecard, {quarter} 2024/25"])
    sheet = book.create_sheet("Scorecard")
    before = BEFORE[quarter]
    sheet.append([f"Northshire Council: corporate performance scorecard, {quarter} 2024/25"])
    sheet.append(["Exported from the performance system on 14/01/2025"])
    sheet.append([])
    sheet.append([h.format(before=f"{before} 2024/25", now=f"{quarter} 2024/25") for h in HEADINGS])
    for ref, name, portfolio, polarity, target, values, number_format, said in MEASURES:
        rag, dot, comment = said[quarter]
        sheet.append([ref, name, portfolio, polarity, target[0], values[before], values[quarter], rag, dot,
                      comment or None, "A. Officer"])  # fmt: skip
        row = sheet.max_row
        if target[1]:
            sheet.cell(row, 5).number_format = target[1]
        for column in (6, 7):
            sheet.cell(row, column).number_format = number_format
    sheet.append([])
    sheet.append(["Source: Pentana Performance export, 14/01/2025"])
    book.create_sheet("Notes").append(["Definitions are on the intranet."])
    book.save(path)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    for quarter in ("Q3", "Q4"):
        council_export(folder / f"scorecard-{quarter.lower()}-2024-25.xlsx", quarter)
