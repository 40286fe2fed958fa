"""The counts a draft report publishes (`published_counts:`), read for `audit` to check against the computed ones:
a report quotes "3 of 12 missed by more than 10%" to members, and those figures are checked as its words are.
"""

from __future__ import annotations

from decimal import Decimal

from ragcalc.errors import Collector, InputError, Reporter, did_you_mean
from ragcalc.inputs.yamltree import Item
from ragcalc.rating.model import COUNTED

Counted = tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # by group ('total' for all), each count by key
NO_COUNTS: Counted = ()


def published_counts(item: Item | None, report: Reporter) -> Counted:
    """`published_counts: {Housing: {green: 3, amber: 1}, total: {...}}`: the counts the draft publishes, by group;
    each a whole number of one of the summary's counts (`COUNTED`)."""
    if item is None:
        return NO_COUNTS
    if not item.is_mapping:
        report.error("published_counts: expected {group: {green: 3, ...}, total: {...}}", at=item, code="structure")
        return NO_COUNTS
    found = []
    for group, counts in item.mapping().items():
        if not counts.is_mapping:
            report.error(
                f"published_counts: {group}: expected {{green: 3, amber: 1, ...}}", at=counts, code="structure"
            )
            continue
        pairs = [pair for key, given in counts.mapping().items() if (pair := _count(group, key, given, report))]
        found.append((str(group), tuple(pairs)))
    return tuple(found)


def _count(group: str, key: str, given: Item, report: Reporter) -> tuple[str, int] | None:
    number = given.scalar() if given.is_scalar else None
    if key not in COUNTED:
        report.error(f"published_counts: {group}: {_unknown(key)}", at=given, code="unknown-key")
        return None
    if not isinstance(number, Decimal) or number != number.to_integral_value() or number < 0:
        report.error(f"published_counts: {group}: {key}: expected a whole number, got '{given.text}'", at=given,
                     code="wrong-type")  # fmt: skip
        return None
    return key, int(number)


def counts_file(path: str) -> Counted:
    """A CSV sidecar of the same (`audit --published-counts FILE`): a header `group,green,amber,...` and a row per
    group, `total` for all; each problem reported at its line, all at once."""
    import csv
    import io

    from ragcalc.inputs.files import read_text

    rows = list(csv.reader(io.StringIO(read_text(path), newline="")))
    if not rows or not rows[0] or rows[0][0].strip().lower() != "group":
        raise InputError(
            "expected a header row starting 'group', e.g. group,green,amber,red", path, 1, code="csv-header"
        )
    keys = [cell.strip().lower() for cell in rows[0][1:]]
    collector = Collector()
    report = Reporter(collector, path)
    for key in keys:
        if key not in COUNTED:
            report.error(_unknown(key), at=1, code="csv-header")
    found = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        pairs = []
        for key, cell in zip(keys, row[1:], strict=False):
            if key in COUNTED and cell.strip():
                if not cell.strip().isdigit():
                    report.error(f"{row[0].strip()}: {key}: expected a whole number, got '{cell}'", at=line,
                                 code="wrong-type")  # fmt: skip
                    continue
                pairs.append((key, int(cell.strip())))
        found.append((row[0].strip(), tuple(pairs)))
    collector.raise_errors()
    return tuple(found)


def _unknown(key: str) -> str:
    """What to say of a count the summary has not, in the file or the CSV sidecar."""
    return f"unknown count '{key}'{did_you_mean(key, COUNTED)}; counts are {', '.join(COUNTED)}"
