"""Damaged inputs: a clear error naming the file and position, and the good rows before
the damage tagged, written and counted (issue 17, item 5)."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from skillmap.batch import tag
from skillmap.errors import BatchError

from .conftest import csv_text, make_postings

ROWS = make_postings(60, seed=3)
JSONL = "".join(json.dumps(r) + "\n" for r in ROWS).encode()


def _ids(path):
    return pq.read_table(path, columns=["id"]).column("id").to_pylist()


def _run(sm, source, tmp_path, **kwargs):
    return tag(inputs=[source], output=tmp_path / "out.parquet", workers=1, chunk_size=7, pipeline=sm, **kwargs)


def _damaged(sm, source, tmp_path):
    with pytest.raises(BatchError) as err:
        _run(sm, source, tmp_path)
    assert err.value.code == "E710" and str(source) in err.value.message
    return err.value.message


def test_truncated_gzip_keeps_and_reports_the_rows_before(sm, tmp_path):
    packed = gzip.compress(JSONL)
    source = tmp_path / "in.jsonl.gz"
    source.write_bytes(packed[: len(packed) * 2 // 3])
    message = _damaged(sm, source, tmp_path)
    ids = _ids(tmp_path / "out.parquet")
    assert 10 < len(ids) < 60 and ids == [r["id"] for r in ROWS[: len(ids)]]
    assert f"after line {len(ids)}" in message and "ended before" in message and f"{len(ids)} postings" in message
    assert not (tmp_path / "out.parquet.work").exists()


def test_bad_crc_gzip_is_reported_with_every_row_kept(sm, tmp_path):
    packed = bytearray(gzip.compress(JSONL))
    packed[-8] ^= 0xFF  # the CRC field of the trailer
    source = tmp_path / "in.jsonl.gz"
    source.write_bytes(bytes(packed))
    assert "CRC check failed" in _damaged(sm, source, tmp_path)
    assert _ids(tmp_path / "out.parquet") == [r["id"] for r in ROWS]


def test_truncated_gzip_csv_keeps_the_rows_before(sm, tmp_path):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(ROWS[0]))
    writer.writeheader()
    writer.writerows(ROWS)
    packed = gzip.compress(text.getvalue().encode())
    source = tmp_path / "in.csv.gz"
    source.write_bytes(packed[: len(packed) // 2])
    assert "after row" in _damaged(sm, source, tmp_path)
    ids = _ids(tmp_path / "out.parquet")
    assert ids and ids == [r["id"] for r in ROWS[: len(ids)]]


def test_truncated_gzip_parquet_is_a_clear_error(sm, tmp_path):
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(ROWS), sink)
    packed = gzip.compress(sink.getvalue().to_pybytes())
    source = tmp_path / "in.parquet.gz"
    source.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(BatchError) as err:
        _run(sm, source, tmp_path)
    assert err.value.code == "E701" and str(source) in err.value.message and "damaged at byte" in err.value.message


def _corrupt_parquet(path, group: int) -> None:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(ROWS), sink, row_group_size=20, compression="none")
    data = bytearray(sink.getvalue().to_pybytes())
    column = pq.ParquetFile(pa.BufferReader(bytes(data))).metadata.row_group(group).column(5)  # text
    start = column.data_page_offset
    data[start : start + 8] = b"\xff" * 8  # the page header
    path.write_bytes(bytes(data))


def test_corrupt_parquet_page_skips_that_row_group_only(sm, tmp_path):
    source = tmp_path / "in.parquet"
    _corrupt_parquet(source, 1)
    message = _damaged(sm, source, tmp_path)
    assert "row group 1 (rows 21-40)" in message
    assert _ids(tmp_path / "out.parquet") == [r["id"] for r in ROWS[:20] + ROWS[40:]]


def test_utf8_bom_on_json_lines_is_read(sm, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + JSONL)
    summary = _run(sm, source, tmp_path)
    assert summary.rejected == 0 and _ids(tmp_path / "out.parquet") == [r["id"] for r in ROWS]




@pytest.mark.parametrize("broken", [5, 30, 59])
def test_unterminated_csv_quote_is_warned_and_good_rows_kept(sm, tmp_path, broken):
    text = csv_text(ROWS)
    # Drop the closing quote of row `broken`'s text: the quote then runs into later rows.
    end = text.index(f"\n{ROWS[broken + 1]['id']},") if broken + 1 < len(ROWS) else len(text) - 1
    assert text[end - 1] == '"'
    source = tmp_path / "in.csv"
    source.write_text(text[:end - 1] + text[end:], encoding="utf-8")
    summary = _run(sm, source, tmp_path)
    assert _ids(tmp_path / "out.parquet") == [r["id"] for i, r in enumerate(ROWS) if i != broken]
    [reject] = [json.loads(x) for x in (tmp_path / "out.parquet.rejects.jsonl").read_text().splitlines()]
    assert reject["row"] == broken + 1 and "quoting broke" in reject["reason"]
    assert any(f"CSV quoting broke in row {broken + 1}" in note for note in summary.notes)


def test_cli_reports_damage_without_a_traceback(tmp_path):
    from typer.testing import CliRunner

    from skillmap.cli import _register, app

    _register()
    packed = gzip.compress(JSONL)
    source = tmp_path / "in.jsonl.gz"
    source.write_bytes(packed[: len(packed) // 2])
    result = CliRunner().invoke(app, ["tag", str(source), "-o", str(tmp_path / "out.parquet"), "--workers", "1",
                                      "--quiet"])
    assert result.exit_code == 8 and "E710" in result.output and "in.jsonl.gz" in result.output
    assert "Traceback" not in result.output and (tmp_path / "out.parquet").is_file()
