"""`extract --file`: a bad .jsonl line is rejected or repaired, named, and the file goes on."""

from __future__ import annotations

import json

import pytest

import skillmap
from tests.reliability.hostile import run_cli

GOOD = [
    {"id": "good1", "title": "EVSE Technician", "text": "Repair DC fast chargers."},
    {"id": "good2", "text": "Install Level 2 EV chargers. Valid driver's license required."},
]

# (name, raw line, expected: "rejected" with a reason fragment, or "kept" with a warning fragment)
BAD_LINES = [
    ("deep-array", '{"id": "x", "text": "a", "extra": ' + "[" * 5000 + "]" * 5000 + "}", "rejected", "nested too deeply"),
    ("deep-object", '{"id": "x", "text": ' + '{"a": ' * 3000 + "1" + "}" * 3000 + "}", "rejected", "nested too deeply"),
    ("surrogate-text", '{"id": "s1", "text": "Install EV chargers \\ud800 now"}', "kept", "lone surrogates"),
    ("surrogate-id", '{"id": "s2\\udc00", "text": "Install EV chargers"}', "kept", "'id'"),
    ("surrogate-title", '{"id": "s3", "title": "Tech \\udfff", "text": "Install EV chargers"}', "kept", "'title'"),
    ("object-text", '{"id": "o1", "text": {"body": "Install EV chargers"}}', "rejected", "'text' is a JSON object"),
    ("array-text", '{"id": "o2", "text": ["Install EV chargers"]}', "rejected", "'text' is a JSON array"),
    ("object-title", '{"id": "o3", "title": {"a": 1}, "text": "Install EV chargers"}', "kept", "'title' ignored"),
]


def _write(tmp_path, bad_line: str):
    path = tmp_path / "postings.jsonl"
    lines = [json.dumps(GOOD[0]), bad_line, json.dumps(GOOD[1])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "line", "outcome", "reason"), BAD_LINES, ids=[b[0] for b in BAD_LINES])
def test_a_bad_line_never_stops_the_file(tmp_path, name, line, outcome, reason):
    path = _write(tmp_path, line)
    rejects = tmp_path / "rejects.jsonl"
    result = run_cli("extract", "--file", path, "--json", "--rejects", rejects)
    assert result.exit_code == 0, result.output
    ids = [json.loads(x)["id"] for x in result.stdout.splitlines()]
    assert {"good1", "good2"} <= set(ids)
    assert f"{path}:2" in result.stderr and reason in result.stderr
    rows = [json.loads(x) for x in rejects.read_text().splitlines()]
    if outcome == "rejected":
        assert [(r["line"], reason in r["reason"]) for r in rows] == [(2, True)]
        assert len(ids) == 2
    else:
        assert rows == [] and len(ids) == 3
        assert all("\\ud" not in x and "\\udc" not in x for x in result.stdout.splitlines())


def test_an_integer_of_5000_digits_is_kept_as_its_digits(tmp_path):
    digits = "7" * 5000
    path = _write(tmp_path, '{"id": ' + digits + ', "text": "Install EV chargers"}')
    result = run_cli("extract", "--file", path, "--json")
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["good1", digits, "good2"]


def test_surrogates_are_replaced_in_place_keeping_offsets(sm):
    text = "Install EV chargers \ud800 and repair DC fast chargers."
    result = sm.extract(text, id="a\udc00", title="EV Tech \udfff")
    data = result.to_dict(explain=True)
    json.dumps(data, ensure_ascii=False).encode("utf-8")  # writable: no lone surrogate left
    assert data["id"] == "a\ufffd"
    body = [skill for skill in data["skills"] if skill["source"] == "text"]
    assert {"dc_fast_charging", "ev_charger_installation"} <= {skill["id"] for skill in body}
    for skill in body:
        assert text[skill["start"] : skill["end"]].replace("\ud800", "\ufffd") == skill["text"]


def test_code_title_to_dict_never_echoes_a_surrogate():
    coding = skillmap.load().code_title("EV Charger Tech \ud800", id="t\udc01")
    json.dumps(coding.to_dict(), ensure_ascii=False).encode("utf-8")
    assert coding.to_dict()["title"] == "EV Charger Tech \ufffd"


def test_duplicate_ids_are_warned_with_counts(tmp_path):
    path = tmp_path / "dups.jsonl"
    rows = [GOOD[0], GOOD[0], GOOD[0], GOOD[1], GOOD[1], {"id": "solo", "text": "Forklift."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run_cli("extract", "--file", path, "--json")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 6  # every row still processed
    assert "2 id(s) occur more than once (3 extra row(s))" in result.stderr
    assert "'good1' x3" in result.stderr and "'good2' x2" in result.stderr


@pytest.mark.parametrize("target", ["dir", "missing-folder"])
def test_rejects_path_that_cannot_be_written_is_a_clear_error(tmp_path, target):
    path = _write(tmp_path, "{not json")
    rejects = tmp_path if target == "dir" else tmp_path / "no" / "such" / "rejects.jsonl"
    result = run_cli("extract", "--file", path, "--rejects", rejects)
    assert result.exit_code == 3
    assert "[E207]" in result.output and str(rejects) in result.output
    assert "Posting" not in result.output  # checked before any work
