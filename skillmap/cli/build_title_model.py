"""`skillmap build-title-model`: fit the title model on the shipped knowledge base."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import SkillmapError
from . import app, fail

HELP = """Build the title coder's model (TF-IDF index + Naive Bayes, scikit-learn) from the
occupation reference data in taxonomies/ (O*NET, SOC direct-match, curated job-board
titles), and its semantic vectors (per SOC code, in the static embedding of
models/embeddings): from the model's titles, plus O*NET descriptions and task
statements (--onet, the O*NET database text files) and real postings under a noisy
code (--weak-labels, .jsonl[.gz] with pid, title, text, onet_category), leaving out
the postings held back for evaluation (--exclude, repeatable: .jsonl with pid or .csv
with id). Saved as JSON and numpy arrays (no pickle); rebuild after editing those files.

Example: skillmap build-title-model models/title_coder --onet ../shared/data/onet
"""


@app.command("build-title-model", help=HELP)
def build_title_model_cli(
    output: Path = typer.Argument(Path("models/title_coder"), help="Output directory."),
    onet: Path = typer.Option(None, "--onet", help="O*NET text files (Occupation Data.txt, Task Statements.txt)."),
    weak_labels: Path = typer.Option(None, "--weak-labels", help="Postings with onet_category (.jsonl[.gz])."),
    exclude: list[Path] = typer.Option(None, "--exclude", help="Posting ids to leave out (.jsonl pid / .csv id)."),
) -> None:
    from ..occupations.model import build_title_model, load_title_model
    from ..occupations.semantic import build_semantic_index, read_excluded_pids

    try:
        path = build_title_model(output)
        build_semantic_index(
            load_title_model(path, check_fingerprint=False),
            path,
            onet_dir=onet,
            weak_labels=weak_labels,
            exclude=read_excluded_pids(exclude or ()),
        )
    except SkillmapError as err:
        raise fail(err) from None
    typer.echo(f"Built title model in {path}")
