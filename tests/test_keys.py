"""keys.isin / keys.lookup give what pandas' isin / map give, for text and numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from asnpolicy import keys

ids = st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d", " a", "e1"])))


def _as(values, dtype):
    return pd.Series(values, dtype=dtype)


@pytest.mark.parametrize("dtype", ["str", "object"])
@given(values=ids, allowed=ids)
def test_isin_matches_pandas(dtype, values, allowed):
    v, a = _as(values, dtype), _as(allowed, dtype)
    expected = v.isin(a.dropna()).to_numpy() & v.notna().to_numpy()
    assert keys.isin(v, a).tolist() == expected.tolist()


@pytest.mark.parametrize("dtype", ["str", "object"])
@given(values=ids, index=ids)
def test_lookup_matches_map_with_first_of_repeated_keys(dtype, values, index):
    v = _as(values, dtype)
    idx = pd.Index(_as(index, dtype)).dropna()
    mapping = pd.Series(np.arange(len(idx), dtype=float), index=idx)
    expected = v.map(mapping[~mapping.index.duplicated()]).where(v.notna())
    got = keys.lookup(v, mapping)
    pd.testing.assert_series_equal(got.astype(float), expected.astype(float), check_names=False)


def test_lookup_keeps_text_values_and_the_index():
    values = pd.Series(["u2", "u9", "u1"], index=[10, 11, 12], dtype="str")
    mapping = pd.Series(["r1", "r2"], index=pd.Index(["u1", "u2"], dtype="str"))
    got = keys.lookup(values, mapping)
    assert got.index.tolist() == [10, 11, 12]
    assert got.tolist()[0] == "r2" and pd.isna(got.iloc[1]) and got.iloc[2] == "r1"


def test_numeric_keys_use_pandas():
    values = pd.Series([2019, 2024, 2030])
    mapping = pd.Series([1.0, 2.0], index=[2019, 2024])
    assert keys.lookup(values, mapping).tolist()[:2] == [1.0, 2.0]
    assert keys.isin(values, pd.Series([2024])).tolist() == [False, True, False]
    assert keys.positions(values, pd.Index([2024, 2019, 2024])).tolist() == [1, 0, -1]
