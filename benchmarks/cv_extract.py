"""Cross-validation by posting of skill extraction: rules alone vs rules + learned stage.

    python benchmarks/cv_extract.py                       # ../shared/data/postings, 5 folds
    python benchmarks/cv_extract.py --extra GOLD POSTINGS # add another labeled set

Every labeled posting (all X_gold.jsonl / X_postings.jsonl pairs of the data directory,
plus ``--extra`` pairs) is put in one of k folds. For each fold the learned stage is
trained from scratch without that fold's postings (nor their copies in the unlabeled
pools, whose weak labels would leak them), its thresholds chosen by an inner
cross-validation on the remaining labeled postings only, and the fold is scored with
skillmap's own scorer (posting-level micro, demanded skills, children imply parents).
Counts are summed over folds. Rows: rules alone, the stage as built, and ablations.
Not a test: it takes minutes (each fold trains several models).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "postings"
CATEGORIES = ("specialized", "common", "qualification")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--extra", nargs=2, action="append", default=[], metavar=("GOLD", "POSTINGS"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="only rules vs the stage as built")
    args = parser.parse_args()

    from skillmap.evaluate import Scores, score_rows
    from skillmap.extractor import Extractor
    from skillmap.learned import training
    from skillmap.pipeline.context import ContextRules
    from skillmap.taxonomy.loader import load_taxonomy

    labeled, pools = training.read_data_dir(args.data, [tuple(p) for p in args.extra])
    rules = Extractor(load_taxonomy(), ContextRules.default())
    configs = {
        "rules only": None,
        "rules + learned (specialized)": {},
        "  ablation: learned for all categories": {"categories": CATEGORIES},
        "  ablation: no weak labels from pools": {"use_pools": False},
    }
    if args.quick:
        configs = dict(list(configs.items())[:2])
    order = sorted(labeled, key=lambda p: p.pid)
    random.Random(args.seed).shuffle(order)
    cache: dict = {}
    totals = {name: {c: Scores() for c in ("overall", *CATEGORIES)} for name in configs}
    seconds = {name: 0.0 for name in configs}
    for fold in range(args.folds):
        test = order[fold :: args.folds]
        test_ids = {p.pid for p in test}
        gold_rows = [{"pid": p.pid, "skills": [{"id": s} for s in sorted(p.gold)]} for p in test]
        posting_rows = {p.pid: {"text": p.text, "title": p.title, "company": p.company} for p in test}
        for name, options in configs.items():
            started = time.perf_counter()
            learned = None
            if options is not None:
                learned = training.train(rules, labeled, pools, exclude=test_ids, prepared=cache, seed=args.seed, **options)
            seconds[name] += time.perf_counter() - started
            extractor = Extractor(rules.taxonomy, rules.context, rules.index, learned=learned)
            report = score_rows(extractor, gold_rows, posting_rows)
            for key, scores in (("overall", report.overall), *report.by_category.items()):
                total = totals[name].setdefault(key, Scores())
                total.tp += scores.tp
                total.fp += scores.fp
                total.fn += scores.fn
            level = "" if learned is None else f" threshold {learned.threshold}, reject {learned.reject}"
            print(f"fold {fold + 1}/{args.folds} {name.strip()}: F1 {report.overall.f1:.3f}{level}", file=sys.stderr)

    print(f"{len(labeled)} labeled postings, {args.folds} folds by posting (seed {args.seed}); "
          "posting-level micro P/R/F1 of demanded skills, children imply parents\n")
    print("| configuration | P | R | F1 | specialized F1 | common F1 | qualification F1 | train s/fold |")
    print("|---|---|---|---|---|---|---|---|")
    for name, by in totals.items():
        o = by["overall"]
        cells = " | ".join(f"{by[c].f1:.3f}" for c in CATEGORIES)
        print(f"| {name.strip()} | {o.precision:.3f} | {o.recall:.3f} | {o.f1:.3f} | {cells} | "
              f"{seconds[name] / args.folds:.0f} |")


if __name__ == "__main__":
    main()
