"""Which postings a report counts: the methodology of the HR&A Skill-Based Analysis as
options, and saved presets of them.

The HR&A report (Methodology: Skill-Based Analysis) "analyzed all LA County job postings
from 2023 – 2024 that included any “Electric Vehicle” related skills", "filtered for
positions that require less than a Bachelor’s degree [associate’s degree, high school
diploma or equivalent, or list no education requirements]", and filtered out occupations
"if they lacked direct relevance to EV and EVSE production, maintenance, and
installation". Each step is one field of :class:`Filters`; ``hra-2025`` sets them all.

Filters combine with AND, in the order of ``Filters.steps()`` (the funnel a report shows).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ReportError
from ..io.schema import EDUCATION_ORDER

SOC_ENTRY_RE = re.compile(r"^\d{2}(-\d{0,4}(\.\d{0,2})?)?\*?$")
MONTH_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-\d{2})?$")
WHERE_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_ .-]*?)\s*(!=|>=|<=|=|>|<)\s*(.*)$")
WHERE_OPS = ("=", "!=", ">=", "<=", ">", "<")


@dataclass(frozen=True)
class Where:
    """``column op value`` on the column's text; ``=`` takes ``a|b`` alternatives.

    ``=`` and ordering drop postings with no value; ``!=`` keeps them.
    """

    column: str
    op: str
    value: str

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self.value.split("|")) if self.op == "=" else (self.value,)

    def __str__(self) -> str:
        return f"{self.column}{self.op}{self.value}"


def parse_where(text: str) -> Where:
    match = WHERE_RE.match(text)
    if not match or not match.group(3):
        raise ReportError(
            f"--where {text!r}: expected COLUMN=VALUE (or !=, >=, <=, >, <), e.g. region=Los Angeles County",
            code="E605",
        )
    return Where(match.group(1), match.group(2), match.group(3))


@dataclass(frozen=True)
class Filters:
    """Posting filters of a report. Empty (the default) counts every posting.

    - ``ev_related``: only postings with any EV/EVSE skill. EV/EVSE skills are the
      taxonomy's ``ev_specific`` ones plus ``ev_skills_extra``; without extras the tagged
      ``ev_related`` column decides (it is computed from the skill lists when absent).
    - ``max_education``: highest minimum education still counted (``associate`` = "less
      than a Bachelor's degree"); postings that state none count when
      ``education_unstated_eligible`` (the report's "or list no education requirements").
    - ``exclude_soc`` / ``include_soc``: SOC codes or prefixes of ``soc_code``. A group
      code (``53-0000``, ``53-3000``, ``53-3030``) stands for all codes under it; any other
      entry is a prefix. Postings without a code are kept by ``exclude_soc`` and dropped
      by ``include_soc``.
    - ``since`` / ``until``: inclusive ``YYYY-MM`` bounds on ``month``; postings without a
      month are dropped when either bound is set.
    - ``where``: further ``column op value`` conditions.
    - ``scope``: conditions applied only to tagged data that has their column (a preset's
      region, e.g. ``county_fips=06037``, when the export had a location column);
      :meth:`for_columns` turns them into ``where`` or drops them.
    """

    ev_related: bool = False
    ev_skills_extra: tuple[str, ...] = ()
    max_education: str | None = None
    education_unstated_eligible: bool = True
    exclude_soc: tuple[str, ...] = ()
    include_soc: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    where: tuple[Where, ...] = ()
    scope: tuple[Where, ...] = ()
    preset: str | None = None
    quotes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.max_education is not None and self.max_education not in EDUCATION_ORDER:
            raise ReportError(
                f"--max-education {self.max_education!r}: expected one of {', '.join(EDUCATION_ORDER)}",
                code="E605",
            )
        for option, codes in (("--exclude-soc", self.exclude_soc), ("--include-soc", self.include_soc)):
            for code in codes:
                check_soc_entry(code, option)
        object.__setattr__(self, "since", normalize_month(self.since, "--since", end=False))
        object.__setattr__(self, "until", normalize_month(self.until, "--until", end=True))
        if self.since and self.until and self.since > self.until:
            raise ReportError(f"--since {self.since} is after --until {self.until}", code="E605")

    def for_columns(self, columns) -> Filters:
        """These filters for data with ``columns``: each ``scope`` condition whose column
        exists becomes a ``where``; the others are dropped (and no longer listed)."""
        if not self.scope:
            return self
        kept = tuple(w for w in self.scope if w.column in columns)
        return replace(self, where=(*self.where, *kept), scope=())

    # -- what the engines evaluate ------------------------------------------------------
    @property
    def education_levels(self) -> tuple[str, ...]:
        """Education levels that pass ``max_education`` (empty: no education filter)."""
        if self.max_education is None:
            return ()
        return EDUCATION_ORDER[: EDUCATION_ORDER.index(self.max_education) + 1]

    @property
    def exclude_prefixes(self) -> tuple[str, ...]:
        return tuple(soc_prefix(c) for c in self.exclude_soc)

    @property
    def include_prefixes(self) -> tuple[str, ...]:
        return tuple(soc_prefix(c) for c in self.include_soc)

    def steps(self) -> list[str]:
        """Names of the active filters, in the order they are applied (the funnel)."""
        names = []
        if self.ev_related:
            names.append("ev_related")
        if self.max_education:
            names.append("max_education")
        if self.include_soc:
            names.append("include_soc")
        if self.exclude_soc:
            names.append("exclude_soc")
        if self.since or self.until:
            names.append("months")
        names.extend(f"where:{w}" for w in self.where)
        return names

    def columns(self) -> list[str]:
        """Columns the active filters read (``ev_related`` may fall back to skill lists)."""
        needed = []
        if self.max_education:
            needed.append("education_level")
        if self.include_soc or self.exclude_soc:
            needed.append("soc_code")
        if self.since or self.until:
            needed.append("month")
        needed.extend(w.column for w in self.where)
        return needed

    def to_dict(self) -> dict:
        return {
            "preset": self.preset,
            "ev_related": self.ev_related,
            "ev_skills_extra": list(self.ev_skills_extra),
            "max_education": self.max_education,
            "education_unstated": ("eligible" if self.education_unstated_eligible else "excluded")
            if self.max_education else None,
            "include_soc": list(self.include_soc),
            "exclude_soc": list(self.exclude_soc),
            "since": self.since,
            "until": self.until,
            "where": [str(w) for w in self.where],
            **({"scope_if_column_exists": [str(w) for w in self.scope]} if self.scope else {}),
        }

    def describe(self) -> list[str]:
        """One human line per active filter (terminal, Markdown and HTML headers)."""
        lines = []
        if self.preset:
            lines.append(f"preset {self.preset}")
        if self.ev_related:
            extra = f" (EV/EVSE skills plus {', '.join(self.ev_skills_extra)})" if self.ev_skills_extra else ""
            lines.append(f"postings with any EV/EVSE skill{extra}")
        if self.max_education:
            unstated = "postings stating no education count" if self.education_unstated_eligible else "postings must state education"
            lines.append(f"minimum education at most {self.max_education} ({unstated})")
        if self.include_soc:
            lines.append(f"only SOC {', '.join(self.include_soc)}")
        if self.exclude_soc:
            lines.append(f"excluding SOC {', '.join(self.exclude_soc)}")
        if self.since or self.until:
            lines.append(f"months {self.since or '…'} to {self.until or '…'}")
        lines.extend(f"where {w}" for w in self.where)
        return lines


def check_soc_entry(code: str, option: str) -> None:
    if not SOC_ENTRY_RE.match(code):
        raise ReportError(
            f"{option} {code!r}: expected a SOC code or prefix such as 49-9094, 53-3030 or 29-114",
            code="E605",
        )
    if re.fullmatch(r"\d{2}-\d{4}", code) and code not in soc_structure():
        raise ReportError(f"{option} {code!r}: not a SOC 2018 code (taxonomies/soc/soc2018_structure.csv)", code="E605")


def soc_prefix(code: str) -> str:
    """``53-0000`` -> ``53-``, ``53-3030`` -> ``53-303``, ``49-9094`` -> ``49-9094``."""
    code = code.rstrip("*")
    if re.fullmatch(r"\d{2}-\d{4}", code):
        major, rest = code.split("-")
        return f"{major}-{rest.rstrip('0')}"
    return code


@lru_cache(maxsize=1)
def soc_structure() -> dict[str, str]:
    """Every SOC 2018 code (major group to detailed occupation) -> title."""
    from ..taxonomy import data_path

    with open(data_path("soc/soc2018_structure.csv"), encoding="utf-8", newline="") as handle:
        return {row["code"]: row["title"] for row in csv.DictReader(handle)}


def normalize_month(value: str | None, option: str, *, end: bool) -> str | None:
    """``2024`` -> ``2024-01`` (or ``2024-12`` as an upper bound); ``2024-03-15`` -> ``2024-03``."""
    if value is None or value == "":
        return None
    match = MONTH_RE.match(str(value).strip())
    if not match or (match.group(2) and not 1 <= int(match.group(2)) <= 12):
        raise ReportError(f"{option} {value!r}: expected YYYY-MM (or YYYY)", code="E605")
    month = match.group(2) or ("12" if end else "01")
    return f"{match.group(1)}-{month}"


# -- presets ---------------------------------------------------------------------------

class _PresetFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ev_related: bool = False
    ev_skills_extra: list[str] = Field(default_factory=list)
    max_education: str | None = None
    education_unstated: Literal["eligible", "excluded"] = "eligible"
    exclude_soc: list[str] = Field(default_factory=list)
    include_soc: list[str] = Field(default_factory=list)
    since: str | None = None
    until: str | None = None
    where: list[str] = Field(default_factory=list)
    scope: list[str] = Field(default_factory=list, description="where conditions applied only when their column exists")


class Preset(BaseModel):
    """A saved methodology: filters plus the source wording each one follows."""

    model_config = ConfigDict(extra="forbid")

    name: str
    title: str
    source: str
    filters: _PresetFilters
    quotes: dict[str, str] = Field(default_factory=dict)
    soc_titles: dict[str, str] = Field(default_factory=dict, description="Readable names of the SOC codes used.")
    notes: str | None = None

    def to_filters(self) -> Filters:
        f = self.filters
        return Filters(
            ev_related=f.ev_related,
            ev_skills_extra=tuple(f.ev_skills_extra),
            max_education=f.max_education,
            education_unstated_eligible=f.education_unstated == "eligible",
            exclude_soc=tuple(f.exclude_soc),
            include_soc=tuple(f.include_soc),
            since=f.since,
            until=f.until,
            where=tuple(parse_where(w) for w in f.where),
            scope=tuple(parse_where(w) for w in f.scope),
            preset=self.name,
            quotes=dict(self.quotes),
        )


def presets_dir() -> Path:
    from ..taxonomy import data_path

    return data_path("presets")


def list_presets() -> dict[str, Path]:
    """Presets shipped in the package, by name (file stem)."""
    return {p.stem: p for p in sorted(presets_dir().glob("*.yaml"))}


def load_preset(name_or_path: str | Path) -> Preset:
    """A bundled preset by name (``hra-2025``) or a preset YAML file."""
    import srsly

    shipped = list_presets()
    path = shipped.get(str(name_or_path)) or Path(name_or_path)
    if not path.is_file():
        raise ReportError(
            f"--preset {name_or_path}: no such preset; bundled presets: {', '.join(shipped) or 'none'}",
            code="E605",
        )
    try:
        raw = srsly.read_yaml(path)
    except Exception as err:  # ruamel raises many types on bad YAML
        raise ReportError(f"{path}: not valid YAML ({err})", code="E605") from None
    try:
        return Preset.model_validate(raw)
    except ValidationError as err:
        listed = "; ".join(f"[{path.name} -> {' -> '.join(map(str, e['loc']))}] {e['msg']}" for e in err.errors())
        raise ReportError(f"{path}: invalid preset: {listed}", code="E605") from None


def combine(
    base: Filters | None = None,
    *,
    ev_related: bool | None = None,
    ev_skills_extra: Iterable[str] = (),
    max_education: str | None = None,
    education_unstated_eligible: bool | None = None,
    exclude_soc: Iterable[str] = (),
    include_soc: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
    where: Iterable[str | Where] = (),
) -> Filters:
    """Options on top of a preset: given scalars replace the preset's, lists add to them."""
    base = base or Filters()

    def split(codes: Iterable[str]) -> tuple[str, ...]:
        return tuple(c.strip() for item in codes for c in str(item).split(",") if c.strip())

    added = split(ev_skills_extra)
    extra = tuple(dict.fromkeys((*base.ev_skills_extra, *added)))
    # Naming extra EV skills only makes sense with the EV filter on: it implies it.
    ev = (base.ev_related if ev_related is None else ev_related) or bool(added)
    return replace(
        base,
        ev_related=ev,
        ev_skills_extra=extra,
        max_education=max_education or base.max_education,
        education_unstated_eligible=base.education_unstated_eligible
        if education_unstated_eligible is None else education_unstated_eligible,
        exclude_soc=tuple(dict.fromkeys((*base.exclude_soc, *split(exclude_soc)))),
        include_soc=tuple(dict.fromkeys((*base.include_soc, *split(include_soc)))),
        since=since or base.since,
        until=until or base.until,
        where=(*base.where, *(w if isinstance(w, Where) else parse_where(w) for w in where)),
    )

