"""Tag one chunk of input rows: parse, validate, extract, build contract rows.

A :class:`JobPlan` says, for every input file, which columns hold the id, title, text,
company and date, and which columns pass through under which output name and type. A
:class:`ChunkTagger` holds a loaded pipeline and turns a :class:`~skillmap.io.readers.Chunk`
into an Arrow table of posting rows, optionally one of mention rows, and reject records.
Nothing in a row can stop the job: every failure becomes a reject with a code.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ..errors import InputError
from ..io.columns import ColumnRoles
from ..io.dates import month_start
from ..io.locations import normalize_location
from ..io.readers import Chunk, InputFile, RowError, flatten
from ..io.schema import POSTING_COLUMNS
from .arrow import arrays_from_lists
from .rows import SOURCE_COLUMN, RowBuilder, mention_schema, posting_schema

if TYPE_CHECKING:
    from .. import Skillmap

# Texts longer than this are rejected (E203) rather than tagged: a 'posting' of more than a
# million characters is a concatenated page or a dump, and one would stall a worker.
DEFAULT_MAX_CHARS = 1_000_000
INPUT_PREFIX = "input_"
NESTED_TOO_DEEP = "a JSON value is nested too deeply to read"


@dataclass
class FilePlan:
    """How to read rows of one input file."""

    name: str  # the path as given, for rejects
    source: str  # the file name, for the ``source`` column and fallback ids
    roles: ColumnRoles
    passthrough: list[tuple[str, str]] = field(default_factory=list)  # (input column, output column)


@dataclass
class JobPlan:
    files: list[FilePlan]
    passthrough_types: list[tuple[str, pa.DataType]]
    max_chars: int = DEFAULT_MAX_CHARS
    with_mentions: bool = False

    @property
    def multi_source(self) -> bool:
        return len(self.files) > 1

    @property
    def keeps_input_types(self) -> bool:
        """Pass-through columns keep whatever Arrow type a batch brings (the Spark path,
        where Spark's own schema types the output)."""
        return any(kind is None for _, kind in self.passthrough_types)

    def schema(self) -> pa.Schema:
        if self.keeps_input_types:
            typed = [(name, kind or pa.null()) for name, kind in self.passthrough_types]
            return posting_schema(typed, with_source=self.multi_source)
        return posting_schema(self.passthrough_types, with_source=self.multi_source)

    def describe(self) -> dict:
        """What the plan decides, as plain data (job manifests compare it on resume)."""
        return {
            "files": [
                {"name": f.name, "roles": f.roles.to_dict(), "passthrough": [list(p) for p in f.passthrough]}
                for f in self.files
            ],
            "passthrough_types": [[name, str(kind)] for name, kind in self.passthrough_types],
            "max_chars": self.max_chars,
            "mentions": self.with_mentions,
        }


def output_name(column: str, taken: set[str]) -> str:
    """``column`` unless it clashes (case-insensitively, as DuckDB would) with a contract
    column or an earlier output column; then ``input_<column>``."""
    name = column
    while name.lower() in taken:
        name = INPUT_PREFIX + name
    return name


def build_plan(
    inputs: list[InputFile],
    roles: list[ColumnRoles],
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    with_mentions: bool = False,
) -> JobPlan:
    taken = {name.lower() for name in POSTING_COLUMNS}
    if len(inputs) > 1:
        taken.add(SOURCE_COLUMN)
    out_of: dict[str, str] = {}
    types: dict[str, list] = {}
    files = []
    for spec, role in zip(inputs, roles, strict=True):
        consumed = role.consumed()
        passthrough = []
        for column in spec.columns:
            if column in consumed:
                continue
            if column not in out_of:
                out_of[column] = output_name(column, taken)
                taken.add(out_of[column].lower())
            passthrough.append((column, out_of[column]))
            kind = spec.arrow_types.get(column, pa.string()) if spec.format == "parquet" else pa.string()
            types.setdefault(out_of[column], []).append(kind)
        files.append(FilePlan(str(spec.path), spec.path.name, role, passthrough))
    unified = []
    for name, kinds in types.items():
        known = {k for k in kinds if not pa.types.is_null(k)}
        unified.append((name, known.pop() if len(known) == 1 else (pa.string() if known else pa.null())))
    return JobPlan(files, unified, max_chars=max_chars, with_mentions=with_mentions)


@dataclass
class TaggedChunk:
    postings: pa.Table
    mentions: pa.Table | None
    rejects: list[dict]


def _as_text(value: Any) -> str | None:
    """A passed-through cell as text: JSON for nested values, ISO for dates."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _id_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    text = value.strip() if isinstance(value, str) else _as_text(value)
    return text or None


def _optional_text(value: Any) -> str | None:
    """A title or company: None when missing, NaN or blank (CSV cannot tell them apart)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = value if isinstance(value, str) else _as_text(value)
    return text if text and text.strip() else None


def _decode_batch(items: Any) -> pa.RecordBatch:
    if isinstance(items, (bytes, bytearray, memoryview)):
        return pa.ipc.open_stream(pa.py_buffer(items)).read_next_batch()
    return items


def _flat_table(batch: pa.RecordBatch) -> pa.Table:
    table = pa.Table.from_batches([batch])
    while any(pa.types.is_struct(f.type) for f in table.schema):
        table = table.flatten()
    return table


class ChunkTagger:
    """Tags chunks with one loaded pipeline; used by every worker process and by Spark."""

    def __init__(self, plan: JobPlan, sm: Skillmap):
        self.plan = plan
        self.sm = sm
        self.builder = RowBuilder(sm)
        self.schema = plan.schema()
        self.mention_schema = mention_schema()

    # -- parsing ------------------------------------------------------------------------
    def _parse(self, chunk: Chunk, fp: FilePlan, rejects: list[dict]) -> list[tuple[int, dict]]:
        """(row number, record) of the rows that parse; the others become rejects."""
        out: list[tuple[int, dict]] = []
        row_no = chunk.first_row - 1
        if chunk.kind == "lines":
            for line in chunk.items:
                row_no += 1
                if not line.strip():
                    continue
                try:
                    record = json.loads(line.decode("utf-8", errors="replace") if isinstance(line, bytes) else line)
                    if isinstance(record, dict) and any(isinstance(v, dict) for v in record.values()):
                        record = flatten(record)
                except ValueError as err:
                    rejects.append(self._reject(fp, row_no, None, "E703", f"not valid JSON: {getattr(err, 'msg', err)}"))
                    continue
                except RecursionError:
                    rejects.append(self._reject(fp, row_no, None, "E703", NESTED_TOO_DEEP))
                    continue
                if not isinstance(record, dict):
                    rejects.append(self._reject(fp, row_no, None, "E703", "line is not a JSON object"))
                    continue
                out.append((row_no, record))
            return out
        header = chunk.header or []
        width = len(header)
        for row in chunk.items:
            row_no += 1
            if isinstance(row, RowError):
                rejects.append(self._reject(fp, row_no, None, "E703", row.message))
                continue
            if not row or all(v is None for v in row):
                continue
            if len(row) > width and any(v not in (None, "") for v in row[width:]):
                rejects.append(
                    self._reject(fp, row_no, None, "E703", f"row has {len(row)} fields, the header has {width}")
                )
                continue
            out.append((row_no, dict(zip(header, row, strict=False))))
        return out

    def _reject(self, fp: FilePlan, row: int, posting_id: str | None, code: str, reason: str) -> dict:
        return {"source": fp.name, "row": row, "id": posting_id, "code": code, "reason": reason}

    # -- tagging ------------------------------------------------------------------------
    def tag(self, chunk: Chunk) -> TaggedChunk:
        fp = self.plan.files[chunk.file_index]
        roles = fp.roles
        rejects: list[dict] = []
        if chunk.kind == "arrow":
            table = _flat_table(_decode_batch(chunk.items))
            wanted = [c for c in (roles.id, roles.title, roles.company, roles.date, roles.location, *roles.text) if c]
            present = {c: table.column(c).to_pylist() for c in dict.fromkeys(wanted) if c in table.column_names}
            records = [
                (chunk.first_row + i, {c: values[i] for c, values in present.items()}) for i in range(table.num_rows)
            ]
        else:
            table = None
            records = self._parse(chunk, fp, rejects)

        pending: list[tuple] = []  # extracted rows waiting for their title codes
        for position, (row_no, record) in enumerate(records):
            given_id = None
            try:
                given_id = _id_text(record.get(roles.id)) if roles.id else None
                text = self._text(record, roles.text)
                problem = self._text_problem(text, roles.text)
                if problem:
                    rejects.append(self._reject(fp, row_no, given_id, *problem))
                    continue
                posting_id = given_id or (f"{fp.source}:{row_no}" if self.plan.multi_source else str(row_no))
                title = _optional_text(record.get(roles.title)) if roles.title else None
                company = _optional_text(record.get(roles.company)) if roles.company else None
                month = month_start(record.get(roles.date)) if roles.date else None
                location = normalize_location(_optional_text(record.get(roles.location))) if roles.location else None
                # Pass-through values parsed in Python become text here, per row, so a value
                # that cannot (nested too deep) rejects its row only.
                passed = None if table is not None else {out: _as_text(record.get(col)) for col, out in fp.passthrough}
                # Boilerplate sections never hold demands: skipping them saves time.
                result = self.sm.extract(text, title=title, company=company, id=posting_id, boilerplate=False)
            except InputError as err:
                rejects.append(self._reject(fp, row_no, given_id, err.code, err.message))
                continue
            except RecursionError:
                rejects.append(self._reject(fp, row_no, given_id, "E703", NESTED_TOO_DEEP))
                continue
            except Exception as err:  # one bad row must not stop a national export
                rejects.append(self._reject(fp, row_no, given_id, "E707", f"{type(err).__name__}: {err}"))
                continue
            pending.append((position, row_no, given_id, posting_id, title, month, result, passed, location))

        # Titles are coded for the whole chunk at once: the coder's batch path is vectorized.
        codes = self.builder.code_titles([(p[4], p[6]) for p in pending])
        built: list[_Built] = []
        for (position, row_no, given_id, posting_id, title, month, result, passed, location), coded in zip(pending, codes, strict=True):
            try:
                row = self.builder.posting(posting_id, title, month, result, coded=coded, location=location)
                mentions = self.builder.mentions(posting_id, result) if self.plan.with_mentions else []
            except Exception as err:  # one bad row must not stop a national export
                rejects.append(self._reject(fp, row_no, given_id, "E707", f"{type(err).__name__}: {err}"))
                continue
            built.append(_Built(position, row_no, given_id, row, passed, mentions))

        try:
            postings, mentions = self._tables(fp, table, built)
        except (UnicodeEncodeError, pa.ArrowException, ValueError, TypeError):
            # Some value cannot be written (a lone surrogate from a JSON escape): find the
            # rows that hold one, reject them and build the rest. Costs nothing otherwise.
            good = []
            for item in built:
                where = _unwritable(item)
                if where is None:
                    good.append(item)
                else:
                    rejects.append(self._reject(fp, item.row_no, _writable_text(item.given_id), "E709", where))
            postings, mentions = self._tables(fp, table, good)
        for reject in rejects:
            if isinstance(reject["id"], str):
                reject["id"] = _writable_text(reject["id"])
        rejects.sort(key=lambda r: r["row"])  # parse failures were collected first
        return TaggedChunk(postings, mentions, rejects)

    def _text_problem(self, text: Any, text_columns: list[str]) -> tuple[str, str] | None:
        if text is None:
            return ("E704", f"no text: column {' + '.join(text_columns)} is missing or null")
        if not isinstance(text, str):
            return ("E202", f"text must be a string, got {type(text).__name__}")
        if not text.strip():
            return ("E201", "text is empty or whitespace only")
        if len(text) > self.plan.max_chars:
            return ("E203", f"text has {len(text):,} characters, over the batch limit of {self.plan.max_chars:,} (--max-chars)")
        return None

    def _tables(self, fp: FilePlan, table: pa.Table | None, built: list[_Built]) -> tuple[pa.Table, pa.Table | None]:
        """The posting (and mention) tables of the rows in ``built``."""
        # Columns held as Python lists become Arrow arrays in one go (see batch.arrow);
        # pass-through columns read from Arrow input stay Arrow arrays.
        lists: dict[str, list] = {
            f.name: [item.row[f.name] for item in built] for f in self.schema if f.name in POSTING_COLUMNS
        }
        types = {f.name: f.type for f in self.schema if f.name in POSTING_COLUMNS}
        if self.plan.multi_source:
            lists[SOURCE_COLUMN], types[SOURCE_COLUMN] = [fp.source] * len(built), pa.string()
        ready: dict[str, pa.Array] = {}
        for name, values in self._passthrough(fp, table, built):
            if isinstance(values, list):
                lists[name], types[name] = values, pa.string()
            else:
                ready[name] = values
        ready.update(arrays_from_lists(lists, types))
        arrays = [ready[name] for name in self.schema.names]
        if self.plan.keeps_input_types:
            postings = pa.Table.from_arrays(arrays, names=self.schema.names)
        else:
            postings = pa.Table.from_arrays(arrays, schema=self.schema)
        mentions = None
        if self.plan.with_mentions:
            names = self.mention_schema.names
            rows = [m for item in built for m in item.mentions]
            arrays = arrays_from_lists(
                {name: [row[name] for row in rows] for name in names},
                {f.name: f.type for f in self.mention_schema},
            )
            mentions = pa.Table.from_arrays([arrays[name] for name in names], schema=self.mention_schema)
        return postings, mentions

    @staticmethod
    def _text(record: dict, text_columns: list[str]) -> Any:
        if len(text_columns) == 1:
            return record.get(text_columns[0])
        parts = [record.get(c) for c in text_columns]
        if all(p is None for p in parts):
            return None
        texts = [p for p in parts if isinstance(p, str) and p.strip()]
        if texts:
            return "\n\n".join(texts)
        return next((p for p in parts if p is not None and not isinstance(p, str)), "")

    def _passthrough(self, fp: FilePlan, table: pa.Table | None, built: list[_Built]) -> list[tuple[str, Any]]:
        """(output column, values) of the pass-through columns: an Arrow array, or a list
        of texts when the input rows were parsed in Python."""
        source_of = {out: col for col, out in fp.passthrough}
        out: list[tuple[str, Any]] = []
        indices = None
        for name, kind in self.plan.passthrough_types:
            column = source_of.get(name)
            if column is None:
                out.append((name, pa.nulls(len(built), type=kind or pa.null())))
                continue
            if table is not None and column in table.column_names:
                values = table.column(column)
                if len(built) != table.num_rows:  # some rows were rejected
                    if indices is None:
                        indices = arrays_from_lists({"i": [item.position for item in built]}, {"i": pa.int64()})["i"]
                    values = values.take(indices)
                values = values.combine_chunks()
                if kind is not None and values.type != kind:
                    try:
                        values = values.cast(kind)
                    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
                        values = arrays_from_lists({"v": [_as_text(v) for v in values.to_pylist()]}, {"v": pa.string()})["v"]
                out.append((name, values))
            else:
                out.append((name, [item.passed.get(name) if item.passed else None for item in built]))
        return out


@dataclass
class _Built:
    """One tagged row, held until the chunk's tables are built."""

    position: int  # in the chunk
    row_no: int
    given_id: str | None
    row: dict[str, Any]
    passed: dict[str, str | None] | None  # pass-through texts (rows parsed in Python)
    mentions: list[dict[str, Any]]


def _unwritable(item: _Built) -> str | None:
    """Why a row cannot be written as UTF-8 (the column and value), or None."""
    values = [*item.row.items(), *(item.passed or {}).items()]
    values += [(f"mention {m['skill']} {key}", m[key]) for m in item.mentions for key in ("id", "text")]
    for column, value in values:
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError as err:
                    bad = text[err.start : err.end].encode("unicode_escape").decode("ascii")
                    return f"column {column!r} holds {bad}, a lone surrogate (from a JSON escape) that UTF-8 cannot encode"
    return None


def _writable_text(text: str | None) -> str | None:
    """``text`` with lone surrogates shown as escapes, for the rejects file."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
