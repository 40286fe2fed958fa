"""Loading rule files (one YAML file or a folder of them) into `Rule`s, reporting every problem with its line.

What keys exist and how each is read lives in `keys`; this module applies a file's `defaults`,
checks keys against the kind of measure, and checks the rules against each other.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from ragcalc.errors import Collector, Finding, InputError, Reporter, did_you_mean
from ragcalc.inputs import inforce, inputmap, keys, parsers, reportkeys
from ragcalc.inputs.files import read_text
from ragcalc.inputs.inforce import ByPeriod
from ragcalc.inputs.inputmap import InputMap
from ragcalc.inputs.numbers import NegativeNumber, target_problem
from ragcalc.inputs.reportkeys import ReportSettings
from ragcalc.inputs.schemes import scheme_problems
from ragcalc.inputs.yamltree import Item, load_yaml, split_number, unknown_keys
from ragcalc.rating.model import DirectionRule, Location, Rule, Target
from ragcalc.rating.options import SpcSettings
from ragcalc.rating.vocabulary import Kind

ZERO = Decimal(0)

TOP_KEYS = ("defaults", "measures", "input", "report")


def rule_paths(path: str) -> list[str]:
    """The rule files named by --rules: the file itself, or a folder's *.yaml / *.yml in sorted order."""
    if os.path.isdir(path):
        found = sorted(
            os.path.join(path, name) for name in os.listdir(path) if name.lower().endswith((".yaml", ".yml"))
        )
        if not found:
            raise InputError(
                "no rule files (*.yaml, *.yml) in this folder; give --rules a rule file or folder",
                path,
                code="unreadable",
            )
        return found
    if not os.path.exists(path):
        raise InputError(
            "rules not found; give --rules a rule file or a folder of them (default ./rules)", path, code="unreadable"
        )
    return [path]


def unknown_id(measure_id: str, known: Iterable[str]) -> str:
    """What to say of an id in a quarter or history file that no rule defines."""
    return f"no rule defines this id{did_you_mean(measure_id, known)}; fix the id or add the measure to the rules"


class RuleSet(NamedTuple):
    """The rules that loaded cleanly, in file order, and every id the files declare (loaded or not)."""

    rules: list[Rule]
    declared: frozenset[str]
    files: list[str]
    input_map: InputMap | None = None  # the `input:` mapping one of the files holds, if any
    report: ReportSettings = ReportSettings()  # the `report:` settings one of the files holds, if any


def load_rules(path: str | Sequence[str], collector: Collector) -> RuleSet:
    """Every rule under `path` (a rule file or folder, or several); problems in any file go to `collector` and the
    other files are still read. Ids are unique across all of them."""
    rules: list[Rule] = []
    first_seen: dict[str, Location] = {}
    files = [file for each in ([path] if isinstance(path, str) else path) for file in rule_paths(each)]
    maps: list[tuple[InputMap, int]] = []
    settings: list[ReportSettings] = []
    for file in files:
        try:
            found = _load_file(file, collector, maps, settings)
        except InputError as exc:
            collector.error(exc.finding)
            continue
        for measure_id, location, rule in found:
            earlier = first_seen.setdefault(measure_id, location)
            if earlier is not location:
                where = earlier.file + (f":{earlier.line}" if earlier.line else "")
                collector.error(
                    Finding(
                        f"duplicate id (first defined at {where}); ids must be unique",
                        location.file,
                        location.line,
                        column=location.column,
                        measure=measure_id,
                        code="duplicate-id",
                    )
                )
            elif rule is not None:
                rules.append(rule)
    if len(settings) > 1:
        collector.error(Finding(f"report: a second report: section (the first is in {settings[0].source}); keep one",
                                settings[1].source, code="structure"))  # fmt: skip
    return RuleSet(
        rules, frozenset(first_seen), files, inputmap.one_of(maps, collector), next(iter(settings), ReportSettings())
    )


