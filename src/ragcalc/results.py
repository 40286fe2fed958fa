"""The Python API's results (`api`): immutable records of what each function found, whose `to_dict()` is exactly
the CLI's `--format json` for the same input (made by the same writers) and `to_pandas()` a DataFrame, pandas
imported only there (the `ragcalc[pandas]` extra).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ragcalc.errors import Finding, UsageError
from ragcalc.output import scorecard
from ragcalc.output.tables import Style

if TYPE_CHECKING:
    from ragcalc.rating.model import Rating


class Scorecard(NamedTuple):
    """One period's scorecard (`evaluate`): its ratings, summary and warnings; `to_dict()` is `evaluate --format
    json`, `to_pandas()` a row per measure."""

    report: scorecard.Report
    rated: Any  # api.Rated: what the scorecard was made from (its warnings, the input as read)

    @property
    def ratings(self) -> tuple[Rating, ...]:
        return tuple(self.report.ratings)

    @property
    def summary(self) -> Summary:
        return Summary(self.report)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(self.rated.warnings)

    def to_dict(self) -> dict[str, Any]:
        from ragcalc.output import records

        return _parsed(records.json_text(self.report))

    def to_pandas(self) -> Any:
        return _frame(self.to_dict()["measures"])

    def __str__(self) -> str:
        return scorecard.table(self.report, Style(ascii=False, colour=False))


class Summary(NamedTuple):
    """A scorecard's counts by group and in total, printed as the CLI's summary table."""

    report: scorecard.Report

    @property
    def total(self) -> dict[str, Any]:
        total: dict[str, Any] = self.to_dict()["total"]
        return total

    def to_dict(self) -> dict[str, Any]:
        from ragcalc.output import records

        summary: dict[str, Any] = _parsed(records.json_text(self.report._replace(summary_only=True)))["summary"]
        return summary

    def __str__(self) -> str:
        return scorecard.summary_table(self.report, Style(ascii=False, colour=False))


class Document(NamedTuple):
    """Each measure period by period (`trend`, `spc`): `to_dict()` is the command's `--format json`, `to_pandas()`
    a row per point, the measure's own fields first."""

    json: str
    warnings: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _parsed(self.json)

    def to_pandas(self) -> Any:
        rows = []
        for measure in self.to_dict()["measures"]:
            head = {key: value for key, value in measure.items() if not isinstance(value, list | dict)}
            rows += [{**head, **point} for point in measure.get("points", [])]
        return _frame(rows)


class Audited(NamedTuple):
    """What a draft publishes against the rules (`audit`): `to_dict()` is `audit --format json`, `to_pandas()` a
    row per disagreement; `disagreements` as the CLI lists them."""

    audit: Any  # output.audit.Audit
    path: str
    history: bool  # of a history (every period a draft rated), else of a quarter
    warnings: tuple[Finding, ...] = ()

    @property
    def disagreements(self) -> tuple[Any, ...]:
        found: tuple[Any, ...] = self.audit.disagreements
        return found

    def to_dict(self) -> dict[str, Any]:
        from ragcalc.output import render

        return _parsed(render.audit(self.audit, "json", self.path, history=self.history))

    def to_pandas(self) -> Any:
        return _frame(self.to_dict()["disagreements"])


class Validation(NamedTuple):
    """`validate`'s findings (errors and warnings) and what it read."""

    findings: tuple[Finding, ...]
    exit_code: int

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def ok(self) -> bool:
        return not self.errors


def _parsed(text: str) -> dict[str, Any]:
    import json

    found: dict[str, Any] = json.loads(text)
    return found


def _frame(rows: list[dict[str, Any]]) -> Any:
    """A DataFrame of the rows: pandas is imported here only (the `ragcalc[pandas]` extra)."""
    try:
        import pandas
    except ImportError:
        raise UsageError("to_pandas() needs pandas: pip install 'ragcalc[pandas]'") from None
    return pandas.json_normalize(rows) if rows else pandas.DataFrame()
