"""Occupation reference data shipped in ``skillmap.taxonomies``, as small typed records.

- SOC 2018 structure (``soc/soc2018_structure.csv``): 867 detailed codes and their parents.
- Titles: SOC 2018 Direct Match Titles, O*NET 30.0 occupation and alternate titles, O*NET
  29.2 reported titles (O*NET-SOC codes map to SOC 2018 by their first 7 characters), and
  our curated job-board titles (``occupations/job_board_titles.csv``).
- GJRP groups (HR&A report Table 2.1, with 25-2023 for the middle-school CTE code),
  OEWS aggregate codes, and the proposed EV/EVSE codes (``spec/proposed-occupations.csv``).
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..datafiles import data_path
from ..errors import OccupationError

SOC_STRUCTURE = "soc/soc2018_structure.csv"
SOC_DIRECT_MATCH = "soc/soc2018_direct_match_titles.csv"
ONET_TITLES = "onet/onet_titles.csv.gz"
GJRP_GROUPS = "occupations/gjrp_groups.csv"
OEWS_AGGREGATES = "occupations/oews_aggregates.csv"
PROPOSED = "occupations/proposed_occupations.csv"
JOB_BOARD_TITLES = "occupations/job_board_titles.csv"

# How much a reference title counts, by where it comes from. O*NET alternate-title source
# codes: 02 incumbents and 10 employer job postings read like real postings; 08 (the old
# Dictionary of Occupational Titles) and 04/06 (long classification indexes) hold many
# archaic or rare titles, so they count less when several occupations share a title.
SOURCE_WEIGHTS = {
    "job_board": 8.0,
    "soc_direct": 1.0,
    "onet_occupation": 1.0,
    "onet_reported": 1.0,
}
ONET_ALTERNATE_SOURCE_WEIGHTS = {"02": 1.0, "10": 1.0, "09": 0.8, "01": 0.8, "03": 0.8, "07": 0.8, "06": 0.6, "04": 0.6, "08": 0.5}


@dataclass(frozen=True)
class SocOccupation:
    code: str
    title: str
    major: str
    minor: str
    broad: str


@dataclass(frozen=True)
class ProposedOccupation:
    code: str
    title: str
    parent_soc: str
    gjrp_group: str
    definition: str
    distinguishing_signals: str


@dataclass(frozen=True)
class ReferenceTitle:
    """One title of the knowledge base: a way people name the occupation ``soc_code``."""

    title: str
    soc_code: str
    source: str
    weight: float


def _open_csv(name: str, root: Path | None = None) -> Iterator[dict]:
    path = (root / name) if root else data_path(name)
    try:
        if str(path).endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                text = handle.read().decode("utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise OccupationError(f"occupation reference file {name} is missing or unreadable: {err}", code="E501") from None
    yield from csv.DictReader(io.StringIO(text))


@lru_cache(maxsize=1)
def soc_structure() -> dict[str, SocOccupation]:
    """Every SOC 2018 code (major, minor, broad, detailed) by code."""
    out: dict[str, SocOccupation] = {}
    for row in _open_csv(SOC_STRUCTURE):
        def parent(value: str) -> str:
            return "" if value in ("", "NA") else value

        out[row["code"]] = SocOccupation(
            code=row["code"],
            title=row["title"],
            major=parent(row["soc2d"]),
            minor=parent(row["soc3d"]),
            broad=parent(row["soc5d"]),
        )
    return out


@lru_cache(maxsize=1)
def detailed_codes() -> frozenset[str]:
    return frozenset(c for c, occ in soc_structure().items() if occ.broad and c != occ.broad)


@lru_cache(maxsize=1)
def oews_aggregates() -> dict[str, tuple[str, ...]]:
    """OEWS / report aggregate code -> the SOC 2018 detailed codes it covers."""
    out: dict[str, list[str]] = {}
    for row in _open_csv(OEWS_AGGREGATES):
        out.setdefault(row["oews_code"], []).append(row["soc_code"])
    return {code: tuple(sorted(members)) for code, members in out.items()}


@lru_cache(maxsize=1)
def oews_code_of() -> dict[str, str]:
    """SOC 2018 detailed code -> the aggregate code wage tables report it under."""
    return {member: code for code, members in oews_aggregates().items() for member in members}


@lru_cache(maxsize=1)
def gjrp_groups() -> dict[str, tuple[str, ...]]:
    """SOC code (detailed, or an aggregate's members) -> GJRP groups of report Table 2.1."""
    out: dict[str, list[str]] = {}
    aggregates = oews_aggregates()
    for row in _open_csv(GJRP_GROUPS):
        for code in (row["soc_code"], *aggregates.get(row["soc_code"], ())):
            groups = out.setdefault(code, [])
            if row["gjrp_group"] not in groups:
                groups.append(row["gjrp_group"])
    return {code: tuple(groups) for code, groups in out.items()}


@lru_cache(maxsize=1)
def proposed_occupations() -> dict[str, ProposedOccupation]:
    """The proposed EV/EVSE codes (e.g. 49-2093.91), exactly as the project spec writes them."""
    return {row["code"]: ProposedOccupation(**row) for row in _open_csv(PROPOSED)}


def _alternate_weight(sources: str) -> float:
    weights = [ONET_ALTERNATE_SOURCE_WEIGHTS.get(s.strip(), 0.5) for s in sources.split(",") if s.strip()]
    if not weights:
        return 0.5
    # Several independent sources naming the same title make it more common.
    return max(weights) + 0.05 * (len(weights) - 1)


def reference_titles(root: Path | None = None) -> list[ReferenceTitle]:
    """All knowledge-base titles (raw text), SOC 2018 coded, with source weights.

    ``root`` reads the files from another folder with the same layout (tests use tiny ones).
    """
    titles: list[ReferenceTitle] = []
    for row in _open_csv(SOC_DIRECT_MATCH, root):
        weight = SOURCE_WEIGHTS["soc_direct"] * (0.9 if row["illustrative"] == "1" else 1.0)
        titles.append(ReferenceTitle(row["title"], row["soc_code"], "soc_direct", weight))
    for row in _open_csv(ONET_TITLES, root):
        code = row["onet_soc_code"][:7]
        kind = row["kind"]
        if kind == "alternate":
            weight = _alternate_weight(row["sources"])
            titles.append(ReferenceTitle(row["title"], code, "onet_alternate", weight))
            if row["short_title"]:
                titles.append(ReferenceTitle(row["short_title"], code, "onet_alternate", weight * 0.9))
        elif kind == "reported":
            weight = SOURCE_WEIGHTS["onet_reported"] * (1.0 if row["my_next_move"] == "Y" else 0.9)
            titles.append(ReferenceTitle(row["title"], code, "onet_reported", weight))
        else:
            titles.append(ReferenceTitle(row["title"], code, "onet_occupation", SOURCE_WEIGHTS["onet_occupation"]))
    titles.extend(job_board_titles(root))
    return titles


def job_board_titles(root: Path | None = None) -> list[ReferenceTitle]:
    """Curated common posting titles with the code job-board coders give them."""
    return [
        ReferenceTitle(row["title"], row["soc_code"], "job_board", SOURCE_WEIGHTS["job_board"])
        for row in _open_csv(JOB_BOARD_TITLES, root)
    ]


def soc_title(code: str) -> str | None:
    occupation = soc_structure().get(code)
    if occupation is not None:
        return occupation.title
    if code in oews_aggregates():
        return next(row["oews_title"] for row in _open_csv(OEWS_AGGREGATES) if row["oews_code"] == code)
    return None