def _load_file(
    path: str, collector: Collector, maps: list[tuple[InputMap, int]], settings: list[ReportSettings]
) -> list[tuple[str, Location, Rule | None]]:
    """Each measure's id and place, with its Rule when it loaded cleanly; an `input:` mapping goes to `maps`, the
    `report:` settings to `settings`."""
    report = Reporter(collector, path)
    root = load_yaml(path, read_text(path), collector)
    if root is None:
        report.error("is empty; a rule file needs a 'measures:' list", code="structure")
        return []
    if not root.is_mapping:
        report.error(
            "expected 'measures:' (and optional 'defaults:') at the top of a rule file", at=root.line, code="structure"
        )
        return []
    top = root.mapping()
    unknown_keys(path, top, TOP_KEYS, "a rule file holds 'defaults', 'measures', 'input' and 'report'", collector)
    if "report" in top:
        found_settings = reportkeys.parse(top["report"], report)
        settings += [found_settings] if found_settings is not None else []
    if "input" in top:
        found_map = inputmap.parse(top["input"], report)
        if found_map is not None:
            maps.append((found_map, top["input"].line))
    defaults: dict[str, Item] = {}
    if "defaults" in top:
        defaults = _defaults(top["defaults"], report)
    measures = top.get("measures")
    if measures is None and ("input" in top or "report" in top):  # a file holding only the mapping or settings
        return []
    if measures is None or not measures.is_sequence:
        line = measures.line if measures else root.line
        report.error("'measures:' must be a list of measures (each starting '- id: ...')", at=line, code="structure")
        return []
    found, starts = [], _Defaults(path, defaults)
    for item in measures.sequence():
        measure_id, rule = _rule(item, starts, report)
        if measure_id is not None:
            found.append((measure_id, Location(path, item.line, item.column), rule))
    return found


def _defaults(item: Item, report: Reporter) -> dict[str, Item]:
    if not item.is_mapping:
        report.error("'defaults:' must be a mapping of keys that measures may have", at=item.line, code="structure")
        return {}
    allowed = [f.name for f in keys.FIELDS if f.name != keys.ID]
    out = {}
    for key, value in item.mapping().items():
        if key == keys.ID:
            report.error(
                "defaults: 'id' cannot have a default; each measure needs its own", at=value.line, code="structure"
            )
        elif key not in keys.BY_NAME:
            report.error(
                f"defaults: unknown key '{key}'{did_you_mean(key, allowed)}", at=value.line, code="unknown-key"
            )
        else:
            out[key] = value
    return out


_OWN = (keys.ID, keys.KIND, keys.DIRECTION, keys.SPC)  # keys read apart from the others
_DEFAULTS = {spec.name: spec.default for spec in keys.FIELDS if spec.name not in _OWN}  # a key's value when absent
Base = tuple[dict[str, Item], dict[str, Any]]  # the default keys that apply to a kind of measure, and their values


class _Defaults:
    """The keys under 'defaults:', parsed once per kind of measure rather than once for every measure; and each
    rule, once per way of writing it but for its id and name (a region's 10,000 measures are a few dozen rules)."""

    def __init__(self, path: str, items: dict[str, Item]) -> None:
        self.path, self.items = path, items
        self.bases: dict[Kind | None, Base | None] = {}
        self.settled: dict[Kind | None, tuple[DirectionRule, SpcSettings] | None] = {}
        self.shapes: dict[tuple[Any, ...], Rule] = {}  # a clean rule by its keys as written, its id and name aside

    def base(self, kind: Kind | None) -> Base | None:
        """The default keys a measure of `kind` takes, and their values; None when one of them has an error,
        which each measure then reports as its own."""
        if kind not in self.bases:
            trial = _MeasureReader(Reporter(Collector(), self.path))
            items = {
                key: item
                for key, item in self.items.items()
                if key not in _OWN and (kind is not Kind.PROJECT or keys.BY_NAME[key].projects)
            }
            values = {key: trial.parse(keys.BY_NAME[key], item) for key, item in items.items()}
            self.bases[kind] = (items, values) if trial.report.ok else None
        return self.bases[kind]

    def settings(self, kind: Kind | None) -> tuple[DirectionRule, SpcSettings] | None:
        """The `direction:` and `spc:` settings of a measure of `kind` that writes neither; None when the defaults'
        have an error, which each measure then reports as its own."""
        if kind not in self.settled:
            trial = _MeasureReader(Reporter(Collector(), self.path))
            made = (_direction(trial, self.items.get(keys.DIRECTION), None, kind),
                    _spc(trial, self.items.get(keys.SPC), None, kind))  # fmt: skip
            self.settled[kind] = made if trial.report.ok else None
        return self.settled[kind]


