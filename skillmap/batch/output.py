"""Part files of a running job and the final outputs assembled from them.

Every write goes to a temp file renamed into place, so a reader (or a resumed job) sees a
file whole or not at all. Outputs are deterministic: rows in input order, fixed Parquet
writer settings, no timestamps (gzip outputs carry mtime 0), so the same input gives
byte-identical files.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from ..errors import BatchError
from .rows import mention_schema

__all__ = ["OUTPUT_FORMATS", "assemble", "assemble_jsonl", "format_of", "mention_schema", "write_part"]

OUTPUT_FORMATS = ("parquet", "csv", "jsonl")
_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
# Fixed writer settings: part of the byte-identical-output promise.
PARQUET_OPTIONS = dict(
    compression="zstd",
    compression_level=3,
    use_dictionary=True,
    write_statistics=True,
    version="2.6",
    data_page_size=1 << 20,
)
# Rows per Parquet row group; a group is also closed past this many bytes, so wide
# pass-through columns cannot make the assembly hold much in memory.
ROW_GROUP_ROWS = 50_000
ROW_GROUP_BYTES = 64 << 20


def format_of(path: Path | None) -> str | None:
    if path is None:
        return None
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return _SUFFIXES.get(os.path.splitext(name)[1])


def _tmp(path: Path) -> Path:
    return path.with_name(f"{path.name}.tmp{os.getpid()}")


def write_part(table: pa.Table, path: Path) -> None:
    """An Arrow IPC file (lz4), committed by rename."""
    tmp = _tmp(path)
    options = pa.ipc.IpcWriteOptions(compression="lz4")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    os.replace(tmp, path)


def read_part(path: Path) -> pa.Table:
    with pa.memory_map(str(path), "r") as source:
        return pa.ipc.open_file(source).read_all()


def repeated_ids(parts: list[Path]) -> tuple[int, int]:
    """(ids that occur more than once, rows beyond the first of each) over the row parts.

    Ids are reduced to 64-bit hashes, one part at a time, so memory stays at 8 bytes a row
    (80 MB for ten million postings) rather than the ids themselves."""
    import numpy as np

    hashes = []
    for part in parts:
        ids = read_part(part).column("id").to_pylist()
        hashes.append(np.fromiter((hash(i) for i in ids), dtype=np.int64, count=len(ids)))
    if not hashes:
        return 0, 0
    _, counts = np.unique(np.concatenate(hashes), return_counts=True)
    repeated = counts[counts > 1]
    return int(repeated.size), int((repeated - 1).sum())


def _missing(path: Path) -> BatchError:
    # The job only assembles chunks whose every part exists: a part gone now is not skipped.
    return BatchError(f"{path}: part file missing; rerun the same command to redo its chunk", code="E700")


def _tables(parts: list[Path], schema: pa.Schema) -> Iterator[pa.Table]:
    for path in parts:
        if not path.is_file():
            raise _missing(path)
        table = read_part(path)
        if table.num_rows:
            yield table.cast(schema) if table.schema != schema else table


def assemble(parts: list[Path], dest: Path, fmt: str, schema: pa.Schema) -> int:
    """Concatenate part tables (in the given order) into ``dest``; returns the row count."""
    tmp = _tmp(dest)
    try:
        rows = _WRITERS[fmt](parts, tmp, schema, dest.name.lower().endswith(".gz"))
        os.replace(tmp, dest)
    except (OSError, BatchError) as err:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(err, BatchError):
            raise
        raise BatchError(f"{dest}: cannot write output ({err.strerror or err})", code="E706") from None
    return rows


def preload_writer(formats) -> None:
    """Import the Parquet writer now if one of ``formats`` needs it. Workers never do
    (their parts are Arrow IPC), so a job imports it after forking them, while the parent
    idles, not before (20 ms of every job's start) or at assembly."""
    if "parquet" in formats:
        import pyarrow.parquet  # noqa: F401


def _write_parquet(parts: list[Path], dest: Path, schema: pa.Schema, _gz: bool) -> int:
    import pyarrow.parquet as pq

    rows = 0
    buffered: list[pa.Table] = []
    n_buffered = bytes_buffered = 0
    with pq.ParquetWriter(str(dest), schema, **PARQUET_OPTIONS) as writer:

        def flush() -> None:
            nonlocal buffered, n_buffered, bytes_buffered
            if buffered:
                writer.write_table(pa.concat_tables(buffered).combine_chunks(), row_group_size=n_buffered)
            buffered, n_buffered, bytes_buffered = [], 0, 0

        for table in _tables(parts, schema):
            rows += table.num_rows
            while table.num_rows:
                take = min(table.num_rows, ROW_GROUP_ROWS - n_buffered)
                head = table.slice(0, take)
                buffered.append(head)
                n_buffered += take
                bytes_buffered += head.nbytes
                table = table.slice(take)
                if n_buffered >= ROW_GROUP_ROWS or bytes_buffered >= ROW_GROUP_BYTES:
                    flush()
        flush()
        if rows == 0:
            writer.write_table(schema.empty_table())
    return rows


def _open_text_out(dest: Path, gz: bool):
    raw = open(dest, "wb")
    if gz:
        # filename="" and mtime=0: no name or time in the gzip header, for identical bytes.
        stream = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
    else:
        stream = raw
    import io

    return io.TextIOWrapper(stream, encoding="utf-8", newline=""), raw


def _cell(value) -> object:
    """A value as one CSV cell: lists and structs as JSON, booleans lower-case."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _json_value(value):
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _write_csv(parts: list[Path], dest: Path, schema: pa.Schema, gz: bool) -> int:
    handle, raw = _open_text_out(dest, gz)
    rows = 0
    with raw, handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(schema.names)
        for table in _tables(parts, schema):
            for batch in table.to_batches(max_chunksize=10_000):
                columns = [col.to_pylist() for col in batch.columns]
                for i in range(batch.num_rows):
                    writer.writerow([_cell(col[i]) for col in columns])
                rows += batch.num_rows
    return rows


def _write_jsonl(parts: list[Path], dest: Path, schema: pa.Schema, gz: bool) -> int:
    handle, raw = _open_text_out(dest, gz)
    rows = 0
    with raw, handle:
        for table in _tables(parts, schema):
            for batch in table.to_batches(max_chunksize=10_000):
                for record in batch.to_pylist():
                    handle.write(json.dumps(record, ensure_ascii=False, default=_json_value) + "\n")
                rows += batch.num_rows
    return rows


_WRITERS = {"parquet": _write_parquet, "csv": _write_csv, "jsonl": _write_jsonl}


def assemble_jsonl(parts: list[Path], dest: Path) -> int:
    """Concatenate JSON-lines parts into ``dest``; returns the line count."""
    tmp = _tmp(dest)
    lines = 0
    try:
        with open(tmp, "wb") as sink:
            for path in parts:
                if not path.is_file():
                    raise _missing(path)
                data = path.read_bytes()
                lines += data.count(b"\n")
                sink.write(data)
        os.replace(tmp, dest)
    except (OSError, BatchError) as err:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(err, BatchError):
            raise
        raise BatchError(f"{dest}: cannot write rejects ({err.strerror or err})", code="E706") from None
    return lines
