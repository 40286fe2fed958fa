"""`python -m ragcalc`."""

from ragcalc.cli import main

main(prog_name="ragcalc")