class _MeasureReader:
    """Reads one measure's keys, each problem reported (`report`, about the measure) at the key's line."""

    def __init__(self, report: Reporter) -> None:
        self.report = report

    def parse(self, field: keys.Field, item: Item, prefix: str = "") -> Any:
        try:
            return field.parse(item)
        except NegativeNumber as exc:
            self.report.error(f"{prefix}{field.name}: {exc}", at=item, code="negative")
        except ValueError as exc:
            self.report.error(f"{prefix}{field.name}: {exc}", at=item, code=field.code)
        return None


def _rule(item: Item, defaults: _Defaults, report: Reporter) -> tuple[str | None, Rule | None]:
    if not item.is_mapping:
        report.error("each measure must be a mapping starting '- id: ...'", at=item, code="structure")
        return None, None
    raw = item.mapping()
    measure_id = None
    if keys.ID not in raw:
        report.error("measure has no 'id'; add one (e.g. id: VS101)", at=item, code="missing-id")
    else:
        try:
            measure_id = parsers.identifier(raw[keys.ID])
        except ValueError as exc:
            report.error(f"id: {exc}", at=raw[keys.ID], code="bad-id")
    reader = _MeasureReader(report.about(measure=measure_id))
    for key, value in raw.items():
        if key not in keys.BY_NAME:
            reader.report.error(
                f"unknown key '{key}'{did_you_mean(key, keys.BY_NAME)}{split_number(key)}", at=value, code="unknown-key"
            )
    shape = _shape(raw) if measure_id is not None and reader.report.ok else None
    known = None if shape is None else defaults.shapes.get(shape)
    if known is not None and measure_id is not None:
        return measure_id, _written_alike(known, measure_id, raw, reader, item, defaults)
    rule = _keyed(raw, measure_id, reader, defaults, item)
    if shape is not None and rule is not None and not rule.changes:
        defaults.shapes[shape] = rule
    return measure_id, rule


def _shape(raw: dict[str, Item]) -> tuple[tuple[str, type, Any, str | None], ...] | None:
    """A measure's keys but its id and name, as written (each scalar's type, value and text); None where one is a
    mapping or a list (such a measure is read in full)."""
    shape = []
    for key, item in raw.items():
        if key not in _NAMING:
            if isinstance(item.value, (dict, list)):
                return None
            shape.append((key, type(item.value), item.value, item.text))
    return tuple(shape)


_NAMING = (keys.ID, keys.NAME)


def _written_alike(
    known: Rule, measure_id: str, raw: dict[str, Item], reader: _MeasureReader, item: Item, defaults: _Defaults
) -> Rule | None:
    """A measure that writes the keys of one read before (`known`) but for its id and name: that rule, with its own
    id, name (else the defaults', else its id) and place. Rules read cleanly only: their checks do not read the id."""
    if keys.NAME in raw:
        name = reader.parse(keys.BY_NAME[keys.NAME], raw[keys.NAME])
        if not reader.report.ok:
            return None
    else:
        base = defaults.base(known.kind)
        name = None if base is None else base[1].get(keys.NAME)
    place = Location(reader.report.file, item.line, item.column)
    return known._replace(id=measure_id, name=name or measure_id, location=place)


