"""EV/EVSE domain rules of the title coder: schema, loading, and matching.

The rules are data (``taxonomies/occupations/ev_title_rules.yaml``), validated here with
pydantic (unknown fields, unknown term sets, SOC codes and proposed codes are reported as
``file -> title_rules[2] (id) -> field``). The coder reads them as the plain dataclasses
below. The bundled file is validated when ``python -m skillmap.mirrors`` writes its
JSON mirror; read through that (current) mirror it is not validated again, which spares
every ``skillmap tag`` run importing pydantic (about 0.1 s of start-up).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from ..datafiles import data_path, read_mirrored
from ..errors import OccupationError
from .features import stem
from .reference import detailed_codes, proposed_occupations

RULES_FILE = "occupations/ev_title_rules.yaml"
# pydantic validates these dataclasses themselves (validate_rules); unknown fields are errors.
_STRICT = {"extra": "forbid"}


@dataclass(frozen=True)
class ProposedWhen:
    __pydantic_config__: ClassVar = _STRICT
    title_any: list[str] = field(default_factory=list)
    skills_any: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TitleRule:
    __pydantic_config__: ClassVar = _STRICT
    id: str
    all: list[str | list[str]]
    soc: str
    none: list[str] = field(default_factory=list)
    proposed: str | None = None
    proposed_when: ProposedWhen | None = None


@dataclass(frozen=True)
class EvidenceRule:
    __pydantic_config__: ClassVar = _STRICT
    id: str
    from_: list[str]  # "from" in the file
    skills_any: list[str]
    proposed: str
    title_any: list[str] = field(default_factory=list)
    title_none: list[str] = field(default_factory=list)
    soc: str | None = None


@dataclass(frozen=True)
class RulesFile:
    __pydantic_config__: ClassVar = _STRICT
    version: int
    terms: dict[str, list[str]]
    title_rules: list[TitleRule]
    evidence_rules: list[EvidenceRule]
    # Phrases read as one word before the terms are matched ("battery electric" names a
    # vehicle, so its "battery" is not a battery term).
    compounds: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> RulesFile:
        """The rules from their (already validated) data, missing optional fields at
        their defaults: a test checks this equals what validation gives."""

        def when(found: dict | None) -> ProposedWhen | None:
            return None if found is None else ProposedWhen(**found)

        return cls(
            version=data["version"],
            terms=data["terms"],
            compounds=data.get("compounds", {}),
            title_rules=[
                TitleRule(**{**rule, "proposed_when": when(rule.get("proposed_when"))}) for rule in data["title_rules"]
            ],
            evidence_rules=[EvidenceRule(**rule) for rule in _field_names(data)["evidence_rules"]],
        )


def _field_names(data: Any) -> Any:
    """The file's data with each evidence rule's "from" under its field name ``from_``."""
    if not isinstance(data, dict) or not isinstance(data.get("evidence_rules"), list):
        return data
    rules = [
        {("from_" if key == "from" else key): value for key, value in rule.items()} if isinstance(rule, dict) else rule
        for rule in data["evidence_rules"]
    ]
    return {**data, "evidence_rules": rules}


@lru_cache(maxsize=1)
def _validator():
    from pydantic import TypeAdapter

    return TypeAdapter(RulesFile)


def validate_rules(data: Any, file: str) -> RulesFile:
    """The rules in ``data`` (read from ``file``), checked: OccupationError E502 lists
    every schema break, unknown term set, SOC code and proposed code."""
    from pydantic import ValidationError

    try:
        spec = _validator().validate_python(_field_names(data))
    except ValidationError as err:
        listed = "; ".join(
            f"[{file} -> {' -> '.join('from' if part == 'from_' else str(part) for part in e['loc'])}] {e['msg']}"
            for e in err.errors()
        )
        raise OccupationError(f"title rules {file} break the schema: {listed}", code="E502") from None
    problems = _problems(spec, file)
    if problems:
        listed = "; ".join(f"[{where}] {what}" for where, what in problems)
        raise OccupationError(f"title rules {file} have {len(problems)} problem(s): {listed}", code="E502")
    return spec


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in text.lower().split())


@dataclass(frozen=True)
class TitleWords:
    """Stemmed title words with a fast phrase test."""

    words: tuple[str, ...]
    vocabulary: frozenset[str]

    @classmethod
    def of(cls, text: str) -> TitleWords:
        words = tuple(stem(w) for w in text.split())
        return cls(words, frozenset(words))

    def has(self, phrase: tuple[str, ...]) -> bool:
        if phrase[0] not in self.vocabulary:
            return False
        n = len(phrase)
        if n == 1:
            return True
        words = self.words
        return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class RuleHit:
    rule_id: str
    soc_code: str
    proposed_code: str | None


class TitleRules:
    """Compiled rules: ``match_title`` for the title, ``apply_evidence`` for skills."""

    def __init__(self, spec: RulesFile):
        self.spec = spec
        self.terms = {name: tuple(_phrase(p) for p in phrases) for name, phrases in spec.terms.items()}
        self._compounds = tuple((_phrase(p), stem(j.lower())) for p, j in spec.compounds.items())
        # Words that start any phrase of a set: a title without one skips the set at once.
        self._first_words = {name: frozenset(p[0] for p in phrases) for name, phrases in self.terms.items()}
        self._all_first_words = frozenset().union(*self._first_words.values()) if self.terms else frozenset()
        # Every word of every phrase: words the rules know, never spelling-corrected.
        self.vocabulary = frozenset(w for phrases in self.terms.values() for p in phrases for w in p)
        # Each title rule's `all` entries as tuples of set names, and the words one of which
        # a title needs for the first entry (most titles fail it at once).
        self._title_rules = []
        for rule in spec.title_rules:
            entries = tuple((e,) if isinstance(e, str) else tuple(e) for e in rule.all)
            needed = frozenset().union(*(self._first_words[name] for name in entries[0])) if entries else frozenset()
            self._title_rules.append((rule, entries, needed))

    def _compound(self, words: TitleWords) -> TitleWords:
        """The title words with each compound phrase joined into its one word."""
        for phrase, joined in self._compounds:
            if phrase[0] not in words.vocabulary or not words.has(phrase):
                continue
            out, i, n, seq = [], 0, len(phrase), words.words
            while i < len(seq):
                if seq[i : i + n] == phrase:
                    out.append(joined)
                    i += n
                else:
                    out.append(seq[i])
                    i += 1
            words = TitleWords(tuple(out), frozenset(out))
        return words

    def _any(self, words: TitleWords, names: Iterable[str]) -> bool:
        for name in names:
            if words.vocabulary.isdisjoint(self._first_words[name]):
                continue
            if any(words.has(p) for p in self.terms[name]):
                return True
        return False

    def match_title(self, words: TitleWords, skills: frozenset[str]) -> RuleHit | None:
        if words.vocabulary.isdisjoint(self._all_first_words):
            return None
        words = self._compound(words)
        vocabulary = words.vocabulary
        for rule, entries, needed in self._title_rules:
            if entries and vocabulary.isdisjoint(needed):
                continue
            if not all(self._any(words, names) for names in entries):
                continue
            if rule.none and self._any(words, rule.none):
                continue
            proposed = rule.proposed
            if proposed and rule.proposed_when is not None:
                when = rule.proposed_when
                if not (self._any(words, when.title_any) or skills & set(when.skills_any)):
                    proposed = None
            return RuleHit(rule.id, rule.soc, proposed)
        return None

    def apply_evidence(self, soc_code: str | None, words: TitleWords, skills: frozenset[str]) -> RuleHit | None:
        if not skills or soc_code is None:
            return None
        words = self._compound(words)
        for rule in self.spec.evidence_rules:
            if soc_code not in rule.from_ or not skills & set(rule.skills_any):
                continue
            if rule.title_any and not self._any(words, rule.title_any):
                continue
            if rule.title_none and self._any(words, rule.title_none):
                continue
            return RuleHit(rule.id, rule.soc or soc_code, rule.proposed)
        return None


def _problems(spec: RulesFile, file: str) -> list[tuple[str, str]]:
    problems = []
    soc = detailed_codes()
    proposed = proposed_occupations()
    for key, rules in (("title_rules", spec.title_rules), ("evidence_rules", spec.evidence_rules)):
        for i, rule in enumerate(rules):
            where = f"{file} -> {key}[{i}] ({rule.id})"
            names = []
            if isinstance(rule, TitleRule):
                names = [n for e in rule.all for n in ([e] if isinstance(e, str) else e)] + rule.none
                if rule.proposed_when:
                    names += rule.proposed_when.title_any
                codes = [rule.soc]
            else:
                names = rule.title_any + rule.title_none
                codes = [*rule.from_, *([rule.soc] if rule.soc else [])]
            for name in names:
                if name not in spec.terms:
                    problems.append((where, f"unknown term set {name!r}"))
            for code in codes:
                if code not in soc:
                    problems.append((where, f"{code!r} is not a SOC 2018 detailed code"))
            if rule.proposed and rule.proposed not in proposed:
                problems.append((where + " -> proposed", f"{rule.proposed!r} is not a proposed occupation code"))
            elif rule.proposed:
                parent = proposed[rule.proposed].parent_soc
                target = rule.soc if isinstance(rule, TitleRule) else (rule.soc or (rule.from_[0] if len(rule.from_) == 1 else parent))
                if target != parent:
                    problems.append((where + " -> proposed", f"{rule.proposed} belongs under {parent}, not {target}"))
    return problems


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> TitleRules:
    """Load and validate a rules file (the bundled one by default; see the module
    docstring for when the bundled file is not validated again)."""
    file = Path(path) if path else data_path(RULES_FILE)
    try:
        raw, from_mirror = read_mirrored(file)
    except Exception as err:  # the YAML library raises many types
        raise OccupationError(f"cannot read title rules {file}: {err}", code="E502") from None
    if from_mirror:
        return TitleRules(RulesFile.from_data(raw))
    return TitleRules(validate_rules(raw, file.name))
