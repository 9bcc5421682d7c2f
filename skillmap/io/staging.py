"""Inputs that are not files yet: ``-`` (standard input) and a database query.

Both are copied into the job's staging folder first, so the job reads, chunks and resumes
them like any export file (a resumed job finds the same content, so it skips the chunks
it finished). Standard input's format is sniffed from its content, as for a file without
a known extension.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import BinaryIO

from ..errors import BatchError
from .database import export_rows

STDIN = "-"


def stage_inputs(
    inputs: list[Path],
    staging_dir: Path,
    *,
    db: str | Path | None = None,
    sql: str | None = None,
    table: str | None = None,
    stdin: BinaryIO | None = None,
) -> list[Path]:
    """``inputs`` with ``-`` replaced by a copy of standard input, then the rows of the
    database query (``db`` with ``sql`` or ``table``) as one more input."""
    if (sql is not None or table is not None) and db is None:
        raise BatchError("--sql and --table need --db FILE", code="E711")
    if not any(str(p) == STDIN for p in inputs) and db is None:
        return inputs
    staging_dir.mkdir(parents=True, exist_ok=True)
    staged = []
    for path in inputs:
        if str(path) != STDIN:
            staged.append(path)
            continue
        if staged.count(staging_dir / "stdin"):
            raise BatchError("'-' (standard input) is given more than once", code="E701")
        staged.append(_copy_stdin(staging_dir / "stdin", stdin if stdin is not None else sys.stdin.buffer))
    if db is not None:
        dest = staging_dir / f"{Path(db).name}.{table if table is not None else 'query'}.jsonl"
        export_rows(db, dest, sql=sql, table=table)
        staged.append(dest)
    return staged


def _copy_stdin(dest: Path, stream: BinaryIO | None) -> Path:
    if stream is None or stream.isatty():
        raise BatchError("'-' reads postings from standard input, but nothing is piped in", code="E701")
    tmp = dest.with_name(dest.name + ".tmp")
    with open(tmp, "wb") as handle:
        shutil.copyfileobj(stream, handle, 1 << 20)
    if tmp.stat().st_size == 0:
        tmp.unlink()
        raise BatchError("standard input is empty: no postings to tag", code="E701")
    os.replace(tmp, dest)
    return dest
