"""ragcalc: RAG ratings, direction-of-travel arrows and summary counts for performance scorecards."""

__version__ = "0.1.0"
