"""Where a published page's or workbook's figures came from, and how it is titled and for whom.

A board paper says which rules and which data made it: the ragcalc version, each rule and input file with the
first 12 hex digits of its SHA-256, the reporting period and when it was generated. With `SOURCE_DATE_EPOCH`
set (the reproducible-builds convention) the time is that one, so two runs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from datetime import datetime


class Provenance(NamedTuple):
    version: str
    files: tuple[tuple[str, str], ...]  # each rule and input file, and the first 12 hex of its SHA-256
    period: str | None
    generated: str  # ISO 8601, UTC, to the second

    @property
    def lines(self) -> tuple[str, ...]:
        """The provenance as a footer or a workbook's properties say it, line by line."""
        period = f"Reporting period {self.period}. " if self.period else ""
        made = f"{period}Generated {self.generated} by ragcalc {self.version}."
        return (made, "Files (SHA-256): " + "; ".join(f"{path} {digest}" for path, digest in self.files) + ".")


class Publication(NamedTuple):
    """A page's or workbook's title and subtitle (its own where None), its audience, and its provenance."""

    title: str | None = None
    subtitle: str | None = None
    audience: str = "review"
    provenance: Provenance | None = None

    @property
    def public(self) -> bool:
        return self.audience == "public"


PLAIN = Publication()


def made(paths: Iterable[str], period: str | None, version: str, environ: Mapping[str, str]) -> Provenance:
    """The provenance of an output made from the files at `paths` (each hashed once, in the order given)."""
    files = tuple((path, _digest(path)) for path in dict.fromkeys(paths))
    return Provenance(version, files, period, generated(environ))


def generated(environ: Mapping[str, str]) -> str:
    """Now, or `SOURCE_DATE_EPOCH` where it is set (a reproducible build), as an ISO 8601 UTC time."""
    return when(environ).strftime("%Y-%m-%dT%H:%M:%SZ")


def when(environ: Mapping[str, str]) -> datetime:
    from datetime import datetime, timezone  # only an output that says when it was made needs these

    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)


def _digest(path: str) -> str:
    import hashlib

    hasher = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            hasher.update(chunk)
    return hasher.hexdigest()[:12]
