"""Cross-region scorecard: each value against an independent computation on the sample, the
simulator's policy differences between regions, suppression, missing tables, and notebook 04
under papermill. Its words and tables: tests/narrative/test_comparison.py."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from conftest import tiny_tables
from statsmodels.stats.proportion import proportion_confint

import asnpolicy as ap
from asnpolicy import compare, merit, rules, validity, workforce
from asnpolicy.synth import generate

ROOT = Path(__file__).resolve().parents[1]
N_BOOT = 30


@pytest.fixture(scope="module")
def sample():
    return generate(seed=2026)


@pytest.fixture(scope="module")
def card(sample):
    return compare.scorecard(sample, n_boot=N_BOOT)


def row(card: pd.DataFrame, region: str, indicator: str) -> pd.Series:
    rows = card[(card["region_id"] == region) & (card["indicator"] == indicator)]
    assert len(rows) == 1, (region, indicator)
    return rows.iloc[0]


def applicant_region(ds) -> pd.Series:
    return ds.applicants["formasi_id"].map(ds.formasi.set_index("formasi_id")["region_id"])


REGIONS = ("bangko", "batanghari", "pauh", "bukittinggi")


class TestScorecard:
    def test_shape(self, card, sample):
        assert list(card.columns) == [
            "region_id", "domain", "indicator", "value", "ci_low", "ci_high", "n", "unit",
            "band", "group", "basis", "suppressed",
        ]  # fmt: skip
        assert list(pd.unique(card["domain"])) == list(compare.DOMAINS)
        assert list(pd.unique(card["region_id"])) == list(REGIONS)  # registry order
        # every indicator has one row for every region
        counts = card.groupby("indicator")["region_id"].nunique()
        assert (counts == len(REGIONS)).all()
        assert not card.duplicated(["region_id", "indicator"]).any()
        assert card.attrs["horizon_years"] == 5 and card.attrs["small_cell_min"] == 5

    def test_each_merit_indicator_once(self, card):
        selection = set(card.loc[card["domain"] == "selection", "indicator"])
        merit_block = set(card.loc[card["domain"] == "merit", "indicator"])
        assert {"applicants_per_post", "online_registration_share"} <= selection
        assert not selection & merit_block
        assert "merit_promotion_share" in merit_block

    # -- needs: the workforce module per region ----------------------------------------------

    @pytest.mark.parametrize("region", REGIONS)
    def test_shortage_rate(self, card, sample, region):
        gap = workforce.staffing_gap(sample.for_region(region))
        pos = gap[(gap["level"] == "position") & (gap["required_fte"] > 0)]
        want = pos["gap"].clip(lower=0).sum() / pos["required_fte"].sum()
        got = row(card, region, "shortage_rate")
        assert got["value"] == pytest.approx(want)
        assert np.isnan(got["ci_low"])  # a census, not a sample
        assert got["n"] == gap.loc[gap["level"] == "region", "headcount"].iloc[0]

    @pytest.mark.parametrize("region", REGIONS)
    def test_shortage_rate_against_simulator_truth(self, card, sample, region):
        truth = sample.truth["staffing"]
        truth = truth[truth["unit_id"].str.startswith(region + "-") & (truth["required_fte"] > 0)]
        want = truth["shortage"].clip(lower=0).sum() / truth["required_fte"].sum()
        assert row(card, region, "shortage_rate")["value"] == pytest.approx(want)

    @pytest.mark.parametrize("region", REGIONS)
    def test_retirements(self, card, sample, region):
        one = sample.for_region(region)
        want = workforce.retirement_projection(one, years=5)["retirements"].sum()
        assert row(card, region, "retirements")["value"] == want
        headcount = workforce.staffing_gap(one).query("level == 'region'")["headcount"].iloc[0]
        assert row(card, region, "retirement_share")["value"] == pytest.approx(want / headcount)

    # -- selection: direct pandas on the tables ----------------------------------------------

    @pytest.mark.parametrize("region", REGIONS)
    def test_online_share_is_a_census(self, card, sample, region):
        a = sample.applicants[applicant_region(sample) == region]
        online = int((a["registration_mode"] == "online").sum())
        got = row(card, region, "online_registration_share")
        assert got["value"] == pytest.approx(online / len(a))
        assert np.isnan(got["ci_low"]) and np.isnan(got["ci_high"])  # every application
        assert got["n"] == len(a) and got["basis"] == "census"

    @pytest.mark.parametrize("region", REGIONS)
    def test_applicants_per_post(self, card, sample, region):
        f = sample.formasi[sample.formasi["region_id"] == region]
        want = sample.applicants["formasi_id"].isin(f["formasi_id"]).sum() / f["quota"].sum()
        got = row(card, region, "applicants_per_post")
        assert got["value"] == pytest.approx(want)
        assert np.isnan(got["ci_low"]) and got["basis"] == "census"

    @pytest.mark.parametrize("region", REGIONS)
    def test_days_to_verification(self, card, sample, region):
        a = sample.applicants[applicant_region(sample) == region]
        days = (a["verified_on"] - a["registered_on"]).dt.days.dropna().to_numpy(float)
        got = row(card, region, "days_to_verification")
        assert got["value"] == pytest.approx(days.mean())
        assert np.isnan(got["ci_low"]) and np.isnan(got["ci_high"])  # every application
        assert got["n"] == len(days)

    @pytest.mark.parametrize("region", REGIONS)
    @pytest.mark.parametrize("group", ["gender", "origin"])
    def test_impact_ratio(self, card, sample, region, group):
        a = sample.applicants[applicant_region(sample) == region]
        rates = a.groupby(group)["hired"].mean()
        sizes = a.groupby(group).size()
        lowest = rates.idxmin()
        got = row(card, region, f"impact_ratio_{group}")
        assert got["value"] == pytest.approx(rates.min() / rates.max())
        assert got["group"] == lowest
        assert got["n"] == min(sizes[lowest], sizes[rates.idxmax()])
        assert got["band"] == ("adverse" if rates.min() / rates.max() < 0.8 else "ok")

    @pytest.mark.parametrize("region", ["bangko", "batanghari", "pauh"])
    def test_panel_icc_against_pingouin(self, card, sample, region):
        a = sample.applicants[applicant_region(sample) == region]
        r = sample.assessments[sample.assessments["applicant_id"].isin(a["applicant_id"])].copy()
        r["stage"] = r["stage"].replace({"in_depth_interview": "interview"})
        r = r[r["stage"] == "interview"]
        r["seat"] = r.groupby("applicant_id").cumcount()
        want = pg.intraclass_corr(r, targets="applicant_id", raters="seat", ratings="rating")
        want = want.set_index("Type").loc["ICC(1,k)"]
        got = row(card, region, "panel_icc_interview")
        assert got["value"] == pytest.approx(want["ICC"])
        assert (got["ci_low"], got["ci_high"]) == pytest.approx(tuple(want["CI95"]), abs=0.01)
        assert got["n"] == r["applicant_id"].nunique()

    # -- outcomes --------------------------------------------------------------------------

    @pytest.mark.parametrize("region", REGIONS)
    def test_mean_skp_latest_year(self, card, sample, region):
        employees = sample.employees[sample.employees["region_id"] == region]
        perf = sample.performance[sample.performance["employee_id"].isin(employees["employee_id"])]
        latest = perf[perf["year"] == perf["year"].max()]
        score = latest["skp_rating"].map(rules.SKP_SCORE).to_numpy(float)
        got = row(card, region, "mean_skp")
        assert got["value"] == pytest.approx(score.mean())
        assert np.isnan(got["ci_low"]) and got["basis"] == "census"  # every rated employee
        recruits = employees.dropna(subset=["applicant_id"])["employee_id"]
        mine = latest[latest["employee_id"].isin(recruits)]["skp_rating"].map(rules.SKP_SCORE)
        assert row(card, region, "mean_skp_recruits")["value"] == pytest.approx(mine.mean())
        assert row(card, region, "mean_skp_recruits")["n"] == len(mine)

    @pytest.mark.parametrize("region", REGIONS)
    def test_ikm_latest_survey(self, card, sample, region):
        units = sample.units.loc[sample.units["region_id"] == region, "unit_id"]
        skm = sample.skm[sample.skm["unit_id"].isin(units)]
        skm = skm[skm["survey_date"].dt.year == skm["survey_date"].dt.year.max()]
        answers = skm[[f"u{i}" for i in range(1, 10)]].dropna().to_numpy(float)
        want = 25 * answers.mean()  # 25 x mean of the nine element means (PermenPANRB 14/2017)
        got = row(card, region, "ikm")
        assert got["value"] == pytest.approx(want)
        assert got["n"] == len(answers)
        band = next(b.code for b in rules.IKM_BANDS if b.lower <= round(want, 2) <= b.upper)
        assert got["band"] == band

    @pytest.mark.parametrize("region", ["bangko", "pauh"])
    def test_validity_is_method_validity_of_the_region(self, card, sample, region):
        want = validity.method_validity(sample.for_region(region), n_boot=N_BOOT, seed=0)
        for r in want.itertuples():
            got = row(card, region, f"validity_{r.predictor}")
            assert got["value"] == pytest.approx(r.corrected)
            assert (got["ci_low"], got["ci_high"]) == pytest.approx((r.ci_low, r.ci_high))
            assert got["n"] == r.n

    def test_merit_block_is_merit_indicators(self, card, sample):
        want = merit.merit_indicators(sample)
        got = card.merge(want, on=["region_id", "indicator"], suffixes=("", "_merit"))
        assert len(got) == len(want)
        shown = ~got["suppressed"]
        np.testing.assert_allclose(got.loc[shown, "value"], got.loc[shown, "value_merit"])
        estimated = shown & (got["basis"] == "sample")
        assert estimated.any()
        np.testing.assert_allclose(got.loc[estimated, "ci_low"], got.loc[estimated, "ci_low_merit"])

    def test_time_to_hire_not_measured(self, card):
        reasons = card.attrs["not_measured"]
        assert "hire_year" in reasons["time_to_hire"]
        assert "time_to_hire" not in set(card["indicator"])
        assert {"pay_awards_discipline", "protection_and_services"} <= set(reasons)

    def test_wide(self, card):
        wide = compare.scorecard_wide(card)
        assert wide.index.tolist() == list(REGIONS)
        assert wide.shape[1] == card["indicator"].nunique()
        assert wide.loc["pauh", ("selection", "online_registration_share")] == pytest.approx(
            row(card, "pauh", "online_registration_share")["value"]
        )
        assert wide.attrs["not_measured"] == card.attrs["not_measured"]

    def test_wide_option(self, sample):
        wide = compare.scorecard(sample.for_region("pauh"), n_boot=5, wide=True)
        assert wide.index.tolist() == ["pauh"]


class TestGapMeasures:
    """Issue 16, finding 2: page 04 uses the one vocabulary of gap measures
    (workforce.gap_measures), so that it reads as one story with page 01: Bangko has a gross
    shortage rate of about 8 % and at the same time a net surplus of about 229 FTE."""

    @pytest.mark.parametrize("region", REGIONS)
    def test_each_measure_is_gap_measures_of_the_region(self, card, sample, region):
        gap = workforce.staffing_gap(sample.for_region(region))
        want = workforce.gap_measures(gap).loc[region]
        for indicator in ("net_balance", "gross_shortage", "gross_surplus", "shortage_rate"):
            assert row(card, region, indicator)["value"] == pytest.approx(want[indicator])
            assert row(card, region, indicator)["basis"] == "census"
        # independent: the definitions on the positions
        pos = gap[gap["level"] == "position"]
        assert want["net_balance"] == pytest.approx(
            pos["required_fte"].sum() - pos["headcount"].sum()
        )
        short = (pos["required_fte"] - pos["headcount"]).clip(lower=0).sum()
        assert row(card, region, "shortage_rate")["value"] == pytest.approx(
            short / pos["required_fte"].sum()
        )

    def test_bangko_short_and_in_surplus_at_once(self, card):
        assert row(card, "bangko", "net_balance")["value"] == pytest.approx(-229.2, abs=0.05)
        assert row(card, "bangko", "shortage_rate")["value"] == pytest.approx(0.082, abs=0.001)
        assert row(card, "bangko", "net_balance")["unit"] == "fte"


class TestCensusAndSample:
    """Issue 16, finding 10: census figures carry no interval, sample estimates do."""

    def test_census_rows_have_no_interval(self, card):
        census = card[card["indicator"].isin(compare.CENSUS)]
        assert (census["basis"] == "census").all()
        assert census[["ci_low", "ci_high"]].isna().all().all()

    def test_estimates_keep_their_interval(self, card):
        estimates = card[(card["basis"] == "sample") & card["value"].notna()]
        assert set(estimates["indicator"]) >= {"ikm", "impact_ratio_gender", "validity_tiu"}
        assert estimates[["ci_low", "ci_high"]].notna().all().all()


class TestRegionKinds:
    def test_from_the_data_not_from_the_id(self, sample):
        regions = sample.regions.assign(
            kind=np.where(sample.regions["region_id"] == "pauh", "kota", "kabupaten")
        )
        kinds = compare.region_kinds(dataclasses.replace(sample, regions=regions))
        assert kinds["pauh"] == "kota" and kinds["bukittinggi"] == "kabupaten"

    def test_registry_when_the_data_has_none(self, sample):
        kinds = compare.region_kinds(dataclasses.replace(sample, regions=None))
        assert kinds["pauh"] == "kecamatan" and kinds["bukittinggi"] == "kota"

    def test_in_the_card(self, card):
        assert card.attrs["kinds"]["pauh"] == "kecamatan"


def synthetic_card(values, lows, highs, indicator="ikm", basis="sample") -> pd.DataFrame:
    regions = [f"r{i}" for i in range(len(values))]
    return pd.DataFrame(
        {
            "region_id": regions,
            "domain": "outcomes",
            "indicator": indicator,
            "value": values,
            "ci_low": lows,
            "ci_high": highs,
            "n": 100,
            "unit": "ikm",
            "basis": basis,
            "suppressed": False,
        }
    )


class TestStanding:
    def test_rank_one_is_the_highest_and_ties_share(self):
        card = synthetic_card([80.0, 82.0, 82.0, 70.0], [np.nan] * 4, [np.nan] * 4)
        got = compare.standing(card, "r1").iloc[0]
        assert got["rank"] == 1 and got["regions"] == 4
        assert compare.standing(card, "r3").iloc[0]["rank"] == 4

    def test_suppressed_and_missing_values_are_not_ranked(self):
        card = synthetic_card([80.0, np.nan, 82.0], [np.nan] * 3, [np.nan] * 3)
        card.loc[2, "suppressed"] = True
        got = compare.standing(card, "r0").iloc[0]
        assert got["rank"] == 1 and got["regions"] == 1
        assert pd.isna(compare.standing(card, "r1").iloc[0]["rank"])

    def test_unknown_region(self):
        with pytest.raises(ValueError, match="not in the scorecard"):
            compare.standing(synthetic_card([1.0], [0.0], [2.0]), "nowhere")


class TestDifferences:
    def test_mover_against_its_formula(self):
        card = synthetic_card([0.30, 0.20], [0.25, 0.12], [0.36, 0.30])
        got = compare.differences(card, "r0").iloc[0]
        d = 0.10
        assert got["difference"] == pytest.approx(d)
        assert got["ci_low"] == pytest.approx(d - np.hypot(0.30 - 0.25, 0.30 - 0.20))
        assert got["ci_high"] == pytest.approx(d + np.hypot(0.36 - 0.30, 0.20 - 0.12))

    def test_proportions_match_newcombe(self):
        """For two Wilson intervals, MOVER is Newcombe's (1998) method 10; his example 1
        (56/70 against 48/80) gives 0.0524 to 0.3339."""
        (l1, h1), (l2, h2) = (
            proportion_confint(56, 70, method="wilson"),
            proportion_confint(48, 80, method="wilson"),
        )
        card = synthetic_card([56 / 70, 48 / 80], [l1, l2], [h1, h2])
        got = compare.differences(card, "r0").iloc[0]
        assert (got["ci_low"], got["ci_high"]) == pytest.approx((0.0524, 0.3339), abs=5e-4)

    def test_census_rows_have_no_difference_interval(self, card):
        diffs = compare.differences(card, "pauh")
        assert not diffs["indicator"].isin(compare.CENSUS).any()
        assert "ikm" in set(diffs["indicator"])


class TestPolicyDifferences:
    """What the simulator encodes from the regions' documents shows up in the scorecard."""

    def test_online_share_follows_the_portal(self, card, sample):
        truth = sample.truth["regions"].set_index("region_id")["online_share"]
        for region in REGIONS:
            got = row(card, region, "online_registration_share")
            assert got["value"] == pytest.approx(truth[region], abs=0.06), region
        pauh = row(card, "pauh", "online_registration_share")["value"]
        for region in ("bangko", "batanghari", "bukittinggi"):  # policies with a portal
            assert row(card, region, "online_registration_share")["value"] > pauh + 0.2

    def test_panels(self, card, sample):
        truth = sample.truth["regions"].set_index("region_id")["panel_type"]
        for region in ("bangko", "batanghari", "pauh"):
            assert row(card, region, "panel_icc_interview")["group"] == truth[region]
        assert row(card, "bukittinggi", "panel_icc_interview")["n"] == 0  # CAT-SKB only
        # external panel more reliable than an internal one (simulator ICC .60 vs .40)
        bangko = row(card, "bangko", "panel_icc_interview")
        batanghari = row(card, "batanghari", "panel_icc_interview")
        assert bangko["ci_low"] > batanghari["ci_high"]
        external = {r: row(card, r, "external_panel_share")["value"] for r in REGIONS}
        assert external["bangko"] == 1 and external["pauh"] == 1 and external["batanghari"] == 0
        assert np.isnan(external["bukittinggi"])

    def test_stages_used(self, card):
        used = card[card["indicator"].str.startswith("validity_") & (card["n"] > 0)]
        stages = used.groupby("region_id")["indicator"].agg(set)
        assert "validity_skb_psych" in stages["batanghari"]
        assert "validity_skb_competency" in stages["bangko"] & stages["pauh"]
        assert stages["bukittinggi"] == {f"validity_{s}" for s in ("twk", "tiu", "tkp", "skb_cat")}

    def test_feedback_and_promotion(self, card):
        peer = {r: row(card, r, "peer_feedback_share")["value"] for r in REGIONS}
        assert peer == {"bangko": 0, "batanghari": 0, "pauh": 1, "bukittinggi": 0}
        citizen = {r: row(card, r, "citizen_feedback_share")["value"] for r in REGIONS}
        assert citizen["bangko"] == 1 and citizen["pauh"] == 1 and citizen["batanghari"] == 0
        assert row(card, "bangko", "merit_promotion_share")["value"] == 1


