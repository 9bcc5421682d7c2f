"""Typed records of a skill taxonomy file, validated with pydantic (unknown fields forbidden)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Category = Literal["specialized", "common", "qualification"]
CATEGORIES: tuple[str, ...] = ("specialized", "common", "qualification")

# Conditions a pattern can require of the whole posting (see pipeline.context.domains).
Condition = Literal["always", "charger_context", "vehicle_context", "electrical_context", "trade_context"]
CONDITIONS: tuple[str, ...] = ("charger_context", "vehicle_context", "electrical_context", "trade_context")

ID_RE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
SOC_RE = re.compile(r"^\d{2}-\d{4}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SkillSources(_Strict):
    """Where a skill comes from, so users can trace it back to the report or O*NET."""

    report: str | None = Field(None, description="Wording in the HR&A report's skill lists.")
    lightcast: list[str] = Field(default_factory=list, description="Lightcast-style skill names.")
    onet: list[str] = Field(default_factory=list, description="Matching O*NET elements.")
    notes: str | None = None


class PatternRule(_Strict):
    """A token pattern: ``(a|b c)`` alternatives, ``[x]`` optional, ``~N`` gap of up to N
    tokens, ``word*`` prefix, ``@SET`` a named term set, ``#hv``/``#lv``/``#num`` shapes."""

    pattern: str
    when: Condition = "always"
    note: str | None = None


class Skill(_Strict):
    id: str
    label: str
    category: Category
    broader: str | None = None
    ev_specific: bool = Field(
        False, description="An EV/EVSE skill: drives --ev-related and the boilerplate checks."
    )
    description: str
    counts_when: str | None = None
    aliases: list[str] = Field(default_factory=list)
    patterns: list[PatternRule] = Field(default_factory=list)
    exclude: list[str] = Field(
        default_factory=list, description="Patterns that veto an overlapping mention."
    )
    related_soc: list[str] = Field(default_factory=list)
    sources: SkillSources = Field(default_factory=SkillSources)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_RE.match(value):
            raise ValueError("must be lower_snake_case, 2-64 characters, starting with a letter")
        return value

    @field_validator("patterns", mode="before")
    @classmethod
    def _bare_patterns(cls, value):
        # A bare string is shorthand for {"pattern": string}.
        if isinstance(value, list):
            return [{"pattern": v} if isinstance(v, str) else v for v in value]
        return value


class Taxonomy(_Strict):
    name: str
    version: str
    description: str = ""
    extends: str | None = Field(
        None, description="Name of the taxonomy an extension file adds to (e.g. 'ev_evse')."
    )
    term_sets: dict[str, list[str]] = Field(default_factory=dict)
    conditions: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Posting-level conditions a pattern's 'when' can require: condition name -> "
        "patterns that, found in the job text or title, make the condition true.",
    )
    skills: list[Skill] = Field(default_factory=list)

    def by_id(self) -> dict[str, Skill]:
        return {skill.id: skill for skill in self.skills}
