"""The docs read the same key table as the loader (inputs/keys.py), so they cannot drift apart."""

from __future__ import annotations

import os
import re

from ragcalc.inputs.keys import markdown_table
from tests.helpers import ROOT

DOC = ROOT / "docs" / "rules.md"
SECTION = re.compile(r"(<!-- keys:start -->\n)(.*?)(<!-- keys:end -->)", re.S)


def test_rule_key_table_in_docs_matches_the_loader():
    text = DOC.read_text(encoding="utf-8")
    if os.environ.get("RAGCALC_UPDATE_GOLDEN") == "1":
        text = SECTION.sub(lambda m: m.group(1) + markdown_table() + "\n" + m.group(3), text)
        DOC.write_text(text, encoding="utf-8")
    match = SECTION.search(text)
    assert match, "docs/rules.md lost its <!-- keys:start/end --> markers"
    assert match.group(2) == markdown_table() + "\n", "run RAGCALC_UPDATE_GOLDEN=1 pytest tests/test_docs.py"
