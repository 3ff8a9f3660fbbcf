"""Policy simulation: reproduces the official hires and recovers the truth's differences."""

from __future__ import annotations

import numpy as np
import pytest
from simulator_truth import rating_probabilities, training_boost

from asnpolicy import designs, rules
from asnpolicy.designs import (
    SelectionPolicy,
    meta_analytic_validities,
    simulate,
)
from asnpolicy.range_restriction import pearson_lawley
from asnpolicy.synth import generate
from asnpolicy.validity import recruit_outcomes, within_year

POLICIES = [
    SelectionPolicy("official", {"cat": 0.6, "competency": 0.4}),
    SelectionPolicy("cat_only", {"cat": 1.0}),
    SelectionPolicy(
        "with_interview", {"cat": 0.4, "competency": 0.3, "interview": 0.3}, official=False
    ),
    SelectionPolicy("skd_only", {"cat": 1.0}, skd_weight=1.0, official=False),
]
SCORES = ["twk", "tiu", "tkp", "skb_cat", "skb_competency", "skb_interview"]


@pytest.fixture(scope="module")
def bangko():
    return generate(regions=["bangko"], seed=2026)


@pytest.fixture(scope="module")
def result(bangko):
    return simulate(bangko, POLICIES, n_boot=300, seed=1).set_index("policy")


def truth_implied_differences(ds) -> dict[str, float]:
    """Each policy's hires' E[Y | scores] (fitted on the whole applicant pool's would-be
    scores in the truth) minus the baseline's, in SKP points via the truth's SKP-on-Y slope."""
    latent = ds.truth["applicant_latent"].set_index("applicant_id")
    track = ds.applicants["formasi_id"].map(ds.formasi.set_index("formasi_id")["track"])
    a = ds.applicants[track.eq("cpns")]
    pool = (
        a.set_index("applicant_id")[["twk", "tiu", "tkp"]]
        .join(latent[["skb_cat", "panel_competency", "panel_interview", "performance"]])
        .dropna()
    )
    x = np.column_stack([np.ones(len(pool)), pool.drop(columns="performance").astype(float)])
    beta = np.linalg.lstsq(x, pool["performance"].to_numpy(), rcond=None)[0]
    recruits = recruit_outcomes(ds, SCORES)
    slope = np.polyfit(
        latent["performance"].reindex(recruits["applicant_id"]), recruits["performance"], 1
    )[0]
    means = {}
    for p in POLICIES:
        chosen = p.select(a, ds.formasi)
        xs = np.column_stack([np.ones(chosen.sum()), a.loc[chosen, SCORES].astype(float)])
        means[p.name] = (xs @ beta).mean()
    return {name: (m - means["official"]) * slope for name, m in means.items()}


def test_the_official_policy_reproduces_the_hires(result):
    assert result.loc["official", "overlap"] == 1.0
    assert result.loc["skd_only", "overlap"] < 0.8


def test_differences_match_what_the_truth_implies(bangko, result):
    for name, implied in truth_implied_differences(bangko).items():
        row = result.loc[name]
        assert row["diff_ci_low"] <= implied <= row["diff_ci_high"], (name, implied)


def test_order_follows_validity(result):
    # interviews by external panels (.42) > competency assessment (.29) > CAT only > SKD only
    order = result["expected_skp"].sort_values(ascending=False).index.tolist()
    assert order == ["with_interview", "official", "cat_only", "skd_only"]
    assert result.loc["cat_only", "diff_ci_high"] < 0 < result.loc["with_interview", "diff_ci_low"]


def test_adverse_impact_columns(result):
    assert (result["min_impact_ratio_gender"] <= 1).all()
    assert result["adverse_origin"].dtype == bool


def test_official_designs_respect_the_limits(bangko):
    with pytest.raises(ValueError, match="interview may not be the extra test"):
        simulate(bangko, [SelectionPolicy("bad", {"cat": 0.6, "interview": 0.4})], n_boot=5)


def test_stage_nobody_took_cannot_be_evaluated():
    ds = generate(regions=["bukittinggi"], seed=3, scale=0.3)  # CAT-SKB only
    with pytest.raises(designs.DesignDataError, match="No applicant has a score") as err:
        simulate(ds, [SelectionPolicy("x", {"cat": 0.6, "competency": 0.4})], n_boot=5)
    assert err.value.code == "scores_not_recorded"
    assert err.value.needs == ("applicants.skb_competency",)


