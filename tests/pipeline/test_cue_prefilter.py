"""The substring prefilter of cue lists never hides a match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmap.pipeline.context import ContextRules, required_substrings

RULES = ContextRules.default()
CUES = {name: cue for name, cue in RULES.cues.items() if getattr(cue, "_needles", None)}
# Words of the cue patterns themselves, so random sentences hit the cues often.
WORDS = sorted({w for cue in CUES.values() for w in re.findall(r"[a-z']{2,}", cue.pattern.pattern)})


def test_required_substrings_examples():
    # The parser factors the common prefix out of both branches: "no" is in every match.
    assert required_substrings(re.compile(r"\bno\b|\bnot (required|needed)")) == {"no"}
    # ... and "n" out of "never|not": the longer strings after it are the better filter.
    assert required_substrings(re.compile(r"\bnever\b|\bnot (required|needed)")) == {"ever", "required", "needed"}
    assert required_substrings(re.compile(r"a+b|c")) == {"a", "c"}
    assert required_substrings(re.compile(r"x?|y")) is None  # the first branch can match empty text
    assert required_substrings(re.compile(r"[0-9]+")) is None
    # A small class of literal characters multiplies the run's spellings ...
    assert required_substrings(re.compile(r"\bon[- ]site\b")) == {"on-site", "on site"}
    # ... a negated class or a range ends the run.
    assert required_substrings(re.compile(r"xy[^a]yzw")) == {"yzw"}
    assert required_substrings(re.compile(r"xyz[a-c]w")) == {"xyz"}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS + [" ", ", ", ". ", "; ", " - ", "(", ")"]), max_size=14))
def test_prefilter_never_hides_a_match(parts):
    text = " ".join(parts)
    for cue in CUES.values():
        assert [m.span() for m in cue.finditer(text)] == [m.span() for m in cue.pattern.finditer(text)]


WORK_MODE_WORDS = ["hybrid", "remote", "fully", "100%", "first", "work", "from", "home", "wfh", "on-site", "on site",
                   "in-office", "in person", "website", "schedule", "role", "(", ")", ",", ":", "-", "3", "US"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORK_MODE_WORDS), max_size=10), st.booleans())
def test_work_mode_prefilter_never_hides_a_match(parts, shout):
    from skillmap.pipeline.attributes import _WORK_MODE

    text = " ".join(parts)
    text = text.upper() if shout else text
    for _, pattern in _WORK_MODE:
        assert bool(pattern.search(text)) == bool(pattern.pattern.search(text))


def test_first_char_guard_examples():
    from skillmap.pipeline.context import with_first_char_guard

    assert with_first_char_guard(re.compile(r"\bno\b|\bnot (required|needed)")).pattern.startswith("(?=[n])")
    assert with_first_char_guard(re.compile(r"(?:\s+-\s+)|;")).pattern.startswith("(?=[;\\s])")
    # Left alone: can match empty text, negated or any-character starts, case-insensitive.
    for source in (r"x?|y", r"[^a]b", r".b", r"(?i:we)\b", r"a*"):
        assert with_first_char_guard(re.compile(source)).pattern == source
    assert with_first_char_guard(re.compile("ab", re.IGNORECASE)).pattern == "ab"


GUARD_ALPHABET = "ab ;-\t()'.no7"


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from([r"\bno\b|\bnot (a|b)", r"(?:\s+-\s+)|;", r"\d+(?:a|b)?", r"(?<=a)b|(?=\s)\s;", r"(a|)b", r"(?:a\b)?b"]),
    st.text(alphabet=GUARD_ALPHABET, max_size=30),
)
def test_first_char_guard_keeps_every_match(source, text):
    from skillmap.pipeline.context import with_first_char_guard

    pattern = re.compile(source)
    guarded = with_first_char_guard(pattern)
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("where", ["cues", "section_headers", "marked_section_headers"])
def test_bad_context_patterns_name_their_list(where):
    import copy

    from skillmap.datafiles import data_path, read_yaml
    from skillmap.errors import TaxonomyError

    data = copy.deepcopy(read_yaml(data_path("context_rules.yaml")))
    lists = data[where]
    name = next(iter(lists))
    lists[name] = [*lists[name], "(unclosed"]
    with pytest.raises(TaxonomyError) as info:
        ContextRules(data)
    assert f"{where}.{name}" in str(info.value)


def test_caseless_pattern_compiles_its_ignorecase_form_only_when_needed():
    from skillmap.pipeline.context import CaselessPattern

    cue = CaselessPattern(r"\bnot required\b")
    assert cue._pattern is None
    assert cue.search("Travel is NOT required.").span() == (10, 22)
    assert cue._pattern is None  # the lower-cased text answered
    # A text whose lower case is longer (U+0130) is matched with the IGNORECASE form.
    assert cue.search("\u0130 NOT REQUIRED").span() == (2, 14)
    assert cue._pattern is not None
    assert CaselessPattern(r"\bAt [A-Z]\w+")._pattern is not None  # case matters: compiled at once


def _attribute_patterns():
    from skillmap.pipeline import attributes as attrs

    singles = [attrs._EDU_PREFERRED_RE, attrs._YEARS_RE, attrs._WORD_YEARS_RE, attrs._EXPERIENCE_CONTEXT_RE,
               attrs._NOT_EXPERIENCE_RE, attrs._SHIFT_CONTEXT_RE]
    return singles + [p for _, p in attrs._EDU_RES] + [p for _, p in attrs._SHIFT_RES]


ATTRIBUTE_PATTERNS = _attribute_patterns()
ATTRIBUTE_WORDS = sorted({w for p in ATTRIBUTE_PATTERNS for w in re.findall(r"[a-z'/.]{2,}", p.pattern.pattern)})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ATTRIBUTE_WORDS + ["3", "5+", "-", "to", " ", "(", ")", "Years", "GED"]), max_size=12),
       st.booleans())
def test_attribute_patterns_match_as_their_ignorecase_regex(parts, shout):
    text = " ".join(parts)
    text = text.upper() if shout else text
    for pattern in ATTRIBUTE_PATTERNS:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in pattern.pattern.finditer(text)]
        assert [m.groups() for m in pattern.finditer(text)] == [
            tuple(g.lower() if g else g for g in m.groups()) for m in pattern.pattern.finditer(text)
        ]
