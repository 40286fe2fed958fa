"""ragcalc: RAG ratings, direction-of-travel arrows and summary counts for performance scorecards.

The public Python API (docs/api.md), the library the CLI is built on:

    >>> import ragcalc
    >>> card = ragcalc.evaluate(ragcalc.load_rules("rules"), ragcalc.read("examples/2022-23-q4.yaml"))
    >>> card.summary.total["measures"]
    30

Each name is imported when first used, so `import ragcalc` costs no more than the CLI's start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ragcalc.version import __version__

__all__ = [
    "Data",
    "Finding",
    "RagcalcError",
    "Rules",
    "Scorecard",
    "__version__",
    "audit",
    "evaluate",
    "explain",
    "load_rules",
    "read",
    "spc",
    "trend",
    "validate",
]

_HOMES = {"Finding": "ragcalc.errors", "RagcalcError": "ragcalc.errors", "Scorecard": "ragcalc.results"}  # else api

if TYPE_CHECKING:
    from ragcalc.api import Data, Rules, audit, evaluate, explain, load_rules, read, spc, trend, validate
    from ragcalc.errors import Finding, RagcalcError
    from ragcalc.results import Scorecard


def __getattr__(name: str) -> Any:
    """The public names, each imported when first asked for (PEP 562)."""
    if name not in __all__:
        raise AttributeError(f"module 'ragcalc' has no attribute '{name}'")
    import importlib

    found = getattr(importlib.import_module(_HOMES.get(name, "ragcalc.api")), name)
    globals()[name] = found
    return found
