"""The one exception hierarchy of ragcalc, and the collector that gathers findings.

Every problem a user can cause is a `RagcalcError` carrying where it happened (file, line, column)
and which measure it concerns, so the CLI can turn it into one line without knowing what went wrong.
Anything else that escapes is a bug and surfaces as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, Protocol

# what to do when a workbook is read or written without the optional packages (inputs/xlsx, output/workbook)
EXCEL_EXTRA = "reading and writing .xlsx needs the excel extra: pip install 'ragcalc[excel]'"


class Finding(NamedTuple):
    """One problem found in the input, with its place."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    measure: str | None = None
    severity: str = "error"
    code: str = "input"
    area: str | None = None  # in a file of many areas, the row's

    def __str__(self) -> str:
        return f"{self.where}{self.who}{self.message}"

    @property
    def where(self) -> str:
        if self.file is None:
            return ""
        return self.file + (f":{self.line}" if self.line is not None else "") + ": "

    @property
    def who(self) -> str:
        measure = self.measure and _shown(self.measure)
        if self.area and measure:
            return f"area {self.area}, measure {measure}: "
        if self.area:
            return f"area {self.area}: "
        return f"measure {measure}: " if measure else ""

    def as_dict(self) -> dict[str, str | int | None]:
        found: dict[str, str | int | None] = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "id": self.measure,
            "message": self.message,
        }
        return found if self.area is None else {**found, "area": self.area}


def _shown(name: str) -> str:
    """An id as a message names it: quoted where spaces at its ends (or characters that do not print) would hide
    what was written ('C1 ')."""
    return name if name.isprintable() and name == name.strip() else repr(name)


class RagcalcError(Exception):
    """An error in the user's input or invocation; the CLI prints it and exits 2."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        measure: str | None = None,
        *,
        code: str = "input",
    ) -> None:
        self.finding = Finding(message, file, line, column=column, measure=measure, code=code)
        super().__init__(str(self.finding))

    @property
    def findings(self) -> tuple[Finding, ...]:
        return (self.finding,)


class InputError(RagcalcError):
    """A rule file or quarter file that cannot be read or does not make sense."""


class UsageError(RagcalcError):
    """Options that do not fit together or do not fit the input."""

    def __init__(self, message: str, file: str | None = None) -> None:
        super().__init__(message, file, code="usage")


class InputErrors(InputError):
    """Several input errors found in one pass; `str()` is the first, `findings` holds them all."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self._all = tuple(findings)
        first = self._all[0]
        super().__init__(first.message, first.file, first.line, first.column, first.measure, code=first.code)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self._all


class Collector:
    """Gathers errors and warnings while loading, so one run reports every problem, not the first."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def error(self, finding: Finding) -> None:
        self.findings.append(finding)

    def warn(self, finding: Finding) -> None:
        self.findings.append(finding._replace(severity="warning"))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def raise_errors(self) -> None:
        if self.errors:
            raise InputErrors(in_file_order(self.errors))


class Place(Protocol):
    """Where a finding is: anything with a line and a column (a YAML item, a CSV cell)."""

    @property
    def line(self) -> int | None: ...

    @property
    def column(self) -> int | None: ...


class Reporter:
    """Findings about one file, narrowed with `about` to one measure and area: `report.about(measure="VS101").error(
    message, at=cell, code="bad-value")` records one at the cell's line and column. `ok` is False once this reporter,
    or one narrowed from it, has recorded an error."""

    def __init__(
        self,
        collector: Collector,
        file: str,
        *,
        measure: str | None = None,
        area: str | None = None,
        parent: Reporter | None = None,
    ) -> None:
        self.collector, self.file, self.measure, self.area, self.parent = collector, file, measure, area, parent
        self.ok = True

    def about(self, *, measure: str | None = None, area: str | None = None) -> Reporter:
        """The same file's findings about a measure (and area), kept as `measure` and `area` say."""
        return Reporter(self.collector, self.file, measure=measure or self.measure, area=area or self.area, parent=self)

    def error(self, message: str, *, code: str, at: Place | int | None = None) -> None:
        reporter: Reporter | None = self
        while reporter is not None:
            reporter.ok, reporter = False, reporter.parent
        self.collector.error(self.finding(message, code, at))

    def warn(self, message: str, *, code: str, at: Place | int | None = None) -> None:
        self.collector.warn(self.finding(message, code, at))

    def finding(self, message: str, code: str, at: Place | int | None = None) -> Finding:
        line, column = (at, None) if at is None or isinstance(at, int) else (at.line, at.column)
        return Finding(message, self.file, line, column=column, measure=self.measure, code=code, area=self.area)


def in_file_order(findings: Iterable[Finding]) -> list[Finding]:
    """Findings grouped by file (in order of first mention) and sorted by line within each file."""
    found = list(findings)
    files = {f.file: i for i, f in reversed(list(enumerate(found)))}
    return sorted(found, key=lambda f: (files[f.file], f.line or 0))


LONGEST_NAME = 100  # characters: no id or key is longer


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix when a close choice exists, else ''."""
    if len(word) > LONGEST_NAME:  # comparing so long a word with every choice would take minutes
        return ""
    import difflib  # only when there is a misspelling to suggest a fix for

    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:  # a short id differing by case or by a look-alike letter ('С1', Cyrillic) is not close to difflib
        alike = {lookalike(choice): choice for choice in choices}
        if lookalike(word) in alike:
            close = [alike[lookalike(word)]]
    return f" (did you mean '{close[0]}'?{what_differs(word, close[0])})" if close else ""


# letters of other scripts that look like Latin ones (Unicode's confusables, the ones ids are typed with)
_LATIN = str.maketrans(
    "асеіјорѕхуквнмтαβεικμνορτυχ",  # Cyrillic, then Greek, as casefold() writes them
    "aceijopsxykbhmtabeikmnoptux",
)


def lookalike(word: str) -> str:
    """A word as it looks: case, compatibility forms and look-alike letters of other scripts set aside, so that
    'C1', 'c1' and a Cyrillic 'С1' are the same."""
    if word.isascii():
        return word.casefold()
    import unicodedata

    return unicodedata.normalize("NFKC", word).casefold().translate(_LATIN)


def what_differs(word: str, suggestion: str) -> str:
    """Where a suggestion looks just like the word (a Cyrillic S for a Latin one): the characters that differ."""
    letters = differing_letters(word, suggestion)
    return f" They look alike, but {letters}" if letters else ""


def differing_letters(word: str, suggestion: str) -> str:
    """Which characters of two words that look alike differ, named ('' where the difference can be seen)."""
    if len(word) != len(suggestion):
        return ""
    differs = [(position, a, b) for position, (a, b) in enumerate(zip(word, suggestion, strict=True), 1) if a != b]
    if not differs or any(a.isascii() for _, a, _ in differs):
        return ""  # the difference can be seen
    import unicodedata

    def named(char: str) -> str:
        return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"

    return "; ".join(f"character {position} is {named(a)}, not {named(b)}" for position, a, b in differs)


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
)


def code_table() -> str:
    """docs/rules.md's table of finding codes, made from `CODES`."""
    rows = [f"| `{code.name}` | {code.severity} | {code.meaning} |" for code in CODES]
    return "\n".join(["| code | severity | what it means |", "|---|---|---|", *rows])
