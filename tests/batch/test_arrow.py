"""Arrow arrays built through the JSON reader equal what pa.array builds."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmap.batch.arrow import arrays_from_lists
from tests.conftest import run_fresh

TYPES = {
    "s": pa.string(),
    "f": pa.float64(),
    "i": pa.int64(),
    "b": pa.bool_(),
    "l": pa.list_(pa.string()),
    "d": pa.date32(),
}
text = st.text(max_size=12)
VALUES = {
    "s": st.none() | text,
    "f": st.none() | st.floats(allow_nan=True, allow_infinity=False, width=64),
    "i": st.none() | st.integers(min_value=-(2**62), max_value=2**62),
    "b": st.none() | st.booleans(),
    "l": st.lists(text, max_size=3),
    "d": st.none() | st.dates(),
}


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=6).flatmap(
    lambda n: st.fixed_dictionaries({k: st.lists(v, min_size=n, max_size=n) for k, v in VALUES.items()})
))
def test_json_route_equals_pa_array(columns):
    built = arrays_from_lists(columns, TYPES)
    for name, values in columns.items():
        expected = pa.array(values, type=TYPES[name])
        assert built[name].type == expected.type
        assert built[name].to_pylist() == expected.to_pylist() or (
            name == "f" and str(built[name].to_pylist()) == str(expected.to_pylist())  # NaN != NaN
        )


def test_values_json_cannot_carry_fall_back_to_pa_array():
    built = arrays_from_lists({"f": [1.0, float("nan")]}, {"f": pa.float64()})
    assert built["f"].is_valid().to_pylist() == [True, True]
    assert str(built["f"].to_pylist()) == "[1.0, nan]"
    # A lone surrogate cannot be UTF-8 on either route: the same error as pa.array.
    with pytest.raises(UnicodeEncodeError):
        pa.array(["\ud800"], type=pa.string())
    with pytest.raises(UnicodeEncodeError):
        arrays_from_lists({"s": ["ok", "\ud800"]}, {"s": pa.string()})


def test_tagging_does_not_import_pandas(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "1", "title": "EV Charger Technician", "text": "Install Level 2 chargers. OSHA 10 required.", "city": "Austin", '
        '"month": "2024-03"}\n'
        '{"id": "2", "title": "Electrician", "text": ""}\n',
        encoding="utf-8",
    )
    code = (
        "import sys\nfrom skillmap.batch.job import tag\n"
        f"tag(inputs=[{str(source)!r}], output={str(tmp_path / 'out.parquet')!r}, "
        f"mentions={str(tmp_path / 'm.parquet')!r}, workers=1)\n"
        "print('pandas' in sys.modules)\n"
    )
    result = run_fresh(code)
    assert result == "False"
