"""In-memory tagged rows from extraction results follow the column contract."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from skillmap.aggregate import frequency_report, tagged_rows
from skillmap.demo import demo_postings_path
from skillmap.io.schema import POSTING_COLUMNS


def test_demo_postings_become_tagged_rows(sm):
    postings = [json.loads(line) for line in demo_postings_path().read_text().splitlines() if line.strip()]
    rows = tagged_rows(postings, sm)
    assert len(rows) == len(postings) - 1  # demo-08 has no text
    by_id = {r["id"]: r for r in rows}
    for row in rows:
        assert set(POSTING_COLUMNS) <= set(row) and "text" not in row
        demanded = set(row["specialized_skills"]) | set(row["common_skills"]) | set(row["qualifications"])
        assert set(row["required_skills"]) | set(row["preferred_skills"]) <= demanded
        assert not set(row["required_skills"]) & set(row["preferred_skills"])
    first = by_id["demo-01"]
    assert first["region"] == "Los Angeles County" and first["month"] == dt.date(2024, 3, 1) and first["ev_related"]
    assert "sae_evse_certification" in first["preferred_skills"] and "drivers_license" in first["required_skills"]
    assert not by_id["demo-06"]["ev_related"]  # EVs only in the company description
    report = frequency_report(pd.DataFrame(rows), by="region")
    assert report.postings == len(rows) and report.groups["region"].groups[0].value == "Los Angeles County"
    assert frequency_report(rows).to_dict() == frequency_report(pd.DataFrame(rows)).to_dict()
