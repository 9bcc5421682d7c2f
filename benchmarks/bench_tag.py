"""Benchmark `skillmap tag` end to end against spaCy's bare tokenizer, and its memory.

    python benchmarks/bench_tag.py                  # the real sample if present, else synthetic
    python benchmarks/bench_tag.py --scale 1000000  # repeat the sample to 1M postings (gzip JSONL)

Prints postings/second of the whole `skillmap tag` command (default settings: all cores;
pass --workers to pin) and per core, the rate at which `spacy.blank("en").tokenizer.pipe`
tokenizes the same texts in one process, their ratio, and the peak resident memory of the
tag command: summed over the process tree (sampled every 0.1 s) and of its largest process.
It also prints the steady-state rate: postings per second from the moment every worker
has finished its first chunk to the last finished chunk (part-file times), i.e. without
worker start-up and the final assembly, which is what a long national export sees.
Each of ``--rounds`` tag runs (default 3) is compared with the tokenizer timed just before
and just after it, since a shared machine's speed drifts within seconds; the median ratio
closes the report. Not a test: timings depend on the machine and on what else runs on it.

    python benchmarks/bench_tag.py --locations POOL.jsonl.gz

gives every posting a ``location`` from POOL's ``location`` fields (in turn) and, in each
round, tags the same postings with and without that column back to back: the ratio of the
two (wall and CPU time) is what location normalization costs the job.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "data" / "postings" / "remote_postings_sample.jsonl.gz"


def synthetic_sample(n: int = 2000) -> list[dict]:
    """Posting-shaped texts (used when the real sample is not beside the repository)."""
    rng = random.Random(5)
    duties = [
        "Install Level 2 EV chargers and commission DC fast charging stations.",
        "Troubleshoot charger faults, replace power modules and update firmware over OCPP.",
        "Maintain electric buses; diagnose high-voltage battery and inverter faults.",
        "Read blueprints, pull wire, bend conduit and terminate circuits per the NEC.",
        "Provide excellent customer service to site hosts and drivers.",
        "Collaborate with engineering, operations and sales teams on new deployments.",
        "Write reports in Excel and keep work orders current in the CMMS.",
    ]
    reqs = [
        "Valid driver's license and clean driving record required.",
        "CDL Class B preferred.", "EVITP certification a plus.", "OSHA 10 required.",
        "High school diploma or GED.", "3+ years of electrical experience.",
        "Bachelor's degree in electrical engineering preferred.",
    ]
    about = ("We are building the charging network of the future. Our mission is to accelerate "
             "the transition to electric mobility. We offer medical, dental and vision benefits. ") * 3
    rows = []
    for i in range(n):
        body = (
            f"About us\n{about}\n\nResponsibilities\n" + "\n".join("- " + d for d in rng.sample(duties, 5))
            + "\n\nRequirements\n" + "\n".join("- " + r for r in rng.sample(reqs, 4))
            + f"\n\nPay: ${rng.randint(22, 40)}-${rng.randint(41, 60)} per hour.\n"
        ) * 3
        rows.append({"id": f"s{i}", "title": rng.choice(["EV Charger Technician", "Electrician", "Fleet Mechanic"]),
                     "company": "VoltCo", "month": f"2024-{1 + i % 12:02d}", "text": body})
    return rows


def load_sample(path: Path | None) -> tuple[list[dict], str]:
    source = path or SAMPLE
    if source.is_file():
        with gzip.open(source, "rt", encoding="utf-8") if source.suffix == ".gz" else open(source) as handle:
            return [json.loads(line) for line in handle if line.strip()], str(source)
    return synthetic_sample(), "synthetic sample (real sample not found)"


def tokenizer_rate(texts: list[str]) -> tuple[float, float]:
    """Postings per wall-clock second and per CPU second of the bare spaCy tokenizer."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    for _ in tokenizer.pipe(texts[:50]):  # warm up
        pass
    started, cpu = time.perf_counter(), time.process_time()
    for _ in tokenizer.pipe(texts):
        pass
    return len(texts) / (time.perf_counter() - started), len(texts) / (time.process_time() - cpu)


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_tag(source: Path, output: Path, workers: int | None, log_every: float = 0.0) -> dict:
    command = [sys.executable, "-c", "from skillmap.cli import main; main()", "tag", str(source),
               "-o", str(output), "--quiet", "--restart", "--keep-work"]
    if workers:
        command += ["--workers", str(workers)]
    parts = Path(f"{output}.work") / "parts"
    peak = {"tree": 0}
    started, cpu = time.perf_counter(), _children_cpu()
    process = subprocess.Popen(command)
    stop = threading.Event()

    def sample() -> None:
        last_log = time.perf_counter()
        while not stop.is_set():
            rss = _tree_rss(process.pid)
            peak["tree"] = max(peak["tree"], rss)
            if log_every and time.perf_counter() - last_log >= log_every:
                last_log = time.perf_counter()
                done = len(list(parts.glob("*.rows.arrow"))) if parts.is_dir() else 0
                print(f"  {time.perf_counter() - started:7.0f} s: {done:,} chunks done, RSS now {mib(rss)}, "
                      f"peak {mib(peak['tree'])}", flush=True)
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"skillmap tag failed with exit code {code}")
    # ru_maxrss of waited-for children: the largest single process (KiB on Linux).
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    steady = steady_rate(parts, workers or len(os.sched_getaffinity(0)))
    shutil.rmtree(parts.parent, ignore_errors=True)
    return {"seconds": seconds, "cpu": _children_cpu() - cpu, "tree_rss": peak["tree"], "largest_rss": largest,
            "steady": steady}


