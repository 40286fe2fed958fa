"""The domain and its decisions: records, rating rules, periods and timelines. Imports nothing else of ragcalc."""
