"""Bad input gives typed errors naming the file and column; diff statistics are right."""

from __future__ import annotations

import math

import pytest

from skillmap.aggregate import (
    benjamini_hochberg,
    diff_report,
    frequency_report,
    open_tagged,
    two_proportion_z,
)
from skillmap.aggregate.diff import fisher_exact
from skillmap.errors import ReportError
from tests.tagged_fixture import ROWS, frame, write


def error_of(fn, *args, **kwargs) -> ReportError:
    with pytest.raises(ReportError) as err:
        fn(*args, **kwargs)
    return err.value


def test_missing_file_and_empty_directory(tmp_path):
    err = error_of(open_tagged, tmp_path / "nope.parquet")
    assert err.code == "E601" and "nope.parquet" in str(err)
    (tmp_path / "empty").mkdir()
    assert error_of(open_tagged, tmp_path / "empty").code == "E601"


def test_unknown_and_mixed_formats(tmp_path):
    (tmp_path / "t.xml").write_text("<x/>")
    assert error_of(open_tagged, tmp_path / "t.xml").code == "E602"
    a = write(ROWS, tmp_path / "a.parquet", "parquet")
    b = write(ROWS, tmp_path / "b.csv", "csv")
    err = error_of(open_tagged, [a, b])
    assert err.code == "E602" and "csv" in str(err) and "parquet" in str(err)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_missing_column_names_file_and_column(tmp_path, fmt):
    rows = [{k: v for k, v in r.items() if k != "qualifications"} for r in ROWS]
    path = write(rows, tmp_path / f"t.{fmt}", fmt)
    err = error_of(frequency_report, path)
    assert err.code == "E603" and str(path) in str(err) and "'qualifications'" in str(err)


def test_filter_and_grouping_columns_must_exist(tagged_parquet, tmp_path):
    rows = [{k: v for k, v in r.items() if k != "month"} for r in ROWS]
    path = write(rows, tmp_path / "nomonth.parquet", "parquet")
    from skillmap.aggregate import Filters

    err = error_of(frequency_report, path, filters=Filters(since="2023-01"))
    assert err.code == "E603" and "'month'" in str(err) and "nomonth.parquet" in str(err)
    err = error_of(frequency_report, tagged_parquet, by="county")
    assert err.code == "E606" and "county" in str(err) and "region" in str(err)
    assert error_of(frequency_report, tagged_parquet, by="qualifications").code == "E606"


def test_mentions_file_named_explicitly(tmp_path):
    path = write([{"id": "p", "skill": "cdl", "category": "qualification", "requirement": "required", "section": "x",
                   "source": "text", "start": 0, "end": 3, "text": "CDL"}], tmp_path / "mentions.parquet", "parquet")
    err = error_of(open_tagged, path)
    assert err.code == "E603" and "per-mention" in str(err)


def test_corrupt_files(tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 this is not parquet")
    assert error_of(open_tagged, bad).code == "E601"
    lines = tmp_path / "bad.jsonl"
    lines.write_text('{"id": 1}\n{not json\n')
    err = error_of(open_tagged, lines)
    assert err.code == "E604" and "line 2" in str(err)


# -- diff ---------------------------------------------------------------------------------------

def test_z_test_matches_chi_square_without_correction():
    from scipy.stats import chi2_contingency

    for c1, n1, c2, n2 in [(30, 100, 45, 110), (5, 400, 19, 380), (120, 1000, 120, 1000)]:
        expected = chi2_contingency([[c1, n1 - c1], [c2, n2 - c2]], correction=False)[1]
        assert two_proportion_z(c1, n1, c2, n2) == pytest.approx(expected, rel=1e-9)
    assert two_proportion_z(0, 10, 0, 12) == 1.0


def test_benjamini_hochberg_known_values():
    p = [0.01, 0.04, 0.03, 0.005]
    # sorted 0.005 0.01 0.03 0.04 -> x4/1, x4/2, x4/3, x4/4 = .02 .02 .04 .04 (monotone)
    assert benjamini_hochberg(p) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert benjamini_hochberg([]) == []
    assert benjamini_hochberg([0.9, 0.95]) == pytest.approx([0.95, 0.95])


def test_diff_of_two_slices(tagged_parquet):
    report = diff_report(tagged_parquet, tagged_parquet, a_where=["region=Los Angeles County"], b_where=["region=Orange County"],
                         top=0, engine="duckdb")
    assert (report.a.postings, report.b.postings) == (7, 4)
    by_id = {d.id: d for rows in report.categories.values() for d in rows}
    license_ = by_id["drivers_license"]
    assert (license_.a_count, license_.b_count) == (4, 1)
    assert license_.difference == pytest.approx(1 / 4 - 4 / 7)
    assert license_.test == "fisher"  # small counts
    assert license_.p_value == pytest.approx(fisher_exact(4, 7, 1, 4))
    assert all(0 <= d.p_value <= d.q_value <= 1 for d in by_id.values())
    assert set(report.to_dict()) == {"a", "b", "min_n", "warnings", "filters", "test", "alpha", "categories"}
    pandas = diff_report(tagged_parquet, tagged_parquet, a_where=["region=Los Angeles County"], b_where=["region=Orange County"],
                         top=0, engine="pandas")
    assert pandas.to_dict() == report.to_dict()


def test_diff_finds_a_real_difference():
    a = [dict(ROWS[0], id=f"a{i}", qualifications=["drivers_license"] if i < 80 else []) for i in range(200)]
    b = [dict(ROWS[0], id=f"b{i}", qualifications=["drivers_license"] if i < 20 else []) for i in range(200)]
    report = diff_report(frame(a), frame(b), test="z", a_label="before", b_label="after")
    top = report.categories["qualification"][0]
    assert top.id == "drivers_license" and top.significant and top.difference == pytest.approx(-0.3)
    assert top.p_value == pytest.approx(math.erfc(abs(-0.3 / math.sqrt(0.25 * 0.75 * 2 / 200)) / math.sqrt(2)))
    evse = {d.id: d for d in report.categories["specialized"]}["evse_service"]
    assert not evse.significant and evse.difference == 0


def test_diff_with_an_empty_side_is_an_error(tagged_parquet):
    err = error_of(diff_report, tagged_parquet, tagged_parquet, b_where=["region=Mars"])
    assert err.code == "E608" and "region=Mars" in str(err)
