"""The `input:` mapping (inputs/inputmap.py): read from a rule file of the rules folder or an --input-map file, each
mistake reported at its line, and the check that lets a file in ragcalc's own columns be read as it is."""

from __future__ import annotations

import pytest

from ragcalc.errors import Collector, InputError
from ragcalc.inputs import inputmap
from ragcalc.inputs.rules import load_rules
from tests.helpers import ROOT, check_generated


def test_an_input_map_file_reads_every_key(tmp_path):
    path = tmp_path / "input.yaml"
    path.write_text(
        "input:\n  sheet: Scorecard\n  header_row: 3\n  columns: {Ref: id, ' DoT ': published_direction}\n"
        "  ignore: [Portfolio, OWNER]\n"
    )
    found = inputmap.load_file(str(path))
    assert found == inputmap.InputMap(
        "Scorecard", 3, (("ref", "id"), ("dot", "published_direction")), frozenset({"portfolio", "owner"}), str(path)
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("input: {colums: {Ref: id}}\n", "1: unknown key 'colums' (did you mean 'columns'?); input: holds sheet"),
        ("input: {header_row: 0}\n", "input: header_row: expected a row number such as 3, got '0'"),
        ("input: {columns: {Ref: identifier}}\n", "'Ref: identifier': 'identifier' is not a column"),
        ("input: {columns: {Ref: id}, ignore: [ref]}\n", "input: 'ref' is both mapped and ignored; keep one"),
        ("input: [Ref]\n", "input: expected a mapping of sheet, header_row, columns, ignore"),
    ],
)
def test_a_mistake_in_an_input_map_is_an_error_at_its_line(tmp_path, text, message):
    path = tmp_path / "input.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        inputmap.load_file(str(path))
    assert any(message in str(finding) for finding in caught.value.findings), caught.value.findings


def test_a_rules_folder_may_hold_the_mapping_in_a_file_of_its_own_but_only_once(tmp_path):
    (tmp_path / "a.yaml").write_text("measures:\n  - {id: A1, polarity: higher, target: 5}\n")
    (tmp_path / "input.yaml").write_text("input: {columns: {Ref: id}}\n")
    collector = Collector()
    ruleset = load_rules(str(tmp_path), collector)
    assert collector.findings == []
    assert ruleset.input_map is not None
    assert ruleset.input_map.renames == {"ref": "id"}
    (tmp_path / "b.yaml").write_text("input: {ignore: [Owner]}\nmeasures: []\n")
    collector = Collector()
    assert load_rules(str(tmp_path), collector).input_map is None
    assert [f.message for f in collector.findings] == [
        f"input: a second input mapping (the first is in {tmp_path / 'b.yaml'}); keep one"
    ]


@pytest.mark.parametrize(
    ("header", "plain"),
    [
        ("id,value,previous", True),
        ('"id","period","value"\r\n', True),
        ("id,value,benchmark England,", True),
        ("Ref,value", False),  # not ragcalc's own columns: shaped
        ("id,Apr-23,May-23", False),  # period headings: a wide layout
        ("id,value,target", False),  # the mapping below ignores target
    ],
)
def test_a_file_in_ragcalcs_own_columns_untouched_by_the_mapping_is_read_as_it_is(header, plain):
    mapping = inputmap.InputMap(ignore=frozenset({"target"}))
    assert inputmap.is_plain(header, mapping) is plain


def test_the_keys_table_in_the_guide_is_made_from_the_declarations():
    check_generated(ROOT / "docs" / "exports.md", "input-keys", inputmap.key_table())
