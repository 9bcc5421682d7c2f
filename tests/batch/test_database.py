"""`skillmap tag` reads standard input (`-`) and DuckDB or SQLite tables and queries."""

from __future__ import annotations

import io
import json
import sqlite3

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from skillmap.batch import tag
from skillmap.cli import _register, app
from skillmap.errors import BatchError
from skillmap.io.database import export_rows

from .conftest import write_jsonl

_register()
runner = CliRunner()
COLUMNS = ("id", "title", "company", "posted", "location", "text")


def _run(sm, tmp_path, inputs=(), **kwargs):
    return tag(inputs=list(inputs), output=tmp_path / "out.parquet", pipeline=sm, workers=1, chunk_size=5, **kwargs)


def _rows(path):
    return {row["id"]: row for row in pq.read_table(path).to_pylist()}


@pytest.fixture
def sqlite_db(tmp_path, postings):
    path = tmp_path / "exports.sqlite"
    with sqlite3.connect(path) as con:
        con.execute(f"CREATE TABLE jobs ({', '.join(COLUMNS)}, views INTEGER)")
        con.executemany(f"INSERT INTO jobs VALUES ({', '.join('?' * (len(COLUMNS) + 1))})",
                        [tuple(p[c] for c in COLUMNS) + (i,) for i, p in enumerate(postings)])
    con.close()
    return path


@pytest.fixture
def duckdb_db(tmp_path, postings):
    path = tmp_path / "exports.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE jobs (id VARCHAR, title VARCHAR, company VARCHAR, posted DATE, location VARCHAR, "
                "text VARCHAR, views INTEGER)")
    con.executemany("INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [[p[c] for c in COLUMNS] + [i] for i, p in enumerate(postings)])
    con.close()
    return path


@pytest.fixture
def from_file(sm, tmp_path, postings):
    source = tmp_path / "file" / "in.jsonl"
    source.parent.mkdir()
    write_jsonl(source, postings)
    tag(inputs=[source], output=tmp_path / "file" / "out.parquet", pipeline=sm, workers=1, chunk_size=5)
    return _rows(tmp_path / "file" / "out.parquet")


def _skills(rows):
    return {i: (r["specialized_skills"], r["qualifications"], r["month"]) for i, r in rows.items()}


@pytest.mark.parametrize("db", ["sqlite_db", "duckdb_db"])
def test_a_database_table_tags_like_the_same_rows_in_a_file(sm, tmp_path, db, request, from_file):
    path = request.getfixturevalue(db)
    summary = _run(sm, tmp_path, db=path, table="jobs")
    rows = _rows(tmp_path / "out.parquet")
    assert summary.tagged == len(from_file) == 24
    assert _skills(rows) == _skills(from_file)
    assert rows["p00003"]["views"] == "3"  # passed through as text, as from a CSV file


@pytest.mark.parametrize("db", ["sqlite_db", "duckdb_db"])
def test_a_sql_query_selects_the_rows(sm, tmp_path, db, request):
    path = request.getfixturevalue(db)
    summary = _run(sm, tmp_path, db=path, sql="SELECT id, title, text FROM jobs WHERE views < 4")
    assert summary.tagged == 4
    assert sorted(_rows(tmp_path / "out.parquet")) == ["p00000", "p00001", "p00002", "p00003"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"table": "nope"}, "table 'nope' failed in sqlite"),
        ({"sql": "SELECT id, id FROM jobs"}, "several columns named id"),
        ({"sql": "SELECT * FROM jobs WHERE views > 100"}, "returned no rows"),
        ({"sql": "DELETE FROM jobs"}, "failed in sqlite"),  # read-only connection
        ({"sql": "SELECT 1", "table": "jobs"}, "not both"),
    ],
)
def test_bad_database_requests_say_what_failed(tmp_path, sqlite_db, options, message):
    with pytest.raises(BatchError) as info:
        export_rows(sqlite_db, tmp_path / "rows.jsonl", **options)
    assert info.value.code == "E711" and message in str(info.value) and str(sqlite_db) in str(info.value)
    assert not (tmp_path / "rows.jsonl").exists()
    with sqlite3.connect(sqlite_db) as con:  # the read-only connection changed nothing
        assert con.execute("SELECT count(*) FROM jobs").fetchone() == (24,)
    con.close()


def test_a_file_that_is_no_database_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("id,text\n1,hello\n")
    with pytest.raises(BatchError, match="not a SQLite or DuckDB database"):
        export_rows(path, tmp_path / "rows.jsonl", table="jobs")


def test_dash_reads_standard_input(sm, tmp_path, postings, from_file):
    data = "".join(json.dumps(p) + "\n" for p in postings).encode()
    summary = _run(sm, tmp_path, ["-"], stdin=io.BytesIO(data))
    assert summary.tagged == 24 and _skills(_rows(tmp_path / "out.parquet")) == _skills(from_file)


def test_dash_with_nothing_piped_in_is_an_error(sm, tmp_path):
    with pytest.raises(BatchError, match="standard input is empty"):
        _run(sm, tmp_path, ["-"], stdin=io.BytesIO(b""))


def test_cli_reads_stdin_and_a_database(tmp_path, sqlite_db):
    csv_text = "id,title,text\nk1,EV Tech,Install Level 2 EV chargers.\n"
    result = runner.invoke(app, ["tag", "-", "-o", str(tmp_path / "a.jsonl"), "--workers", "1"], input=csv_text)
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "a.jsonl").read_text())["id"] == "k1"
    result = runner.invoke(app, ["tag", "--db", str(sqlite_db), "--sql", "SELECT * FROM jobs LIMIT 2",
                                 "-o", str(tmp_path / "b.jsonl"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "Tagged 2 postings" in result.output


def test_cli_sql_without_db_is_an_error(tmp_path):
    result = runner.invoke(app, ["tag", "--sql", "SELECT 1", "-o", str(tmp_path / "b.jsonl")])
    assert result.exit_code == 8 and "E711" in result.output and "--db" in result.output
