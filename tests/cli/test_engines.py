"""The fast engine (`--engine fast`, the `ragcalc[fast]` extra) prints what the pure engine prints, byte for byte.

Every golden case that reads an input runs through both engines; so do histories made up by hypothesis (schemes,
ranges, stretch, per-period targets, forecasts, areas, gaps, measures an area does not give, shuffled rows, `n/a`,
a `%` sign on a count). Where the fast engine steps aside, `--verbose` says why, and the tests check it does not
step aside where it need not.
"""

from __future__ import annotations

import json
import shlex
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ragcalc.cli import main
from ragcalc.inputs import columnar
from tests.cli.test_cases import CASES

COMMANDS = ("evaluate", "trend", "spc")
needs_fast = pytest.mark.skipif(not columnar.available(), reason="the fast extra (pyarrow, numpy) is not installed")


def run(args: list[str], folder: Path | None = None) -> tuple[str, str, int]:
    env = {"COLUMNS": "100", "NO_COLOR": None, "SOURCE_DATE_EPOCH": "1700000000"}  # a page's time, fixed
    with pytest.MonkeyPatch.context() as patch:  # a context, not the fixture: hypothesis runs many in one test
        if folder is not None:
            patch.chdir(folder)
        result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    return result.stdout, result.stderr, result.exit_code


def both(args: list[str], folder: Path | None = None) -> tuple[tuple[str, str, int], tuple[str, str, int]]:
    return run([*args, "--engine", "pure"], folder), run([*args, "--engine", "fast"], folder)


GOLDEN = sorted(
    case.name
    for case in CASES.iterdir()
    if (case / "cmd").exists() and (case / "cmd").read_text(encoding="utf-8").split()[0] in COMMANDS
)


@needs_fast
@pytest.mark.parametrize("case", GOLDEN)
def test_every_golden_case_prints_the_same_bytes_by_both_engines(case):
    folder = CASES / case
    args = shlex.split((folder / "cmd").read_text(encoding="utf-8"))
    pure, fast = both(args, folder)
    assert fast == pure


@needs_fast
@pytest.mark.parametrize("fmt", ["json", "csv", "table", "markdown", "html"])
@pytest.mark.parametrize("command", COMMANDS)
def test_the_shipped_histories_print_the_same_bytes_in_every_format(command, fmt):
    for history in ("examples/areas-2022-23.csv", "examples/history-2022-23.csv", "examples/monthly-2021-23.csv"):
        args = [command, history, "--rules", "rules", "--format", fmt]
        pure, fast = both(args, Path(__file__).parents[2])
        assert fast == pure, f"{command} {history} --format {fmt}"


@needs_fast
def test_verbose_says_why_the_pure_engine_reads_a_file_the_columns_step_aside_from(tmp_path):
    (tmp_path / "rules.yaml").write_text("measures:\n  - {id: C1, polarity: higher, target: 10}\n", encoding="utf-8")
    (tmp_path / "h.csv").write_text('id,period,value\n"C1",Q1 2022/23,9\nC1,Q2 2022/23,12\n', encoding="utf-8")
    pure, fast = both(["trend", "h.csv", "--rules", "rules.yaml", "-v"], tmp_path)
    why = "not a plain CSV of id,period,value (perhaps area, name): quotes, or other columns"
    assert fast[1] == f"engine: read by the pure engine: {why}\n"
    assert (fast[0], fast[2]) == (pure[0], pure[2])


@needs_fast
@pytest.mark.parametrize(
    ("command", "periods", "why"),
    [
        ("trend", ("Q1 2022/23", "Q2 2022/23"),
         "rated by the pure engine: a value too large to hold exactly as an integer at 15 decimal places"),
        ("spc", ("Apr-22", "May-22"),
         "charted by the pure engine: a series of 2 points whose values are too large for exact integer arithmetic"),
    ],
)  # fmt: skip
def test_a_value_too_long_for_exact_integers_is_decided_by_the_pure_engine(tmp_path, command, periods, why):
    (tmp_path / "rules.yaml").write_text("measures:\n  - {id: C1, polarity: higher, target: 10}\n", encoding="utf-8")
    first, second = periods
    (tmp_path / "h.csv").write_text(f"id,period,value\nC1,{first},9.000000000000001\nC1,{second},12345\n",
                                    encoding="utf-8")  # fmt: skip
    pure, fast = both([command, "h.csv", "--rules", "rules.yaml", "--format", "json", "-v"], tmp_path)
    assert fast[1] == f"engine: read by the fast engine (columns); {why}\n"
    assert (fast[0], fast[2]) == (pure[0], pure[2])


