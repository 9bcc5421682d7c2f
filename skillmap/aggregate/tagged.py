"""Build tagged rows (the :mod:`skillmap.io.schema` contract) from extraction results, in
memory: for notebooks and tests on a few postings. Whole exports go through
`skillmap tag`. Titles are coded to SOC with the title coder when one is given;
occupation columns the posting already has win.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import InputError
from ..io.dates import month_start
from ..io.schema import POSTING_COLUMNS


def _level(result, skill_id: str, children: dict[str, list[str]], demanded: set[str]) -> str | None:
    """Required beats preferred; a parent only implied by children takes their level."""
    level = result.requirement_of(skill_id)
    if level:
        return level
    levels = {_level(result, c, children, demanded) for c in children.get(skill_id, ()) if c in demanded}
    return "required" if "required" in levels else ("preferred" if "preferred" in levels else None)


def tagged_row(result, posting: dict[str, Any] | None = None, *, ev_skills: Iterable[str] = (), coding=None) -> dict[str, Any]:
    """One posting's tagged row: schema columns (occupation ones from ``coding``, a
    :class:`~skillmap.occupations.TitleCoding`), then the posting's other fields (but its
    text) passed through."""
    posting = dict(posting or {})
    posting.pop("text", None)
    demanded = result.demanded_ids()
    categories = result.by_category()
    children: dict[str, list[str]] = {}
    for child, parent in result.broader.items():
        children.setdefault(parent, []).append(child)
    levels = {s: _level(result, s, children, demanded) for s in demanded}
    negated = {m.skill_id for m in result.mentions if m.requirement == "negated"} - demanded
    attributes = result.attributes
    pay = attributes.pay
    month = posting.get("month") or posting.get("date")
    row: dict[str, Any] = {name: None for name in POSTING_COLUMNS}
    row.update(
        id=result.id if result.id is not None else posting.get("id"),
        title=posting.get("title"),
        specialized_skills=categories.get("specialized", []),
        common_skills=categories.get("common", []),
        qualifications=categories.get("qualification", []),
        required_skills=sorted(s for s, lv in levels.items() if lv == "required"),
        preferred_skills=sorted(s for s, lv in levels.items() if lv == "preferred"),
        negated_skills=sorted(negated),
        ev_related=bool(demanded & set(ev_skills)),
        education_level=attributes.education_level,
        education_preferred=attributes.education_preferred,
        experience_years_min=attributes.experience_years_min,
        experience_years_max=attributes.experience_years_max,
        pay_min=pay.min if pay else None,
        pay_max=pay.max if pay else None,
        pay_unit=pay.unit if pay else None,
        pay_currency=pay.currency if pay else None,
        license_classes=list(attributes.license_classes),
        shifts=list(attributes.shifts),
        travel_percent_max=attributes.travel_percent_max,
        travel_overnight=attributes.travel_overnight,
        work_mode=attributes.work_mode,
        month=month_start(month) if month else None,
    )
    if coding is not None:
        row.update(title_score=coding.score, title_abstain=coding.abstain)
        if not coding.abstain:
            row.update(soc_code=coding.soc_code, soc_title=coding.soc_title, soc_major=coding.soc_major,
                       gjrp_group=coding.gjrp_group, proposed_code=coding.proposed_code)
    for column in ("soc_code", "soc_title", "soc_major", "gjrp_group", "proposed_code"):
        if posting.get(column) is not None:
            row[column] = posting[column]
    for key, value in posting.items():
        row.setdefault(key, value)
    return row


def tagged_rows(postings: Iterable[dict[str, Any]], sm=None, *, on_error: str = "skip") -> list[dict[str, Any]]:
    """Extract skills from posting dicts (``text`` plus optional ``id``, ``title``,
    ``company`` and any other fields), code titles to SOC (with the demanded skills as
    evidence), and return their tagged rows. Postings whose text is unusable are skipped
    (``on_error="skip"``) or raise InputError (``"raise"``).
    """
    from .. import load

    sm = sm or load()
    ev_skills = {s.id for s in sm.taxonomy.skills if s.ev_specific}
    rows = []
    for number, posting in enumerate(postings, 1):
        posting_id = posting.get("id", posting.get("pid"))
        posting_id = str(posting_id) if posting_id is not None else f"row-{number}"
        try:
            result = sm.extract(posting.get("text"), title=posting.get("title"), company=posting.get("company"), id=posting_id)
        except InputError:
            if on_error == "raise":
                raise
            continue
        coding = None
        title = posting.get("title")
        if isinstance(title, str) and title.strip() and hasattr(sm, "code_title"):
            coding = sm.code_title(title, skills=result.demanded_ids(), id=posting_id)
        rows.append(tagged_row(result, posting, ev_skills=ev_skills, coding=coding))
    return rows
