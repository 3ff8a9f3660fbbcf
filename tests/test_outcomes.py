"""Recruitment methods vs later outcomes: validity corrected for range restriction, and
method effects, checked against independent computations and the simulator's truth."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pingouin
import pytest
from simulator_truth import expected_skp, training_boost

from asnpolicy.outcomes import (
    criterion_reliability,
    method_effects,
    method_validity,
    within_year,
)
from asnpolicy.synth import generate

LATER = {"panel_competency": "skb_competency", "panel_interview": "skb_interview"}


@pytest.fixture(scope="module")
def two_regions():
    return generate(regions=["bangko", "batanghari"], seed=2026)


@pytest.fixture(scope="module")
def everywhere():
    return generate(seed=2026)


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
    def result(self, two_regions):
        return method_validity(two_regions, n_boot=300, seed=1)

    def test_corrected_validities_contain_the_truth(self, two_regions, result):
        covered = []
        for region, rows in result.groupby("region_id"):
            truth = truth_validities(two_regions, region)
            for row in rows.itertuples():
                covered.append(row.ci_low <= truth[row.predictor] <= row.ci_high)
        # 12 intervals at 95 %: 11 covered for this seed (10-12 over seeds 7, 11, 13)
        assert sum(covered) >= len(covered) - 1, covered

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


class TestMethodEffects:
    def test_panel_effects_contain_the_truth(self, everywhere):
        """Truth: the CPNS recruits' mean expected SKP (latent performance plus training)
        by panel type, as differences from regions with no panel."""
        got = method_effects(everywhere, "panel", "performance").set_index("method")
        recruits = everywhere.employees.dropna(subset=["applicant_id"])
        latent = everywhere.truth["applicant_latent"].set_index("applicant_id")["performance"]
        a = everywhere.applicants.set_index("applicant_id")
        track = a["formasi_id"].map(everywhere.formasi.set_index("formasi_id")["track"])
        years = everywhere.performance.groupby("employee_id").size()
        people = pd.DataFrame(
            {
                "panel": recruits["applicant_id"].map(a["panel"]).fillna("none").to_numpy(),
                "cpns": recruits["applicant_id"].map(track).eq("cpns").to_numpy(),
                "skp": expected_skp(
                    recruits["applicant_id"].map(latent).to_numpy()
                    + recruits["employee_id"].map(training_boost(everywhere)).fillna(0).to_numpy()
                ),
                "years": recruits["employee_id"].map(years).fillna(0).to_numpy(),
            }
        )
        cpns = people[people["cpns"] & people["years"].gt(0)]
        means = cpns.groupby("panel").apply(lambda g: np.average(g["skp"], weights=g["years"]))
        for method in ["external", "internal", "mixed"]:
            truth = means[method] - means["none"]
            assert got.loc[method, "ci_low"] <= truth <= got.loc[method, "ci_high"], method
        assert got.loc["external", "ci_low"] > 0  # external panels pick better performers
        assert got.attrs["adjusted_for"][0] == "sector"  # panels are set region-wide

    def test_registration_mode_has_no_effect_in_truth(self, everywhere):
        got = method_effects(everywhere, "registration_mode", "performance").set_index("method")
        assert got.attrs["adjusted_for"][0] == "unit_id"
        other = got[~got["reference"]].iloc[0]
        assert other["ci_low"] <= 0 <= other["ci_high"]

    def test_matches_statsmodels_by_hand(self, two_regions):
        import statsmodels.api as sm

        got = method_effects(two_regions, "registration_mode", "performance")
        from asnpolicy.outcomes import recruit_years

        data = recruit_years(two_regions, "registration_mode").dropna(subset=["skp_score"])
        ref = got.loc[got["reference"], "method"].iloc[0]
        x = pd.get_dummies(data[["unit_id", "track", "year", "kind"]].astype(str), drop_first=True)
        for m in set(data["method"]) - {ref}:
            x[f"method_{m}"] = data["method"].eq(m)
        fit = sm.OLS(data["skp_score"], sm.add_constant(x.astype(float))).fit(
            cov_type="cluster", cov_kwds={"groups": pd.factorize(data["unit_id"])[0]}
        )
        other = got[~got["reference"]].iloc[0]
        assert other["effect"] == pytest.approx(fit.params[f"method_{other['method']}"])
        assert other["ci_low"] == pytest.approx(fit.conf_int().loc[f"method_{other['method']}", 0])

    def test_small_methods_are_left_out(self, two_regions):
        got = method_effects(two_regions, "channel", "performance", small_cell_min=30)
        assert (got["n"] >= 30).all()
        with pytest.raises(ValueError, match="nothing to compare"):
            method_effects(two_regions, "channel", "performance", small_cell_min=10_000)

    def test_ordinal_model_agrees_with_scipy_logistic_and_with_ols(self, everywhere):
        """The fast logistic gives statsmodels' own ordered logit; the log odds ratios point
        the way the OLS differences do, and external panels still clear zero."""
        from statsmodels.miscmodels.ordinal_model import OrderedModel

        from asnpolicy.outcomes import LOGISTIC_SD, recruit_years

        got = method_effects(everywhere, "panel", model="ordinal").set_index("method")
        ols = method_effects(everywhere, "panel").set_index("method")
        data = recruit_years(everywhere, "panel").dropna(subset=["skp_score"])
        x = pd.get_dummies(data[["sector", "track", "year", "kind"]].astype(str), drop_first=True)
        for m in ["external", "internal", "mixed"]:
            x[f"method_{m}"] = data["method"].eq(m)
        y = pd.Categorical(data["skp_score"], ordered=True)
        fit = OrderedModel(y, x.astype(float), distr="logit").fit(method="bfgs", disp=False)
        for m in ["external", "internal", "mixed"]:
            assert got.loc[m, "effect"] == pytest.approx(fit.params[f"method_{m}"], abs=2e-3)
            assert np.sign(got.loc[m, "effect"]) == np.sign(ols.loc[m, "effect"])
        assert got.loc["external", "ci_low"] > 0
        assert got.loc["external", "effect_sd"] == pytest.approx(
            got.loc["external", "effect"] / LOGISTIC_SD
        )
        assert got.attrs["scale"] == "log_odds" and ols.attrs["scale"] == "outcome"
        with pytest.raises(ValueError, match="ordinal model is for the SKP"):
            method_effects(everywhere, "panel", "peer", model="ordinal")

    def test_unit_ikm_outcome_contains_the_truth(self, everywhere):
        """The unit's IKM as outcome: y is the official IKM of the unit-year; the estimate's
        interval contains the same regression run on the truth's expected IKM."""
        import statsmodels.formula.api as smf

        from asnpolicy.outcomes import _method_outcomes
        from asnpolicy.satisfaction import ikm

        got = method_effects(everywhere, "registration_mode", "ikm")
        data = _method_outcomes(everywhere, "registration_mode", "ikm")
        skm = everywhere.skm.assign(year=pd.to_datetime(everywhere.skm["survey_date"]).dt.year)
        official = ikm(skm, by=["unit_id", "year"]).set_index(["unit_id", "year"])["ikm"]
        assert data["y"].to_numpy() == pytest.approx(
            official.loc[list(zip(data["unit_id"], data["year"], strict=True))].to_numpy()
        )
        truth = everywhere.truth["unit_quality"].set_index(["unit_id", "year"])["expected_ikm"]
        data["truth"] = truth.loc[list(zip(data["unit_id"], data["year"], strict=True))].to_numpy()
        ref = got.loc[got["reference"], "method"].iloc[0]
        other = got[~got["reference"]].iloc[0]
        formula = (
            f"truth ~ C(method, Treatment(reference={ref!r}))"
            " + C(unit_id) + C(track) + C(year) + C(kind)"
        )
        term = f"C(method, Treatment(reference={ref!r}))[T.{other['method']}]"
        truth_effect = smf.ols(formula, data=data).fit().params[term]
        assert other["ci_low"] <= truth_effect <= other["ci_high"]
        assert got.attrs["outcome"] == "ikm" and other["n"] >= 5

    def test_methods_confounded_with_the_adjustment_are_refused(self, everywhere):
        """Citizen scores exist for CPNS recruits with a panel and PPPK recruits without one:
        'no panel' is the PPPK track, which the track fixed effect absorbs."""
        with pytest.raises(ValueError, match="cannot be separated"):
            method_effects(everywhere, "panel", "citizen")


