"""Skill matching compiled from the taxonomy: one token trie for every alias and pattern.

The posting is tokenized once (regex, no spaCy Doc) and every token is looked up in the
trie; a token's *elements* (its normal form, the ``word*`` prefixes it satisfies, shapes
such as ``#hv``) are cached per distinct token, so the scan costs a few dictionary
look-ups per token whatever the size of the taxonomy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..taxonomy.patterns import expand_pattern, is_gap, literal_sequence
from ..taxonomy.schema import Taxonomy

_NUMBER_RE = re.compile(r"^\d+(?:\.\d+)?$")
_CAMEL_RE = re.compile(r"[a-z][A-Z]")
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


@dataclass(slots=True)
class RawMatch:
    start_token: int
    end_token: int  # inclusive
    rule: int


class SkillIndex:
    """Compiled matcher for one taxonomy. Build with :meth:`from_taxonomy`."""

    def __init__(self) -> None:
        self.root = _Node()
        self.rules: list[Rule] = []
        self._rule_ids: dict[Rule, int] = {}
        self._prefixes: dict[int, set[str]] = {}
        self._element_cache: dict[str, tuple[str, ...]] = {}
        self._root_cache: dict[str, tuple[_Node, ...]] = {}
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

    def add(self, sequences, rule: Rule) -> None:
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
        self._element_cache.clear()
        self._root_cache.clear()

    def _elements(self, norm: str) -> tuple[str, ...]:
        cached = self._element_cache.get(norm)
        if cached is not None:
            return cached
        elements = [norm]
        for length, stems in self._prefixes.items():
            if len(norm) >= length and norm[:length] in stems:
                elements.append(norm[:length] + "*")
        if _NUMBER_RE.match(norm):
            elements.append("#num")
        result = tuple(elements)
        if len(self._element_cache) < 500_000:
            self._element_cache[norm] = result
        return result

    def _root_nodes(self, norm: str) -> tuple[_Node, ...]:
        """Trie nodes a pattern can start from at a token with this normal form (cached)."""
        cached = self._root_cache.get(norm)
        if cached is None:
            children = self.root.children
            cached = tuple(children[e] for e in self._elements(norm) if e in children)
            if len(self._root_cache) < 500_000:
                self._root_cache[norm] = cached
        return cached

    def _voltage(self, norms: list[str], i: int) -> str | None:
        """"#hv" / "#lv" when token i is a number followed by a volt unit."""
        norm = norms[i]
        if not norm[:1].isdigit() or i + 1 >= len(norms) or norms[i + 1] not in _VOLT_UNITS:
            return None
        try:
            value = float(norm)
        except ValueError:
            return None
        volts = value * 1000 if norms[i + 1].startswith("k") else value
        if volts >= 300:
            return "#hv"
        if 5 <= volts <= 60:
            return "#lv"
        return None

    def scan(self, norms: list[str], limit_of) -> list[RawMatch]:
        """All rule matches. ``limit_of(i)`` gives the exclusive token index a match
        starting at token i may not reach (its line or segment end), or -1 to skip it.

        Only tokens that can start a pattern are visited (a cached look-up per distinct
        word); the walk then reads the following tokens' elements lazily.
        """
        matches: list[RawMatch] = []
        roots = self._root_cache
        root_nodes = self._root_nodes
        hits = [i for i, norm in enumerate(norms) if (roots[norm] if norm in roots else root_nodes(norm))]
        # Voltages ("480 V") start #hv/#lv patterns at the number.
        shapes: dict[int, str] = {}
        for j, norm in enumerate(norms):
            if norm in _VOLT_UNITS and j > 0:
                shape = self._voltage(norms, j - 1)
                if shape:
                    shapes[j - 1] = shape
        if shapes and any(shape in self.root.children for shape in shapes.values()):
            hits = sorted(set(hits) | set(shapes))
        element_memo: dict[int, tuple[str, ...]] = {}
        element_of = self._element_cache

        def elements_at(j: int) -> tuple[str, ...]:
            found = element_memo.get(j)
            if found is None:
                norm = norms[j]
                found = element_of.get(norm) or self._elements(norm)
                if j in shapes:
                    found = (*found, shapes[j])
                element_memo[j] = found
            return found

        children = self.root.children
        walk = self._walk
        for i in hits:
            limit = limit_of(i)
            if limit <= i:
                continue
            for element in elements_at(i):
                child = children.get(element)
                if child is not None:
                    walk(child, i, i + 1, limit, elements_at, matches)
        return matches

    def _walk(self, node: _Node, start: int, pos: int, limit: int, elements_at, out: list) -> None:
        for rule in node.rules:
            out.append(RawMatch(start, pos - 1, rule))
        if pos >= limit:
            return
        children = node.children
        if children:
            for element in elements_at(pos):
                child = children.get(element)
                if child is not None:
                    self._walk(child, start, pos + 1, limit, elements_at, out)
        for size, gap_node in node.gaps.items():
            gap_children = gap_node.children
            for j in range(pos, min(pos + size + 1, limit)):
                for element in elements_at(j):
                    child = gap_children.get(element)
                    if child is not None:
                        self._walk(child, start, j + 1, limit, elements_at, out)
