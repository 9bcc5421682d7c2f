"""What an engine counts (:class:`TallyRequest`) and what it hands back (:class:`Tallies`).

Engines only count; ranking, shares, top-N and rendering happen once, above them, so the
pandas and DuckDB paths can differ in nothing but how they count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .filters import Filters

Counts = tuple[int, int, int]  # postings demanding the skill, of them required, preferred


@dataclass(frozen=True)
class TallyRequest:
    filters: Filters
    ev_skills: frozenset[str] = frozenset()
    """Skill ids that make a posting EV-related when the tagged flag is not used."""
    use_ev_column: bool = True
    """Read the tagged ``ev_related`` flag (OR ``ev_skills``) instead of the lists alone."""
    groupings: tuple[str, ...] = ()
    pairs: bool = False


@dataclass
class Tallies:
    postings: int = 0
    funnel: list[tuple[str, int]] = field(default_factory=list)
    """``("input", all rows)`` then the postings left after each filter step."""
    skills: dict[tuple[str, str], Counts] = field(default_factory=dict)
    """(category, skill id) -> counts."""
    group_postings: dict[str, dict[str | None, int]] = field(default_factory=dict)
    group_skills: dict[str, dict[tuple[str | None, str, str], Counts]] = field(default_factory=dict)
    """grouping column -> (group value, category, skill id) -> counts."""
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    """(a, b) with a < b -> postings demanding both; (a, a) -> postings demanding a."""
