"""Skill matching compiled from the taxonomy: one token trie for every alias and pattern.

The posting is tokenized once (regex, no spaCy Doc) and every token is looked up in the
trie; a token's *elements* (its normal form, the ``word*`` prefixes it satisfies, shapes
such as ``#hv``) are cached per distinct token, so the scan costs a few dictionary
look-ups per token whatever the size of the taxonomy. The walk from each token that can
start a pattern runs in C when ``_scan.c`` was compiled, in Python otherwise. A built
model stores the trie as JSON (``to_data``/``from_data``), so loading expands no pattern.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING

from ..taxonomy.patterns import expand_pattern, is_gap, literal_sequence
from ..text.coordination import Reading, coordinated_readings
from ..text.tokens import NORMAL_FORMS, tokenize_ranges

if TYPE_CHECKING:
    from ..taxonomy.schema import Taxonomy

_NUMBER_RE = re.compile(r"^\d+(?:\.\d+)?$")
_CAMEL_RE = re.compile(r"[a-z][A-Z]")
try:  # the optional C walk (setup.py); same matches, same order
    from ._scan import lookup_all as _c_lookup_all
    from ._scan import scan as _c_scan
    from ._scan import scan_ranges as _c_scan_ranges
except ImportError:  # pragma: no cover - built without a C compiler
    _c_scan = _c_lookup_all = _c_scan_ranges = None


def _lookup_all(table: dict, keys: list) -> list:
    return list(map(table.__getitem__, keys))

# Bumped when the stored form of an index (to_data) changes.
INDEX_FORMAT = 1
INDEX_FILE = "index.json"  # beside taxonomy.json in a built model
_VOLT_UNITS = frozenset({"v", "volt", "vdc", "vac", "kv", "kilovolt", "kvdc"})


@dataclass(frozen=True, slots=True)
class Rule:
    """What a trie terminal means: a skill (or a veto of skills) and the rule's source."""

    skill_id: str
    kind: str  # "alias" | "pattern" | "exclude"
    source: str
    when: str = "always"


class _Node:
    __slots__ = ("children", "gaps", "rules")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.gaps: dict[int, _Node] = {}
        self.rules: list[int] = []


