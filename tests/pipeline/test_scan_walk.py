"""The C trie walk (skillmap/pipeline/_scan.c) against the Python reference walk."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmap.extractor import compile_index
from skillmap.pipeline import matcher
from skillmap.taxonomy import load_taxonomy
from skillmap.text.tokens import tokenize

c_scan = pytest.importorskip("skillmap.pipeline._scan").scan

INDEX = compile_index(load_taxonomy())
# Words the taxonomy's patterns are made of, plus filler, so random texts hit patterns,
# gaps and prefixes often.
VOCABULARY = sorted(
    {w for rule in INDEX.rules for w in tokenize(rule.source.replace("*", ""))[2] if w.isalpha()}
    | {"the", "and", "with", "our", "480", "v", "kv", "12", "volt", "installing", "chargers"}
)


def _inputs(norms: list[str]):
    element_table, start_table, _ = INDEX._frozen()
    return list(map(start_table.__getitem__, norms)), list(map(element_table.__getitem__, norms))


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=60),
    cuts=st.lists(st.integers(min_value=0, max_value=60), max_size=4),
)
def test_c_walk_equals_python_walk(words, cuts):
    # Limits as the extractor makes them: the end of each token's "line" (cuts), -1 for
    # tokens in skipped lines.
    bounds = sorted({c for c in cuts if 0 < c < len(words)} | {len(words)})
    limits = []
    for i in range(len(words)):
        end = next(b for b in bounds if b > i)
        limits.append(-1 if end == bounds[0] and len(bounds) > 2 else end)
    starts, elements = _inputs(words)
    assert c_scan(starts, elements, limits.__getitem__) == matcher.walk_python(starts, elements, limits.__getitem__)


def test_c_walk_finds_real_patterns_in_order():
    words = tokenize("Install and commission Level 2 EV chargers; troubleshoot 480 V DC fast chargers")[2]
    starts, elements = _inputs(words)
    found = c_scan(starts, elements, lambda i: len(words))
    assert found and found == matcher.walk_python(starts, elements, lambda i: len(words))
    rules = {INDEX.rules[r].skill_id for _, _, r in found}
    assert {"ev_charger_installation", "dc_fast_charging", "high_voltage"} <= rules


def test_c_walk_rejects_malformed_data():
    with pytest.raises(TypeError):
        c_scan([(([1], "not a dict", []), "x")], [("x",)], lambda i: 1)
    with pytest.raises(ValueError):
        c_scan([()], [], lambda i: 1)
    with pytest.raises(ZeroDivisionError):
        starts, elements = _inputs(["install", "charger"])
        c_scan(starts, elements, lambda i: 1 // 0)


def _find_all_python(haystack: str, needles: tuple[str, ...]) -> list[list[int]]:
    out = []
    for needle in needles:
        found, at = [], haystack.find(needle)
        while at >= 0:
            found.append(at)
            at = haystack.find(needle, at + len(needle))
        out.append(found)
    return out


@settings(max_examples=300, deadline=None)
@given(
    haystack=st.text(alphabet="ab $€£-yer\n", max_size=80),
    needles=st.lists(st.text(alphabet="ab $€£-yer", min_size=1, max_size=4), max_size=8),
)
def test_find_all_equals_repeated_str_find(haystack, needles):
    find_all = pytest.importorskip("skillmap.pipeline._scan").find_all
    needles = tuple(needles)
    assert find_all(haystack, needles) == _find_all_python(haystack, needles)


@settings(max_examples=300, deadline=None)
@given(
    haystack=st.text(alphabet="abAB $€£-yerYER\u212a\u0130kKΣσ\u00e9\u00c9", max_size=40),
    needles=st.lists(st.text(alphabet="ab $€£-yerk", min_size=1, max_size=4), max_size=8),
)
def test_find_all_folded_equals_str_find_in_the_lower_cased_text(haystack, needles):
    find_all = pytest.importorskip("skillmap.pipeline._scan").find_all
    needles = tuple(needles)
    found = find_all(haystack, needles, True)
    if "\u0130" in haystack:  # its lower case is two characters: the offsets would shift
        assert found is None
    else:
        assert found == _find_all_python(haystack.lower(), needles)


def test_find_all_fold_needs_lower_case_needles():
    find_all = pytest.importorskip("skillmap.pipeline._scan").find_all
    with pytest.raises(ValueError):
        find_all("CDL Class A", ("Class",), True)


def test_trigger_positions_fold_and_fallback_agree(monkeypatch):
    from skillmap.pipeline import attributes

    text = "3+ YEARS of experience, Two Yrs preferred. $30 per hour. NIGHT shift; CDL Class B."
    expected = dict(attributes.trigger_positions(text))
    assert expected["years"] and expected["cdl"] and expected["shift"]
    # A text holding U+0130 takes the lower-cased copy (two characters for one)...
    shifted = "\u0130" + text
    assert attributes.trigger_positions(shifted)["cdl"] == [at + 2 for at in expected["cdl"]]
    # ... as the pure-Python path does for every text.
    monkeypatch.setattr(attributes, "_find_all", None)
    assert attributes.trigger_positions(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n\t\r\x00\x01\x08\x0b\x0c\x0e\x1f\x7f\ufffd\u00e9\u2022", max_size=40))
def test_blank_chars_and_count_chars_equal_the_regexes(text):
    scan = pytest.importorskip("skillmap.pipeline._scan")
    from skillmap import extractor
    from skillmap.text import clean

    assert scan.blank_chars(text, clean._CONTROL_CHARS) == clean.blank_controls(text)
    for end in (0, 5, len(text), len(text) + 3):
        assert scan.count_chars(text, extractor._BINARY_CHARS, end) == len(extractor._BINARY_RE.findall(text[:end]))


def test_find_all_on_attribute_triggers():
    from skillmap.pipeline import attributes

    text = "3+ years of experience. $30-$40 per hour. Night shift, weekends; CDL Class B. Travel 25%."
    lowered = text.lower()
    find_all = pytest.importorskip("skillmap.pipeline._scan").find_all
    assert find_all(lowered, attributes._ALL_TRIGGERS) == _find_all_python(lowered, attributes._ALL_TRIGGERS)
    with pytest.raises(TypeError):
        find_all(lowered, ("",))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZz09.,'’&%+$- \nÀÖØÞßöøÿ×÷ÉéEVSsPo", max_size=60) | st.text(max_size=40))
def test_c_split_words_equals_the_regex(text):
    from skillmap.text import tokens

    c_split = pytest.importorskip("skillmap.pipeline._scan").split_words
    assert c_split(text) == tokens.split_words(text)


def test_pure_python_paths_extract_the_same(monkeypatch):
    """Without a C compiler the package runs the Python walk, tokenizer and trigger
    search: the whole extraction must not change."""
    import json
    from pathlib import Path

    from skillmap.extractor import Extractor
    from skillmap.pipeline import attributes
    from skillmap.text import tokens

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    postings = [json.loads(line) for line in (fixtures / "eval_postings.jsonl").read_text().splitlines() if line]
    extractor = Extractor(load_taxonomy(), index=INDEX)

    def run():
        return [
            json.dumps(extractor.extract(p["text"], title=p.get("title"), boilerplate=b).to_dict(True, True))
            for p in postings
            for b in (True, False)
        ]

    with_c = run()
    from skillmap.text import clean

    monkeypatch.setattr(matcher, "_c_scan", None)
    monkeypatch.setattr(matcher, "_c_scan_ranges", None)
    monkeypatch.setattr(matcher, "_c_lookup_all", None)
    monkeypatch.setattr(attributes, "_find_all", None)
    monkeypatch.setattr(tokens, "_split_words", tokens.split_words)
    monkeypatch.setattr(tokens, "_c_tokenize_ranges", None)
    monkeypatch.setattr(clean, "_blank_emphasis", clean.blank_emphasis)
    from skillmap.pipeline import context

    monkeypatch.setattr(context, "_contains_any", context._contains_any_python)
    from skillmap.text import segment

    monkeypatch.setattr(segment, "_split_points", segment.split_points)
    monkeypatch.setattr(segment, "_c_split_lines", None)
    tokens._NORMAL_FORMS.clear()
    assert run() == with_c


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="aZz09.,'’&%+$- \nÀÖØÞßöøÿEVSsPo", max_size=60),
    st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=4),
)
def test_c_tokenize_ranges_equals_tokenizing_each_slice(text, ranges):
    from skillmap.text import tokens

    c_tokenize_ranges = pytest.importorskip("skillmap.pipeline._scan").tokenize_ranges
    expected_starts, expected_ends, expected_norms = [], [], []
    for a, b in ranges:
        starts, ends, norms = tokens.tokenize(text[a:b])
        expected_starts += [x + min(a, len(text)) for x in starts]
        expected_ends += [x + min(a, len(text)) for x in ends]
        expected_norms += norms
    assert c_tokenize_ranges(text, ranges, tokens._NORMAL_FORMS) == (expected_starts, expected_ends, expected_norms)


def test_c_tokenize_ranges_rejects_bad_ranges():
    from skillmap.text import tokens

    c_tokenize_ranges = pytest.importorskip("skillmap.pipeline._scan").tokenize_ranges
    with pytest.raises(ValueError):
        c_tokenize_ranges("some text", [(-1, 3)], tokens._NORMAL_FORMS)
    with pytest.raises(TypeError):
        c_tokenize_ranges("some text", [(1,)], tokens._NORMAL_FORMS)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="*_`~ a\n\t\u00a0\u2003é", max_size=40) | st.text(max_size=30))
def test_c_blank_emphasis_equals_the_regex(text):
    from skillmap.text import clean

    c_blank = pytest.importorskip("skillmap.pipeline._scan").blank_emphasis
    assert c_blank(text) == clean.blank_emphasis(text)


def test_c_lookup_all_calls_missing():
    lookup_all = pytest.importorskip("skillmap.pipeline._scan").lookup_all

    class Doubling(dict):
        def __missing__(self, key):
            self[key] = key * 2
            return key * 2

    table = Doubling(a="x")
    assert lookup_all(table, ["a", "b", "b"]) == ["x", "bb", "bb"]
    assert table == {"a": "x", "b": "bb"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abc é€", max_size=20), st.lists(st.text(alphabet="abc é€", min_size=1, max_size=3), max_size=5))
def test_c_contains_any_equals_python(text, needles):
    from skillmap.pipeline import context

    contains_any = pytest.importorskip("skillmap.pipeline._scan").contains_any
    assert contains_any(text, tuple(needles)) == context._contains_any_python(text, tuple(needles))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abcABC é€É’\u212a\u0130kK", max_size=20),
    st.lists(st.text(alphabet="abc é€’k", min_size=1, max_size=3), max_size=5),
)
def test_c_contains_any_folded_equals_python(text, needles):
    from skillmap.pipeline import context

    contains_any = pytest.importorskip("skillmap.pipeline._scan").contains_any
    if any("é" in n for n in needles):  # a cased letter FOLD does not fold: refused
        with pytest.raises(ValueError):
            contains_any(text, tuple(needles), True)
        return
    expected = context._contains_any_python(text, tuple(needles), True)
    assert contains_any(text, tuple(needles), True) == expected
    if "\u0130" not in text:
        assert expected == any(n in text.lower() for n in needles)
    with pytest.raises(ValueError):
        contains_any(text, ("Abc",), True)


def test_shortest_needles_decide_the_same():
    from skillmap.pipeline.context import _shortest_needles

    assert _shortest_needles({"expect", "expected", "done", "undone", "ask"}) == ("ask", "done", "expect")
    assert _shortest_needles({"expected", "x"}) == ("x",)


def test_c_contains_any_edges():
    contains_any = pytest.importorskip("skillmap.pipeline._scan").contains_any
    many = tuple(f"w{i}x" for i in range(70))
    assert contains_any("a w69x b", many) and not contains_any("a w70x b", many)
    assert contains_any("abc", ("zz", "")) is True  # "" is in every text, as with `in`
    assert contains_any("", ("a",)) is False
    assert contains_any("naïve café", ("é",)) and contains_any("x😀y", ("😀y",))
    with pytest.raises(TypeError):
        contains_any("abc", ("a", 1))


SEGMENT_ALPHABET = "aZz09 .!?;)]%\"'’“(-*•·▪●◦‣–—_\t\u00a0\u2003AbCxE"


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=SEGMENT_ALPHABET, max_size=50) | st.text(max_size=30))
def test_c_split_points_equals_the_regexes(text):
    from skillmap.text import segment

    c_split_points = pytest.importorskip("skillmap.pipeline._scan").split_points
    assert c_split_points(text) == segment.split_points(text)


def test_c_split_points_on_fixture_lines():
    import json
    from pathlib import Path

    from skillmap.text import segment
    from skillmap.text.clean import clean_text

    c_split_points = pytest.importorskip("skillmap.pipeline._scan").split_points
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    lines = [
        line
        for path in sorted(fixtures.glob("*postings*.jsonl"))
        for record in map(json.loads, path.read_text().splitlines())
        for line in clean_text(record["text"]).split("\n")
    ]
    assert len(lines) > 500
    assert [c_split_points(line) for line in lines] == [segment.split_points(line) for line in lines]


LINES_ALPHABET = "a Z\n\t\u00a0\u2003#*_-+•◦12٣.):x"


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=LINES_ALPHABET, max_size=60), st.data())
def test_c_split_lines_equals_python(raw, data):
    from skillmap.text import segment
    from skillmap.text.clean import clean_text

    c_split_lines = pytest.importorskip("skillmap.pipeline._scan").split_lines
    # Cleaned text is the raw text with markup blanked; also try raw against itself.
    cleaned = data.draw(st.sampled_from([clean_text(raw), raw]))
    assert c_split_lines(raw, cleaned, segment.Line) == segment.split_lines_python(raw, cleaned)


def test_c_split_lines_on_fixtures():
    import json
    from pathlib import Path

    from skillmap.text import segment
    from skillmap.text.clean import clean_text

    c_split_lines = pytest.importorskip("skillmap.pipeline._scan").split_lines
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    texts = [
        record["text"]
        for path in sorted(fixtures.glob("*postings*.jsonl"))
        for record in map(json.loads, path.read_text().splitlines())
    ]
    for text in texts:
        assert c_split_lines(text, clean_text(text), segment.Line) == segment.split_lines_python(text, clean_text(text))


def test_c_tokenize_ranges_word_cache_follows_the_forms_table():
    # The C side remembers forms by word; with another table it must ask that table.
    tokenize_ranges = pytest.importorskip("skillmap.pipeline._scan").tokenize_ranges
    first = {"chargers": "charger"}
    second = {"chargers": "CHARGER"}
    assert tokenize_ranges("chargers chargers", [(0, 17)], first)[2] == ["charger", "charger"]
    assert tokenize_ranges("chargers", [(0, 8)], second)[2] == ["CHARGER"]
    assert tokenize_ranges("chargers", [(0, 8)], first)[2] == ["charger"]


def test_c_tokenize_ranges_lookups_follow_the_tables():
    # Values are remembered per word too: another pair of tables, or one call without
    # lookups in between, must not leak values from the first pair.
    tokenize_ranges = pytest.importorskip("skillmap.pipeline._scan").tokenize_ranges
    forms = {"chargers": "charger", "bus": "bus"}
    one = ({"charger": ("charger",)}, {"charger": ()})
    two = ({"charger": ("charger", "charger*")}, {"charger": ((1, "charger"),)})
    with pytest.raises(KeyError):  # plain dicts: a form missing from a table is an error
        tokenize_ranges("bus", [(0, 3)], forms, one)
    assert tokenize_ranges("chargers chargers", [(0, 17)], forms, one)[3:] == ([("charger",)] * 2, [()] * 2)
    assert tokenize_ranges("chargers", [(0, 8)], forms, two)[3:] == ([("charger", "charger*")], [((1, "charger"),)])
    assert len(tokenize_ranges("chargers", [(0, 8)], forms)) == 3
    assert tokenize_ranges("chargers", [(0, 8)], forms, one)[3:] == ([("charger",)], [()])
    with pytest.raises(TypeError):
        tokenize_ranges("chargers", [(0, 8)], forms, ({},))


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab ABlevel2chargerEVSE480V\n", max_size=60))
def test_tokenize_ranges_lookups_equal_the_index_lookups(text):
    from skillmap.text import tokens

    lookups = INDEX.lookup_tables()
    ranges = [(0, len(text) // 2), (len(text) // 2 + 1, len(text))]
    starts, ends, norms, elements, nodes = tokens.tokenize_ranges(text, ranges, lookups)
    assert (starts, ends, norms) == tokens.tokenize_ranges(text, ranges)
    assert elements == [lookups[0][n] for n in norms] and nodes == [lookups[1][n] for n in norms]
    limits = [len(norms)] * len(norms)
    assert INDEX.scan(norms, limits, (elements, nodes)) == INDEX.scan(norms, limits)


def test_c_walk_takes_limits_as_a_list():
    norms = tokenize("install level 2 ev chargers and maintain dc fast chargers")[2]
    starts, elements = _inputs(norms)
    limits = [len(norms)] * len(norms)
    assert c_scan(starts, elements, limits) == c_scan(starts, elements, limits.__getitem__)
    assert c_scan(starts, elements, limits)  # something was found
    with pytest.raises(IndexError):
        c_scan(starts, elements, limits[:2])