class TestSuppression:
    def test_small_cells_hidden(self, sample):
        card = compare.scorecard(sample, n_boot=5, small_cell_min=20)
        pauh = row(card, "pauh", "validity_tiu")  # 13 hires
        assert pauh["suppressed"] and np.isnan(pauh["value"]) and pd.isna(pauh["n"])
        assert np.isnan(pauh["ci_low"]) and np.isnan(pauh["ci_high"])
        shown = card[~card["suppressed"]]
        assert ((shown["n"] == 0) | (shown["n"] >= 20)).all()

    def test_tiny_dataset_runs_and_hides_almost_everything(self):
        tiny = ap.from_tables(tiny_tables(), source="tests")
        card = compare.scorecard(tiny, n_boot=5)
        shown = card[~card["suppressed"] & card["value"].notna()]
        assert ((shown["n"] == 0) | (shown["n"] >= 5)).all()
        assert "validity" in card.attrs["not_measured"]


class TestMissingTables:
    def test_not_measured_instead_of_errors(self, sample):
        ds = dataclasses.replace(sample, skm=None, assessments=None, promotions=None)
        card = compare.scorecard(ds, n_boot=5)
        reasons = card.attrs["not_measured"]
        assert "skm" in reasons["ikm"] and "assessments" in reasons["panel_icc"]
        assert "promotions" in reasons["merit_promotion_share"]
        assert not card["indicator"].isin(["ikm", "merit_promotion_share"]).any()
        assert not card["indicator"].str.startswith("panel_icc").any()

    def test_only_workforce_tables(self, sample):
        keep = ("regions", "units", "positions", "workload", "employees")
        ds = dataclasses.replace(sample, **{name: None for name, _ in sample if name not in keep})
        card = compare.scorecard(ds, n_boot=5)
        assert set(card["domain"]) == {"needs", "merit"}
        assert {"validity", "mean_skp", "days_to_verification"} <= set(card.attrs["not_measured"])

    def test_an_empty_table_is_an_absent_table(self, sample):
        """Issue 17: a template's empty sheet is no data."""
        ds = dataclasses.replace(sample, skm=sample.skm.iloc[0:0])
        card = compare.scorecard(ds, n_boot=5)
        assert card.attrs["needs"]["ikm"] == ("skm",)
        assert "ikm" not in set(card["indicator"])

    def test_needs_name_the_absent_tables(self, sample):
        ds = dataclasses.replace(sample, workload=None, promotions=None)
        needs = compare.scorecard(ds, n_boot=5).attrs["needs"]
        assert needs["shortage_rate"] == needs["gross_surplus"] == ("workload",)
        assert needs["merit_promotion_share"] == ("promotions",)  # from merit_indicators


