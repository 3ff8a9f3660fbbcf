"""The panel tables placed directly are those pivot_table and groupby build."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from asnpolicy import reliability

rows = st.lists(
    st.tuples(
        st.one_of(st.none(), st.sampled_from(["a1", "a2", "a3", "b1", "b2"])),
        st.one_of(st.none(), st.sampled_from(["interview", "skb"])),
        st.one_of(st.just(np.nan), st.floats(1, 5, allow_nan=False)),
    ),
    max_size=40,
)


@settings(max_examples=200)
@given(rows=rows)
def test_seats_are_cumcount(rows):
    frame = pd.DataFrame(rows, columns=["applicant_id", "stage", "rating"]).astype(
        {"applicant_id": "str", "stage": "str"}
    )
    want = frame.groupby(["applicant_id", "stage"]).cumcount().to_numpy()
    got = reliability._seats(frame)
    assert got.dtype == want.dtype and np.array_equal(got, want, equal_nan=True)


@settings(max_examples=200)
@given(rows=rows, repeat=st.booleans())
def test_complete_table_is_pivot_table(rows, repeat):
    frame = pd.DataFrame(rows, columns=["applicant_id", "stage", "rating"]).astype(
        {"applicant_id": "str", "stage": "str"}
    )
    # seats from cumcount (one rating per seat), or repeated seats (pivot_table's mean)
    frame["seat"] = 0 if repeat else frame.groupby("applicant_id").cumcount()
    want = frame.pivot_table(
        index="applicant_id", columns="seat", values="rating", aggfunc="mean"
    ).dropna()
    target, _ = pd.factorize(frame["applicant_id"], sort=True)
    got = reliability._complete_table(
        target, frame["seat"].to_numpy(), frame["rating"].to_numpy(dtype=float)
    )
    assert np.array_equal(got, want.to_numpy(dtype=float))
