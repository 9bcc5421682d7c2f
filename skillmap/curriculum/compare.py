"""Compare what programs teach with what postings demand.

Demand comes from tagged postings through :func:`skillmap.aggregate.frequency_report`: a
skill's **demand share** is the share of the selected postings that demand it (required
or preferred; a child skill implies its parent).

**Demanded skills** are those with demand share >= ``min_share`` (default 0.05: at least
5% of the selected postings). **Coverage** is demand-weighted::

    coverage = sum(share(s) for s in demanded if s in taught) / sum(share(s) for s in demanded)

and ``coverage_by_category[c]`` is the same sum restricted to demanded skills of category
``c`` (``None`` when no skill of ``c`` reaches ``min_share``; overall coverage is 0.0 when
no skill does). **Gaps** are demanded skills not taught, most demanded first;
**surplus** are taught skills that are not demanded: share under ``min_share``, or no
selected posting demands them at all (share 0), least demanded first. Prerequisites do
not count as taught.

    demand = demand_table("tagged.parquet", filters=Filters(ev_related=True))
    result = compare_program(program, demand)       # program: ProgramSkills
    result.coverage, result.gaps[:5], result.to_dict()
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..aggregate.filters import Filters, Where, combine
from ..aggregate.frequencies import CATEGORIES, SkillCount, frequency_report
from ..aggregate.sources import TaggedSource, open_tagged
from ..errors import CurriculumError, ReportError
from .taught import ProgramSkills

DEFAULT_MIN_SHARE = 0.05
# Below these the demand set says little about EV/EVSE work: coverage would mostly
# measure common skills (a software-postings set gives "83% coverage").
FEW_EV_POSTINGS = 20
RARE_EV_SHARE = 0.05
EVIDENCE_PER_GAP = 3
_EPSILON = 1e-12
SOC_RE = re.compile(r"^\d{2}(-\d{0,4})?\*?$")
PROPOSED_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
CATEGORY_NAMES = {"specialized": "specialized skills", "common": "common skills", "qualification": "qualifications"}


# -- demand --------------------------------------------------------------------------------

@dataclass
class DemandTable:
    """Skill demand among the selected postings: every skill at least one demands."""

    postings: int
    skills: list[SkillCount]
    filters: Filters
    funnel: list[tuple[str, int]] = field(default_factory=list)
    source: str = ""
    occupations: tuple[str, ...] = ()
    selected_ids: frozenset[str] | None = None
    """Ids of the selected postings, when filters drop some (for evidence)."""
    ev_postings: int | None = None
    """How many of the selected postings demand any EV/EVSE skill (None: not counted)."""

    def __post_init__(self) -> None:
        self._by_id = {s.id: s for s in self.skills}

    def get(self, skill_id: str) -> SkillCount | None:
        return self._by_id.get(skill_id)

    def share(self, skill_id: str) -> float:
        skill = self._by_id.get(skill_id)
        return skill.share if skill else 0.0

    def warnings(self) -> list[str]:
        """Why the demand set may not say much about EV/EVSE work: it has no or very few
        EV/EVSE postings (fewer than FEW_EV_POSTINGS, or under RARE_EV_SHARE of them)."""
        ev, n = self.ev_postings, self.postings
        if ev is None or n == 0:
            return []
        if ev == 0:
            return [f"none of the {n:,} selected postings demands an EV/EVSE skill: coverage measures general "
                    "demand (mostly common skills), not EV/EVSE demand"]
        if ev / n < RARE_EV_SHARE:
            return [f"only {ev:,} of the {n:,} selected postings ({ev / n:.1%}) demand an EV/EVSE skill: shares and "
                    "coverage mostly reflect other work; try --ev-related"]
        if ev < FEW_EV_POSTINGS:
            return [f"only {ev:,} of the selected postings demand an EV/EVSE skill: shares of so few postings are "
                    f"uncertain (fewer than {FEW_EV_POSTINGS})"]
        return []

    def demanded(self, min_share: float) -> list[SkillCount]:
        """Skills with share >= ``min_share``, most demanded first."""
        return sorted((s for s in self.skills if s.share >= min_share - _EPSILON), key=lambda s: (-s.share, s.id))

    def to_dict(self, min_share: float, taught: set[str] | None = None) -> list[dict[str, Any]]:
        rows = []
        for s in sorted(self.skills, key=lambda s: (-s.count, s.id)):
            row = {"id": s.id, "label": s.label, "category": s.category, "count": s.count, "share": s.share,
                   "required_share": s.required_share, "demanded": s.share >= min_share - _EPSILON}
            if taught is not None:
                row["taught"] = s.id in taught
            rows.append(row)
        return rows


def occupation_filters(base: Filters, occupations: Sequence[str], groups: Sequence[str] = ()) -> Filters:
    """Add ``--occupation`` values: SOC codes or prefixes (``47-2111``, ``49-``), proposed
    codes (``49-2093.91``) or GJRP groups (matched without regard to case against
    ``groups``, the values present in the data)."""
    include_soc: list[str] = []
    proposed: list[str] = []
    named: list[str] = []
    by_lower = {g.lower(): g for g in groups}
    for value in (v.strip() for raw in occupations for v in str(raw).split(",")):
        if PROPOSED_RE.match(value):
            proposed.append(value)
        elif SOC_RE.match(value):
            include_soc.append(value)
        elif value:
            found = by_lower.get(value.lower())
            if found is None:
                listed = ", ".join(sorted(groups)) or "none (the data has no gjrp_group values)"
                raise CurriculumError(
                    f"--occupation {value!r}: not a SOC code and not a GJRP group of the data; groups: {listed}",
                    code="E811",
                )
            named.append(found)
    where: list[Where] = []
    if proposed:
        where.append(Where("proposed_code", "=", "|".join(proposed)))
    if named:
        where.append(Where("gjrp_group", "=", "|".join(named)))
    try:
        return combine(base, include_soc=include_soc, where=where)
    except ReportError as err:
        raise CurriculumError(f"--occupation: {err.message}", code="E811") from None


def _group_values(tagged, filters: Filters, engine: str, taxonomy) -> list[str]:
    try:
        report = frequency_report(tagged, filters=filters, by="gjrp_group", top=1, engine=engine, taxonomy=taxonomy)
    except ReportError as err:
        if err.code == "E606":
            return []
        raise
    return [g.value for g in report.groups["gjrp_group"].groups if g.value is not None]


def _needs_groups(occupations: Sequence[str]) -> bool:
    values = [v.strip() for o in occupations for v in str(o).split(",") if v.strip()]
    return any(not (PROPOSED_RE.match(v) or SOC_RE.match(v)) for v in values)


def demand_table(
    tagged,
    *,
    filters: Filters | None = None,
    occupations: Sequence[str] = (),
    engine: str = "auto",
    taxonomy=None,
    selected_ids: bool = False,
) -> DemandTable:
    """Demand shares among the postings the filters (and ``occupations``) select.

    ``tagged`` is what :func:`skillmap.aggregate.frequency_report` reads (files,
    directories, a DataFrame). With ``selected_ids`` the ids of the selected postings are
    kept (to pick evidence from a mentions file). Raises ReportError (E6xx) for unusable
    tagged input, CurriculumError E811 for a bad occupation, E812 when no posting is left.
    """
    filters = filters or Filters()
    source = tagged if isinstance(tagged, TaggedSource) else open_tagged(tagged)
    if occupations:
        groups = _group_values(source, filters, engine, taxonomy) if _needs_groups(occupations) else []
        filters = occupation_filters(filters, occupations, groups)
    report = frequency_report(source, filters=filters, top=0, min_postings=1, engine=engine, taxonomy=taxonomy)
    if report.postings == 0:
        steps = ", ".join(f"{name}: {n:,}" for name, n in report.funnel)
        raise CurriculumError(f"{report.source}: no postings left for the demand table ({steps})", code="E812")
    skills = [s for c in CATEGORIES for s in report.categories.get(c, [])]
    ids = None
    if selected_ids and filters.steps():
        by_id = frequency_report(source, filters=filters, by="id", top=1, engine=engine, taxonomy=taxonomy)
        ids = frozenset(str(g.value) for g in by_id.groups["id"].groups if g.value is not None)
    if filters.ev_related:
        ev_postings = report.postings
    else:
        ev_postings = frequency_report(source, filters=replace(filters, ev_related=True), top=1, engine=engine,
                                       taxonomy=taxonomy).postings
    return DemandTable(postings=report.postings, skills=skills, filters=filters, funnel=report.funnel,
                       source=report.source, occupations=tuple(occupations), selected_ids=ids, ev_postings=ev_postings)


# -- evidence from a mentions file -------------------------------------------------------------

MENTION_NEEDED = ("id", "skill")


def read_mention_evidence(path: str | Path, skill_ids: set[str], *, selected_ids: frozenset[str] | None = None,
                          limit: int = EVIDENCE_PER_GAP) -> dict[str, list[dict[str, Any]]]:
    """Example demanded mentions of ``skill_ids`` from a per-mention file (``skillmap tag
    --mentions`` output: Parquet, CSV or JSON lines): up to ``limit`` per skill from
    different postings, required ones first. Raises CurriculumError E810."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise CurriculumError(f"{path}: no such mentions file", code="E810")
    name = path.name.lower()
    try:
        if name.endswith((".parquet", ".pq")):
            import pyarrow.parquet as pq

            present = pq.read_schema(path).names
            wanted = [c for c in ("id", "skill", "requirement", "section", "text") if c in present]
            frame = pq.read_table(path, columns=wanted).to_pandas()
        elif name.endswith((".csv", ".csv.gz")):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        elif name.endswith((".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")):
            frame = pd.read_json(path, lines=True, dtype=False)
        else:
            raise CurriculumError(f"{path}: mentions file must be .parquet, .csv or .jsonl", code="E810")
    except CurriculumError:
        raise
    except Exception as err:  # pyarrow, pandas and json parser errors
        raise CurriculumError(f"{path}: cannot read mentions ({type(err).__name__}: {err})", code="E810") from None
    missing = [c for c in MENTION_NEEDED if c not in frame.columns]
    if missing:
        raise CurriculumError(
            f"{path}: no column '{missing[0]}'; a mentions file has one row per mention with id, skill, "
            "requirement and text", code="E810")
    frame = frame[frame["skill"].astype(str).isin(skill_ids)]
    if "requirement" in frame.columns:
        frame = frame[frame["requirement"].astype(str).isin(("required", "preferred"))]
    if selected_ids is not None:
        frame = frame[frame["id"].astype(str).isin(selected_ids)]
    out: dict[str, list[dict[str, Any]]] = {}
    seen: dict[str, set[str]] = {}
    rank = {"required": 0, "preferred": 1}
    records = frame.to_dict("records")
    records.sort(key=lambda r: (rank.get(str(r.get("requirement")), 2), str(r["id"])))
    for record in records:
        skill, posting = str(record["skill"]), str(record["id"])
        if posting in seen.setdefault(skill, set()) or len(out.get(skill, ())) >= limit:
            continue
        seen[skill].add(posting)
        item = {"posting": posting}
        for key in ("text", "requirement", "section"):
            value = record.get(key)
            if value is not None and value == value and value != "":
                item[key] = str(value)
        out.setdefault(skill, []).append(item)
    return out


