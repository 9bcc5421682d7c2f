"""The pandas engine: loads the needed columns into memory and counts in Python.

Meant for small inputs and in-memory DataFrames (notebooks); it is also the reference the
DuckDB engine is tested against, so it is written for clarity, not speed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ..errors import ReportError
from ..io.schema import EDUCATION_ORDER, SKILL_LIST_COLUMNS
from .sources import (
    LIST_COLUMNS,
    MONTH_COLUMN,
    TaggedSource,
    month_text,
    open_text,
    to_flag,
    to_id_set,
    to_text,
)
from .tally import Tallies, TallyRequest

FILE_COLUMN = "_skillmap_file"


def load_frame(source: TaggedSource, columns: list[str]):
    """The given columns of every file as one DataFrame of Python objects (plus the file)."""
    import pandas as pd

    if source.frame is not None:
        present = [c for c in columns if c in source.frame.columns]
        frame = source.frame[present].copy()
        frame[FILE_COLUMN] = "DataFrame"
        return frame
    parts = []
    for path in source.files:
        try:
            part = _read(path, source.format, columns)
        except ReportError:
            raise
        except Exception as err:  # parser errors of pyarrow, pandas, json
            raise ReportError(f"{path}: cannot read ({type(err).__name__}: {err})", code="E601") from None
        part[FILE_COLUMN] = str(path)
        parts.append(part)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*columns, FILE_COLUMN])


def _read(path: Path, fmt: str, columns: list[str]):
    import pandas as pd

    if fmt == "parquet":
        import pyarrow.parquet as pq

        names = pq.read_schema(path).names
        table = pq.read_table(path, columns=[c for c in columns if c in names])
        # Python objects, not pandas dtypes: integers with nulls stay integers.
        return pd.DataFrame({name: pd.Series(table.column(name).to_pylist(), dtype=object) for name in table.column_names},
                            index=range(table.num_rows))
    if fmt == "csv":
        header = pd.read_csv(path, nrows=0).columns
        return pd.read_csv(path, usecols=[c for c in columns if c in header], dtype=str,
                           keep_default_na=False, na_values=[""])
    rows = []
    with open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ReportError(f"{path}: line {number} is not valid JSON ({err.msg})", code="E604") from None
            rows.append({c: row.get(c) for c in columns})
    return pd.DataFrame(rows, columns=columns, dtype=object)


def tally(source: TaggedSource, request: TallyRequest) -> Tallies:
    f = request.filters
    needed = list(dict.fromkeys([*LIST_COLUMNS, *f.columns(), *request.groupings]))
    if f.ev_related and request.use_ev_column:
        needed.append("ev_related")
    frame = load_frame(source, needed)
    n = len(frame)

    def column(name: str) -> list:
        values = list(frame[name]) if name in frame.columns else [None] * n
        return [month_text(v) for v in values] if name == MONTH_COLUMN else values

    lists = {c: [to_id_set(v) for v in column(c)] for c in LIST_COLUMNS}
    every = [frozenset().union(*(lists[c][i] for c in SKILL_LIST_COLUMNS.values())) for i in range(n)]

    if f.max_education:
        for value, file in zip(column("education_level"), column(FILE_COLUMN), strict=True):
            text = to_text(value)
            if text is not None and text not in EDUCATION_ORDER:
                raise ReportError(
                    f"{file}: column 'education_level' has value {text!r} outside {', '.join(EDUCATION_ORDER)}; "
                    "--max-education needs the tagged levels",
                    code="E604",
                )

    keep = [True] * n
    funnel = [("input", n)]
    for step, passes in _conditions(request, column, every, n):
        keep = [k and p for k, p in zip(keep, passes, strict=True)]
        funnel.append((step, sum(keep)))

    out = Tallies(postings=sum(keep), funnel=funnel)
    group_values = {by: [to_text(v) for v in column(by)] for by in request.groupings}
    for by in request.groupings:
        out.group_postings[by] = dict(Counter(v for v, k in zip(group_values[by], keep, strict=True) if k))
        out.group_skills[by] = {}
    counters: dict[tuple, list[int]] = {}
    group_counters: dict[str, dict[tuple, list[int]]] = {by: {} for by in request.groupings}
    for i in range(n):
        if not keep[i]:
            continue
        required, preferred = lists["required_skills"][i], lists["preferred_skills"][i]
        for category, list_column in SKILL_LIST_COLUMNS.items():
            for skill in lists[list_column][i]:
                add = (1, skill in required, skill in preferred)
                _add(counters, (category, skill), add)
                for by in request.groupings:
                    _add(group_counters[by], (group_values[by][i], category, skill), add)
        if request.pairs:
            ids = sorted(every[i])
            for a_index, a in enumerate(ids):
                for b in ids[a_index:]:
                    out.pairs[(a, b)] = out.pairs.get((a, b), 0) + 1
    out.skills = {key: tuple(v) for key, v in counters.items()}
    for by in request.groupings:
        out.group_skills[by] = {key: tuple(v) for key, v in group_counters[by].items()}
    return out


def _add(counters: dict, key: tuple, add: tuple) -> None:
    slot = counters.setdefault(key, [0, 0, 0])
    slot[0] += add[0]
    slot[1] += add[1]
    slot[2] += add[2]


def _conditions(request: TallyRequest, column, every, n):
    """(step name, per-row pass list) for each active filter, in funnel order."""
    f = request.filters
    for step in f.steps():
        if step == "ev_related":
            ev_skills = request.ev_skills
            flags = [to_flag(v) for v in column("ev_related")] if request.use_ev_column else [False] * n
            yield step, [flag or bool(ids & ev_skills) for flag, ids in zip(flags, every, strict=True)]
        elif step == "max_education":
            levels = set(f.education_levels)
            values = [to_text(v) for v in column("education_level")]
            yield step, [v in levels or (v is None and f.education_unstated_eligible) for v in values]
        elif step == "include_soc":
            prefixes = f.include_prefixes
            yield step, [s is not None and s.startswith(prefixes) for s in map(to_text, column("soc_code"))]
        elif step == "exclude_soc":
            prefixes = f.exclude_prefixes
            yield step, [s is None or not s.startswith(prefixes) for s in map(to_text, column("soc_code"))]
        elif step == "months":
            months = [to_text(v) for v in column("month")]
            yield step, [
                m is not None and (f.since is None or m[:7] >= f.since) and (f.until is None or m[:7] <= f.until)
                for m in months
            ]
    for where in f.where:
        values = [to_text(v) for v in column(where.column)]
        if where.op == "=":
            allowed = set(where.values)
            passes = [v in allowed for v in values]
        elif where.op == "!=":
            passes = [v != where.value for v in values]
        else:
            compare = {">=": str.__ge__, "<=": str.__le__, ">": str.__gt__, "<": str.__lt__}[where.op]
            passes = [v is not None and compare(v, where.value) for v in values]
        yield f"where:{where}", passes
