"""Skill taxonomies: loading, merging extensions, and validation with precise errors."""

from .loader import (
    DEFAULT_TAXONOMY,
    bundled_extensions,
    data_path,
    known_soc_codes,
    load_taxonomy,
    read_taxonomy_file,
    validate_taxonomy,
)
from .schema import CATEGORIES, PatternRule, Skill, SkillSources, Taxonomy

__all__ = [
    "CATEGORIES",
    "DEFAULT_TAXONOMY",
    "bundled_extensions",
    "PatternRule",
    "Skill",
    "SkillSources",
    "Taxonomy",
    "data_path",
    "known_soc_codes",
    "load_taxonomy",
    "read_taxonomy_file",
    "validate_taxonomy",
]
