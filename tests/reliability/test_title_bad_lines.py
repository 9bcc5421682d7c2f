"""`title --file`: a bad .jsonl line is rejected or repaired, named, and the file goes on."""

from __future__ import annotations

import json

import pytest

from tests.reliability.hostile import run_cli

GOOD = [{"id": "g1", "title": "Electrician"}, {"id": "g2", "title": "EV Charger Field Technician"}]

BAD_LINES = [
    ("object-title", '{"id": "b", "title": {"name": "Electrician"}}', "rejected", "'title' is a JSON object"),
    ("array-title", '{"id": "b", "title": ["Electrician"]}', "rejected", "'title' is a JSON array"),
    ("number-title", '{"id": "b", "title": 42}', "rejected", "'title' is a JSON number"),
    ("object-text", '{"id": "b", "title": "Electrician", "text": {"a": 1}}', "rejected", "'text' is a JSON object"),
    ("deep", '{"id": "b", "title": "x", "e": ' + "[" * 5000 + "]" * 5000 + "}", "rejected", "nested too deeply"),
    ("surrogate-title", '{"id": "b", "title": "EV Tech \\ud800"}', "kept", "lone surrogates"),
    ("surrogate-id", '{"id": "b\\udc00", "title": "EV Tech"}', "kept", "'id'"),
    ("surrogate-text", '{"id": "b", "title": "EV Tech", "text": "Install \\udbff chargers"}', "kept", "'text'"),
    ("not-object", "[1, 2]", "rejected", "JSON array, not an object"),
]


@pytest.mark.parametrize(("name", "line", "outcome", "reason"), BAD_LINES, ids=[b[0] for b in BAD_LINES])
def test_a_bad_title_line_never_stops_the_file(tmp_path, name, line, outcome, reason):
    path = tmp_path / "titles.jsonl"
    path.write_text("\n".join([json.dumps(GOOD[0]), line, json.dumps(GOOD[1])]) + "\n", encoding="utf-8")
    result = run_cli("title", "--file", path, "--json")
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in result.stdout.splitlines()]
    ids = [d["id"] for d in out]
    assert ids[0] == "g1" and ids[-1] == "g2"
    assert len(ids) == (2 if outcome == "rejected" else 3)
    assert f"{path}:2" in result.stderr and reason in result.stderr
    result.stdout.encode("utf-8")


def test_big_integer_id_and_duplicates(tmp_path):
    path = tmp_path / "titles.jsonl"
    digits = "9" * 4400
    rows = ['{"id": ' + digits + ', "title": "Electrician"}', json.dumps(GOOD[0]), json.dumps(GOOD[0])]
    path.write_text("\n".join(rows) + "\n")
    result = run_cli("title", "--file", path, "--json")
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [digits, "g1", "g1"]
    assert "1 id(s) occur more than once (1 extra row(s))" in result.stderr and "'g1' x2" in result.stderr