class TestDomainNeeds:
    def test_nothing_lacking_on_the_sample(self, card):
        assert all(compare.domain_needs(card, d) == [] for d in compare.DOMAINS)

    def test_smallest_alternatives(self, sample):
        keep = ("regions", "units", "positions", "workload", "employees")
        ds = dataclasses.replace(sample, **{name: None for name, _ in sample if name not in keep})
        card = compare.scorecard(ds, n_boot=5)
        assert compare.domain_needs(card, "needs") == []
        assert compare.domain_needs(card, "selection") == [("applicants", "formasi")]
        # IKM needs the survey; SKP needs performance (validity needs more: not listed)
        assert compare.domain_needs(card, "outcomes") == [("performance",), ("skm",)]

    def test_unknown_domain(self, card):
        with pytest.raises(ValueError, match="Unknown domain"):
            compare.domain_needs(card, "budget")

    @pytest.mark.parametrize(
        ("name", "domain"),
        [("validity_tiu", "outcomes"), ("validity", "outcomes"), ("panel_icc", "selection"),
         ("time_to_hire", "selection"), ("applicants_per_post", "selection"),
         ("merit_promotion_share", "merit"), ("retirements", "needs")],
    )  # fmt: skip
    def test_domain_of(self, name, domain):
        assert compare.domain_of(name) == domain


def test_notebook_runs_for_one_region(sample, tmp_path):
    import papermill as pm

    data = sample.save(tmp_path / "sample")
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(
        str(ROOT / "notebooks" / "04_region_comparison.ipynb"),
        str(out),
        parameters={"region": "batanghari", "data_dir": str(data), "lang": "en", "n_boot": 20},
        kernel_name="python3",
        cwd=str(ROOT),
        progress_bar=False,
    )
    nb = json.loads(out.read_text())
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"]
    text = "\n".join(
        "".join(o.get("data", {}).get(kind, ""))
        for o in outputs
        for kind in ("text/markdown", "text/html", "text/plain")
    )
    assert "# Region Comparison: Batanghari beside Bangko, Pauh and Bukittinggi" in text
    assert "Synthetic data" in text and "Data sintetis" not in text
    assert "Batanghari is highlighted in every chart" in text
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 4  # needs, selection, outcomes, merit
    assert not re.search(r"\b[ea]\d{5,}\b", text)  # no pseudonymous person ids
    stored = json.loads((ROOT / "notebooks" / "04_region_comparison.ipynb").read_text())
    assert all(not c.get("outputs") for c in stored["cells"] if c["cell_type"] == "code")
