"""The `input:` mapping: how a performance system's export is read as it comes, written once beside the rules.

An `input:` section in any rule file of the rules folder, or a YAML file of its own named by `--input-map`, says
which sheet to read, where the header is, which of the export's headings are which of ragcalc's columns and which
to skip. Its keys are declared once, in `KEYS`, which the loader, the docs' table and the checks all read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from ragcalc.errors import Collector, InputError, Reporter, did_you_mean
from ragcalc.inputs import sections
from ragcalc.inputs.entries import BENCHMARK, TABLE_COLUMNS
from ragcalc.inputs.files import read_text
from ragcalc.inputs.sections import Key, text
from ragcalc.inputs.yamltree import Item, load_yaml, unknown_keys

# columns a mapping may name that rating does not read: `init` drafts rules from them
INFO_COLUMNS = ("group", "polarity", "unit")
MAPPED_COLUMNS = (*TABLE_COLUMNS, *INFO_COLUMNS)


def heading(text: str) -> str:
    """A heading as headings are compared: case and the spaces around (and doubled inside) it do not count."""
    return " ".join(text.split()).casefold()


class InputMap(NamedTuple):
    """How to read an export: each default here is the one `KEYS` documents."""

    sheet: str | None = None  # a workbook's sheet (default: the first visible worksheet)
    header_row: int | None = None  # the header's row (default: found)
    columns: tuple[tuple[str, str], ...] = ()  # (heading as compared, ragcalc's column)
    ignore: frozenset[str] = frozenset()  # headings as compared
    source: str | None = None  # where it is written ('rules/council.yaml'), for messages

    @property
    def renames(self) -> dict[str, str]:
        return dict(self.columns)

    def said(self) -> str:
        return f"the input: mapping in {self.source}" if self.source else "the input: mapping"


NO_MAP = InputMap()


def _row(item: Item) -> int:
    text = str(item.text).strip() if item.is_scalar else ""
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"expected a row number such as 3, got '{item.text}'")
    return int(text)


def _columns(item: Item) -> tuple[tuple[str, str], ...]:
    if not item.is_mapping:
        raise ValueError("expected a mapping of the export's headings to ragcalc's columns, e.g. {Ref: id}")
    pairs = []
    for written, name in item.mapping().items():
        column = name.text.strip().lower() if name.is_scalar and name.text else ""
        if column not in MAPPED_COLUMNS:
            raise ValueError(
                f"'{written}: {name.text}': '{name.text}' is not a column{did_you_mean(column, MAPPED_COLUMNS)}; "
                f"columns are {', '.join(MAPPED_COLUMNS)}"
            )
        pairs.append((heading(written), column))
    return tuple(pairs)


def _ignore(item: Item) -> frozenset[str]:
    names = item.sequence() if item.is_sequence else [item] if item.is_scalar else None
    if names is None or not all(name.is_scalar and name.text for name in names):
        raise ValueError("expected a list of the export's headings, e.g. [Portfolio, Owner]")
    return frozenset(heading(str(name.text)) for name in names)


KEYS = (
    Key("sheet", "text", "The workbook's sheet to read, in any case (default: the first visible worksheet). "
        "`--sheet` wins over it.", text, {"type": "string"}),
    Key("header_row", "row number", "The header's row (default: found, the first of the first 200 rows with a "
        "heading mapped to `id`, or headed `id`). Title and blank rows above it are skipped.", _row,
        {"type": "integer", "minimum": 1}),
    Key("columns", "mapping", "The export's headings to ragcalc's columns: `{Ref: id, Measure: name, RAG: "
        "published_rag, DoT: published_direction, Comments: note, Portfolio: group}`. Headings match ignoring case "
        "and the spaces around them. `group`, `polarity` and `unit` are read by `init` and not when rating.",
        _columns, {"type": "object", "additionalProperties": {"enum": list(MAPPED_COLUMNS)}}),
    Key("ignore", "list", "Headings to skip: `[Portfolio, Owner, Polarity]`.", _ignore,
        {"type": "array", "items": {"type": "string"}}),
)  # fmt: skip


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the `input:` mapping, part of a rule file's (`keys.json_schema`)."""
    return sections.schema(KEYS, "How a performance system's export is read (docs/exports.md).")


def key_table() -> str:
    """docs/exports.md's table of the mapping's keys, made from `KEYS`."""
    rows = [f"| `{key.name}` | {key.type} | {key.doc} |" for key in KEYS]
    return "\n".join(["| key | type | what it says |", "|---|---|---|", *rows])


def parse(item: Item, report: Reporter) -> InputMap | None:
    """The mapping under an `input:` key (None, reported, where it cannot be read)."""
    values = sections.read("input", item, KEYS, report, "bad-input-map")
    if values is None:
        return None
    found = InputMap(**values, source=report.file)
    _check_both(found, report, item)
    return found if report.ok else None


def _check_both(found: InputMap, report: Reporter, item: Item) -> None:
    both = sorted({name for name, _ in found.columns} & found.ignore)
    if both:
        report.error(f"input: '{both[0]}' is both mapped and ignored; keep one", at=item, code="bad-input-map")


def load_file(path: str) -> InputMap:
    """An `--input-map` file: a YAML file holding `input:` (or the mapping's keys at its top)."""
    collector = Collector()
    root = load_yaml(path, read_text(path), collector)
    collector.raise_errors()
    if root is None or not root.is_mapping:
        raise InputError("expected 'input:' with sheet, header_row, columns or ignore", path, code="structure")
    top = root.mapping()
    item = top.get("input", root)
    if "input" in top:
        unknown_keys(path, top, ("input",), "an input map holds 'input:'", collector)
    found = parse(item, Reporter(collector, path))
    collector.raise_errors()
    assert found is not None  # every way it can fail is an error, raised above
    return found


def one_of(found: Iterable[tuple[InputMap, int]], collector: Collector) -> InputMap | None:
    """The rules folder's mapping: at most one rule file may hold `input:`."""
    maps = list(found)
    if len(maps) > 1:
        (first, _), (second, line) = maps[:2]
        collector.error(
            Reporter(collector, str(second.source)).finding(
                f"input: a second input mapping (the first is in {first.source}); keep one", "bad-input-map", line
            )
        )
        return None
    return maps[0][0] if maps else None


def is_plain(header: str, mapping: InputMap) -> bool:
    """Whether a CSV file's header line is ragcalc's own columns, none of them mapped or ignored: the file is read as
    it is, with no shaping."""
    if mapping.header_row is not None:
        return False
    names = [heading(cell.strip('"')) for cell in header.rstrip("\r\n").split(",")]
    while len(names) > 1 and not names[-1]:
        names.pop()
    touched = mapping.ignore | set(mapping.renames)
    return "id" in names and all(
        (name in TABLE_COLUMNS or name.startswith(BENCHMARK)) and name not in touched for name in names
    )
