"""Tagged output as a report input: files, directories or an in-memory table, checked
against the column contract of :mod:`skillmap.io.schema` before anything is counted.

Both engines read values through the same normalization, spelled out once here (Python)
and once in :mod:`.duck` (SQL), so that their counts agree exactly:

- a skill list is a native list (Parquet, JSON lines, DataFrame) or, in CSV, a string
  holding ids in any common spelling (``["a","b"]``, ``['a', 'b']``, ``a;b``, ``a|b``);
  ids are ``[A-Za-z0-9_]+`` tokens, duplicates inside one posting count once;
- a flag is true when its text is ``true``, ``t``, ``1``, ``yes`` or ``y`` (any case);
- any other value is compared and grouped as text; an empty string is a missing value.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ReportError
from ..io.schema import MENTION_COLUMNS, SKILL_LIST_COLUMNS

FORMATS: dict[str, tuple[str, ...]] = {
    "parquet": (".parquet", ".pq"),
    "csv": (".csv", ".csv.gz"),
    "jsonl": (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz"),
}
LIST_COLUMNS: tuple[str, ...] = (*SKILL_LIST_COLUMNS.values(), "required_skills", "preferred_skills")
REQUIRED_COLUMNS: tuple[str, ...] = LIST_COLUMNS
ID_TOKEN = re.compile(r"[A-Za-z0-9_]+")
ID_TOKEN_SQL = "[A-Za-z0-9_]+"
TRUE_WORDS = ("true", "t", "1", "yes", "y")
# Columns holding lists that --by cannot group on (a posting would sit in several groups).
NON_SCALAR_COLUMNS = (*LIST_COLUMNS, "negated_skills", "license_classes", "shifts")


@dataclass(frozen=True)
class TaggedSource:
    """Where tagged postings come from: files of one format, or an in-memory DataFrame.

    ``columns`` maps every column found to its kind: ``list``, ``bool``, ``number`` or
    ``text``; a column only some files have reads as missing in the others.
    """

    files: tuple[Path, ...] = ()
    format: str = "frame"
    columns: dict[str, str] = field(default_factory=dict)
    frame: Any = None
    skipped: tuple[Path, ...] = ()

    @property
    def name(self) -> str:
        if self.frame is not None:
            return "DataFrame"
        if len(self.files) == 1:
            return str(self.files[0])
        return f"{len(self.files)} {self.format} files"

    @property
    def size_bytes(self) -> int:
        return sum(path.stat().st_size for path in self.files)

    def rows_hint(self) -> int:
        """Rows of a DataFrame or of Parquet files (from their footers); for CSV and JSON
        lines an estimate from the file size (about 300 bytes a row)."""
        if self.frame is not None:
            return len(self.frame)
        if self.format == "parquet":
            import pyarrow.parquet as pq

            return sum(pq.ParquetFile(path).metadata.num_rows for path in self.files)
        return self.size_bytes // 300

    def require(self, column: str, why: str) -> None:
        """Raise E603 naming the input when ``column`` is absent."""
        if column not in self.columns:
            raise ReportError(
                f"{self.name}: no column '{column}' ({why}); columns are: {', '.join(self.columns) or 'none'}",
                code="E603",
            )


def format_of(path: Path) -> str | None:
    name = path.name.lower()
    for fmt, suffixes in FORMATS.items():
        if name.endswith(suffixes):
            return fmt
    return None


def _expand(inputs: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            # Hidden files and the tagger's rejects files (OUTPUT.rejects.jsonl) are not postings.
            found = sorted(p for p in path.rglob("*") if p.is_file() and format_of(p) and not p.name.startswith(".")
                           and ".rejects." not in p.name)
            if not found:
                raise ReportError(f"{path}: directory holds no .parquet, .csv or .jsonl files", code="E601")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ReportError(f"{path}: no such file or directory", code="E601")
    if not files:
        raise ReportError("no tagged input given", code="E601")
    return files


def open_tagged(inputs: str | Path | Sequence[str | Path] | Any) -> TaggedSource:
    """Check tagged input and describe it: files or directories (searched recursively for
    Parquet, CSV or JSON-lines files of one format), a pandas DataFrame, or a list of
    tagged row dicts.

    In a directory, files that look like the per-mention table (``skill`` and
    ``category`` columns, no skill lists) are skipped; named explicitly they are an error.
    Raises ReportError (E601-E604) naming the file and column at fault.
    """
    import pandas as pd

    if isinstance(inputs, list) and inputs and all(isinstance(item, dict) for item in inputs):
        inputs = pd.DataFrame(inputs)  # tagged rows in memory (skillmap.aggregate.tagged_rows)
    if isinstance(inputs, pd.DataFrame):
        columns = {str(c): _frame_kind(inputs[c]) for c in inputs.columns}
        source = TaggedSource(columns=columns, frame=inputs)
        _check_required(source, "DataFrame")
        return source
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    explicit = {Path(i) for i in inputs if Path(i).is_file()}
    files = _expand(inputs)
    formats = {format_of(p) for p in files}
    if None in formats:
        bad = next(p for p in files if format_of(p) is None)
        raise ReportError(
            f"{bad}: unknown format; tagged output is .parquet, .csv or .jsonl (optionally .gz)",
            code="E602",
        )
    if len(formats) > 1:
        listed = ", ".join(sorted(f for f in formats if f))
        raise ReportError(f"tagged input mixes formats ({listed}); give files of one format", code="E602")
    fmt = formats.pop()
    columns: dict[str, str] = {}
    kept: list[Path] = []
    skipped: list[Path] = []
    for path in files:
        file_columns = _file_columns(path, fmt)
        missing = [c for c in REQUIRED_COLUMNS if c not in file_columns]
        if missing and path not in explicit and {"skill", "category"} <= set(file_columns):
            skipped.append(path)  # the mentions table beside the postings table
            continue
        if missing:
            hint = ""
            if set(MENTION_COLUMNS) <= set(file_columns):
                hint = " (this is a per-mention file; report on the per-posting file)"
            raise ReportError(
                f"{path}: no column '{missing[0]}' (a skill list of the tagged-output contract){hint}",
                code="E603",
            )
        for name, kind in file_columns.items():
            columns.setdefault(name, kind)
        kept.append(path)
    if not kept:
        raise ReportError("no per-posting tagged files found (only mention files)", code="E601")
    return TaggedSource(files=tuple(kept), format=fmt, columns=columns, skipped=tuple(skipped))


def _check_required(source: TaggedSource, name: str) -> None:
    for column in REQUIRED_COLUMNS:
        if column not in source.columns:
            raise ReportError(f"{name}: no column '{column}' (a skill list of the tagged-output contract)", code="E603")


def _frame_kind(series) -> str:
    from pandas.api import types

    if types.is_bool_dtype(series):
        return "bool"
    if types.is_numeric_dtype(series):
        return "number"
    sample = series.dropna().head(50)
    if len(sample) and all(isinstance(v, (list, tuple)) or _is_array(v) for v in sample):
        return "list"
    return "text"


def _is_array(value: Any) -> bool:
    return type(value).__name__ == "ndarray"


def _arrow_kind(arrow_type) -> str:
    import pyarrow as pa

    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return "list"
    if pa.types.is_boolean(arrow_type):
        return "bool"
    if pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        return "number"
    return "text"


def _file_columns(path: Path, fmt: str) -> dict[str, str]:
    """Column name -> kind of one file, read from its schema or first lines."""
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            schema = pq.read_schema(path)
            return {name: _arrow_kind(schema.field(name).type) for name in schema.names}
        if fmt == "csv":
            import csv

            with open_text(path) as handle:
                header = next(csv.reader(handle), None)
            if not header:
                raise ReportError(f"{path}: empty CSV file (no header line)", code="E601")
            return {name: "text" for name in header}
        return _jsonl_columns(path)
    except ReportError:
        raise
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ReportError(f"{path}: cannot read {fmt} file ({err})", code="E601") from None
    except Exception as err:  # pyarrow raises its own types for corrupt files
        raise ReportError(f"{path}: cannot read {fmt} file ({type(err).__name__}: {err})", code="E601") from None


def open_text(path: Path):
    if path.name.lower().endswith(".gz"):
        import gzip

        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _jsonl_columns(path: Path, sample: int = 1000) -> dict[str, str]:
    columns: dict[str, str] = {}
    with open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            if number > sample:
                break
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ReportError(f"{path}: line {number} is not valid JSON ({err.msg})", code="E604") from None
            if not isinstance(row, dict):
                raise ReportError(f"{path}: line {number} is not a JSON object", code="E604")
            for key, value in row.items():
                kind = "list" if isinstance(value, list) else "bool" if isinstance(value, bool) else (
                    "number" if isinstance(value, (int, float)) else "text")
                if value is not None and columns.get(key) in (None, "null"):
                    columns[key] = kind
                else:
                    columns.setdefault(key, "null" if value is None else kind)
    if not columns:
        raise ReportError(f"{path}: empty file (no JSON lines)", code="E601")
    return {k: ("text" if v == "null" else v) for k, v in columns.items()}


# -- value normalization (the Python half; duck.py holds the SQL half) -----------------

def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def to_id_set(value: Any) -> frozenset[str]:
    """The distinct skill ids of one list cell (see the module docstring)."""
    if isinstance(value, str):
        return frozenset(ID_TOKEN.findall(value))
    if isinstance(value, (list, tuple)) or _is_array(value):
        return frozenset(str(v) for v in value if not is_missing(v))
    return frozenset()


def to_flag(value: Any) -> bool:
    if is_missing(value):
        return False
    return str(value).strip().lower() in TRUE_WORDS


# Tagged files store `month` as a date (first of the month); older files and hand-made
# tables as "YYYY-MM" text. Both engines group, filter and compare it as "YYYY-MM".
MONTH_COLUMN = "month"


def month_text(value: Any) -> str | None:
    """A `month` cell as "YYYY-MM" text (a date or "YYYY-MM-DD" is cut to its month)."""
    text = to_text(value)
    return None if text is None else text[:7]


def to_text(value: Any) -> str | None:
    """A scalar as the text both engines group and compare on; '' counts as missing."""
    if is_missing(value):
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        number = float(value)
        if number.is_integer() and abs(number) < 1e15:
            return f"{number:.1f}"
        return repr(number)
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat().replace("T", " ") if type(value).__name__ != "date" else value.isoformat()
    text = str(value)
    return text if text != "" else None
