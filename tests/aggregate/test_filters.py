"""The HR&A methodology as filters: each one keeps exactly the postings its documentation
says, in both engines; the hra-2025 preset names real SOC codes and the report's words."""

from __future__ import annotations

import csv

import pytest

from skillmap.aggregate import Filters, combine, frequency_report, list_presets, load_preset
from skillmap.aggregate.filters import soc_prefix, soc_structure
from skillmap.errors import ReportError
from skillmap.taxonomy import data_path
from tests.tagged_fixture import ROWS, frame, write


def kept(filters: Filters, rows=ROWS, engine="duckdb") -> set[str]:
    """Ids of the postings a filter keeps (grouping by id)."""
    report = frequency_report(frame(rows), filters=filters, by="id", engine=engine)
    return {g.value for g in report.groups["id"].groups}


CASES = [
    ("ev_related column", Filters(ev_related=True), {"p01", "p02", "p03", "p05", "p06", "p08", "p09", "p10", "p12"}),
    ("ev_related plus high voltage", Filters(ev_related=True, ev_skills_extra=("high_voltage",)),
     {"p01", "p02", "p03", "p04", "p05", "p06", "p08", "p09", "p10", "p12"}),
    ("below a bachelor's, unstated eligible", Filters(max_education="associate"),
     {"p01", "p02", "p03", "p04", "p06", "p07", "p09", "p10", "p11", "p12"}),
    ("below a bachelor's, unstated excluded", Filters(max_education="associate", education_unstated_eligible=False),
     {"p02", "p03", "p04", "p09", "p10", "p12"}),
    ("exclude detailed codes", Filters(exclude_soc=("37-2011", "53-3032", "29-1141")),
     {"p01", "p02", "p03", "p04", "p05", "p08", "p09", "p10", "p12"}),
    ("exclude a minor group", Filters(exclude_soc=("49-0000",)), {"p03", "p04", "p06", "p07", "p08", "p09", "p11", "p12"}),
    ("include a prefix", Filters(include_soc=("47-2111", "49-90")), {"p01", "p02", "p03", "p04", "p12"}),
    ("months inclusive, no month dropped", Filters(since="2023-06", until="2024-06"),
     {"p02", "p03", "p05", "p06", "p07", "p11"}),
    ("year bounds", Filters(since="2024", until="2024"), {"p03", "p04", "p05", "p06", "p11", "p12"}),
    ("where equals alternatives", Filters(where=(combine(where=["region=Orange County|Nowhere"]).where)),
     {"p03", "p04", "p09", "p10"}),
    ("where not equal keeps missing", Filters(where=combine(where=["region!=Los Angeles County"]).where),
     {"p03", "p04", "p07", "p09", "p10"}),
    ("where ordering on text", Filters(where=combine(where=["month>=2024-08"]).where), {"p04", "p09", "p12"}),
]


