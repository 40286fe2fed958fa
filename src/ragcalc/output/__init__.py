"""Words, tables, CSV, JSON and output files. Imports `rating` and `errors` only."""
