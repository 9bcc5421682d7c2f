"""End to end on the example programs (examples/programs): tag the bundled demo postings,
compare every program, and check that coverage, gaps and surplus agree with the demand
table the comparison reports."""

from __future__ import annotations

import json

import pytest

from skillmap.curriculum.commands import compare

from .conftest import EXAMPLE_PROGRAMS

PROGRAM_FILES = sorted(p for p in EXAMPLE_PROGRAMS.glob("*.md") if p.name != "README.md")


@pytest.fixture(scope="module")
def tagged(sm, tmp_path_factory):
    """The demo postings, tagged in memory (the `skillmap tag` column contract)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from skillmap.aggregate import tagged_rows
    from skillmap.demo import demo_postings_path

    records = [json.loads(line) for line in demo_postings_path().read_text().splitlines() if line.strip()]
    rows = tagged_rows(records, sm)
    path = tmp_path_factory.mktemp("demand") / "tagged.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path, len(rows)


def check_consistent(doc: dict, postings: int) -> None:
    min_share = doc["min_share"]
    demand = {row["id"]: row for row in doc["demand"]}
    taught = set(doc["taught"])
    demanded = {s for s, row in demand.items() if row["share"] >= min_share}
    assert {s for s, row in demand.items() if row["demanded"]} == demanded
    for row in demand.values():
        assert row["share"] == pytest.approx(row["count"] / postings)
    total = sum(demand[s]["share"] for s in demanded)
    assert doc["coverage"] == pytest.approx(sum(demand[s]["share"] for s in demanded & taught) / total)
    for category, value in doc["coverage_by_category"].items():
        in_category = {s for s in demanded if demand[s]["category"] == category}
        weight = sum(demand[s]["share"] for s in in_category)
        assert value == (pytest.approx(sum(demand[s]["share"] for s in in_category & taught) / weight) if weight else None)
    assert {g["id"] for g in doc["gaps"]} == demanded - taught
    for gap in doc["gaps"]:
        assert gap["demand_share"] == pytest.approx(demand[gap["id"]]["share"]) and gap["id"] not in taught
    for item in doc["surplus"]:
        assert item["id"] in taught and item["id"] not in demanded
        assert item["demand_share"] < min_share or item["count"] == 0
    assert not set(doc["prerequisites"]) & taught


def test_examples_are_marked_illustrative():
    assert len(PROGRAM_FILES) == 6
    for path in PROGRAM_FILES:
        assert "Illustrative rewrite" in path.read_text(), path.name


@pytest.mark.parametrize("path", PROGRAM_FILES, ids=[p.stem for p in PROGRAM_FILES])
def test_each_example_program(sm, tagged, path):
    demand, postings = tagged
    outcome = compare(syllabi=[path], demand=[demand], fmt="json", sm=sm, min_share=0.2)
    doc = json.loads(outcome.data)
    assert doc["postings"] == postings and doc["taught"] and not doc["problems"]
    check_consistent(doc, postings)


def test_catalog_of_example_programs(sm, tagged):
    demand, postings = tagged
    specs = [f"{p.stem}={p}" for p in PROGRAM_FILES]
    doc = json.loads(compare(programs=specs, demand=[demand], fmt="json", sm=sm).data)
    coverages = [r["coverage"] for r in doc["ranking"]]
    assert coverages == sorted(coverages, reverse=True) and len(coverages) == 6
    for program in doc["programs"]:
        check_consistent(program | {"demand": doc["demand"], "min_share": doc["min_share"]}, postings)
    by_name = {p["program"]: p for p in doc["programs"]}
    # The EVSE technician programs teach charger service; the automotive one does not.
    assert "evse_service" in by_name["laci_evse_technician"]["taught"]
    assert "evse_service" not in by_name["cerritos_alternative_fuels"]["taught"]
    assert "drivers_license" in by_name["pcc_evse_apprenticeship"]["prerequisites"]
    assert "high_voltage" in by_name["chargerhelp_evse_technician"]["not_taught"]


def test_synthetic_demand_with_filters(sm, tmp_path):
    import pyarrow.parquet as pq

    from skillmap.aggregate.synthetic import synthetic_table

    path = tmp_path / "synthetic.parquet"
    pq.write_table(synthetic_table(1500, seed=7), path)
    outcome = compare(syllabi=[EXAMPLE_PROGRAMS / "laci_evse_technician.md"], demand=[path], fmt="json", sm=sm,
                      ev_related=True, occupations=["49-"])
    doc = json.loads(outcome.data)
    check_consistent(doc, doc["postings"])
    assert doc["filters"]["occupations"] == ["49-"] and doc["postings"] < 1500