@needs_fast
def test_spc_of_a_clean_history_is_charted_and_written_by_columns(tmp_path):
    (tmp_path / "rules.yaml").write_text("measures:\n  - {id: C1, polarity: higher, target: 10}\n", encoding="utf-8")
    rows = "".join(f"C1,{month},{n % 7 + n // 9}\n" for n, month in enumerate(MONTHS))
    (tmp_path / "h.csv").write_text(f"id,period,value\n{rows}", encoding="utf-8")
    pure, fast = both(["spc", "h.csv", "--rules", "rules.yaml", "--format", "json", "-v"], tmp_path)
    assert fast[1] == "engine: read by the fast engine (columns), charted and written by columns\n"
    assert (fast[0], fast[2]) == (pure[0], pure[2])
    assert "improvement" in fast[0]  # a chart with special causes


def test_engine_fast_without_the_extra_is_an_error_naming_it(monkeypatch):
    monkeypatch.setattr(columnar, "available", lambda: False)
    root = Path(__file__).parents[2]
    stdout, stderr, code = run(["trend", "examples/history-2022-23.csv", "--rules", "rules", "--engine", "fast"], root)
    assert (stdout, code) == ("", 2)
    assert stderr == f"error: {columnar.EXTRA}\n"


def test_auto_without_the_extra_reads_row_by_row_and_says_so(monkeypatch):
    monkeypatch.setattr(columnar, "available", lambda: False)
    monkeypatch.setattr(columnar, "THRESHOLD", 0)
    root = Path(__file__).parents[2]
    _, stderr, code = run(["trend", "examples/history-2022-23.csv", "--rules", "rules", "-v"], root)
    assert (code, stderr) == (0, "engine: read by the pure engine: the fast extra is not installed "
                                 "(pip install 'ragcalc[fast]')\n")  # fmt: skip


# --- histories made up by hypothesis ---------------------------------------------------------------------------

QUARTERS = [f"Q{q} {y}/{(y + 1) % 100:02d}" for y in range(2019, 2023) for q in range(1, 5)]
numbers = st.decimals(min_value=-50, max_value=150, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def rules_and_history(draw):
    measures = draw(st.integers(1, 4))
    lines, units = ["measures:"], []
    for i in range(measures):
        polarity = draw(st.sampled_from(["higher", "lower", None]))
        unit = draw(st.sampled_from(["percent", "count"]))
        units.append(unit)
        keys = [f"id: M{i}", f"unit: {unit}"]
        if polarity:
            keys.append(f"polarity: {polarity}")
            scheme = draw(
                st.sampled_from(["plain", "percent-tolerance", "green-within", "stretch", "by-period", "none"])
            )
            target = draw(st.decimals(min_value=0, max_value=100, places=draw(st.integers(0, 3))))
            if scheme != "none":
                keys.append(f"target: {target}")
            keys.append(f"tolerance: {draw(st.integers(0, 9))}{'%' if scheme == 'percent-tolerance' else ''}")
            if scheme == "green-within":
                keys.append("green_within: 0.5")
            if scheme == "stretch":
                keys.append(f"stretch: {target + 5 if polarity == 'higher' else max(target - 5, 0)}")
            if scheme == "by-period":
                keys[-1:] = ["tolerance: 2", f"target: {{2019/20: {target}, 2021/22 Q2: {target + 1}}}"]
                keys.remove(f"target: {target}")
            if scheme in ("plain", "percent-tolerance") and draw(st.integers(0, 3)) == 3:
                keys.append(f"forecast: {draw(st.sampled_from(['latest', 'linear']))}")  # a year-end forecast
            threshold = draw(st.sampled_from([None, "1", "0.5", "2.25"]))
            if threshold and unit == "percent":
                keys.append(f"direction: {{threshold: {threshold}}}")
        elif draw(st.booleans()):
            keys.append("target: 20 - 40")
            # else: data only (no polarity, no target): an arrow up or down, no RAG
        lines.append("  - {" + ", ".join(keys) + "}")
    areas = draw(st.sampled_from([[], ["Leeds"], ["Leeds", "York", "Hull"]]))
    rows = []
    for area in areas or [None]:
        for i in range(measures):
            if draw(st.integers(0, 6)) == 6:
                continue  # a measure the area does not give: no data
            for period in QUARTERS:
                if draw(st.integers(0, 9)) == 9:
                    continue  # a gap
                value = draw(numbers)
                signed = draw(st.booleans()) if units[i] == "percent" else draw(st.integers(0, 80)) == 80
                cell = f"{value}%" if signed else f"{value}"  # now and then a '%' on a count: the pure reader's error
                if draw(st.integers(0, 80)) == 80:
                    cell = "n/a"
                rows.append(([area] if area else []) + [f"M{i}", period, cell])
    if draw(st.booleans()):
        rows = draw(st.permutations(rows))
    header = (["area"] if areas else []) + ["id", "period", "value"]
    text = "\n".join(",".join(row) for row in [header, *rows]) + "\n"
    return "\n".join(lines) + "\n", text


@needs_fast
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rules_and_history(), st.sampled_from(["json", "csv", "table"]), st.sampled_from(COMMANDS))
def test_made_up_histories_print_the_same_bytes_by_both_engines(made, fmt, command):
    rules, history = made
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "rules.yaml").write_text(rules, encoding="utf-8")
        (Path(folder) / "h.csv").write_text(history, encoding="utf-8")
        pure, fast = both([command, "h.csv", "--rules", "rules.yaml", "--format", fmt], Path(folder))
    assert fast == pure


