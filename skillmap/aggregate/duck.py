"""The DuckDB engine: counts straight from the files, out of core.

Every query streams: skill lists are ``unnest``-ed and aggregated on (category, skill[,
group]) keys, so memory depends on the number of distinct keys, not on the number of
postings; a report over 50 million rows needs about what one over 50 thousand does.
Aggregates that outgrow ``memory_limit`` spill to a temporary directory.

The SQL mirrors the Python normalization in :mod:`.sources` exactly.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ReportError
from ..io.schema import EDUCATION_ORDER, SKILL_LIST_COLUMNS
from .sources import ID_TOKEN_SQL, MONTH_COLUMN, TRUE_WORDS, TaggedSource
from .tally import Tallies, TallyRequest

FILE_COLUMN = "_skillmap_file"
# Up to this many (skill, group values) keys, skills are counted on the finest grouping and
# added up in Python; beyond, DuckDB's GROUPING SETS keep one small table per grouping.
FINEST_GROUPING_MAX = 250_000
DEFAULT_MEMORY_LIMIT = os.environ.get("SKILLMAP_DUCKDB_MEMORY", "2GB")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_text(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


@contextmanager
def connect(memory_limit: str | None = None, threads: int | None = None) -> Iterator:
    import duckdb

    with tempfile.TemporaryDirectory(prefix="skillmap-duckdb-") as spill:
        config = {
            "memory_limit": memory_limit or DEFAULT_MEMORY_LIMIT,
            "temp_directory": spill,
            "preserve_insertion_order": False,
            # The file cache would keep every Parquet block read, up to memory_limit, for the
            # next scan of the same file: memory would grow with the input. Streaming is the point.
            "enable_external_file_cache": False,
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
        """A VARCHAR[] of the column's ids (duplicates kept: the counting queries skip them)."""
        col = quote_ident(column)
        sql_type = self.types.get(column, "NULL").upper()
        if sql_type == "VARCHAR[]":
            return f"coalesce({col}, [])"
        if sql_type.startswith("JSON") and sql_type.endswith("[]"):
            return f"coalesce(list_transform({col}, lambda x: json_extract_string(x, '$')), [])"
        if sql_type.endswith("[]") or sql_type.startswith("LIST"):
            return f"coalesce(CAST({col} AS VARCHAR[]), [])"
        if column not in self.types or sql_type == "NULL":
            return "[]::VARCHAR[]"
        return f"coalesce(regexp_extract_all(CAST({col} AS VARCHAR), '{ID_TOKEN_SQL}'), [])"

    def text(self, column: str) -> str:
        if column not in self.types:
            return "CAST(NULL AS VARCHAR)"
        text = f"NULLIF(CAST({quote_ident(column)} AS VARCHAR), '')"
        return f"left({text}, 7)" if column == MONTH_COLUMN else text  # as sources.month_text

    def flag(self, column: str) -> str:
        if self.types.get(column, "").upper() == "BOOLEAN":
            return f"coalesce({quote_ident(column)}, false)"
        words = ", ".join(quote_text(w) for w in TRUE_WORDS)
        return f"coalesce(lower(trim(CAST({quote_ident(column)} AS VARCHAR))) IN ({words}), false)"

    def all_skills(self) -> str:
        lists = ", ".join(self.id_list(c) for c in SKILL_LIST_COLUMNS.values())
        return f"list_distinct(list_concat({lists}))"

    def any_of(self, skills) -> str:
        """The posting demands any of ``skills`` (in any category list)."""
        if not skills:
            return "false"
        lists = [self.id_list(c) for c in SKILL_LIST_COLUMNS.values()]
        if len(skills) <= 3:  # a few list_contains are cheaper than a lambda per row
            tests = [f"list_contains({items}, {quote_text(skill)})" for items in lists for skill in sorted(skills)]
        else:
            values = "(" + ", ".join(quote_text(v) for v in sorted(skills)) + ")"
            tests = [f"len(list_filter({items}, lambda x: x IN {values})) > 0" for items in lists]
        return "(" + " OR ".join(tests) + ")"

    # -- filters ----------------------------------------------------------------------------
    def conditions(self, request: TallyRequest) -> list[tuple[str, str]]:
        """(step name, SQL condition) for each active filter, in funnel order."""
        f = request.filters
        out: list[tuple[str, str]] = []
        for step in f.steps():
            if step == "ev_related":
                any_ev = self.any_of(request.ev_skills)
                if request.use_ev_column:
                    any_ev = self.flag("ev_related") + (f" OR {any_ev}" if request.ev_skills else "")
                out.append((step, f"({any_ev})"))
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
                month = self.text(MONTH_COLUMN)
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
        groups = list(request.groupings)
        self._postings(request, groups, out)
        where = self.where_all(request)
        self._skills(where, groups, out)
        if request.pairs:
            self._pairs(where, out)
        return out

    def _postings(self, request: TallyRequest, groups: list[str], out: Tallies) -> None:
        """One scan: the funnel (postings left after each filter) and postings per group."""
        steps = self.conditions(request)
        flags = [f"{cond} AS f{i}" for i, (_, cond) in enumerate(steps)]
        g_cols = [f"{self.text(g)} AS g{i}" for i, g in enumerate(groups)]
        counts = ["count(*)"] + [
            f"count(*) FILTER (WHERE {' AND '.join(f'f{j}' for j in range(i + 1))})" for i in range(len(steps))
        ]
        g_names = [f"g{i}" for i in range(len(groups))]
        sets = ", ".join(["()"] + [f"({g})" for g in g_names])
        grouping = f"grouping({', '.join(g_names)})" if groups else "0"
        inner = ", ".join(flags + g_cols) or "1 AS one"
        sql = (f"SELECT {grouping} AS gid{''.join(', ' + g for g in g_names)}, {', '.join(counts)} "
               f"FROM (SELECT {inner} FROM {self.relation}) GROUP BY GROUPING SETS ({sets})")
        for by in groups:
            out.group_postings[by] = {}
            out.group_skills[by] = {}
        everything = (1 << len(groups)) - 1
        for row in self.con.execute(sql).fetchall():
            gid, values, numbers = row[0], row[1 : 1 + len(groups)], [int(n) for n in row[1 + len(groups) :]]
            if gid == everything or not groups:
                out.funnel = [("input", numbers[0])] + [(name, n) for (name, _), n in zip(steps, numbers[1:], strict=True)]
                out.postings = numbers[-1]
                continue
            for i, by in enumerate(groups):
                if not gid & (1 << (len(groups) - 1 - i)) and numbers[-1]:
                    out.group_postings[by][values[i]] = numbers[-1]

    def _skills(self, where: str, groups: list[str], out: Tallies) -> None:
        """One scan per category list: unnest, skip repeated ids, count per skill and group,
        and how often the skill is also in the required/preferred lists."""
        g_names = [f"g{i}" for i in range(len(groups))]
        g_cols = "".join(f", {self.text(g)} AS g{i}" for i, g in enumerate(groups))
        g_list = "".join(f", {g}" for g in g_names)
        parts = []
        for category, column in SKILL_LIST_COLUMNS.items():
            items = self.id_list(column)
            parts.append(
                f"SELECT {quote_text(category)} AS category, s, req, pref{g_list} FROM ("
                f"SELECT unnest(l) AS s, generate_subscripts(l, 1) AS i, l, req, pref{g_list} FROM ("
                f"SELECT {items} AS l, {self.id_list('required_skills')} AS req, "
                f"{self.id_list('preferred_skills')} AS pref{g_cols} FROM {self.relation} WHERE {where})"
                f") WHERE list_position(l, s) = i"
            )
        union = " UNION ALL ".join(parts)
        counts = ("count(*), count(*) FILTER (WHERE list_contains(req, s)), "
                  "count(*) FILTER (WHERE list_contains(pref, s))")
        n_groups = len(groups)
        combinations = math.prod(len(out.group_postings[g]) + 1 for g in groups) * 64
        if groups and combinations <= FINEST_GROUPING_MAX:
            # Few group combinations: count once per (skill, every group column) and add up
            # here; cheaper than one hash table per grouping set.
            sql = f"SELECT category, s{g_list}, {counts} FROM ({union}) GROUP BY ALL"
            for row in self.con.execute(sql).fetchall():
                category, skill, values = row[0], row[1], row[2 : 2 + n_groups]
                numbers = tuple(int(x) for x in row[2 + n_groups :])
                _add(out.skills, (category, skill), numbers)
                for by, value in zip(groups, values, strict=True):
                    _add(out.group_skills[by], (value, category, skill), numbers)
            return
        sets = ", ".join(["(category, s)"] + [f"(category, s, {g})" for g in g_names])
        grouping = f"grouping({', '.join(g_names)})" if groups else "0"
        sql = f"SELECT {grouping} AS gid, category, s{g_list}, {counts} FROM ({union}) GROUP BY GROUPING SETS ({sets})"
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
            SELECT a, b, count(*) FROM (
                SELECT a, unnest(list_filter(l, lambda x: x >= a)) AS b FROM (
                    SELECT unnest(l) AS a, l FROM (SELECT {self.all_skills()} AS l FROM {self.relation} WHERE {where})))
            GROUP BY a, b
        """
        out.pairs = {(a, b): int(n) for a, b, n in self.con.execute(sql).fetchall()}


def _add(table: dict, key: tuple, numbers: tuple[int, int, int]) -> None:
    old = table.get(key, (0, 0, 0))
    table[key] = (old[0] + numbers[0], old[1] + numbers[1], old[2] + numbers[2])


def tally(source: TaggedSource, request: TallyRequest, *, memory_limit: str | None = None, threads: int | None = None) -> Tallies:
    with connect(memory_limit, threads) as con:
        try:
            return DuckQuery(con, source).tally(request)
        except ReportError:
            raise
        except Exception as err:  # a value DuckDB cannot convert, a file that breaks mid-scan
            raise ReportError(f"{source.name}: cannot count ({type(err).__name__}: {err})", code="E604") from None
