"""Files read as UTF-8 text, with what to do when they are not (files.py)."""

from __future__ import annotations

import pytest

from ragcalc.errors import InputError
from ragcalc.inputs.files import read_text


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_bytes(b"\xef\xbb\xbfperiod: Q4\n")
    assert read_text(str(path)) == "period: Q4\n"


def test_windows_1252_pound_sign_says_to_save_as_utf8(tmp_path):
    path = tmp_path / "q.csv"
    path.write_bytes(b"id,value\nA,\xa35\n")
    with pytest.raises(InputError) as info:
        read_text(str(path))
    assert str(info.value) == (
        f"{path}:2: is not UTF-8: byte 0xA3 (a £ from Excel?) cannot be read; "
        "save the file as UTF-8 (in Excel: Save As 'CSV UTF-8')"
    )


@pytest.mark.parametrize(
    ("content", "message"), [(None, "file not found"), ("dir", "is a directory"), (b"\x00\x01", "binary file")]
)
def test_unreadable_inputs_are_input_errors(tmp_path, content, message):
    path = tmp_path / "x.yaml"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_text(str(path))
