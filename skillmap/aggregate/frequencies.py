"""Skill-frequency reports: per category, skills ranked by the number and share of postings
that demand them, with how often they are required or only preferred; optionally a
skill × group table and co-occurring pairs.

    report = frequency_report("tagged.parquet", filters=load_preset("hra-2025").to_filters(), by="soc_code")
    report.to_dict()            # the `skillmap report --json` document
    report.frame("specialized") # a ranked DataFrame
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import ReportError
from ..io.schema import SKILL_LIST_COLUMNS
from ..text.clean import replace_surrogates
from .filters import Filters, soc_structure
from .proportions import DEFAULT_MIN_N, check_min_n, wilson_interval
from .sources import NON_SCALAR_COLUMNS, TaggedSource, open_tagged
from .tally import Tallies, TallyRequest

CATEGORIES: tuple[str, ...] = tuple(SKILL_LIST_COLUMNS)
ENGINES = ("auto", "duckdb", "pandas")
# "auto" counts in pandas only below this many rows: DuckDB is faster from about 10k on.
PANDAS_MAX_ROWS = 10_000
MONTH_VALUE = re.compile(r"^\d{4}-\d{2}")


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True)
class SkillCount:
    """One skill in one table: ``count`` of ``postings`` demand it; of those,
    ``required`` ask for it as required somewhere and ``preferred`` only as preferred."""

    id: str
    label: str
    category: str
    count: int
    required: int
    preferred: int
    postings: int

    @property
    def share(self) -> float:
        return _ratio(self.count, self.postings)

    @property
    def interval(self) -> tuple[float, float]:
        """95% Wilson interval of ``share``."""
        return wilson_interval(self.count, self.postings)

    @property
    def share_low(self) -> float:
        return self.interval[0]

    @property
    def share_high(self) -> float:
        return self.interval[1]

    @property
    def required_share(self) -> float:
        return _ratio(self.required, self.count)

    @property
    def preferred_share(self) -> float:
        return _ratio(self.preferred, self.count)

    def to_dict(self) -> dict[str, Any]:
        low, high = self.interval
        return {"id": self.id, "label": self.label, "count": self.count, "share": self.share,
                "share_low": low, "share_high": high, "required_share": self.required_share}


@dataclass(frozen=True)
class Group:
    value: str | None
    label: str | None
    postings: int
    categories: dict[str, list[SkillCount]]
    below_min_n: bool = False
    """Fewer postings than the report's ``min_n``: the group's shares are unreliable."""

    @property
    def name(self) -> str:
        return "(none)" if self.value is None else self.value

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "postings": self.postings, "below_min_n": self.below_min_n,
                "categories": {c: [s.to_dict() for s in rows] for c, rows in self.categories.items()}}


@dataclass(frozen=True)
class GroupTable:
    """Skill × group: the report's selected skills counted within each group."""

    by: str
    groups: list[Group]

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "values": [g.to_dict() for g in self.groups]}


@dataclass(frozen=True)
class PairCount:
    """Two skills demanded by the same postings. ``lift`` > 1: together more often than
    their shares alone would predict."""

    a: str
    b: str
    a_label: str
    b_label: str
    count: int
    a_count: int
    b_count: int
    postings: int

    @property
    def share(self) -> float:
        return _ratio(self.count, self.postings)

    @property
    def lift(self) -> float:
        return _ratio(self.count * self.postings, self.a_count * self.b_count)

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "a_label": self.a_label, "b_label": self.b_label,
                "count": self.count, "share": self.share, "lift": self.lift}


