"""Postings from a database: a table or SQL query of a DuckDB or SQLite file.

Exports often live in a database. ``skillmap tag --db FILE --table NAME`` (or ``--sql
"SELECT ..."``) runs the query on a read-only connection and streams the rows, through the
DB-API both databases share, into a JSON-lines file that the tagging job then reads like
any other input: resumable (keyed on the rows' content), chunked, with rejects by row.
Dates and times become ISO text, which the date detection reads (`month`); decimals,
UUIDs and blobs become text. Passed-through columns come out as text, as from a CSV file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from ..errors import BatchError

SQLITE_MAGIC = b"SQLite format 3\x00"
DUCKDB_MAGIC = b"DUCK"  # at byte 8 of a DuckDB database file
FETCH_ROWS = 2000


def database_kind(path: Path) -> str:
    """``"sqlite"`` or ``"duckdb"``, from the file's header; BatchError (E711) otherwise."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        raise BatchError(f"{path}: database file not found", code="E711") from None
    except OSError as err:
        raise BatchError(f"{path}: cannot read the database ({err.strerror})", code="E711") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head[8:12] == DUCKDB_MAGIC:
        return "duckdb"
    raise BatchError(f"{path}: not a SQLite or DuckDB database file", code="E711")


def _connect(path: Path, kind: str):
    if kind == "sqlite":
        import sqlite3

        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    import duckdb

    return duckdb.connect(str(path), read_only=True)


def query_for(path: Path, *, sql: str | None, table: str | None) -> str:
    """The query to run: ``sql`` as given, or every row of ``table`` (one quoted name)."""
    if (sql is None) == (table is None):
        raise BatchError(f"{path}: give either --sql or --table with --db, not both or neither", code="E711")
    if table is not None:
        if not table.strip():
            raise BatchError(f"{path}: --table is empty", code="E711")
        return 'SELECT * FROM "{}"'.format(table.replace('"', '""'))
    if not sql.strip():
        raise BatchError(f"{path}: --sql is empty", code="E711")
    return sql


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)  # Decimal, UUID, intervals, nested values


def export_rows(path: str | Path, dest: Path, *, sql: str | None = None, table: str | None = None) -> int:
    """Write the rows of ``sql`` (or ``table``) in database file ``path`` to ``dest`` as
    JSON lines (temp file, then rename); returns the row count. BatchError (E711) names
    the database and what failed: not a database, a bad query, duplicate column names."""
    path = Path(path)
    kind = database_kind(path)
    query = query_for(path, sql=sql, table=table)
    what = f"table {table!r}" if table is not None else "--sql query"
    tmp = dest.with_name(dest.name + ".tmp")
    rows = 0
    try:
        connection = _connect(path, kind)
    except Exception as err:  # locked by a writer, newer file version, ...
        raise BatchError(f"{path}: cannot open the {kind} database ({err})", code="E711") from None
    try:
        cursor = connection.cursor()
        try:
            cursor.execute(query)
        except Exception as err:
            raise BatchError(f"{path}: {what} failed in {kind}: {err}", code="E711") from None
        if cursor.description is None:
            raise BatchError(f"{path}: {what} returns no rows (not a SELECT?)", code="E711")
        names = [column[0] for column in cursor.description]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise BatchError(f"{path}: {what} gives several columns named {', '.join(repeated)}; "
                             "rename them (AS ...)", code="E711")
        with open(tmp, "w", encoding="utf-8") as handle:
            while batch := cursor.fetchmany(FETCH_ROWS):
                for values in batch:
                    handle.write(json.dumps(dict(zip(names, values, strict=True)), default=_json_value) + "\n")
                rows += len(batch)
    except BatchError:
        tmp.unlink(missing_ok=True)
        raise
    except Exception as err:  # an error while fetching rows (bad value, disk full)
        tmp.unlink(missing_ok=True)
        raise BatchError(f"{path}: reading {what} failed after {rows:,} rows: {err}", code="E711") from None
    finally:
        connection.close()
    if rows == 0:
        tmp.unlink(missing_ok=True)
        raise BatchError(f"{path}: {what} returned no rows", code="E711")
    os.replace(tmp, dest)
    return rows
