"""Schema of a context rules file (``taxonomies/context_rules.yaml``): pydantic models
with ``extra="forbid"``, so a misspelt key or cue list is an error, not a rule that
silently never fires. Every regular expression is compiled here too, so one pass reports
every problem as ``file -> key -> field[i]``.

Reading the bundled file through its current JSON mirror skips this (``python -m
skillmap.mirrors`` validated it before writing the mirror), which spares every batch run
importing pydantic; an edited bundled file or any other file is validated as it is read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from ..errors import TaxonomyError
from .vocabulary import SECTIONS

Section = Literal[SECTIONS]  # type: ignore[valid-type]


def _compiles(pattern: str) -> str:
    # As the engine compiles it: a space in a cue or role pattern means \s+ there, which
    # changes nothing about whether it compiles.
    try:
        re.compile(pattern)
    except re.error as err:
        raise ValueError(f"bad regular expression ({err}): {pattern}") from None
    return pattern


Pattern = Annotated[str, AfterValidator(_compiles)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoleFamily(_Strict):
    """Titles of a role family and what its postings cannot demand."""

    titles: list[Pattern] = Field(min_length=1)
    ev_skills: list[str] = Field(default_factory=list)
    """EV/EVSE skills (ids) the family's postings may still demand; others are not theirs."""
    not_demanded: list[str] = Field(default_factory=list)


class EvRoles(_Strict):
    hands_on: list[Pattern] = Field(default_factory=list)
    families: dict[str, RoleFamily] = Field(default_factory=dict)


class Cues(_Strict):
    """The cue lists the posting engine reads (each: case-insensitive expressions, except
    ``company_subject``)."""

    negation_forward: list[Pattern] = Field(default_factory=list)
    negation_backward: list[Pattern] = Field(default_factory=list)
    terminators: list[Pattern] = Field(default_factory=list)
    negation_reversal: list[Pattern] = Field(default_factory=list)
    preferred: list[Pattern] = Field(default_factory=list)
    required: list[Pattern] = Field(default_factory=list)
    required_strong: list[Pattern] = Field(default_factory=list)
    benefit: list[Pattern] = Field(default_factory=list)
    eeo_sentence: list[Pattern] = Field(default_factory=list)
    company_subject: list[Pattern] = Field(default_factory=list)
    company_statement: list[Pattern] = Field(default_factory=list)
    duty: list[Pattern] = Field(default_factory=list)
    requirement_item: list[Pattern] = Field(default_factory=list)
    job_content: list[Pattern] = Field(default_factory=list)


class ContextRulesFile(_Strict):
    """Schema of ``context_rules.yaml``."""

    name: str
    version: str
    non_demand_sections: list[Section] = Field(default_factory=list)
    section_headers: dict[Section, list[Pattern]]
    marked_section_headers: dict[Section, list[Pattern]] = Field(default_factory=dict)
    ev_roles: EvRoles = Field(default_factory=EvRoles)
    inline_header_max_words: int = Field(default=6, ge=1, le=12)
    cues: Cues


def _where(file: str, loc: tuple) -> str:
    parts = [file]
    for key in loc:
        if isinstance(key, int):
            parts[-1] += f"[{key}]"
        elif key != "[key]":  # pydantic's mark for "the dict key itself is wrong"
            parts.append(str(key))
    return " -> ".join(parts)


def validate_context_rules(data: Any, file: str) -> ContextRulesFile:
    """The rules as a checked record; raises TaxonomyError (E104) listing every problem
    as ``file -> key -> field[i]``."""
    try:
        return ContextRulesFile.model_validate(data)
    except ValidationError as err:
        problems = [(_where(file, e["loc"]), e["msg"].replace("Value error, ", "")) for e in err.errors()]
        raise TaxonomyError(f"{file} does not match the context rules schema", problems, code="E104") from None


def read_context_rules(path: str | Path) -> dict:
    """A context rules file, validated (the raw data, as :class:`.context.ContextRules`
    takes it)."""
    import srsly

    path = Path(path)
    try:
        data = srsly.read_yaml(path)
    except Exception as err:  # the YAML library raises many types
        raise TaxonomyError(f"cannot read context rules {path}: {err}", code="E101") from None
    validate_context_rules(data, path.name)
    return data
