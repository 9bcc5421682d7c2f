"""Reports by region: --by state|county|cbsa with readable names, and the hra-2025
preset's LA County scope applied only when the tagged data has county_fips."""

from __future__ import annotations

import pytest

from skillmap.aggregate import frequency_report, load_preset
from skillmap.aggregate.filters import Filters, parse_where
from tests.tagged_fixture import ROWS, write

# p01, p02, p05, p06 are the fixture's "Los Angeles County" rows; p03, p04 Orange County.
PLACES = {"Los Angeles County": ("CA", "06037", "31080"), "Orange County": ("CA", "06059", "31080")}


def _with_locations(tmp_path, fmt):
    rows = []
    for row in ROWS:
        state, county, cbsa = PLACES.get(row["region"], ("TX", "48201", "26420"))
        rows.append({**row, "state": state, "county_fips": county, "cbsa_code": cbsa})
    return write(rows, tmp_path / f"tagged.{fmt}", fmt), rows


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_by_county_groups_by_fips_with_names(tmp_path, engine, fmt):
    path, rows = _with_locations(tmp_path, fmt)
    report = frequency_report(path, by="county", engine=engine)
    assert report.by == "county_fips"
    labels = {g.value: (g.label, g.postings) for g in report.groups["county_fips"].groups}
    la = sum(r["county_fips"] == "06037" for r in rows)
    assert labels["06037"] == ("Los Angeles County, CA", la)
    assert labels["06059"][0] == "Orange County, CA"


@pytest.mark.parametrize(("by", "value", "label"), [("cbsa", "31080", "Los Angeles-Long Beach-Anaheim, CA"),
                                                    ("state", "CA", "California")])
def test_by_cbsa_and_state_have_names(tmp_path, by, value, label):
    path, _ = _with_locations(tmp_path, "parquet")
    report = frequency_report(path, by=by)
    grouped = report.groups[report.by].groups
    assert {g.value: g.label for g in grouped}[value] == label


def test_preset_scope_applies_when_county_fips_exists(tmp_path):
    path, rows = _with_locations(tmp_path, "parquet")
    scope_only = Filters(scope=(parse_where("county_fips=06037"),))
    assert frequency_report(path, filters=scope_only).postings == sum(r["county_fips"] == "06037" for r in rows)
    preset = load_preset("hra-2025").to_filters()
    assert [str(w) for w in preset.scope] == ["county_fips=06037"]
    applied = frequency_report(path, filters=preset).to_dict()["filters"]
    assert "county_fips=06037" in applied["where"]


def test_preset_scope_is_dropped_without_the_column(tagged_parquet):
    scope_only = Filters(scope=(parse_where("county_fips=06037"),))
    assert frequency_report(tagged_parquet, filters=scope_only).postings == len(ROWS)
