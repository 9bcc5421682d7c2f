"""A tiny tagged table (the skillmap.io.schema contract) with hand-checkable counts, its
writers in every tagged format, and the obvious counting the reports must agree with."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

S, C, Q = "specialized_skills", "common_skills", "qualifications"


def row(id, *, spec=(), common=(), qual=(), req=(), pref=(), ev=False, edu=None, soc=None, month=None, region=None):
    return {
        "id": id, "title": f"Posting {id}", "soc_code": soc, "soc_title": None, "soc_major": soc[:2] + "-0000" if soc else None,
        "gjrp_group": None, "proposed_code": None,
        S: list(spec), C: list(common), Q: list(qual), "required_skills": list(req), "preferred_skills": list(pref),
        "negated_skills": [], "ev_related": ev, "education_level": edu, "month": month, "region": region,
        "pay_min": 25.0 if id.endswith("1") else None,
    }


ROWS = [
    row("p01", spec=["evse_service", "test_equipment"], common=["communication"], qual=["drivers_license"],
        req=["evse_service", "test_equipment", "communication", "drivers_license"], ev=True, edu=None,
        soc="49-9071", month="2023-01", region="Los Angeles County"),
    row("p02", spec=["evse_service", "high_voltage"], common=["communication", "customer_service"], qual=["drivers_license", "cdl"],
        req=["evse_service", "cdl", "drivers_license"], pref=["high_voltage", "customer_service"], ev=True, edu="high_school",
        soc="49-9071", month="2023-06", region="Los Angeles County"),
    row("p03", spec=["ev_charger_installation", "electrical_wiring"], qual=["evitp_certification", "electrician_license"],
        req=["ev_charger_installation", "electrical_wiring", "electrician_license"], pref=["evitp_certification"], ev=True,
        edu="associate", soc="47-2111", month="2024-06", region="Orange County"),
    row("p04", spec=["high_voltage"], common=["problem_solving"], req=["high_voltage", "problem_solving"], ev=False,
        edu="high_school", soc="47-2111", month="2024-12", region="Orange County"),
    row("p05", spec=["electric_vehicles", "battery_systems"], qual=["ase_certification", "ase_ev_certification"],
        req=["electric_vehicles", "battery_systems", "ase_certification"], pref=["ase_ev_certification"], ev=True,
        edu="bachelor", soc="49-3023", month="2024-03", region="Los Angeles County"),
    row("p06", spec=["electric_vehicles"], common=["communication"], qual=["drivers_license", "cdl"],
        req=["cdl", "drivers_license"], ev=True, edu=None, soc="53-3032", month="2024-04", region="Los Angeles County"),
    row("p07", common=["customer_service", "communication"], qual=["drivers_license"], req=["drivers_license"],
        pref=["customer_service"], ev=False, edu=None, soc="37-2011", month="2023-09", region=None),
    row("p08", spec=["dc_fast_charging", "evse_service"], common=["problem_solving"], qual=["drivers_license"],
        req=["dc_fast_charging", "evse_service", "problem_solving"], pref=["drivers_license"], ev=True, edu="master",
        soc="17-2071", month="2022-12", region="Los Angeles County"),
    row("p09", spec=["evse_service"], qual=["drivers_license"], req=["evse_service"], pref=["drivers_license"], ev=True,
        edu="postsecondary_certificate", soc=None, month="2025-01", region="Orange County"),
    row("p10", spec=["evse_service", "electronics"], common=["communication"], req=["evse_service", "electronics", "communication"],
        ev=True, edu="associate", soc="49-2094", month=None, region="Orange County"),
    row("p11", ev=False, edu=None, soc="29-1141", month="2024-01", region="Los Angeles County"),
    row("p12", spec=["ev_charger_installation"], common=["communication"], qual=["osha_card"],
        req=["ev_charger_installation", "osha_card"], pref=["communication"], ev=True, edu="high_school",
        soc="47-2111", month="2024-08", region="Los Angeles County"),
]
CATEGORY_COLUMNS = {"specialized": S, "common": C, "qualification": Q}
EV_SPECIFIC = {
    "electric_vehicles", "ev_charger_installation", "evse_service", "dc_fast_charging", "charger_networking_firmware",
    "battery_systems", "ase_ev_certification", "evitp_certification", "sae_evse_certification", "registered_service_agent",
}


def expected_counts(rows) -> dict[str, dict[str, tuple[int, int, int]]]:
    """category -> skill -> (postings, required, preferred), counted the obvious way."""
    out: dict[str, dict[str, tuple[int, int, int]]] = {}
    for category, column in CATEGORY_COLUMNS.items():
        counts, required, preferred = Counter(), Counter(), Counter()
        for r in rows:
            for skill in set(r[column]):
                counts[skill] += 1
                required[skill] += skill in r["required_skills"]
                preferred[skill] += skill in r["preferred_skills"]
        out[category] = {s: (counts[s], required[s], preferred[s]) for s in counts}
    return out


def frame(rows=ROWS):
    import pandas as pd

    return pd.DataFrame(rows)


def write(rows, path: Path, fmt: str) -> Path:
    """Write rows as Parquet, CSV (lists as JSON text) or JSON lines."""
    import pandas as pd

    path = Path(path)
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), path)
    elif fmt == "csv":
        flat = [{k: json.dumps(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows]
        pd.DataFrame(flat).to_csv(path, index=False)
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path
