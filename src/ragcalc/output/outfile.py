"""Writing output files safely: atomically (temporary file, then rename) and never over an input."""

from __future__ import annotations

import os
from collections.abc import Iterable

from ragcalc.errors import UsageError


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def write_atomically(path: str, text: str, inputs: Iterable[str]) -> None:
    """Write `text` to `path` whole or not at all; refuse to overwrite any of `inputs`."""
    for source in inputs:
        if os.path.exists(path) and same_file(path, source):
            raise UsageError(f"--output would overwrite the input file {source}; choose another name", path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"cannot write: the folder {os.path.dirname(path) or '.'} does not exist", path)
    if os.path.isdir(path):
        raise UsageError("cannot write: is a folder; give --output a file name", path)
    try:
        import tempfile  # only when writing --output

        handle, temporary = tempfile.mkstemp(prefix=".ragcalc-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write into {folder}: {exc.strerror}", path) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException as exc:  # Ctrl-C included: never leave a half-written temporary behind
        if os.path.exists(temporary):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write: {exc.strerror}", path) from None
        raise
