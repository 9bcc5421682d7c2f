"""Counting: both engines agree with each other and with the obvious count, in every
tagged format, with and without filters, groups and pairs."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillmap.aggregate import Filters, frequency_report, load_preset, open_tagged
from skillmap.aggregate.filters import combine
from tests.tagged_fixture import CATEGORY_COLUMNS, ROWS, expected_counts, frame, write

FILTER_CASES = {
    "none": Filters(),
    "hra": load_preset("hra-2025").to_filters(),
    "mixed": combine(Filters(), ev_related=True, max_education="associate", include_soc=["47", "49-9"], since="2023-01",
                     where=["region!=Orange County"]),
}


def _full(report) -> dict:
    data = report.to_dict()
    data["all_groups"] = {by: table.to_dict() for by, table in report.groups.items()}
    return data


@pytest.mark.parametrize("case", sorted(FILTER_CASES))
def test_engines_agree_in_every_format(tagged_file, case):
    kwargs = dict(filters=FILTER_CASES[case], by="region", extra_groupings=("soc_code", "month"), pairs=True, top=0)
    pandas = frequency_report(tagged_file, engine="pandas", **kwargs)
    duck = frequency_report(tagged_file, engine="duckdb", **kwargs)
    assert _full(pandas) == _full(duck)
    assert pandas.postings == duck.postings > 0


def test_duckdb_grouping_sets_path_agrees(tagged_parquet, monkeypatch):
    from skillmap.aggregate import duck

    kwargs = dict(by="region", extra_groupings=("soc_code", "month"), top=0)
    finest = _full(frequency_report(tagged_parquet, engine="duckdb", **kwargs))
    monkeypatch.setattr(duck, "FINEST_GROUPING_MAX", 0)
    assert _full(frequency_report(tagged_parquet, engine="duckdb", **kwargs)) == finest
    assert finest == _full(frequency_report(tagged_parquet, engine="pandas", **kwargs))


def test_counts_are_the_obvious_counts(tagged_file):
    report = frequency_report(tagged_file, top=0, engine="duckdb")
    expected = expected_counts(ROWS)
    assert report.postings == len(ROWS)
    for category, rows in report.categories.items():
        assert {s.id: (s.count, s.required, s.preferred) for s in rows} == expected[category]
        assert [s.count for s in rows] == sorted((s.count for s in rows), reverse=True)
        for s in rows:
            assert s.share == s.count / len(ROWS)


def test_groups_partition_the_postings(tagged_parquet):
    report = frequency_report(tagged_parquet, by="region", top=0)
    table = report.groups["region"]
    assert sum(g.postings for g in table.groups) == report.postings
    assert {g.value: g.postings for g in table.groups} == {"Los Angeles County": 7, "Orange County": 4, None: 1}
    for category, overall in report.categories.items():
        for i, skill in enumerate(overall):
            assert sum(g.categories[category][i].count for g in table.groups) == skill.count


def test_pairs_count_lift_and_skip_parent_child(tagged_parquet):
    report = frequency_report(tagged_parquet, pairs=True, top=0)
    pairs = {(p.a, p.b): p for p in report.pairs}
    assert ("cdl", "drivers_license") not in pairs  # a child implies its parent
    sets = [set(r["specialized_skills"]) | set(r["common_skills"]) | set(r["qualifications"]) for r in ROWS]
    together = Counter(pair for s in sets for pair in combinations(sorted(s), 2))
    single = Counter(skill for s in sets for skill in s)
    communication_license = pairs[("communication", "drivers_license")]
    assert communication_license.count == together[("communication", "drivers_license")] == 4
    assert communication_license.lift == pytest.approx(4 * 12 / (single["communication"] * single["drivers_license"]))
    assert [p.count for p in report.pairs] == sorted((p.count for p in report.pairs), reverse=True)


def test_duplicate_ids_in_a_list_count_once(tmp_path):
    rows = [dict(ROWS[0], specialized_skills=["evse_service", "evse_service"])]
    for engine in ("pandas", "duckdb"):
        report = frequency_report(write(rows, tmp_path / "d.parquet", "parquet"), engine=engine)
        assert report.categories["specialized"][0].count == 1


def test_directory_of_parts_and_mentions_file_skipped(tmp_path):
    parts = tmp_path / "tagged"
    parts.mkdir()
    write(ROWS[:5], parts / "part-0.parquet", "parquet")
    write(ROWS[5:], parts / "part-1.parquet", "parquet")
    write([{"id": "p01", "skill": "evse_service", "category": "specialized", "requirement": "required"}],
          parts / "mentions.parquet", "parquet")
    (parts / "tagged.parquet.rejects.jsonl").write_text('{"line": 3, "code": "E704"}\n')  # the tagger's rejects
    source = open_tagged(parts)
    assert [p.name for p in source.skipped] == ["mentions.parquet"]
    assert [p.name for p in source.files] == ["part-0.parquet", "part-1.parquet"]
    for engine in ("pandas", "duckdb"):
        assert frequency_report(parts, engine=engine).postings == len(ROWS)


def test_in_memory_dataframe_and_all_empty_lists(tmp_path):
    df = frame()
    assert frequency_report(df, engine="pandas").to_dict() == frequency_report(df, engine="duckdb").to_dict()
    empty = [dict(r, specialized_skills=[], common_skills=[], qualifications=[], required_skills=[], preferred_skills=[]) for r in ROWS]
    path = write(empty, tmp_path / "empty.parquet", "parquet")
    for engine in ("pandas", "duckdb"):
        report = frequency_report(path, engine=engine)
        assert report.postings == len(ROWS) and all(not rows for rows in report.categories.values())


def test_csv_lists_in_any_spelling(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "id,specialized_skills,common_skills,qualifications,required_skills,preferred_skills\n"
        '1,"[""evse_service"", ""hand_tools""]",communication;teamwork,"[\'cdl\', \'drivers_license\']",evse_service|cdl,\n'
        "2,,,drivers_license,,drivers_license\n"
    )
    for engine in ("pandas", "duckdb"):
        report = frequency_report(path, engine=engine, top=0)
        got = {c: {s.id: (s.count, s.required, s.preferred) for s in rows} for c, rows in report.categories.items()}
        assert got == {
            "specialized": {"evse_service": (1, 1, 0), "hand_tools": (1, 0, 0)},
            "common": {"communication": (1, 0, 0), "teamwork": (1, 0, 0)},
            "qualification": {"drivers_license": (2, 0, 1), "cdl": (1, 1, 0)},
        }


def test_synthetic_data_engines_agree():
    from skillmap.aggregate.synthetic import synthetic_table

    df = synthetic_table(3000, seed=3).to_pandas()
    kwargs = dict(filters=FILTER_CASES["hra"], by="soc_code", pairs=True, top=10)
    assert _full(frequency_report(df, engine="pandas", **kwargs)) == _full(frequency_report(df, engine="duckdb", **kwargs))


SKILLS = ["evse_service", "high_voltage", "communication", "drivers_license", "cdl", "osha_card"]
rows_strategy = st.lists(
    st.fixed_dictionaries({
        "spec": st.lists(st.sampled_from(SKILLS[:2]), max_size=3),
        "common": st.lists(st.sampled_from(SKILLS[2:3]), max_size=2),
        "qual": st.lists(st.sampled_from(SKILLS[3:]), max_size=3),
        "req": st.lists(st.sampled_from(SKILLS), max_size=4),
        "pref": st.lists(st.sampled_from(SKILLS), max_size=2),
        "ev": st.booleans(),
        "edu": st.sampled_from([None, "high_school", "associate", "bachelor"]),
        "soc": st.sampled_from([None, "47-2111", "53-3032", "49-9071"]),
        "month": st.sampled_from([None, "2022-12", "2023-05", "2024-12", "2025-02"]),
        "region": st.sampled_from([None, "", "A", "B"]),
    }),
    min_size=1, max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows_strategy, fmt=st.sampled_from(["parquet", "csv", "jsonl"]), case=st.sampled_from(sorted(FILTER_CASES)))
def test_property_engines_agree_on_random_tables(tmp_path, rows, fmt, case):
    from tests.tagged_fixture import row

    table = [row(f"r{i}", spec=r["spec"], common=r["common"], qual=r["qual"], req=r["req"], pref=r["pref"], ev=r["ev"],
                 edu=r["edu"], soc=r["soc"], month=r["month"], region=r["region"]) for i, r in enumerate(rows)]
    path = write(table, tmp_path / f"random.{fmt}", fmt)
    kwargs = dict(filters=FILTER_CASES[case], by="region", pairs=True, top=0)
    pandas = frequency_report(path, engine="pandas", **kwargs)
    duck = frequency_report(path, engine="duckdb", **kwargs)
    assert _full(pandas) == _full(duck)
    if case == "none":
        expected = expected_counts(table)
        for category in CATEGORY_COLUMNS:
            assert {s.id: (s.count, s.required, s.preferred) for s in duck.categories[category]} == expected[category]


def test_synthetic_parquet_is_written_in_chunks(tmp_path):
    import pyarrow.parquet as pq

    from skillmap.aggregate.synthetic import write_synthetic_parquet
    from skillmap.io.schema import SKILL_LIST_COLUMNS

    path = write_synthetic_parquet(tmp_path / "s.parquet", 2500, chunk=1000)
    table = pq.read_table(path)
    assert table.num_rows == 2500 and len(set(table.column("id").to_pylist())) == 2500
    assert set(SKILL_LIST_COLUMNS.values()) | {"required_skills", "preferred_skills", "ev_related", "month"} <= set(table.column_names)
    assert frequency_report(path, engine="duckdb").to_dict() == frequency_report(path, engine="pandas").to_dict()
