"""keys.recode gives what Series.map gives; keys.isin(missing_match=True) what Series.isin
gives; keys.lookup with positions found once what it gives without."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from asnpolicy import keys, rules

labels = st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", " a", "zz"])))
MAPPINGS = [
    {"a": 1, "b": 2},
    {"a": 1.5, "b": 2},
    {"a": "x", "b": "y"},
    {"a": True, "b": False},
    {"a": 1, None: 7},
    {},
    MappingProxyType({"a": 1, "b": 2}),
    pd.Series([1, 2], index=pd.Index(["a", "b"], dtype="str")),
    rules.SKP_SCORE,
]


@pytest.mark.parametrize("mapping", MAPPINGS, ids=range(len(MAPPINGS)))
@pytest.mark.parametrize("dtype", ["str", "string", "object", "category"])
@given(values=labels)
def test_recode_is_map(mapping, dtype, values):
    v = pd.Series(values, dtype=dtype, name="v", index=np.arange(len(values)) * 2)
    pd.testing.assert_series_equal(keys.recode(v, mapping), v.map(mapping), check_exact=True)


def test_recode_keeps_whole_numbers_when_every_label_is_known():
    v = pd.Series(["Baik", "Sangat Baik", "Baik"], dtype="str")
    assert keys.recode(v, {"Baik": 3, "Sangat Baik": 4}).dtype == np.int64


@pytest.mark.parametrize("dtype", ["str", "object"])
@given(values=labels, allowed=labels)
def test_isin_with_missing_match_is_pandas_isin(dtype, values, allowed):
    v, a = pd.Series(values, dtype=dtype), pd.Series(allowed, dtype=dtype)
    got = keys.isin(v, a, missing_match=True)
    assert got.tolist() == v.isin(a).tolist()


def test_lookup_with_positions_found_once():
    ids = pd.Series(["a2", "a9", None, "a1"], dtype="str")
    table = pd.DataFrame({"panel": ["internal", "external"], "origin": ["local", None]})
    index = pd.Index(["a1", "a2"], dtype="str")
    at = keys.positions(ids, index)
    for column in table:
        mapping = pd.Series(table[column].array, index=index)
        pd.testing.assert_series_equal(
            keys.lookup(ids, mapping, at=at), keys.lookup(ids, mapping), check_exact=True
        )
