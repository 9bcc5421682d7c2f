"""Write the ZIP and city lookup tables in ``taxonomies/geo/`` from the ``zipcodes`` package.

Maintainers run this when ``zipcodes`` (MIT licence) publishes new data or when the city
keys of ``skillmap.io.locations`` change; ``skillmap tag`` reads only the tables, so the
package is not needed at run time (``pip install -e ".[geo-data]"`` for this tool).

    python tools/prepare_geo_data.py [OUT_DIR]     # default: taxonomies/

Outputs (gzip CSV, sorted, byte-identical across runs):
- ``geo/zip_counties.csv.gz``: ``zip, state, county_fips`` for every ZIP code of a state in
  ``geo/states.csv`` (military APO/FPO codes are left out: they name no place);
  ``county_fips`` is empty where the package's county name matches no Census county.
- ``geo/city_counties.csv.gz``: ``state, city, county_fips, zips``: how many of a city's
  ZIP codes lie in each county, the city as ``locations`` keys it, counting a ZIP's
  acceptable other city names too; a city none of whose ZIPs has a known county has one
  row with an empty ``county_fips`` and ``zips`` 0.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from prepare_occupation_data import TAXONOMIES, _write_csv

from skillmap.io.locations import CITY_FILE, ZIP_FILE, _city_key, _key, reference


def main(out: Path = TAXONOMIES) -> None:
    import zipcodes

    ref = reference()
    zips: list[list] = []
    cities: dict[tuple[str, str], Counter] = {}
    for record in zipcodes.list_all():
        state = record["state"]
        if record.get("zip_code_type") == "MILITARY" or state not in ref.state_names:
            continue
        fips = ref.county_by_name.get((state, _key(record.get("county") or ""))) or ""
        zips.append([record["zip_code"], state, fips])
        for name in [record["city"], *record.get("acceptable_cities", ())]:
            counts = cities.setdefault((state, _city_key(name)), Counter())
            if fips:
                counts[fips] += 1
    zips.sort()
    rows = []
    for (state, city), counts in cities.items():
        rows += [[state, city, fips, n] for fips, n in counts.items()] or [[state, city, "", 0]]
    rows.sort()
    _write_csv(out / ZIP_FILE, ["zip", "state", "county_fips"], zips, compress=True)
    _write_csv(out / CITY_FILE, ["state", "city", "county_fips", "zips"], rows, compress=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else TAXONOMIES)
