"""Policy simulation: reproduces the official hires and recovers the truth's differences."""

from __future__ import annotations

import numpy as np
import pytest

from asnpolicy.policies import SelectionPolicy, simulate
from asnpolicy.stage_information import recruit_outcomes
from asnpolicy.synth import generate

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
    with pytest.raises(ValueError, match="too few for a model"):
        simulate(ds, [SelectionPolicy("x", {"cat": 0.6, "competency": 0.4})], n_boot=5)


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
