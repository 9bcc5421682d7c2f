"""Location normalization: free-text locations to state, county, CBSA and work mode."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from skillmap.datafiles import data_path
from skillmap.errors import TaxonomyError
from skillmap.io.locations import LocationReference, PlaceTables, normalize_location


@pytest.mark.parametrize(
    ("raw", "state", "county", "cbsa"),
    [
        ("Gardena, CA 90248", "CA", "06037", "31080"),
        ("90248", "CA", "06037", "31080"),
        ("Culver City, California", "CA", "06037", "31080"),
        ("Inglewood, CA", "CA", "06037", "31080"),
        ("LA County", "CA", "06037", "31080"),
        ("Los Angeles County, CA", "CA", "06037", "31080"),
        ("Houston, TX", "TX", "48201", "26420"),
        ("San Fransisco, CA", "CA", "06075", "41860"),
        ("St Bonaventure, NY", "NY", "36009", "36460"),
        ("Ft. Lauderdale, FL", "FL", "12011", "33100"),
        ("Lexington, VA", "VA", "51678", None),
        ("St. Louis, MO", "MO", "29510", "41180"),
        ("Town and Country, MO", "MO", "29189", "41180"),
        ("Washington DC", "DC", "11001", "47900"),
        ("Washington, DC", "DC", "11001", "47900"),
        ("New York, New York", "NY", "36061", "35620"),
        ("United States-Ohio-Mayfield Village", "OH", "39035", "17460"),
        ("NYC", "NY", None, "35620"),
        ("TX", "TX", None, None),
        ("idaho", "ID", None, None),
        ("Remote, KY", "KY", None, None),
    ],
)
def test_resolves(raw, state, county, cbsa):
    got = normalize_location(raw)
    assert (got.state, got.county_fips, got.cbsa_code) == (state, county, cbsa)
    assert got.raw == raw


def test_names_come_with_codes():
    got = normalize_location("Gardena, CA 90248")
    assert got.county == "Los Angeles County"
    assert got.cbsa_title == "Los Angeles-Long Beach-Anaheim, CA"


@pytest.mark.parametrize(
    "raw",
    ["Scottsdale, SZ", "Storm Lake, IO", "Various, US", "Multiple states", "Orange County",
     "Seattle, WA/Fremont, CA", "Ohio or North Carolina, USA", "Nowhereville, CA 00000x", ""],
)
def test_unknown_or_ambiguous_stays_null(raw):
    got = normalize_location(raw)
    assert got.county_fips is None and got.cbsa_code is None
    if raw != "Nowhereville, CA 00000x":
        assert got.state is None


def test_unknown_city_keeps_the_state_only():
    got = normalize_location("Nowhereville, CA")
    assert (got.state, got.county_fips, got.cbsa_code) == ("CA", None, None)


def test_places_sharing_a_state_keep_it():
    got = normalize_location("Menlo Park, CA | Los Angeles, CA")
    assert (got.state, got.county_fips) == ("CA", None)


@pytest.mark.parametrize(
    ("raw", "text", "mode"),
    [
        ("Remote (United States)", None, "remote"),
        ("US Remote", None, "remote"),
        ("Hybrid - Costa Mesa, CA", None, "hybrid"),
        ("Burlingame, CA/Seattle, WA/Remote", None, "remote"),
        ("Austin, TX", "This is a fully remote position.", "remote"),
        ("Austin, TX", "We build remote monitoring systems.", None),
        (None, None, None),
    ],
)
def test_work_mode(raw, text, mode):
    assert normalize_location(raw, text).remote == mode


def test_hybrid_location_still_resolves():
    got = normalize_location("Hybrid - Costa Mesa, CA")
    assert (got.state, got.county_fips, got.cbsa_code) == ("CA", "06059", "31080")


def test_broken_reference_data_names_file_row_and_field(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(data_path("geo"), root / "geo")
    aliases = root / "geo" / "place_aliases.csv"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "Gotham,CA,36061,35620\n", encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        LocationReference(root)
    assert caught.value.code == "E103"
    assert "place_aliases.csv -> row" in str(caught.value) and "county_fips" in str(caught.value)


def test_bundled_reference_data_loads():
    ref = LocationReference()
    assert ref.county_names["06037"] == "Los Angeles County"
    assert ref.cbsa_of["06037"] == "31080"
    assert len(ref.county_names) > 3100


@pytest.mark.parametrize(
    ("name", "line", "field"),
    [("zip_counties.csv.gz", "90248,CA,36061\n", "county_fips"),
     ("zip_counties.csv.gz", "9024,CA,06037\n", "zip"),
     ("city_counties.csv.gz", "ZZ,gotham,,0\n", "state"),
     ("city_counties.csv.gz", "CA,gotham,06037,many\n", "zips")],
)
def test_broken_place_tables_name_file_row_and_field(tmp_path, name, line, field):
    root = tmp_path / "data"
    shutil.copytree(data_path("geo"), root / "geo")
    table = root / "geo" / name
    with gzip.open(table, "at", encoding="utf-8") as handle:
        handle.write(line)
    with pytest.raises(TaxonomyError) as caught:
        PlaceTables(LocationReference(root), root)
    assert caught.value.code == "E103"
    assert f"{name} -> row" in str(caught.value) and f"-> {field}" in str(caught.value)


def test_run_time_lookup_needs_no_zipcodes_package():
    # The ZIP and city tables are compiled at build time; decompressing the zipcodes
    # package's data took about 1.3 s of every tag job with a location column.
    code = ("import sys; from skillmap.io.locations import normalize_location as n; "
            "assert n('Gardena, CA 90248').county_fips == '06037'; assert n('Houston, TX').county_fips == '48201'; "
            "print('zipcodes' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_shipped_place_tables_are_what_the_build_tool_writes(tmp_path):
    pytest.importorskip("zipcodes")
    tool = Path(__file__).resolve().parents[2] / "tools" / "prepare_geo_data.py"
    subprocess.run([sys.executable, str(tool), str(tmp_path)], capture_output=True, check=True)
    for name in ("zip_counties.csv.gz", "city_counties.csv.gz"):
        assert (tmp_path / "geo" / name).read_bytes() == data_path(f"geo/{name}").read_bytes(), name
