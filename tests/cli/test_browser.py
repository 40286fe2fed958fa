"""The shipped examples' pages in a real browser: headless Chromium (Debian's `chromium` package) driven by
playwright, a screenshot, a print to A4 landscape, and the axe-core checker with no serious or critical
violation. `RAGCALC_UPDATE_SCREENSHOTS=1` writes the screenshots docs/usage.md shows into docs/."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from ragcalc.cli import main
from tests.helpers import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,  # a real browser (make test-fast leaves it out)
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium here: the browser test needs Debian's chromium package (apt-get install chromium)",
    ),
]
PAGES = {
    "scorecard": ["evaluate", "examples/2022-23-q4.yaml", "--format", "html"],
    "pack": ["report", "examples/history-2022-23.csv"],
    "spc": ["spc", "examples/monthly-2021-23.csv", "--format", "html"],
    "trend-spc": ["trend", "examples/monthly-2021-23.csv", "--spc", "--format", "html"],
    "monthly-pack": ["report", "examples/monthly-2021-23.csv", "--title", "Northshire Council"],
}
PRINTABLE = 1032  # px: A4 landscape (297 mm) less the page's 12 mm margins, at 96 px to the inch
PDF_PAGES = {"scorecard": (2, 6), "pack": (3, 12), "spc": (2, 5), "trend-spc": (1, 3), "monthly-pack": (3, 7)}


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is in the test extras: pip install '.[test]'"
    )
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.mark.parametrize("name", PAGES)
def test_the_page_renders_prints_and_passes_the_accessibility_checker(browser, tmp_path, monkeypatch, name):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python: the test extras")
    monkeypatch.chdir(ROOT)
    path = tmp_path / f"{name}.html"
    result = CliRunner().invoke(main, [*PAGES[name], "-o", str(path)])
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(path.as_uri())
    assert [url for url in fetched if not url.startswith(("file:", "data:"))] == []  # no outside address
    assert page.title()
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000  # a page, not a blank
    if os.environ.get("RAGCALC_UPDATE_SCREENSHOTS"):
        shutil.copy(shot, ROOT / "docs" / f"screenshot-{name}.png")
    assert page.pdf(format="A4", landscape=True, print_background=True)[:4] == b"%PDF"
    violations = axe.Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_table_fits_a4_landscape_in_print_and_the_pdf_has_the_pages_expected(
    browser, tmp_path, monkeypatch, name
):
    monkeypatch.chdir(ROOT)
    path = tmp_path / f"{name}.html"
    assert CliRunner().invoke(main, [*PAGES[name], "-o", str(path)]).exit_code == 0
    page = browser.new_page(viewport={"width": PRINTABLE, "height": 900})
    page.emulate_media(media="print")
    page.goto(path.as_uri())
    widths = page.evaluate("Array.from(document.querySelectorAll('table, svg.spc-chart'))"
                           ".map(e => Math.ceil(e.getBoundingClientRect().right))")  # fmt: skip
    assert widths
    assert max(widths) <= PRINTABLE, widths  # no column cut off
    pdf = page.pdf(format="A4", landscape=True, print_background=True, margin={"top": "12mm", "bottom": "12mm",
                   "left": "12mm", "right": "12mm"})  # fmt: skip
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    low, high = PDF_PAGES[name]
    assert low <= pages <= high, pages


def test_a_target_far_from_the_data_leaves_the_series_readable(browser, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("measures:\n  - {id: RTT, name: Waits under 18 weeks, polarity: higher, unit: percent, "
                     "target: 92%}\n")  # fmt: skip
    months = [f"{m}-{y}" for y in (23, 24) for m in ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")]
    values = [52, 54, 56, 58, 60, 62, 64, 62, 60, 58, 56, 54, 52, 54, 56, 58, 60, 62]  # about 58%, far from 92%
    history = tmp_path / "rtt.csv"
    history.write_text("id,period,value\n" + "".join(f"RTT,{m},{v}.0%\n" for m, v in zip(months, values, strict=True)))
    path = tmp_path / "rtt.html"
    assert CliRunner().invoke(main, ["spc", str(history), "--rules", str(rules), "--format", "html", "-o",
                                     str(path)]).exit_code == 0  # fmt: skip
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri())
    series, plot = page.evaluate(
        "() => { const svg = document.querySelector('svg.spc-chart');"
        " const grid = svg.querySelector('.y-axis path').getBBox();"
        " return [svg.querySelector('polyline.values').getBBox().height, grid.height]; }"
    )
    assert series >= plot / 2, (series, plot)
    assert "Target 92% above" in page.evaluate("document.querySelector('svg.spc-chart').textContent")
