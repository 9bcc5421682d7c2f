"""`skillmap build-model`: write the spaCy pipeline directory from the taxonomy files."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import SkillmapError
from . import app, fail

HELP = """Build the spaCy pipeline directory (tokenizer + skillmap components + taxonomy data).

The result loads offline with spacy.load(PATH) or skillmap.load(PATH). The bundled model
is models/skillmap_ev; rebuild it after editing taxonomies/.

Example: skillmap build-model models/skillmap_ev
"""


@app.command("build-model", help=HELP)
def build_model_cli(
    output: Path = typer.Argument(Path("models/skillmap_ev"), help="Output directory."),
    taxonomy: Path = typer.Option(None, "--taxonomy", help="Base taxonomy file (default: bundled)."),
    extension: list[str] = typer.Option(None, "--extension", "-x", help="Extension taxonomy. Repeatable."),
) -> None:
    from ..pipeline.build import build_model

    try:
        path = build_model(output, taxonomy_path=taxonomy, extensions=tuple(extension or ()))
    except SkillmapError as err:
        raise fail(err) from None
    typer.echo(f"Built pipeline in {path}")
