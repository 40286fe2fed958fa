"""HTML pages (output/html.py, publish.py): structure read back with a parser, escaping, self-containment, size."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from ragcalc.cli import main
from tests.helpers import ROOT

EXAMPLES = ROOT / "examples"
RULES = str(ROOT / "rules")


class Page(HTMLParser):
    """What a test reads of a page: headings, table cells, each chart's text alternative, every attribute."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str]] = []
        self.cells: list[str] = []
        self.charts: list[dict[str, str]] = []  # each chart's <svg>: its class, aria-labelledby, its <title>'s text
        self.icons: list[dict[str, str]] = []  # each icon's <svg class="mdc-icon ...">: its class and aria-label
        self.attributes: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self._open: list[tuple[str, list[str]]] = []
        self._svg_depth = 0
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        named = dict(attrs)
        if tag == "svg" and (named.get("class") or "").startswith("mdc-icon"):
            self.icons.append({"class": named.get("class") or "", "label": named.get("aria-label") or ""})
        elif tag == "svg" and named.get("class") != "defs":  # the icons' pictures, defined once: no chart
            self.charts.append({"class": named.get("class") or "", "labelledby": named.get("aria-labelledby") or ""})
        if tag == "svg":
            self._svg_depth += 1
        if tag in {"h1", "h2", "th", "td", "title"}:
            self._open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg_depth -= 1
        if self._open and self._open[-1][0] == tag:
            _, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if tag in {"h1", "h2"}:
                self.headings.append((tag, text))
            elif tag in {"th", "td"}:
                self.cells.append(text)
            elif tag == "title" and self._svg_depth and "title" not in self.charts[-1]:
                self.charts[-1]["title"] = text

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:  # text inside nested elements belongs to each open one
            parts.append(data)


@pytest.fixture
def run(ragcalc):
    """The shared runner's standard output, its exit code checked."""
    return lambda *args, code=0: ragcalc(args, code=code).stdout


def test_the_scorecard_page_has_the_summary_then_each_group_with_its_measures(run):
    page = Page(run("evaluate", str(EXAMPLES / "2022-23-q4.yaml"), "--rules", RULES, "--format", "html"))
    assert page.headings[:3] == [("h1", "Scorecard: 2022/23 Q4"), ("h2", "Summary"), ("h2", "Adult Social Services")]
    assert [h for _, h in page.headings[2:]] == [
        "Adult Social Services",
        "Children and Families",
        "Communities and Place",
        "Major Projects",
        "Resources",
    ]
    assert "% of providers judged good or outstanding by CQC" in page.cells
    row = page.cells.index("VS101")
    assert page.cells[row + 1 : row + 7] == [
        "% of providers judged good or outstanding by CQC",
        "70.0%",
        "69.2%",
        "74%",
        "A Amber",
        "→ static",
    ]  # as the text table: `ragcalc evaluate examples/2022-23-q4.yaml`
    assert page.charts == []  # a quarter file has no history to draw


def test_the_pack_draws_one_sparkline_per_measure_with_values_each_with_its_text_alternative(run):
    text = run("report", str(EXAMPLES / "history-2022-23.csv"), "--rules", RULES)
    page = Page(text)
    sparks = [chart for chart in page.charts if chart["class"] == "spark"]
    assert len(sparks) == 7  # the measures the history has values for
    ids = [value for name, value in page.attributes if name == "id"]
    assert len(ids) == len(set(ids))  # every chart's title is found by a unique id
    for chart in page.charts:
        assert chart["labelledby"] in ids
        assert re.match(r"\S+ .+ to \S+ .+; lowest .+ \(.+\), highest .+ \(.+\); (target .+|no target)", chart["title"])
    vs101 = next(chart for chart in sparks if chart["title"].startswith("Q4 2021/22 68.1%"))
    assert vs101["title"] == (
        "Q4 2021/22 68.1% to Q4 2022/23 70.0%; lowest 68.1% (Q4 2021/22), highest 70.0% (Q4 2022/23); target 74%"
    )