@needs_fast
def test_a_clean_history_of_plain_rules_is_read_rated_and_written_by_columns():
    """The fast engine does not step aside where it need not (stretch, a percent tolerance, data only, areas)."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "rules.yaml").write_text(
            "measures:\n  - {id: M0, unit: percent, polarity: lower, target: 40.5, tolerance: 3%, stretch: 30}\n"
            "  - {id: M1, unit: count}\n",
            encoding="utf-8",
        )
        rows = [f"{area},M{i},{period},{(n * 7.3) % 90:.2f}" for n, (area, i, period) in enumerate(
            (area, i, period) for area in ("York", "Leeds") for i in (0, 1) for period in QUARTERS)]  # fmt: skip
        (Path(folder) / "h.csv").write_text("area,id,period,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
        pure, fast = both(["trend", "h.csv", "--rules", "rules.yaml", "--format", "json", "-v"], Path(folder))
    assert fast[1] == "engine: read by the fast engine (columns), rated and written by columns\n"
    assert fast[0] == pure[0]


@needs_fast
def test_a_scorecard_of_a_history_read_by_columns_has_no_data_where_an_area_gives_none():
    """evaluate takes each measure's latest value from the columns (no series made): a measure an area does not
    give is 'no data' there, and a gap before the latest leaves it no previous value, as by the pure engine."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "rules.yaml").write_text(
            "measures:\n  - {id: M0, unit: percent, polarity: higher, target: 50, tolerance: 5}\n"
            "  - {id: M1, unit: count, polarity: lower, target: 9, tolerance: 1}\n",
            encoding="utf-8",
        )
        rows = ["York,M0,Q1 2022/23,40%", "York,M0,Q2 2022/23,52%", "York,M0,Q4 2022/23,50%", "Leeds,M1,Q4 2022/23,8"]
        (Path(folder) / "h.csv").write_text("area,id,period,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
        outputs = [both(["evaluate", "h.csv", "--rules", "rules.yaml", "--format", fmt, "-v"], Path(folder))
                   for fmt in ("json", "table")]  # fmt: skip
    for pure, fast in outputs:
        assert fast[0] == pure[0]
        assert fast[1] == "engine: read by the fast engine (columns)\n"
    measures = json.loads(outputs[0][1][0])["measures"]
    assert [(m["area"], m["id"], m["previous"], m["not_rated_reason"]) for m in measures] == [
        ("York", "M0", None, None),
        ("York", "M1", None, "no data"),
        ("Leeds", "M0", None, "no data"),
        ("Leeds", "M1", None, None),
    ]


# --- SPC charts made up by hypothesis ----------------------------------------------------------------------------

MONTHS = [f"{name}-{(year + (i >= 9)) % 100:02d}" for year in (2020, 2021, 2022) for i, name in enumerate(
    ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"))]  # fmt: skip


@st.composite
def spc_settings(draw):
    """A rule's `spc:` settings, each key present or not."""
    found = {}
    if draw(st.booleans()):
        found["baseline"] = str(draw(st.integers(2, 14)))
    if draw(st.booleans()):
        rebases = draw(st.lists(st.sampled_from(MONTHS[1:]), min_size=1, max_size=3, unique=True))
        reasons = draw(st.booleans())
        found["rebase"] = ("{" + ", ".join(f"{m}: change {n}" for n, m in enumerate(rebases)) + "}" if reasons
                           else "[" + ", ".join(rebases) + "]")  # fmt: skip
    for key in ("shift", "trend"):
        if draw(st.booleans()):
            found[key] = str(draw(st.integers(2, 8)))
    if draw(st.booleans()):
        found["screen_outliers"] = "true"
    if draw(st.booleans()):
        found["conflict"] = draw(st.sampled_from(["improvement", "concern"]))
    if draw(st.booleans()):
        found["min_points"] = str(draw(st.integers(1, 30)))
    return found


@st.composite
def spc_history(draw):
    """Rules with SPC settings, and monthly series that drift, step, spike and stay flat, with gaps, in areas."""
    measures = draw(st.integers(1, 3))
    lines = ["measures:"]
    for i in range(measures):
        keys = [f"id: S{i}"]
        polarity = draw(st.sampled_from(["higher", "lower", None]))
        if polarity:
            keys.append(f"polarity: {polarity}")
        target = draw(st.sampled_from(["single", "range", "none"]))
        if target == "single" and polarity:
            keys.append(f"target: {draw(st.integers(0, 60))}")
        elif target == "range":
            keys.append("target: 20 - 40")
        settings = draw(spc_settings())
        if settings:
            keys.append("spc: {" + ", ".join(f"{key}: {value}" for key, value in settings.items()) + "}")
        lines.append("  - {" + ", ".join(keys) + "}")
    areas = draw(st.sampled_from([[], ["Leeds", "York"]]))
    rows = []
    for area in areas or [None]:
        for i in range(measures):
            size = draw(st.integers(0 if rows else 1, len(MONTHS)))  # the file has a value
            places = draw(st.integers(0, 2))
            level, drift = draw(st.integers(10, 50)), draw(st.sampled_from([0, 0, 1, -1]))
            flat = draw(st.integers(0, 9)) == 9
            for n, month in enumerate(MONTHS[len(MONTHS) - size :]):
                if draw(st.integers(0, 12)) == 12:
                    continue  # a gap
                level += 0 if flat else drift + draw(st.integers(-3, 3)) + 15 * (draw(st.integers(0, 25)) == 25)
                value = Decimal(level).scaleb(-places) if places and n % 2 else Decimal(level)
                rows.append(([area] if area else []) + [f"S{i}", month, str(value)])
    if draw(st.integers(0, 3)) == 3:
        rows = draw(st.permutations(rows))  # not in the file's order: each series' lines found one by one
    header = (["area"] if areas else []) + ["id", "period", "value"]
    return "\n".join(lines) + "\n", "\n".join(",".join(row) for row in [header, *rows]) + "\n"


@needs_fast
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spc_history(), st.sampled_from([[], ["--last", "5"]]), st.sampled_from(["json", "csv"]))
def test_made_up_spc_charts_print_the_same_bytes_by_both_engines(made, last, fmt):
    """Limits, special causes and icons (baselines, rebases, screening, shift and trend lengths, conflicts, too few
    points, flat and gapped series, mixed decimal places), with MDC's warnings: the same by both engines."""
    rules, history = made
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "rules.yaml").write_text(rules, encoding="utf-8")
        (Path(folder) / "h.csv").write_text(history, encoding="utf-8")
        pure, fast = both(["spc", "h.csv", "--rules", "rules.yaml", "--format", fmt, *last], Path(folder))
    assert fast == pure


@needs_fast
def test_the_json_is_joined_by_pyarrow_compute_where_its_kernels_module_has_moved(monkeypatch):
    import pyarrow.compute  # noqa: F401 -- the public module, loaded before its kernels' module is made to fail

    monkeypatch.setitem(sys.modules, "pyarrow._compute", None)  # importing it raises ImportError
    args = ["spc", "examples/monthly-2021-23.csv", "--rules", "rules", "--format", "json"]
    pure, fast = both(args, Path(__file__).parents[2])
    assert fast == pure
