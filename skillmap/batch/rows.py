"""Tagged rows: one :class:`ExtractionResult` (plus the title coder's answer) as the
columns of :mod:`skillmap.io.schema`, built as plain values for columnar Arrow writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ..io.locations import LOCATION_COLUMNS
from ..io.schema import MENTION_COLUMNS, POSTING_COLUMNS

if TYPE_CHECKING:
    import datetime as dt

    from .. import Skillmap
    from ..extractor import ExtractionResult
    from ..io.locations import Location

ARROW_TYPES = {
    "string": pa.string(),
    "float": pa.float64(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "list<string>": pa.list_(pa.string()),
}
CODER_COLUMNS = ("soc_code", "soc_title", "soc_major", "gjrp_group", "proposed_code", "title_score", "title_abstain")
# Extra column (beyond the contract) written when a job reads several inputs.
SOURCE_COLUMN = "source"


def posting_schema(passthrough: list[tuple[str, pa.DataType]] = (), *, with_source: bool = False) -> pa.Schema:
    """Contract columns, then ``source`` (several inputs), then the passed-through columns."""
    fields = [pa.field(name, ARROW_TYPES[kind]) for name, (kind, _) in POSTING_COLUMNS.items()]
    if with_source:
        fields.append(pa.field(SOURCE_COLUMN, pa.string()))
    fields += [pa.field(name, kind) for name, kind in passthrough]
    return pa.schema(fields)


def mention_schema() -> pa.Schema:
    return pa.schema([pa.field(name, ARROW_TYPES[kind]) for name, (kind, _) in MENTION_COLUMNS.items()])


class RowBuilder:
    """Turns extraction results into contract rows. Holds the taxonomy's parent links,
    categories and EV-specific set, and the title coder when the pipeline has one."""

    def __init__(self, sm: Skillmap):
        taxonomy = sm.taxonomy
        self.sm = sm
        self.code_title = getattr(sm, "code_title", None)
        self.broader = {s.id: s.broader for s in taxonomy.skills if s.broader}
        self.category = {s.id: s.category for s in taxonomy.skills}
        self.ev_specific = frozenset(s.id for s in taxonomy.skills if s.ev_specific)
        self._lineage: dict[str, tuple[str, ...]] = {}

    def _with_parents(self, ids: set[str]) -> set[str]:
        out = set(ids)
        for skill_id in ids:
            lineage = self._lineage.get(skill_id)
            if lineage is None:
                chain, parent = [], self.broader.get(skill_id)
                while parent and parent not in chain and len(chain) < 20:
                    chain.append(parent)
                    parent = self.broader.get(parent)
                lineage = self._lineage[skill_id] = tuple(chain)
            out.update(lineage)
        return out

    def skill_columns(self, result: ExtractionResult) -> tuple[dict[str, Any], list[str]]:
        """Skill-list columns and ``ev_related``; also the demanded ids (sorted) for the coder."""
        required: set[str] = set()
        demanded: set[str] = set()
        negated: set[str] = set()
        for mention in result.mentions:
            level = mention.requirement
            if level == "required":
                required.add(mention.skill_id)
                demanded.add(mention.skill_id)
            elif level == "preferred":
                demanded.add(mention.skill_id)
            elif level == "negated":
                negated.add(mention.skill_id)
        demanded = self._with_parents(demanded)
        required = self._with_parents(required)
        ordered = sorted(demanded)
        lists: dict[str, list[str]] = {"specialized": [], "common": [], "qualification": []}
        for skill_id in ordered:
            lists.setdefault(self.category.get(skill_id, "specialized"), []).append(skill_id)
        columns = {
            "specialized_skills": lists["specialized"],
            "common_skills": lists["common"],
            "qualifications": lists["qualification"],
            "required_skills": sorted(required),
            "preferred_skills": sorted(demanded - required),
            "negated_skills": sorted(negated - demanded),
            "ev_related": not self.ev_specific.isdisjoint(demanded),
        }
        return columns, ordered

    def code_titles(self, items: list[tuple[str | None, ExtractionResult]]) -> list[Any]:
        """Title codes for (title, result) pairs, one vectorized call when the pipeline's
        coder has a batch path; None where there is no title or no coder."""
        wanted = [i for i, (title, _) in enumerate(items) if title and title.strip()]
        codes: list[Any] = [None] * len(items)
        if not wanted or self.code_title is None:
            return codes
        evidence = [self.skill_columns(items[i][1])[1] for i in wanted]
        coder = getattr(self.sm, "coder", None)
        if coder is not None and hasattr(coder, "code_many"):
            coded = coder.code_many([items[i][0] for i in wanted], skills=evidence)
        else:
            coded = [self.code_title(items[i][0], skills=ev) for i, ev in zip(wanted, evidence, strict=True)]
        for i, code in zip(wanted, coded, strict=True):
            codes[i] = code
        return codes

    def coder_columns(self, title: str | None, demanded: list[str], coded: Any = None) -> dict[str, Any]:
        """The title coder's answer; all null without a coder or a title. An abstaining
        coder leaves the codes null (the contract) but keeps its score."""
        if self.code_title is None or not title or not title.strip():
            return dict.fromkeys(CODER_COLUMNS)
        if coded is None:
            coded = self.code_title(title, skills=demanded)
        abstain = getattr(coded, "abstain", None)
        score = getattr(coded, "score", None)
        out: dict[str, Any] = dict.fromkeys(CODER_COLUMNS)
        out["title_score"] = None if score is None else float(score)
        out["title_abstain"] = None if abstain is None else bool(abstain)
        if not abstain:
            for name in ("soc_code", "soc_title", "soc_major", "gjrp_group", "proposed_code"):
                value = getattr(coded, name, None)
                out[name] = None if value is None else str(value)
        return out

    def posting(
        self, posting_id: str, title: str | None, month: dt.date | None, result: ExtractionResult, coded: Any = None,
        location: Location | None = None,
    ) -> dict[str, Any]:
        """One posting row: every contract column (passed-through columns are added apart).
        ``coded``: the title's code when the caller coded a batch of titles already;
        ``location``: the normalized location column, if the input has one."""
        skills, demanded = self.skill_columns(result)
        row = {"id": posting_id, "title": title}
        row.update(self.coder_columns(title, demanded, coded))
        row.update(skills)
        attributes = result.attributes
        pay = attributes.pay
        row.update(
            education_level=attributes.education_level,
            education_preferred=attributes.education_preferred,
            experience_years_min=_float(attributes.experience_years_min),
            experience_years_max=_float(attributes.experience_years_max),
            pay_min=None if pay is None else _float(pay.min),
            pay_max=None if pay is None else _float(pay.max),
            pay_unit=None if pay is None else pay.unit,
            pay_currency=None if pay is None else pay.currency,
            license_classes=list(attributes.license_classes),
            shifts=list(attributes.shifts),
            travel_percent_max=attributes.travel_percent_max,
            travel_overnight=bool(attributes.travel_overnight),
            work_mode=attributes.work_mode,
            month=month,
        )
        row.update(location.columns() if location is not None else dict.fromkeys(LOCATION_COLUMNS))
        row["remote"] = row["remote"] or attributes.work_mode
        return row

    @staticmethod
    def mentions(posting_id: str, result: ExtractionResult) -> list[dict[str, Any]]:
        """Every mention of the posting (demanded or not), in the extractor's order."""
        return [
            {
                "id": posting_id,
                "skill": m.skill_id,
                "category": m.category,
                "requirement": m.requirement,
                "section": m.section,
                "source": m.source,
                "start": m.start,
                "end": m.end,
                "text": m.text,
            }
            for m in result.mentions
        ]


def _float(value) -> float | None:
    return None if value is None else float(value)
