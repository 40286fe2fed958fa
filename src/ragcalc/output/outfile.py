"""Writing --output safely: a file whole or not at all, with the mode it had, and never over an input."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator

from ragcalc.errors import UsageError


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


class Pieces:
    """A text in pieces, each made as it is written and never joined (a trend of a million points written by
    columns: a few MB at a time, not the whole document at once); written once."""

    def __init__(self, pieces: Iterable[str]) -> None:
        self.pieces = iter(pieces)

    def __iter__(self) -> Iterator[str]:
        return self.pieces


def encoded(text: str | bytes | Pieces, encoding: str = "utf-8", errors: str = "strict") -> Iterator[bytes]:
    """The bytes to write, piece by piece (a workbook's as they are)."""
    if isinstance(text, bytes):
        yield text
    else:
        for piece in text if isinstance(text, Pieces) else (text,):
            yield piece.encode(encoding, errors)


def write_output(path: str, text: str | bytes | Pieces, inputs: Iterable[str]) -> None:
    """Write `text` (or a workbook's bytes) to `path`, refusing to overwrite any of `inputs` or a write-protected
    file.

    A regular file is replaced atomically (a temporary file, then a rename), keeping the mode of the file it
    replaces, else the mode the umask gives a new file. Anything else (a device such as /dev/null, a named
    pipe) is written to directly: renaming over it would replace the device with a file. A symbolic link is
    written through: the file it points to is replaced (atomically, in its own folder) and the link stays.
    """
    if not path:
        raise UsageError("--output needs a file name")
    _write_file(os.path.realpath(path) if os.path.islink(path) else path, text, inputs, path)


def _write_file(path: str, text: str | bytes | Pieces, inputs: Iterable[str], given: str) -> None:
    """`write_output` to `path`, the file itself (a link's target), naming the file as the user gave it."""
    for source in inputs:
        if os.path.exists(path) and same_file(path, source):
            raise UsageError(f"--output would overwrite the input file {source}; choose another name", given)
    if os.path.isdir(path):
        raise UsageError("cannot write: is a folder; give --output a file name", given)
    try:
        existing: os.stat_result | None = os.stat(path)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_directly(path, text)
        return
    if existing is not None and not existing.st_mode & stat.S_IWUSR:
        raise UsageError("cannot write: the file is write-protected; make it writable or choose another name", given)
    _replace(path, text, stat.S_IMODE(existing.st_mode) if existing else _new_file_mode())


def _write_directly(path: str, text: str | bytes | Pieces) -> None:
    try:
        with open(path, "wb") as out:
            for piece in encoded(text):
                out.write(piece)
    except OSError as exc:
        raise UsageError(f"cannot write: {exc.strerror}", path) from None


def _new_file_mode() -> int:
    umask = os.umask(0)  # the only way to read it is to set it: set it straight back
    os.umask(umask)
    return 0o666 & ~umask


def _replace(path: str, text: str | bytes | Pieces, mode: int) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"cannot write: the folder {os.path.dirname(path) or '.'} does not exist", path)
    try:
        import tempfile  # only when writing --output

        handle, temporary = tempfile.mkstemp(prefix=".ragcalc-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write into {folder}: {exc.strerror}", path) from None
    try:
        os.fchmod(handle, mode)  # mkstemp makes it readable by its owner alone
        with os.fdopen(handle, "wb") as out:
            for piece in encoded(text):
                out.write(piece)
        os.replace(temporary, path)
    except BaseException as exc:  # Ctrl-C included: never leave a half-written temporary behind
        if os.path.exists(temporary):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write: {exc.strerror}", path) from None
        raise
