"""Spark local mode gives the rows of `skillmap tag` on the same input."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from skillmap.cli import _register, app
from skillmap.spark import find_java_home

from .conftest import make_postings

# pyspark is in the test extra, so a missing pyspark fails here; only a missing Java skips.

pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(find_java_home() is None, reason="no Java runtime found (Spark needs Java 17+; set JAVA_HOME)"),
]
_register()


@pytest.fixture(scope="module")
def spark():
    from skillmap.spark import local_session

    session = local_session(cores=1, app_name="skillmap-test")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _by_id(rows):
    return sorted(rows, key=lambda r: r["id"])


def test_spark_rows_equal_cli_rows(spark, tmp_path):
    rows = make_postings(40, seed=3)
    rows[5]["text"] = ""
    rows[9]["text"] = None
    rows[12]["title"] = None
    table = pa.Table.from_pylist(rows).append_column("salary", pa.array(range(len(rows)), pa.int32()))
    source = tmp_path / "postings.parquet"
    pq.write_table(table, source)
    output = tmp_path / "tagged.parquet"
    result = CliRunner().invoke(
        app, ["tag", str(source), "-o", str(output), "--mentions", str(tmp_path / "m.parquet"), "--workers", "1", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    cli_rows = pq.read_table(output).to_pylist()
    cli_mentions = pq.read_table(tmp_path / "m.parquet").to_pylist()
    cli_rejects = [json.loads(line) for line in (tmp_path / "tagged.parquet.rejects.jsonl").read_text().splitlines()]

    from skillmap.spark import mentions_dataframe, rejects_dataframe, tag_dataframe

    df = spark.read.parquet(str(source))
    tagged = tag_dataframe(df)
    assert tagged.columns == pq.read_schema(output).names
    spark_rows = [r.asDict(recursive=True) for r in tagged.collect()]
    assert len(spark_rows) == 38
    assert _by_id(spark_rows) == _by_id(cli_rows)
    spark_mentions = [r.asDict() for r in mentions_dataframe(df).collect()]
    key = lambda m: (m["id"], m["source"], m["start"], m["end"], m["skill"])  # noqa: E731
    assert sorted(spark_mentions, key=key) == sorted(cli_mentions, key=key)
    spark_rejects = sorted((r.id, r.code) for r in rejects_dataframe(df).collect())
    assert spark_rejects == sorted((r["id"], r["code"]) for r in cli_rejects) == [("p00005", "E201"), ("p00009", "E704")]
