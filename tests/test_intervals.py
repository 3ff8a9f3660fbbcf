"""intervals.py: the t interval of a mean and the Wilson interval of a proportion.

Expected values come from R (``t.test``) and from scipy / statsmodels computing the same
interval, never from the code under test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from asnpolicy.intervals import mean_interval, wilson_interval

# R 4.x: t.test(c(1, 2, 3))$conf.int -> -0.4841377  4.4841377 (mean 2, df 2).
R_T_TEST_123 = (-0.4841377, 4.4841377)


class TestMeanInterval:
    def test_matches_r_t_test(self):
        got = mean_interval(pd.Series([1.0, 2.0, 3.0]), ["a"] * 3).loc["a"]
        assert got["mean"] == 2.0 and got["n"] == 3
        assert (got["low"], got["high"]) == pytest.approx(R_T_TEST_123, abs=1e-7)

    def test_missing_value_not_counted_in_n(self):
        # R's t.test drops the NA: t.test(c(1, 2, NA, 3)) is t.test(c(1, 2, 3)), n 3, df 2.
        # Counting the NaN (n 4, df 3) gave 0.41 .. 3.59.
        values = pd.Series([1.0, 2.0, np.nan, 3.0, 5.0, 7.0])
        got = mean_interval(values, ["a", "a", "a", "a", "b", "b"])
        a = got.loc["a"]
        assert a["n"] == 3
        assert (a["low"], a["high"]) == pytest.approx(R_T_TEST_123, abs=1e-7)
        low, high = stats.t.interval(0.95, 2, loc=2.0, scale=stats.sem([1.0, 2.0, 3.0]))
        assert (a["low"], a["high"]) == pytest.approx((low, high), abs=1e-12)
        b = got.loc["b"]
        low, high = stats.t.interval(0.95, 1, loc=6.0, scale=stats.sem([5.0, 7.0]))
        assert (b["n"], b["mean"]) == (2, 6.0)
        assert (b["low"], b["high"]) == pytest.approx((low, high), abs=1e-12)

    def test_group_with_only_missing_values(self):
        got = mean_interval(pd.Series([np.nan, np.nan, 4.0, 6.0]), ["a", "a", "b", "b"])
        assert got.loc["a", "n"] == 0
        assert np.isnan(got.loc["a", ["mean", "low", "high"]].to_numpy(dtype=float)).all()
        assert got.loc["b", "n"] == 2 and got.loc["b", "mean"] == 5.0

    def test_one_value_has_no_interval(self):
        got = mean_interval(pd.Series([4.0, np.nan]), ["a", "a"]).loc["a"]
        assert (got["n"], got["mean"]) == (1, 4.0)
        assert np.isnan(got["low"]) and np.isnan(got["high"])

    @pytest.mark.parametrize("confidence", [0.80, 0.90, 0.99])
    def test_confidence_against_scipy(self, confidence):
        rng = np.random.default_rng(3)
        values = pd.Series(rng.normal(10, 2, 60))
        values[rng.choice(60, 9, replace=False)] = np.nan
        groups = np.repeat(["x", "y", "z"], 20)
        got = mean_interval(values, groups, confidence)
        for name, group in values.groupby(groups):
            kept = group.dropna().to_numpy()
            low, high = stats.t.interval(
                confidence, len(kept) - 1, loc=kept.mean(), scale=stats.sem(kept)
            )
            assert got.loc[name, "n"] == len(kept)
            assert (got.loc[name, "low"], got.loc[name, "high"]) == pytest.approx((low, high))


class TestWilsonInterval:
    @pytest.mark.parametrize(("successes", "n"), [(5, 10), (0, 12), (12, 12), (37, 120)])
    def test_matches_statsmodels(self, successes, n):
        from statsmodels.stats.proportion import proportion_confint

        want = proportion_confint(successes, n, alpha=0.05, method="wilson")
        low, high = wilson_interval(successes, n)
        assert (float(low), float(high)) == pytest.approx(want, abs=1e-12)
