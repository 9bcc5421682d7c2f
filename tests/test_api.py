"""The library API: load, extract, the JSON contract and typed errors for bad input."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import skillmap
from skillmap.errors import ERROR_CODES, InputError

CONTRACT_KEYS = {"id", "label", "category", "start", "end", "text", "requirement"}


def test_result_dict_follows_the_contract(sm):
    text = "Install Level 2 chargers. No CDL required. EVITP preferred."
    data = sm.extract(text, id="p1").to_dict()
    assert set(data) == {"id", "skills", "attributes"}
    assert data["id"] == "p1"
    assert data["skills"]
    for skill in data["skills"]:
        assert set(skill) == CONTRACT_KEYS
        assert skill["requirement"] in {"required", "preferred", "negated", "unspecified"}
        assert text[skill["start"] : skill["end"]] == skill["text"]
    json.dumps(data)


@pytest.mark.parametrize(
    ("value", "code"),
    [("", "E201"), ("   \n\t ", "E201"), (None, "E202"), (42, "E202"), (b"bytes", "E202"), ("\x00\x01\x02binary" * 10, "E204")],
)
def test_bad_inputs_raise_typed_errors(sm, value, code):
    with pytest.raises(InputError) as info:
        sm.extract(value, id="row-7")
    assert info.value.code == code
    assert code in ERROR_CODES
    assert "row-7" in str(info.value)


def test_large_and_non_english_texts_do_not_crash(sm):
    big = ("Troubleshoot EV chargers and read schematics. " * 45_000)[:2_000_000]
    result = sm.extract(big)
    assert "evse_service" in result.demanded_ids()
    spanish = "Buscamos técnico para mantenimiento de cargadores. Licencia de conducir válida."
    assert isinstance(sm.extract(spanish).mentions, list)


def test_extract_many_yields_errors_and_goes_on(sm):
    records = [{"id": "a", "text": "Valid driver's license required."}, {"id": "b", "text": ""}, {"id": "c", "text": "CPR certified."}]
    out = list(sm.extract_many(records, on_error="yield"))
    assert isinstance(out[1], InputError)
    assert out[0].demanded_ids() == {"drivers_license"}
    assert "cpr_first_aid" in out[2].demanded_ids()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=600).filter(lambda t: t.strip()))
def test_any_text_gives_valid_offsets(sm, text):
    try:
        result = sm.extract(text)
    except InputError:
        return
    for mention in result.mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text


def test_load_with_extension_taxonomy():
    sm = skillmap.load(extensions=["extra"])
    assert "hydrogen_fuel_cell" in sm.extract("Service hydrogen fuel cell buses.").demanded_ids()


def test_code_titles_batch_matches_code_title(sm):
    titles = ["Electrician", "Field Technician", "Account Executive", None]
    texts = [
        "Install Level 2 EV chargers. EVITP certification required.",
        "Repair DC fast chargers and update charger firmware.",
        None,
        "text without a title",
    ]
    batch = sm.code_titles(titles, texts, ids=["a", "b", "c", "d"])
    single = [sm.code_title(t, x, id=i) for t, x, i in zip(titles, texts, "abcd", strict=True)]
    assert [r.to_dict() for r in batch] == [r.to_dict() for r in single]
    assert batch[0].proposed_code == "47-2111.91" and batch[3].abstain
    with pytest.raises(InputError):
        sm.code_titles(["Electrician"], texts=[])