def _keyed(
    raw: dict[str, Item], measure_id: str | None, reader: _MeasureReader, defaults: _Defaults, item: Item
) -> Rule | None:
    """A measure's rule from its keys and the defaults, checked; None where it has a problem (reported)."""
    kind_item = raw.get(keys.KIND) or defaults.items.get(keys.KIND)
    kind = reader.parse(keys.BY_NAME[keys.KIND], kind_item) if kind_item else keys.BY_NAME[keys.KIND].default
    base = defaults.base(kind)
    merged: dict[str, Item] = {} if base is None else dict(base[0])
    values: dict[str, Any] = {} if base is None else dict(base[1])
    for key, value in (raw if base is not None else {**defaults.items, **raw}).items():
        spec = keys.BY_NAME.get(key)
        if spec is None or key in _OWN:
            continue
        if kind is Kind.PROJECT and not spec.projects:
            if key in raw:
                reader.report.error(
                    f"{key}: not used by a hand-rated item (kind: project); remove it", at=value, code="wrong-kind"
                )
            continue
        merged[key] = value
        values[key] = reader.parse(spec, value)
    if base is not None and values.get(keys.LABELS) and base[1].get(keys.LABELS) and keys.LABELS in raw:
        try:  # a measure's labels add to the defaults' key by key, as direction settings do
            values[keys.LABELS] = parsers.merged_labels(base[1][keys.LABELS], values[keys.LABELS])
        except ValueError as exc:
            reader.report.error(f"labels: {exc}", at=raw[keys.LABELS], code="bad-labels")
    settled = None if keys.DIRECTION in raw or keys.SPC in raw else defaults.settings(kind)
    direction, spc = settled or (
        _direction(reader, defaults.items.get(keys.DIRECTION), raw.get(keys.DIRECTION), kind),
        _spc(reader, defaults.items.get(keys.SPC), raw.get(keys.SPC), kind),
    )
    if measure_id is None or not reader.report.ok:
        return None

    written = {**_DEFAULTS, **{key: value for key, value in values.items() if value is not None}}
    written[keys.NAME] = written[keys.NAME] or measure_id  # a name's default is worked out: the id
    by_period = {key: written[key] for key in inforce.CHANGING if isinstance(written[key], ByPeriod)}
    written.update({key: value.latest for key, value in by_period.items()})
    no_target = merged[keys.TARGET].text if keys.TARGET in merged and written[keys.TARGET] is None else None
    rule = Rule(
        id=measure_id,
        kind=kind,
        direction=direction,
        spc=spc,
        no_target_text=no_target,
        location=Location(reader.report.file, item.line, item.column),
        **written,
    )
    if by_period:
        return _changing(rule, by_period, merged, reader, item)
    return _check(rule, merged, reader, item)


def _changing(
    rule: Rule, written: dict[str, ByPeriod], items: dict[str, Item], reader: _MeasureReader, measure: Item
) -> Rule | None:
    """A rule whose keys change by period, each stretch of time checked as a rule is (each problem said once)."""
    if rule.polarity is None:
        rule = rule._replace(polarity=inforce.first_polarity(written))
    defaults = {key: keys.BY_NAME[key].default for key in written}
    rule = inforce.changing(rule, written, defaults)
    said: set[str] = set()
    first = rule.changes[1].start
    for change in reversed(rule.changes):  # the latest first, unnamed; an earlier stretch's own problems named
        trial = _MeasureReader(Reporter(Collector(), reader.report.file, measure=rule.id))
        _check(change.rule, items, trial, measure)
        for finding in trial.report.collector.findings:
            if finding.message not in said:
                said.add(finding.message)
                start = change.start
                when = "" if change is rule.changes[-1] else f"from {start}: " if start else f"before {first}: "
                at = Location(finding.file or "", finding.line, finding.column)
                reader.report.error(when + finding.message, at=at, code=finding.code)
    return rule if reader.report.ok else None


def _settings_items(
    reader: _MeasureReader, name: str, default: Item | None, own: Item | None, kind: Kind | None
) -> list[Item]:
    """A mapping of settings (`direction:`, `spc:`) as written: the file's default, then the measure's own; none
    for a hand-rated item, which is told to remove its own."""
    if kind is Kind.PROJECT:
        if own is not None:
            reader.report.error(
                f"{name}: not used by a hand-rated item (kind: project); remove it", at=own, code="wrong-kind"
            )
        return []
    return [item for item in (default, own) if item is not None]


