"""The plain functions behind `skillmap report` and `skillmap diff`: options in, a
rendered (and possibly written) report out. The CLI only parses and prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..aggregate.diff import DiffReport, diff_report
from ..aggregate.filters import Filters, combine, load_preset
from ..aggregate.frequencies import FrequencyReport, frequency_report
from ..aggregate.proportions import DEFAULT_MIN_N
from . import DIFF_FORMATS, REPORT_FORMATS, render_diff, render_report, resolve_format, write_output

# Groupings the HTML page draws beyond --by: occupations (heatmap), states (map), months (trend).
HTML_GROUPINGS = ("soc_code", "state", "month")
# Skills per category a reader sees when --top is not given; machine formats hold them all.
DEFAULT_TOP = 25
MACHINE_FORMATS = ("json", "csv", "xlsx")


def default_top(top: int | None, fmt: str) -> int:
    """``top`` as given; else all skills (0) for JSON, CSV and XLSX, whose readers filter
    themselves, and :data:`DEFAULT_TOP` for tables, Markdown and HTML."""
    if top is not None:
        return top
    return 0 if fmt in MACHINE_FORMATS else DEFAULT_TOP


@dataclass
class Outcome:
    report: FrequencyReport | DiffReport
    format: str
    data: str | bytes | None
    """The rendered report; None for the terminal tables, which the CLI prints itself."""
    path: Path | None = None
    """Where ``data`` was written, when an output file was given."""


def build_filters(
    *,
    preset: str | None = None,
    ev_related: bool | None = None,
    ev_skills: Sequence[str] = (),
    max_education: str | None = None,
    unstated_education: bool | None = None,
    exclude_soc: Sequence[str] = (),
    include_soc: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    where: Sequence[str] = (),
) -> Filters:
    """A preset (by name or file) with the given options on top of it."""
    base = load_preset(preset).to_filters() if preset else None
    return combine(base, ev_related=ev_related, ev_skills_extra=ev_skills, max_education=max_education,
                   education_unstated_eligible=unstated_education, exclude_soc=exclude_soc,
                   include_soc=include_soc, since=since, until=until, where=where)


def _taxonomy(extensions: Sequence[str]):
    if not extensions:
        return None
    from ..taxonomy import load_taxonomy

    return load_taxonomy(extensions=extensions)


def report(
    *,
    tagged: Sequence[str | Path],
    by: str | None = None,
    top: int | None = None,
    min_postings: int = 1,
    min_n: int | None = None,
    pairs: bool = False,
    pairs_sort: str = "count",
    fmt: str | None = None,
    output: str | Path | None = None,
    title: str | None = None,
    engine: str = "auto",
    extensions: Sequence[str] = (),
    **filter_options,
) -> Outcome:
    """Count, render and (with ``output``) write a skill-frequency report.

    ``filter_options`` are those of :func:`build_filters` (``preset``, ``ev_related``,
    ``max_education``, ...). ``top`` None: see :func:`default_top`. ``min_n``: shares of
    fewer postings are marked as unreliable. Raises ReportError (E6xx) or TaxonomyError.
    """
    fmt = resolve_format(fmt, output, REPORT_FORMATS)
    filters = build_filters(**filter_options)
    if title is None:
        title = "Skill frequencies" + (f" ({filters.preset})" if filters.preset else "")
    result = frequency_report(
        list(tagged), filters=filters, by=by, top=default_top(top, fmt), min_postings=min_postings,
        min_n=DEFAULT_MIN_N if min_n is None else min_n, pairs=pairs,
        pairs_sort=pairs_sort, extra_groupings=HTML_GROUPINGS if fmt == "html" else (),
        engine=engine, taxonomy=_taxonomy(extensions),
    )
    return _finish(result, fmt, output, render_report(result, fmt, title=title) if output or fmt != "table" else None)


def diff(
    *,
    a: Sequence[str | Path],
    b: Sequence[str | Path],
    a_where: Sequence[str] = (),
    b_where: Sequence[str] = (),
    a_label: str | None = None,
    b_label: str | None = None,
    top: int | None = None,
    min_postings: int = 1,
    min_n: int | None = None,
    test: str = "auto",
    alpha: float = 0.05,
    sort: str = "difference",
    fmt: str | None = None,
    output: str | Path | None = None,
    title: str | None = None,
    engine: str = "auto",
    extensions: Sequence[str] = (),
    **filter_options,
) -> Outcome:
    """Compare two tagged sets (or two slices of one), render and optionally write."""
    fmt = resolve_format(fmt, output, DIFF_FORMATS)
    filters = build_filters(**filter_options)
    result = diff_report(
        list(a), list(b), filters=filters, a_where=a_where, b_where=b_where, a_label=a_label, b_label=b_label,
        top=default_top(top, fmt), min_postings=min_postings, test=test, alpha=alpha, sort=sort, engine=engine,
        taxonomy=_taxonomy(extensions), min_n=DEFAULT_MIN_N if min_n is None else min_n,
    )
    title = title or "Skill demand compared"
    return _finish(result, fmt, output, render_diff(result, fmt, title=title) if output or fmt != "table" else None)


def _finish(result, fmt: str, output, data) -> Outcome:
    path = write_output(data, output) if output is not None else None
    return Outcome(result, fmt, data, path)