def test_costs_and_utility(bangko):
    costs = {"skd": 100_000, "cat": 100_000, "competency": 1_500_000, "interview": 500_000}
    got = simulate(
        bangko, POLICIES[:3], n_boot=20, stage_costs=costs, sd_y=40e6, tenure_years=20
    ).set_index("policy")
    # same SKD takers and SKB participants under each design; the SKB stages differ
    n_skd = got.loc["cat_only", "cost"] - got.loc["cat_only", "n_skb"] * 100_000
    assert got.loc["official", "cost"] == pytest.approx(
        n_skd + got.loc["official", "n_skb"] * 1_600_000
    )
    assert got.loc["official", "utility"] == 0.0
    # utility = gain (sign of the SKP difference) minus the extra cost
    gain = got["utility"] + (got["cost"] - got.loc["official", "cost"])
    assert (np.sign(gain) == np.sign(got["difference"])).all()


# --- success ratio ------------------------------------------------------------------------


def truth_success(ds, policy) -> float:
    """Share of the policy's hires' years the truth rates Baik or better: each hire's exact
    probability given their latent performance plus the training every recruit receives."""
    recruits = ds.employees.dropna(subset=["applicant_id"])
    usual_boost = recruits["employee_id"].map(training_boost(ds)).mode()[0]
    latent = ds.truth["applicant_latent"].set_index("applicant_id")["performance"]
    track = ds.applicants["formasi_id"].map(ds.formasi.set_index("formasi_id")["track"])
    a = ds.applicants[track.eq("cpns")]
    y = latent.reindex(a.loc[policy.select(a, ds.formasi), "applicant_id"]) + usual_boost
    p = rating_probabilities(y)
    good = [label for label in rules.SKP_LABELS if rules.SKP_SCORE[label] >= 4]
    return float(sum(p[label] for label in good).mean())


def test_success_ratio_recovers_the_truth(bangko, result):
    for p in POLICIES:
        row = result.loc[p.name]
        truth = truth_success(bangko, p)
        assert row["success_ci_low"] <= truth <= row["success_ci_high"], (p.name, truth)
        assert 0 <= row["success_ci_low"] <= row["success_ratio"] <= row["success_ci_high"] <= 1


def test_success_threshold_is_checked(bangko):
    with pytest.raises(ValueError, match="success must be one of"):
        simulate(bangko, POLICIES[:1], n_boot=5, success="Good")


# --- supplied validities ------------------------------------------------------------------


def truth_pool(ds):
    """Every CPNS SKD taker's SKD z-scores (within year), would-be SKB scores and latent
    performance, from the truth."""
    info = ds.formasi.set_index("formasi_id")
    a = ds.applicants[ds.applicants["formasi_id"].map(info["track"]).eq("cpns")]
    a = a[a["twk"].notna()]
    latent = ds.truth["applicant_latent"].set_index("applicant_id")
    pool = within_year(a[["twk", "tiu", "tkp"]], a["formasi_id"].map(info["year"])).set_index(
        a["applicant_id"]
    )
    pool = pool.join(latent[["skb_cat", "panel_competency", "panel_interview", "performance"]])
    return pool.rename(
        columns={"panel_competency": "skb_competency", "panel_interview": "skb_interview"}
    ).astype(float)


@pytest.fixture(scope="module")
def supplied(bangko):
    pool = truth_pool(bangko)
    validities = pool[SCORES].corrwith(pool["performance"]).to_dict()
    got = simulate(bangko, POLICIES, validities=validities, n_boot=300, seed=2)
    return pool, got.set_index("policy")


def test_supplied_validities_recover_the_truth(bangko, supplied):
    """With the pool's true validities, each policy's expected standardised performance
    contains what the truth's best linear prediction gives its hires."""
    pool, got = supplied
    assert got.attrs["scale"] == "sd"
    x = np.column_stack([np.ones(len(pool)), pool[SCORES]])
    beta = np.linalg.lstsq(x, pool["performance"], rcond=None)[0]
    y_mean, y_sd = pool["performance"].mean(), pool["performance"].std()
    track = bangko.applicants["formasi_id"].map(bangko.formasi.set_index("formasi_id")["track"])
    a = bangko.applicants[track.eq("cpns")]
    for p in POLICIES:
        hires = a.loc[p.select(a, bangko.formasi), "applicant_id"]
        hires = hires[hires.isin(pool.index)]
        xs = np.column_stack([np.ones(len(hires)), pool.loc[hires, SCORES]])
        truth = ((xs @ beta).mean() - y_mean) / y_sd
        row = got.loc[p.name]
        assert row["ci_low"] <= truth <= row["ci_high"], (p.name, truth)
    # the interview carries the most information, SKD alone the least
    order = got["expected_z"].sort_values().index.tolist()
    assert order == ["skd_only", "cat_only", "official", "with_interview"]


