"""`skillmap build-learned`: train the learned stage from labeled and unlabeled postings."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import SkillmapError
from . import app, fail

HELP = """Train the learned skill stage and write its arrays (numpy .npy + JSON, no pickle).

DATA is a directory with X_gold.jsonl / X_postings.jsonl pairs (labeled postings) and the
unlabeled pools zhou2022_pool.jsonl.gz and remote_postings_sample.jsonl.gz. The training
data stays where it is; only the fitted arrays are written. Thresholds are chosen by
cross-validation by posting. Afterwards run `skillmap build-model` so the bundled pipeline
includes the new stage.

Example: skillmap build-learned ../shared/data/postings
"""


@app.command("build-learned", help=HELP)
def build_learned_cli(
    data: Path = typer.Argument(..., help="Directory with gold/postings pairs and unlabeled pools."),
    output: Path = typer.Option(None, "--output", "-o", help="Output directory (default: the bundled model's skillmap_learned)."),
    extra: list[str] = typer.Option(None, "--extra", help="Another labeled set as GOLD,POSTINGS. Repeatable."),
    folds: int = typer.Option(3, "--folds", min=2, help="Cross-validation folds for the thresholds."),
    seed: int = typer.Option(0, "--seed", help="Random seed (fold split, sampling)."),
) -> None:
    from ..pipeline.build import build_learned

    pairs = []
    for item in extra or ():
        gold, _, postings = item.partition(",")
        if not postings:
            raise typer.BadParameter(f"--extra {item!r}: expected GOLD,POSTINGS")
        pairs.append((gold, postings))
    try:
        classifier = build_learned(data, output, extra=pairs, folds=folds, seed=seed)
    except SkillmapError as err:
        raise fail(err) from None
    info = classifier.info
    typer.echo(
        f"Trained on {info['labeled_postings']} labeled and {info['pool_postings']} unlabeled postings; "
        f"threshold {classifier.threshold}, reject {classifier.reject}; "
        f"cross-validated F1 {info['cv_f1']} (rules alone {info['rules_cv_f1']})"
    )
