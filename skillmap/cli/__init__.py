"""The ``skillmap`` command line: a thin Typer layer over the library.

Each command module defines ``<name>_cli`` (parses options, prints) and calls a plain
function of the library; library errors (SkillmapError) become a one-line message on
stderr and the error's exit code.
"""

from __future__ import annotations

import os
import sys

import typer

from ..errors import SkillmapError

app = typer.Typer(
    name="skillmap",
    help=(
        "Skills demanded in EV and EV-charging (EVSE) job postings: extract, code titles, "
        "tag exports, report frequencies, compare curricula. Fully offline.\n\n"
        "Example: skillmap extract \"Install Level 2 EV chargers; valid driver's license required\""
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version_text() -> str:
    """``skillmap --version``: the version, and whether the compiled scanner is in use
    (without a C compiler at install, tagging runs a slower pure-Python path)."""
    import importlib.util

    from .. import __version__

    accelerated = importlib.util.find_spec("skillmap.pipeline._scan") is not None
    return f"skillmap {__version__}\n" + (
        "compiled scanner: yes" if accelerated
        else "compiled scanner: no (installed without a C compiler: tagging runs the slower Python path)")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(_version_text())
        raise typer.Exit()


@app.callback()
def _main_options(
    version: bool = typer.Option(False, "--version", help="Show the version and exit.", callback=_show_version,
                                 is_eager=True),
) -> None:
    """Options before the command name."""


def unwrapped(text: str) -> str:
    """Help text with each paragraph on one line: the help renderer keeps a ``help=``
    string's line breaks and then wraps again at the terminal width, which leaves
    half-empty lines; paragraphs (blank-line separated) stay apart."""
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


def fail(err: SkillmapError) -> typer.Exit:
    """Print a library error cleanly and return the Exit to raise."""
    typer.echo(f"Error: {err}", err=True)
    return typer.Exit(code=err.exit_code)


# Set by a command that leaves a large object graph behind (tagging loads the pipeline and
# title coder): main() then ends the process without freeing it object by object, which
# takes a noticeable fraction of a second. Everything the command wrote is closed by then.
_exit_without_teardown = False


def exit_without_teardown() -> None:
    global _exit_without_teardown
    _exit_without_teardown = True


def _unwrap_help(typer_app: typer.Typer) -> None:
    """Every command's help as :func:`unwrapped` paragraphs, so each wraps cleanly at the
    terminal's width (80 columns included) whatever line breaks its source has."""
    for command in typer_app.registered_commands:
        if command.help:
            command.help = unwrapped(command.help)
    for group in typer_app.registered_groups:
        _unwrap_help(group.typer_instance)


def _register() -> None:
    from . import (  # noqa: F401
        build_learned,
        build_model,
        build_title_model,
        compare,
        demo,
        diff,
        evaluate,
        evaluate_titles,
        extract,
        report,
        tag,
        taxonomy,
        title,
    )
    _unwrap_help(app)


def main() -> None:
    _register()
    try:
        app()
    except SkillmapError as err:  # a command that forgot to catch: still no traceback
        typer.echo(f"Error: {err}", err=True)
        sys.exit(err.exit_code)
    except SystemExit as done:  # click ends every run with sys.exit
        if not _exit_without_teardown:
            raise
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if not isinstance(done.code, int) and done.code is not None:
            print(done.code, file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
