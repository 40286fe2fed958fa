"""Telling a history file from a quarter file, from its contents, before either loader is imported."""

from __future__ import annotations

import io
import os
import re

from ragcalc.inputs.quarter import PROJECT_KEYS
from ragcalc.inputs.yamlcsv import is_yaml_path

# columns only a quarter file has: a CSV with any of them is a quarter file even if it names its period
QUARTER_ONLY_COLUMNS = ("previous", *PROJECT_KEYS, "published_rag", "published_direction")


def looks_like_history(path: str, text: str) -> bool:
    """A CSV with a period column and none of the quarter-only columns, or YAML whose entries are series."""
    if os.path.splitext(path)[1].lower() == ".csv":
        first = next((line for line in io.StringIO(text) if line.strip() and not line.lower().startswith("sep=")), "")
        header = [cell.strip().lower() for cell in first.split(",")]
        return "period" in header and not set(header) & set(QUARTER_ONLY_COLUMNS)
    if not is_yaml_path(path):
        return False
    return re.search(r"^\s+[^\s:#]+:\s*(\[|\n\s*-\s)", text, re.M) is not None or bool(
        re.search(r"^\s+[^\s:#]+:\s*\{\s*['\"]?(Q[1-4]|[A-Za-z]{3}[- ]\d|\d{4}[-/])", text, re.M)
    )