class TestFeedbackTriggers:
    @pytest.fixture(scope="class")
    def triggers(self, everywhere):
        from asnpolicy.outcomes import feedback_triggers

        return feedback_triggers(everywhere)

    def test_low_units_are_the_ones_the_truth_rates_below_band_b(self, everywhere, triggers):
        from asnpolicy.outcomes import GOOD_SERVICE_FLOOR

        truth = everywhere.truth["unit_quality"].set_index(["unit_id", "year"])["expected_ikm"]
        expected = truth.reindex(pd.MultiIndex.from_frame(triggers[["unit_id", "year"]]))
        truly_low = expected.to_numpy() < GOOD_SERVICE_FLOOR
        flagged_low = triggers["reason"].str.contains("low").to_numpy()
        # units far from the bound (outside their interval) are always classified right
        clear = (triggers["ci_high"] < GOOD_SERVICE_FLOOR) | (
            triggers["ci_low"] > GOOD_SERVICE_FLOOR
        )
        assert (truly_low[clear] == flagged_low[clear]).mean() >= 0.95
        assert flagged_low.sum() > 0

    def test_reasons_and_order(self, triggers):
        assert set(triggers["reason"]) <= {"", "low", "drop", "low+drop"}
        assert (triggers["triggered"] == triggers["reason"].ne("")).all()
        first_untriggered = triggers["triggered"].idxmin()
        assert not triggers["triggered"].iloc[first_untriggered:].any()
        drops = triggers["reason"].str.contains("drop")
        assert triggers.loc[drops, "change"].lt(0).all()
        assert (triggers["staff_below_expectation"] <= triggers["staff"]).all()

    def test_sample_size_against_krejcie_morgan(self, everywhere, triggers):
        """Each unit's respondents against the Krejcie-Morgan sample for the population it
        serves (PermenPANRB 14/2017); unknown populations leave the flag empty."""
        from asnpolicy.outcomes import feedback_triggers
        from asnpolicy.satisfaction import required_sample

        pop = everywhere.units.set_index("unit_id")["service_population"]
        required = required_sample(pop.reindex(triggers["unit_id"]).astype(float))
        assert triggers["required_n"].tolist() == required.tolist()
        assert (triggers["below_required"] == (triggers["n"] < required.to_numpy())).all()
        assert triggers["below_required"].any() and not triggers["below_required"].all()
        unknown = everywhere.for_region("pauh")
        unknown.units = unknown.units.assign(service_population=pd.NA)
        assert feedback_triggers(unknown)["below_required"].isna().all()

    def test_constructed_units(self, tiny):
        """A unit answered all-3 (IKM 75, band C) is triggered; all-4 (100) is not."""
        from asnpolicy.io import from_tables
        from asnpolicy.outcomes import feedback_triggers

        units = tiny.units["unit_id"].tolist()[:2]
        rows = []
        for unit, answer in zip(units, [3, 4], strict=True):
            for i in range(10):
                rows.append(
                    {
                        "response_id": f"{unit}-{i}",
                        "unit_id": unit,
                        "survey_date": "2025-03-01",
                        "service": "Pelayanan umum",
                    }
                    | {f"u{k}": answer for k in range(1, 10)}
                )
        skm = pd.DataFrame(rows)
        skm["survey_date"] = pd.to_datetime(skm["survey_date"])
        ds = from_tables({**dict(tiny), "skm": skm})
        got = feedback_triggers(ds).set_index("unit_id")
        assert got.loc[units[0], "triggered"] and got.loc[units[0], "reason"] == "low"
        assert got.loc[units[0], "mutu"] == "C" and got.loc[units[0], "ikm"] == 75.0
        assert not got.loc[units[1], "triggered"]
