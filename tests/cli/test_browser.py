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
}


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
    page.goto(path.as_uri())
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
