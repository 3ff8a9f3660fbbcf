"""Selection scores vs later performance: validity corrected for range restriction and
criterion reliability, checked against pingouin and the simulator's truth; and which stages
carry information (stage importance)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pingouin
import pytest
from simulator_truth import expected_skp, training_boost
from validity_reference import region_validity_by_rows

import asnpolicy as ap
from asnpolicy import rules, validity
from asnpolicy.synth import generate
from asnpolicy.validity import criterion_reliability, method_validity, within_year

LATER = {"panel_competency": "skb_competency", "panel_interview": "skb_interview"}


@pytest.fixture(scope="module")
def two_regions():
    return generate(regions=["bangko", "batanghari"], seed=2026)


class TestCriterionReliability:
    def test_matches_pingouin_on_balanced_years(self):
        rng = np.random.default_rng(3)
        people, years = 300, 4
        true = rng.normal(0, 1, people)
        y = true[:, None] + rng.normal(0, 1.2, (people, years))
        long = pd.DataFrame(
            {
                "person": np.repeat(np.arange(people), years),
                "year": np.tile(np.arange(years), people),
                "y": y.ravel(),
            }
        )
        want = pingouin.intraclass_corr(long, "person", "year", "y").set_index("Type")
        got = criterion_reliability(
            np.full(people, years),
            y.mean(axis=1),
            ((y - y.mean(axis=1, keepdims=True)) ** 2).sum(1),
        )
        assert got == pytest.approx(want.loc["ICC(1,k)", "ICC"], abs=1e-10)


def truth_validities(ds, region) -> pd.Series:
    """Each score's correlation, over the region's CPNS applicant pool, with the true score
    of the criterion: the expected SKP score given latent performance and training."""
    info = ds.formasi.set_index("formasi_id")
    a = ds.applicants[
        ds.applicants["formasi_id"].map(info["region_id"]).eq(region)
        & ds.applicants["formasi_id"].map(info["track"]).eq("cpns")
        & ds.applicants["twk"].notna()
    ]
    recruits = ds.employees[ds.employees["region_id"].eq(region)].dropna(subset=["applicant_id"])
    boost = recruits["employee_id"].map(training_boost(ds)).mode()[0]
    latent = ds.truth["applicant_latent"].set_index("applicant_id").rename(columns=LATER)
    pool = within_year(a[["twk", "tiu", "tkp"]], a["formasi_id"].map(info["year"]))
    pool = pool.set_index(a["applicant_id"]).join(latent.drop(columns=["tiu"], errors="ignore"))
    true_score = expected_skp(pool["performance"] + boost)
    cols = ["twk", "tiu", "tkp", "skb_cat", "skb_psych", "skb_competency", "skb_interview"]
    return pd.Series(
        {c: np.corrcoef(pool[c].astype(float), true_score)[0, 1] for c in cols if c in pool}
    )


class TestMethodValidity:
    @pytest.fixture(scope="class")
    @classmethod
    def result(cls, two_regions):
        return method_validity(two_regions, n_boot=300, seed=1)

    def test_corrected_validities_contain_the_truth(self, two_regions, result):
        covered = []
        for region, rows in result.groupby("region_id"):
            truth = truth_validities(two_regions, region)
            for row in rows.itertuples():
                covered.append(row.ci_low <= truth[row.predictor] <= row.ci_high)
        # 12 intervals at 95 %: 11 covered for this seed (10-12 over seeds 7, 11, 13)
        assert sum(covered) >= len(covered) - 1, covered

    def test_paired_differences_from_the_leader(self, result):
        """Finding 8 (issue 16): "the best predictor" needs the paired differences. One
        leader per region (the highest corrected validity, no difference of its own); every
        other score's difference is the leader's validity minus its own, with an interval
        from the same resamples that holds the point estimate."""
        for _, rows in result.groupby("region_id"):
            assert rows["leader"].sum() == 1
            lead = rows[rows["leader"]].iloc[0]
            assert lead["corrected"] == rows["corrected"].max()
            assert np.isnan(lead["lead_difference"]) and np.isnan(lead["lead_difference_ci_low"])
            others = rows[~rows["leader"]]
            want = lead["corrected"] - others["corrected"]
            assert np.allclose(others["lead_difference"], want)
            assert (others["lead_difference"] >= 0).all()
            inside = (others["lead_difference_ci_low"] <= others["lead_difference"]) & (
                others["lead_difference"] <= others["lead_difference_ci_high"]
            )
            assert inside.all()

    def test_a_region_with_too_few_hires_is_skipped_not_fatal(self, two_regions):
        """At national scale some regions hire a handful: they are listed, not fatal."""
        employees = two_regions.employees.copy()
        in_bangko = employees["region_id"].eq("bangko")
        employees.loc[in_bangko, "applicant_id"] = None  # nobody hired traces to an applicant
        ds = dataclasses.replace(two_regions, employees=employees)
        result = method_validity(ds, n_boot=20, seed=1)
        assert set(result["region_id"]) == {"batanghari"}
        assert "few" in result.attrs["skipped"]["bangko"]
        with pytest.raises(ValueError, match="few"):
            method_validity(ds.for_region("bangko"), n_boot=20)

    def test_observed_validities_are_visibly_lower(self, two_regions, result):
        truth = pd.concat(
            {r: truth_validities(two_regions, r) for r in ["bangko", "batanghari"]}
        ).rename("truth")
        merged = result.join(truth, on=["region_id", "predictor"])
        assert merged["observed"].mean() < merged["truth"].mean() - 0.08
        assert merged["observed"].mean() < merged["corrected"].mean() - 0.08
        assert (merged["u"] < 1).all()  # hires vary less than the pool

    def test_columns_and_counts(self, two_regions, result):
        assert set(result["predictor"][result["region_id"] == "batanghari"]) >= {"skb_psych"}
        assert "skb_psych" not in set(result["predictor"][result["region_id"] == "bangko"])
        hired_with_skp = (
            two_regions.employees.dropna(subset=["applicant_id"])
            .merge(two_regions.performance[["employee_id"]].drop_duplicates(), on="employee_id")
            .merge(two_regions.applicants[["applicant_id", "formasi_id"]], on="applicant_id")
        )
        cpns = (
            hired_with_skp["formasi_id"]
            .map(two_regions.formasi.set_index("formasi_id")["track"])
            .eq("cpns")
        )
        assert result.groupby("region_id")["n"].first().sum() == cpns.sum()
        ok = result["ci_low"] <= result["corrected"]
        assert ok.all() and (result["corrected"] <= result["ci_high"]).all()

    def test_case2_uses_each_score_alone(self, two_regions, result):
        case2 = method_validity(two_regions, correct="case2", n_boot=20)
        none = method_validity(two_regions, correct=None, n_boot=20)
        np.testing.assert_allclose(none["corrected"], result["observed"])
        # Case II from the observed r, u and criterion reliability (independent formula)
        r = case2["observed"] / np.sqrt(case2["criterion_reliability"])
        big_u = 1 / case2["u"]
        want = r * big_u / np.sqrt(1 - r**2 + r**2 * big_u**2)
        np.testing.assert_allclose(case2["corrected"], want, rtol=1e-10)

    def test_case4_needs_reliabilities(self, two_regions):
        with pytest.raises(ValueError, match="case4 needs reliabilities"):
            method_validity(two_regions, correct="case4", n_boot=5)
        rel = dict.fromkeys(
            ["twk", "tiu", "tkp", "skb_cat", "skb_psych", "skb_competency", "skb_interview"], 0.8
        )
        got = method_validity(two_regions, correct="case4", reliabilities=rel, n_boot=5)
        assert got["method"].eq("case4").all() and got["corrected"].notna().all()

    def test_bad_arguments(self, two_regions):
        with pytest.raises(ValueError, match="criterion must be one of"):
            method_validity(two_regions, criterion="ikm")
        with pytest.raises(ValueError, match="correct must be"):
            method_validity(two_regions, correct="case3")


# -- stage importance ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def importance():
    return stage_importance_of(generate(seed=2026))


def stage_importance_of(ds):
    return validity.stage_importance(ds, seed=1)


def test_recruit_outcomes_are_mean_skp_scores():
    ds = generate(regions=["pauh"], seed=3)
    data = validity.recruit_outcomes(ds)
    perf = ds.performance.merge(ds.employees[["employee_id", "applicant_id"]])
    first = data.iloc[0]
    want = (
        perf.loc[perf["applicant_id"] == first["applicant_id"], "skp_rating"]
        .map(rules.SKP_SCORE)
        .mean()
    )
    assert first["performance"] == pytest.approx(want)


def test_model_predicts_better_than_chance(importance):
    _, model = importance
    assert model["r2_ci_low"] > 0
    assert model["n"] > 500


def test_valid_stages_carry_information_and_weak_ones_do_not(importance):
    table, _ = importance
    imp = table.set_index("component")
    # truth: knowledge test .40 and external interviews .42 against TWK .15 and TKP .20
    assert imp.loc["skb_cat", "ci_low"] > 0
    assert imp.loc["skb_cat", "importance"] > imp.loc["twk", "importance"]
    assert imp.loc["skb_interview", "importance"] > imp.loc["tkp", "importance"]


def test_too_few_recruits():
    ds = generate(regions=["pauh"], years=(2024,), seed=1, scale=0.2)
    small = ap.Dataset(**{**ds.tables(), "performance": ds.performance.head(3)})
    with pytest.raises(ValueError, match="Too few recruits"):
        validity.stage_importance(small)


class TestOnPartialData:
    """Issue 17: a validity the data cannot support is a coded NotEnoughData."""

    def test_no_cpns_pool(self):
        from asnpolicy.insufficient import NotEnoughData

        ds = generate(regions=["pauh"], years=(2024,), seed=1, scale=0.2)
        no_skd = ds.applicants.assign(twk=np.nan)
        with pytest.raises(NotEnoughData) as err:
            validity.method_validity(ap.Dataset(**{**ds.tables(), "applicants": no_skd}), n_boot=5)
        assert err.value.code == "validity_no_pool"

    def test_too_few_hires(self):
        from asnpolicy.insufficient import NotEnoughData

        ds = generate(regions=["pauh"], years=(2024,), seed=1, scale=0.2)
        few = ap.Dataset(**{**ds.tables(), "performance": ds.performance.head(3)})
        with pytest.raises(NotEnoughData) as err:
            validity.method_validity(few, n_boot=5)
        assert err.value.code == "validity_too_few_hires"
        assert isinstance(err.value.counts["n_hires"], int)


class TestWeightedBootstrap:
    """The bootstrap resamples by weights on moment matrices (issue 20); the row-by-row
    bootstrap it replaced is kept in tests/validity_reference.py."""

    RELIABILITIES = dict.fromkeys(
        ["twk", "tiu", "tkp", "skb_cat", "skb_psych", "skb_competency", "skb_interview"], 0.8
    )

    @pytest.mark.parametrize("correct", ["multivariate", "case2", "case4", None])
    def test_same_numbers_as_the_row_by_row_bootstrap_at_the_same_seed(
        self, two_regions, monkeypatch, correct
    ):
        kw = {"reliabilities": self.RELIABILITIES} if correct == "case4" else {}
        weighted = method_validity(two_regions, correct=correct, n_boot=120, seed=7, **kw)
        person = validity._per_person(validity.yearly_outcomes(two_regions), "skp_score")
        monkeypatch.setattr(
            validity,
            "_region_validity",
            lambda a, *args: region_validity_by_rows(a, person, *args),
        )
        with np.errstate(all="ignore"):
            by_rows = method_validity(two_regions, correct=correct, n_boot=120, seed=7, **kw)
        pd.testing.assert_frame_equal(weighted, by_rows, rtol=1e-9, atol=1e-12)
        assert weighted["ci_low"].notna().all()

    def test_resamples_with_too_few_distinct_hires_are_left_out(self):
        """Lawley's correction needs more distinct hires than scores + 1: a resample that
        repeats fewer is singular whether or not rounding lets LAPACK see it."""
        rng = np.random.default_rng(0)
        n, p, hires = 400, 4, 12
        values = rng.normal(size=(n, p))
        values[hires + 40 :, 3] = np.nan  # one SKB score, seen for the first 52
        hired = np.zeros(n, dtype=bool)
        hired[:hires] = True
        y = np.where(hired, 3 + values[:, 0] * 0.3 + rng.normal(0, 0.5, n), np.nan)
        pool = validity._Pool(values, 3, hired, y, np.full(n, 2.0), rng.uniform(0, 1, n))
        weights = rng.multinomial(n, np.full(n, 1 / n), size=300)
        observed, _, _, corrected = pool.estimates(weights, "multivariate", None)
        distinct = (weights[:, :hires] > 0).sum(axis=1)
        left_out = distinct <= p + 1
        assert left_out.any() and (~left_out).any()
        assert np.isnan(corrected[left_out]).all() and np.isnan(observed[left_out]).all()
        assert np.isfinite(corrected[~left_out]).all()

    def test_one_resample_equals_the_correction_of_the_repeated_rows(self):
        """Weights w give what the correction gives on the rows repeated w times."""
        rng = np.random.default_rng(1)
        n = 300
        values = rng.normal(size=(n, 4))
        values[100:, 3] = np.nan
        hired = np.zeros(n, dtype=bool)
        hired[:40] = True
        y = np.where(hired, 3 + 0.4 * values[:, 1] + rng.normal(0, 0.5, n), np.nan)
        k, ss = rng.integers(1, 4, n).astype(float), rng.uniform(0, 2, n)
        pool = validity._Pool(values, 3, hired, y, k, ss)
        rows = rng.integers(0, n, n)
        weights = np.bincount(rows, minlength=n)[None, :]
        repeated = validity._Pool(values[rows], 3, hired[rows], y[rows], k[rows], ss[rows])
        for one, many in zip(
            pool.estimates(weights, "multivariate", None),
            repeated.estimates(np.ones((1, n)), "multivariate", None, raise_errors=True),
            strict=True,
        ):
            np.testing.assert_allclose(one, many, rtol=1e-10)
