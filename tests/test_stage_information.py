"""The performance model finds the informative stages the simulator built in."""

from __future__ import annotations

import pytest

import asnpolicy as ap
from asnpolicy import rules, stage_information
from asnpolicy.synth import generate


@pytest.fixture(scope="module")
def result():
    return stage_importance_of(generate(seed=2026))


def stage_importance_of(ds):
    return stage_information.stage_importance(ds, seed=1)


def test_recruit_outcomes_are_mean_skp_scores():
    ds = generate(regions=["pauh"], seed=3)
    data = stage_information.recruit_outcomes(ds)
    perf = ds.performance.merge(ds.employees[["employee_id", "applicant_id"]])
    first = data.iloc[0]
    want = (
        perf.loc[perf["applicant_id"] == first["applicant_id"], "skp_rating"]
        .map(rules.SKP_SCORE)
        .mean()
    )
    assert first["performance"] == pytest.approx(want)


def test_model_predicts_better_than_chance(result):
    _, model = result
    assert model["r2_ci_low"] > 0
    assert model["n"] > 500


def test_valid_stages_carry_information_and_weak_ones_do_not(result):
    importance, _ = result
    imp = importance.set_index("component")
    # truth: knowledge test .40 and external interviews .42 against TWK .15 and TKP .20
    assert imp.loc["skb_cat", "ci_low"] > 0
    assert imp.loc["skb_cat", "importance"] > imp.loc["twk", "importance"]
    assert imp.loc["skb_interview", "importance"] > imp.loc["tkp", "importance"]


def test_too_few_recruits():
    ds = generate(regions=["pauh"], years=(2024,), seed=1, scale=0.2)
    small = ap.Dataset(**{**ds.tables(), "performance": ds.performance.head(3)})
    with pytest.raises(ValueError, match="Too few recruits"):
        stage_information.stage_importance(small)