class SkillIndex:
    """Compiled matcher for one taxonomy. Build with :meth:`from_taxonomy`."""

    def __init__(self) -> None:
        self.root = _Node()
        self.rules: list[Rule] = []
        self._rule_ids: dict[Rule, int] = {}
        self._prefixes: dict[int, set[str]] = {}
        self._compiled: tuple | None = None
        self._joinable: tuple[frozenset, frozenset] | None = None
        self._stored_trie: list | None = None  # set by from_data until add() is called
        self.size = 0

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy) -> SkillIndex:
        index = cls()
        for skill in taxonomy.skills:
            for alias in skill.aliases:
                index.add([literal_sequence(alias)], Rule(skill.id, "alias", alias))
                # "PowerPoint" is also written "Powerpoint": add the unsplit form. Only
                # for camel case: lower-casing "NACS" would make it the plural of "NAC".
                if _CAMEL_RE.search(alias):
                    index.add([literal_sequence(alias.lower())], Rule(skill.id, "alias", alias))
            for rule in skill.patterns:
                sequences = expand_pattern(rule.pattern, taxonomy.term_sets)
                index.add(sequences, Rule(skill.id, "pattern", rule.pattern, rule.when))
            for pattern in skill.exclude:
                index.add(expand_pattern(pattern, taxonomy.term_sets), Rule(skill.id, "exclude", pattern))
        return index

    # -- storage: the trie as JSON-ready data, loaded without expanding any pattern -----
    def to_data(self) -> dict:
        return {
            "format": INDEX_FORMAT,
            "rules": [[r.skill_id, r.kind, r.source, r.when] for r in self.rules],
            "prefixes": {str(n): sorted(stems) for n, stems in sorted(self._prefixes.items())},
            "size": self.size,
            "trie": self._trie(),
        }

    @classmethod
    def from_data(cls, data: dict) -> SkillIndex:
        """An index stored by :meth:`to_data` (e.g. ``json.loads`` of the built model's file)."""
        if data.get("format") != INDEX_FORMAT:
            raise ValueError(f"skill index format {data.get('format')!r}, expected {INDEX_FORMAT}")
        index = cls()
        index.rules = [Rule(*r) for r in data["rules"]]
        index._rule_ids = {rule: i for i, rule in enumerate(index.rules)}
        index._prefixes = {int(n): set(stems) for n, stems in data["prefixes"].items()}
        index._stored_trie = data["trie"]
        index.size = data["size"]
        return index

    def _trie(self) -> list:
        """The trie as nested lists: ``[rules, {element: node}, [[gap size, {element: node}]]]``.
        Gaps never start, end or follow a gap (see taxonomy.patterns), so a gap node is
        just the children reached after it."""
        if self._stored_trie is not None:
            return self._stored_trie

        def freeze(node: _Node) -> list:
            return [
                list(node.rules),
                {e: freeze(c) for e, c in node.children.items()},
                [[size, {e: freeze(c) for e, c in gap.children.items()}] for size, gap in node.gaps.items()],
            ]

        return freeze(self.root)

    def _thaw(self) -> None:
        """Rebuild the mutable node tree of a stored index (only :meth:`add` needs it)."""
        trie, self._stored_trie = self._stored_trie, None
        if trie is None:
            return

        def build(item: list) -> _Node:
            node = _Node()
            node.rules = list(item[0])
            node.children = {e: build(c) for e, c in item[1].items()}
            for size, children in item[2]:
                gap = node.gaps[size] = _Node()
                gap.children = {e: build(c) for e, c in children.items()}
            return node

        self.root = build(trie)

    def add(self, sequences, rule: Rule) -> None:
        self._thaw()
        rule_id = self._rule_ids.get(rule)
        if rule_id is None:
            rule_id = len(self.rules)
            self.rules.append(rule)
            self._rule_ids[rule] = rule_id
        for seq in sequences:
            if not seq:
                continue
            node = self.root
            for element in seq:
                if is_gap(element):
                    size = int(element[1:])
                    node = node.gaps.setdefault(size, _Node())
                    continue
                if element.endswith("*"):
                    stem = element[:-1]
                    self._prefixes.setdefault(len(stem), set()).add(stem)
                node = node.children.setdefault(element, _Node())
            if rule_id not in node.rules:
                node.rules.append(rule_id)
                self.size += 1
        self._compiled = None
        self._joinable = None

    def _element_maker(self):
        """norm -> the word's trie elements (uncached: the scan reads them through
        _frozen's table): the word, the ``word*`` stems it starts with (in ``_prefixes``
        order), ``#num`` for a number."""
        lengths = list(self._prefixes)
        # Stems of different lengths are different strings, so one set holds them all;
        # most words start like no stem, which one look-up of their head tells.
        stems = {stem for group in self._prefixes.values() for stem in group}
        head_size = min(lengths, default=1)
        heads = {stem[:head_size] for stem in stems}

        def elements_of(norm: str) -> tuple[str, ...]:
            elements = [norm]
            if norm[:head_size] in heads:
                for length in lengths:
                    if len(norm) >= length and norm[:length] in stems:
                        elements.append(norm[:length] + "*")
            if norm[:1].isdigit() and _NUMBER_RE.match(norm):  # (every \d is a str.isdigit)
                elements.append("#num")
            return tuple(elements)

        return elements_of

    def _frozen(self) -> tuple[_ElementTable, _ElementTable, dict]:
        """Per-word caches over the trie, rebuilt after :meth:`add`.

        The scan runs once per posting over every token, so it reads plain lists and
        dicts (no attribute look-ups, no recursion) and gets each word's elements and
        root nodes from dictionaries filled on first sight.
        """
        if self._compiled is None:
            roots = self._trie()[1]
            elements = _ElementTable(self._element_maker())

            def start_nodes(norm: str) -> tuple:
                found = elements[norm]
                if len(found) == 1:  # most words: the word itself
                    return ((roots[norm], norm),) if norm in roots else ()
                return tuple((roots[e], e) for e in found if e in roots)

            starts = _ElementTable(start_nodes)
            self._compiled = (elements, starts, roots)
        return self._compiled

    def _with_voltage(self, number: str, unit: str, elements: tuple, starts: tuple) -> tuple[tuple, tuple] | None:
        """A token's (elements, start nodes) with its voltage shape added ("#hv"/"#lv"),
        when its form ``number`` is a number and the next token's form ``unit`` a volt
        unit ("480 V"); None otherwise."""
        shape = _voltage_shape(number, unit)
        if shape is None:
            return None
        roots = self._frozen()[2]
        return (*elements, shape), ((*starts, (roots[shape], shape)) if shape in roots else starts)

    def lookup_tables(self) -> tuple[dict, dict]:
        """(elements, start nodes) by normal form: what :meth:`scan` looks up per token,
        for ``tokenize_ranges(..., lookups=)`` to fetch while it tokenizes."""
        elements, starts, _ = self._frozen()
        return elements, starts

    def scan(self, norms: list[str], limit_of, looked_up: tuple[list, list] | None = None) -> list[tuple[int, int, int]]:
        """All rule matches, as plain (start token, end token inclusive, rule) tuples (an
        object per match would cost more than the C walk itself). ``limit_of(i)`` (or
        ``limit_of[i]`` for a list) gives the exclusive token index a match starting at
        token i may not reach (its line or segment end), or -1 to skip it.

        Only tokens that can start a pattern are visited; the walk from each is a
        depth-first search over the trie, in the same order as a recursive one.
        """
        element_table, start_table, _ = self._frozen()
        if looked_up is None:
            lookup = _c_lookup_all if _c_lookup_all is not None else _lookup_all
            elements = lookup(element_table, norms)
            starts = lookup(start_table, norms)
        else:  # this index's lookup_tables() values per token, fetched by the tokenizer
            elements, starts = looked_up
        if not _VOLT_UNITS.isdisjoint(norms):
            # Voltages ("480 V") are #hv/#lv elements of the number token.
            for j in [j for j, norm in enumerate(norms) if norm in _VOLT_UNITS and j > 0]:
                changed = self._with_voltage(norms[j - 1], norms[j], elements[j - 1], starts[j - 1])
                if changed is not None:
                    elements[j - 1], starts[j - 1] = changed
        if _c_scan is not None:
            return _c_scan(starts, elements, limit_of)
        return walk_python(starts, elements, limit_of.__getitem__ if isinstance(limit_of, list) else limit_of)

    def scan_ranges(self, text: str, ranges: list[tuple[int, int]], lines) -> list[tuple[int, int, int]]:
        """All rule matches in the character ranges ``text[a:b]`` (each tokenized on its
        own), as (start character, end character, rule) tuples. A match starting at a
        token inside one of ``lines`` (objects with ``start`` and ``end`` offsets) may not
        reach past that line's end; tokens outside every line start nothing.

        The same as tokenize_ranges + :meth:`scan` over its tokens; in C (``_scan.c``)
        both run in one call, without a Python list per token attribute."""
        lookups = self.lookup_tables()
        if _c_scan_ranges is not None:
            return _c_scan_ranges(text, ranges, NORMAL_FORMS, lookups, lines, _VOLT_UNITS, self._with_voltage)
        starts, ends, norms, *looked_up = tokenize_ranges(text, ranges, lookups)
        # Per token, the token index its line ends at: one slice assignment per line.
        limits = [-1] * len(starts)
        for line in lines:
            first, end = bisect_left(starts, line.start), bisect_left(starts, line.end)
            if end > first:
                limits[first:end] = [end] * (end - first)
        return [(starts[a], ends[b], rule) for a, b, rule in self.scan(norms, limits, looked_up)]

    def joinable(self, before: str, after: str) -> bool:
        """Whether a pattern can hold the word ``before`` and then, next or after a gap,
        the word ``after`` (normal forms): a coordinated reading joins words across a
        cut only where this holds."""
        if self._joinable is None:
            self._joinable = _element_pairs(self._trie())
        pairs, gapped = self._joinable
        table = self._frozen()[0]
        left = table[before]
        if not gapped.isdisjoint(left):
            return True
        right = table[after]
        return any((a, b) in pairs for a in left for b in right)

    def scan_across(self, norms: list[str], cuts: tuple[int, ...]) -> list[tuple[int, int, int]]:
        """The matches in ``norms`` (a reading of coordinated text, see
        :mod:`skillmap.text.coordination`) that join tokens across one of ``cuts`` (the
        positions after skipped words): (start, end inclusive, rule), positions in
        ``norms``. Matches on one side of every cut are the text's own."""
        if not cuts:
            return []
        last_cut = cuts[-1]
        limits = [len(norms) if i < last_cut else -1 for i in range(len(norms))]
        found = []
        for a, b, rule in self.scan(norms, limits):
            # The word before the cut must be one the pattern names: a gap ("~3") that
            # spans the cut would only reach further than the text allows.
            joined = [cut for cut in cuts if a < cut <= b]
            if joined and any(cut - 1 == a or not self._gap_only(norms, limits, cut - 1, (a, b, rule))
                              for cut in joined):
                found.append((a, b, rule))
        return found

    def _gap_only(self, norms: list[str], limits: list[int], i: int, match: tuple[int, int, int]) -> bool:
        """Whether ``match`` is still found with token ``i`` blanked out (so that token
        only fills a gap of the pattern)."""
        blanked = [*norms[:i], "", *norms[i + 1 :]]
        return match in self.scan(blanked, limits)

    def scan_readings(self, norms: list[str], readings: list[Reading]) -> set[tuple[int, int, int]]:
        """Matches of the coordinated readings of a token sequence (``norms``) that the
        text as written does not hold, as (first token, last token, rule) in ``norms``."""
        found: set[tuple[int, int, int]] = set()
        for reading in readings:
            tokens = reading.tokens
            for a, b, rule in self.scan_across([norms[t] for t in tokens], reading.cuts):
                found.add((tokens[a], tokens[b], rule))
        return found

    def scan_coordinated(self, text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """What coordination adds to :meth:`scan_ranges` over the same ranges: matches
        of the readings of coordinated phrases ("AC and DC motor controls" also reads
        "AC motor controls"), as (start character, end character, rule), each spanning
        the words it joins as written."""
        starts, ends, norms = tokenize_ranges(text, ranges)
        readings = coordinated_readings(text, starts, ends, norms, self.joinable)
        if not readings:
            return []
        return [(starts[a], ends[b], rule) for a, b, rule in sorted(self.scan_readings(norms, readings))]


def _element_pairs(trie: list) -> tuple[frozenset[tuple[str, str]], frozenset[str]]:
    """(element pairs that follow each other in some pattern, elements a gap follows),
    from the trie as :meth:`SkillIndex._trie` gives it."""
    pairs: set[tuple[str, str]] = set()
    gapped: set[str] = set()
    stack = [trie]
    while stack:
        _, children, gaps = stack.pop()
        for edges in (children, *(gap_children for _, gap_children in gaps)):
            for element, child in edges.items():
                pairs.update((element, after) for after in child[1])
                if child[2]:
                    gapped.add(element)
                stack.append(child)
    return frozenset(pairs), frozenset(gapped)


def _voltage_shape(number: str, unit: str) -> str | None:
    """"#hv" / "#lv" when the form ``number`` is a number and ``unit`` a volt unit."""
    if not number[:1].isdigit() or unit not in _VOLT_UNITS:
        return None
    try:
        value = float(number)
    except ValueError:
        return None
    volts = value * 1000 if unit.startswith("k") else value
    if volts >= 300:
        return "#hv"
    if 5 <= volts <= 60:
        return "#lv"
    return None


def walk_python(starts: list[tuple], elements: list[tuple], limit_of) -> list[tuple[int, int, int]]:
    """(start, end, rule) of every match from the start nodes of each token: a
    depth-first walk, children in element order before gaps. ``_scan.c`` does the same
    in C; this is the fallback without a compiler and the reference the tests compare."""
    matches: list[tuple[int, int, int]] = []
    append = matches.append
    for i in compress(range(len(starts)), starts):
        limit = min(limit_of(i), len(starts))
        if limit <= i:
            continue
        for node, _ in starts[i]:
            stack = [(node, i + 1)]
            pop, push = stack.pop, stack.extend
            while stack:
                (rules, children, gaps), pos = pop()
                for rule in rules:
                    append((i, pos - 1, rule))
                if pos >= limit:
                    continue
                nexts = []
                if children:
                    for element in elements[pos]:
                        child = children.get(element)
                        if child is not None:
                            nexts.append((child, pos + 1))
                for size, gap_children in gaps:
                    for j in range(pos, min(pos + size + 1, limit)):
                        for element in elements[j]:
                            child = gap_children.get(element)
                            if child is not None:
                                nexts.append((child, j + 1))
                if nexts:
                    nexts.reverse()  # the stack pops the first-found child first
                    push(nexts)
    return matches


class _ElementTable(dict):
    """Word -> value computed on first sight (bounded: vocabularies are small)."""

    def __init__(self, compute) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, norm: str):
        value = self._compute(norm)
        if len(self) < 500_000:
            self[norm] = value
        return value


def read_index(path: str | Path) -> SkillIndex | None:
    """The index stored at ``path`` by a model build; None when it is missing or was
    written in another format (the caller then compiles the taxonomy)."""
    try:
        return SkillIndex.from_data(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
