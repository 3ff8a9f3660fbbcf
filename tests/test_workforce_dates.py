"""Month ends by numpy arithmetic and EJ grades by numpy are those of the pandas versions;
the dates numpy cannot hold go the pandas way, raising as before."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from asnpolicy import rules, workforce


@given(
    dates=st.lists(st.tuples(st.integers(1678, 2261), st.integers(1, 12)), min_size=1, max_size=30)
)
def test_month_end_is_to_datetime_month_end(dates):
    year = np.array([d[0] for d in dates])
    month = np.array([d[1] for d in dates])
    want = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}))
    want = (want + pd.offsets.MonthEnd(0)).to_numpy().astype("M8[ns]")
    assert np.array_equal(workforce._month_end(year, month), want)


@pytest.mark.parametrize(
    ("birth_year", "birth_month", "error"),
    [
        ([1960, 1970], [13, 2], ValueError),  # no month 13
        ([1960, 1970], [0, 2], ValueError),
        ([1500, 1960], [3, 1], pd.errors.OutOfBoundsDatetime),  # before nanosecond dates
    ],
)
def test_dates_numpy_cannot_hold_raise_as_before(birth_year, birth_month, error):
    e = pd.DataFrame({"birth_year": birth_year, "birth_month": birth_month})
    with pytest.raises(error):
        workforce._retirement_date(e, pd.Series([58, 58]))


def test_missing_birth_year_or_bup_has_no_date():
    e = pd.DataFrame(
        {"birth_year": [1967.0, np.nan, 1970.0], "birth_month": pd.array([3, 4, None], "Int64")}
    )
    got = workforce._retirement_date(e, pd.Series([58.0, 58.0, np.nan]))
    assert got.dtype == "datetime64[ns]"
    assert got.iloc[0] == pd.Timestamp("2025-03-31") and got.iloc[1:].isna().all()


def _grade_by_mask(ej):
    values = pd.Series(ej, dtype="float64")
    out = pd.Series(pd.NA, index=values.index, dtype="string")
    for g in rules.EJ_GRADES:
        reached = (values > g.lower) | (g.inclusive & (values == g.lower))
        out = out.mask(out.isna() & reached, g.code)
    return out


@given(
    ej=st.lists(
        st.one_of(
            st.floats(-1, 3),
            st.sampled_from([np.nan, np.inf]),
            st.sampled_from([g.lower for g in rules.EJ_GRADES]),
        ),
        max_size=30,
    )
)
def test_ej_grade_is_the_masked_grades(ej):
    pd.testing.assert_series_equal(workforce.ej_grade(ej), _grade_by_mask(ej), check_exact=True)
