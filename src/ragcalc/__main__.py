"""`python -m ragcalc`."""

from ragcalc.cli import main

main()
