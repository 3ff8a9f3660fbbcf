"""Merit indicators: hand-computed values on the tiny dataset, intervals against statsmodels and
scipy, and the simulator's policy differences between regions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import tiny_tables
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson

import asnpolicy as ap
from asnpolicy import merit, rules
from asnpolicy.synth import generate


@pytest.fixture(scope="module")
def sample():
    return generate(seed=2026)


@pytest.fixture(scope="module")
def sample_indicators(sample):
    return merit.merit_indicators(sample)


def value(frame: pd.DataFrame, region: str, indicator: str) -> pd.Series:
    rows = frame[(frame["region_id"] == region) & (frame["indicator"] == indicator)]
    assert len(rows) == 1, (region, indicator)
    return rows.iloc[0]


class TestMeritIndicators:
    # Hand-computed from tests/conftest.py::tiny_tables (bangko: e1, e2; pauh: e3).
    @pytest.mark.parametrize(
        ("region", "indicator", "want", "n"),
        [
            # f1 (2024, p1): ABK 20/day x 60 + 5/week x 30 min = 4.1 FTE, nobody in post -> short.
            ("bangko", "formasi_in_short_positions", 1.0, 1),
            # f2 (2019, p3): 4/month x 120 min = 0.077 FTE, below half a post -> not short.
            ("pauh", "formasi_in_short_positions", 0.0, 1),
            ("bangko", "positions_with_abk", 1.0, 2),
            ("pauh", "positions_with_abk", 1.0, 1),
            ("bangko", "online_registration_share", 1.0, 2),  # a1, a2 online
            ("pauh", "online_registration_share", 0.0, 1),  # a3 offline
            ("bangko", "applicants_per_post", 2.0, 1),
            ("pauh", "applicants_per_post", 1.0, 1),
            ("bangko", "competitive_formasi_share", 0.0, 1),  # 2 < 3 per post
            ("bangko", "external_panel_share", 1.0, 1),  # a1 external; a2 no panel
            ("pauh", "external_panel_share", 1.0, 1),  # a3 mixed
            ("bangko", "merit_promotion_share", 1.0, 1),  # e2 open selection
            # SKP due for 2024-2025 from e2 (hired 1995, BUP 60 in 2028) and e3 (hired 2020);
            # e1 (hired 2025) is not yet due. e2 has both, e3 none.
            ("bangko", "skp_coverage", 1.0, 2),
            ("pauh", "skp_coverage", 0.0, 2),
            ("bangko", "peer_feedback_share", 2 / 3, 3),
            ("bangko", "citizen_feedback_share", 2 / 3, 3),  # both units front-line
            # training period 2025: e1 trained (120 h), e2 not; e3 not.
            ("bangko", "trained_share", 0.5, 2),
            ("pauh", "trained_share", 0.0, 1),
            ("bangko", "training_hours_per_employee", 60.0, 2),
            ("pauh", "training_hours_per_employee", 0.0, 1),
            ("bangko", "employee_records_complete", 1.0, 2),
            ("pauh", "employee_records_complete", 0.0, 1),  # e3 has no competency levels
        ],
    )
    def test_hand_computed(self, tiny, region, indicator, want, n):
        row = value(merit.merit_indicators(tiny), region, indicator)
        assert row["value"] == pytest.approx(want)
        assert row["n"] == n

    def test_indicators_without_data_are_empty_not_zero(self, tiny):
        got = merit.merit_indicators(tiny)
        for region, indicator in [
            ("pauh", "merit_promotion_share"),  # no promotions in pauh
            ("pauh", "peer_feedback_share"),  # no ratings in pauh
            ("bangko", "promoted_prior_skp_difference"),  # promotion in 2015, no 2014 rating
        ]:
            row = value(got, region, indicator)
            assert np.isnan(row["value"]) and row["n"] == 0

    def test_shares_carry_statsmodels_wilson_intervals(self, sample, sample_indicators):
        shares = sample_indicators[sample_indicators["unit"] == "share"].dropna(subset=["value"])
        assert len(shares) > 30
        successes = np.round(shares["value"] * shares["n"]).to_numpy()
        low, high = proportion_confint(successes, shares["n"].to_numpy(), method="wilson")
        assert shares["ci_low"].to_numpy() == pytest.approx(low, abs=1e-9)
        assert shares["ci_high"].to_numpy() == pytest.approx(high, abs=1e-9)

    def test_applicants_per_post_has_the_exact_poisson_interval(self, sample, sample_indicators):
        row = value(sample_indicators, "pauh", "applicants_per_post")
        f = sample.formasi[sample.formasi["region_id"] == "pauh"]
        count = sample.applicants["formasi_id"].isin(f["formasi_id"]).sum()
        posts = f["quota"].sum()
        want = confint_poisson(count, posts, method="exact-c")  # Garwood
        assert row["value"] == pytest.approx(count / posts)
        assert row["n"] == posts
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(want)

    def test_promoted_prior_skp_matches_scipy_welch(self, sample, sample_indicators):
        score = sample.performance.assign(
            score=sample.performance["skp_rating"].map(rules.SKP_SCORE)
        )
        promoted = sample.promotions[["employee_id", "year"]].drop_duplicates()
        promoted = promoted.assign(year=promoted["year"] - 1, promoted=True)
        prior = score[score["year"].isin(promoted["year"])].merge(
            promoted, on=["employee_id", "year"], how="left"
        )
        e = sample.employees
        prior = prior[prior["employee_id"].isin(e.loc[e["region_id"] == "bangko", "employee_id"])]
        yes = prior.loc[prior["promoted"].eq(True), "score"]
        no = prior.loc[~prior["promoted"].eq(True), "score"]
        test = stats.ttest_ind(yes, no, equal_var=False)
        low, high = test.confidence_interval()
        row = value(sample_indicators, "bangko", "promoted_prior_skp_difference")
        assert row["value"] == pytest.approx(yes.mean() - no.mean())
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))
        assert row["n"] == len(yes)

    def test_one_row_per_region_and_indicator_with_known_aspects(self, sample, sample_indicators):
        got = sample_indicators
        assert list(got.columns) == [
            "region_id",
            "aspect",
            "indicator",
            "value",
            "ci_low",
            "ci_high",
            "n",
            "unit",
            "rests_on",
        ]
        assert not got.duplicated(["region_id", "indicator"]).any()
        assert set(got["region_id"]) == set(sample.region_ids())
        assert set(got["aspect"]) <= set(rules.MERIT_ASPECTS)
        assert got["rests_on"].str.len().min() > 40
        assert set(got.attrs["not_measured"]) == {
            "pay_awards_discipline",
            "protection_and_services",
        }
        shares = got[got["unit"] == "share"].dropna(subset=["value"])
        assert shares["value"].between(0, 1).all()
        assert (shares["ci_low"] <= shares["value"] + 1e-12).all()
        assert (shares["value"] <= shares["ci_high"] + 1e-12).all()

    def test_merit_promotion_region_promotes_on_merit_more(self, sample, sample_indicators):
        # The simulator's merit regions choose among open selection, competency assessment and
        # talent pool; the others also use seniority and direct appointment.
        flags = sample.truth["regions"].set_index("region_id")["merit_promotion"]
        got = sample_indicators[sample_indicators["indicator"] == "merit_promotion_share"]
        got = got.set_index("region_id")
        merit_low = got.loc[flags[flags].index, "ci_low"].min()
        other_high = got.loc[flags[~flags].index, "ci_high"].max()
        assert flags.any() and (~flags).any()
        assert merit_low > other_high

    def test_needs_based_regions_open_more_formasi_where_short(self, sample, sample_indicators):
        # Needs-based regions (batanghari, pauh) open formasi where shortages remain; the others
        # in proportion to size. Pooled over each kind of region the share differs clearly.
        # Region by region only batanghari stands out: pauh (a kecamatan, about 20 formasi
        # lines) fills its one understaffed unit in 2019 and then has little shortage left.
        flags = sample.truth["regions"].set_index("region_id")["needs_based"]
        got = sample_indicators[sample_indicators["indicator"] == "formasi_in_short_positions"]
        got = got.set_index("region_id")
        short = (got["value"] * got["n"]).round()
        pooled = short.groupby(flags).sum() / got["n"].groupby(flags).sum()
        low, _ = proportion_confint(short[flags].sum(), got["n"][flags].sum(), method="wilson")
        _, high = proportion_confint(short[~flags].sum(), got["n"][~flags].sum(), method="wilson")
        assert pooled[True] > pooled[False] and low > high
        assert got.loc["batanghari", "ci_low"] > got.loc[flags[~flags].index, "ci_high"].max()

    def test_feedback_shares_follow_the_regions_practices(self, sample_indicators, sample):
        info = sample.truth["regions"].set_index("region_id")
        for region in info.index:  # four regions
            peer = value(sample_indicators, region, "peer_feedback_share")["value"]
            citizen = value(sample_indicators, region, "citizen_feedback_share")["value"]
            assert peer == float(info.loc[region, "peer_feedback"])
            assert citizen == float(info.loc[region, "citizen_feedback"])

    def test_missing_tables_are_named_not_raised(self):
        tables = tiny_tables()
        del tables["promotions"], tables["training"]
        got = merit.merit_indicators(ap.from_tables(tables))
        assert "merit_promotion_share" not in set(got["indicator"])
        assert "promotions" in got.attrs["not_measured"]["merit_promotion_share"]
        assert "training" in got.attrs["not_measured"]["training_hours_per_employee"]

    def test_competitive_threshold_is_a_parameter(self, tiny):
        got = merit.merit_indicators(tiny, min_applicants_per_post=2)
        assert value(got, "bangko", "competitive_formasi_share")["value"] == 1.0


class TestMeritSummary:
    def test_wide_table_matches_the_long_one(self, sample, sample_indicators):
        wide = merit.merit_summary(sample)
        assert list(wide.index) == sample.region_ids()
        long = sample_indicators.set_index(["region_id", "aspect", "indicator"])["value"]
        for (aspect, indicator), column in wide.items():
            for region, v in column.items():
                want = long.loc[(region, aspect, indicator)]
                assert v == pytest.approx(want, nan_ok=True)
        aspects = list(dict.fromkeys(wide.columns.get_level_values("aspect")))
        assert aspects == [a for a in rules.MERIT_ASPECTS if a in aspects]
        assert wide.attrs["not_measured"] == sample_indicators.attrs["not_measured"]


class TestOnPartialData:
    """Issue 17: an empty table is an absent one; with nothing to measure, a coded gap."""

    def test_nothing_measurable_is_a_coded_gap(self, sample):
        from asnpolicy.insufficient import NotEnoughData

        only = ap.Dataset(units=sample.units, skm=sample.skm)
        assert merit.merit_indicators(only).empty
        with pytest.raises(NotEnoughData) as err:
            merit.merit_indicators(only, require_any=True)
        assert err.value.code == "merit_none"

    def test_an_empty_table_counts_as_absent(self, sample):
        tables = {**sample.tables(), "training": sample.training.iloc[:0]}
        out = merit.merit_indicators(ap.Dataset(**tables))
        assert "trained_share" not in set(out["indicator"])
        assert "trained_share" in out.attrs["not_measured"]