def test_the_pack_highlights_each_published_rating_the_rules_do_not_give(run):
    page = run("report", str(EXAMPLES / "history-2022-23.csv"), "--rules", RULES)
    audited = run("audit", str(EXAMPLES / "history-2022-23.csv"), "--rules", RULES, "--format", "json", code=1)
    disagreements = audited.count('"field"')
    assert disagreements > 0
    assert page.count('<p class="disagreement">') == disagreements


def test_spc_charts_mark_each_special_cause_point_and_name_it(run):
    args = ("spc", str(EXAMPLES / "monthly-2021-23.csv"), "--rules", RULES, "--format")
    text = run(*args, "html")
    points = json.loads(run(*args, "json"))
    causes = [point["special_cause"] for m in points["measures"] for point in m["points"] if point["special_cause"]]
    drawn = "".join(re.findall(r'<svg class="spc-chart".*?</svg>', text, re.S))
    marked = [  # each special-cause point, drawn by its class's marker on an unstroked line through them
        cause
        for cause, points in re.findall(
            r'<polyline class="marked (improvement|concern|neither)"[^>]*points="([^"]*)"', drawn
        )
        for _ in points.split()
    ]
    assert sorted(marked) == sorted(causes)
    assert len(marked) > 0
    charts = [chart for chart in Page(text).charts if chart["class"] == "spc-chart"]
    named = [
        chart["title"].split("; special cause at ")[1].split(", ") for chart in charts if "cause at" in chart["title"]
    ]
    assert sum(map(len, named)) == len(marked)


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", 'Smith & Sons "A"'])
def test_a_measure_name_is_text_never_markup(tmp_path, name, run):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        f"measures:\n  - id: M1\n    name: {yaml_quoted(name)}\n    target: 50\n    polarity: higher\n",
        encoding="utf-8",
    )
    quarter = tmp_path / "q.yaml"
    quarter.write_text(
        "period: Q1 2023/24\nmeasures:\n  M1: {value: 60, note: '<b>bold</b> & more'}\n", encoding="utf-8"
    )
    text = run("evaluate", str(quarter), "--rules", str(rules), "--format", "html")
    page = Page(text)
    assert f"{name} Note: <b>bold</b> & more" in page.cells  # the name, then its note, each as text
    assert "script" not in page.tags
    assert "b" not in page.tags
    assert "<b>bold</b>" not in text
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in text


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.mark.parametrize(
    "args",
    [
        ("evaluate", "2022-23-q4.yaml"),
        ("report", "history-2022-23.csv"),
        ("trend", "history-2022-23.csv", "--spc"),
        ("spc", "monthly-2021-23.csv"),
    ],
)
def test_a_page_fetches_nothing_runs_nothing_and_links_only_to_itself(args, run):
    command, file, *more = args
    extra = [] if command == "report" else ["--format", "html"]
    text = run(command, str(EXAMPLES / file), "--rules", RULES, *extra, *more)
    page = Page(text)
    assert not re.search(r"(https?:|ftp:|//[\w.-]+\.\w)", text)  # no address outside the file, anywhere
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert "@import" not in text
    assert not re.search(r"url\((?!#[\w-]+\))", text)  # only the page's own markers (url(#point)), nothing outside
    for name, value in page.attributes:
        if name in {"href", "src"}:
            assert value.startswith("#")
    assert ("lang", "en-GB") in page.attributes
    assert page.headings[0][0] == "h1"


