"""The substring prefilter of cue lists never hides a match."""

from __future__ import annotations

import re

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
