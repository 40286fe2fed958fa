"""YAML text to a tree of `Item`s that remember their lines, read safely.

YAML is composed (never constructed) with libyaml's safe loader where present, so no tag can build an
object. Numbers keep the text they were written with, so `64.3` becomes `Decimal("64.3")`, never the
binary float PyYAML would make. Duplicate keys, which PyYAML would silently collapse, are errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from itertools import accumulate
from typing import NamedTuple

import yaml

from ragcalc.errors import Collector, Finding, InputError, did_you_mean
from ragcalc.inputs.numbers import decimal_from_yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Scalar = str | Decimal | bool | None

_MAX_NODES = 5_000_000  # bounds the size of one document in time and memory
_MAX_DEPTH = 64
# libyaml's composer recurses in C: a document nested some 30,000 deep crashes the interpreter before any
# Python code sees it, so nesting far past _MAX_DEPTH is refused from the text, before parsing
_PARSER_DEPTH = 1000
_OPENS = "[{"
_BRACKET = re.compile(r"[\[\]{}]")
_DEEP_BLOCK = re.compile(rf"^[ \t?-]{{{_PARSER_DEPTH},}}", re.M)
_DEEP_RUNS = (" " * _PARSER_DEPTH, "- " * (_PARSER_DEPTH // 2), "\t" * _PARSER_DEPTH)
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_TEXTUAL = ("tag:yaml.org,2002:timestamp",)
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN_TAGS = frozenset((_STR, _NULL, _BOOL, *_NUMBERS, *_TEXTUAL, _MAP, _SEQ))
_KEY_TAGS = frozenset((_STR, *_NUMBERS, _BOOL, _NULL))


class Item(NamedTuple):
    """A YAML node converted to plain data, with its 1-based line and column (of its key, in a mapping).

    A NamedTuple rather than a frozen dataclass: a region's rule file makes hundreds of thousands.
    """

    value: dict[str, Item] | list[Item] | Scalar
    text: str | None
    line: int
    column: int

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return not isinstance(self.value, (dict, list))

    def mapping(self) -> dict[str, Item]:
        assert isinstance(self.value, dict)
        return self.value

    def sequence(self) -> list[Item]:
        assert isinstance(self.value, list)
        return self.value

    def scalar(self) -> Scalar:
        assert not isinstance(self.value, (dict, list))
        return self.value


def _too_deep(text: str) -> int | None:
    """The line at which `text` nests more than _PARSER_DEPTH levels deep, if it does.

    Found from the text, before the parser sees it; the common case, a shallow file, in a few milliseconds
    however long it is: a search for long indentation, and the brackets alone, paired off level by level.
    """
    if any(run in text for run in _DEEP_RUNS):  # block nesting needs a column a level
        block = _DEEP_BLOCK.search(text)
        if block is not None:
            return text.count("\n", 0, block.start()) + 1
    if sum(map(text.count, _OPENS)) <= _PARSER_DEPTH:
        return None
    brackets = text.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)
    for _ in range(_PARSER_DEPTH):
        inner_gone = brackets.replace(b"[]", b"").replace(b"{}", b"")
        if inner_gone == brackets:  # no pair left to take off: it nests no deeper than the levels taken
            return None
        brackets = inner_gone
    depths = accumulate(1 if bracket[0] in _OPENS else -1 for bracket in _BRACKET.finditer(text))
    deepest = next(i for i, depth in enumerate(depths) if depth > _PARSER_DEPTH)
    return text.count("\n", 0, list(_BRACKET.finditer(text))[deepest].start()) + 1


def load_yaml(path: str, text: str, collector: Collector) -> Item | None:
    """Compose `text` as one YAML document; None when the document is empty."""
    deep = _too_deep(text)
    if deep is not None:
        raise InputError("is nested too deeply to be a rule or quarter file", path, deep, code="structure")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        where = f", column {column}" if column else ""
        raise InputError(
            f"YAML syntax error{where}: {problem}; check quoting and indentation",
            path,
            line,
            column,
            code="yaml-syntax",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", path, code="yaml-syntax") from None
    if node is None:
        return None
    return _Converter(path, collector).convert(node, None, 0)


class _Converter:
    def __init__(self, path: str, collector: Collector) -> None:
        self.path = path
        self.collector = collector
        self.seen = 0
        # an alias is the same node again: convert it once, so alias bombs cost what they are written with
        self.converted: dict[int, dict[str, Item] | list[Item]] = {}

    def fail(self, message: str, node: yaml.Node, code: str) -> None:
        mark = node.start_mark
        self.collector.error(Finding(message, self.path, mark.line + 1, column=mark.column + 1, code=code))

    def convert(self, node: yaml.Node, at: yaml.Node | None, depth: int) -> Item:
        self.seen += 1
        if self.seen > _MAX_NODES:
            raise InputError("document is too large to be a rule or quarter file", self.path, code="structure")
        if depth > _MAX_DEPTH:
            raise InputError(
                "is nested too deeply to be a rule or quarter file",
                self.path,
                node.start_mark.line + 1,
                code="structure",
            )
        mark = (at or node).start_mark
        line, column = mark.line + 1, mark.column + 1
        if node.__class__ is yaml.ScalarNode:  # most nodes: first
            return Item(self._scalar(node), node.value, line, column)
        if id(node) in self.converted:
            return Item(self.converted[id(node)], None, line, column)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not self._plain(node):
            return Item(None, None, line, column)  # a refused tag: its contents are not read at all
        if isinstance(node, yaml.MappingNode):
            self.converted[id(node)] = self._mapping(node, depth)
            return Item(self.converted[id(node)], None, line, column)
        if isinstance(node, yaml.SequenceNode):
            self.converted[id(node)] = [self.convert(child, None, depth + 1) for child in node.value]
            return Item(self.converted[id(node)], None, line, column)
        assert isinstance(node, yaml.ScalarNode)
        return Item(self._scalar(node), node.value, line, column)

    def _plain(self, node: yaml.Node) -> bool:
        """Whether a mapping or list carries its plain tag; any other tag is refused."""
        expected = _MAP if isinstance(node, yaml.MappingNode) else _SEQ
        if node.tag != expected:
            self.fail(
                f"tag {_shown_tag(node.tag)} is not allowed; ragcalc reads plain YAML values only", node, "yaml-tag"
            )
        return node.tag == expected

    def _scalar(self, node: yaml.ScalarNode) -> Scalar:
        tag, text = node.tag, str(node.value)
        if tag == _STR or tag in _TEXTUAL:
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() in ("true", "yes", "on", "y")
        if tag in _NUMBERS:
            try:
                return decimal_from_yaml(text)
            except ValueError:
                return text  # let the field that reads it say why '.inf' is not a value
        self.fail(f"tag {_shown_tag(tag)} is not allowed; ragcalc reads plain YAML values only", node, "yaml-tag")
        return None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Item]:
        result: dict[str, Item] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _KEY_TAGS:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.fail(
                        "merge keys ('<<') are not supported; put shared keys under 'defaults:'", key_node, "yaml-tag"
                    )
                elif key_node.tag == "tag:yaml.org,2002:timestamp":
                    self.fail(
                        f"a key must be plain text, but YAML reads {key_node.value} as a date; quote it "
                        f"('{key_node.value}'), or write the period as people do (Apr-23, Q1 2023/24)",
                        key_node,
                        "structure",
                    )
                else:
                    self.fail("a key must be plain text", key_node, "structure")
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in lines:
                self.fail(
                    f"duplicate key '{key}' (first at line {lines[key]}); keep one, or the other is lost",
                    key_node,
                    "duplicate-key",
                )
                continue
            lines[key] = line
            if value_node.tag not in _PLAIN_TAGS:  # refused, and the key dropped, so nothing else trips on it
                self.fail(
                    f"tag {_shown_tag(value_node.tag)} is not allowed; ragcalc reads plain YAML values only",
                    value_node,
                    "yaml-tag",
                )
                continue
            result[key] = self.convert(value_node, key_node, depth + 1)
        return result


def unknown_keys(
    path: str,
    items: dict[str, Item],
    allowed: Sequence[str],
    holds: str,
    collector: Collector,
    measure: str | None = None,
) -> None:
    """An error at each key not in `allowed`, with a did-you-mean and what the mapping holds instead."""
    for key, item in items.items():
        if key not in allowed:
            collector.error(
                Finding(
                    f"unknown key '{key}'{did_you_mean(key, allowed)}{split_number(key)}; {holds}",
                    path,
                    item.line,
                    column=item.column,
                    measure=measure,
                    code="unknown-key",
                )
            )


def split_number(key: str) -> str:
    """What to say of a key that is digits alone: the rest of a number YAML split at its comma, inside {...}."""
    if not key.replace(".", "", 1).isdigit():
        return ""
    return f" (inside {{...}}, YAML splits a number such as 1,{key} at its comma: quote it, e.g. '1,{key}')"


def _shown_tag(tag: str) -> str:
    return "'" + tag.replace("tag:yaml.org,2002:", "!!") + "'"
