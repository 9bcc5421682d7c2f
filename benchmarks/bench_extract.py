"""Extraction speed on real postings, as ratios measured in one run (machines are noisy).

    python benchmarks/bench_extract.py [--limit N]

Uses ../shared/data/postings/remote_postings_sample.jsonl.gz when present, else the
bundled demo postings repeated. Prints postings/second for spaCy's bare tokenizer (the
yardstick of the batch issue), for skillmap's fast path (`sm.extract`) and for the
spaCy component pipeline (`sm.nlp.pipe`), each on one core, and the ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "postings" / "remote_postings_sample.jsonl.gz"


def load_rows(limit: int) -> tuple[list[dict], str]:
    if SAMPLE.is_file():
        with gzip.open(SAMPLE, "rt", encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle][:limit]
        return rows, SAMPLE.name
    from skillmap.demo import demo_postings_path

    demo = [json.loads(line) for line in demo_postings_path().read_text().splitlines() if line.strip()]
    demo = [r for r in demo if r.get("text")]
    return (demo * (limit // len(demo) + 1))[:limit], "bundled demo postings (repeated)"


def rate(fn, items) -> float:
    start = time.perf_counter()
    fn(items)
    return len(items) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000)
    args = parser.parse_args()

    import spacy

    import skillmap

    rows, source = load_rows(args.limit)
    texts = [r["text"] for r in rows]
    sm = skillmap.load()
    sm.extract(texts[0])  # warm the caches once, as a long batch would
    tokenizer = spacy.blank("en").tokenizer

    tok = rate(lambda items: list(tokenizer.pipe(items)), texts)
    fast = rate(lambda items: [sm.extract(r["text"], title=r.get("title"), company=r.get("company")) for r in items], rows)
    docs = rate(lambda items: list(sm.nlp.pipe(items)), texts[: max(200, len(texts) // 5)])
    chars = sum(map(len, texts)) / len(texts)
    print(f"source: {source}; {len(texts)} postings, {chars:,.0f} characters on average; one core")
    print(f"spaCy bare tokenizer     {tok:8.1f} postings/s")
    print(f"skillmap extract (fast)  {fast:8.1f} postings/s   ratio to tokenizer {fast / tok:4.2f}")
    print(f"skillmap spaCy pipeline  {docs:8.1f} postings/s   ratio to tokenizer {docs / tok:4.2f}")


if __name__ == "__main__":
    main()
