"""Read taxonomy YAML files, merge extensions, and check everything the schema cannot.

Every problem is reported as ``(location, message)`` with the location written
``file -> skills[3] (evse_service) -> aliases[2]``, and all problems of a file are
collected before raising, so one run lists everything to fix.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from ..datafiles import data_path
from ..errors import TaxonomyError
from ..text.tokens import normal_form
from .patterns import MAX_SEQUENCE_TOKENS, PatternSyntaxError, expand_pattern, literal_sequence
from .schema import CONDITIONS, Taxonomy

DEFAULT_TAXONOMY = "ev_skills.yaml"
# OEWS reports these aggregates instead of SOC 2018 detailed codes; they are valid targets.
OEWS_AGGREGATES = {"51-2028": ("51-2022", "51-2023")}


@lru_cache(maxsize=1)
def known_soc_codes() -> frozenset[str]:
    """SOC 2018 detailed codes plus the OEWS aggregates used in wage tables."""
    codes = set(OEWS_AGGREGATES)
    with open(data_path("soc/soc2018_structure.csv"), encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Hierarchical_structure"] == "Detailed":
                codes.add(row["code"])
    return frozenset(codes)


def _location(file: str, loc: Sequence, raw: dict | None) -> str:
    parts = [file]
    i = 0
    while i < len(loc):
        key = loc[i]
        if key == "skills" and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            index = loc[i + 1]
            label = f"skills[{index}]"
            try:
                label += f" ({raw['skills'][index]['id']})"
            except (KeyError, IndexError, TypeError):
                pass
            parts.append(label)
            i += 2
            continue
        if isinstance(key, int) and parts:
            parts[-1] += f"[{key}]"
        else:
            parts.append(str(key))
        i += 1
    return " -> ".join(parts)


def read_taxonomy_file(path: str | Path) -> Taxonomy:
    """Parse and schema-check one file. Raises TaxonomyError naming file, record and field."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise TaxonomyError(f"taxonomy file not found: {path}", code="E101")
    import srsly  # here, not at the top: batch workers load stored JSON and never need it

    try:
        if path.suffix.lower() == ".json":
            raw = srsly.read_json(path)
        else:
            raw = srsly.read_yaml(path)
    except Exception as err:  # the YAML/JSON libraries raise many types
        raise TaxonomyError(f"cannot parse {path}: {err}", code="E101") from err
    if not isinstance(raw, dict):
        raise TaxonomyError(
            "taxonomy file must hold a mapping with 'name', 'version' and 'skills'",
            [(name, f"top level is {type(raw).__name__}")],
        )
    try:
        return Taxonomy.model_validate(raw)
    except ValidationError as err:
        problems = [
            (_location(name, e["loc"], raw), e["msg"].replace("Value error, ", ""))
            for e in err.errors()
        ]
        raise TaxonomyError(f"{path} does not match the taxonomy schema", problems) from None


def validate_taxonomy(
    taxonomy: Taxonomy,
    file: str = "taxonomy",
    *,
    origins: dict[str, tuple[str, int]] | None = None,
    entry_origins: dict[tuple[str, str], list[tuple[str, int]]] | None = None,
) -> list[tuple[str, str]]:
    """Cross-record checks; returns a list of problems (empty when valid).

    ``origins`` maps a skill id to (file name, index in that file) for merged taxonomies,
    so a problem in an extension names the extension file and its own record number.
    ``entry_origins`` does the same for term set and condition entries: it maps
    ``("term_sets" | "conditions", name)`` to one (file name, index) per entry.
    """
    problems: list[tuple[str, str]] = []
    origins = origins or {}
    entry_origins = entry_origins or {}

    def entry_where(section: str, name: str, j: int) -> str:
        located = entry_origins.get((section, name), [])
        entry_file, local = located[j] if j < len(located) else (file, j)
        return f"{entry_file} -> {section} -> {name}[{local}]"
    soc_codes = known_soc_codes()

    def where(index: int, skill_id: str, field: str) -> str:
        name, local = origins.get(skill_id, (file, index))
        return f"{name} -> skills[{local}] ({skill_id}) -> {field}"

    seen: dict[str, int] = {}
    for index, skill in enumerate(taxonomy.skills):
        if skill.id in seen:
            problems.append(
                (where(index, skill.id, "id"), f"duplicate id, first used by skills[{seen[skill.id]}]")
            )
        else:
            seen[skill.id] = index

    alias_owner: dict[str, tuple[str, str]] = {}
    for index, skill in enumerate(taxonomy.skills):
        if skill.broader is not None:
            if skill.broader not in seen:
                problems.append(
                    (where(index, skill.id, "broader"), f"unknown skill id {skill.broader!r}")
                )
            elif skill.broader == skill.id:
                problems.append((where(index, skill.id, "broader"), "a skill cannot be its own parent"))
        for j, code in enumerate(skill.related_soc):
            if code not in soc_codes:
                problems.append(
                    (
                        where(index, skill.id, f"related_soc[{j}]"),
                        f"{code!r} is not a SOC 2018 detailed code",
                    )
                )
        for j, alias in enumerate(skill.aliases):
            form = normal_form(alias)
            if not form:
                problems.append((where(index, skill.id, f"aliases[{j}]"), "alias has no words"))
                continue
            if len(literal_sequence(alias)) > MAX_SEQUENCE_TOKENS:
                problems.append(
                    (where(index, skill.id, f"aliases[{j}]"), f"alias has more than {MAX_SEQUENCE_TOKENS} tokens")
                )
                continue
            owner = alias_owner.get(form)
            if owner and owner[0] != skill.id:
                problems.append(
                    (
                        where(index, skill.id, f"aliases[{j}]"),
                        f"alias {alias!r} is already claimed by skill {owner[0]!r} ({owner[1]!r})",
                    )
                )
            elif not owner:
                alias_owner[form] = (skill.id, alias)
        for field, rules in (("patterns", [p.pattern for p in skill.patterns]), ("exclude", skill.exclude)):
            for j, pattern in enumerate(rules):
                try:
                    expand_pattern(pattern, taxonomy.term_sets)
                except PatternSyntaxError as err:
                    problems.append((where(index, skill.id, f"{field}[{j}]"), str(err)))

    for name, entries in taxonomy.conditions.items():
        if name not in CONDITIONS:
            problems.append((f"{file} -> conditions -> {name}", f"unknown condition; known: {', '.join(CONDITIONS)}"))
        for j, entry in enumerate(entries):
            try:
                expand_pattern(entry, taxonomy.term_sets)
            except PatternSyntaxError as err:
                problems.append((entry_where("conditions", name, j), str(err)))
    for index, skill in enumerate(taxonomy.skills):
        for j, rule in enumerate(skill.patterns):
            if rule.when != "always" and rule.when not in taxonomy.conditions:
                problems.append((where(index, skill.id, f"patterns[{j}] -> when"), f"condition {rule.when!r} has no patterns under 'conditions'"))

    for name, entries in taxonomy.term_sets.items():
        for j, entry in enumerate(entries):
            try:
                expand_pattern(entry, taxonomy.term_sets)
            except PatternSyntaxError as err:
                problems.append((entry_where("term_sets", name, j), str(err)))

    # Cycles in broader links (a -> b -> a) would make "children imply parents" loop.
    parents = {s.id: s.broader for s in taxonomy.skills if s.broader in seen}
    for index, skill in enumerate(taxonomy.skills):
        chain, node = [], skill.id
        while node in parents and node not in chain:
            chain.append(node)
            node = parents[node]
        if node in chain:
            problems.append((where(index, skill.id, "broader"), f"cycle: {' -> '.join(chain + [node])}"))
    return problems


