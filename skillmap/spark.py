"""Tag a Spark DataFrame of postings on a cluster: the rows of ``skillmap tag``, computed
by ``mapInPandas`` on the executors.

    from skillmap.spark import tag_dataframe, mentions_dataframe
    postings = spark.read.parquet("s3://bucket/postings/")
    tagged = tag_dataframe(postings)                 # one row per good posting
    tagged.write.parquet("s3://bucket/tagged/")

Needs ``pip install "skillmap[spark]"`` on the driver and skillmap on every executor (the
pipeline ships inside the package; each Python worker loads it once). Columns are
detected as in ``skillmap tag`` (top-level columns; select nested fields first). Spark
has no row numbers, so the input needs an id column. Rows that ``skillmap tag`` would
reject are left out of ``tag_dataframe`` and listed by ``rejects_dataframe``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .batch.tagger import DEFAULT_MAX_CHARS, FilePlan, JobPlan, output_name
from .errors import BatchError
from .io.columns import ColumnRoles, detect_columns
from .io.schema import MENTION_COLUMNS, POSTING_COLUMNS

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["find_java_home", "local_session", "mentions_dataframe", "rejects_dataframe", "tag_dataframe"]

_REJECT_COLUMNS = {"id": "string", "code": "string", "reason": "string"}
# One tagger per executor Python process and job plan; Spark reuses its Python workers.
_TAGGERS: dict[str, Any] = {}


def find_java_home() -> str | None:
    """JAVA_HOME, else the JVM of ``java`` on the PATH, else one under /usr/lib/jvm; None
    when this machine has no Java (Spark cannot start then)."""
    if os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java").exists():
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    if java:
        return str(Path(java).resolve().parents[1])
    for candidate in sorted(Path("/usr/lib/jvm").glob("*/bin/java"), reverse=True):
        return str(candidate.parents[1])
    return None


def local_session(cores: int = 2, app_name: str = "skillmap"):
    """A small local-mode SparkSession for laptops and tests: this Python on the workers,
    no UI, few shuffle partitions, JAVA_HOME found when unset."""
    java_home = find_java_home()
    if java_home is None:
        raise BatchError("Spark needs a Java runtime (17 or later): install one or set JAVA_HOME", code="E700")
    os.environ.setdefault("JAVA_HOME", java_home)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(max(cores, 1)))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def _spark_type(kind: str):
    from pyspark.sql import types as T

    return {
        "string": T.StringType(),
        "float": T.DoubleType(),
        "int": T.LongType(),
        "bool": T.BooleanType(),
        "date": T.DateType(),
        "list<string>": T.ArrayType(T.StringType()),
    }[kind]


def _plan(df: DataFrame, roles: ColumnRoles, max_chars: int, mentions: bool) -> JobPlan:
    taken = {name.lower() for name in POSTING_COLUMNS}
    passthrough = []
    for column in df.columns:
        if column in roles.consumed():
            continue
        name = output_name(column, taken)
        taken.add(name.lower())
        passthrough.append((column, name))
    files = [FilePlan("spark", "spark", roles, passthrough)]
    # Pass-through types None: each batch keeps its Arrow types and Spark's schema (below)
    # types the result.
    return JobPlan(files, [(name, None) for _, name in passthrough], max_chars=max_chars, with_mentions=mentions)


def _roles(df: DataFrame, **overrides) -> ColumnRoles:
    roles = detect_columns(df.columns, **overrides)
    if roles.id is None:
        raise BatchError(
            f"Spark input needs an id column (rows have no stable number); columns seen: {', '.join(df.columns)}. "
            "Name it with id_col=.",
            code="E702",
        )
    return roles


def _tagger(plan: JobPlan, extensions: tuple):
    key = json.dumps([plan.describe(), list(extensions)], sort_keys=True)
    tagger = _TAGGERS.get(key)
    if tagger is None:
        from .batch.pipeline import load_for_batch
        from .batch.tagger import ChunkTagger

        tagger = _TAGGERS[key] = ChunkTagger(plan, load_for_batch(extensions))
    return tagger


def _mapper(plan: JobPlan, extensions: tuple, what: str):
    def run(batches: Iterable) -> Iterator:
        import pandas as pd
        import pyarrow as pa

        from .io.readers import Chunk

        tagger = _tagger(plan, extensions)
        for pdf in batches:
            batch = pa.RecordBatch.from_pandas(pdf, preserve_index=False)
            tagged = tagger.tag(Chunk(0, 0, 1, "arrow", batch, 0.0))
            if what == "postings":
                yield tagged.postings.to_pandas()
            elif what == "mentions":
                yield tagged.mentions.to_pandas()
            else:
                yield pd.DataFrame(
                    [{k: r[k] for k in _REJECT_COLUMNS} for r in tagged.rejects], columns=list(_REJECT_COLUMNS)
                )

    return run


def _map(df: DataFrame, what: str, *, extensions: Iterable[str], max_chars: int, **overrides) -> DataFrame:
    from pyspark.sql import types as T

    roles = _roles(df, **overrides)
    plan = _plan(df, roles, max_chars, mentions=what == "mentions")
    if what == "postings":
        fields = [T.StructField(name, _spark_type(kind)) for name, (kind, _) in POSTING_COLUMNS.items()]
        by_name = {f.name: f for f in df.schema.fields}
        for column, name in plan.files[0].passthrough:
            fields.append(T.StructField(name, by_name[column].dataType))
    elif what == "mentions":
        fields = [T.StructField(name, _spark_type(kind)) for name, (kind, _) in MENTION_COLUMNS.items()]
    else:
        fields = [T.StructField(name, _spark_type(kind)) for name, kind in _REJECT_COLUMNS.items()]
    return df.mapInPandas(_mapper(plan, tuple(str(e) for e in extensions), what), T.StructType(fields))


def tag_dataframe(
    df: DataFrame,
    *,
    id_col: str | None = None,
    title_col: str | None = None,
    text_cols: list[str] | None = None,
    company_col: str | None = None,
    date_col: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    extensions: Iterable[str] = (),
) -> DataFrame:
    """One row per good posting with the columns of ``skillmap tag`` (lazy, like any
    Spark transformation)."""
    return _map(
        df, "postings", extensions=extensions, max_chars=max_chars, id_col=id_col, title_col=title_col,
        text_cols=text_cols, company_col=company_col, date_col=date_col,
    )


def mentions_dataframe(
    df: DataFrame,
    *,
    id_col: str | None = None,
    title_col: str | None = None,
    text_cols: list[str] | None = None,
    company_col: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    extensions: Iterable[str] = (),
) -> DataFrame:
    """One row per skill mention (the ``--mentions`` table)."""
    return _map(
        df, "mentions", extensions=extensions, max_chars=max_chars, id_col=id_col, title_col=title_col,
        text_cols=text_cols, company_col=company_col,
    )


def rejects_dataframe(
    df: DataFrame,
    *,
    id_col: str | None = None,
    text_cols: list[str] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    extensions: Iterable[str] = (),
) -> DataFrame:
    """The rows ``tag_dataframe`` leaves out: id, code (E201 empty, E202 not a string, E203
    too long, E204 binary, E704 no text) and reason."""
    return _map(df, "rejects", extensions=extensions, max_chars=max_chars, id_col=id_col, text_cols=text_cols)
