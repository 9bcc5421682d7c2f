"""Coordination read once for postings and syllabi (issues 13 and 15): shared heads, shared
verbs, comma lists and slashes give one reading per conjunct, and mentions span the words
as written."""

from __future__ import annotations

import pytest

from skillmap.pipeline.matcher import Rule, SkillIndex
from skillmap.taxonomy.patterns import expand_pattern, literal_sequence
from skillmap.text.coordination import coordinated_readings
from skillmap.text.tokens import tokenize


def _readings(text: str) -> set[str]:
    starts, ends, norms = tokenize(text)
    return {" ".join(norms[t] for t in r.tokens) for r in coordinated_readings(text, starts, ends, norms)}


@pytest.mark.parametrize(("text", "reading"), [
    ("AC and DC motor controls", "ac motor control"),  # shared head
    ("install and commission chargers", "install charger"),  # shared verb
    ("electrical, mechanical and hydraulic equipment", "electrical equipment"),  # comma list
    ("electrical, mechanical and hydraulic equipment", "mechanical equipment"),
    ("electrical/mechanical systems", "electrical system"),  # slash
    ("maintain forklifts and lift trucks", "maintain lift truck"),  # shared verb before
    ("hand & power tools", "hand tool"),
    ("repair and/or replace batteries", "repair battery"),
])
def test_each_conjunct_gets_the_shared_words(text, reading):
    assert reading in _readings(text)


@pytest.mark.parametrize("text", [
    "Install chargers. And commission them",  # a sentence boundary ends the phrase
    "chargers (and inverters)",
    "wiring and",  # nothing after the coordinator
])
def test_no_reading_across_phrase_boundaries(text):
    assert _readings(text) == set()


def test_list_conjuncts_are_parallel():
    # The middle conjuncts are one word long, so the first is too: "interpret" is not
    # dropped to read "can data".
    assert "can data" not in _readings("Can interpret reports, data and drawings")
    assert "can interpret data" in _readings("Can interpret reports, data and drawings")


def _index(*entries: tuple[str, str, str]) -> SkillIndex:
    index = SkillIndex()
    for skill, kind, phrase in entries:
        sequences = [literal_sequence(phrase)] if kind == "alias" else expand_pattern(phrase)
        index.add(sequences, Rule(skill, kind, phrase))
    return index


def test_coordinated_matches_span_the_words_as_written():
    index = _index(("motors", "alias", "AC motor controls"), ("hydraulics", "alias", "hydraulic systems"))
    text = "Troubleshoot AC and DC motor controls; hydraulic, pneumatic and electrical systems."
    found = {(text[a:b], index.rules[r].skill_id) for a, b, r in index.scan_coordinated(text, [(0, len(text))])}
    assert found == {("AC and DC motor controls", "motors"),
                     ("hydraulic, pneumatic and electrical systems", "hydraulics")}


def test_text_as_written_is_left_to_the_main_scan():
    index = _index(("motors", "alias", "DC motor controls"))
    text = "AC and DC motor controls"
    assert index.scan_coordinated(text, [(0, len(text))]) == []


def test_a_gap_may_not_reach_across_skipped_words():
    index = _index(("codes", "pattern", "code ~3 compliance"), ("install", "pattern", "install* ~3 charger*"))
    text = "the Code of Conduct ethics and compliance rules"
    assert index.scan_coordinated(text, [(0, len(text))]) == []
    text = "install and commission the new chargers"
    found = [(text[a:b], index.rules[r].skill_id) for a, b, r in index.scan_coordinated(text, [(0, len(text))])]
    assert found == [("install and commission the new chargers", "install")]


@pytest.mark.parametrize(("text", "skill", "span"), [
    ("Requirements:\n- Experience with hydraulic and pneumatic systems.\n", "mechanical_systems",
     "hydraulic and pneumatic systems"),
    ("Responsibilities:\n- Maintain hydraulic, electrical and pneumatic systems.\n", "mechanical_systems",
     "hydraulic, electrical and pneumatic systems"),
])
def test_postings_read_coordination(sm, text, skill, span):
    assert skill not in sm.extract(text).demanded_ids()  # off by default (speed)
    sm.extractor.coordination = True
    try:
        result = sm.extract(text)
    finally:
        sm.extractor.coordination = False
    assert skill in result.demanded_ids()
    assert span in {m.text for m in result.mentions if m.skill_id == skill}
    assert all(text[m.start : m.end] == m.text for m in result.mentions)

