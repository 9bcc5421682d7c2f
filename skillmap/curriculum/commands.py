"""The plain functions behind `skillmap compare` and `skillmap syllabus`: options in, a
rendered (and possibly written) result out. The CLI only parses and prints."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import CurriculumError, ReportError
from ..report import resolve_format, write_output
from .compare import (
    DEFAULT_MIN_SHARE,
    CatalogComparison,
    Comparison,
    check_min_share,
    compare_program,
    compare_programs,
    demand_table,
    read_mention_evidence,
)
from .render import COMPARE_FORMATS, DEFAULT_TOP, render_comparison
from .rules import CurriculumRules
from .taught import FileProblem, ProgramSkills, SyllabusReader


@dataclass
class CompareOutcome:
    result: Comparison | CatalogComparison | ProgramSkills
    format: str
    data: str | None
    """The rendered result; None for terminal tables, which the CLI prints itself."""
    path: Path | None = None
    problems: list[tuple[str, FileProblem]] = field(default_factory=list)
    """(program, file problem) for every syllabus file left out."""


def parse_program(spec: str) -> tuple[str, list[str]]:
    """``NAME=FILE[,FILE...]`` -> (name, files). Raises CurriculumError E808."""
    if "=" not in spec:
        raise CurriculumError(f"--program {spec!r}: expected NAME=FILE[,FILE...], e.g. LACI=laci.md,labs.pdf", code="E808")
    name, _, files = spec.partition("=")
    name = name.strip()
    paths = [f.strip() for f in files.split(",") if f.strip()]
    if not name:
        raise CurriculumError(f"--program {spec!r}: the program has no name before '='", code="E808")
    if not paths:
        raise CurriculumError(f"--program {spec!r}: no syllabus files after '='", code="E808")
    return name, paths


@lru_cache(maxsize=1)
def _default_pipeline():
    import skillmap

    return skillmap.load()


def _reader(sm, extensions: Sequence[str], rules: str | Path | None) -> SyllabusReader:
    if sm is None:
        import skillmap

        sm = skillmap.load(extensions=list(extensions)) if extensions else _default_pipeline()
    return SyllabusReader(sm, CurriculumRules.from_file(rules) if rules else None)


def read_programs(reader: SyllabusReader, *, syllabi: Sequence[str | Path] = (), programs: Sequence[str] = (),
                  name: str | None = None) -> list[ProgramSkills]:
    """Programs from positional syllabus files (one program) and ``NAME=FILES`` specs."""
    specs = [parse_program(p) for p in programs]
    names = [n for n, _ in specs] + ([name] if syllabi and name else [])
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise CurriculumError(f"--program: the name {sorted(duplicates)[0]!r} is given twice", code="E808")
    out = []
    if syllabi:
        out.append(reader.read_program(list(syllabi), name=name))
    for program_name, paths in specs:
        out.append(reader.read_program(paths, name=program_name))
    if not out:
        raise CurriculumError("no syllabus given: name SYLLABUS files or --program NAME=FILE[,FILE...]", code="E807")
    return out


def compare(
    *,
    syllabi: Sequence[str | Path] = (),
    programs: Sequence[str] = (),
    demand: Sequence[str | Path],
    name: str | None = None,
    occupations: Sequence[str] = (),
    min_share: float = DEFAULT_MIN_SHARE,
    mentions: str | Path | None = None,
    top: int = DEFAULT_TOP,
    fmt: str | None = None,
    output: str | Path | None = None,
    title: str | None = None,
    engine: str = "auto",
    extensions: Sequence[str] = (),
    rules: str | Path | None = None,
    sm=None,
    **filter_options,
) -> CompareOutcome:
    """Read the programs, build the demand table, compare, render (and write).

    ``syllabi`` form one program (named ``name``, else its first heading); each
    ``programs`` entry is ``NAME=FILE[,FILE...]``. One program gives a
    :class:`Comparison`; with more, the result is a ranked :class:`CatalogComparison`. ``filter_options`` are those of
    :func:`skillmap.report.commands.build_filters` (``ev_related``, ``preset``, ...).
    Raises CurriculumError (E8xx) or ReportError (E6xx, tagged input).
    """
    from ..report.commands import build_filters

    try:
        fmt = resolve_format(fmt, output, COMPARE_FORMATS)
    except ReportError as err:
        raise CurriculumError(err.message, code="E811") from None
    min_share = check_min_share(min_share)
    if top < 0:
        raise CurriculumError("--top must not be negative", code="E811")
    if not demand:
        raise CurriculumError("--demand TAGGED is required: tagged postings (skillmap tag output)", code="E811")
    for spec in programs:
        parse_program(spec)  # malformed specs fail before anything is loaded
    filters = build_filters(**filter_options)
    taxonomy = None
    if extensions:
        from ..taxonomy import load_taxonomy

        taxonomy = load_taxonomy(extensions=list(extensions))
    table = demand_table(list(demand), filters=filters, occupations=occupations, engine=engine, taxonomy=taxonomy,
                         selected_ids=mentions is not None)
    reader = _reader(sm, extensions, rules)
    read = read_programs(reader, syllabi=syllabi, programs=programs, name=name)
    evidence = None
    if mentions is not None:
        gap_ids = {s.id for s in table.demanded(min_share)}
        evidence = read_mention_evidence(mentions, gap_ids, selected_ids=table.selected_ids)
    if len(read) == 1:
        result: Comparison | CatalogComparison = compare_program(read[0], table, min_share=min_share, evidence=evidence)
    else:
        result = compare_programs(read, table, min_share=min_share, evidence=evidence)
    data = render_comparison(result, fmt, title=title, top=top) if (output is not None or fmt != "table") else None
    path = write_output(data, output) if output is not None else None
    problems = [(p.name, problem) for p in read for problem in p.problems]
    return CompareOutcome(result, fmt, data, path, problems)


def syllabus(
    *,
    files: Sequence[str | Path],
    name: str | None = None,
    as_json: bool = False,
    mentions: bool = False,
    extensions: Sequence[str] = (),
    rules: str | Path | None = None,
    sm=None,
) -> CompareOutcome:
    """What one program teaches, requires on entry and leaves out (no demand needed)."""
    reader = _reader(sm, extensions, rules)
    program = reader.read_program(list(files), name=name)
    data = json.dumps(program.to_dict(mentions=mentions), indent=2, ensure_ascii=False) + "\n" if as_json else None
    return CompareOutcome(program, "json" if as_json else "table", data, None,
                          [(program.name, p) for p in program.problems])
