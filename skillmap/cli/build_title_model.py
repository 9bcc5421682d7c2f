"""`skillmap build-title-model`: fit the title model on the shipped knowledge base."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import SkillmapError
from . import app, fail

HELP = """Build the title coder's model (TF-IDF index + Naive Bayes, scikit-learn) from the
occupation reference data in taxonomies/ (O*NET, SOC direct-match, curated job-board
titles). Saved as JSON and numpy arrays (no pickle); rebuild after editing those files.

Example: skillmap build-title-model models/title_coder
"""


@app.command("build-title-model", help=HELP)
def build_title_model_cli(
    output: Path = typer.Argument(Path("models/title_coder"), help="Output directory."),
) -> None:
    from ..occupations.model import build_title_model

    try:
        path = build_title_model(output)
    except SkillmapError as err:
        raise fail(err) from None
    typer.echo(f"Built title model in {path}")