@pytest.mark.parametrize(("name", "filters", "expected"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_each_filter_keeps_the_documented_postings(name, filters, expected, engine):
    assert kept(filters, engine=engine) == expected


def test_ev_related_falls_back_to_the_taxonomy_when_the_column_is_missing():
    rows = [{k: v for k, v in r.items() if k != "ev_related"} for r in ROWS]
    with_column = kept(Filters(ev_related=True))
    assert kept(Filters(ev_related=True), rows) == with_column


def test_funnel_applies_filters_in_order(tagged_parquet):
    report = frequency_report(tagged_parquet, filters=load_preset("hra-2025").to_filters())
    steps = [name for name, _ in report.funnel]
    assert steps == ["input", "ev_related", "max_education", "exclude_soc", "months"]
    counts = [n for _, n in report.funnel]
    assert counts == sorted(counts, reverse=True) and counts[0] == len(ROWS)
    # p01 p02 p03 p04(high voltage) p06 p09 p10 p12 pass EV and education; p06 is a truck
    # driver; p09 (2025-01) and p10 (no month) fall outside 2023-2024.
    assert counts[1:] == [10, 8, 7, 5]
    assert report.postings == 5 and report.notes == report.warnings  # no step emptied; only the minimum-n warning
    assert len(report.warnings) == 1 and "fewer than the minimum of 30" in report.warnings[0]


def test_a_step_that_drops_everything_is_noted():
    rows = [dict(r, month=None) for r in ROWS]
    report = frequency_report(frame(rows), filters=Filters(since="2023-01"))
    assert report.postings == 0 and "months" in report.notes[0] and "dates" in report.notes[0]


def test_soc_prefixes():
    assert soc_prefix("53-0000") == "53-"
    assert soc_prefix("53-3000") == "53-3"
    assert soc_prefix("53-3030") == "53-303"
    assert soc_prefix("49-9094") == "49-9094"
    assert soc_prefix("29-114") == "29-114"


def test_options_add_to_a_preset():
    base = load_preset("hra-2025").to_filters()
    combined = combine(base, exclude_soc=["41-2031,41-2011"], max_education="high_school", ev_skills_extra=["electrical_systems"])
    assert combined.exclude_soc[-2:] == ("41-2031", "41-2011") and set(base.exclude_soc) < set(combined.exclude_soc)
    assert combined.max_education == "high_school" and combined.since == "2023-01"
    assert combined.ev_skills_extra == ("high_voltage", "electrical_systems")
    assert combine(base, ev_related=False).ev_related is False
    assert combine(None, ev_skills_extra=["high_voltage"]).ev_related is True


def test_hra_preset_follows_the_report():
    assert "hra-2025" in list_presets()
    preset = load_preset("hra-2025")
    f = preset.to_filters()
    assert f.ev_related and f.max_education == "associate" and f.education_unstated_eligible
    assert (f.since, f.until) == ("2023-01", "2024-12")
    structure = soc_structure()
    with open(data_path("soc/soc2018_structure.csv"), encoding="utf-8") as handle:
        detailed = {r["code"] for r in csv.DictReader(handle) if r["Hierarchical_structure"] == "Detailed"}
    assert set(f.exclude_soc) <= detailed
    for code, title in preset.soc_titles.items():
        assert structure[code] == title
    assert set(preset.soc_titles) == set(f.exclude_soc)
    titles = " ".join(preset.soc_titles.values())
    for occupation in ("Janitors", "Locksmiths", "Parking Attendants", "Registered Nurses", "Truck Drivers", "Taxi Drivers"):
        assert occupation in titles
    assert {"37-2011", "49-9094", "53-6021", "29-1141", "53-3032", "53-3033", "53-3053", "53-3054", "53-3031"} <= set(f.exclude_soc)
    assert "less than a Bachelor’s degree" in preset.quotes["max_education"]
    assert "Janitors and cleaners, locksmiths, parking attendants, nurses, drivers" in " ".join(preset.quotes["exclude_soc"].split())


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"max_education": "phd"}, "--max-education"),
        ({"exclude_soc": ("99-9999",)}, "not a SOC 2018 code"),
        ({"include_soc": ("electricians",)}, "--include-soc"),
        ({"since": "2024-13"}, "--since"),
        ({"since": "2024-05", "until": "2024-01"}, "after --until"),
    ],
)
def test_bad_filters_are_typed_errors(kwargs, fragment):
    with pytest.raises(ReportError) as err:
        Filters(**kwargs)
    assert err.value.code == "E605" and fragment in str(err.value)


def test_bad_where_preset_and_ev_skill():
    with pytest.raises(ReportError, match="COLUMN=VALUE"):
        combine(where=["region"])
    with pytest.raises(ReportError, match="no such preset"):
        load_preset("nope-2030")
    with pytest.raises(ReportError, match="not a skill id"):
        frequency_report(frame(), filters=Filters(ev_related=True, ev_skills_extra=("warp_drive",)))


def test_preset_file_is_validated(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("name: mine\ntitle: t\nsource: s\nfilters:\n  max_educaton: associate\n")
    with pytest.raises(ReportError) as err:
        load_preset(bad)
    assert "max_educaton" in str(err.value) and err.value.code == "E605"
    good = tmp_path / "good.yaml"
    good.write_text("name: mine\ntitle: t\nsource: s\nfilters:\n  include_soc: ['47-2111']\n  where: ['region=Orange County']\n")
    assert kept(load_preset(good).to_filters()) == {"p03", "p04"}


def test_education_values_outside_the_schema_are_reported(tmp_path):
    rows = [dict(ROWS[0], education_level="PhD-ish")] + ROWS[1:]
    path = write(rows, tmp_path / "odd.parquet", "parquet")
    for engine in ("pandas", "duckdb"):
        with pytest.raises(ReportError) as err:
            frequency_report(path, filters=Filters(max_education="associate"), engine=engine)
        assert err.value.code == "E604" and "education_level" in str(err.value) and "odd.parquet" in str(err.value)
