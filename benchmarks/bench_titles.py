"""Title coding throughput: titles per second, cold and warm, measured in one run.

    python benchmarks/bench_titles.py [TITLES.txt|.csv|.jsonl.gz ...]

Default input: the realistic title lists in benchmarks/data, plus the 3,000-posting remote
sample when ../shared/data is beside the repository. Reports:

- load: seconds to load the coder (model arrays + rules), once per process;
- cold: first pass over the titles (every distinct title normalized and scored);
- warm: the same titles again (the per-phrase caches hit, as in a batch where titles
  repeat, which posting exports do heavily);
- ratio warm/cold, all on one core (this process). Not a unit test: numbers depend on
  the machine and its load.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent.parent / "shared" / "data" / "postings" / "remote_postings_sample.jsonl.gz"


def read_titles(path: Path) -> list[str]:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return [json.loads(line).get("title") or "" for line in handle if line.strip()]
    if path.suffix == ".csv":
        with open(path, encoding="utf-8", newline="") as handle:
            return [row["title"] for row in csv.DictReader(handle)]
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(paths: list[str]) -> None:
    files = [Path(p) for p in paths] or [*sorted((HERE / "data").glob("*.csv")), *([SAMPLE] if SAMPLE.exists() else [])]
    titles = [t for f in files for t in read_titles(f)]
    started = time.perf_counter()
    from skillmap.occupations import load_coder

    coder = load_coder()
    coder.code("warm up the imports")
    loaded = time.perf_counter()
    for title in titles:
        coder.code(title)
    cold_done = time.perf_counter()
    for title in titles:
        coder.code(title)
    warm_done = time.perf_counter()
    cold = len(titles) / (cold_done - loaded)
    warm = len(titles) / (warm_done - cold_done)
    print(f"titles: {len(titles):,} ({len(set(titles)):,} distinct) from {', '.join(f.name for f in files)}")
    print(f"load:   {loaded - started:.2f} s")
    print(f"cold:   {cold:,.0f} titles/s (first pass, every distinct title scored)")
    print(f"warm:   {warm:,.0f} titles/s (second pass, cached phrases)")
    print(f"ratio:  warm/cold = {warm / cold:.1f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
