"""Issue 27's start-up benchmark: what `import ragcalc` costs, against the CLI's own import path, and the shipped
example evaluated from Python against the same through the command, each as a fresh process, in the same run.

    python benchmarks/api.py
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from speed import ROOT, timed

EXAMPLE, RULES = os.path.join(ROOT, "examples", "2022-23-q4.yaml"), os.path.join(ROOT, "rules")


def main() -> None:
    package, _ = timed([sys.executable, "-c", "import ragcalc"])
    cli, _ = timed([sys.executable, "-c", "import ragcalc.cli"])
    print(f"import ragcalc: {package * 1000:.0f} ms; the CLI's import path (ragcalc.cli): {cli * 1000:.0f} ms; "
          f"ratio {package / cli:.2f}x (target at most 1x)")  # fmt: skip
    code = f"import ragcalc; ragcalc.evaluate(ragcalc.load_rules({RULES!r}), {EXAMPLE!r}).to_dict()"
    library, _ = timed([sys.executable, "-c", code])
    command, _ = timed([sys.executable, "-m", "ragcalc", "evaluate", EXAMPLE, "--rules", RULES, "--format", "json"])
    print(f"the shipped example from Python, to_dict(): {library * 1000:.0f} ms; the same by `ragcalc evaluate "
          f"--format json`: {command * 1000:.0f} ms; ratio {library / command:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
