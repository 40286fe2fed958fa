"""`ragcalc validate` over the broken files in tests/broken/: one defect each, reported with place and code."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ragcalc.cli import main
from tests.helpers import ROOT

BROKEN = ROOT / "tests" / "broken"
E, W = "error", "warning"

# file, line, severity, measure id, code, exit code (exit code with --strict is 1 for warnings)
RULE_CASES = [
    ("yaml-syntax", 4, E, None, "yaml-syntax", 1),
    ("missing-id", 3, E, None, "missing-id", 1),
    ("duplicate-id", 3, E, "VS101", "duplicate-id", 1),
    ("unknown-key", 4, E, "VS101", "unknown-key", 1),
    ("wrong-type", 4, E, "VS101", "wrong-type", 1),
    ("bad-polarity", 3, E, "VS101", "bad-polarity", 1),
    ("missing-polarity", 2, E, "VS101", "missing-polarity", 1),
    ("comparator-polarity", 4, E, "VS101", "comparator-polarity", 1),
    ("bad-target", 4, E, "VS101", "bad-target", 1),
    ("bad-tolerance", 5, E, "VS101", "bad-tolerance", 1),
    ("negative-tolerance", 5, E, "VS101", "negative", 1),
    ("negative-threshold", 4, E, "VS101", "negative", 1),
    ("python-tag", 5, E, None, "yaml-tag", 1),
    ("duplicate-key", 5, E, None, "duplicate-key", 1),
    ("percent-target-range", 2, W, "VS101", "percent-target-range", 0),
    ("empty-amber-band", 2, W, "VS101", "empty-amber-band", 0),
    ("wide-tolerance", 2, W, "VS101", "wide-tolerance", 0),
    ("no-target", 2, W, "VS101", "no-target", 0),
]
QUARTER_CASES = [
    ("yaml-syntax.yaml", 3, E, None, "yaml-syntax", 1),
    ("csv-syntax.csv", 3, E, "VS102", "csv-syntax", 1),
    ("encoding.csv", 3, E, None, "encoding", 2),
    ("unknown-id.yaml", 5, E, "VS1O2", "unknown-id", 1),
    ("bad-value.yaml", 2, E, "VS101", "bad-value", 1),
    ("unquoted-comma.yaml", 2, E, "VS101", "unquoted-comma", 1),
    ("duplicate-key.yaml", 5, E, None, "duplicate-key", 1),
    ("unknown-key.yaml", 2, E, None, "unknown-key", 1),
    ("percent-unit.yaml", 3, E, "VS102", "percent-unit", 1),
    ("wrong-kind.yaml", 4, E, "P01", "wrong-kind", 1),
    ("no-value.yaml", None, W, "VS102", "no-value", 0),
    ("no-previous.yaml", 3, W, "VS102", "no-previous", 0),
    ("percent-sign-mixed.yaml", 2, W, "VS101", "percent-sign-mixed", 0),
    ("published-word.yaml", 2, W, "VS101", "published-word", 0),
    ("history-duplicate-period.csv", 4, E, "VS101", "duplicate-period", 1),
]


def validate(*args: str):
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)


def findings(*args: str) -> list[dict]:
    result = validate(*args, "--format", "json")
    return json.loads(result.stdout)


def check(found: list[dict], path: str, line, severity, measure, code) -> None:
    assert [(f["file"], f["line"], f["severity"], f["id"], f["code"]) for f in found] == [
        (path, line, severity, measure, code)
    ], found
    assert found[0]["message"]


@pytest.mark.parametrize(("name", "line", "severity", "measure", "code", "exit_code"), RULE_CASES)
def test_each_broken_rule_file_reports_its_one_defect(name, line, severity, measure, code, exit_code):
    path = str(BROKEN / "rules" / f"{name}.yaml")
    check(findings("--rules", path), path, line, severity, measure, code)
    assert validate("--rules", path).exit_code == exit_code
    assert validate("--rules", path, "--strict").exit_code == 1


@pytest.mark.parametrize(("name", "line", "severity", "measure", "code", "exit_code"), QUARTER_CASES)
def test_each_broken_quarter_file_reports_its_one_defect(name, line, severity, measure, code, exit_code):
    path, rules = str(BROKEN / "quarters" / name), str(BROKEN / "base-rules.yaml")
    check(findings("--rules", rules, path), path, line, severity, measure, code)
    assert validate("--rules", rules, path).exit_code == exit_code
    assert validate("--rules", rules, path, "--strict").exit_code == (2 if exit_code == 2 else 1)


def test_every_broken_file_has_a_case():
    names = {p.stem for p in (BROKEN / "rules").iterdir()} | {p.name for p in (BROKEN / "quarters").iterdir()}
    assert names == {c[0] for c in RULE_CASES} | {c[0] for c in QUARTER_CASES}


def test_text_format_is_one_line_per_finding_with_code():
    rules = str(BROKEN / "rules" / "unknown-key.yaml")
    assert validate("--rules", rules).stdout == (
        f"{rules}:4: error: measure VS101: unknown key 'tolerence' (did you mean 'tolerance'?) [unknown-key]\n"
        "1 error, 0 warnings in 1 rule file (1 measure)\n"
    )


def test_clean_input_exits_0_with_a_summary_line():
    result = validate("--rules", str(BROKEN / "base-rules.yaml"), str(BROKEN / "ok-quarter.yaml"), "--strict")
    assert (result.exit_code, result.stdout) == (
        0,
        "0 errors, 0 warnings in 1 rule file and 1 quarter file (3 measures)\n",
    )


def test_every_finding_across_all_files_is_reported_not_just_the_first():
    quarters = sorted(str(p) for p in (BROKEN / "quarters").iterdir() if p.name != "encoding.csv")
    found = findings("--rules", str(BROKEN / "base-rules.yaml"), *quarters)
    assert {f["file"] for f in found} == set(quarters)


def test_all_broken_rule_files_at_once_report_each_error():
    result = findings("--rules", str(BROKEN / "rules"))
    assert {f["code"] for f in result} >= {c[4] for c in RULE_CASES if c[2] == E}


def test_a_quarter_entry_whose_rule_has_an_error_is_not_also_an_unknown_id(tmp_path):
    rules = tmp_path / "r.yaml"
    rules.write_text("measures:\n  - {id: A, polarity: up}\n")
    quarter = tmp_path / "q.yaml"
    quarter.write_text("measures:\n  A: 5\n")
    assert [f["code"] for f in findings("--rules", str(rules), str(quarter))] == ["bad-polarity"]


def test_missing_quarter_file_is_exit_2():
    result = validate("--rules", str(BROKEN / "base-rules.yaml"), "nowhere.yaml")
    assert result.exit_code == 2
    assert "nowhere.yaml: error: file not found; check the path [unreadable]" in result.stdout


def test_missing_rules_is_exit_2(tmp_path):
    result = validate("--rules", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert "rules not found" in result.stderr


def test_shipped_rules_validate_strictly_clean():
    result = CliRunner().invoke(main, ["validate", "--rules", str(ROOT / "rules"), "--strict"])
    assert result.exit_code == 0, result.stdout


def test_a_history_file_is_validated_as_a_history_not_as_a_quarter():
    result = CliRunner().invoke(
        main, ["validate", "--rules", str(ROOT / "rules"), "--strict", str(ROOT / "examples" / "history-2022-23.csv")]
    )
    assert (result.exit_code, result.stdout) == (
        0,
        "0 errors, 0 warnings in 5 rule files and 1 history file (30 measures)\n",
    )
