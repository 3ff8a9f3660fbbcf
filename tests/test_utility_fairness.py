"""Utility formulas against published tables and scipy; adverse impact against fairlearn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import MetricFrame, selection_rate
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.stats import multivariate_normal, norm

from asnpolicy import fairness, utility


class TestBivariate:
    def test_matches_scipy(self):
        rng = np.random.default_rng(3)
        h, k, r = rng.normal(size=300), rng.normal(size=300), rng.uniform(-0.99, 0.99, 300)
        want = [
            multivariate_normal([0, 0], [[1, ri], [ri, 1]]).cdf([-hi, -ki])
            for hi, ki, ri in zip(h, k, r, strict=True)
        ]
        assert np.allclose(utility.bivariate_upper(h, k, r), want, atol=1e-7)

    def test_closed_forms(self):
        # P(X > 0, Y > 0) = 1/4 + arcsin(rho) / (2 pi); independence; rho = +-1
        for rho in (-0.9, 0.0, 0.3, 0.8):
            want = 0.25 + np.arcsin(rho) / (2 * np.pi)
            assert utility.bivariate_upper(0, 0, rho) == pytest.approx(want, abs=1e-12)
        assert utility.bivariate_upper(0.5, -1, 0) == pytest.approx(norm.sf(0.5) * norm.sf(-1))
        assert utility.bivariate_upper(0.5, 1.0, 1.0) == pytest.approx(norm.sf(1.0))
        assert utility.bivariate_upper(0.5, 1.0, -1.0) == 0.0

    def test_rho_out_of_range(self):
        with pytest.raises(ValueError, match="rho"):
            utility.bivariate_upper(0, 0, 1.2)


class TestTaylorRussell:
    # Taylor & Russell (1939) tables, base rate .50, validity .50, by selection ratio.
    @pytest.mark.parametrize(
        ("sr", "published"),
        [
            (0.05, 0.88),
            (0.10, 0.84),
            (0.20, 0.78),
            (0.30, 0.74),
            (0.50, 0.67),
            (0.70, 0.60),
            (0.90, 0.54),
            (0.95, 0.52),
        ],
    )
    def test_published_table(self, sr, published):
        assert utility.taylor_russell(0.5, sr, 0.5) == pytest.approx(published, abs=0.005)

    def test_zero_validity_gives_the_base_rate(self):
        assert utility.taylor_russell(0.0, [0.1, 0.5], [0.3, 0.6]) == pytest.approx([0.3, 0.6])

    def test_vectorised(self):
        got = utility.taylor_russell(np.array([0.2, 0.5]), 0.3, np.array([[0.4], [0.6]]))
        assert got.shape == (2, 2)
        assert got[1, 1] == pytest.approx(utility.taylor_russell(0.5, 0.3, 0.6))

    def test_bad_ratio(self):
        with pytest.raises(ValueError, match="selection_ratio"):
            utility.taylor_russell(0.5, 1.0, 0.5)


class TestNaylorShine:
    @pytest.mark.parametrize("sr", [0.05, 0.2, 0.5, 0.8])
    def test_equals_the_mean_of_a_truncated_normal(self, sr):
        # E[Y | X > x_c] = r E[X | X > x_c]; integrate x phi(x) above the cut numerically.
        cut = norm.ppf(1 - sr)
        mean_x = quad(lambda x: x * norm.pdf(x), cut, np.inf)[0] / sr
        assert utility.naylor_shine(0.4, sr) == pytest.approx(0.4 * mean_x, rel=1e-8)

    def test_published_value(self):
        # Naylor & Shine (1965): at SR .50 the mean standard score of those selected is .80.
        assert utility.naylor_shine(1.0, 0.5) == pytest.approx(0.80, abs=0.005)


class TestBcgUtility:
    def test_hand_computed(self):
        lam = norm.pdf(norm.ppf(0.9))  # SR .1
        want = 10 * 20 * 0.4 * 40e6 * lam / 0.1 - 100 * 1e6
        assert utility.bcg_utility(10, 20, 0.4, 40e6, 0.1, 1e6) == pytest.approx(want)

    def test_useless_test_only_costs(self):
        assert utility.bcg_utility(5, 10, 0.0, 1e7, 0.25, 2e5) == pytest.approx(-20 * 2e5)


def selections(**groups) -> pd.DataFrame:
    """groups: name=(n, selected)."""
    rows = [(g, i < s) for g, (n, s) in groups.items() for i in range(n)]
    return pd.DataFrame(rows, columns=["group", "selected"])


class TestAdverseImpact:
    def test_exactly_four_fifths_is_not_adverse(self):
        got = fairness.adverse_impact(selections(a=(100, 50), b=(100, 40)), "group")
        b = got.set_index("group").loc["b"]
        assert b["impact_ratio"] == pytest.approx(0.8)
        assert not b["adverse_impact"]

    def test_just_below_four_fifths_is_adverse(self):
        got = fairness.adverse_impact(selections(a=(1000, 500), b=(1000, 399)), "group")
        assert got.set_index("group").loc["b", "adverse_impact"]

    def test_reference_group(self):
        got = fairness.adverse_impact(
            selections(a=(50, 10), b=(50, 20)), "group", reference="a"
        ).set_index("group")
        assert got.loc["b", "impact_ratio"] == pytest.approx(2.0)
        assert (got["reference"] == "a").all()
        with pytest.raises(ValueError, match="Reference group 'z'"):
            fairness.adverse_impact(selections(a=(5, 1)), "group", reference="z")

    def test_rates_match_fairlearn(self):
        rng = np.random.default_rng(0)
        frame = pd.DataFrame(
            {"group": rng.choice(["x", "y", "z"], 500), "selected": rng.random(500) < 0.3}
        )
        ours = fairness.adverse_impact(frame, "group").set_index("group")["rate"]
        theirs = MetricFrame(
            metrics=selection_rate,
            y_true=frame["selected"],
            y_pred=frame["selected"],
            sensitive_features=frame["group"],
        ).by_group
        assert np.allclose(ours.sort_index(), theirs.sort_index())

    def test_fisher_p_value_and_interval(self):
        got = (
            fairness.adverse_impact(selections(a=(40, 20), b=(40, 8)), "group")
            .set_index("group")
            .loc["b"]
        )
        from scipy.stats import fisher_exact

        assert got["p_value"] == pytest.approx(fisher_exact([[8, 32], [20, 20]]).pvalue)
        assert got["ratio_ci_low"] < got["impact_ratio"] < got["ratio_ci_high"] < 1

    @settings(max_examples=60, deadline=None)
    @given(st.integers(1, 60), st.integers(0, 60), st.integers(1, 60), st.integers(0, 60))
    def test_flag_is_the_exact_four_fifths_rule(self, n1, s1, n2, s2):
        s1, s2 = min(s1, n1), min(s2, n2)
        got = fairness.adverse_impact(selections(a=(n1, s1), b=(n2, s2)), "group")
        rates = {"a": s1 / n1, "b": s2 / n2}
        top = got["reference"].iloc[0]
        for row in got.itertuples():
            # Fractions avoid float rounding at exactly 0.8
            from fractions import Fraction

            ratio = (
                Fraction({"a": s1, "b": s2}[row.group], {"a": n1, "b": n2}[row.group])
                / Fraction({"a": s1, "b": s2}[top], {"a": n1, "b": n2}[top])
                if rates[top] > 0
                else Fraction(1)
            )
            assert row.adverse_impact == (ratio < Fraction(4, 5))


class TestRecordedImpact:
    def test_one_row_per_group_of_each_column(self):
        frame = pd.DataFrame(
            {
                "gender": ["female"] * 10 + ["male"] * 10,
                "origin": ["local", "non_local"] * 10,
                "hired": [True] * 5 + [False] * 5 + [True] * 4 + [False] * 6,
            }
        )
        got = fairness.recorded_impact(frame)
        assert got["variable"].tolist() == ["gender", "gender", "origin", "origin"]
        want = fairness.adverse_impact(frame, "origin", selected="hired")
        mine = got[got["variable"] == "origin"].drop(columns="variable").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, want)
        assert "registration_mode" not in set(got["variable"])  # absent columns are skipped

    def test_no_group_column_is_not_enough_data(self):
        from asnpolicy.insufficient import NotEnoughData

        frame = pd.DataFrame({"hired": [True, False], "gender": [None, None]})
        with pytest.raises(NotEnoughData) as err:
            fairness.recorded_impact(frame)
        assert err.value.code == "no_groups"
        assert "applicants.gender" in err.value.needs and "applicants.hired" not in err.value.needs
