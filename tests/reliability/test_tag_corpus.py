"""A generated bad-input corpus for `skillmap tag` (issue 17): poison rows, damaged gzip
streams, corrupt Parquet pages, broken CSV quoting, byte-order marks and files that are
not what their name says, each with mutations. Every input must end without a traceback:
tagged, or a BatchError naming the input; and no good row may be lost (every posting the
file still holds intact is in the output exactly once, in order)."""

from __future__ import annotations

import gzip
import json
import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from skillmap.batch import tag
from skillmap.errors import BatchError

from ..batch.conftest import csv_text, make_postings

ROWS = make_postings(30, seed=17)
IDS = [r["id"] for r in ROWS]


def run(sm, source, tmp_path):
    """(error or None, output ids, rejects) of one tag job on ``source``."""
    output = tmp_path / "out.parquet"
    error = None
    try:
        tag(inputs=[source], output=output, workers=1, chunk_size=7, pipeline=sm)
    except BatchError as err:
        error = err
        assert str(source) in err.message, err.message  # names the input
    except Exception as err:  # noqa: BLE001 - the point of the corpus
        pytest.fail(f"{source.name}: unhandled {type(err).__name__}: {err}")
    ids = pq.read_table(output, columns=["id"]).column("id").to_pylist() if output.is_file() else []
    rejects_path = tmp_path / "out.parquet.rejects.jsonl"
    rejects = [json.loads(x) for x in rejects_path.read_text("utf-8").splitlines()] if rejects_path.is_file() else []
    assert len(ids) == len(set(ids))  # nothing twice
    return error, ids, rejects


def jsonl_bytes(rows) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in rows).encode()




# -- poison rows in JSON lines: 12 kinds x 4 positions ------------------------------------
POISON = {
    "surrogate id": '{"id": "z\\ud800", "title": "EV Tech", "text": "Install Level 2 chargers."}',
    "surrogate title": '{"id": "z", "title": "\\udfff EV", "text": "Install Level 2 chargers."}',
    "surrogate pass-through": '{"id": "z", "location": "LA \\udc80", "text": "Install Level 2 chargers."}',
    "deep array": '{"id": "z", "location": ' + "[" * 20_000 + "]" * 20_000 + ', "text": "x"}',
    "deep object": '{"id": "z", "text": "x", "company": ' + '{"k": ' * 20_000 + "0" + "}" * 20_000 + "}",
    "huge int": '{"id": "z", "text": "x", "posted": ' + "7" * 4400 + "}",
    "broken json": '{"id": "z", "text": "unterminated',
    "not an object": '["z", "Install chargers"]',
    "empty text": '{"id": "z", "text": "   "}',
    "null text": '{"id": "z", "text": null}',
    "number text": '{"id": "z", "text": 12345}',
    "object text": '{"id": "z", "text": {"a": 1}}',
}


@pytest.mark.parametrize("at", [0, 7, 15, 30])
@pytest.mark.parametrize("kind", list(POISON))
def test_poison_row(sm, tmp_path, kind, at):
    lines = [json.dumps(r) for r in ROWS]
    lines.insert(at, POISON[kind])
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error, ids, rejects = run(sm, source, tmp_path)
    assert error is None and ids == IDS
    assert [r["row"] for r in rejects] == [at + 1] and rejects[0]["reason"]


# -- damaged gzip streams ---------------------------------------------------------------------
@pytest.mark.parametrize("fraction", [0.2, 0.4, 0.6, 0.8, 0.97])
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_truncated_gzip(sm, tmp_path, fmt, fraction):
    data = jsonl_bytes(ROWS) if fmt == "jsonl" else csv_text(ROWS).encode()
    packed = gzip.compress(data)
    source = tmp_path / f"in.{fmt}.gz"
    source.write_bytes(packed[: int(len(packed) * fraction)])
    error, ids, _ = run(sm, source, tmp_path)
    assert ids == IDS[: len(ids)]  # the rows before the damage, in order
    if error.code == "E701":  # cut inside the first block gzip decodes: no line to keep
        assert not ids and "damaged before its first complete line" in error.message
    else:
        assert error.code == "E710" and f"{len(ids):,} postings" in error.message


@pytest.mark.parametrize("where", ["crc", "size", 0.3, 0.5, 0.7])
def test_corrupt_gzip(sm, tmp_path, where):
    packed = bytearray(gzip.compress(jsonl_bytes(ROWS)))
    position = {"crc": len(packed) - 8, "size": len(packed) - 4}.get(where) or int(len(packed) * where)
    packed[position] ^= 0x55
    source = tmp_path / "in.jsonl.gz"
    source.write_bytes(bytes(packed))
    error, ids, _ = run(sm, source, tmp_path)
    # E701 when the damage lies in the first block read (nothing before it can be decoded)
    assert error is not None and (error.code == "E710" or (error.code == "E701" and not ids))
    good = [i for i in ids if i in IDS]
    assert good == [i for i in IDS if i in good]  # what survived intact, in order
    if where in ("crc", "size"):  # the data itself is intact: every row kept
        assert ids == IDS


