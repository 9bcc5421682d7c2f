"""How input files are cut into chunks: every row once, in order, the same cut every
time, and small pieces at the end so that workers finish together."""

from __future__ import annotations

import csv
import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from skillmap.io.readers import TAIL_CHUNKS, TAIL_PIECES, iter_chunks, open_input

ROWS = [{"id": f"p{i}", "title": "EV Technician", "text": f"Posting {i}: install chargers. " * (1 + i % 7)} for i in range(1000)]


def _write(path, fmt):
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    elif fmt == "jsonl.gz":
        path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in ROWS).encode("utf-8"), mtime=0))
    elif fmt == "csv":
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=["id", "title", "text"])
            writer.writeheader()
            writer.writerows(ROWS)
    else:
        pq.write_table(pa.Table.from_pylist(ROWS), path, row_group_size=128)
    return path


def _ids(chunk) -> list[str]:
    if chunk.kind == "arrow":
        return chunk.items.column("id").to_pylist()
    if chunk.kind == "lines":
        return [json.loads(line)["id"] for line in chunk.items]
    return [row[0] for row in chunk.items]


@pytest.mark.parametrize("fmt", ["jsonl", "jsonl.gz", "csv", "parquet"])
def test_chunks_cover_every_row_once_with_small_pieces_at_the_end(tmp_path, fmt):
    spec = open_input(_write(tmp_path / f"in.{fmt}", fmt), staging_dir=tmp_path / "staging")
    chunks = list(iter_chunks(spec, 0, 100))
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert [i for c in chunks for i in _ids(c)] == [r["id"] for r in ROWS]
    assert [c.first_row for c in chunks] == [1 + sum(len(c) for c in chunks[:k]) for k in range(len(chunks))]
    sizes = [len(c) for c in chunks]
    if fmt == "jsonl.gz":
        # This small file is read in one compressed buffer: its position tells nothing
        # about the rows left, so no chunk is cut.
        assert sizes == [100] * 10
    else:
        # Full chunks first; the last few chunks' worth arrive as quarters.
        assert sizes[0] == 100 and max(sizes[-TAIL_PIECES:]) <= -(-100 // TAIL_PIECES)
        assert sum(1 for n in sizes if n < 100) <= (TAIL_CHUNKS + 1) * TAIL_PIECES
    assert abs(sum(c.units for c in chunks) - spec.size) < 1e-6 * spec.size + 1
    # The same cut every time: a resumed job finds the same chunk keys.
    again = list(iter_chunks(spec, 0, 100))
    assert [(c.index, c.first_row, len(c)) for c in again] == [(c.index, c.first_row, len(c)) for c in chunks]


def test_a_small_file_is_not_cut_further(tmp_path):
    path = tmp_path / "small.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS[:150]), encoding="utf-8")
    chunks = list(iter_chunks(open_input(path), 0, 100))
    assert [len(c) for c in chunks] == [100, 50]  # fewer than two full chunks seen: no tail cut


def test_column_sniffing_reads_at_least_the_first_hundred_lines(tmp_path):
    # Long postings stop the sniffing early (by bytes), but never before line 100.
    path = tmp_path / "long.jsonl"
    rows = [{"id": str(i), "title": "EV Technician", "text": "x " * 10_000} for i in range(300)]
    rows[98]["region"] = "CA"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert open_input(path).columns == ["id", "title", "text", "region"]
