"""Streaming readers of posting exports: CSV, TSV, JSON lines, Parquet and XLSX, plain or
gzip-compressed.

A reader never holds a whole file: it yields :class:`Chunk` objects of ``chunk_size`` rows
in file order. Chunk ``k`` of a file always covers the same rows, which is what lets a
killed job resume by skipping the chunks it already finished. Parsing that can fail on a
single row (a broken JSON line, a CSV row with too many fields) is left to the worker that
tags the chunk, so a bad row becomes a reject with its row number, not a stopped job.

A damaged file (a truncated or corrupt gzip stream, a corrupt Parquet page) is read up to
the damage: the rows before it are yielded as usual and the damage, with the file and
position, is recorded in :attr:`InputFile.damage` for the job to report. Parquet goes on
with the row groups after a damaged one.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import itertools
import json
import os
import shutil
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BatchError

FORMATS = ("csv", "tsv", "jsonl", "parquet", "xlsx")
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}
_GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"
# Lines of a JSON-lines file read to learn its columns (keys seen later still work for the
# role columns, but only keys seen here are passed through).
JSONL_SAMPLE_LINES = 1000
# ... or the lines within this many bytes (at least JSONL_MIN_SAMPLE_LINES of them): long
# postings make 1,000 lines several megabytes, which the job would parse before it starts.
JSONL_SAMPLE_BYTES = 1 << 20
JSONL_MIN_SAMPLE_LINES = 100


@dataclass
class RowError:
    """A row the reader could not parse; the worker turns it into a reject."""

    message: str


@dataclass
class InputFile:
    """One input export: where it is, how to read it, and what columns it has."""

    path: Path
    format: str
    compressed: bool
    columns: list[str]
    size: int
    mtime_ns: int
    total_rows: int | None = None
    sheet: str | None = None
    local_path: Path | None = None  # a decompressed copy for formats that need seeking
    arrow_types: dict[str, Any] = field(default_factory=dict)
    damage: list[str] = field(default_factory=list)  # where reading failed, set while chunking
    warnings: list[str] = field(default_factory=list)  # e.g. where CSV quoting broke

    def fingerprint(self) -> dict:
        """What a resumed job must find unchanged. Keyed on the content, not the
        modification time: an in-place edit that keeps size and mtime still counts."""
        return {
            "path": str(self.path.resolve()),
            "size": self.size,
            "blake2b": content_digest(self.path),
            "format": self.format,
            "compressed": self.compressed,
            "sheet": self.sheet,
        }


@dataclass
class Chunk:
    """Rows ``first_row .. first_row + len - 1`` (1-based) of one input file.

    ``kind`` is ``lines`` (raw JSON lines, bytes), ``rows`` (lists of cell values, with
    ``header``) or ``arrow`` (a pyarrow RecordBatch). ``units`` is the share of the file's
    bytes the chunk covers, for the progress bar.
    """

    file_index: int
    index: int
    first_row: int
    kind: str
    items: Any
    units: float
    header: list[str] | None = None

    def __len__(self) -> int:
        return self.items.num_rows if self.kind == "arrow" else len(self.items)


def content_digest(path: Path) -> str:
    """BLAKE2b of the file's bytes (hashlib reads it in 256 KiB blocks; about 1.4 s per GB here)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == _GZIP_MAGIC


def _head(path: Path, compressed: bool, n: int = 4096) -> bytes:
    opener = gzip.open if compressed else open
    try:
        with opener(path, "rb") as handle:
            return handle.read(n)
    except READ_ERRORS as err:
        raise BatchError(f"{path}: cannot read, damaged at the start ({_reason(err)})", code="E701") from None


