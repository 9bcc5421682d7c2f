"""A row that cannot be read or written (lone surrogates, nesting too deep, huge numbers)
goes to the rejects file with its row number and reason; the job goes on."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from skillmap.batch import tag

from .conftest import make_postings

GOOD = '"title": "EV Tech", "location": "LA", "text": "Install Level 2 EV chargers."'
POISON = {
    "surrogate in id": ('{"id": "bad\\ud800", ' + GOOD + "}", "E709", "'id'"),
    "surrogate in title": ('{"id": "bad", "title": "EV \\udc00", "location": "LA", "text": "Install chargers."}',
                           "E709", "'title'"),
    "surrogate in pass-through": ('{"id": "bad", "title": "EV", "location": "\\udbff", "text": "Install chargers."}',
                                  "E709", "'location'"),
    "deep array": ('{"id": "bad", "location": ' + "[" * 50_000 + "]" * 50_000 + ', "text": "x"}', "E703", "nested"),
    "deep object": ('{"id": "bad", "text": "x", "location": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}",
                    "E703", "nested"),
    "int over 4,300 digits": ('{"id": "bad", "text": "x", "location": ' + "9" * 5000 + "}", "E703", "4300 digits"),
}


@pytest.mark.parametrize("at", [3, 1100])  # in the sample the columns are learned from, and after it
@pytest.mark.parametrize("case", list(POISON))
def test_a_poison_row_is_rejected_and_the_job_goes_on(sm, tmp_path, case, at):
    line, code, said = POISON[case]
    rows = make_postings(1105 if at > 1000 else 8)
    lines = [json.dumps(r) for r in rows]
    lines.insert(at, line)
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = tag(inputs=[source], output=tmp_path / "out.parquet", mentions=tmp_path / "m.parquet",
                  workers=1, chunk_size=50, pipeline=sm)
    assert pq.read_table(tmp_path / "out.parquet", columns=["id"]).column("id").to_pylist() == [r["id"] for r in rows]
    [reject] = [json.loads(x) for x in (tmp_path / "out.parquet.rejects.jsonl").read_text("utf-8").splitlines()]
    assert reject["row"] == at + 1 and reject["code"] == code and said in reject["reason"]
    assert summary.rejected == 1


def test_a_huge_integer_date_gives_no_month_not_a_failure(sm, tmp_path):
    rows = make_postings(3)
    rows[1]["posted"] = int("9" * 4000)
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    tag(inputs=[source], output=tmp_path / "out.parquet", workers=1, pipeline=sm)
    months = pq.read_table(tmp_path / "out.parquet", columns=["month"]).column("month").to_pylist()
    assert months[1] is None and months[0] is not None


def test_a_surrogate_in_the_id_of_a_rejected_row_is_written_escaped(sm, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "e\\ud800", "text": ""}\n' + json.dumps(make_postings(1)[0]) + "\n")
    summary = tag(inputs=[source], output=tmp_path / "out.parquet", workers=1, pipeline=sm)
    [reject] = [json.loads(x) for x in (tmp_path / "out.parquet.rejects.jsonl").read_text("utf-8").splitlines()]
    assert reject["code"] == "E201" and reject["id"] == "e\\ud800" and summary.tagged == 1