def test_supplied_success_ratio_follows_taylor_russell(supplied):
    _, got = supplied
    # hires well above the pool's mean succeed more often than the base rate (0.5)
    assert (got["success_ci_low"] > 0.5).all()
    assert got["success_ratio"].is_monotonic_increasing == got["expected_z"].is_monotonic_increasing


def test_meta_analytic_validities_need_twk(bangko):
    validities = meta_analytic_validities(panel="external")
    assert validities["skb_interview"] == 0.42 and validities["tiu"] == 0.31
    with pytest.raises(ValueError, match="validities lacks twk"):
        simulate(bangko, POLICIES, validities=validities, n_boot=5)
    got = simulate(bangko, POLICIES, validities={**validities, "twk": 0.1}, n_boot=20)
    assert got.set_index("policy")["expected_z"].idxmax() == "with_interview"


class TestPearsonLawley:
    def test_recovers_the_unselected_moments(self):
        """Select the top 30 % on x1 + x2; the correction from the selected's y recovers the
        full sample's mean and covariance of y (an independent computation)."""
        rng = np.random.default_rng(5)
        cov = np.array([[1.0, 0.3, 0.5, 0.2], [0.3, 1.0, 0.4, 0.3], [0.5, 0.4, 1.0, 0.4]])
        cov = np.vstack([cov, [0.2, 0.3, 0.4, 1.0]])
        full = rng.multivariate_normal([0, 1, 2, 3], cov, 400_000)
        score = full[:, 0] + full[:, 1]
        chosen = score >= np.quantile(score, 0.7)
        later = np.where(chosen[:, None], full[:, 2:], np.nan)
        mean, got = pearson_lawley(full[:, :2], later)
        np.testing.assert_allclose(mean, full.mean(axis=0), atol=0.01)
        np.testing.assert_allclose(got, np.cov(full, rowvar=False), atol=0.01)
        # the selected alone are far off
        assert abs(np.cov(full[chosen], rowvar=False)[2, 2] - 1) > 0.2


def test_the_official_design_comes_from_the_datas_own_region():
    # The region is the Dataset's, not a second argument that could disagree with it.
    both = generate(regions=["bangko", "bukittinggi"], seed=3, scale=0.3)
    bangko = designs.official_design(both.for_region("bangko"))
    assert dict(bangko.skb_weights) == {"cat": 0.6, "competency": 0.4}
    # Bukittinggi's policy names no extra test: CAT-SKB only.
    only_cat = designs.official_design(both.for_region("bukittinggi"))
    assert dict(only_cat.skb_weights) == {"cat": 1.0}
    with pytest.raises(ValueError, match="cover 2 regions"):
        designs.official_design(both)
    standard = designs.standard_designs(both.for_region("bangko"))
    assert standard[0] == bangko and [d.name for d in standard][1:3] == ["cat_only", "skd_only"]
    chosen = designs.designs_from(
        [{"name": "x", "skb_weights": {"cat": 1.0}}], both.for_region("bangko")
    )
    assert [d.name for d in chosen] == ["official", "x"]


# --- issue 16: costs that follow the stages, paired intervals, both ratios, fallback --------

COSTS = {"skd": 100_000, "cat": 100_000, "competency": 1_500_000, "interview": 500_000}


@pytest.fixture(scope="module")
def costed(bangko):
    return simulate(bangko, POLICIES, n_boot=60, seed=4, stage_costs=COSTS, sd_y=40e6)


def test_a_design_without_skb_is_charged_no_skb(costed):
    """Finding 9: SKD only was charged an SKB CAT it does not hold."""
    got = costed.set_index("policy")
    assert POLICIES[3].skb_stages() == [] and POLICIES[3].components() == ["twk", "tiu", "tkp"]
    assert got.loc["skd_only", "n_skb"] == 0
    assert got.loc["skd_only", "cost"] == got.loc["skd_only", "n_skd"] * COSTS["skd"]
    assert got.loc["skd_only", "skb_weights"] == {}
    assert got.loc["cat_only", "cost"] == pytest.approx(
        got.loc["cat_only", "n_skd"] * COSTS["skd"] + got.loc["cat_only", "n_skb"] * COSTS["cat"]
    )
    assert (got["cost_per_hire"] == got["cost"] / got["n_selected"]).all()
    assert (got["cost_difference"] == got["cost"] - got.loc["official", "cost"]).all()


