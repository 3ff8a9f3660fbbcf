"""merit's integer-keyed joins give what the MultiIndex and groupby versions give."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from asnpolicy import merit

ids = st.one_of(st.none(), st.sampled_from(["e1", "e2", "e3", "e4"]))
pairs = st.lists(st.tuples(ids, st.integers(2019, 2026)), max_size=20)


def _frame(pairs):
    return pd.DataFrame(pairs, columns=["employee_id", "year"]).astype(
        {"employee_id": "str", "year": "int64"}
    )


@given(prior=pairs, promo=pairs)
def test_promoted_next_year_is_multiindex_isin(prior, promo):
    prior, promo = _frame(prior), _frame(promo).drop_duplicates()
    key = pd.MultiIndex.from_arrays([promo["employee_id"], promo["year"]])
    want = pd.MultiIndex.from_arrays([prior["employee_id"], prior["year"] + 1]).isin(key)
    assert merit._promoted_next_year(prior, promo).tolist() == want.tolist()


@given(
    cells=st.lists(
        st.tuples(st.booleans(), st.one_of(st.none(), st.sampled_from(["b", "a", "c"]))),
        min_size=1,
        max_size=30,
    )
)
def test_share_is_the_groupby_share(cells):
    flag = np.array([c[0] for c in cells])
    region = pd.Series([c[1] for c in cells], dtype="str")
    got = merit._share(flag, region, 0.95)
    grouped = pd.Series(flag.astype(float)).groupby(np.asarray(region))
    s, n = grouped.sum(), grouped.size()
    assert got.index.tolist() == s.index.tolist()
    assert got["n"].tolist() == n.tolist()
    assert got["value"].tolist() == (s / n).tolist()
