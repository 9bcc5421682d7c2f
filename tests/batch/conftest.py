"""Synthetic posting exports for the batch tests (no files outside the repository)."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest

DUTIES = [
    "Install Level 2 EV chargers at commercial sites.",
    "Troubleshoot DC fast chargers and replace failed modules.",
    "Maintain electric buses and diagnose high-voltage battery faults.",
    "Use a multimeter and hand tools to test circuits.",
    "Read blueprints and wiring diagrams.",
    "Provide excellent customer service to site hosts.",
    "Work safely around high voltage following NFPA 70E.",
    "Operate a forklift in the warehouse.",
]
REQUIREMENTS = [
    "Valid driver's license required.",
    "CDL Class A preferred.",
    "EVITP certification a plus.",
    "OSHA 10 certification required.",
    "High school diploma or GED required.",
    "3+ years of experience as an electrician.",
    "Bachelor's degree in electrical engineering preferred.",
]
PAY = ["$25-$32 per hour.", "$70,000 - $90,000 per year.", "", ""]
TITLES = ["EV Charger Technician", "EVSE Field Service Technician", "Electrician", "Fleet Mechanic", "Warehouse Associate"]


def posting_text(rng: random.Random, html: bool = False) -> str:
    duties = rng.sample(DUTIES, 3)
    reqs = rng.sample(REQUIREMENTS, 2)
    if html:
        return (
            "<h2>Responsibilities</h2><ul>" + "".join(f"<li>{d}</li>" for d in duties) + "</ul>"
            "<h2>Requirements</h2><ul>" + "".join(f"<li>{r}</li>" for r in reqs) + f"</ul><p>{rng.choice(PAY)}</p>"
        )
    return (
        "Responsibilities:\n" + "\n".join(f"- {d}" for d in duties)
        + "\n\nRequirements:\n" + "\n".join(f"- {r}" for r in reqs) + "\n\n" + rng.choice(PAY)
    )


def make_postings(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append(
            {
                "id": f"p{i:05d}",
                "title": rng.choice(TITLES),
                "company": rng.choice(["VoltCo", "ChargeNet", "City of Springfield"]),
                "posted": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "location": rng.choice(["Los Angeles, CA", "Long Beach, CA"]),
                "text": posting_text(rng, html=i % 3 == 0),
            }
        )
    return rows


def write_jsonl(path, rows, bad_lines: dict[int, str] | None = None) -> None:
    """Rows as JSON lines; ``bad_lines`` maps a 0-based line position to raw text."""
    lines = [json.dumps(r) for r in rows]
    for position, raw in sorted((bad_lines or {}).items()):
        lines.insert(position, raw)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def csv_text(rows: list[dict]) -> str:
    """Rows as CSV text (header first, fields quoted only where needed, as exports do)."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue()


@pytest.fixture
def postings():
    return make_postings(24)
