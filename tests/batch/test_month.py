"""`month` is a typed date (first of the month) in tagged output, and reports still group,
filter and compare it as YYYY-MM with both engines."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from skillmap.aggregate import Filters, frequency_report
from skillmap.aggregate.filters import combine
from skillmap.batch import tag

from .conftest import make_postings, write_jsonl


@pytest.fixture
def tagged(sm, tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, make_postings(24))  # posted 2024-01-01 .. 2024-12-12, two of each month
    tag(inputs=[source], output=tmp_path / "out.parquet", pipeline=sm, workers=1, chunk_size=10)
    return tmp_path / "out.parquet"


def test_month_is_a_date_column_holding_the_first_of_the_month(tagged):
    assert pq.read_schema(tagged).field("month").type == pa.date32()
    months = pq.read_table(tagged, columns=["month"]).column("month").to_pylist()
    assert months[:3] == [dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)]


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
@pytest.mark.parametrize(
    ("filters", "postings"),
    [
        (combine(Filters(), where=["month>=2024-11"]), 4),
        (combine(Filters(), where=["month<=2024-02"]), 4),  # "2024-02-01" <= "2024-02" as text would fail
        (combine(Filters(), where=["month=2024-03"]), 2),
        (combine(Filters(), since="2024-06", until="2024-07"), 4),
    ],
)
def test_reports_compare_a_date_month_as_yyyy_mm(tagged, engine, filters, postings):
    report = frequency_report(tagged, filters=filters, engine=engine, by="month", min_n=1)
    assert report.postings == postings
    assert all(len(g.value) == 7 for g in report.groups["month"].groups)


def test_month_groups_agree_across_engines_and_read_yyyy_mm(tagged):
    pandas = frequency_report(tagged, engine="pandas", by="month", min_n=1).to_dict()
    duck = frequency_report(tagged, engine="duckdb", by="month", min_n=1).to_dict()
    assert pandas["groups"] == duck["groups"]
    assert [g["value"] for g in pandas["groups"]["values"]][:2] == ["2024-01", "2024-02"]


def test_csv_and_jsonl_outputs_write_the_iso_date(sm, tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, make_postings(2))
    for name in ("out.csv", "out.jsonl"):
        tag(inputs=[source], output=tmp_path / name, pipeline=sm, workers=1)
        assert "2024-01-01" in (tmp_path / name).read_text()
        report = frequency_report(tmp_path / name, by="month", min_n=1)
        assert [g.value for g in report.groups["month"].groups] == ["2024-01", "2024-02"]


def test_an_input_month_column_is_not_duplicated_and_a_note_says_so(sm, tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"id": "a", "text": "Install EV chargers.", "month": "2024-05", "posted": "2023-01-09"}])
    summary = tag(inputs=[source], output=tmp_path / "out.parquet", pipeline=sm, workers=1)
    [row] = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert row["month"] == dt.date(2024, 5, 1) and "input_month" not in row and row["posted"] == "2023-01-09"
    assert any("'month' gives `month`" in note and "not passed through" in note for note in summary.notes)
