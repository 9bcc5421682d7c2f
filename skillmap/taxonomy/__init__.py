"""Skill taxonomies: loading, merging extensions, and validation with precise errors.

The names below load on first use (PEP 562): importing a light submodule, such as
``skillmap.taxonomy.patterns`` or ``.stored``, does not import pydantic and the schema,
which cost a batch job's start-up about 0.1 s.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_EXPORTS = {
    "CATEGORIES": ".schema",
    "PatternRule": ".schema",
    "Skill": ".schema",
    "SkillSources": ".schema",
    "Taxonomy": ".schema",
    "DEFAULT_TAXONOMY": ".loader",
    "bundled_extensions": ".loader",
    "data_path": ".loader",
    "known_soc_codes": ".loader",
    "load_taxonomy": ".loader",
    "read_taxonomy_file": ".loader",
    "validate_taxonomy": ".loader",
}

__all__ = [
    "CATEGORIES",
    "DEFAULT_TAXONOMY",
    "PatternRule",
    "Skill",
    "SkillSources",
    "Taxonomy",
    "bundled_extensions",
    "data_path",
    "known_soc_codes",
    "load_taxonomy",
    "read_taxonomy_file",
    "validate_taxonomy",
]

if TYPE_CHECKING:
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


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
