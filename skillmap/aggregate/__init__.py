"""Aggregate tagged postings: filters (the HR&A methodology as options and presets),
skill-frequency tables, skill × group tables, co-occurring pairs and two-set comparisons.

    from skillmap.aggregate import frequency_report, load_preset
    report = frequency_report("tagged/", filters=load_preset("hra-2025").to_filters(), by="soc_code")
    report.frame("qualification")

Input is tagged output in the column contract of :mod:`skillmap.io.schema` (Parquet, CSV,
JSON lines or a DataFrame). Counting runs in pandas for small inputs and in DuckDB, out of
core, for large ones; both give the same counts.
"""

from .diff import DiffReport, SkillDiff, benjamini_hochberg, diff_report, two_proportion_z
from .filters import Filters, Preset, Where, combine, list_presets, load_preset, parse_where
from .frequencies import (
    CATEGORIES,
    FrequencyReport,
    Group,
    GroupTable,
    PairCount,
    SkillCount,
    frequency_report,
)
from .sources import TaggedSource, open_tagged
from .tagged import tagged_row, tagged_rows

__all__ = [
    "CATEGORIES",
    "DiffReport",
    "Filters",
    "FrequencyReport",
    "Group",
    "GroupTable",
    "PairCount",
    "Preset",
    "SkillCount",
    "SkillDiff",
    "TaggedSource",
    "Where",
    "benjamini_hochberg",
    "combine",
    "diff_report",
    "frequency_report",
    "list_presets",
    "load_preset",
    "open_tagged",
    "parse_where",
    "tagged_row",
    "tagged_rows",
    "two_proportion_z",
]
