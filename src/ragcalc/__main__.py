"""`python -m ragcalc` and the `ragcalc` command: quiet on Ctrl-C from the first instant.

click, yaml and the rest load inside `run`, once the interruption is handled, so a Ctrl-C while they load
(the first tens of milliseconds) exits 130 with one line, as it does later on, never with a traceback.
"""

import sys


def run() -> None:
    try:
        from ragcalc.cli import main

        main(prog_name="ragcalc")
    except KeyboardInterrupt:
        sys.stderr.write("ragcalc: interrupted\n")
        sys.exit(130)  # 128 + SIGINT, as shells report it


if __name__ == "__main__":
    run()
