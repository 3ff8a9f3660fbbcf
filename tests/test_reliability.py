"""Intraclass correlations against a published table and pingouin; panels against the truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

import asnpolicy as ap
from asnpolicy import reliability
from asnpolicy.synth import assumptions as A
from asnpolicy.synth import generate

# Shrout & Fleiss (1979), Table 1 (six targets, four judges) and Table 4 (the six ICCs).
SHROUT_FLEISS = pd.DataFrame(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
)
PUBLISHED = {"ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62, "ICC3k": 0.91}
PINGOUIN_NAMES = {
    "ICC1": "ICC(1,1)",
    "ICC2": "ICC(A,1)",
    "ICC3": "ICC(C,1)",
    "ICC1k": "ICC(1,k)",
    "ICC2k": "ICC(A,k)",
    "ICC3k": "ICC(C,k)",
}


def long(table: pd.DataFrame) -> pd.DataFrame:
    return table.stack().rename("score").rename_axis(["target", "rater"]).reset_index()


@pytest.fixture(scope="module")
def sample():
    return generate(seed=2026)


class TestIcc:
    def test_published_values(self):
        got = reliability.icc(long(SHROUT_FLEISS), "target", "rater", "score")
        assert dict(zip(got["type"], got["icc"].round(2), strict=True)) == PUBLISHED

    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_matches_pingouin(self, seed):
        rng = np.random.default_rng(seed)
        n, k = 30, 4
        true = rng.normal(0, 1, n)[:, None]
        table = pd.DataFrame(true + rng.normal(0, 0.8, (n, k)) + rng.normal(0, 0.3, k))
        data = long(table)
        got = reliability.icc(data, "target", "rater", "score").set_index("type")
        want = pg.intraclass_corr(
            data=data, targets="target", raters="rater", ratings="score"
        ).set_index("Type")
        for ours, theirs in PINGOUIN_NAMES.items():
            assert got.loc[ours, "icc"] == pytest.approx(want.loc[theirs, "ICC"], abs=1e-10)
            assert got.loc[ours, "f"] == pytest.approx(want.loc[theirs, "F"], rel=1e-10)
            assert got.loc[ours, "df1"] == want.loc[theirs, "df1"]
            assert got.loc[ours, "df2"] == want.loc[theirs, "df2"]
            assert got.loc[ours, "p_value"] == pytest.approx(
                want.loc[theirs, "pval"], rel=1e-6, abs=1e-300
            )
            low, high = want.loc[theirs, "CI95"]  # pingouin rounds to two decimals
            assert got.loc[ours, "ci_low"] == pytest.approx(low, abs=0.006)
            assert got.loc[ours, "ci_high"] == pytest.approx(high, abs=0.006)

    def test_incomplete_targets_are_left_out(self):
        data = long(SHROUT_FLEISS)
        extra = pd.DataFrame({"target": [99], "rater": [0], "score": [3]})
        got = reliability.icc(pd.concat([data, extra]), "target", "rater", "score")
        assert (got["n_targets"] == 6).all()

    def test_too_few_targets(self):
        data = long(SHROUT_FLEISS.head(1))
        with pytest.raises(ValueError, match="at least 2 targets"):
            reliability.icc(data, "target", "rater", "score")


class TestPanelReliability:
    def test_recovers_the_truth(self, sample):
        got = reliability.panel_reliability(sample).set_index(["stage", "panel"])
        external = got.loc[("interview", "external")]
        assert external["icc1_ci_low"] <= A.PANEL_ICC["external"] <= external["icc1_ci_high"]
        # internal assessors share their leniency toward locals, which adds agreed variance:
        # (ICC + b^2 p (1 - p)) / (1 + b^2 p (1 - p)) with b = 0.5, p = 0.7
        bias = A.LOCAL_BIAS_INTERNAL**2 * A.SHARE_LOCAL * (1 - A.SHARE_LOCAL)
        expected = (A.PANEL_ICC["internal"] + bias) / (1 + bias)
        internal = got.loc[("interview", "internal")]
        assert internal["icc1_ci_low"] <= expected <= internal["icc1_ci_high"]
        assert external["icc1_ci_low"] > internal["icc1_ci_high"]  # external more reliable
        assert (got["n_raters"] == A.PANEL_RATERS).all()

    def test_leniency_toward_locals(self, sample):
        got = reliability.local_leniency(sample).set_index(["stage", "assessor_type"])
        internal = got.loc[("interview", "internal")]
        bias_points = A.LOCAL_BIAS_INTERNAL * A.RATING_SCALE[1]
        assert internal["ci_low"] <= bias_points <= internal["ci_high"]
        expert = got.loc[("interview", "external_expert")]
        assert expert["ci_low"] <= 0 <= expert["ci_high"]


class TestPartialData:
    def test_too_few_complete_ratings_is_not_enough_data(self, sample):
        from asnpolicy.insufficient import NotEnoughData

        one = sample.assessments[
            sample.assessments["applicant_id"] == sample.assessments["applicant_id"].iloc[0]
        ]
        ds = ap.Dataset(**{**sample.tables(), "assessments": one})
        with pytest.raises(NotEnoughData) as err:
            reliability.panel_reliability(ds)
        assert err.value.code == "no_complete_panels"

    def test_without_the_panel_column_it_says_so(self, sample):
        from asnpolicy.insufficient import NotEnoughData

        ds = ap.Dataset(
            **{**sample.tables(), "applicants": sample.applicants.drop(columns="panel")}
        )
        with pytest.raises(NotEnoughData) as err:
            reliability.panel_reliability(ds)
        assert err.value.needs == ("applicants.panel",)
