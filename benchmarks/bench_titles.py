"""Title coding throughput on one core: cold and warm, distinct and repeated titles,
single-title (``coder.code``) and batch (``coder.code_many``) paths.

    python benchmarks/bench_titles.py [--distinct 5000] [--rounds 3] [TITLES.txt|.csv|.jsonl.gz ...]

Titles: ``--distinct`` realistic titles made from the reference titles shipped in
taxonomies/ plus posting noise (``title_variants.py``; seeded, all distinct), plus the
files given (one title per line, a CSV with a ``title`` column, or .jsonl[.gz] with
``title``; distinct titles are kept) or by default the lists in benchmarks/data and the
3,000-posting remote sample when ../shared/data is beside the repository. Reports titles
per second:

- cold: a fresh process importing skillmap, loading the coder and coding the distinct
  titles once with the batch path (load included);
- warm, distinct: model loaded, every cache emptied before the pass (rankings, the
  normalizer's memos, typo lookups), so each title is new to the coder;
- warm, distinct normalized forms: one title per normalized phrase, so no two titles share
  a ranking (the result cache cannot help at all);
- warm, realistic mix: titles drawn with repeats (a few common titles recur, as in posting
  exports), caches emptied first and filled during the pass;
- cached: the same pass again with everything cached (not the target number).

Wall-clock and CPU rates are both printed (CPU time is steadier on a shared machine); each
is the best of ``--rounds`` passes. The process pins itself to one core where the OS
allows. Not a unit test: numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent.parent / "shared" / "data" / "postings" / "remote_postings_sample.jsonl.gz"
sys.path.insert(0, str(HERE))

from title_variants import distinct_titles, realistic_mix  # noqa: E402


def read_titles(path: Path) -> list[str]:
    if path.suffix == ".gz" or path.suffix == ".jsonl":
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            return [json.loads(line).get("title") or "" for line in handle if line.strip()]
    if path.suffix == ".csv":
        with open(path, encoding="utf-8", newline="") as handle:
            return [row["title"] for row in csv.DictReader(handle)]
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity)"


def best_rate(run, titles: list, clear, rounds: int) -> tuple[float, float]:
    """Best wall and CPU titles/second over ``rounds`` passes, ``clear`` before each."""
    wall = cpu = float("inf")
    for _ in range(rounds):
        clear()
        w0, c0 = time.perf_counter(), time.process_time()
        run(titles)
        wall, cpu = min(wall, time.perf_counter() - w0), min(cpu, time.process_time() - c0)
    return len(titles) / wall, len(titles) / cpu


def cold(titles_file: Path) -> None:
    """Child process: import, load and code the titles once (batch)."""
    w0, c0 = time.perf_counter(), time.process_time()
    from skillmap.occupations import load_coder

    coder = load_coder()
    loaded_w, loaded_c = time.perf_counter() - w0, time.process_time() - c0
    titles = json.loads(titles_file.read_text(encoding="utf-8"))
    coder.code_many(titles)
    print(json.dumps({"load_wall": loaded_w, "load_cpu": loaded_c, "wall": time.perf_counter() - w0, "cpu": time.process_time() - c0}))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--distinct", type=int, default=5000, help="generated distinct titles (default 5000)")
    parser.add_argument("--mix", type=int, default=20000, help="titles in the realistic mix (default 20000)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pinned = pin_one_core()
    if args.cold_child:
        cold(args.cold_child)
        return

    files = args.files or [*sorted((HERE / "data").glob("*.csv")), *([SAMPLE] if SAMPLE.exists() else [])]
    titles = distinct_titles(args.distinct, seed=1)
    for path in files:
        titles.extend(t for t in read_titles(path) if t)
    titles = list(dict.fromkeys(titles))
    from skillmap.occupations import load_coder, normalize_title

    by_form: dict[str, str] = {}
    for title in titles:
        by_form.setdefault(normalize_title(title), title)
    forms = list(by_form.values())
    mix = realistic_mix(titles, args.mix)
    print(f"titles: {len(titles):,} distinct ({len(forms):,} distinct normalized forms; "
          f"{args.distinct:,} generated, plus {', '.join(p.name for p in files) or 'no files'}); "
          f"mix: {len(mix):,} titles, {len(set(mix)):,} distinct; one process, {pinned}")

    # Cold: a fresh interpreter, import + load + one batch pass.
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "titles.json"
        scratch.write_text(json.dumps(titles), encoding="utf-8")
        out = subprocess.run([sys.executable, __file__, "--cold-child", str(scratch)], capture_output=True, text=True, check=True).stdout
    c = json.loads(out.strip().splitlines()[-1])
    print(f"cold   batch, incl. import + load ({c['load_wall']:.2f} s wall, {c['load_cpu']:.2f} s CPU): "
          f"{len(titles) / c['wall']:,.0f} titles/s wall, {len(titles) / c['cpu']:,.0f} CPU")

    coder = load_coder()
    coder.code_many(["warm up the imports", "Electrician"])
    single = lambda ts: [coder.code(t) for t in ts]  # noqa: E731
    batch = coder.code_many
    nothing = lambda: None  # noqa: E731
    rows = [
        ("warm, distinct titles", titles, coder.clear_caches),
        ("warm, distinct normalized forms", forms, coder.clear_caches),
        ("warm, realistic mix with repeats", mix, coder.clear_caches),
        ("cached (second pass, everything cached)", mix, nothing),
    ]
    print(f"{'':44} {'single (code)':>24} {'batch (code_many)':>26}")
    for label, data, clear in rows:
        rates = []
        for run in (single, batch):
            if clear is nothing:
                run(data)  # fill the caches
            rates.append(best_rate(run, data, clear, args.rounds))
        print(f"{label:44} {rates[0][0]:>9,.0f} wall {rates[0][1]:>7,.0f} CPU   {rates[1][0]:>9,.0f} wall {rates[1][1]:>7,.0f} CPU  titles/s")


if __name__ == "__main__":
    main(sys.argv[1:])
