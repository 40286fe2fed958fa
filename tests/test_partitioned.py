"""Partitioned runs on Dask (issue 27): the shipped areas example split by area into two files and rated on a
`distributed.LocalCluster` of two workers gives the very scorecard one process gives for the whole file."""

from __future__ import annotations

import csv

import pytest

import ragcalc
from tests.helpers import ROOT

AREAS = ROOT / "examples" / "areas-2022-23.csv"


def _split(folder) -> list[str]:
    with open(AREAS, encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    areas = list(dict.fromkeys(row["area"] for row in rows))
    paths = []
    for part, chosen in enumerate((areas[:1], areas[1:])):
        path = folder / f"part-{part}.csv"
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, list(rows[0]))
            writer.writeheader()
            writer.writerows(row for row in rows if row["area"] in chosen)
        paths.append(str(path))
    return paths


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_two_workers_give_the_one_process_scorecard_of_the_shipped_areas_example(tmp_path):
    distributed = pytest.importorskip("distributed")
    from ragcalc import partitioned

    rules = ragcalc.load_rules(ROOT / "rules")
    whole = ragcalc.evaluate(rules, AREAS)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, distributed.Client(cluster) as client:  # its sockets' teardown warns in distributed itself
        parts = partitioned.evaluate(rules, _split(tmp_path), client=client)
    assert parts.to_dict() == whole.to_dict()
    assert str(parts.summary) == str(whole.summary)


def test_a_finding_names_its_partitions_own_file_and_line(tmp_path):
    pytest.importorskip("dask")
    from ragcalc import partitioned

    good, bad = _split(tmp_path)
    with open(bad, "a", encoding="utf-8") as out:
        out.write("Wakefield,VS101,Q1 2023/24,lots,\n")
    with pytest.raises(ragcalc.RagcalcError) as raised:
        partitioned.evaluate(ragcalc.load_rules(ROOT / "rules"), [good, bad], client=None)
    (finding,) = raised.value.findings
    assert (finding.file, finding.line, finding.measure, finding.code) == (bad, 34, "VS101", "bad-value")


def test_without_dask_the_extra_is_named(monkeypatch, tmp_path):
    import sys

    from ragcalc import partitioned

    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ragcalc.RagcalcError, match=r"pip install 'ragcalc\[dask\]'"):
        partitioned.evaluate(ragcalc.load_rules(ROOT / "rules"), _split(tmp_path))