@pytest.mark.slow
def test_a_page_of_300_measures_by_20_periods_stays_under_2_mb(tmp_path, run):
    rules = tmp_path / "rules.yaml"
    history = tmp_path / "history.csv"
    rules.write_text(
        "defaults: {polarity: higher, unit: percent, tolerance: 5}\nmeasures:\n"
        + "".join(f"  - {{id: M{i:03d}, group: G{i % 8}, target: {40 + i % 50}}}\n" for i in range(300)),
        encoding="utf-8",
    )
    quarters = [f"Q{q} {y}/{(y + 1) % 100:02d}" for y in range(2018, 2023) for q in range(1, 5)]
    rows = [
        f"M{i:03d},{period},{(i * 7 + k * 3) % 100}.{k % 10}%" for i in range(300) for k, period in enumerate(quarters)
    ]
    history.write_text("id,period,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    text = run("report", str(history), "--rules", str(rules))
    assert len(Page(text).charts) == 600  # a sparkline and an SPC chart per measure
    assert len(text.encode("utf-8")) < 2_000_000


def test_the_pack_shows_each_projected_year_end_beside_the_rating(run):
    page = Page(run("report", str(EXAMPLES / "history-2022-23.csv"), "--rules", RULES))
    assert "Forecast year-end" in page.cells
    row = page.cells.index("RS403")
    assert "£2,000,000 Red" in page.cells[row : row + 12]  # the year to date at Q4, all of the year due


def test_the_pack_needs_a_history():
    result = CliRunner().invoke(main, ["report", str(EXAMPLES / "2022-23-q4.yaml"), "--rules", RULES])
    assert result.exit_code == 2
    assert "2022-23-q4.yaml is a quarter file; report needs a history file (id,period,value rows)" in result.stderr


def test_spc_pages_open_with_the_matrix_and_draw_each_icon_with_its_words(run):
    for command in (("spc", "--format", "html"), ("report",)):
        text = run(command[0], str(EXAMPLES / "monthly-2021-23.csv"), "--rules", RULES, *command[1:])
        assert text.index('id="spc-matrix"') < text.index('<figure class="spc"'), command
        page = Page(text)
        labels = {icon["label"] for icon in page.icons}
        assert "Variation: Special cause concern (high values)" in labels  # VS102, lower is better, rising
        assert "Assurance: Consistently fails the target" in labels
        assert all(icon["class"].split()[0] == "mdc-icon" and icon["label"] for icon in page.icons)
        assert '<a href="#chart-' in text
        assert "concern high" in text  # the word beside the icon: never colour or shape alone


def test_each_spc_chart_has_labelled_axes_and_its_lines_named_at_the_right_edge(run):
    text = run("spc", str(EXAMPLES / "monthly-2021-23.csv"), "--rules", RULES, "--format", "html")
    charts = re.findall(r'<svg class="spc-chart".*?</svg>', text, re.S)
    assert len(charts) == 3
    for chart in charts:
        x_axis = re.search(r'<g class="x-axis">(.*?)</g>', chart, re.S)
        y_axis = re.search(r'<g class="y-axis">(.*?)</g>', chart, re.S)
        assert x_axis is not None
        assert y_axis is not None
        months = re.findall(r"<text[^>]*>([A-Z][a-z]{2}-\d\d)</text>", x_axis.group(1))
        assert 6 <= len(months) <= 13
        assert months[-1] == "Mar-23"
        assert 4 <= len(re.findall(r"<text", y_axis.group(1))) <= 6  # round numbers in the measure's unit
        assert re.search(r'class="line-label label-mean"[^>]*>Mean ', chart)
    assert ">Target 90%</text>" in text


def test_a_rebase_shows_its_reason_and_a_noted_period_is_numbered_at_its_point(run):
    text = run("report", str(EXAMPLES / "monthly-2021-23.csv"), "--rules", RULES)
    chart = re.search(r'<figure class="spc" id="chart-\d+">\s*<figcaption>CF201 .*?</figure>', text, re.S)
    assert chart is not None
    assert '<text class="break-label"' in chart.group(0)
    assert ">rebased: new triage process</text>" in chart.group(0)
    assert '<text class="annotation"' in chart.group(0)
    assert "Notes: 1 Jul-22: New triage process from July 2022." in chart.group(0)


def test_a_rebases_reason_is_in_the_spc_table_and_json_too(ragcalc):
    args = ["spc", str(EXAMPLES / "monthly-2021-23.csv"), "--rules", RULES]
    assert "\nRebased CF201 at Jul-22: new triage process\n" in ragcalc(args, code=0).stdout
    measures = json.loads(ragcalc([*args, "--format", "json"], code=0).stdout)["measures"]
    found = {m["id"]: m.get("rebased") for m in measures}
    assert found == {"VS102": None, "CF201": [{"period": "Jul-22", "reason": "new triage process"}], "RS402": None}