def _merge(base: Taxonomy, extension: Taxonomy, base_file: str, ext_file: str) -> Taxonomy:
    base_ids = {s.id for s in base.skills}
    clashes = [
        (f"{ext_file} -> skills[{i}] ({s.id}) -> id", f"id already defined in {base_file}")
        for i, s in enumerate(extension.skills)
        if s.id in base_ids
    ]
    clashes += [
        (f"{ext_file} -> term_sets -> {name}", f"term set already defined in {base_file}")
        for name in extension.term_sets
        if name in base.term_sets
    ]
    if clashes:
        raise TaxonomyError("extension taxonomy conflicts with the base taxonomy", clashes, code="E102")
    return Taxonomy(
        name=base.name,
        version=f"{base.version}+{extension.name}-{extension.version}",
        description=base.description,
        term_sets={**base.term_sets, **extension.term_sets},
        conditions={
            name: [*base.conditions.get(name, []), *extension.conditions.get(name, [])]
            for name in sorted({*base.conditions, *extension.conditions})
        },
        skills=[*base.skills, *extension.skills],
    )


def bundled_extensions() -> dict[str, Path]:
    """Extension taxonomies shipped in the package, by short name ("extra" for ev_extra.yaml)."""
    folder = data_path("extensions")
    found: dict[str, Path] = {}
    if folder.is_dir():
        for file in sorted(folder.glob("*.yaml")):
            found[file.stem.removeprefix("ev_")] = file
    return found


def resolve_extension(name_or_path: str | Path) -> Path:
    """A file path, or the short name of a bundled extension."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    bundled = bundled_extensions()
    key = str(name_or_path).removeprefix("ev_").removesuffix(".yaml")
    if key in bundled:
        return bundled[key]
    known = ", ".join(bundled) or "none"
    raise TaxonomyError(
        f"extension taxonomy {str(name_or_path)!r} is neither a file nor a bundled extension ({known})",
        code="E101",
    )


def _add_entry_origins(
    entry_origins: dict[tuple[str, str], list[tuple[str, int]]], taxonomy: Taxonomy, file: str
) -> None:
    """Note the file of each term set and condition entry, in the order _merge joins them."""
    for section, named in (("term_sets", taxonomy.term_sets), ("conditions", taxonomy.conditions)):
        for name, entries in named.items():
            entry_origins.setdefault((section, name), []).extend((file, j) for j in range(len(entries)))


def load_taxonomy(
    path: str | Path | None = None, extensions: Iterable[str | Path] = ()
) -> Taxonomy:
    """Load the bundled (or given) taxonomy plus extension files, fully validated."""
    base_path = Path(path) if path else data_path(DEFAULT_TAXONOMY)
    taxonomy = read_taxonomy_file(base_path)
    origins = {s.id: (base_path.name, i) for i, s in enumerate(taxonomy.skills)}
    entry_origins: dict[tuple[str, str], list[tuple[str, int]]] = {}
    _add_entry_origins(entry_origins, taxonomy, base_path.name)
    files = [base_path.name]
    for ext in extensions:
        ext_path = resolve_extension(ext)
        extension = read_taxonomy_file(ext_path)
        taxonomy = _merge(taxonomy, extension, base_path.name, ext_path.name)
        origins.update({s.id: (ext_path.name, i) for i, s in enumerate(extension.skills)})
        _add_entry_origins(entry_origins, extension, ext_path.name)
        files.append(ext_path.name)
    problems = validate_taxonomy(taxonomy, base_path.name, origins=origins, entry_origins=entry_origins)
    if problems:
        raise TaxonomyError(f"taxonomy {' + '.join(files)} has {len(problems)} problem(s)", problems)
    return taxonomy
