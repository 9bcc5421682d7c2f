"""Realistic, distinct posting titles for the title-coding benchmark.

Built from the reference titles shipped in ``taxonomies/`` (curated job-board titles, SOC
direct-match titles, O*NET reported and alternate titles) with posting noise added the
way job boards write it: seniority, levels, shifts, pay and bonuses, places, work mode,
requisition numbers, parenthesised asides, a team or client after a dash. Seeded, so a
run is repeatable; every returned title is distinct.

    from title_variants import distinct_titles
    titles = distinct_titles(5000, seed=1)
"""

from __future__ import annotations

import csv
import gzip
import io
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "taxonomies"

SENIORITY = ["Sr.", "Senior", "Junior", "Jr.", "Lead", "Principal", "Staff", "Entry Level", "Associate", "Head"]
LEVELS = ["I", "II", "III", "IV", "Level 2", "Level III", "Class A", "Class B", "Tier 1", "1", "2"]
SHIFTS = ["2nd Shift", "3rd Shift", "Night Shift", "Nights", "Days", "Weekends", "Overnight", "1st Shift (6am-2:30pm)"]
PAY = ["$5K Sign On Bonus", "$2,500 SIGN ON BONUS!!", "$38-45/hr", "Up to $32/hr", "$85,000 - $110,000",
       "Weekly Pay", "$10K Signing Bonus", "Earn up to $1,500 referral bonus", "$25.50 per hour"]
PLACES = ["Austin, TX", "Phoenix, AZ", "Remote", "Remote - US", "Hybrid", "Chicago", "Denver, CO", "Atlanta",
          "Bay Area", "New York, NY", "Southeast Region", "Dallas-Fort Worth", "Los Angeles County", "Ohio"]
MODES = ["Full Time", "Part-Time", "Contract", "Temp to Hire", "PRN", "Seasonal", "Remote", "Hybrid", "On-site"]
ASIDES = ["(Remote)", "(Hybrid)", "(Contract)", "(EVSE)", "(Field)", "(Mobile)", "(Bilingual)", "(Days)", "(W2)"]
QUALIFIERS = ["Charging Infrastructure", "Medical Equipment", "Food Manufacturing", "Fleet", "Data Center",
              "Bus Depot", "Solar", "Commercial", "Residential", "Payments Team", "Platform", "Warehouse",
              "Acme Logistics", "Electric Vehicles", "Battery Plant", "Hospital", "Retail"]
HIRING = ["NOW HIRING!!", "Urgent:", "Hiring Immediately -", "🔥", "Immediate Start:"]


def reference_titles(root: Path = ROOT) -> list[str]:
    """Reference titles, the job-board ones repeated so common posting titles dominate."""
    titles: list[str] = []
    with open(root / "occupations" / "job_board_titles.csv", encoding="utf-8", newline="") as handle:
        titles.extend(row["title"] for row in csv.DictReader(handle))
    titles *= 20
    with open(root / "soc" / "soc2018_direct_match_titles.csv", encoding="utf-8", newline="") as handle:
        titles.extend(row["title"] for row in csv.DictReader(handle))
    with gzip.open(root / "onet" / "onet_titles.csv.gz", "rb") as handle:
        rows = csv.DictReader(io.StringIO(handle.read().decode("utf-8")))
        titles.extend(row["title"] for row in rows if row["kind"] in ("reported", "occupation") or row["sources"] in ("02", "10"))
    return titles


def noisy(title: str, rng: random.Random) -> str:
    """One posting-style variant of a clean title."""
    out = title
    if rng.random() < 0.35:
        out = f"{rng.choice(SENIORITY)} {out}"
    if rng.random() < 0.25:
        out = f"{out} {rng.choice(LEVELS)}"
    if rng.random() < 0.05:
        out = f"{rng.choice(HIRING)} {out}"
    suffixes = []
    for chance, pool in ((0.2, SHIFTS), (0.15, PAY), (0.3, PLACES), (0.1, MODES), (0.15, QUALIFIERS)):
        if rng.random() < chance:
            suffixes.append(rng.choice(pool))
    rng.shuffle(suffixes)
    for suffix in suffixes:
        out = f"{out}{rng.choice([' - ', ' - ', ', ', ' | '])}{suffix}"
    if rng.random() < 0.12:
        out = f"{out} {rng.choice(ASIDES)}"
    if rng.random() < 0.05:
        out = f"{out} REQ#{rng.randint(1000, 99999)}"
    if rng.random() < 0.05:
        out = out.upper()
    return out


def distinct_titles(n: int, *, seed: int = 1, exclude: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """``n`` distinct noisy titles (none in ``exclude``)."""
    rng = random.Random(seed)
    base = reference_titles()
    seen: set[str] = set(exclude)
    out: list[str] = []
    attempts = 0
    while len(out) < n and attempts < n * 50:
        attempts += 1
        title = noisy(rng.choice(base), rng)
        if title not in seen:
            seen.add(title)
            out.append(title)
    return out


def realistic_mix(distinct: list[str], n: int, *, seed: int = 2) -> list[str]:
    """``n`` titles drawn from ``distinct`` with a heavy-tailed repeat pattern, as in
    posting exports where a few titles (Software Engineer, Maintenance Technician) recur."""
    rng = random.Random(seed)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(distinct))]
    return rng.choices(distinct, weights=weights, k=n)
