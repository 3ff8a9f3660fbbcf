"""Recruitment methods vs later outcomes: method effects and feedback triggers, checked against
independent computations and the simulator's truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from simulator_truth import expected_skp, training_boost

from asnpolicy.outcomes import method_effects
from asnpolicy.synth import generate

LATER = {"panel_competency": "skb_competency", "panel_interview": "skb_interview"}


@pytest.fixture(scope="module")
def two_regions():
    return generate(regions=["bangko", "batanghari"], seed=2026)


@pytest.fixture(scope="module")
def everywhere():
    return generate(seed=2026)


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
    @classmethod
    def triggers(cls, everywhere):
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


class TestWithinRegionPanels:
    """Finding 3 (issue 16): panel type is set per region, so a region's own data has no
    comparison of panel types; the page must say so, and label a pooled one as pooled."""

    def test_each_region_used_one_panel_type_per_track(self, everywhere):
        from asnpolicy.outcomes import methods_used

        used = methods_used(everywhere, "panel")
        assert list(used.columns) == ["region_id", "track", "method", "recruits"]
        assert used.groupby(["region_id", "track"])["method"].nunique().eq(1).all()
        recruits = everywhere.employees["applicant_id"].notna().sum()
        assert used["recruits"].sum() == recruits

    def test_own_region_has_no_comparison_and_says_why(self, everywhere):
        from asnpolicy.outcomes import compare_methods

        for region in ("bangko", "bukittinggi"):
            own = compare_methods(everywhere.for_region(region), "panel")
            assert own.empty
            assert own.attrs["reason_code"] in ("confounded", "one_method")
            assert own.attrs["regions"] == [region]
        pooled = compare_methods(everywhere, "panel")
        assert not pooled.empty and len(pooled.attrs["regions"]) == 4


class TestTriggerChangeInterval:
    def test_triggers_carry_the_interval_of_the_change(self, everywhere):
        from asnpolicy.outcomes import feedback_triggers

        got = feedback_triggers(everywhere.for_region("bangko"))
        known = got["change"].notna()
        assert (got.loc[known, "change_ci_low"] <= got.loc[known, "change"]).all()
        assert (got.loc[known, "change"] <= got.loc[known, "change_ci_high"]).all()
        assert got.attrs["ikm_threshold"] == 76.61


class TestOnPartialData:
    """Issue 17: the IKM part runs on units and SKM alone; what is missing is a
    NotEnoughData with a code, never a KeyError or an AttributeError."""

    @pytest.fixture(scope="class")
    @classmethod
    def small(cls):
        return generate(regions=["pauh"], years=(2023, 2024), scale=0.3, seed=3)

    def test_triggers_from_units_and_skm_alone(self, small):
        from asnpolicy.io import Dataset
        from asnpolicy.outcomes import feedback_triggers

        full = feedback_triggers(small)
        alone = feedback_triggers(Dataset(units=small.units, skm=small.skm))
        assert alone.attrs["staff_known"] is False and full.attrs["staff_known"] is True
        assert alone["staff"].isna().all() and alone["head_missed_target"].isna().all()
        same = ["unit_id", "name", "n", "required_n", "ikm", "ci_low", "ci_high", "change"]
        pd.testing.assert_frame_equal(
            alone[same].sort_values("unit_id", ignore_index=True),
            full[same].sort_values("unit_id", ignore_index=True),
            check_dtype=False,
        )

    def test_without_units_the_id_names_the_unit(self, small):
        from asnpolicy.io import Dataset
        from asnpolicy.outcomes import feedback_triggers

        out = feedback_triggers(Dataset(skm=small.skm))
        assert (out["name"] == out["unit_id"]).all()
        assert out["required_n"].isna().all()

    def test_no_survey_date_is_a_coded_gap(self, small):
        from asnpolicy.insufficient import NotEnoughData
        from asnpolicy.io import Dataset
        from asnpolicy.outcomes import feedback_triggers

        with pytest.raises(NotEnoughData) as err:
            feedback_triggers(Dataset(units=small.units, skm=small.skm.assign(survey_date=None)))
        assert err.value.code == "columns" and err.value.needs == ("skm.survey_date",)

    def test_ikm_changes_of_one_year_is_a_coded_gap(self, small):
        from asnpolicy.insufficient import NotEnoughData
        from asnpolicy.io import Dataset
        from asnpolicy.outcomes import feedback_triggers, ikm_changes

        both = ikm_changes(feedback_triggers(small))
        assert both["previous_year"].notna().all() and len(both)
        year = pd.to_datetime(small.skm["survey_date"]).dt.year
        one = Dataset(units=small.units, skm=small.skm[year == year.max()])
        with pytest.raises(NotEnoughData) as err:
            ikm_changes(feedback_triggers(one))
        assert err.value.code == "one_survey_year"
        assert err.value.counts == {"year": int(year.max())}

    def test_compare_methods_names_the_missing_table(self, small):
        from asnpolicy.insufficient import NotEnoughData
        from asnpolicy.io import Dataset
        from asnpolicy.outcomes import compare_methods

        tables = {k: v for k, v in small.tables().items() if k != "performance"}
        with pytest.raises(NotEnoughData) as err:
            compare_methods(Dataset(**tables), "panel")
        assert err.value.needs == ("performance",)
