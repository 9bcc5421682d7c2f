"""Accuracy of the sections skillmap infers for unheaded posting text, against the
publisher's own split of the Zhou et al. (2022) ads.

Each ad of ../shared/data/postings/zhou2022_pool.jsonl.gz comes with its text and the
same text split by the publisher into ``responsibilities_text``, ``requirements_text``,
``preferred_text`` and ``company_desc`` (weak labels: the publisher's split, not an
annotator's). Every non-space character of the text gets the field it came from and the
section of the segment skillmap puts it in; scores are over characters.

Mapping: responsibilities, requirements and preferred are themselves; company, benefits,
EEO and application text are "company" (the publisher puts all of them in company_desc);
"intro" (nothing told) and "other" count as responsibilities, the fields' first part.
"job vs company" is the split extraction depends on (company text holds no demands).

The 40 ads of zhou_dev_postings.jsonl (and any ``--exclude`` file) and the ads whose pid
number is a multiple of 10 were looked at while writing the rules: they are scored apart
as "tuned" and left out of "held out".

    .venv/bin/python benchmarks/section_accuracy.py [--pool PATH] [--details N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections import Counter
from pathlib import Path

from skillmap.pipeline.context import ContextRules
from skillmap.text.clean import clean_text

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "postings"
FIELDS = {
    "responsibilities_text": "responsibilities",
    "requirements_text": "requirements",
    "preferred_text": "preferred",
    "company_desc": "company",
}
PREDICTED = {
    "company": "company", "benefits": "company", "eeo": "company", "application": "company",
    "requirements": "requirements", "preferred": "preferred", "responsibilities": "responsibilities",
    "intro": "responsibilities", "other": "responsibilities", "title": "responsibilities",
}
LABELS = ("responsibilities", "requirements", "preferred", "company")


def gold_labels(row: dict) -> list[str | None]:
    """The field of each character of ``row["text"]`` (fields appear in order)."""
    text = row["text"]
    labels: list[str | None] = [None] * len(text)
    at = 0
    for field, label in FIELDS.items():
        value = row.get(field)
        if not value or value == "None":
            continue
        start = text.find(value.strip(), at)
        if start < 0:
            continue
        end = start + len(value.strip())
        labels[start:end] = [label] * (end - start)
        at = end
    return labels


def predicted_labels(rules: ContextRules, row: dict) -> list[str | None]:
    text = row["text"]
    cleaned = clean_text(text)
    labels: list[str | None] = [None] * len(text)
    for seg in rules.structure(text, cleaned, row.get("company"), eager=True):
        labels[seg.start : seg.end] = [PREDICTED.get(seg.section, "responsibilities")] * (seg.end - seg.start)
    return labels


def score(rules: ContextRules, rows: list[dict]) -> dict:
    confusion: Counter = Counter()
    for row in rows:
        text = row["text"]
        for ch, gold, pred in zip(text, gold_labels(row), predicted_labels(rules, row), strict=True):
            if gold is None or pred is None or ch.isspace():
                continue
            confusion[gold, pred] += 1
    total = sum(confusion.values())
    out = {"ads": len(rows), "chars": total}
    out["accuracy"] = sum(v for (g, p), v in confusion.items() if g == p) / total
    binary = sum(v for (g, p), v in confusion.items() if (g == "company") == (p == "company"))
    out["job_vs_company_accuracy"] = binary / total
    for label in LABELS:
        tp = confusion[label, label]
        pred = sum(v for (g, p), v in confusion.items() if p == label)
        gold = sum(v for (g, p), v in confusion.items() if g == label)
        out[label] = {"precision": tp / pred if pred else 0.0, "recall": tp / gold if gold else 0.0}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pool", type=Path, default=SHARED / "zhou2022_pool.jsonl.gz")
    parser.add_argument("--exclude", type=Path, action="append", default=[SHARED / "zhou_dev_postings.jsonl"])
    parser.add_argument("--details", type=int, default=0, help="print N mislabeled tuned-set segments")
    parser.add_argument("--label", help="only mislabeled segments with this gold or predicted label")
    args = parser.parse_args()
    rows = [json.loads(line) for line in gzip.open(args.pool, "rt", encoding="utf-8")]
    tuned_ids = set()
    for path in args.exclude:
        if path.is_file():
            tuned_ids |= {str(json.loads(line).get("pid", json.loads(line).get("id"))) for line in open(path)}
    rules = ContextRules.default()
    tuned_ids |= {r["pid"] for r in rows if int(r["pid"].rsplit(":", 1)[-1]) % 10 == 0}
    tuned = [r for r in rows if r["pid"] in tuned_ids]
    held = [r for r in rows if r["pid"] not in tuned_ids]
    print(json.dumps({"held_out": score(rules, held), "tuned": score(rules, tuned)}, indent=1))
    if args.details:
        rng = random.Random(0)
        shown = 0
        for row in rng.sample(tuned, len(tuned)):
            gold = gold_labels(row)
            for seg in rules.structure(row["text"], clean_text(row["text"]), row.get("company"), eager=True):
                g = Counter(gold[seg.start : seg.end]).most_common(1)[0][0]
                p = PREDICTED.get(seg.section, "responsibilities")
                if args.label and args.label not in (g, p):
                    continue
                if g and g != p and shown < args.details:
                    shown += 1
                    print(f"{row['pid']} gold={g} pred={seg.section}: {row['text'][seg.start:seg.end][:160]!r}")


if __name__ == "__main__":
    main()
