"""Location normalization against hand labels: accuracy per field and the share left null.

    python benchmarks/bench_locations.py GOLD.csv [--pool POOL.jsonl.gz]

GOLD.csv columns: pid, location, state, county_fips, cbsa_code, remote (empty = none;
``remote`` holds "remote" where the location itself says so). Per field, accuracy is
counted among the rows the normalizer resolved (a value where gold has none is wrong);
``unresolved`` is the share of gold places (remote and placeless rows aside) left without
that field. With ``--pool``, also the null share over every location in the pool and the
time per location.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import time

from skillmap.io.locations import normalize_location

FIELDS = ("state", "county_fips", "cbsa_code")


def score(gold_rows: list[dict]) -> dict:
    out = {}
    for field in FIELDS:
        resolved = correct = wanted = missed = 0
        for row in gold_rows:
            got = getattr(normalize_location(row["location"] or None), field)
            want = row[field] or None
            if want is not None:
                wanted += 1
                missed += got is None
            if got is not None:
                resolved += 1
                correct += got == want
        out[field] = {
            "accuracy_among_resolved": round(correct / resolved, 3) if resolved else None,
            "resolved": resolved,
            "gold_with_value": wanted,
            "unresolved_share": round(missed / wanted, 3) if wanted else None,
        }
    remote = [r for r in gold_rows if r["remote"] == "remote"]
    found = sum(normalize_location(r["location"]).remote == "remote" for r in remote)
    out["remote"] = {"gold_remote": len(remote), "found_remote": found}
    return out


def pool_nulls(path: str) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        locations = [json.loads(line).get("location") for line in handle]
    start = time.perf_counter()
    results = [normalize_location(loc) for loc in locations]
    elapsed = time.perf_counter() - start
    placed = [r for r in results if r.raw and r.remote != "remote"]
    return {
        "locations": len(locations),
        "not_remote_with_text": len(placed),
        "state_null_share": round(sum(r.state is None for r in placed) / len(placed), 3),
        "county_null_share": round(sum(r.county_fips is None for r in placed) / len(placed), 3),
        "seconds_total_first_run": round(elapsed, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("--pool", default=None)
    args = parser.parse_args()
    with open(args.gold, encoding="utf-8", newline="") as handle:
        gold_rows = list(csv.DictReader(handle))
    result = {"gold_rows": len(gold_rows), **score(gold_rows)}
    if args.pool:
        result["pool"] = pool_nulls(args.pool)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
