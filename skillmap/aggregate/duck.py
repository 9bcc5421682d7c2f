"""The DuckDB engine: counts straight from the files, out of core.

Every query streams: skill lists are ``unnest``-ed and aggregated on (category, skill[,
group]) keys, so memory depends on the number of distinct keys, not on the number of
postings; a report over 50 million rows needs about what one over 50 thousand does.
Aggregates that outgrow ``memory_limit`` spill to a temporary directory.

The SQL mirrors the Python normalization in :mod:`.sources` exactly.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ReportError
from ..io.schema import EDUCATION_ORDER, SKILL_LIST_COLUMNS
from .sources import ID_TOKEN_SQL, TRUE_WORDS, TaggedSource
from .tally import Tallies, TallyRequest

FILE_COLUMN = "_skillmap_file"
DEFAULT_MEMORY_LIMIT = os.environ.get("SKILLMAP_DUCKDB_MEMORY", "2GB")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_text(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def text_list(values) -> str:
    return "[" + ", ".join(quote_text(v) for v in values) + "]::VARCHAR[]"


@contextmanager
def connect(memory_limit: str | None = None, threads: int | None = None) -> Iterator:
    import duckdb

    with tempfile.TemporaryDirectory(prefix="skillmap-duckdb-") as spill:
        config = {
            "memory_limit": memory_limit or DEFAULT_MEMORY_LIMIT,
            "temp_directory": spill,
            "preserve_insertion_order": False,
        }
        if threads:
            config["threads"] = threads
        con = duckdb.connect(config=config)
        try:
            yield con
        finally:
            con.close()


class DuckQuery:
    """SQL expressions over one tagged source, normalized like :mod:`.sources`."""

    def __init__(self, con, source: TaggedSource):
        self.con = con
        self.source = source
        if source.frame is not None:
            con.register("skillmap_tagged_frame", source.frame)
            self.relation = "skillmap_tagged_frame"
            self.has_file = False
        else:
            files = "[" + ", ".join(quote_text(str(p)) for p in source.files) + "]"
            file_opt = f"filename={quote_text(FILE_COLUMN)}"
            if source.format == "parquet":
                self.relation = f"read_parquet({files}, union_by_name=true, {file_opt})"
            elif source.format == "csv":
                self.relation = f"read_csv({files}, all_varchar=true, header=true, union_by_name=true, {file_opt})"
            else:
                self.relation = f"read_json({files}, format='newline_delimited', union_by_name=true, {file_opt})"
            self.has_file = True
        try:
            described = con.execute(f"DESCRIBE SELECT * FROM {self.relation}").fetchall()
        except Exception as err:  # duckdb raises IOException, InvalidInputException, ...
            raise ReportError(f"{source.name}: cannot read ({type(err).__name__}: {err})", code="E601") from None
        self.types = {row[0]: row[1] for row in described}

    # -- normalized columns ---------------------------------------------------------------
    def id_list(self, column: str) -> str:
        col = quote_ident(column)
        sql_type = self.types.get(column, "NULL").upper()
        if column not in self.types or sql_type in ("NULL", "JSON"):
            if sql_type == "JSON":
                return f"coalesce(list_distinct(regexp_extract_all(CAST({col} AS VARCHAR), '{ID_TOKEN_SQL}')), [])"
            return "[]::VARCHAR[]"
        if sql_type.endswith("[]") or sql_type.startswith("LIST"):
            if sql_type.startswith("JSON"):
                items = f"list_transform({col}, lambda x: json_extract_string(x, '$'))"
            else:
                items = f"CAST({col} AS VARCHAR[])"
            return f"coalesce(list_distinct({items}), [])"
        return f"coalesce(list_distinct(regexp_extract_all(CAST({col} AS VARCHAR), '{ID_TOKEN_SQL}')), [])"

    def text(self, column: str) -> str:
        if column not in self.types:
            return "CAST(NULL AS VARCHAR)"
        return f"NULLIF(CAST({quote_ident(column)} AS VARCHAR), '')"

    def flag(self, column: str) -> str:
        words = ", ".join(quote_text(w) for w in TRUE_WORDS)
        return f"coalesce(lower(trim(CAST({quote_ident(column)} AS VARCHAR))) IN ({words}), false)"

    def all_skills(self) -> str:
        lists = ", ".join(self.id_list(c) for c in SKILL_LIST_COLUMNS.values())
        return f"list_concat({lists})"

    # -- filters ----------------------------------------------------------------------------
    def conditions(self, request: TallyRequest) -> list[tuple[str, str]]:
        """(step name, SQL condition) for each active filter, in funnel order."""
        f = request.filters
        out: list[tuple[str, str]] = []
        for step in f.steps():
            if step == "ev_related":
                any_ev = f"len(list_intersect({self.all_skills()}, {text_list(sorted(request.ev_skills))})) > 0"
                out.append((step, f"({self.flag('ev_related')} OR {any_ev})" if request.use_ev_column else any_ev))
            elif step == "max_education":
                edu = self.text("education_level")
                levels = ", ".join(quote_text(v) for v in f.education_levels)
                unstated = f" OR {edu} IS NULL" if f.education_unstated_eligible else ""
                out.append((step, f"({edu} IN ({levels}){unstated})"))
            elif step == "include_soc":
                soc = self.text("soc_code")
                any_prefix = " OR ".join(f"starts_with({soc}, {quote_text(p)})" for p in f.include_prefixes)
                out.append((step, f"({soc} IS NOT NULL AND ({any_prefix}))"))
            elif step == "exclude_soc":
                soc = self.text("soc_code")
                any_prefix = " OR ".join(f"starts_with({soc}, {quote_text(p)})" for p in f.exclude_prefixes)
                out.append((step, f"({soc} IS NULL OR NOT ({any_prefix}))"))
            elif step == "months":
                month = f"left({self.text('month')}, 7)"
                bounds = [f"{month} >= {quote_text(f.since)}"] if f.since else []
                bounds += [f"{month} <= {quote_text(f.until)}"] if f.until else []
                out.append((step, f"coalesce({' AND '.join(bounds)}, false)"))
        for where in f.where:
            col = self.text(where.column)
            if where.op == "=":
                cond = f"coalesce({col} IN ({', '.join(quote_text(v) for v in where.values)}), false)"
            elif where.op == "!=":
                cond = f"({col} IS DISTINCT FROM {quote_text(where.value)})"
            else:
                cond = f"coalesce({col} {where.op} {quote_text(where.value)}, false)"
            out.append((f"where:{where}", cond))
        return out

    def where_all(self, request: TallyRequest) -> str:
        conds = [c for _, c in self.conditions(request)]
        return " AND ".join(conds) if conds else "true"

    # -- queries ----------------------------------------------------------------------------
    def check_education(self) -> None:
        """E604 when education_level holds values outside the schema's levels."""
        edu = self.text("education_level")
        where_file = f", any_value({quote_ident(FILE_COLUMN)})" if self.has_file else ", NULL"
        rows = self.con.execute(
            f"SELECT {edu} AS edu, count(*){where_file} FROM {self.relation} "
            f"WHERE {edu} IS NOT NULL AND {edu} NOT IN ({', '.join(quote_text(v) for v in EDUCATION_ORDER)}) "
            f"GROUP BY edu ORDER BY count(*) DESC LIMIT 3"
        ).fetchall()
        if rows:
            value, count, file = rows[0]
            where = file or self.source.name
            raise ReportError(
                f"{where}: column 'education_level' has {count:,} value(s) {value!r} outside "
                f"{', '.join(EDUCATION_ORDER)}; --max-education needs the tagged levels",
                code="E604",
            )

    def tally(self, request: TallyRequest) -> Tallies:
        if request.filters.max_education:
            self.check_education()
        out = Tallies()
        steps = self.conditions(request)
        running: list[str] = []
        counts = ["count(*)"]
        for _, cond in steps:
            running.append(cond)
            counts.append(f"count(*) FILTER (WHERE {' AND '.join(running)})")
        row = self.con.execute(f"SELECT {', '.join(counts)} FROM {self.relation}").fetchone()
        out.funnel = [("input", int(row[0]))] + [(name, int(n)) for (name, _), n in zip(steps, row[1:], strict=True)]
        out.postings = out.funnel[-1][1]
        where = self.where_all(request)
        groups = list(request.groupings)
        group_cols = [f"{self.text(g)} AS g{i}" for i, g in enumerate(groups)]
        for by in groups:
            rows = self.con.execute(
                f"SELECT {self.text(by)} AS g, count(*) FROM {self.relation} WHERE {where} GROUP BY g"
            ).fetchall()
            out.group_postings[by] = {value: int(n) for value, n in rows}
            out.group_skills[by] = {}
        self._skills(request, where, groups, group_cols, out)
        if request.pairs:
            self._pairs(where, out)
        return out

    def _skills(self, request, where, groups, group_cols, out: Tallies) -> None:
        items = ", ".join(
            f"list_transform({self.id_list(column)}, lambda v: {{'c': {quote_text(category)}, 's': v}})"
            for category, column in SKILL_LIST_COLUMNS.items()
        )
        g_select = "".join(f", {c}" for c in group_cols)
        g_names = "".join(f", g{i}" for i in range(len(groups)))
        sets = ["(category, skill)"] + [f"(category, skill, g{i})" for i in range(len(groups))]
        grouping = f"grouping({', '.join(f'g{i}' for i in range(len(groups)))})" if groups else "0"
        sql = f"""
            WITH f AS (
                SELECT list_concat({items}) AS items,
                       {self.id_list('required_skills')} AS req,
                       {self.id_list('preferred_skills')} AS pref{g_select}
                FROM {self.relation} WHERE {where}
            ),
            u AS (SELECT unnest(items) AS it, req, pref{g_names} FROM f),
            v AS (SELECT it.c AS category, it.s AS skill, req, pref{g_names} FROM u)
            SELECT {grouping} AS gid, category, skill{g_names}, count(*) AS n,
                   count(*) FILTER (WHERE list_contains(req, skill)) AS n_req,
                   count(*) FILTER (WHERE list_contains(pref, skill)) AS n_pref
            FROM v GROUP BY GROUPING SETS ({', '.join(sets)})
        """
        n_groups = len(groups)
        for row in self.con.execute(sql).fetchall():
            gid, category, skill = row[0], row[1], row[2]
            values = row[3 : 3 + n_groups]
            n, n_req, n_pref = (int(x) for x in row[3 + n_groups :])
            if gid == (1 << n_groups) - 1 or not n_groups:
                out.skills[(category, skill)] = (n, n_req, n_pref)
                continue
            # grouping() sets bit (n-1-i) for every g_i left out: exactly one is kept.
            for i in range(n_groups):
                if not gid & (1 << (n_groups - 1 - i)):
                    out.group_skills[groups[i]][(values[i], category, skill)] = (n, n_req, n_pref)

    def _pairs(self, where: str, out: Tallies) -> None:
        sql = f"""
            WITH f AS (SELECT list_distinct({self.all_skills()}) AS l FROM {self.relation} WHERE {where}),
            u AS (SELECT unnest(l) AS a, l FROM f)
            SELECT a, b, count(*) FROM (SELECT a, unnest(list_filter(l, lambda x: x >= a)) AS b FROM u)
            GROUP BY a, b
        """
        out.pairs = {(a, b): int(n) for a, b, n in self.con.execute(sql).fetchall()}


def tally(source: TaggedSource, request: TallyRequest, *, memory_limit: str | None = None, threads: int | None = None) -> Tallies:
    with connect(memory_limit, threads) as con:
        try:
            return DuckQuery(con, source).tally(request)
        except ReportError:
            raise
        except Exception as err:  # a value DuckDB cannot convert, a file that breaks mid-scan
            raise ReportError(f"{source.name}: cannot count ({type(err).__name__}: {err})", code="E604") from None
