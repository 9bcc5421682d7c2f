"""`skillmap taxonomy list|show|validate`: inspect and check skill taxonomies."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import SkillmapError, TaxonomyError
from . import app, fail
from .render import console

taxonomy_app = typer.Typer(
    help="Inspect and validate skill taxonomies.\n\nExample: skillmap taxonomy show evse_service",
    no_args_is_help=True,
)
app.add_typer(taxonomy_app, name="taxonomy")

EXTENSION_OPTION = typer.Option(
    None, "--extension", "-x", help="Extension taxonomy file, or 'extra' for the bundled one. Repeatable."
)


@taxonomy_app.command("list", help="List skills: id, category, label, broader.\n\nExample: skillmap taxonomy list --category qualification")
def list_cli(
    category: str = typer.Option(None, "--category", "-c", help="Only this category."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table."),
    extension: list[str] = EXTENSION_OPTION,
) -> None:
    try:
        from ..taxonomy import load_taxonomy

        taxonomy = load_taxonomy(extensions=extension or ())
    except SkillmapError as err:
        raise fail(err) from None
    skills = [s for s in taxonomy.skills if category is None or s.category == category]
    if as_json:
        for skill in skills:
            typer.echo(json.dumps({"id": skill.id, "label": skill.label, "category": skill.category, "broader": skill.broader}))
        return
    from rich.table import Table

    table = Table(title=f"{taxonomy.name} {taxonomy.version}: {len(skills)} skills")
    for column in ("id", "category", "label", "broader"):
        table.add_column(column)
    for skill in skills:
        table.add_row(skill.id, skill.category, skill.label, skill.broader or "")
    console().print(table)


@taxonomy_app.command("show", help="Show one skill with aliases, patterns and sources.\n\nExample: skillmap taxonomy show cdl")
def show_cli(
    skill_id: str = typer.Argument(..., help="Skill id, e.g. evse_service."),
    extension: list[str] = EXTENSION_OPTION,
) -> None:
    try:
        from ..taxonomy import load_taxonomy

        taxonomy = load_taxonomy(extensions=extension or ())
    except SkillmapError as err:
        raise fail(err) from None
    skill = taxonomy.by_id().get(skill_id)
    if skill is None:
        known = ", ".join(sorted(taxonomy.by_id()))
        typer.echo(f"Error: unknown skill id {skill_id!r}. Known ids: {known}", err=True)
        raise typer.Exit(code=2)
    typer.echo(json.dumps(skill.model_dump(mode="json", exclude_defaults=False), indent=2, ensure_ascii=False))


@taxonomy_app.command(
    "validate",
    help=(
        "Validate a taxonomy file (default: the bundled one). Errors name file, record and field.\n\n"
        "Example: skillmap taxonomy validate my_skills.yaml --as-extension"
    ),
)
def validate_cli(
    path: Path = typer.Argument(None, help="Taxonomy YAML/JSON file; default: the bundled taxonomy."),
    as_extension: bool = typer.Option(
        False, "--as-extension", help="Validate PATH as an extension of the bundled taxonomy."
    ),
) -> None:
    try:
        from ..taxonomy import load_taxonomy

        if path is not None and as_extension:
            taxonomy = load_taxonomy(extensions=[path])
        else:
            taxonomy = load_taxonomy(path)
    except TaxonomyError as err:
        raise fail(err) from None
    typer.echo(f"OK: {taxonomy.name} {taxonomy.version}, {len(taxonomy.skills)} skills, no problems found")