# -- corrupt Parquet pages ------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["header", "zeros"])
@pytest.mark.parametrize("group", [0, 1, 2])
def test_corrupt_parquet_page(sm, tmp_path, group, damage):
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(ROWS), sink, row_group_size=10, compression="none")
    data = bytearray(sink.getvalue().to_pybytes())
    column = pq.ParquetFile(pa.BufferReader(bytes(data))).metadata.row_group(group).column(5)
    start = column.data_page_offset
    data[start : start + 8] = (b"\xff" if damage == "header" else b"\x00") * 8
    source = tmp_path / "in.parquet"
    source.write_bytes(bytes(data))
    error, ids, _ = run(sm, source, tmp_path)
    assert error is not None and error.code == "E710" and f"row group {group}" in error.message
    assert ids == IDS[: group * 10] + IDS[group * 10 + 10 :]


# -- broken CSV quoting ---------------------------------------------------------------------
def _drop_closing_quote(text: str, row: int) -> str | None:
    end = text.index(f"\n{IDS[row + 1]},") if row + 1 < len(IDS) else len(text) - 1
    return text[: end - 1] + text[end:] if text[end - 1] == '"' else None


def _open_quote_in_title(text: str, row: int) -> str:
    at = text.index(f"\n{IDS[row]},") + len(IDS[row]) + 2
    return text[:at] + '"' + text[at:]


QUOTED = [n for n in range(len(IDS)) if _drop_closing_quote(csv_text(ROWS), n)]  # texts written in quotes
MUTATIONS = [("closing quote dropped", n) for n in QUOTED[:: max(1, len(QUOTED) // 6)][:6] + QUOTED[-1:]]
MUTATIONS += [("quote opened in the title", n) for n in (0, 3, 10, 17, 28, 29)]


@pytest.mark.parametrize(("mutation", "row"), MUTATIONS)
def test_broken_csv_quote(sm, tmp_path, mutation, row):
    text = csv_text(ROWS)
    broken = _drop_closing_quote(text, row) if mutation == "closing quote dropped" else _open_quote_in_title(text, row)
    assert broken is not None and broken != text
    source = tmp_path / "in.csv"
    source.write_text(broken, encoding="utf-8")
    error, ids, rejects = run(sm, source, tmp_path)
    assert error is None
    assert ids == [i for n, i in enumerate(IDS) if n != row]  # only the broken row is lost
    assert [r["row"] for r in rejects] == [row + 1]


# -- byte-order marks -----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["in.jsonl", "in.jsonl.gz", "in.csv", "in.csv.gz"])
def test_utf8_byte_order_mark(sm, tmp_path, name):
    data = b"\xef\xbb\xbf" + (jsonl_bytes(ROWS) if ".jsonl" in name else csv_text(ROWS).encode())
    source = tmp_path / name
    source.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    error, ids, rejects = run(sm, source, tmp_path)
    assert error is None and ids == IDS and rejects == []


# -- files that are not what they say -------------------------------------------------------
def _parquet_bytes() -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(ROWS), sink)
    return sink.getvalue().to_pybytes()


NOT_WHAT_THEY_SAY = {
    "empty.jsonl": b"",
    "header-only.csv": b"id,title,text\n",
    "bom-only.jsonl": b"\xef\xbb\xbf",
    "random.jsonl": random.Random(1).randbytes(3000),
    "random.csv": random.Random(2).randbytes(3000),
    "random.parquet": random.Random(3).randbytes(3000),
    "half.parquet": _parquet_bytes()[: len(_parquet_bytes()) // 2],
    "random.xlsx": b"PK\x03\x04" + random.Random(4).randbytes(3000),
    "magic-only.jsonl.gz": b"\x1f\x8b" + random.Random(5).randbytes(200),
    "nul-bytes.jsonl": b"\x00" * 5000,
    "array.json": json.dumps(ROWS).encode(),
}


@pytest.mark.parametrize("name", list(NOT_WHAT_THEY_SAY))
def test_not_what_the_name_says(sm, tmp_path, name):
    source = tmp_path / name
    source.write_bytes(NOT_WHAT_THEY_SAY[name])
    error, ids, _ = run(sm, source, tmp_path)
    assert ids == [] and (error is None or error.code in ("E701", "E702", "E710"))


def test_corpus_size():
    cases = len(POISON) * 4 + 5 * 2 + 5 + 3 * 2 + len(MUTATIONS) + 4 + len(NOT_WHAT_THEY_SAY)
    assert cases >= 80