def test_utility_interval_brackets_the_utility(costed):
    assert (costed["utility_ci_low"] <= costed["utility"]).all()
    assert (costed["utility"] <= costed["utility_ci_high"]).all()


def test_paired_intervals_from_the_leader(costed):
    """Every design's difference from the leader has a paired interval (the same
    resamples), so "highest" can be decided by claims.clearly_highest."""
    assert costed["leader"].sum() == 1
    leader = costed[costed["leader"]].iloc[0]
    assert leader["policy"] == costed.loc[costed["expected_skp"].idxmax(), "policy"]
    assert np.isnan(leader["lead_diff_ci_low"])
    others = costed[~costed["leader"]]
    assert (others["lead_diff_ci_low"] <= others["lead_diff_ci_high"]).all()
    # the leader's difference from each design is that design's gap to it
    gap = leader["expected_skp"] - others["expected_skp"]
    assert ((others["lead_diff_ci_low"] <= gap) & (gap <= others["lead_diff_ci_high"])).all()


def test_identical_designs_are_never_separated(bangko):
    same = [POLICIES[0], SelectionPolicy("copy", {"cat": 0.6, "competency": 0.4})]
    got = simulate(bangko, same, n_boot=30)
    assert (got["diff_ci_low"] == 0).all() and (got["diff_ci_high"] == 0).all()
    follower = got[~got["leader"]].iloc[0]
    assert follower["lead_diff_ci_low"] == 0  # not above 0: no "highest"


def test_both_fairness_ratios_with_intervals(costed):
    """Finding 9: the gender ratio (0.76 for CAT only) was hidden behind origin alone."""
    for group, codes in (("gender", {"female", "male"}), ("origin", {"local", "non_local"})):
        ratio = costed[f"min_impact_ratio_{group}"]
        assert (costed[f"impact_ci_low_{group}"] <= ratio).all()
        assert (ratio <= costed[f"impact_ci_high_{group}"]).all()
        assert set(costed[f"impact_group_{group}"]) <= codes
        assert (costed[f"impact_min_selected_{group}"] > 0).all()


@pytest.fixture(scope="module")
def pauh():
    return generate(regions=["pauh"], seed=2026)


class TestCompareDesigns:
    def test_falls_back_on_published_validities(self, pauh):
        """Finding 4: with too few complete recruits (Pauh), the comparison is made with
        published validities instead of left empty, and says why."""
        got = designs.compare_designs(pauh, n_boot=30, stage_costs=COSTS)
        assert len(got) >= 3
        assert got.attrs["basis"] == "published" and got.attrs["scale"] == "sd"
        assert got.attrs["reason"] == "too_few_recruits"
        assert got.attrs["n_recruits"] < got.attrs["n_needed"]
        assert got.attrs["validities"]["twk"] is None
        assert got["expected_z"].notna().all()

    def test_without_fallback_says_why_in_codes(self, pauh):
        got = designs.compare_designs(pauh, n_boot=5, fallback=False)
        assert got.empty
        assert got.attrs["reason"] == "too_few_recruits" and got.attrs["n_recruits"] >= 0
        assert "Only" not in str(got.attrs)  # codes and numbers, no English sentence

    def test_records_basis(self, bangko):
        got = designs.compare_designs(bangko, n_boot=5)
        assert got.attrs["basis"] == "records" and got.attrs["scale"] == "skp"

    def test_too_few_recruits_is_a_design_data_error(self, pauh):
        with pytest.raises(designs.DesignDataError, match="too few for a model") as err:
            simulate(pauh, POLICIES, n_boot=5)
        assert err.value.code == "too_few_recruits"
        assert err.value.counts["n_recruits"] < err.value.counts["n_needed"]


