"""The one exception hierarchy of ragcalc, and the collector that gathers findings.

Every problem a user can cause is a `RagcalcError` carrying where it happened (file, line, column)
and which measure it concerns, so the CLI can turn it into one line without knowing what went wrong.
Anything else that escapes is a bug and surfaces as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple, Protocol

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

    def __reduce__(self) -> tuple[Any, tuple[type[RagcalcError], tuple[Finding, ...]]]:
        """Pickled with its findings (a partitioned run raises a worker's error in the client's process)."""
        return _restored, (type(self), self.findings)


def _restored(kind: type[RagcalcError], findings: tuple[Finding, ...]) -> RagcalcError:
    error = Exception.__new__(kind)
    Exception.__init__(error, str(findings[0]))
    error.finding = findings[0]
    if isinstance(error, InputErrors):
        error._all = findings
    return error


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
