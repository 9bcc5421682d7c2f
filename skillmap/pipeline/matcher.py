"""Skill matching compiled from the taxonomy: one token trie for every alias and pattern.

The posting is tokenized once (regex, no spaCy Doc) and every token is looked up in the
trie; a token's *elements* (its normal form, the ``word*`` prefixes it satisfies, shapes
such as ``#hv``) are cached per distinct token, so the scan costs a few dictionary
look-ups per token whatever the size of the taxonomy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..taxonomy.patterns import expand_pattern, is_gap, literal_sequence
from ..taxonomy.schema import Taxonomy
from ..text.tokens import tokenize

_NUMBER_RE = re.compile(r"^\d+(?:\.\d+)?$")
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


@dataclass(slots=True)
class TokenizedText:
    starts: list[int]
    ends: list[int]
    norms: list[str]
    segment_of: list[int] = field(default_factory=list)


class SkillIndex:
    """Compiled matcher for one taxonomy. Build with :meth:`from_taxonomy`."""

    def __init__(self) -> None:
        self.root = _Node()
        self.rules: list[Rule] = []
        self._rule_ids: dict[Rule, int] = {}
        self._prefixes: dict[int, set[str]] = {}
        self._element_cache: dict[str, tuple[str, ...]] = {}
        self.size = 0

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy) -> SkillIndex:
        index = cls()
        for skill in taxonomy.skills:
            for alias in skill.aliases:
                index.add([literal_sequence(alias)], Rule(skill.id, "alias", alias))
                lowered = literal_sequence(alias.lower())
                if lowered != literal_sequence(alias):
                    index.add([lowered], Rule(skill.id, "alias", alias))
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

    def token_elements(self, norms: list[str]) -> list[tuple[str, ...]]:
        """Elements per token, with voltages marked ``#hv`` (>= 300 V) or ``#lv`` (5-60 V)."""
        elements = [self._elements(n) for n in norms]
        for i, norm in enumerate(norms):
            if norm[:1].isdigit() and i + 1 < len(norms) and norms[i + 1] in _VOLT_UNITS:
                try:
                    value = float(norm)
                except ValueError:
                    continue
                unit = norms[i + 1]
                volts = value * 1000 if unit.startswith("k") else value
                if volts >= 300:
                    elements[i] = (*elements[i], "#hv")
                elif 5 <= volts <= 60:
                    elements[i] = (*elements[i], "#lv")
        return elements

    def scan(self, tokens: TokenizedText) -> list[RawMatch]:
        """All rule matches; a match never crosses a segment boundary."""
        elements = self.token_elements(tokens.norms)
        segment_of = tokens.segment_of
        n = len(elements)
        matches: list[RawMatch] = []
        root_children = self.root.children
        # Segment end (exclusive) per token, so gaps and phrases stay in one sentence.
        seg_end = [n] * n
        if segment_of:
            end = n
            for i in range(n - 1, -1, -1):
                if i + 1 < n and segment_of[i + 1] != segment_of[i]:
                    end = i + 1
                seg_end[i] = end
        for i in range(n):
            for element in elements[i]:
                child = root_children.get(element)
                if child is not None:
                    self._walk(child, i, i + 1, seg_end[i], elements, matches)
        return matches

    def _walk(self, node: _Node, start: int, pos: int, limit: int, elements, out: list) -> None:
        for rule in node.rules:
            out.append(RawMatch(start, pos - 1, rule))
        if pos >= limit:
            return
        children = node.children
        if children:
            for element in elements[pos]:
                child = children.get(element)
                if child is not None:
                    self._walk(child, start, pos + 1, limit, elements, out)
        for size, gap_node in node.gaps.items():
            gap_children = gap_node.children
            for j in range(pos, min(pos + size + 1, limit)):
                for element in elements[j]:
                    child = gap_children.get(element)
                    if child is not None:
                        self._walk(child, start, j + 1, limit, elements, out)


def tokenize_text(text: str) -> TokenizedText:
    starts, ends, norms = tokenize(text)
    return TokenizedText(starts, ends, norms)
