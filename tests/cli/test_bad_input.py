"""Every kind of bad input, one row each: a clear one-line error naming the file (line, measure), exit 2, no traceback.

Each row writes its files into a fresh folder beside a small rule file and runs one command as a user would.
Rows that must be accepted say exit 0 and what they must still produce.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
from click.testing import CliRunner

from ragcalc.cli import main

RULES = """\
measures:
  - {id: VS101, name: Good providers, polarity: higher, unit: percent, target: 74, tolerance: 4}
  - {id: VS102, name: Admissions, polarity: lower, unit: count, target: 600}
  - {id: RS403, name: Savings, polarity: higher, unit: currency, target: 2000000}
"""
OK = "period: Q4\nmeasures:\n  VS101: {value: 70%, previous: 69%}\n"
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]\n" for before, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@dataclass
class Case:
    id: str
    inputs: dict[str, str | bytes]
    args: list[str]
    code: int
    says: tuple[str, ...] = ()  # fragments the report must contain (file, line, measure, what to do)
    stdout_has: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def quarter(value: str, previous: str = "69%", measure: str = "VS101") -> str:
    return f"period: Q4\nmeasures:\n  {measure}: {{value: '{value}', previous: '{previous}'}}\n"


CASES = [
    # ---- files
    Case("missing file", {}, ["evaluate", "nothere.yaml"], 2, ("nothere.yaml: file not found; check the path",)),
    Case("a directory", {"folder/x": ""}, ["evaluate", "folder"], 2, ("folder: is a directory; give a file",)),
    Case("empty file", {"q.yaml": ""}, ["evaluate", "q.yaml"], 2, ("q.yaml: is empty",)),
    Case("a device", {}, ["evaluate", "/dev/zero"], 2, ("/dev/zero: is a device, not a file",)),
    Case("--output with no name", {"q.yaml": OK}, ["evaluate", "q.yaml", "-o", ""], 2, ("--output needs a file name",)),
    Case("binary file", {"q.yaml": b"\x00\x01PK\x03"}, ["evaluate", "q.yaml"], 2, ("q.yaml: is a binary file",)),
    Case(
        "Windows-1252 pound sign from Excel",
        {"q.csv": b"id,value,previous\nRS403,\xa3200,\xa3100\n"},
        ["evaluate", "q.csv"],
        2,
        ("q.csv:2: is not UTF-8", "a £ from Excel?", "save the file as UTF-8", "CSV UTF-8"),
    ),
    Case(
        "UTF-8 with BOM is accepted",
        {"q.csv": "\ufeffid,value,previous\nVS101,70%,69%\n".encode()},
        ["evaluate", "q.csv", "--format", "csv"],
        0,
        stdout_has="VS101,Good providers",
    ),
    # ---- YAML
    Case(
        "YAML syntax error",
        {"q.yaml": "period: Q4\nmeasures:\n  VS101: {value: 70%, previous: 69%\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:4:", "YAML syntax error", "column"),
    ),
    Case(
        "a list where a mapping belongs",
        {"q.yaml": "- VS101\n- VS102\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:1:", "expected 'period:' and 'measures:'"),
    ),
    Case(
        "python object tag refused",
        {"q.yaml": "period: Q4\nmeasures:\n  VS101: !!python/object/apply:os.system ['echo hi']\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:3:", "!!python/object/apply:os.system", "not allowed"),
    ),
    Case(
        "duplicate measure in a quarter file names both lines",
        {"q.yaml": OK + "  VS101: {value: 71%, previous: 69%}\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:4:", "VS101", "line 3"),
    ),
    Case(
        "alias expansion bomb",
        {"q.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n" + BOMB + "period: Q4\nmeasures:\n  VS101: {value: 70%}\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:1:", "unknown key 'a'"),
    ),
    Case(
        "alias bomb inside a measure",
        {"q.yaml": "period: Q4\nmeasures:\n  VS101: {value: 70%, note: &n [a, b]}\n  VS102: *n\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:4:", "VS102"),
    ),
    Case(
        "very deep nesting",
        {"q.yaml": "period: Q4\nmeasures: " + "[" * 3000 + "]" * 3000 + "\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:2:", "nested too deeply"),
    ),
    Case(
        "UTF-16 with a byte-order mark (Excel's Unicode Text)",
        {"q.csv": "id,value,previous\nVS101,70%,69%\n".encode("utf-16")},
        ["evaluate", "q.csv"],
        2,
        ("q.csv: is UTF-16 text (Excel's 'Unicode Text'), not UTF-8", "CSV UTF-8"),
    ),
    Case(
        "UTF-16 without a byte-order mark",
        {"q.csv": "id,value,previous\nVS101,70%,69%\n".encode("utf-16-le")},
        ["evaluate", "q.csv"],
        2,
        ("q.csv: is UTF-16 text",),
    ),
    # ---- files that check nothing (a scorecard of nothing would pass every gate)
    Case(
        "a quarter CSV with a header and no rows",
        {"q.csv": "id,value,previous\n"},
        ["evaluate", "q.csv", "--fail-on", "red"],
        2,
        ("q.csv: has no measures: nothing to rate; add a row per measure under the header",),
    ),
    Case(
        "a quarter YAML file with no measures",
        {"q.yaml": "period: Q4\nmeasures: {}\n"},
        ["evaluate", "q.yaml", "--fail-on", "red"],
        2,
        ("q.yaml: has no measures: nothing to rate; add them under 'measures:'",),
    ),
    Case(
        "a history CSV with a header and no rows",
        {"h.csv": "id,period,value\n"},
        ["evaluate", "h.csv", "--fail-on", "red"],
        2,
        ("h.csv: has no values: nothing to rate",),
    ),
    Case(
        "--period that no row of the history has",
        {"h.csv": "id,period,value\nVS101,Q3 2022/23,70%\nVS102,Feb-23,600\n"},
        ["evaluate", "h.csv", "--period", "Q3 2030/31", "--fail-on", "red"],
        2,
        ("h.csv: --period 'Q3 2030/31': no row of the file has a value for it", "are Q3 2022/23 and Feb-23"),
    ),
    Case(
        "--as-of the database's open-ended date",
        {"h.csv": "id,period,value\nVS101,Q3 2022/23,70%\n"},
        ["evaluate", "h.csv", "--as-of", "9999-12-31"],
        2,
        ("h.csv: --as-of 9999-12-31 (reporting Q3 9999/00): no row", "the nearest periods it has are Q3 2022/23"),
    ),
    Case(
        "--as-of a date within the history is accepted",
        {"h.csv": "id,period,value\nVS101,Q3 2022/23,70%\n"},
        ["evaluate", "h.csv", "--as-of", "2023-01-15", "--format", "csv"],
        0,
        stdout_has="VS101,Good providers",
    ),
    Case(
        "lists nested 30,000 deep (it crashed the interpreter)",
        {"q.yaml": "period: Q4\nmeasures: " + "[" * 30000 + "]" * 30000 + "\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:2: is nested too deeply",),
    ),
    Case(
        "mappings nested 30,000 deep",
        {"q.yaml": "period: Q4\nmeasures:\n  VS101: " + "{a: " * 30000 + "1" + "}" * 30000 + "\n"},
        ["validate", "q.yaml"],
        1,
        ("q.yaml:3: error: is nested too deeply",),
    ),
    Case(
        "block sequences nested 30,000 deep on one line",
        {"q.yaml": "period: Q4\nmeasures:\n  VS101:\n    " + "- " * 30000 + "1\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:4: is nested too deeply",),
    ),
    # ---- identifiers that look alike
    Case(
        "an id with a Cyrillic letter that looks Latin",
        {"q.yaml": "period: Q4\nmeasures:\n  V\u0405101: {value: 70%, previous: 69%}\n"},
        ["evaluate", "q.yaml"],
        2,
        (
            "q.yaml:3:",
            "no rule defines this id (did you mean 'VS101'? They look alike, but character 2 is "
            "U+0405 CYRILLIC CAPITAL LETTER DZE, not U+0053 LATIN CAPITAL LETTER S)",
        ),
    ),
    Case(
        "an id with a zero-width space (CSV)",
        {"q.csv": "id,value,previous\nVS\u200b101,70%,69%\n"},
        ["evaluate", "q.csv"],
        2,
        ("q.csv:2: id: 'VS\u200b101' has an invisible character at position 3 (U+200B ZERO WIDTH SPACE)",),
    ),
    Case(
        "an id 100,000 characters long is refused in one short line",
        {"q.csv": "id,value\n" + "V" * 100_000 + ",70%\n"},
        ["evaluate", "q.csv"],
        2,
        ("q.csv:2: id: 'VVVVVVVVVVVVVVVVVVVVVVVVVVVVVV...' (100,000 characters) is too long to be an id",),
    ),
    Case(
        "an id with a zero-width space (history)",
        {"h.csv": "id,period,value\nVS\u200b101,Q1 2022/23,70%\n"},
        ["evaluate", "h.csv"],
        2,
        ("h.csv:2: id: 'VS\u200b101' has an invisible character at position 3",),
    ),
    # ---- quarter file or history file
    Case(
        "a block-style YAML history is read as a history",
        {"h.yaml": "measures:\n  VS101:\n    Q1 2022/23: 70%\n    Q2 2022/23: 71%\n"},
        ["evaluate", "h.yaml", "--format", "csv"],
        0,
        stdout_has="VS101,Good providers,Ungrouped,percent,higher,71,70,74,",
    ),
    Case(
        "errors about a file's layout say which kind it was read as, and why",
        {"h.yaml": "measures:\n  VS101: {value: 70%}\n  VS102:\n    Q1 2022/23: 600\n"},
        ["evaluate", "h.yaml"],
        2,
        (
            "h.yaml:4: measure VS102: unknown key 'Q1 2022/23'",
            "(read as a quarter file: its first measure, VS101, holds a quarter entry (value, previous, ...))",
        ),
    ),
    Case(
        "a quarter CSV with period and previous_period columns is a quarter file",
        {"q.csv": "id,period,previous_period,value\nVS101,Q4,Q3,70%\n"},
        ["evaluate", "q.csv", "--format", "csv"],
        0,
        stdout_has="VS101,Good providers",
    ),
    # ---- CSV
    Case(
        "CSV without a header row",
        {"q.csv": "VS101,70%,69%\n"},
        ["evaluate", "q.csv"],
        2,
        ("q.csv:1:", "is not a header", "id,value,previous"),
    ),
    Case(
        "ragged CSV row",
        {"q.csv": "id,value,previous\nVS101,70%\n"},
        ["evaluate", "q.csv"],
        2,
        ("q.csv:2:", "VS101", "has 2 cells but the header has 3"),
    ),
    Case(
        "semicolon-delimited CSV",
        {"q.csv": "id;value;previous\nVS101;70%;69%\n"},
        ["evaluate", "q.csv"],
        2,
        ("q.csv:1:", "semicolon-separated", "CSV UTF-8"),
    ),
    Case(
        "Excel's sep=, first line is accepted",
        {"q.csv": "sep=,\nid,value,previous\nVS101,70%,69%\n"},
        ["evaluate", "q.csv", "--format", "csv"],
        0,
        stdout_has="VS101,Good providers",
    ),
    Case(
        "quoted values with thousands commas are accepted",
        {"q.csv": 'id,value,previous\nVS102,"28,553","28,000"\n'},
        ["evaluate", "q.csv", "--format", "csv"],
        0,
        stdout_has="28553",
    ),
    Case(
        "trailing empty rows are ignored",
        {"q.csv": "id,value,previous\nVS101,70%,69%\n,,\n,,\n\n"},
        ["evaluate", "q.csv", "--format", "csv"],
        0,
        stdout_has="VS101,Good providers",
    ),
    # ---- numbers
    Case("NaN", {"q.yaml": quarter("NaN")}, ["evaluate", "q.yaml"], 2, ("q.yaml:3:", "VS101", "not a finite number")),
    Case("inf", {"q.yaml": quarter("inf")}, ["evaluate", "q.yaml"], 2, ("q.yaml:3:", "VS101", "not a finite number")),
    Case(
        "1e400",
        {"q.yaml": quarter("1e400")},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:3:", "VS101", "scientific notation", "write the number out in full"),
    ),
    Case(
        "a space inside a number (YAML)",
        {"q.yaml": quarter("7 0%")},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:3:", "VS101", "'7 0%' has a space inside the number (spaces are not thousands separators)"),
    ),
    Case(
        "a space inside a number (CSV)",
        {"q.csv": "id,value,previous\nVS102,6 12,640\n"},
        ["evaluate", "q.csv"],
        2,
        ("q.csv:2:", "VS102", "'6 12' has a space inside the number"),
    ),
    Case(
        "a space inside a number (history)",
        {"h.csv": "id,period,value\nVS102,Q1 2022/23,64 0\n"},
        ["evaluate", "h.csv"],
        2,
        ("h.csv:2:", "VS102", "'64 0' has a space inside the number"),
    ),
    Case(
        "a hexadecimal YAML number is not converted",
        {"q.yaml": "period: Q4\nmeasures:\n  VS102: {value: 0x264, previous: 600}\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:3:", "VS102", "'0x264' is written in another notation", "e.g. 612"),
    ),
    Case(
        "a binary YAML number is not converted",
        {"q.yaml": "period: Q4\nmeasures:\n  VS101: {value: 0b1000110, previous: 69}\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:3:", "VS101", "'0b1000110' is written in another notation"),
    ),
    Case(
        "a YAML number with underscores is not converted",
        {"q.yaml": "period: Q4\nmeasures:\n  VS102: {value: 1_000, previous: 600}\n"},
        ["validate", "q.yaml"],
        1,
        ("q.yaml:3: error: measure VS102: value: '1_000' is written in another notation",),
    ),
    Case(
        "a 451-digit number",
        {"q.yaml": "period: Q4\nmeasures:\n  VS102: {value: " + "9" * 451 + ", previous: 600}\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:3:", "VS102", "(451 characters) is too long to be a number"),
    ),
    Case(
        "a 451-digit number in a history, through validate",
        {"h.csv": "id,period,value\nVS102,Q1 2022/23," + "9" * 451 + "\n"},
        ["validate", "h.csv"],
        1,
        ("h.csv:2: error: measure VS102: value:", "is too long to be a number"),
    ),
    Case(
        "a YAML float with a huge exponent",
        {"q.yaml": "period: Q4\nmeasures:\n  VS102: {value: 1.0e+1000000, previous: 600}\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:3:", "VS102", "scientific notation"),
    ),
    Case(
        "a YAML float with a huge negative exponent",
        {"q.yaml": "period: Q4\nmeasures:\n  VS102: {value: 1.0e-1000000, previous: 600}\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:3:", "VS102", "scientific notation"),
    ),
    Case(
        "a long fraction",
        {"q.yaml": quarter("0." + "0" * 25 + "1", "0.5", "VS102")},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:3:", "VS102", "more digits than ragcalc reads exactly: at most 30 significant digits"),
    ),
    Case(
        "a target with too many digits in a history file",
        {"h.csv": "id,period,value,target\nVS102,Q1 2022/23,600,1" + "0" * 25 + "\n"},
        ["evaluate", "h.csv"],
        2,
        ("h.csv:2:", "VS102", "target:", "more digits than ragcalc reads exactly"),
    ),
    Case(
        "a history target whose comparator contradicts the polarity",
        {"h.csv": "id,period,value,target\nVS101,Q1 2022/23,70%,<= 72%\n"},
        ["evaluate", "h.csv"],
        2,
        ("h.csv:2:", "VS101", "target '<= 72%' uses '<=', which means lower is better, but polarity is higher"),
    ),
    Case(
        "a history target with a % sign on a count measure",
        {"h.csv": "id,period,value,target\nVS102,Q1 2022/23,600,90%\n"},
        ["validate", "h.csv"],
        1,
        ("h.csv:2: error: measure VS102: target: '90%' has a % sign but the measure's unit is count",),
    ),
    Case(
        "a megabyte cell in a CSV",
        {"q.csv": "id,value,previous\nVS102," + "9" * 1_000_000 + ",600\n"},
        ["evaluate", "q.csv"],
        2,
        ("q.csv:2: CSV error: field larger than field limit",),
    ),
    Case(
        "a percentage over 100 is a warning in validate",
        {"q.yaml": quarter("120%")},
        ["validate", "q.yaml"],
        0,
        ("q.yaml:3: warning: measure VS101: value '120%' is over 100%",),
    ),
    Case(
        "a fraction where a percentage belongs is a warning in validate (YAML)",
        {"q.yaml": quarter("0.70", "0.69")},
        ["validate", "q.yaml"],
        0,
        (
            "q.yaml:3: warning: measure VS101: value '0.70' looks like a fraction, not a percentage, against a "
            "target of 74 (as Excel exports a cell formatted as %); write 70 or 70% if that is meant",
        ),
    ),
    Case(
        "a fraction where a percentage belongs fails validate --strict (CSV)",
        {"q.csv": "id,value,previous\nVS101,0.7,0.69\n"},
        ["validate", "--strict", "q.csv"],
        1,
        ("q.csv:2: warning: measure VS101: value '0.7' looks like a fraction", "previous '0.69' looks like"),
    ),
    Case(
        "a fraction where a percentage belongs is a warning in validate (history)",
        {"h.csv": "id,period,value\nVS101,Q1 2022/23,70%\nVS101,Q2 2022/23,0.71\n"},
        ["validate", "h.csv"],
        0,
        ("h.csv:3: warning: measure VS101: value '0.71' looks like a fraction",),
    ),
    Case(
        "a negative count is a warning in validate",
        {"q.yaml": quarter("-5", "600", "VS102")},
        ["validate", "q.yaml"],
        0,
        ("q.yaml:3: warning: measure VS102: value '-5' is negative, which a count cannot be",),
    ),
    Case(
        "a negative currency amount is not warned about",
        {"q.yaml": quarter("-£5,000", "£100", "RS403")},
        ["evaluate", "q.yaml", "--format", "csv"],
        0,
        stdout_has="RS403,Savings",
    ),
    Case(
        "unicode minus is read as minus",
        {"q.yaml": quarter("\u22124", "600", "VS102")},
        ["evaluate", "q.yaml", "--format", "csv"],
        0,
        stdout_has=",-4,600,",
    ),
    Case(
        "value with trailing text",
        {"q.yaml": quarter("70% (provisional)")},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:3:", "VS101", "cannot read '70% (provisional)' as a number"),
    ),
    # ---- files of areas (issue 22)
    Case(
        "a YAML history entry without an area in a file of areas",
        {
            "h.yaml": "measures:\n  VS101:\n    - {period: Q3 2022/23, value: 70%, area: Leeds}\n"
            "    - {period: Q4 2022/23, value: 71%}\n"
        },
        ["evaluate", "h.yaml"],
        2,
        ("h.yaml:4: measure VS101: area: the entry has none; in a file of areas every entry names its area",),
    ),
    Case(
        "two YAML areas differing only by end spaces",
        {
            "q.yaml": "period: Q4\nareas:\n  Leeds: {measures: {VS101: 70%}}\n"
            "  ' Leeds\u00a0': {measures: {VS101: 20%}}\n"
        },
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:4: area: duplicate area 'Leeds' (first at line 3; names are compared without end spaces)",),
    ),
    # ---- still misleading from the first sweep (issue 22, item 30)
    Case(
        "a trailing space in a YAML id is shown quoted",
        {"q.yaml": "period: Q4\nmeasures:\n  'VS101 ': {value: 70%}\n"},
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:3: measure 'VS101 ': no rule defines this id",),
    ),
    Case(
        "a quoted multi-line CSV cell does not shift the lines after it",
        {"q.csv": 'id,value,note\nVS101,70%,"one\ntwo"\nVS101,71%,\n'},
        ["evaluate", "q.csv"],
        2,
        ("q.csv:4: measure VS101: duplicate id (first at line 2)",),
    ),
    Case(
        "a tab-separated file is named as such",
        {"q.csv": "id\tvalue\tprevious\nVS101\t70%\t69%\n"},
        ["evaluate", "q.csv"],
        2,
        ("q.csv:1: looks tab-separated (Excel's 'Text (Tab delimited)'); save it as comma-separated CSV",),
    ),
    Case(
        "a history with no value column fails the gate",
        {"h.csv": "id,period\nVS101,Q4 2022/23\n"},
        ["evaluate", "h.csv", "--fail-on", "red"],
        2,
        ("h.csv: has no 'value' column; a history needs at least 'id,period,value'",),
    ),
    Case(
        "an ISO date as a YAML key is advised to be quoted",
        {"h.yaml": "measures:\n  VS101:\n    2023-04-01: 70%\n"},
        ["evaluate", "h.yaml"],
        2,
        ("h.yaml:3: a key must be plain text, but YAML reads 2023-04-01 as a date; quote it ('2023-04-01')",),
    ),
    Case(
        "a previous_period after the period is refused",
        {
            "q.yaml": "period: 2022/23 Q3\nprevious_period: 2022/23 Q4\n"
            "measures:\n  VS101: {value: 70%, previous: 69%}\n"
        },
        ["evaluate", "q.yaml"],
        2,
        ("q.yaml:2: previous_period '2022/23 Q4' is after period '2022/23 Q3'; the previous period comes first",),
    ),
    Case(
        "a CSV's previous_period the same as its period is refused at the row giving it",
        {"q.csv": "id,period,previous_period,value,previous\nVS101,Q1 2022/23,Q1 2022/23,70%,69%\n"},
        ["evaluate", "q.csv"],
        2,
        ("q.csv:2: previous_period 'Q1 2022/23' is the same period as period 'Q1 2022/23'",),
    ),
    # ---- output
    Case(
        "--output into a missing folder",
        {"q.yaml": OK},
        ["evaluate", "q.yaml", "--output", "nowhere/out.json"],
        2,
        ("nowhere/out.json: cannot write: the folder nowhere does not exist",),
    ),
    Case(
        "--output onto the input file",
        {"q.yaml": OK},
        ["evaluate", "q.yaml", "--output", "q.yaml"],
        2,
        ("q.yaml: --output would overwrite the input file q.yaml",),
    ),
]


def _write(folder: str, inputs: dict[str, str | bytes]) -> None:
    with open(os.path.join(folder, "rules.yaml"), "w", encoding="utf-8") as out:
        out.write(RULES)
    for name, content in inputs.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(content.encode() if isinstance(content, str) else content)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case: Case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), case.inputs)
    result = CliRunner().invoke(main, [*case.args, "--rules", "rules.yaml"], catch_exceptions=False)
    assert result.exit_code == case.code, result.stderr
    assert "Traceback" not in result.stderr
    report = result.stdout if case.args[0] == "validate" else result.stderr  # validate reports on stdout
    for fragment in case.says:
        assert fragment in report
    if case.code == 2:  # one line per error, each starting 'error: ', and nothing half-printed on stdout
        assert all(line.startswith("error: ") for line in result.stderr.splitlines())
        assert result.stdout == ""
    assert case.stdout_has in result.stdout


BAD_FILES = {  # inputs, the file given, where the error points, what it says
    "missing": ({}, "gone.yaml", "gone.yaml", "file not found"),
    "directory": ({"folder/x": ""}, "folder", "folder", "is a directory"),
    "binary": ({"b.yaml": b"\x00\x01"}, "b.yaml", "b.yaml", "is a binary file"),
    "Windows-1252": ({"w.csv": b"id,value\nRS403,\xa3200\n"}, "w.csv", "w.csv:2", "is not UTF-8"),
    "YAML syntax": ({"s.yaml": "measures: {VS101: [\n"}, "s.yaml", "s.yaml:2", "YAML syntax error"),
    "duplicate key": ({"d.yaml": OK + "  VS101: {value: 1%}\n"}, "d.yaml", "d.yaml:4", "duplicate key 'VS101'"),
}
COMMANDS = {
    "evaluate": ["evaluate", "{}"],
    "validate": ["validate", "{}"],
    "audit": ["audit", "{}"],
    "explain": ["explain", "{}", "VS101"],
    "trend": ["trend", "{}"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("bad", BAD_FILES)
def test_every_command_reports_a_bad_file_in_one_line(bad, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inputs, name, where, says = BAD_FILES[bad]
    _write(str(tmp_path), inputs)
    args = [arg.format(name) for arg in COMMANDS[command]]
    result = CliRunner().invoke(main, [*args, "--rules", "rules.yaml"], catch_exceptions=False)
    assert "Traceback" not in result.stdout + result.stderr
    if command == "validate":  # its findings are its output, as 'file:line: error: ...'; exit 1 or 2
        assert result.exit_code in (1, 2)
        assert f"{where}: error: {says}" in result.stdout
    else:
        assert result.exit_code == 2
        assert f"error: {where}: {says}" in result.stderr