def _direction(reader: _MeasureReader, default: Item | None, own: Item | None, kind: Kind | None) -> DirectionRule:
    settings: dict[str, Any] = {}
    any_change = False
    for item in _settings_items(reader, keys.DIRECTION, default, own, kind):
        written = reader.parse(keys.BY_NAME[keys.DIRECTION], item)
        if written == parsers.ANY_CHANGE:  # the whole rule: no dead band at any target size
            any_change = True
            settings.update(threshold=ZERO, small_target_threshold=ZERO)
        elif written is not None:
            settings.update(_sub_keys(reader, item, keys.DIRECTION, keys.DIRECTION_BY_NAME))
    any_change = any_change and settings["threshold"] == ZERO and settings["small_target_threshold"] == ZERO
    values = {spec.name: _or_default(spec, settings.get(spec.name)) for spec in keys.DIRECTION_FIELDS}
    return DirectionRule(**values, any_change=any_change)


def _spc(reader: _MeasureReader, default: Item | None, own: Item | None, kind: Kind | None) -> SpcSettings:
    """The `spc:` settings: the file's defaults, then the measure's own, key by key."""
    settings: dict[str, Any] = {}
    for item in _settings_items(reader, keys.SPC, default, own, kind):
        if reader.parse(keys.BY_NAME[keys.SPC], item) is not None:
            settings.update(_sub_keys(reader, item, keys.SPC, keys.SPC_BY_NAME))
    return SpcSettings(**{spec.name: _or_default(spec, settings.get(spec.name)) for spec in keys.SPC_FIELDS})


def _sub_keys(reader: _MeasureReader, item: Item, name: str, table: dict[str, keys.Field]) -> dict[str, Any]:
    """The keys of a mapping of settings (`direction:`, `spc:`), each read by its own entry in the key table."""
    settings = {}
    for key, value in item.mapping().items():
        spec = table.get(key)
        if spec is None:
            reader.report.error(f"{name}: unknown key '{key}'{did_you_mean(key, table)}", at=value, code="unknown-key")
        else:
            settings[key] = reader.parse(spec, value, f"{name}: ")
    return settings


def _or_default(spec: keys.Field, value: Any) -> Any:
    """The value read for a key, or the key table's default where the key is absent."""
    return spec.default if value is None else value


def _check(rule: Rule, items: dict[str, Item], reader: _MeasureReader, measure: Item) -> Rule | None:
    """Checks across keys: comparator against polarity, a % target on a non-percent unit, missing polarity,
    and the scheme's keys against each other."""
    target: Target | None = rule.target
    where = items.get("target") or items.get("polarity") or measure
    if target is not None and target.comparator is not None and rule.polarity is None:
        rule = rule._replace(polarity=target.comparator.polarity)  # '>= 90%' says higher is better
    if rule.stretch is not None and rule.stretch.comparator is not None and rule.polarity is None:
        rule = rule._replace(polarity=rule.stretch.comparator.polarity)
    checked: tuple[tuple[str, Target | None], ...] = (("target", target), ("stretch", rule.stretch))
    if rule.targets:  # a region's 50,000 rules have none: nothing more is made for them
        checked += tuple(("targets", written) for _, written in rule.targets)
    for key, written in checked:
        problem = None if written is None else target_problem(written, rule.polarity, rule.unit, key)
        if problem is not None:
            reader.report.error(problem.message, at=items.get(key) or where, code=problem.code)
    if rule.targets and rule.polarity is None and not all(written.ranged for _, written in rule.targets):
        reader.report.error("targets: compared with the value, they need which way is better: add 'polarity: higher' "
                            "or 'polarity: lower'", at=items["targets"], code="missing-polarity")  # fmt: skip
    if rule.profile is not None and not rule.cumulative:
        reader.report.error(
            "profile: only a cumulative measure takes a profile; add 'cumulative: true' or remove it",
            at=items["profile"],
            code="wrong-type",
        )
    if rule.rated_by_value and rule.polarity is None and target is not None and not target.ranged:  # no target: data
        reader.report.error(
            "polarity: missing; add 'polarity: higher' or 'polarity: lower' (which way is better against the target)",
            at=measure,
            code="missing-polarity",
        )
    for message, key in scheme_problems(rule):
        reader.report.error(message, at=items.get(key) or measure, code="scheme")
    return rule if reader.report.ok else None