def test_a_score_without_validity_gets_no_weight(bangko):
    """TWK has no published analogue: None gives it no weight of its own (the model runs,
    and differs from one with a guessed TWK validity)."""
    base = meta_analytic_validities("external")
    none = simulate(bangko, POLICIES[:2], validities={**base, "twk": None}, n_boot=10)
    guess = simulate(bangko, POLICIES[:2], validities={**base, "twk": 0.3}, n_boot=10)
    assert none["expected_z"].notna().all()
    assert not np.allclose(none["expected_z"], guess["expected_z"])


def test_standard_designs_have_no_duplicate():
    ds = generate(regions=["bukittinggi"], seed=3, scale=0.3)  # official = CAT only
    names = [d.name for d in designs.standard_designs(ds)]
    assert names == ["official", "skd_only"]


# --- issue 17: the official design from the region's policy; specs; partial data -----------

import pandas as pd  # noqa: E402

from asnpolicy import Dataset  # noqa: E402
from asnpolicy.insufficient import NotEnoughData  # noqa: E402


@pytest.fixture(scope="module")
def small():
    return generate(regions=["bukittinggi"], seed=3, scale=0.3)


def with_tables(ds: Dataset, **tables) -> Dataset:
    """``ds`` with tables replaced (None drops one)."""
    kept = {**ds.tables(), **tables}
    return Dataset(**{k: v for k, v in kept.items() if v is not None})


def policy_row(region: str, **values) -> pd.DataFrame:
    return pd.DataFrame([{"region_id": region, **values}])


class TestOfficialDesign:
    def test_declared_weights_come_first(self, small):
        ds = with_tables(
            small,
            region_policies=policy_row(
                "bukittinggi", cat_weight=0.7, extra_test="competency", extra_weight=0.3
            ),
        )
        design = designs.official_design(ds)
        assert dict(design.skb_weights) == {"cat": 0.7, "competency": 0.3}
        assert design.basis == "declared" and design.official
        assert designs.audited_weights(ds) == {"cat": 0.7, "competency": 0.3}

    def test_declared_outside_the_rules_is_kept_and_marked(self, small):
        ds = with_tables(
            small,
            region_policies=policy_row(
                "bukittinggi", cat_weight=0.6, extra_test="interview", extra_weight=0.4
            ),
        )
        design = designs.official_design(ds)
        assert dict(design.skb_weights) == {"cat": 0.6, "interview": 0.4}
        assert design.basis == "declared" and not design.official

    def test_registry_profile_without_a_policy_row(self):
        ds = generate(regions=["bangko"], seed=3, scale=0.3)
        design = designs.official_design(with_tables(ds, region_policies=None))
        assert design.basis == "registry"
        assert dict(design.skb_weights) == {"cat": 0.6, "competency": 0.4}

    def test_off_registry_region_is_assumed_and_not_audited_against(self, small):
        renamed = {}
        for name, frame in small.tables().items():
            if name in ("regions", "region_policies"):
                continue
            frame = frame.copy()
            if "region_id" in frame:
                frame["region_id"] = "kerinci"
            renamed[name] = frame
        ds = Dataset(**renamed)
        design = designs.official_design(ds)
        assert design.basis == "assumed" and dict(design.skb_weights) == {"cat": 1.0}
        assert designs.audited_weights(ds) is None


class TestDesignsFrom:
    def test_yaml_dicts_as_papermill_gives_them(self, small):
        got = designs.designs_from(
            [{"name": "cat_interview", "skb_weights": {"cat": 0.6, "interview": 0.4}}], small
        )
        assert [d.name for d in got] == ["official", "cat_interview"]
        assert dict(got[1].skb_weights) == {"cat": 0.6, "interview": 0.4}
        assert got[1].official is False  # the interview is not a regional extra test

    def test_yaml_text_and_one_dict(self, small):
        text = "[{name: cat_psych, skb_weights: {cat: 0.6, psych: 0.4}}]"
        got = designs.designs_from(text, small)
        assert got[1].name == "cat_psych" and got[1].official is True
        one = designs.designs_from({"name": "x", "skb_weights": {"cat": 1}}, small)
        assert [d.name for d in one] == ["official", "x"]

    @pytest.mark.parametrize(
        ("spec", "message"),
        [
            (42, "must be a list of designs"),
            (["cat"], "must be a dict with a name and skb_weights"),
            ([{"skb_weights": {"cat": 1.0}}], "needs a name"),
            ([{"name": "x"}], "needs skb_weights"),
            ([{"name": "x", "skb_weights": "cat"}], "needs skb_weights"),
            ([{"name": "x", "skb_weights": {"cats": 1.0}}], "unknown SKB component"),
            ([{"name": "x", "skb_weights": {"cat": 0.5}}], "sum to 1"),
            ([{"name": "x", "skb_weights": {"cat": "a lot"}}], "must be numbers"),
            ([{"name": "x", "weights": {"cat": 1.0}}], "unknown field"),
            ([{"name": "official", "skb_weights": {"cat": 1.0}}], "used twice"),
            ("[{name: x, skb_weights: {cat: 1", "not readable YAML"),
        ],
    )
    def test_malformed_specs_say_what_to_change(self, small, spec, message):
        with pytest.raises(ValueError, match=message) as err:
            designs.designs_from(spec, small)
        assert not isinstance(err.value, TypeError)


