"""The finding codes, declared once as data: each code's name, severity and meaning. docs/rules.md's table is made
from them (`code_table`), and a test checks that every code the loaders give is declared here. Not loaded when a
command runs: a finding carries its code's name.
"""

from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    """A finding's code: declared once, with its severity and meaning (docs/rules.md's table is made from these)."""

    name: str
    severity: str  # error (exit 1 in validate, 2 elsewhere) or warning (exit 1 only with validate --strict)
    meaning: str


CODES = (
    Code("unreadable", "error", "the file is missing, a folder, unreadable, binary, or of an unknown type"),
    Code("encoding", "error", "the file is not UTF-8 (e.g. a £ saved by Excel as Windows-1252): save it as UTF-8"),
    Code(
        "too-large",
        "error",
        "a workbook whose parts would inflate past what is read (a zip bomb, or a sheet over "
        "256 MB of XML), or a cell over 131,072 characters",
    ),
    Code("yaml-syntax", "error", "the YAML cannot be parsed (with the parser's line and column)"),
    Code("yaml-tag", "error", "a tag such as `!!python/object` or a merge key `<<`: only plain YAML is read"),
    Code("duplicate-key", "error", "a key written twice in one mapping (YAML would silently keep the last)"),
    Code(
        "structure",
        "error",
        "the file's shape is wrong (e.g. `measures:` is not a list, a history without a "
        "`value` column), or it is empty",
    ),
    Code(
        "unknown-key",
        "error",
        "a key ragcalc does not know, with a did-you-mean (and a hint where YAML split a number at its comma)",
    ),
    Code("missing-id", "error", "a measure or row without an id"),
    Code("bad-id", "error", "an id with spaces, commas or an invisible character"),
    Code("duplicate-id", "error", "an id defined twice, or a measure given twice in one file (per area)"),
    Code("wrong-type", "error", "a value of the wrong kind (`rated: maybe`, `tags: [x]`)"),
    Code("wrong-kind", "error", "a value for a hand-rated item, or a `rag:` for a measure rated from its value"),
    Code("negative", "error", "a negative tolerance, band or direction threshold"),
    Code("bad-polarity", "error", "polarity is not `higher`, `lower` or `none`"),
    Code(
        "missing-polarity",
        "error",
        "a rated measure's single target (its rule's, or a period's own) says no way is better",
    ),
    Code("comparator-polarity", "error", "the target's comparator says the opposite of the polarity"),
    Code("bad-target", "error", "a target that cannot be read, or a range given to a cumulative measure"),
    Code("bad-tolerance", "error", "a tolerance or band that cannot be read"),
    Code("bad-unit", "error", "a unit ragcalc does not know"),
    Code("percent-unit", "error", "a `%` on a target or value of a measure that is not `unit: percent`"),
    Code("bad-labels", "error", "a `labels:` key ragcalc does not know, or one label for two things"),
    Code("bad-benchmark", "error", "a `benchmark:` that is neither an area's name nor a figure"),
    Code("bad-profile", "error", "a cumulative `profile` that is not a running total, or not one share per period"),
    Code(
        "scheme",
        "error",
        "keys that cannot go together: a `green_within` wider than `tolerance`, a `stretch` not "
        "beyond the target or outside its range, `profile` or `run-rate` on the wrong kind of measure",
    ),
    Code("unknown-id", "error", "an id in a quarter or history file that no rule defines, with a did-you-mean"),
    Code(
        "bad-value",
        "error",
        "a value that cannot be read (`NaN`, `inf`, `1e400` in scientific notation, trailing text)",
    ),
    Code("bad-rag", "error", "a hand-rated item's `rag` that is not a rating word"),
    Code("bad-previous-rag", "error", "a hand-rated item's `previous_rag` that is not a rating word"),
    Code("bad-direction", "error", "a hand-rated item's `direction` that is not a direction word"),
    Code(
        "unquoted-comma", "error", '`{value: 28,553}`: YAML splits an unquoted comma inside `{...}`; write `"28,553"`'
    ),
    Code(
        "bad-area",
        "error",
        "an area's name that cannot be one, a row of a file of areas without one, or an area given twice",
    ),
    Code("bad-period", "error", "a period label ragcalc cannot read, or a row without one"),
    Code("duplicate-period", "error", "a history gives a measure's period twice (per area)"),
    Code("mixed-periods", "error", "a history gives one measure in months and in quarters"),
    Code("csv-header", "error", "an unknown, repeated or missing column; a semicolon- or tab-separated file"),
    Code("csv-syntax", "error", "a row with too many or too few cells"),
    Code("period", "error", "rows of one CSV give different periods; a `previous_period` that is not before `period`"),
    Code(
        "nothing-to-audit",
        "error",
        "`audit` of a file that states no published rating or arrow it can read, or "
        "whose published column has no readable word in any row (exit 2)",
    ),
    Code("usage", "error", "an option that does not fit the input (exit 2)"),
    Code("percent-target-range", "warning", "a percent target outside 0-100"),
    Code("empty-amber-band", "warning", "a relative tolerance (`5%`) of a target of 0: the band is empty"),
    Code("wide-tolerance", "warning", "a tolerance wider than the target itself"),
    Code(
        "no-target",
        "warning",
        "a rated measure with no target key at all (write `target: tbc` to say it is deliberate)",
    ),
    Code(
        "lookalike-id",
        "warning",
        "two rule ids that differ only by case or by look-alike letters of another "
        "script (`C1`, `c1`, a Cyrillic `С1`)",
    ),
    Code("no-value", "warning", "a measure with no value (or no entry) in the quarter file"),
    Code("no-previous", "warning", "a value without a previous value, so no direction is possible"),
    Code(
        "negative-value",
        "warning",
        "a value below 0 for a measure whose unit cannot be negative (percent, count, rate, days, years)",
    ),
    Code("percent-range", "warning", "a percent value over 100"),
    Code(
        "percent-sign-mixed",
        "warning",
        "a percent value written without `%` beside others written with it (a fraction like 0.692?)",
    ),
    Code(
        "fraction-of-percent",
        "warning",
        "a percent value of 1 or less, without `%`, against a target of 10 or more (quarter and history files)",
    ),
    Code(
        "published-word", "warning", "a `published_rag` / `published_direction` that is not a rating or direction word"
    ),
    Code("spc-no-value", "warning", "a history row with no value: the SPC chart leaves the period out"),
    Code("spc-gap", "warning", "a missing period inside a series: the SPC chart joins the points either side"),
    Code("spc-points", "warning", "a series with fewer than 2 points: an SPC chart needs 2 for a limit"),
    Code("spc-flat", "warning", "equal values whose moving ranges are 0: the limits collapse onto the mean"),
    Code("spc-target-change", "warning", "the target changes within an SPC segment: assurance reads the latest"),
    Code(
        "sheet-chosen",
        "warning",
        "a workbook's first sheet was hidden or a chart, so the first visible worksheet was read (named)",
    ),
    Code(
        "cell-cut",
        "warning",
        "`--format xlsx`: a text longer than the 32,767 characters an Excel cell holds was "
        "cut (CSV, JSON and HTML keep it)",
    ),
    Code("bad-input-map", "error", "an `input:` mapping key that cannot be read, or a heading both mapped and ignored"),
    Code("footer", "warning", "rows after an export's last measure that are not measures (a `Source:` line, a total)"),
    Code(
        "target-differs",
        "warning",
        "a target in the input that differs from the rule's (an error with `validate --strict`); the rule key "
        "`target_from_file: true` says the file's targets are meant to win",
    ),
    Code(
        "left-out",
        "warning",
        "`--present-only` (or `present_only: true`): the rules' measures the file does not give, left out of the "
        "scorecard and its counts",
    ),
    Code("unknown-group", "error", "`published_counts:` names a group the scorecard does not have"),
    Code("cell-shown", "note", "`explain`, `audit`: a workbook cell stores more digits than it shows; rated as shown"),
    Code("read-as", "note", "`explain`, `audit`: how an export's table was read (sheet, header row, period columns)"),
)


def code_table() -> str:
    """docs/rules.md's table of finding codes, made from `CODES`."""
    rows = [f"| `{code.name}` | {code.severity} | {code.meaning} |" for code in CODES]
    return "\n".join(["| code | severity | what it means |", "|---|---|---|", *rows])