def steady_rate(parts: Path, workers: int) -> float | None:
    """Postings per second once every worker has finished its first chunk, up to the last
    finished chunk (part files' times): the rate without start-up and final assembly."""
    import pyarrow.ipc as ipc

    done = sorted((p.stat().st_mtime, p) for p in parts.glob("*.rows.arrow"))
    if len(done) < workers + 2:
        return None
    rows = 0
    for _, path in done[workers:]:
        with ipc.open_file(path) as reader:
            rows += sum(reader.get_batch(i).num_rows for i in range(reader.num_record_batches))
    span = done[-1][0] - done[workers - 1][0]
    return rows / span if span > 0 else None


def write_scaled(rows: list[dict], n: int, path: Path) -> None:
    """``n`` postings by repeating the sample, streamed to gzip JSON lines."""
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as handle:
        for i in range(n):
            row = dict(rows[i % len(rows)])
            row["id"] = f"{row.get('id')}-{i // len(rows)}"
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def compile_package() -> None:
    """Write the package's bytecode, as a regular (non-editable) install does. An editable
    install has none, and under PYTHONDONTWRITEBYTECODE every run would compile the
    package from source again, which is install overhead, not tagging time."""
    import compileall

    import skillmap

    compileall.compile_dir(str(Path(skillmap.__file__).parent), quiet=1)


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=Path, help="JSON lines (.gz) of postings; default: the shared sample")
    parser.add_argument("--scale", type=int, help="repeat the sample to this many postings and tag that")
    parser.add_argument("--workers", type=int, help="workers for skillmap tag (default: its default, all cores)")
    parser.add_argument("--keep", type=Path, help="directory for the generated input and output (default: temp)")
    parser.add_argument("--rounds", type=int, default=3, help="tag runs, each between two tokenizer runs (default 3)")
    parser.add_argument("--locations", type=Path, help="JSON lines (.gz) whose `location` fields are added to the "
                        "postings: each round tags with and without that column")
    args = parser.parse_args()
    if args.locations:
        compare_locations(args)
        return

    rows, origin = load_sample(args.sample)
    compile_package()
    workers = args.workers or len(os.sched_getaffinity(0))
    print(f"sample: {len(rows):,} postings from {origin}; mean {sum(len(r['text']) for r in rows) / len(rows):,.0f} chars")
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        tmp = Path(tmp)
        if args.scale:
            source = tmp / f"scaled_{args.scale}.jsonl.gz"
            started = time.perf_counter()
            write_scaled(rows, args.scale, source)
            print(f"generated {args.scale:,} postings ({mib(source.stat().st_size)} gzip) in {time.perf_counter() - started:.0f} s")
            n = args.scale
        else:
            source = args.sample or SAMPLE
            if not source.is_file():
                source = tmp / "sample.jsonl.gz"
                write_scaled(rows, len(rows), source)
            n = len(rows)
        if args.scale:
            report_tag(run_tag(source, tmp / "tagged.parquet", args.workers, log_every=60), n, workers)
            return
        # The machine's speed drifts within seconds (shared hosts): each tag run is compared
        # with the tokenizer timed right before and right after it, over several rounds.
        texts = [r["text"] for r in rows]
        tokenizer = [tokenizer_rate(texts)]
        ratios, steady_ratios = [], []
        for round_no in range(1, args.rounds + 1):
            print(f"round {round_no}:")
            result = run_tag(source, tmp / "tagged.parquet", args.workers)
            tokenizer.append(tokenizer_rate(texts))
            tok = (tokenizer[-2][0] + tokenizer[-1][0]) / 2
            tok_cpu = (tokenizer[-2][1] + tokenizer[-1][1]) / 2
            rate = report_tag(result, n, workers)
            print(f"  spaCy blank('en').tokenizer.pipe, before and after: {tokenizer[-2][0]:,.1f} and "
                  f"{tokenizer[-1][0]:,.1f} postings/s (one process), {tok_cpu:,.1f} per CPU second")
            ratios.append(rate / tok)
            print(f"  ratio skillmap tag / tokenizer: {rate / tok:.2f}x whole command on {workers} cores, "
                  f"{rate / workers / tok:.2f}x per core, {n / result['cpu'] / tok_cpu:.2f}x per CPU second")
            if result["steady"]:
                steady_ratios.append(result["steady"] / tok)
                print(f"  steady state / tokenizer: {result['steady'] / tok:.2f}x")
        print(f"median over {len(ratios)} rounds: {statistics.median(ratios):.2f}x whole command"
              + (f", {statistics.median(steady_ratios):.2f}x steady state" if steady_ratios else "")
              + " (target >= 2x, goal 5x)")


