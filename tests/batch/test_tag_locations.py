"""`skillmap tag` with a location column: detected or named, normalized into state,
county and CBSA columns, the raw column passed through unchanged."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from skillmap.batch import tag
from skillmap.cli import _register, app
from skillmap.errors import BatchError
from skillmap.io.columns import detect_columns

from .conftest import write_jsonl

_register()

TEXT = "Install Level 2 EV chargers. Valid driver's license required."


def _postings(location_key="location"):
    return [
        {"id": "a", "title": "EV Charger Technician", "text": TEXT, location_key: "Gardena, CA 90248"},
        {"id": "b", "title": "Electrician", "text": TEXT + " This is a fully remote position.", location_key: "Remote"},
        {"id": "c", "title": "Electrician", "text": TEXT, location_key: "Scottsdale, SZ"},
        {"id": "d", "title": "Electrician", "text": TEXT, location_key: None},
    ]


def test_location_column_is_detected_and_normalized(sm, tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, _postings())
    tag(inputs=[source], output=tmp_path / "out.parquet", pipeline=sm, workers=1)
    rows = {r["id"]: r for r in pq.read_table(tmp_path / "out.parquet").to_pylist()}
    assert (rows["a"]["state"], rows["a"]["county_fips"], rows["a"]["cbsa_code"]) == ("CA", "06037", "31080")
    assert rows["a"]["county"] == "Los Angeles County"
    assert rows["a"]["location"] == "Gardena, CA 90248"  # raw text kept
    assert rows["b"]["remote"] == "remote" and rows["b"]["state"] is None
    assert rows["c"]["state"] is None and rows["c"]["location"] == "Scottsdale, SZ"
    assert rows["d"]["state"] is None


def test_location_col_names_the_column(sm, tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, _postings("where_it_is"))
    result = CliRunner().invoke(app, ["tag", str(source), "-o", str(tmp_path / "out.parquet"), "--workers", "1",
                                      "--location-col", "where_it_is", "--quiet"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in pq.read_table(tmp_path / "out.parquet").to_pylist()}
    assert rows["a"]["cbsa_title"] == "Los Angeles-Long Beach-Anaheim, CA"


def test_without_a_location_column_the_columns_are_null():
    roles = detect_columns(["id", "title", "text", "where_it_is"])
    assert roles.location is None
    assert detect_columns(["id", "text", "Job_Location"]).location == "Job_Location"


def test_unknown_location_col_is_an_error():
    with pytest.raises(BatchError) as caught:
        detect_columns(["id", "text"], location_col="place")
    assert caught.value.code == "E702" and "--location-col" in str(caught.value)
