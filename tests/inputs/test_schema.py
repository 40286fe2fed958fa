"""The JSON Schema for rule files: generated from keys.FIELDS, shipped in the package, agreeing with the loader."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from ragcalc.cli import main
from ragcalc.inputs import keys
from tests.helpers import ROOT

SCHEMA = keys.json_schema()


def test_ragcalc_schema_prints_the_schema_shipped_in_the_package():
    printed = CliRunner().invoke(main, ["schema"], catch_exceptions=False).stdout
    shipped = resources.files("ragcalc").joinpath("rules.schema.json").read_text(encoding="utf-8")
    assert json.loads(printed) == SCHEMA
    assert printed == shipped, "regenerate: ragcalc schema > src/ragcalc/rules.schema.json"


def test_schema_is_a_valid_draft_7_schema():
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", sorted((ROOT / "rules").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_rules_validate_against_the_schema(path):
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), SCHEMA)


def test_schema_and_loader_allow_the_same_keys():
    measure = SCHEMA["properties"]["measures"]["items"]
    assert set(measure["properties"]) == {f.name for f in keys.FIELDS}
    assert set(SCHEMA["properties"]["defaults"]["properties"]) == {f.name for f in keys.FIELDS} - {"id"}
    mapping, any_change = measure["properties"]["direction"]["oneOf"]
    assert set(mapping["properties"]) == {f.name for f in keys.DIRECTION_FIELDS}
    assert any_change == {"const": "any-change"}
    assert measure["additionalProperties"] is False


@pytest.mark.parametrize("name", ["unknown-key", "bad-polarity", "wrong-type", "negative-threshold", "missing-id"])
def test_schema_flags_what_the_loader_flags(name):
    document = yaml.safe_load((ROOT / "tests" / "broken" / "rules" / f"{name}.yaml").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


def test_every_shipped_rule_file_points_editors_at_the_schema():
    for path in (ROOT / "rules").glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../src/ragcalc/rules.schema.json\n"
        )


def test_the_input_mapping_validates_against_the_schema_as_the_loader_reads_it():
    mapping = yaml.safe_load((ROOT / "examples" / "export" / "input.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(mapping, SCHEMA)  # a rules folder's file holding only the mapping
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"input": {"columns": {"Ref": "identifier"}}}, SCHEMA)