class TestDefaultSdY:
    def test_no_annual_cost(self, small):
        positions = small.positions.drop(columns="annual_cost")
        with pytest.raises(NotEnoughData) as err:
            designs.default_sd_y(with_tables(small, positions=positions))
        assert err.value.code == "no_annual_cost"
        assert err.value.needs == ("positions.annual_cost",)

    def test_filled_but_not_for_the_positions_opened(self, small):
        positions = small.positions.copy()
        opened = positions["position_id"].isin(small.formasi["position_id"])
        positions.loc[opened, "annual_cost"] = None
        with pytest.raises(NotEnoughData) as err:
            designs.default_sd_y(with_tables(small, positions=positions))
        assert err.value.code == "formasi_positions_without_cost"
        assert err.value.counts["n_with_cost"] == int((~opened).sum())

    def test_value(self, small):
        cost = small.formasi["position_id"].map(
            small.positions.set_index("position_id")["annual_cost"]
        )
        assert designs.default_sd_y(small) == pytest.approx(rules.SDY_SHARE_OF_PAY * cost.median())


class TestPartialData:
    def test_published_validities_need_no_performance_records(self, small):
        ds = with_tables(small, employees=None, performance=None)
        got = designs.compare_designs(ds, n_boot=5)
        assert got.attrs["basis"] == "published" and len(got)
        assert got.attrs["needs"] == ("employees", "performance")

    def test_without_applicants_it_is_not_enough_data(self, small):
        with pytest.raises(NotEnoughData) as err:
            designs.compare_designs(with_tables(small, applicants=None), n_boot=5)
        assert err.value.code == "tables" and "applicants" in err.value.needs

    def test_unrecorded_scores_leave_an_empty_table_saying_which(self, small):
        ds = with_tables(small, applicants=small.applicants.drop(columns="skb_cat"))
        got = designs.compare_designs(ds, n_boot=5)
        assert got.empty and got.attrs["reason"] == "scores_not_recorded"
        assert "applicants.skb_cat" in got.attrs["needs"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Pauh's sample with published validities at 0, 50 and 200 resamples."""
    pauh = ap_load("pauh", tmp_path_factory.mktemp("sample"))
    validities = {**meta_analytic_validities("mixed"), "twk": 0.15}
    return {n: designs.compare_designs(pauh, validities=validities, n_boot=n) for n in (0, 50, 200)}


class TestPublishedValiditiesNeverFailForOneResample:
    """Issue 17 item 11: on Pauh (few recruits) the published validities failed at 200
    resamples because one resample implied a multiple correlation of 1 or more."""

    def test_point_estimate_from_the_full_sample(self, runs):
        for n in (0, 50):
            np.testing.assert_allclose(runs[n]["expected_z"], runs[200]["expected_z"])
        assert runs[0]["ci_low"].isna().all()
        assert runs[200]["ci_low"].notna().all()

    def test_redrawn_resamples_are_counted(self, runs):
        assert runs[200].attrs["n_boot_redrawn"] >= 1
        assert runs[50].attrs["n_boot_redrawn"] >= 0

    def test_a_real_failure_is_the_full_samples(self, small):
        too_high = {c: 0.9 for c in ("twk", "tiu", "tkp", "skb_cat")}
        got = designs.compare_designs(small, validities=too_high, n_boot=5)
        assert got.empty and got.attrs["reason"] == "validities_inconsistent"


def ap_load(region: str, folder) -> Dataset:
    """``region`` of the sample (seed 2026), written and read as a user's files are (the
    sample is not in a fresh clone: ``make data`` writes it)."""
    import asnpolicy as ap

    return ap.load_dataset(ap.synth.generate(seed=2026).save(folder / "sample"), region=region)