def sniff_format(path: Path, compressed: bool) -> str:
    """Format from the extension (``.csv.gz`` counts as ``.csv``), else from the content."""
    name = path.name.lower()
    for suffix in (".gz", ".gzip"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    ext = os.path.splitext(name)[1]
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    head = _head(path, compressed)
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    first_line = head.split(b"\n", 1)[0]
    return "tsv" if first_line.count(b"\t") > first_line.count(b",") else "csv"


def open_input(
    path: str | Path,
    *,
    input_format: str | None = None,
    sheet: str | None = None,
    staging_dir: Path | None = None,
) -> InputFile:
    """Inspect one input: format, compression, columns and (when cheap) its row count."""
    path = Path(path)
    if not path.is_file():
        raise BatchError(f"{path}: input file not found", code="E701")
    stat = path.stat()
    compressed = _is_gzip(path)
    fmt = (input_format or sniff_format(path, compressed)).lower()
    if fmt == "ndjson":
        fmt = "jsonl"
    if fmt not in FORMATS:
        raise BatchError(f"{path}: unknown input format {fmt!r}; use one of {', '.join(FORMATS)}", code="E701")
    if not _head(path, compressed, 1):
        raise BatchError(f"{path}: empty file (no header, no rows)", code="E701")
    spec = InputFile(path, fmt, compressed, [], stat.st_size, stat.st_mtime_ns, sheet=sheet)
    if fmt in ("parquet", "xlsx") and compressed:
        # Both need random access; a gzip stream has none, so decompress once beside the job.
        if staging_dir is None:
            raise BatchError(f"{path}: a gzip-compressed {fmt} file needs a staging directory", code="E701")
        staging_dir.mkdir(parents=True, exist_ok=True)
        local = staging_dir / f"{path.name}.decompressed.{fmt}"
        if not local.is_file():
            tmp = local.with_suffix(".tmp")
            with open(path, "rb") as raw, gzip.GzipFile(fileobj=raw, mode="rb") as src, open(tmp, "wb") as dst:
                try:
                    shutil.copyfileobj(src, dst, 1 << 20)
                except READ_ERRORS as err:
                    dst.close()
                    tmp.unlink(missing_ok=True)
                    raise BatchError(
                        f"{path}: the gzip stream is damaged at byte {raw.tell():,} ({_reason(err)}); "
                        f"a {fmt} file cannot be read without its end",
                        code="E701",
                    ) from None
            os.replace(tmp, local)
        spec.local_path = local
    try:
        _INSPECT[fmt](spec)
    except BatchError:
        raise
    except Exception as err:  # a corrupt file: name it, don't show a traceback
        raise BatchError(f"{path}: cannot read as {fmt} ({type(err).__name__}: {err})", code="E701") from None
    return spec


# What reading a damaged file raises (gzip.BadGzipFile and Arrow's IO errors are OSErrors).
READ_ERRORS = (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError)


def _reason(err: BaseException) -> str:
    return " ".join(f"{type(err).__name__}: {err}".split())


def _damaged(spec: InputFile, where: str, err: BaseException) -> None:
    spec.damage.append(f"{spec.path}: damaged {where} ({_reason(err)})")


def _readable(spec: InputFile) -> Path:
    return spec.local_path or spec.path


# -- inspection -------------------------------------------------------------------------
def _inspect_jsonl(spec: InputFile) -> None:
    seen: dict[str, None] = {}
    read = 0
    damage: list[BaseException] = []
    handle, raw = _open_binary(spec)
    with handle, raw:
        for number, line in _lines_until_damage(handle, damage):
            if number == 0 and _is_json_array(line, handle):
                raise BatchError(
                    f"{spec.path}: a JSON array is not streamed; convert it to JSON lines "
                    "(one object per line, e.g. jq -c '.[]')",
                    code="E701",
                )
            if number >= JSONL_SAMPLE_LINES or (read >= JSONL_SAMPLE_BYTES and number >= JSONL_MIN_SAMPLE_LINES):
                break
            read += len(line)
            try:
                row = json.loads(line)
                keys = flatten(row) if isinstance(row, dict) else ()
            except (ValueError, RecursionError):  # the row is rejected when it is tagged
                continue
            for key in keys:
                seen.setdefault(key, None)
    if damage and not seen:
        raise BatchError(f"{spec.path}: damaged before its first complete line ({_reason(damage[0])})", code="E701")
    spec.columns = list(seen)


def _is_json_array(first_line: bytes, handle) -> bool:
    """Whether the file is one JSON array rather than JSON lines whose first row is bad:
    it opens with ``[`` and that line is not a whole value followed by more lines."""
    if not first_line.lstrip().startswith(b"["):
        return False
    try:
        json.loads(first_line)
    except (ValueError, RecursionError):
        return True  # an array spread over several lines
    try:
        return not any(line.strip() for line in itertools.islice(handle, 5))
    except READ_ERRORS:
        return False


def _inspect_csv(spec: InputFile) -> None:
    with _open_text(spec) as (handle, _raw):
        reader = csv.reader(handle, delimiter="\t" if spec.format == "tsv" else ",")
        try:
            header = next(reader)
        except StopIteration:
            header = []
    spec.columns = _header_names(header)


def _inspect_parquet(spec: InputFile) -> None:
    import pyarrow.parquet as pq

    with pq.ParquetFile(_readable(spec)) as parquet:
        schema = parquet.schema_arrow
        spec.total_rows = parquet.metadata.num_rows
    spec.arrow_types = dict(_flat_fields(schema))
    spec.columns = list(spec.arrow_types)


def _inspect_xlsx(spec: InputFile) -> None:
    workbook, sheet = _open_sheet(spec)
    try:
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        if sheet.max_row:
            spec.total_rows = max(sheet.max_row - 1, 0)
    finally:
        workbook.close()
    spec.columns = _header_names(["" if v is None else str(v) for v in header])


_INSPECT = {
    "jsonl": _inspect_jsonl,
    "csv": _inspect_csv,
    "tsv": _inspect_csv,
    "parquet": _inspect_parquet,
    "xlsx": _inspect_xlsx,
}


def _header_names(header: list[str]) -> list[str]:
    """Header cells as unique column names (blank -> column_N, repeats -> name_2)."""
    names: list[str] = []
    seen: set[str] = set()
    for i, cell in enumerate(header, 1):
        name = (cell or "").strip() or f"column_{i}"
        base, n = name, 2
        while name in seen:
            name = f"{base}_{n}"
            n += 1
        seen.add(name)
        names.append(name)
    return names


def _flat_fields(schema, prefix: str = "") -> Iterator[tuple[str, Any]]:
    import pyarrow as pa

    for fld in schema:
        name = prefix + fld.name
        if pa.types.is_struct(fld.type):
            yield from _flat_fields(fld.type, name + ".")
        else:
            yield name, fld.type


def flatten(row: dict, prefix: str = "", out: dict | None = None) -> dict:
    """Nested JSON objects as dotted keys: {"a": {"b": 1}} -> {"a.b": 1}."""
    out = {} if out is None else out
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flatten(value, name + ".", out)
        else:
            out[name] = value
    return out


# -- opening ----------------------------------------------------------------------------
def _open_binary(spec: InputFile):
    raw = open(spec.path, "rb")
    handle = gzip.GzipFile(fileobj=raw, mode="rb") if spec.compressed else raw
    return handle, raw


class _open_text:
    """Text handle (UTF-8, BOM dropped, bad bytes replaced) plus the raw file for tell()."""

    def __init__(self, spec: InputFile):
        self.binary, self.raw = _open_binary(spec)

    def __enter__(self):
        text = io.TextIOWrapper(self.binary, encoding="utf-8-sig", errors="replace", newline="")
        self.text = text
        return text, self.raw

    def __exit__(self, *exc):
        self.text.close()
        self.raw.close()


def _open_sheet(spec: InputFile):
    import openpyxl

    workbook = openpyxl.load_workbook(_readable(spec), read_only=True, data_only=True)
    if spec.sheet is None:
        return workbook, workbook.worksheets[0]
    if spec.sheet not in workbook.sheetnames:
        workbook.close()
        raise BatchError(
            f"{spec.path}: no sheet {spec.sheet!r}; sheets: {', '.join(workbook.sheetnames)}", code="E701"
        )
    return workbook, workbook[spec.sheet]


# -- chunking ---------------------------------------------------------------------------
# The chunks that cover a file's last TAIL_CHUNKS chunks' worth of bytes are cut into
# TAIL_PIECES pieces each: workers then finish within a small piece of each other instead
# of one worker tagging the last whole chunk while the others wait.
TAIL_CHUNKS = 4
TAIL_PIECES = 4


def iter_chunks(spec: InputFile, file_index: int, chunk_size: int) -> Iterator[Chunk]:
    """Chunks of ``chunk_size`` rows in file order, except near the end of the file: the
    chunks covering its last TAIL_CHUNKS chunks' worth of bytes come in TAIL_PIECES
    smaller pieces. Where to cut depends only on the file's content (and chunk_size), so a
    resumed job cuts the same chunks."""
    index, done, full = 0, 0.0, 0
    for chunk in _CHUNKERS[spec.format](spec, file_index, chunk_size):
        # (A compressed file's position moves by whole buffers: once all of it is read,
        # the rows left are unknown, and nothing more is cut.)
        near_end = full >= 2 and 0 < spec.size - done <= TAIL_CHUNKS * (done / full)
        done += chunk.units
        full += 1
        for piece in _pieces(chunk, TAIL_PIECES if near_end else 1):
            piece.index = index
            index += 1
            yield piece


def _pieces(chunk: Chunk, n: int) -> list[Chunk]:
    """``chunk`` cut into ``n`` runs of consecutive rows (fewer for a short chunk)."""
    rows = len(chunk)
    if n <= 1 or rows <= 1:
        return [chunk]
    size = -(-rows // n)
    out = []
    for start in range(0, rows, size):
        length = min(size, rows - start)
        if chunk.kind == "arrow":
            items = chunk.items.slice(start, length)
        else:
            items = chunk.items[start : start + length]
        out.append(
            Chunk(chunk.file_index, chunk.index, chunk.first_row + start, chunk.kind, items,
                  chunk.units * length / rows, header=chunk.header)
        )
    return out


def _lines_until_damage(handle, damage: list[BaseException]) -> Iterator[tuple[int, bytes]]:
    """(0-based number, line) of a binary file, the first line without a UTF-8 byte-order
    mark; stops at damage, appending the error to ``damage``."""
    try:
        for number, line in enumerate(handle):
            yield number, (line[len(_BOM):] if number == 0 and line.startswith(_BOM) else line)
    except READ_ERRORS as err:
        damage.append(err)


def _chunks_jsonl(spec: InputFile, file_index: int, size: int) -> Iterator[Chunk]:
    handle, raw = _open_binary(spec)
    with handle, raw:
        items: list[bytes] = []
        index, first, done = 0, 1, 0
        lines = iter(handle)
        while True:
            try:
                line = next(lines)
            except StopIteration:
                break
            except READ_ERRORS as err:
                _damaged(spec, f"after line {first + len(items) - 1:,} (byte {raw.tell():,} of the file)", err)
                break
            if first == 1 and not items and line.startswith(_BOM):
                line = line[len(_BOM):]
            items.append(line)
            if len(items) == size:
                pos = raw.tell()
                yield Chunk(file_index, index, first, "lines", items, pos - done)
                index, first, done, items = index + 1, first + size, pos, []
        if items:
            yield Chunk(file_index, index, first, "lines", items, spec.size - done)


class _RecordedLines:
    """The physical lines fed to the csv reader, those of the row being read kept, so a
    row whose quoting broke can be given back and read again line by line."""

    def __init__(self, handle):
        self.source = handle
        self.pushed: list[tuple[int, str]] = []  # given back, next one last
        self.row: list[tuple[int, str]] = []  # (line number, line) of the current row
        self.count = 1  # the header line
        self.eof = False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.pushed:
            number, line = self.pushed.pop()
        else:
            try:
                line = next(self.source)
            except StopIteration:
                self.eof = True
                raise
            self.count += 1
            number = self.count
        self.row.append((number, line))
        return line

    def give_back(self, lines: list[tuple[int, str]]) -> None:
        self.pushed.extend(reversed(lines))


def _quote_broke(row: list[str], lines: list[tuple[int, str]], width: int, eof: bool, delimiter: str) -> bool:
    """Whether a row read over several lines is a quote left open: it has another number
    of fields than the header, or it ran into the end of the file inside quotes."""
    if len(lines) < 2:
        return False
    n = len(row)
    while n > width and not row[n - 1]:
        n -= 1
    if n != width:
        return True
    if not eof:
        return False
    try:
        list(csv.reader(io.StringIO("".join(line for _, line in lines), newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return True
    return False


def _chunks_csv(spec: InputFile, file_index: int, size: int) -> Iterator[Chunk]:
    _raise_field_limit()
    delimiter = "\t" if spec.format == "tsv" else ","
    width = len(spec.columns)
    with _open_text(spec) as (handle, raw):
        lines = _RecordedLines(handle)
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            next(reader)  # header
        except (StopIteration, csv.Error):
            return
        except READ_ERRORS as err:
            _damaged(spec, "in the header", err)
            return
        items: list[Any] = []
        index, first, done = 0, 1, 0
        resyncing: RowError | None = None  # the broken row, while lines after it are re-read
        while True:
            lines.row = []
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as err:
                row = RowError(f"CSV row cannot be parsed: {err}")
            except READ_ERRORS as err:
                _damaged(spec, f"after row {first + len(items) - 1:,} (line {lines.count:,}, byte {raw.tell():,})", err)
                break
            if isinstance(row, list) and _quote_broke(row, lines.row, width, lines.eof, delimiter):
                if resyncing is not None:  # still inside the broken row's text
                    lines.give_back(lines.row[1:])
                    lines.eof = False
                    continue
                start = lines.row[0][0]
                row_no = first + len(items)
                spec.warnings.append(
                    f"CSV quoting broke in row {row_no:,} (line {start:,}): a quote opened there is not closed "
                    f"where the row ends; the row is rejected and the {len(lines.row) - 1:,} lines it swallowed "
                    "are read again"
                )
                row = RowError(f"CSV quoting broke: a quote opened in this row (line {start:,}) is not closed")
                lines.give_back(lines.row[1:])
                lines.eof = False
                resyncing = row
            elif resyncing is not None:
                # Lines re-read after a broken quote: until one gives a row of the header's
                # width, they are the broken row's own text, not rows of their own.
                if not isinstance(row, list) or len(row) != width:
                    continue
                resyncing = None
            items.append(row)
            if len(items) == size:
                pos = raw.tell()
                yield Chunk(file_index, index, first, "rows", items, pos - done, header=spec.columns)
                index, first, done, items = index + 1, first + size, pos, []
        if items:
            yield Chunk(file_index, index, first, "rows", items, spec.size - done, header=spec.columns)


def _chunks_xlsx(spec: InputFile, file_index: int, size: int) -> Iterator[Chunk]:
    workbook, sheet = _open_sheet(spec)
    per_row = spec.size / spec.total_rows if spec.total_rows else 0.0
    try:
        rows = sheet.iter_rows(min_row=2, values_only=True)
        items: list[Any] = []
        index, first = 0, 1
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except Exception as err:  # noqa: BLE001 - a damaged workbook: zip, XML or value errors
                _damaged(spec, f"after row {first + len(items) - 1:,}", err)
                break
            items.append(list(row))
            if len(items) == size:
                yield Chunk(file_index, index, first, "rows", items, per_row * size, header=spec.columns)
                index, first, items = index + 1, first + size, []
        if items:
            yield Chunk(file_index, index, first, "rows", items, per_row * len(items), header=spec.columns)
    finally:
        workbook.close()


def _chunks_parquet(spec: InputFile, file_index: int, size: int) -> Iterator[Chunk]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    per_row = spec.size / spec.total_rows if spec.total_rows else 0.0
    pending: list = []
    n_pending = 0
    index, first = 0, 1

    def flush(table) -> Chunk:
        batches = table.combine_chunks().to_batches()
        batch = batches[0] if batches else pa.RecordBatch.from_pylist([], schema=table.schema)
        return Chunk(file_index, index, first, "arrow", batch, per_row * table.num_rows)

    with pq.ParquetFile(_readable(spec)) as parquet:
        for group in range(parquet.num_row_groups):
            # A row group is read whole before its rows are used: a corrupt page (or bytes
            # that are not UTF-8 in a string column) skips that group only, reported.
            try:
                batches = list(parquet.iter_batches(batch_size=size, row_groups=[group], use_threads=False))
                for batch in batches:
                    batch.validate(full=True)
            except (*READ_ERRORS, pa.ArrowException) as err:
                group_rows = parquet.metadata.row_group(group).num_rows
                start = first + n_pending
                _damaged(spec, f"in row group {group} (rows {start:,}-{start + group_rows - 1:,}), skipped", err)
                if n_pending:  # the rows before the gap: a chunk of their own
                    yield flush(pa.Table.from_batches(pending))
                    index += 1
                pending, n_pending, first = [], 0, start + group_rows
                continue
            # Batches stop at row-group ends; re-cut them so chunk k always covers the same rows.
            for batch in batches:
                pending.append(batch)
                n_pending += batch.num_rows
                while n_pending >= size:
                    table = pa.Table.from_batches(pending)
                    yield flush(table.slice(0, size))
                    rest = table.slice(size)
                    pending = rest.to_batches() if rest.num_rows else []
                    n_pending = rest.num_rows
                    index, first = index + 1, first + size
        if n_pending:
            yield flush(pa.Table.from_batches(pending))


_CHUNKERS = {
    "jsonl": _chunks_jsonl,
    "csv": _chunks_csv,
    "tsv": _chunks_csv,
    "parquet": _chunks_parquet,
    "xlsx": _chunks_xlsx,
}


def _raise_field_limit() -> None:
    # The csv module's default 128 KiB field limit would stop a job on one long posting;
    # the batch size limit (max_chars) rejects over-long texts row by row instead.
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2
