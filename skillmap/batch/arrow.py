"""Arrow arrays from Python lists, built by Arrow's JSON reader instead of ``pa.array``.

``pa.array`` imports pandas the first time it runs (to ask whether its input is a pandas
object): 0.3-0.5 s and about 50 MB in every batch worker process, which never uses
pandas. Arrow's JSON reader converts the same values without it. Values JSON cannot
carry exactly (NaN, lone surrogates) and unusually large chunks fall back to ``pa.array``;
a test checks both routes give equal arrays.
"""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pyarrow.json as pa_json

# Above this the JSON text of one chunk would be too large to read as one block.
_MAX_JSON_BYTES = 1 << 30
_EPOCH = dt.date(1970, 1, 1)


def _json_value(value: object) -> int:
    """A date as the JSON reader reads a date32: days since the epoch (it refuses ISO text)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return (value - _EPOCH).days
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def arrays_from_lists(columns: dict[str, list], types: dict[str, pa.DataType]) -> dict[str, pa.Array]:
    """One Arrow array per column (all lists the same length), typed by ``types``."""
    names = list(columns)
    schema = pa.schema([pa.field(name, types[name]) for name in names])
    n = len(columns[names[0]]) if names else 0
    if not names or n == 0:
        empty = schema.empty_table()
        return {name: empty.column(name).combine_chunks() for name in names}
    try:
        lines = [
            json.dumps(
                dict(zip(names, values, strict=True)), ensure_ascii=False, allow_nan=False, default=_json_value
            )
            for values in zip(*(columns[name] for name in names), strict=True)
        ]
        data = "\n".join(lines).encode("utf-8")
        if len(data) >= _MAX_JSON_BYTES:
            raise ValueError("chunk too large for one JSON block")
        table = pa_json.read_json(
            pa.BufferReader(data),
            read_options=pa_json.ReadOptions(use_threads=False, block_size=len(data) + 1),
            parse_options=pa_json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error"),
        )
        if table.num_rows != n:
            raise ValueError("row count changed")
        return {name: table.column(name).combine_chunks() for name in names}
    except (ValueError, TypeError, UnicodeEncodeError, pa.ArrowException):
        return {name: pa.array(columns[name], type=types[name]) for name in names}
