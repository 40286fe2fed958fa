"""The public Python API (issue 27): what `import ragcalc` promises, each result's `to_dict()` equal to the CLI's
`--format json` for the same input, rows and DataFrames read as a file's rows are, and bad input raised as one
`RagcalcError` carrying every finding."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from click.testing import CliRunner

import ragcalc
from ragcalc.cli import main
from tests.helpers import ROOT

RULES = str(ROOT / "rules")
QUARTER = str(ROOT / "examples" / "2022-23-q4.yaml")
HISTORY = str(ROOT / "examples" / "history-2022-23.csv")
MONTHLY = str(ROOT / "examples" / "monthly-2021-23.csv")


@pytest.fixture(scope="module")
def rules() -> ragcalc.Rules:
    return ragcalc.load_rules(RULES)


def _cli(*args: str) -> dict:
    result = CliRunner().invoke(main, [*args, "--rules", RULES, "--format", "json"], catch_exceptions=False)
    return json.loads(result.stdout)


def test_the_issues_one_liner_prints_the_summary_from_a_fresh_process():
    code = (
        "import ragcalc; sc = ragcalc.evaluate(ragcalc.load_rules('rules'), ragcalc.read('examples/2022-23-q4.yaml'));"
        " print(sc.summary)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1].split() == ["Total", "30", "1", "8", "1", "9", "0", "5", "2", "4", "12", "7", "7", "4",
                                            "37.5%", "46.2%"]  # fmt: skip


def test_importing_ragcalc_loads_no_module_of_the_api():
    code = "import sys, ragcalc; print(sorted(m for m in sys.modules if m.startswith('ragcalc')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['ragcalc', 'ragcalc.version']"


def test_the_public_names_are_the_contract():
    assert set(ragcalc.__all__) >= {"load_rules", "read", "evaluate", "trend", "spc", "audit", "explain", "validate",
                                     "RagcalcError"}  # fmt: skip
    with pytest.raises(AttributeError, match="no attribute 'evaluat'"):
        ragcalc.evaluat  # noqa: B018 (the lookup is the test)


@pytest.mark.parametrize(
    ("command", "path", "args"),
    [("evaluate", QUARTER, ()), ("evaluate", HISTORY, ("--compare", "year-ago")), ("trend", HISTORY, ()),
     ("spc", MONTHLY, ())],
)  # fmt: skip
def test_to_dict_is_exactly_the_clis_json(rules, command, path, args):
    keywords = {"compare": args[1]} if args else {}
    result = getattr(ragcalc, command)(rules, ragcalc.read(path), **keywords)
    assert result.to_dict() == _cli(command, path, *args)


def test_audit_to_dict_is_the_clis_json_and_its_frame_a_row_per_disagreement(rules):
    path = str(ROOT / "tests" / "cases" / "council-appendix" / "quarter.yaml")
    appendix = ragcalc.load_rules(ROOT / "tests" / "cases" / "council-appendix" / "rules.yaml")
    result = ragcalc.audit(appendix, path)
    assert result.to_dict()["disagreements"] == []
    assert result.to_pandas().empty


def test_a_dataframe_of_the_shipped_history_round_trips_to_the_same_trend(rules):
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(HISTORY, dtype=str, keep_default_na=False)
    assert ragcalc.trend(rules, frame).to_dict() == _cli("trend", HISTORY)
    points = ragcalc.trend(rules, HISTORY).to_pandas()
    assert list(points.columns[:4]) == ["id", "name", "group", "period"]
    assert len(points) == sum(len(m["points"]) for m in _cli("trend", HISTORY)["measures"])


def test_numbers_from_python_are_exact(rules):
    """int, Decimal and str as written; a float by its shortest repr, as the CLI reads a YAML float."""
    rows = [{"id": "VS101", "value": 70.1, "previous": Decimal("69.8")}, {"id": "CF201", "value": "91%"}]
    measures = {m["id"]: m for m in ragcalc.evaluate(rules, rows).to_dict()["measures"]}
    assert (measures["VS101"]["value"], measures["VS101"]["previous"], measures["VS101"]["change"]) == (
        70.1, 69.8, 0.3,
    )  # fmt: skip
    assert measures["CF201"]["value"] == 91


def test_bad_input_raises_one_error_carrying_every_finding(rules):
    rows = [{"id": "VS101", "value": "abc"}, {"id": "NOPE", "value": 1}]
    with pytest.raises(ragcalc.RagcalcError) as raised:
        ragcalc.evaluate(rules, rows)
    assert [(f.line, f.measure, f.code) for f in raised.value.findings] == [
        (2, "VS101", "bad-value"), (3, "NOPE", "unknown-id"),
    ]  # fmt: skip
    assert raised.value.findings[0].file == "<records>.csv"


def test_a_missing_file_and_bad_options_are_ragcalc_errors(rules):
    with pytest.raises(ragcalc.RagcalcError, match="not found"):
        ragcalc.read("no-such-file.csv")
    with pytest.raises(ragcalc.RagcalcError, match="compare: expected one of previous"):
        ragcalc.evaluate(rules, QUARTER, compare="last-year")
    with pytest.raises(ragcalc.RagcalcError, match="trend needs a history file"):
        ragcalc.trend(rules, QUARTER)


def test_explain_and_validate(rules):
    assert ragcalc.explain(rules, QUARTER, "VS101").startswith("VS101  % of providers judged good or outstanding")
    checked = ragcalc.validate(RULES, [QUARTER])
    assert checked.ok
    assert checked.exit_code == 0
    assert ragcalc.validate(rules, ragcalc.read(QUARTER)).findings == checked.findings  # the loaded rules' paths
    broken = ragcalc.validate(RULES, [str(ROOT / "tests" / "broken" / "quarters" / "bad-value.yaml")])
    assert not broken.ok
    assert broken.errors


def test_rules_are_load_rules_result_or_a_path_and_nothing_else():
    assert ragcalc.evaluate(RULES, QUARTER).to_dict() == _cli("evaluate", QUARTER)
    with pytest.raises(
        ragcalc.RagcalcError, match="rules: give load_rules\\(\\)'s result or a rule file or folder, got int"
    ):
        ragcalc.evaluate(5, QUARTER)
    with pytest.raises(ragcalc.RagcalcError, match="rows as mappings"):
        ragcalc.evaluate(RULES, 5)


def test_explain_names_the_area_keyword_in_a_file_of_areas(rules):
    with pytest.raises(ragcalc.RagcalcError, match=r"say which with areas=\[\.\.\.\]"):
        ragcalc.explain(rules, ROOT / "examples" / "areas-2022-23.csv", "VS101")
    assert ragcalc.explain(rules, ROOT / "examples" / "areas-2022-23.csv", "VS101", areas=["Kirklees"])


def test_rules_from_several_files_keep_each_id_once(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("measures:\n  - {id: A, polarity: higher, target: 5}\n")
    second.write_text("measures:\n  - {id: B, polarity: higher, target: 5}\n  - {id: A, polarity: lower, target: 1}\n")
    assert ragcalc.load_rules([first]).ids == ("A",)
    with pytest.raises(ragcalc.RagcalcError) as raised:
        ragcalc.load_rules([first, second])
    (finding,) = raised.value.findings
    assert (finding.file, finding.line, finding.code) == (str(second), 3, "duplicate-id")


def test_results_are_immutable(rules):
    card = ragcalc.evaluate(rules, QUARTER)
    with pytest.raises(AttributeError):
        card.report = None  # type: ignore[misc]


def test_to_pandas_without_pandas_names_the_extra(rules, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ragcalc.RagcalcError, match=r"pip install 'ragcalc\[pandas\]'"):
        ragcalc.evaluate(rules, QUARTER).to_pandas()
