"""Reports as plain tables (lists of dicts): what CSV, XLSX and Markdown write.

One function per table so every format shows the same numbers from the same rows.
"""

from __future__ import annotations

import re
from typing import Any

from ..aggregate.diff import DiffReport
from ..aggregate.frequencies import CATEGORIES, FrequencyReport, Group, SkillCount

GROUP_COLUMNS = ["by", "group", "group_label"]
FREQUENCY_COLUMNS = [
    *GROUP_COLUMNS, "postings", "below_min_n", "category", "rank", "id", "label", "count", "share", "share_low",
    "share_high", "required_count", "preferred_count", "required_share", "preferred_share",
]
PAIR_COLUMNS = ["a", "a_label", "b", "b_label", "count", "share", "lift", "a_count", "b_count", "postings"]
DIFF_COLUMNS = [
    "category", "id", "label", "a_count", "a_postings", "a_share", "a_share_low", "a_share_high", "b_count",
    "b_postings", "b_share", "b_share_low", "b_share_high", "difference", "test", "p_value", "q_value", "significant",
]
CATEGORY_TITLES = {"specialized": "Specialized skills", "common": "Common skills", "qualification": "Qualifications"}


def skill_record(skill: SkillCount, rank: int) -> dict[str, Any]:
    return {
        "category": skill.category, "rank": rank, "id": skill.id, "label": skill.label, "count": skill.count,
        "share": skill.share, "share_low": skill.share_low, "share_high": skill.share_high, "required_count": skill.required, "preferred_count": skill.preferred,
        "required_share": skill.required_share, "preferred_share": skill.preferred_share,
    }


def frequency_columns(report: FrequencyReport) -> list[str]:
    """The columns of :func:`frequency_records`: the group columns only with ``--by``
    (always-empty columns would read back as floats in pandas)."""
    return FREQUENCY_COLUMNS if report.by else [c for c in FREQUENCY_COLUMNS if c not in GROUP_COLUMNS]


def frequency_records(report: FrequencyReport) -> list[dict[str, Any]]:
    """Tidy rows: every reported skill overall, then within each group of ``--by``."""
    rows = []
    for category in CATEGORIES:
        for rank, skill in enumerate(report.categories[category], 1):
            rows.append({"by": "", "group": "", "group_label": "", "postings": report.postings,
                         "below_min_n": report.below_min_n, **skill_record(skill, rank)})
    if report.by:
        for group in report.groups[report.by].groups:
            rows.extend(group_records(report.by, group))
    return rows


def group_records(by: str, group: Group) -> list[dict[str, Any]]:
    rows = []
    for category in CATEGORIES:
        for rank, skill in enumerate(group.categories[category], 1):
            rows.append({"by": by, "group": "" if group.value is None else group.value,
                         "group_label": group.label or ("(none)" if group.value is None else ""),
                         "postings": group.postings, "below_min_n": group.below_min_n, **skill_record(skill, rank)})
    return rows


def pair_records(report: FrequencyReport) -> list[dict[str, Any]]:
    return [{**p.to_dict(), "a_count": p.a_count, "b_count": p.b_count, "postings": p.postings} for p in report.pairs or []]


def diff_records(report: DiffReport) -> list[dict[str, Any]]:
    rows = []
    for category in CATEGORIES:
        for d in report.categories[category]:
            rows.append({"category": category, "a_postings": d.a_postings, "b_postings": d.b_postings, **d.to_dict()})
    return rows


def percent(value: float, digits: int = 1) -> str:
    """A share as a percentage; a share above 0 that would round to 0 reads "<0.1%"
    (1 of 3,000 is not "0.0%")."""
    smallest = 10.0 ** -digits
    if 0 < value * 100 < smallest / 2:
        return f"<{smallest:.{digits}f}%"
    return f"{value * 100:.{digits}f}%"


UNRELIABLE_MARK = "†"


def share_text(value: float, below_min_n: bool, digits: int = 1) -> str:
    """A share for text tables, marked when its postings are under the minimum n."""
    return percent(value, digits) + (UNRELIABLE_MARK if below_min_n else "")


def unreliable_legend(min_n: int) -> str:
    return f"{UNRELIABLE_MARK} share of fewer than {min_n} postings (--min-n): unreliable"


# Characters that make Markdown markup inside a table cell: links and images ([x](url)),
# raw HTML (<...>), code, emphasis, strike-through, the cell separator, the escape itself.
# ("_" stays: ids are snake_case, and intraword underscores make no emphasis.)
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*\[\]<>|~])")


def markdown_cell(value: object) -> str:
    """A value as literal Markdown text: markup characters backslash-escaped, so a label
    or group value such as ``[x](javascript:...)`` or ``<img ...>`` renders as typed; line
    breaks become spaces."""
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", " ".join(str(value).splitlines()))


def group_title(group: Group) -> str:
    return f"{group.name} {group.label}" if group.label else group.name