# -- comparison --------------------------------------------------------------------------------

class _SkillRecord:
    """``to_dict`` of the per-skill records below: every field in order, an optional one
    (default None) left out while unset."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: value for f in fields(self)
                if (value := getattr(self, f.name)) is not None or f.default is not None}


@dataclass(frozen=True)
class SkillGap(_SkillRecord):
    """A demanded skill the program does not teach."""

    id: str
    label: str
    category: str
    demand_share: float
    required_share: float
    count: int
    prerequisite: bool = False
    """The program asks for it on entry instead."""
    evidence: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class SurplusSkill(_SkillRecord):
    """A taught skill that fewer than ``min_share`` of the postings demand."""

    id: str
    label: str
    category: str
    demand_share: float
    count: int
    hours: float | None = None


@dataclass(frozen=True)
class CoveredSkill(_SkillRecord):
    """A demanded skill the program teaches."""

    id: str
    label: str
    category: str
    demand_share: float
    required_share: float
    count: int
    hours: float | None = None


@dataclass
class Comparison:
    """One program against one demand table."""

    program: ProgramSkills
    demand: DemandTable
    min_share: float
    taught: list[str]
    prerequisites: list[str]
    coverage: float
    coverage_by_category: dict[str, float | None]
    covered: list[CoveredSkill]
    gaps: list[SkillGap]
    surplus: list[SurplusSkill]

    @property
    def name(self) -> str:
        return self.program.name

    @property
    def demanded_count(self) -> int:
        return len(self.covered) + len(self.gaps)

    def summary(self) -> str:
        return comparison_summary(self)

    def to_dict(self, *, demand: bool = True) -> dict[str, Any]:
        """The ``skillmap compare --json`` document (contract keys first)."""
        program = self.program.to_dict()
        data: dict[str, Any] = {
            "taught": self.taught,
            "prerequisites": self.prerequisites,
            "coverage": self.coverage,
            "coverage_by_category": dict(self.coverage_by_category),
            "gaps": [g.to_dict() for g in self.gaps],
            "surplus": [s.to_dict() for s in self.surplus],
            "program": self.program.name,
            "summary": self.summary(),
            "postings": self.demand.postings,
            "ev_postings": self.demand.ev_postings,
            "warnings": self.demand.warnings(),
            "min_share": self.min_share,
            "demanded": self.demanded_count,
            "covered": [c.to_dict() for c in self.covered],
            "not_taught": program["not_taught"],
            "taught_details": program["taught_details"],
            "files": program["files"],
            "problems": program["problems"],
            "filters": self.demand.filters.to_dict() | {"occupations": list(self.demand.occupations)},
            "source": self.demand.source,
        }
        if demand:
            data["demand"] = self.demand.to_dict(self.min_share, set(self.taught))
        return data


def check_min_share(min_share: float) -> float:
    try:
        value = float(min_share)
    except (TypeError, ValueError):
        raise CurriculumError(f"--min-share {min_share!r}: expected a number in [0, 1]", code="E811") from None
    if not 0 <= value <= 1 or value != value:
        raise CurriculumError(f"--min-share {min_share!r}: expected a share in [0, 1], e.g. 0.05 for 5% of postings",
                              code="E811")
    return value


def compare_program(program: ProgramSkills, demand: DemandTable, *, min_share: float = DEFAULT_MIN_SHARE,
                    evidence: dict[str, list[dict[str, Any]]] | None = None) -> Comparison:
    """Coverage, gaps and surplus of one program (see the module docstring for the
    formulas). ``evidence`` maps gap skill ids to example posting mentions; without it
    gaps carry no evidence."""
    min_share = check_min_share(min_share)
    taught = program.taught_ids()
    prerequisites = program.prerequisite_ids()
    hours = program.hours()
    demanded = demand.demanded(min_share)
    covered = [CoveredSkill(s.id, s.label, s.category, s.share, s.required_share, s.count, hours.get(s.id))
               for s in demanded if s.id in taught]
    gaps = [SkillGap(s.id, s.label, s.category, s.share, s.required_share, s.count, s.id in prerequisites,
                     None if evidence is None else evidence.get(s.id, []))
            for s in demanded if s.id not in taught]
    demanded_ids = {s.id for s in demanded}
    surplus = []
    for skill_id in taught - demanded_ids:
        found = demand.get(skill_id)
        surplus.append(SurplusSkill(
            skill_id, found.label if found else program.labels.get(skill_id, skill_id),
            found.category if found else program.categories.get(skill_id, "specialized"),
            found.share if found else 0.0, found.count if found else 0, hours.get(skill_id)))
    surplus.sort(key=lambda s: (s.demand_share, s.id))
    total = sum(s.share for s in demanded)
    coverage = sum(s.share for s in demanded if s.id in taught) / total if total > 0 else 0.0
    by_category: dict[str, float | None] = {}
    for category in CATEGORIES:
        rows = [s for s in demanded if s.category == category]
        weight = sum(s.share for s in rows)
        by_category[category] = sum(s.share for s in rows if s.id in taught) / weight if weight > 0 else None
    share_order = {s.id: (-s.share, s.id) for s in demand.skills}
    taught_sorted = sorted(taught, key=lambda s: share_order.get(s, (0.0, s)))
    prerequisites_sorted = sorted(prerequisites, key=lambda s: share_order.get(s, (0.0, s)))
    return Comparison(program=program, demand=demand, min_share=min_share, taught=taught_sorted,
                      prerequisites=prerequisites_sorted, coverage=min(max(coverage, 0.0), 1.0),
                      coverage_by_category=by_category, covered=covered, gaps=gaps, surplus=surplus)


@dataclass
class CatalogComparison:
    """Several programs against the same demand, ranked by coverage (highest first)."""

    comparisons: list[Comparison]
    demand: DemandTable
    min_share: float

    def summary(self) -> str:
        return catalog_summary(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ranking": [
                {"rank": i, "program": c.name, "coverage": c.coverage, "coverage_by_category": dict(c.coverage_by_category),
                 "taught": len(c.taught), "covered": len(c.covered), "gaps": len(c.gaps),
                 "top_gap": c.gaps[0].id if c.gaps else None}
                for i, c in enumerate(self.comparisons, 1)
            ],
            "programs": [c.to_dict(demand=False) | {"rank": i} for i, c in enumerate(self.comparisons, 1)],
            "postings": self.demand.postings,
            "ev_postings": self.demand.ev_postings,
            "warnings": self.demand.warnings(),
            "min_share": self.min_share,
            "summary": self.summary(),
            "filters": self.demand.filters.to_dict() | {"occupations": list(self.demand.occupations)},
            "source": self.demand.source,
            "demand": self.demand.to_dict(self.min_share),
        }


def compare_programs(programs: Sequence[ProgramSkills], demand: DemandTable, *, min_share: float = DEFAULT_MIN_SHARE,
                     evidence: dict[str, list[dict[str, Any]]] | None = None) -> CatalogComparison:
    """Compare each program with the same demand; rank by coverage, then by name."""
    comparisons = [compare_program(p, demand, min_share=min_share, evidence=evidence) for p in programs]
    comparisons.sort(key=lambda c: (-c.coverage, c.name.lower()))
    return CatalogComparison(comparisons=comparisons, demand=demand, min_share=check_min_share(min_share))


# -- programs x skills matrix -------------------------------------------------------------------

# How a matrix cell shows a program's status for a demanded skill (terminal, Markdown, HTML).
MATRIX_MARKS = {"taught": "✓", "prerequisite": "entry", "gap": "·", "surplus": "✓"}


def skill_status(c: Comparison) -> dict[str, str]:
    """Skill id -> taught (demanded and taught) | gap | surplus | prerequisite."""
    status = {s.id: "taught" for s in c.covered}
    status.update({g.id: "prerequisite" if g.prerequisite else "gap" for g in c.gaps})
    status.update({s.id: "surplus" for s in c.surplus})
    return status


def matrix_rows(catalog: CatalogComparison, limit: int) -> list[tuple[Any, list[str]]]:
    """Demanded skills (most demanded first) × programs: taught, entry or gap."""
    demanded = catalog.demand.demanded(catalog.min_share)
    if limit:
        demanded = demanded[:limit]
    statuses = [skill_status(c) for c in catalog.comparisons]
    return [(s, [status.get(s.id, "gap") for status in statuses]) for s in demanded]


# -- plain-language summaries ------------------------------------------------------------------

def pct(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value * 100:.0f}%"


def share_count(share: float, count: int) -> str:
    """A demand share with the number of postings behind it: "42% (126)"."""
    return f"{pct(share)} ({count:,})"


def _names(items, limit: int = 3) -> str:
    labels = [f"{i.label} ({pct(i.demand_share)}, {i.count:,} postings)" for i in items[:limit]]
    if not labels:
        return ""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _listed(labels: list[str], limit: int = 4) -> str:
    """The first ``limit`` labels, then how many more: never an ellipsis before the period."""
    shown = ", ".join(labels[:limit])
    return shown + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


def comparison_summary(c: Comparison) -> str:
    """A few sentences a program lead can read."""
    n = c.demand.postings
    parts = []
    demanded = c.demanded_count
    if demanded == 0:
        parts.append(f"No skill is demanded by at least {pct(c.min_share)} of the {n:,} selected postings, "
                     "so coverage cannot be measured; lower --min-share.")
    else:
        categories = "; ".join(f"{CATEGORY_NAMES[k]} {pct(v)}" for k, v in c.coverage_by_category.items() if v is not None)
        parts.append(
            f"{c.name} teaches {len(c.covered)} of the {demanded} skills that at least {pct(c.min_share)} of the "
            f"{n:,} selected postings demand, covering {pct(c.coverage)} of that demand weighted by share "
            f"({categories})."
        )
    if c.gaps:
        parts.append(f"The largest gaps are {_names(c.gaps)}.")
        entry = [g for g in c.gaps if g.prerequisite]
        if entry:
            parts.append(f"{len(entry)} gap(s) are entry requirements of the program rather than taught: "
                         + _listed([g.label for g in entry]) + ".")
    elif demanded:
        parts.append("Every demanded skill is taught.")
    if c.surplus:
        parts.append(f"{len(c.surplus)} taught skill(s) are rarely demanded (under {pct(c.min_share)} of postings): "
                     + _listed([s.label for s in c.surplus]) + ".")
    if c.program.problems:
        parts.append(f"{len(c.program.problems)} file(s) could not be read and were left out: "
                     + ", ".join(Path(p.path).name for p in c.program.problems) + ".")
    parts += [f"Warning: {w}." for w in c.demand.warnings()]
    return " ".join(parts)


def catalog_summary(catalog: CatalogComparison) -> str:
    comps = catalog.comparisons
    if not comps:
        return "No programs compared."
    best = comps[0]
    text = (f"{len(comps)} programs compared with {catalog.demand.postings:,} postings "
            f"(skills demanded by at least {pct(catalog.min_share)}). {best.name} covers the most demand "
            f"({pct(best.coverage)})")
    if len(comps) > 1:
        last = comps[-1]
        text += f"; {last.name} the least ({pct(last.coverage)})"
    text += "."
    gap_counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for c in comps:
        for g in c.gaps:
            gap_counts[g.id] = gap_counts.get(g.id, 0) + 1
            labels[g.id] = g.label
    common = [s for s, k in sorted(gap_counts.items(), key=lambda kv: (-kv[1], kv[0])) if k == len(comps)]
    if common:
        text += " No program teaches " + _listed([labels[s] for s in common]) + "."
    return " ".join([text, *(f"Warning: {w}." for w in catalog.demand.warnings())])


__all__ = ["CATEGORY_NAMES", "CatalogComparison", "Comparison", "CoveredSkill", "DEFAULT_MIN_SHARE", "DemandTable",
           "SkillGap", "SurplusSkill", "check_min_share", "compare_program", "compare_programs", "demand_table",
           "occupation_filters", "read_mention_evidence", "share_count"]
