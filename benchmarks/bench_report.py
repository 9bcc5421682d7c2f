"""How `skillmap report` scales: rows per second and peak memory over growing inputs.

Writes synthetic tagged Parquet (skillmap.aggregate.synthetic) of each size once, then
runs the full report in a fresh process per size (hra-2025 preset, grouped by SOC code,
with the months the HTML trend needs and the co-occurring pairs) and prints rows/s and
peak RSS, with each size's RSS relative to the smallest. Memory should stay flat: the
DuckDB engine streams the file and aggregates on (skill, group) keys.

    python benchmarks/bench_report.py                         # 50k, 1M, 5M rows
    python benchmarks/bench_report.py --sizes 50000,50000000  # 50M: ~2 GB of Parquet in --dir, ~25 min to write
    python benchmarks/bench_report.py --engine pandas --sizes 50000,500000   # the in-memory engine, for contrast

Not a unit test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def child(path: str, engine: str, memory_limit: str) -> None:
    """Run one report and print its measurements as JSON (in its own process)."""
    from skillmap.aggregate import frequency_report, load_preset

    filters = load_preset("hra-2025").to_filters()
    frequency_report(path, top=5, engine=engine)  # warm imports and the taxonomy, on the same file
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    report = frequency_report(path, filters=filters, by="soc_code", extra_groupings=("month",), pairs=True,
                              top=25, engine=engine, memory_limit=memory_limit)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": report.input_postings, "kept": report.postings, "seconds": seconds,
                      "peak_rss_mb": peak, "baseline_rss_mb": baseline}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50000,1000000,5000000", help="Comma-separated row counts.")
    parser.add_argument("--dir", default="/tmp/skillmap-bench", help="Where the synthetic Parquet files go (kept for reruns).")
    parser.add_argument("--engine", default="duckdb", choices=("duckdb", "pandas"))
    parser.add_argument("--memory-limit", default="1GB", help="DuckDB memory_limit (spills to disk beyond it).")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.engine, args.memory_limit)
        return

    from skillmap.aggregate.synthetic import write_synthetic_parquet

    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        path = folder / f"tagged_{size}.parquet"
        if not path.exists():
            start = time.perf_counter()
            write_synthetic_parquet(path.with_suffix(".tmp"), size)
            path.with_suffix(".tmp").rename(path)
            print(f"wrote {size:,} rows to {path} in {time.perf_counter() - start:.1f}s", file=sys.stderr)
        out = subprocess.run([sys.executable, __file__, "--child", str(path), "--engine", args.engine,
                              "--memory-limit", args.memory_limit], capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["file_mb"] = path.stat().st_size / 2**20
        results.append(result)
        print(f"{size:>12,} rows: {result['seconds']:7.2f}s  {result['rows'] / result['seconds']:>12,.0f} rows/s  "
              f"peak RSS {result['peak_rss_mb']:7.0f} MB", file=sys.stderr)

    first = results[0]
    print(f"\nskillmap report benchmark ({args.engine}; hra-2025 preset, --by soc_code, months, --pairs)")
    print(f"{'rows':>12} {'parquet MB':>10} {'kept':>11} {'seconds':>8} {'rows/s':>12} {'peak RSS MB':>11} {'RSS ratio':>9}")
    for r in results:
        print(f"{r['rows']:>12,} {r['file_mb']:>10.1f} {r['kept']:>11,} {r['seconds']:>8.2f} {r['rows'] / r['seconds']:>12,.0f} "
              f"{r['peak_rss_mb']:>11.0f} {r['peak_rss_mb'] / first['peak_rss_mb']:>9.2f}")
    print(f"rows ratio largest/smallest: {results[-1]['rows'] / first['rows']:,.0f}x; "
          f"peak RSS ratio: {results[-1]['peak_rss_mb'] / first['peak_rss_mb']:.2f}x")


if __name__ == "__main__":
    main()