def compare_locations(args: argparse.Namespace) -> None:
    """Tag the same postings with and without a location column, alternating in each round."""
    rows, origin = load_sample(args.sample)
    pool, _ = load_sample(args.locations)
    places = [r["location"] for r in pool if r.get("location")]
    compile_package()
    workers = args.workers or len(os.sched_getaffinity(0))
    print(f"sample: {len(rows):,} postings from {origin}; locations from {len(places):,} of {args.locations}")
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        tmp = Path(tmp)
        plain, located = tmp / "plain.jsonl.gz", tmp / "located.jsonl.gz"
        write_scaled([{k: v for k, v in r.items() if k != "location"} for r in rows], len(rows), plain)
        write_scaled([{**r, "location": places[i % len(places)]} for i, r in enumerate(rows)], len(rows), located)
        wall, cpu = [], []
        for round_no in range(1, args.rounds + 1):
            print(f"round {round_no}:")
            got = {}
            for name, source in (("without", plain), ("with", located)):
                got[name] = run_tag(source, tmp / f"{name}.parquet", args.workers)
                print(f"  {name} location column: {got[name]['seconds']:.2f} s, CPU {got[name]['cpu']:.2f} s")
            wall.append(got["with"]["seconds"] / got["without"]["seconds"])
            cpu.append(got["with"]["cpu"] / got["without"]["cpu"])
            print(f"  with / without: {wall[-1]:.3f}x wall, {cpu[-1]:.3f}x CPU ({workers} workers)")
        print(f"median over {args.rounds} rounds, with / without a location column: "
              f"{statistics.median(wall):.3f}x wall, {statistics.median(cpu):.3f}x CPU")


def report_tag(result: dict, n: int, workers: int) -> float:
    rate = n / result["seconds"]
    print(f"  skillmap tag: {n:,} postings in {result['seconds']:.1f} s = {rate:,.1f} postings/s "
          f"with {workers} workers = {rate / workers:,.1f} postings/s per core (whole command, start-up included)")
    print(f"  CPU time {result['cpu']:.1f} s over all processes = {n / result['cpu']:,.1f} postings per CPU second")
    if result["steady"]:
        print(f"  steady state (first to last finished chunk): {result['steady']:,.1f} postings/s")
    print(f"  peak RSS: {mib(result['tree_rss'])} summed over the process tree, "
          f"{mib(result['largest_rss'])} in the largest process")
    return rate


if __name__ == "__main__":
    main()
