"""One record, every view (issue 25): the shipped monthly history rendered in every format, each measure's value,
target, RAG and arrow, and its SPC variation and assurance, read back from each output (never from the shared
record) and checked to agree."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from decimal import Decimal

import openpyxl
import pytest

from ragcalc.errors import Collector
from ragcalc.inputs import words
from ragcalc.inputs.rules import load_rules
from tests.helpers import ROOT

HISTORY = str(ROOT / "examples" / "monthly-2021-23.csv")
RULES = {rule.id: rule for rule in load_rules(str(ROOT / "rules"), Collector()).rules}
ARGS = ["--rules", str(ROOT / "rules")]


@pytest.fixture
def run(ragcalc):
    return lambda *args: ragcalc([*args, *ARGS], code=0)


def number(text: str | None) -> Decimal | None:
    """A value or target as its amount ('70.0%', '£1,250', '1,200'); None for no value."""
    cleaned = (text or "").replace(",", "").replace("£", "").rstrip("%").strip()
    return Decimal(cleaned).normalize() if re.fullmatch(r"-?\d+(\.\d+)?", cleaned) else None


def target(text: str | None) -> tuple[str, Decimal | None]:
    match = re.fullmatch(r"(>=|<=|>|<)?\s*(.*)", (text or "").strip())
    assert match is not None
    return match.group(1) or "", number(match.group(2))


def rating(text: str | None, measure: str) -> str | None:
    """A RAG as any output writes it ('Amber', 'amber', 'A Amber'), as its word; None for not rated."""
    written = re.sub(r"^[A-Z] (?=\w)", "", (text or "").strip())  # the page's and the workbook's letter
    if written in ("", "-", "not rated"):
        return None
    found = words.published_rating(written, RULES[measure])
    return found.word if found else None


def arrow(text: str | None, measure: str) -> str | None:
    written = (text or "").strip()
    if written in ("", "-", "none"):
        return None
    return words.published_direction(written.split()[-1] if len(written) > 1 else written, RULES[measure]).word


Row = tuple[Decimal | None, tuple[str, Decimal | None], str | None, str | None]


def from_json(text: str) -> dict[str, Row]:
    return {
        m["id"]: (
            number(str(m["value"])) if m["value"] is not None else None,
            (m["comparator"] or "", number(str(m["target"])) if m["target"] is not None else None),
            m["rag"],
            m["direction"],
        )
        for m in json.loads(text)["measures"]
    }


def from_csv(text: str) -> dict[str, Row]:
    return {
        r["id"]: (number(r["value"]), (r["comparator"], number(r["target"])), r["rag"] or None, r["direction"] or None)
        for r in csv.DictReader(io.StringIO(text))
    }


def from_markdown(text: str) -> dict[str, Row]:
    found = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells[0] in RULES and len(cells) >= 7:
            measure = cells[0]
            found[measure] = (number(cells[2]), target(cells[4]), rating(cells[5], measure), arrow(cells[6], measure))
    return found


def from_table(text: str) -> dict[str, Row]:
    """The terminal table: each column where its dashes are, a record on each line that starts with an id."""
    found: dict[str, Row] = {}
    spans: list[tuple[int, int]] = []
    for line in text.splitlines():
        if set(line.replace(" ", "")) == {"-"}:
            spans = [(m.start(), m.end()) for m in re.finditer(r"-+", line)]
            continue
        if not spans or line[: spans[0][1]].strip() not in RULES:
            continue
        cells = [line[start : (spans[i + 1][0] if i + 1 < len(spans) else None)].strip() for i, (start, _) in
                 enumerate(spans)]  # fmt: skip
        measure = cells[0]
        found[measure] = (number(cells[2]), target(cells[4]), rating(cells[5], measure), arrow(cells[6], measure))
    return found


def from_html(text: str) -> dict[str, Row]:
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", text, re.S):
        cells = [
            html.unescape(re.sub(r"<[^>]+>", " ", cell)).split()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        texts = [" ".join(cell) for cell in cells]
        if not texts or texts[0] not in RULES or len(texts) < 7:
            continue
        measure = texts[0]
        found[measure] = (number(texts[2]), target(texts[4]), rating(texts[5], measure), arrow(texts[6], measure))
    return found


def from_xlsx(data: bytes) -> dict[str, Row]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    found = {}
    for sheet in book.worksheets[1:]:
        header = [cell.value for cell in sheet[4]]
        if "ID" not in header:
            continue
        for row in sheet.iter_rows(min_row=5):
            cells = dict(zip(header, row, strict=False))
            measure = cells["ID"].value
            found[measure] = (
                _cell_number(cells["Value"]),
                _cell_target(cells["Target"]),
                rating(cells["RAG"].value, measure),
                arrow(cells["Direction"].value, measure),
            )
    return found


def _cell_number(cell) -> Decimal | None:
    if not isinstance(cell.value, int | float):
        return None
    amount = Decimal(repr(cell.value))
    return (amount * 100 if "%" in cell.number_format else amount).normalize()


def _cell_target(cell) -> tuple[str, Decimal | None]:
    if not isinstance(cell.value, int | float):
        return target(str(cell.value or ""))
    comparator = re.match(r'"(>=|<=|>|<) "', cell.number_format)
    return (comparator.group(1) if comparator else ""), _cell_number(cell)


def test_every_format_shows_each_measure_with_the_same_value_target_rag_and_arrow(run, tmp_path):
    book = tmp_path / "card.xlsx"
    run("evaluate", HISTORY, "-o", str(book))
    views = {
        "json": from_json(run("evaluate", HISTORY, "--format", "json").stdout),
        "csv": from_csv(run("evaluate", HISTORY, "--format", "csv").stdout),
        "markdown": from_markdown(run("evaluate", HISTORY, "--format", "markdown").stdout),
        "table": from_table(run("evaluate", HISTORY, "--format", "table").stdout),
        "html": from_html(run("evaluate", HISTORY, "--format", "html").stdout),
        "xlsx": from_xlsx(book.read_bytes()),
    }
    reference = views["json"]
    assert sorted(reference) == sorted(RULES)
    rated = [measure for measure, row in reference.items() if row[0] is not None]
    assert len(rated) == 3  # the monthly example's measures with values
    for name, view in views.items():
        assert sorted(view) == sorted(reference), name
        for measure in reference:
            assert view[measure] == reference[measure], (name, measure)


def icons_from_words(text: str) -> tuple[str, str]:
    return tuple(re.sub(r"^[A-Z?-] ", "", word).replace("_", " ").strip() for word in text)  # type: ignore[return-value]


def test_every_format_shows_each_measure_with_the_same_spc_icons(run, tmp_path):
    spc = {
        m["id"]: (m["variation"], m["assurance"])
        for m in json.loads(run("spc", HISTORY, "--format", "json").stdout)["measures"]
    }
    reference = {measure: icons_from_words(pair) for measure, pair in spc.items()}
    assert reference["VS102"] == ("concern high", "fail")
    views = {}
    rows = list(csv.DictReader(io.StringIO(run("spc", HISTORY, "--format", "csv").stdout)))
    views["spc csv"] = {r["id"]: icons_from_words((r["variation"], r["assurance"])) for r in rows}  # the last row's
    rows = list(csv.DictReader(io.StringIO(run("trend", HISTORY, "--spc", "--format", "csv").stdout)))
    views["trend csv"] = {r["id"]: icons_from_words((r["variation"], r["assurance"])) for r in rows}
    page = run("report", HISTORY).stdout
    views["html"] = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S):
        labels = re.findall(r'aria-label="(Variation|Assurance): [^"]*"[^>]*>.*?</svg> ([a-z ]+)</span>', row, re.S)
        ident = re.match(r"\s*<td>(\w+)</td>", row)
        if ident and labels:
            views["html"][ident.group(1)] = tuple(word.strip() for _, word in labels)
    book = tmp_path / "card.xlsx"
    run("evaluate", HISTORY, "-o", str(book))
    views["xlsx"] = {}
    for sheet in openpyxl.load_workbook(book).worksheets[2:]:
        header = [cell.value for cell in sheet[4]]
        for row in sheet.iter_rows(min_row=5, values_only=True):
            cells = dict(zip(header, row, strict=False))
            if cells["Variation"] != "-":
                views["xlsx"][cells["ID"]] = icons_from_words((cells["Variation"], cells["Assurance"]))
    for name, view in views.items():
        assert view == reference, name
