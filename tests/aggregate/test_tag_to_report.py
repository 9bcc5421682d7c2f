"""End to end: `skillmap tag` output in every format reports the same counts as the
skills extracted from the postings directly, in both engines."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from skillmap.aggregate import frequency_report

POSTINGS = [
    {"id": "a", "title": "EV Charger Field Technician", "date": "2024-03-05", "region": "LA",
     "text": "Troubleshoot and repair DC fast chargers. Valid driver's license required. EVITP a plus."},
    {"id": "b", "title": "Journeyman Electrician", "date": "2024-04-01", "region": "OC",
     "text": "Install Level 2 EV chargers and run conduit. OSHA 10 card required. Lift 50 lbs."},
    {"id": "c", "title": "Automotive Technician", "date": "2023-11-20", "region": "LA",
     "text": "Diagnose hybrid and electric vehicle high-voltage systems. ASE certification required."},
    {"id": "d", "title": "Warehouse Associate", "date": "2024-01-10", "region": "OC",
     "text": "Forklift certification required. Good communication skills."},
]


@pytest.fixture(scope="module")
def tagged(tmp_path_factory, sm):
    from skillmap.batch.job import tag

    folder = tmp_path_factory.mktemp("tag")
    source = folder / "postings.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in POSTINGS))
    outputs = {}
    for fmt in ("parquet", "csv", "jsonl"):
        outputs[fmt] = folder / f"tagged.{fmt}"
        tag(inputs=[source], output=outputs[fmt], workers=1, pipeline=sm, work_dir=folder / f"work-{fmt}")
    return outputs


def test_tagged_output_reports_the_extracted_counts(tagged, sm):
    expected = {"specialized": Counter(), "common": Counter(), "qualification": Counter()}
    for posting in POSTINGS:
        for category, ids in sm.extract(posting["text"], title=posting["title"]).by_category().items():
            expected[category].update(ids)
    results = []
    for fmt, path in tagged.items():
        for engine in ("pandas", "duckdb"):
            report = frequency_report(path, engine=engine, top=0, by="region", extra_groupings=("month", "soc_code"))
            got = {c: {s.id: s.count for s in rows} for c, rows in report.categories.items()}
            assert got == {c: dict(v) for c, v in expected.items()}, (fmt, engine)
            assert report.postings == len(POSTINGS)
            data = report.to_dict()
            # Only the Parquet output records what tagged it; the counts agree everywhere.
            assert len(data.pop("provenance")["tagged_by"]) == (fmt == "parquet"), fmt
            results.append({**data, "all": {k: v.to_dict() for k, v in report.groups.items()}})
    assert all(r == results[0] for r in results)
    months = {g["value"] for g in results[0]["all"]["month"]["values"]}
    assert months == {"2024-03", "2024-04", "2023-11", "2024-01"}