@dataclass
class FrequencyReport:
    postings: int
    filters: Filters
    funnel: list[tuple[str, int]]
    categories: dict[str, list[SkillCount]]
    by: str | None = None
    groups: dict[str, GroupTable] = field(default_factory=dict)
    pairs: list[PairCount] | None = None
    source: str = ""
    engine: str = ""
    min_n: int = DEFAULT_MIN_N
    """Shares over fewer postings are marked as unreliable (see :mod:`.proportions`)."""
    provenance: dict[str, Any] = field(default_factory=dict)
    """What made the report and its inputs (see :func:`input_provenance`)."""

    @property
    def below_min_n(self) -> bool:
        return self.postings < self.min_n

    @property
    def warnings(self) -> list[str]:
        """What makes the numbers unreliable: too few postings counted (the CLI repeats
        these on stderr)."""
        out = mixed_provenance_warnings(self.provenance)
        if self.postings and self.below_min_n:
            out.append(f"only {self.postings:,} posting{'s' if self.postings != 1 else ''} counted, fewer than the "
                       f"minimum of {self.min_n} (--min-n): shares are unreliable, see their 95% intervals")
        return out

    @property
    def notes(self) -> list[str]:
        """Warnings for the reader: too few postings counted, a filter step that left no
        postings and why it may have."""
        out = list(self.warnings)
        for (_, before), (step, after) in zip(self.funnel, self.funnel[1:], strict=False):
            if before and not after:
                hint = {"months": " (postings without a month are dropped: does the input have dates?)",
                        "max_education": " (is education_level filled?)",
                        "include_soc": " (postings without a SOC code are dropped)"}.get(step, "")
                out.append(f"the {step} filter left no postings{hint}")
        return out

    @property
    def input_postings(self) -> int:
        return self.funnel[0][1] if self.funnel else self.postings

    def filters_dict(self) -> dict[str, Any]:
        data = self.filters.to_dict()
        data["postings_before_filters"] = self.input_postings
        data["funnel"] = [{"step": name, "postings": n} for name, n in self.funnel]
        return data

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` document: postings, filters, categories (+ groups, pairs)."""
        data: dict[str, Any] = {
            "postings": self.postings,
            "min_n": self.min_n,
            "below_min_n": self.below_min_n,
            "warnings": self.notes,
            "filters": self.filters_dict(),
            "categories": {c: [s.to_dict() for s in rows] for c, rows in self.categories.items()},
        }
        if self.by:
            data["groups"] = self.groups[self.by].to_dict()
        if self.pairs is not None:
            data["pairs"] = [p.to_dict() for p in self.pairs]
        data["provenance"] = {**self.provenance, "filters": self.filters.to_dict(), "min_n": self.min_n}
        return data

    def frame(self, category: str):
        """One category's ranked skills as a DataFrame."""
        import pandas as pd

        return pd.DataFrame(
            [{"rank": i, "id": s.id, "label": s.label, "count": s.count, "share": s.share,
              "share_low": s.share_low, "share_high": s.share_high, "required": s.required, "preferred": s.preferred, "required_share": s.required_share,
              "preferred_share": s.preferred_share} for i, s in enumerate(self.categories[category], 1)],
            columns=["rank", "id", "label", "count", "share", "share_low", "share_high", "required", "preferred", "required_share", "preferred_share"],
        )

    def selected(self) -> list[SkillCount]:
        """The reported skills of all categories, most demanded first."""
        rows = [s for c in CATEGORIES for s in self.categories.get(c, [])]
        return sorted(rows, key=lambda s: (-s.count, s.id))


# -- building -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _default_taxonomy():
    from ..taxonomy import load_taxonomy

    return load_taxonomy()


def _labels(taxonomy) -> tuple[dict[str, str], set[str], dict[str, str]]:
    """Skill labels, EV/EVSE-specific ids and broader links (bundled taxonomy by default)."""
    skills = (taxonomy or _default_taxonomy()).skills
    return ({s.id: s.label for s in skills}, {s.id for s in skills if s.ev_specific},
            {s.id: s.broader for s in skills if s.broader})


def _source(tagged) -> TaggedSource:
    return tagged if isinstance(tagged, TaggedSource) else open_tagged(tagged)


def check_grouping(source: TaggedSource, by: str) -> None:
    if by not in source.columns:
        raise ReportError(
            f"{source.name}: --by {by!r}: no such column; columns are: {', '.join(source.columns)}",
            code="E606",
        )
    if by in NON_SCALAR_COLUMNS or source.columns[by] == "list":
        raise ReportError(f"{source.name}: --by {by!r} holds lists; group by a column with one value per posting", code="E606")


def build_request(source: TaggedSource, filters: Filters, taxonomy_info, groupings: Sequence[str], pairs: bool) -> TallyRequest:
    labels, ev_specific, _ = taxonomy_info
    unknown = [s for s in filters.ev_skills_extra if s not in labels]
    if unknown:
        raise ReportError(f"--ev-skill {unknown[0]!r}: not a skill id of the taxonomy", code="E605")
    for column in filters.columns():
        source.require(column, "needed by the filters")
    for where in filters.where:
        if where.column in NON_SCALAR_COLUMNS or source.columns.get(where.column) == "list":
            raise ReportError(f"{source.name}: --where {where}: column holds lists", code="E605")
    use_column = "ev_related" in source.columns
    ev_skills = frozenset(filters.ev_skills_extra) if use_column else frozenset(ev_specific | set(filters.ev_skills_extra))
    return TallyRequest(filters=filters, ev_skills=ev_skills, use_ev_column=use_column,
                        groupings=tuple(dict.fromkeys(groupings)), pairs=pairs)


def choose_engine(source: TaggedSource, engine: str) -> str:
    if engine not in ENGINES:
        raise ReportError(f"--engine {engine!r}: expected one of {', '.join(ENGINES)}", code="E605")
    if engine != "auto":
        return engine
    return "pandas" if source.rows_hint() <= PANDAS_MAX_ROWS else "duckdb"


def run_tally(source: TaggedSource, request: TallyRequest, engine: str, memory_limit: str | None = None) -> Tallies:
    if engine == "duckdb":
        from . import duck

        return duck.tally(source, request, memory_limit=memory_limit)
    from . import frame

    return frame.tally(source, request)


# `--by county` / `--by cbsa` group by the codes (county names repeat across states) and
# show the names as labels.
REGION_GROUPINGS = {"county": "county_fips", "cbsa": "cbsa_code"}


def group_label(by: str, value: str | None) -> str | None:
    """Readable name of a group value: SOC or proposed EV/EVSE code, state, county, CBSA."""
    if value is None:
        return None
    if by in ("state", "county_fips", "cbsa_code"):
        from ..io.locations import reference

        ref = reference()
        if by == "state":
            return ref.state_names.get(value)
        if by == "cbsa_code":
            return ref.cbsa_titles.get(value)
        name = ref.county_names.get(value)
        return f"{name}, {ref.county_state[value]}" if name else None
    if by in ("soc_code", "soc_major"):
        return soc_structure().get(value.split(".")[0])
    if by == "proposed_code":
        from ..occupations.reference import proposed_occupations

        proposed = proposed_occupations().get(value)
        return proposed.title if proposed else None
    return None


def frequency_report(
    tagged,
    *,
    filters: Filters | None = None,
    by: str | None = None,
    top: int = 25,
    min_postings: int = 1,
    pairs: bool = False,
    pairs_sort: str = "count",
    extra_groupings: Sequence[str] = (),
    engine: str = "auto",
    taxonomy=None,
    memory_limit: str | None = None,
    min_n: int = DEFAULT_MIN_N,
) -> FrequencyReport:
    """Count skills in tagged output (paths, a directory, a DataFrame or a TaggedSource).

    ``top`` keeps the N most demanded skills per category (0: all); ``min_postings`` drops
    skills fewer postings demand. ``by`` adds a skill × group table over the selected
    skills; ``extra_groupings`` adds more (the HTML page's occupations and months) when
    those columns exist. ``pairs`` adds co-occurring skill pairs sorted by ``count`` or
    ``lift``. ``min_n``: shares over fewer postings are marked as unreliable (the report,
    its groups and months). Raises ReportError (E6xx).
    """
    check_min_n(min_n)
    if top < 0 or min_postings < 0:
        raise ReportError("--top and --min-postings must not be negative", code="E605")
    if pairs_sort not in ("count", "lift"):
        raise ReportError(f"--pairs-sort {pairs_sort!r}: expected count or lift", code="E605")
    source = _source(tagged)
    filters = (filters or Filters()).for_columns(source.columns)
    info = _labels(taxonomy)
    by = REGION_GROUPINGS.get(by, by)
    groupings: list[str] = []
    if by:
        check_grouping(source, by)
        groupings.append(by)
    for extra in extra_groupings:
        if extra in source.columns and source.columns[extra] != "list" and extra not in NON_SCALAR_COLUMNS:
            groupings.append(extra)
    request = build_request(source, filters, info, groupings, pairs)
    chosen = choose_engine(source, engine)
    tallies = run_tally(source, request, chosen, memory_limit)
    report = assemble(tallies, filters, info, by=by, top=top, min_postings=min_postings,
                      pairs_sort=pairs_sort if pairs else None, source=source.name, engine=chosen, min_n=min_n)
    report.provenance = input_provenance(source)
    return report


def input_provenance(source: TaggedSource) -> dict[str, Any]:
    """The skillmap version making the report, and what each distinct tagging run of the
    inputs recorded (Parquet key-value metadata; CSV, JSON lines and DataFrames record
    none and count as ``untracked_files``)."""
    from .. import __version__
    from ..provenance import read_parquet_provenance

    runs: list[dict[str, Any]] = []
    untracked = 0
    for path in source.files:
        found = read_parquet_provenance(path) if source.format == "parquet" else None
        if found is None:
            untracked += 1
            continue
        for run in runs:
            if {k: v for k, v in run.items() if k != "files"} == found:
                run["files"] += 1
                break
        else:
            runs.append({**found, "files": 1})
    return {"skillmap_version": __version__, "tagged_by": runs, "untracked_files": untracked}


def mixed_provenance_warnings(provenance: dict[str, Any]) -> list[str]:
    runs = provenance.get("tagged_by") or []
    if len(runs) < 2:
        return []
    from ..provenance import describe

    return ["the inputs were tagged by different skillmap versions, taxonomies or models: "
            + "; ".join(f"{run['files']} file{'s' if run['files'] != 1 else ''} by {describe(run)}" for run in runs)]


def assemble(tallies: Tallies, filters: Filters, taxonomy_info, *, by, top, min_postings, pairs_sort, source, engine,
             min_n: int = DEFAULT_MIN_N) -> FrequencyReport:
    labels, _, broader = taxonomy_info
    n = tallies.postings
    categories: dict[str, list[SkillCount]] = {}
    for category in CATEGORIES:
        rows = [
            SkillCount(skill, labels.get(skill, skill), category, c[0], c[1], c[2], n)
            for (cat, skill), c in tallies.skills.items()
            if cat == category and c[0] >= max(min_postings, 1)
        ]
        rows.sort(key=lambda s: (-s.count, s.id))
        categories[category] = rows[:top] if top else rows
    report = FrequencyReport(postings=n, filters=filters, funnel=tallies.funnel, categories=categories,
                             by=by, source=source, engine=engine, min_n=min_n)
    for grouping, postings in tallies.group_postings.items():
        cells = tallies.group_skills.get(grouping, {})
        groups = []
        for raw_value, group_n in postings.items():
            # A value read from bad JSON escapes may hold lone surrogates: no output could write it.
            value = replace_surrogates(raw_value) if isinstance(raw_value, str) else raw_value
            group_categories = {
                category: [
                    SkillCount(s.id, s.label, category, *cells.get((raw_value, category, s.id), (0, 0, 0)), group_n)
                    for s in categories[category]
                ]
                for category in CATEGORIES
            }
            groups.append(Group(value, group_label(grouping, value), group_n, group_categories, group_n < min_n))
        chronological = grouping == "month" or (groups and all(g.value and MONTH_VALUE.match(g.value) for g in groups))
        if chronological:
            groups.sort(key=lambda g: (g.value is None, g.value or ""))
        else:
            groups.sort(key=lambda g: (-g.postings, g.value is None, g.value or ""))
        report.groups[grouping] = GroupTable(grouping, groups)
    if pairs_sort:
        report.pairs = _pairs(tallies, labels, broader, n, top, min_postings, pairs_sort)
    return report


def _ancestors(skill: str, broader: dict[str, str]) -> set[str]:
    out, parent = set(), broader.get(skill)
    while parent and parent not in out:
        out.add(parent)
        parent = broader.get(parent)
    return out


def _pairs(tallies: Tallies, labels, broader, n, top, min_postings, sort) -> list[PairCount]:
    singles = {a: c for (a, b), c in tallies.pairs.items() if a == b}
    rows = []
    for (a, b), count in tallies.pairs.items():
        if a == b or count < max(min_postings, 1):
            continue
        if a in _ancestors(b, broader) or b in _ancestors(a, broader):
            continue  # a child implies its parent: their co-occurrence says nothing
        rows.append(PairCount(a, b, labels.get(a, a), labels.get(b, b), count, singles[a], singles[b], n))
    if sort == "lift":
        rows.sort(key=lambda p: (-p.lift, -p.count, p.a, p.b))
    else:
        rows.sort(key=lambda p: (-p.count, -p.lift, p.a, p.b))
    return rows[:top] if top else rows
