"""Materialize the labeled sets of benchmarks/data/labels as evaluation files.

The labels are ours; the posting texts are not ours to redistribute, so the repository keeps
only posting ids and character spans of the evidence. This script joins them with the
postings in ../shared/data/postings and writes, per labeled set, a postings file and a gold
file in the format of ``skillmap evaluate`` (evidence quotes restored from the spans):

    python benchmarks/labeled_sets.py OUT_DIR [--shared ../shared/data/postings]
    skillmap evaluate OUT_DIR/zhou_batch1_gold.jsonl OUT_DIR/zhou_batch1_postings.jsonl

Pids are ``zhou2022:N`` (zhou2022_pool.jsonl.gz) or ``remote:ID``
(remote_postings_sample.jsonl.gz). Title sets (``*_titles.csv``: id, soc_code) become
``evaluate-titles`` files with the titles restored. How the posting sets were made: LABELING.md, two annotators
working independently, adjudicated by a third reader; see README "Evaluation".
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

LABELS = Path(__file__).parent / "data" / "labels"


def load_postings(shared: Path) -> dict[str, dict]:
    postings: dict[str, dict] = {}
    with gzip.open(shared / "zhou2022_pool.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            postings[row["pid"]] = {k: row[k] for k in ("pid", "title", "company", "text")}
    with gzip.open(shared / "remote_postings_sample.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            pid = f"remote:{row['id']}"
            postings[pid] = {"pid": pid, "title": row["title"], "company": row["company"], "text": row["text"]}
    return postings


def materialize(out: Path, shared: Path) -> list[tuple[Path, Path]]:
    """Write ``NAME_postings.jsonl`` and ``NAME_gold.jsonl`` per labeled set; return the pairs."""
    postings = load_postings(shared)
    out.mkdir(parents=True, exist_ok=True)
    pairs = []
    for labels in sorted(LABELS.glob("*_gold.jsonl")):
        name = labels.name.removesuffix("_gold.jsonl")
        gold_path, postings_path = out / f"{name}_gold.jsonl", out / f"{name}_postings.jsonl"
        with labels.open(encoding="utf-8") as src, gold_path.open("w", encoding="utf-8") as gold, postings_path.open(
            "w", encoding="utf-8"
        ) as posts:
            for line in src:
                row = json.loads(line)
                posting = postings[row["pid"]]
                for skill in row["skills"]:
                    start, end = skill.pop("evidence_span")
                    skill["evidence"] = posting["text"][start:end]
                gold.write(json.dumps(row) + "\n")
                posts.write(json.dumps(posting) + "\n")
        pairs.append((gold_path, postings_path))
    return pairs


def materialize_titles(out: Path, shared: Path) -> list[Path]:
    """Write an ``evaluate-titles`` CSV (id, title, soc_code) per title label file."""
    import csv

    postings = load_postings(shared)
    written = []
    for labels in sorted(LABELS.glob("*_titles.csv")):
        target = out / labels.name
        with labels.open(encoding="utf-8", newline="") as src, target.open("w", encoding="utf-8", newline="") as dst:
            writer = csv.writer(dst)
            writer.writerow(["id", "title", "soc_code"])
            for row in csv.DictReader(src):
                writer.writerow([row["id"], postings[row["id"]]["title"], row["soc_code"]])
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[1] / ".." / "shared" / "data" / "postings")
    args = parser.parse_args()
    for gold, posts in materialize(args.out, args.shared):
        print(gold, posts)
    for titles in materialize_titles(args.out, args.shared):
        print(titles)


if __name__ == "__main__":
    main()
