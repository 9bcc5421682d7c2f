"""Write the occupation reference files shipped in ``taxonomies/`` from the public sources.

Maintainers run this once per O*NET / SOC release; the package never reads the raw files.

    python tools/prepare_occupation_data.py ../shared/data ../shared/spec/proposed-occupations.csv

Inputs (see the README's attribution section): O*NET 30.0 ``Alternate Titles.txt`` and
``Occupation Data.txt``, O*NET 29.2 ``Sample of Reported Titles.txt`` and the BLS SOC 2018
Direct Match Title File. Outputs are compact, sorted CSV files so diffs stay readable.
"""

from __future__ import annotations

import csv
import gzip
import io
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAXONOMIES = ROOT / "taxonomies"


def _read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _write_csv(path: Path, header: list[str], rows: list[list], *, compress: bool = False) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if compress:
        # mtime=0 keeps the archive byte-identical across runs.
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
            gz.write(data)
    else:
        path.write_bytes(data)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"wrote {shown} ({len(rows)} rows, {path.stat().st_size:,} bytes)")


def onet_titles(onet: Path) -> None:
    rows = []
    for row in _read_tsv(onet / "Occupation Data.txt"):
        rows.append([row["O*NET-SOC Code"], row["Title"].strip(), "", "occupation", "", ""])
    for row in _read_tsv(onet / "Alternate Titles.txt"):
        short = row["Short Title"].strip()
        rows.append(
            [
                row["O*NET-SOC Code"],
                row["Alternate Title"].strip(),
                "" if short == "n/a" else short,
                "alternate",
                row["Source(s)"].strip(),
                "",
            ]
        )
    for row in _read_tsv(onet / "Sample of Reported Titles.txt"):
        rows.append([row["O*NET-SOC Code"], row["Reported Job Title"].strip(), "", "reported", "", row["Shown in My Next Move"].strip()])
    rows.sort()
    header = ["onet_soc_code", "title", "short_title", "kind", "sources", "my_next_move"]
    _write_csv(TAXONOMIES / "onet" / "onet_titles.csv.gz", header, rows, compress=True)


def soc_direct_match(soc: Path) -> None:
    with open(soc / "soc_2018_direct_match_title_file.csv", encoding="utf-8-sig", newline="") as handle:
        rows = [
            [r["2018 SOC Code"].strip(), r["2018 SOC Direct Match Title"].strip(), "1" if r["Illustrative Example"].strip() else "0"]
            for r in csv.DictReader(handle)
        ]
    rows.sort()
    _write_csv(TAXONOMIES / "soc" / "soc2018_direct_match_titles.csv", ["soc_code", "title", "illustrative"], rows)


def main(data_dir: str, proposed_csv: str) -> None:
    data = Path(data_dir)
    onet_titles(data / "onet")
    soc_direct_match(data / "soc")
    target = TAXONOMIES / "occupations" / "proposed_occupations.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(proposed_csv, target)
    print(f"copied {proposed_csv} -> {target.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
