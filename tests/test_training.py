"""Training: paired gains against scipy, the DiD against statsmodels and a hand-made panel, and
recovery of the simulator's true gains and performance effects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from conftest import tiny_tables
from scipy import stats

import asnpolicy as ap
from asnpolicy import rules, training
from asnpolicy.synth import assumptions as A
from asnpolicy.synth import generate


@pytest.fixture(scope="module")
def sample():
    """All four regions: the power the recovery tests need."""
    return generate(seed=2026)


def expected_rating(y: np.ndarray, outcome: str) -> np.ndarray:
    """E[outcome | latent y] under the simulator's rating model (independent of the code).

    Work result and behaviour are sqrt(rel) y + sqrt(1 - rel) noise, cut at the SKP
    thresholds; the rating follows the official matrix.
    """
    rel = A.YEARLY_RATING_RELIABILITY
    below, above = A.SKP_THRESHOLDS
    mean, sd = np.sqrt(rel) * np.asarray(y, float), np.sqrt(1 - rel)
    p = {"below": stats.norm.cdf((below - mean) / sd), "above": stats.norm.sf((above - mean) / sd)}
    p["as_expected"] = 1 - p["below"] - p["above"]
    total = np.zeros_like(mean)
    for (result, behaviour), label in rules.SKP_MATRIX.items():
        score = rules.SKP_SCORE[label]
        value = score if outcome == "skp_score" else float(score >= rules.SKP_SCORE["Baik"])
        total = total + p[result] * p[behaviour] * value
    return total


def truth_implied_effect(ds: ap.Dataset, outcome: str) -> dict[str, float]:
    """Mean change of the outcome when latent performance shifts by the provider's true effect,
    over the latent performance of the non-recruits trained by that provider (their courses
    are the only ones with a before and after)."""
    y = ds.truth["employee_performance"]
    recruit = ds.employees.set_index("employee_id")["applicant_id"].notna()
    t = ds.training[~ds.training["employee_id"].map(recruit).to_numpy(dtype=bool)]
    out = {}
    for provider, delta in ds.truth["training_performance_effect"].items():
        base = y.loc[t.loc[t["provider"] == provider, "employee_id"]].to_numpy()
        out[provider] = float(
            np.mean(expected_rating(base + delta, outcome) - expected_rating(base, outcome))
        )
    return out


def panel_dataset() -> ap.Dataset:
    """Three employees rated in 2023 and 2024; e2 trained (internal) in 2023.

    SKP scores: e2 4 -> 5 (trained), e3 3 -> 4, e4 4 -> 4. DiD = 1 - (1 + 0) / 2 = 0.5.
    """
    t = tiny_tables()
    t["employees"] = pd.concat(
        [
            t["employees"],
            t["employees"].iloc[[1]].assign(employee_id="e4", hire_year=2000),
        ],
        ignore_index=True,
    )
    ratings = {
        ("e2", 2023): ("Baik", "as_expected", "as_expected"),
        ("e2", 2024): ("Sangat Baik", "above", "above"),
        ("e3", 2023): ("Butuh Perbaikan", "below", "as_expected"),
        ("e3", 2024): ("Baik", "as_expected", "as_expected"),
        ("e4", 2023): ("Baik", "as_expected", "as_expected"),
        ("e4", 2024): ("Baik", "as_expected", "as_expected"),
    }
    t["performance"] = pd.DataFrame(
        [
            {
                "employee_id": e,
                "year": y,
                "skp_rating": r,
                "work_result": w,
                "behaviour": b,
                "peer_score": None,
                "citizen_score": None,
            }
            for (e, y), (r, w, b) in ratings.items()
        ]
    )
    t["training"] = pd.concat(
        [
            t["training"],
            pd.DataFrame(
                {
                    "employee_id": ["e2"],
                    "year": [2023],
                    "program": ["Pelatihan teknis"],
                    "provider": ["internal"],
                    "hours": [40.0],
                    "pre_score": [50.0],
                    "post_score": [60.0],
                }
            ),
        ],
        ignore_index=True,
    )
    return ap.from_tables(t)


class TestTrainingEffect:
    def test_columns_and_one_row_per_provider(self, sample):
        got = training.training_effect(sample)
        assert list(got.columns) == [
            "provider",
            "n",
            "n_employees",
            "pre_mean",
            "post_mean",
            "gain",
            "gain_ci_low",
            "gain_ci_high",
            "n_switchers",
            "performance_effect",
            "performance_ci_low",
            "performance_ci_high",
            "good_rating_effect",
            "good_rating_ci_low",
            "good_rating_ci_high",
            "performance_note",
        ]
        assert sorted(got["provider"]) == sorted(sample.training["provider"].unique())

    def test_gain_matches_scipy_paired_t(self, sample):
        got = training.training_effect(sample, confidence=0.9).set_index("provider")
        for provider, rows in sample.training.groupby("provider"):
            test = stats.ttest_rel(rows["post_score"], rows["pre_score"])
            low, high = test.confidence_interval(confidence_level=0.9)
            assert got.loc[provider, "gain"] == pytest.approx(
                (rows["post_score"] - rows["pre_score"]).mean()
            )
            assert got.loc[provider, "gain_ci_low"] == pytest.approx(low)
            assert got.loc[provider, "gain_ci_high"] == pytest.approx(high)
            assert got.loc[provider, "n"] == len(rows)

    def test_gain_recovers_the_true_gain(self, sample):
        got = training.training_effect(sample).set_index("provider")
        for provider, gain in sample.truth["training_gain"].items():
            row = got.loc[provider]
            assert row["gain_ci_low"] <= gain <= row["gain_ci_high"], (provider, row["gain"])

    def test_clipping_at_0_100_biases_the_gain_far_less_than_its_interval(self, sample):
        # Scores are clipped to 0-100. Under the simulator's model the gain a course would show
        # given the observed pre-scores, minus the true gain, is the clipping bias.
        got = training.training_effect(sample).set_index("provider")
        rng = np.random.default_rng(0)
        for provider, gain in sample.truth["training_gain"].items():
            pre = np.repeat(
                sample.training.loc[sample.training["provider"] == provider, "pre_score"], 50
            ).to_numpy()
            post = np.clip(pre + gain + rng.normal(0, 5, len(pre)), 0, 100)
            bias = (post - pre).mean() - gain
            half = (got.loc[provider, "gain_ci_high"] - got.loc[provider, "gain_ci_low"]) / 2
            assert abs(bias) < 0.2 * half, (provider, bias, half)

    def test_induction_courses_are_not_estimable_and_say_why(self, sample):
        got = training.training_effect(sample, by="program").set_index("program")
        for program in ("Latihan Dasar CPNS", "Pelatihan manajemen pegawai baru"):
            row = got.loc[program]
            assert row["n_switchers"] == 0
            assert np.isnan(row["performance_effect"]) and np.isnan(row["good_rating_effect"])
            assert "not estimable" in row["performance_note"]
        refresher = got.loc["Pelatihan teknis"]
        assert refresher["n_switchers"] > 0 and np.isfinite(refresher["performance_effect"])

    def test_by_must_be_provider_or_program(self, sample):
        with pytest.raises(ValueError, match="provider"):
            training.training_effect(sample, by="hours")

    def test_needs_training_and_performance(self, tiny):
        tiny.performance = None
        with pytest.raises(ValueError, match="performance"):
            training.training_effect(tiny)


class TestTrainingPerformance:
    def test_hand_made_difference_in_differences(self):
        ds = panel_dataset()
        got = training.training_performance(ds).set_index("provider")
        assert got.loc["internal", "effect"] == pytest.approx(0.5)
        assert got.loc["internal", "n_switchers"] == 1
        assert np.isnan(got.loc["bpsdm", "effect"])  # e1's course: no rating before or after
        good = training.training_performance(ds, outcome="good_rating").set_index("provider")
        assert good.loc["internal", "effect"] == pytest.approx(-0.5)  # 0 - (1 + 0) / 2

    def test_region_year_effects_compare_within_the_region(self):
        # e3 is alone in pauh: region-year effects absorb his change; e2 is compared with e4.
        got = training.training_performance(panel_dataset(), time_effects="region_year")
        assert got.set_index("provider").loc["internal", "effect"] == pytest.approx(1.0)

    def test_matches_least_squares_with_dummies(self):
        ds = generate(regions=["pauh"], seed=7)
        got = training.training_performance(ds).set_index("provider")
        perf = ds.performance.assign(
            score=ds.performance["skp_rating"].map(rules.SKP_SCORE).astype(float)
        )
        perf = perf[perf.groupby("employee_id")["year"].transform("size") > 1]
        first = ds.training.groupby(["employee_id", "provider"])["year"].min().unstack()
        estimable = got.index[got["n_switchers"] > 0]
        for provider in estimable:
            year = perf["employee_id"].map(first[provider])
            perf[provider] = (year < perf["year"]).astype(float)
        exog = pd.concat(
            [
                perf[list(estimable)],
                pd.get_dummies(perf["employee_id"], dtype=float),
                pd.get_dummies(perf["year"], drop_first=True, dtype=float),
            ],
            axis=1,
        )
        fit = sm.OLS(perf["score"].to_numpy(), exog.to_numpy()).fit()
        for i, provider in enumerate(estimable):
            assert got.loc[provider, "effect"] == pytest.approx(fit.params[i], abs=1e-8)

    def test_cluster_robust_errors_match_statsmodels(self):
        rng = np.random.default_rng(3)
        n, g = 600, 80
        cluster = rng.integers(0, g, n)
        x = rng.normal(size=(n, 2)) + rng.normal(size=(g, 2))[cluster]
        y = x @ [0.3, -0.2] + rng.normal(size=n) + rng.normal(size=g)[cluster]
        got = training._cluster_ols(y, x, cluster, 0.95, 0, 0)
        fit = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": cluster}, use_t=True)
        assert got[:, 0] == pytest.approx(fit.params)
        assert got[:, 1] == pytest.approx(fit.bse)
        assert got[:, 2:] == pytest.approx(fit.conf_int(0.05))

    @pytest.mark.parametrize("outcome", ["skp_score", "good_rating"])
    def test_recovers_the_truth_implied_effect(self, sample, outcome):
        # Shifting latent performance by delta SD changes P(each rating) through the normal cut
        # model; the expected change over the trained non-recruits is the target. The effects
        # (0.02-0.07 SKP points) are below one standard error at this size: the test is that
        # the intervals cover them, not that they differ from 0. Four providers: each interval
        # at 1 - 0.05 / 4 (Bonferroni), so that all four cover with at least 95 %.
        truth = truth_implied_effect(sample, outcome)
        got = training.training_performance(
            sample, outcome=outcome, confidence=1 - 0.05 / len(truth)
        ).set_index("provider")
        for provider, effect in truth.items():
            row = got.loc[provider]
            assert row["ci_low"] <= effect <= row["ci_high"], (provider, effect, row["effect"])
            assert row["n_switchers"] > 50

    def test_coverage_over_seeds(self):
        # 4 seeds x 4 providers x 2 outcomes = 32 nominal 95 % intervals. With true coverage
        # 95 %, 6 or more misses have probability 0.5 %. (Measured over 40 seeds: coverage
        # 0.95-1.00 on the SKP scale and 0.925-0.975 on the probability scale per provider.)
        misses, total = 0, 0
        for seed in (1, 2, 3, 4):
            ds = generate(seed=seed)
            for outcome in ("skp_score", "good_rating"):
                got = training.training_performance(ds, outcome=outcome).set_index("provider")
                for provider, effect in truth_implied_effect(ds, outcome).items():
                    row = got.loc[provider]
                    misses += not row["ci_low"] <= effect <= row["ci_high"]
                    total += 1
        assert total == 32
        assert misses <= 5

    def test_wild_bootstrap_interval_is_close_to_the_analytic_one(self, sample):
        analytic = training.training_performance(sample).set_index("provider")
        boot = training.training_performance(sample, n_boot=399, seed=1).set_index("provider")
        truth = truth_implied_effect(sample, "skp_score")
        assert (boot["effect"] == analytic["effect"]).all()
        width = (boot["ci_high"] - boot["ci_low"]) / (analytic["ci_high"] - analytic["ci_low"])
        assert width.between(0.8, 1.25).all()
        for provider, effect in truth.items():
            assert boot.loc[provider, "ci_low"] <= effect <= boot.loc[provider, "ci_high"]

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"outcome": "ikm"}, "outcome"),
            ({"time_effects": "month"}, "time_effects"),
            ({"confidence": 95}, "confidence"),
            ({"n_boot": -1}, "n_boot"),
        ],
    )
    def test_bad_options_say_what_to_change(self, kwargs, match):
        with pytest.raises(ValueError, match=match):
            training.training_performance(panel_dataset(), **kwargs)
