"""SkillIndex.scan_ranges: the C pass (tokenizer and trie walk in one call) against the
Python reference (tokenize_ranges, line limits, SkillIndex.scan)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmap.extractor import compile_index
from skillmap.pipeline import matcher
from skillmap.taxonomy import load_taxonomy
from skillmap.text import tokens
from skillmap.text.segment import Line

c_scan_ranges = pytest.importorskip("skillmap.pipeline._scan").scan_ranges

INDEX = compile_index(load_taxonomy())
VOCABULARY = sorted(
    {w for rule in INDEX.rules for w in tokens.tokenize(rule.source.replace("*", ""))[2] if w.isalpha()}
    | {"the", "and", "with", "480", "v", "kV", "12", "volt", "1.2.3", "Installing", "EVSEs", "chargers"}
)


def python_scan_ranges(text, ranges, lines):
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(matcher, "_c_scan_ranges", None)
        return INDEX.scan_ranges(text, ranges, lines)


def _lines(text: str, cuts: list[int]) -> list[Line]:
    # Overlapping and empty lines included: a later line wins, as in the reference.
    points = sorted(min(c, len(text)) for c in cuts)
    return [Line(a, b, text[a:b], False, False) for a, b in zip(points, points[1:], strict=False)] + [
        Line(p, p + 7, "", False, False) for p in points[:1]
    ]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), max_size=40),
    separators=st.lists(st.sampled_from([" ", " ", "\n", ", ", "-", "/"]), min_size=40, max_size=40),
    ranges=st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), max_size=4),
    cuts=st.lists(st.integers(0, 300), max_size=6),
)
def test_c_scan_ranges_equals_the_python_reference(words, separators, ranges, cuts):
    text = "".join(w + s for w, s in zip(words, separators, strict=False))
    lines = _lines(text, cuts)
    assert c_scan_ranges is not None and matcher._c_scan_ranges is not None
    assert INDEX.scan_ranges(text, ranges, lines) == python_scan_ranges(text, ranges, lines)


def test_scan_ranges_finds_voltages_and_real_patterns():
    text = "Install Level 2 EV chargers.\nTroubleshoot 480 V DC fast chargers and 12 volt systems."
    lines = [Line(0, 28, text[:28], False, False), Line(29, len(text), text[29:], False, False)]
    found = INDEX.scan_ranges(text, [(0, len(text))], lines)
    assert found == python_scan_ranges(text, [(0, len(text))], lines)
    skills = {INDEX.rules[rule].skill_id for _, _, rule in found}
    assert {"ev_charger_installation", "dc_fast_charging", "high_voltage", "low_voltage"} <= skills
    # Character offsets: each match covers whole words of the text.
    assert all(text[start:end].strip() == text[start:end] and end > start for start, end, _ in found)
    # Outside every line nothing starts; a line bounds its matches.
    assert INDEX.scan_ranges(text, [(0, len(text))], []) == []
    assert all(end <= 28 for start, end, _ in INDEX.scan_ranges(text, [(0, len(text))], lines[:1]))


def test_scan_ranges_when_the_word_cache_is_full():
    # Over 65,536 distinct words fill the C word cache; later words are looked up without
    # it (and kept alive for the call). A forms table of its own, so the regular cache is
    # rebuilt afterwards.
    forms = tokens._NormalForms()
    lookups = INDEX.lookup_tables()
    filler = " ".join(f"w{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676 % 26)}{chr(97 + i // 17576)}"
                      for i in range(70_000))
    c_scan_ranges(filler, [(0, len(filler))], forms, lookups, [], matcher._VOLT_UNITS, INDEX._with_voltage)
    text = "zqxa zqxb 480 V dc fast chargers zqxc"
    line = [Line(0, len(text), text, False, False)]
    found = c_scan_ranges(text, [(0, len(text))], forms, lookups, line, matcher._VOLT_UNITS, INDEX._with_voltage)
    assert found == python_scan_ranges(text, [(0, len(text))], line)
    assert {INDEX.rules[rule].skill_id for _, _, rule in found} >= {"high_voltage", "dc_fast_charging"}


def test_c_scan_ranges_rejects_bad_arguments():
    lookups = INDEX.lookup_tables()
    args = (tokens._NORMAL_FORMS, lookups, [], matcher._VOLT_UNITS, INDEX._with_voltage)
    with pytest.raises(ValueError):
        c_scan_ranges("some text", [(-1, 3)], *args)
    with pytest.raises(TypeError):
        c_scan_ranges("some text", [(1,)], *args)
    with pytest.raises(TypeError):
        c_scan_ranges("some text", [(0, 4)], tokens._NORMAL_FORMS, ({},), [], matcher._VOLT_UNITS, None)
    with pytest.raises(AttributeError):  # a line without offsets
        c_scan_ranges("some text", [(0, 4)], tokens._NORMAL_FORMS, lookups, [(0, 4)], matcher._VOLT_UNITS, None)
