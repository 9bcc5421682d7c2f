"""Synthetic tagged output (random, reproducible) in the column contract, for benchmarks,
tests and trying reports without a posting export. Not real postings: skill popularity,
occupations, education and months are drawn from made-up distributions.

    write_synthetic_parquet("synthetic.parquet", rows=1_000_000)
"""

from __future__ import annotations

from pathlib import Path

SOC_CODES = {
    # code: (title, weight, GJRP group or None)
    "49-9071": ("Maintenance and Repair Workers, General", 14, "EVSE maintenance"),
    "49-3023": ("Automotive Service Technicians and Mechanics", 14, "EV maintenance"),
    "47-2111": ("Electricians", 12, "EVSE installation"),
    "17-3023": ("Electrical and Electronic Engineering Technologists and Technicians", 6, None),
    "49-1011": ("First-Line Supervisors of Mechanics, Installers, and Repairers", 5, None),
    "11-1021": ("General and Operations Managers", 5, None),
    "17-2071": ("Electrical Engineers", 4, None),
    "49-3042": ("Mobile Heavy Equipment Mechanics, Except Engines", 3, None),
    "15-1252": ("Software Developers", 3, None),
    "49-2094": ("Electrical and Electronics Repairers, Commercial and Industrial Equipment", 3, "EVSE maintenance"),
    "53-3032": ("Heavy and Tractor-Trailer Truck Drivers", 3, None),
    "53-3033": ("Light Truck Drivers", 2, None),
    "37-2011": ("Janitors and Cleaners, Except Maids and Housekeeping Cleaners", 1, None),
    "29-1141": ("Registered Nurses", 1, None),
    "41-2031": ("Retail Salespersons", 2, None),
}
POPULAR = (
    "drivers_license", "communication", "customer_service", "problem_solving", "safety_standards",
    "electrical_systems", "physical_ability", "electric_vehicles", "operations", "management",
    "field_service_management", "ase_certification", "electrical_wiring", "high_voltage", "good_driving_record",
    "computer_literacy", "evse_service", "ev_charger_installation", "low_voltage", "hand_tools",
    "evitp_certification", "cdl", "cpr_first_aid", "forklift_certification", "battery_systems",
)
REGIONS = ("Los Angeles County", "Orange County", "Riverside County", "San Bernardino County", "Ventura County")
EDUCATION = (None, "high_school", "postsecondary_certificate", "associate", "bachelor", "master")
EDUCATION_WEIGHTS = (40, 30, 8, 7, 12, 3)


def _months(start: tuple[int, int] = (2022, 7), count: int = 33) -> list[str]:
    year, month = start
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def synthetic_table(rows: int, *, seed: int = 0, offset: int = 0, taxonomy=None):
    """A pyarrow Table of ``rows`` synthetic tagged postings (ids start at ``offset``)."""
    import numpy as np
    import pyarrow as pa

    if taxonomy is None:
        from ..taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    rng = np.random.default_rng(seed + offset)
    skills = sorted(taxonomy.skills, key=lambda s: s.id)
    id_dictionary = pa.array([s.id for s in skills])
    # Zipf-like popularity: the report's most requested skills first, then the rest.
    ranked = [s for s in POPULAR if s in {k.id for k in skills}]
    ranked += [s.id for s in skills if s.id not in ranked]
    order = np.array([ranked.index(s.id) for s in skills])
    popularity = 0.6 / (1 + order) ** 0.75
    chosen = rng.random((rows, len(skills))) < popularity
    level = rng.random((rows, len(skills)))
    required = chosen & (level < 0.75)
    preferred = chosen & (level >= 0.75) & (level < 0.95)
    ev_index = np.array([s.ev_specific for s in skills])

    def lists(mask):
        row_index, col_index = np.nonzero(mask)
        offsets = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_index, minlength=rows), out=offsets[1:])
        values = pa.DictionaryArray.from_arrays(pa.array(col_index, pa.int32()), id_dictionary).cast(pa.string())
        return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values)

    by_category = {c: np.array([s.category == c for s in skills]) for c in ("specialized", "common", "qualification")}
    codes = list(SOC_CODES)
    weights = np.array([SOC_CODES[c][1] for c in codes], dtype=float)
    soc_pick = rng.choice(len(codes) + 1, size=rows, p=np.append(weights * 0.95 / weights.sum(), 0.05))
    soc = np.array([*codes, None], dtype=object)[soc_pick]
    titles = np.array([SOC_CODES[c][0] for c in codes] + [None], dtype=object)[soc_pick]
    majors = np.array([c[:2] + "-0000" for c in codes] + [None], dtype=object)[soc_pick]
    gjrp = np.array([SOC_CODES[c][2] for c in codes] + [None], dtype=object)[soc_pick]
    edu_weights = np.array(EDUCATION_WEIGHTS, dtype=float)
    education = np.array(EDUCATION, dtype=object)[rng.choice(len(EDUCATION), size=rows, p=edu_weights / edu_weights.sum())]
    months = np.array(_months(), dtype=object)[rng.integers(0, 33, size=rows)]
    regions = np.array(REGIONS, dtype=object)[rng.choice(len(REGIONS), size=rows, p=[0.5, 0.2, 0.12, 0.12, 0.06])]
    return pa.table({
        "id": pa.array([f"p{offset + i}" for i in range(rows)]),
        "title": pa.array(titles, pa.string()),
        "soc_code": pa.array(soc, pa.string()),
        "soc_title": pa.array(titles, pa.string()),
        "soc_major": pa.array(majors, pa.string()),
        "gjrp_group": pa.array(gjrp, pa.string()),
        "proposed_code": pa.nulls(rows, pa.string()),
        "specialized_skills": lists(chosen & by_category["specialized"]),
        "common_skills": lists(chosen & by_category["common"]),
        "qualifications": lists(chosen & by_category["qualification"]),
        "required_skills": lists(required),
        "preferred_skills": lists(preferred),
        "ev_related": pa.array((chosen & ev_index).any(axis=1)),
        "education_level": pa.array(education, pa.string()),
        "month": pa.array(months, pa.string()),
        "region": pa.array(regions, pa.string()),
    })


def write_synthetic_parquet(path: str | Path, rows: int, *, seed: int = 0, chunk: int = 500_000) -> Path:
    """Write ``rows`` synthetic postings in chunks (memory stays flat at any size)."""
    import pyarrow.parquet as pq

    from ..taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    path = Path(path)
    writer = None
    try:
        for start in range(0, rows, chunk):
            table = synthetic_table(min(chunk, rows - start), seed=seed, offset=start, taxonomy=taxonomy)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema, compression="zstd")
            writer.write_table(table, row_group_size=min(chunk, 250_000))
    finally:
        if writer is not None:
            writer.close()
    return path
