"""A resumed job never mixes in stale or missing parts: inputs are keyed on content, a
chunk counts as done only with all of its parts, and completion is recorded once the
outputs are whole."""

from __future__ import annotations

import os

import pytest

from skillmap.batch import tag
from skillmap.errors import BatchError

from .conftest import make_postings, write_jsonl


def test_an_in_place_edit_keeping_size_and_mtime_is_noticed(sm, tmp_path):
    rows = make_postings(8)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, rows)
    output = tmp_path / "out.parquet"
    tag(inputs=[source], output=output, workers=1, chunk_size=3, pipeline=sm, keep_work=True)
    before = source.stat()
    data = source.read_bytes()
    edited = data.replace(rows[0]["id"].encode(), b"X" * len(rows[0]["id"]), 1)
    assert len(edited) == len(data) and edited != data
    source.write_bytes(edited)
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(BatchError) as err:
        tag(inputs=[source], output=output, workers=1, chunk_size=3, pipeline=sm)
    assert err.value.code == "E705" and "inputs" in err.value.message
