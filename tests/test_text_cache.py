"""skillmap.text.cache.BoundedCache: a memo that stays under its limit."""

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillmap.text.cache import BoundedCache


@given(st.integers(1, 20), st.lists(st.integers(0, 50), max_size=200))
def test_never_holds_more_than_its_limit_and_keeps_the_latest(limit, keys):
    cache = BoundedCache(limit)
    for key in keys:
        assert cache.put(key, key * 2) == key * 2
        assert len(cache) <= limit
        assert cache.get(key) == key * 2  # what was just put is always there
    assert all(value == key * 2 for key, value in cache.items())


def test_a_full_cache_empties_before_the_next_entry():
    cache = BoundedCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert cache == {"c": 3}


def test_survives_pickling_and_copying_with_its_limit():
    # Batch workers started by spawn receive the context rules pickled.
    cache = BoundedCache(3)
    cache.put("a", 1)
    for clone in (pickle.loads(pickle.dumps(cache)), copy.deepcopy(cache)):
        assert clone == {"a": 1} and clone.limit == 3
        clone.put("b", 2)
        clone.put("c", 3)
        clone.put("d", 4)
        assert clone == {"d": 4}


def test_a_limit_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        BoundedCache(0)
