"""The recruitment funnel: hand-made counts, Wilson intervals, and the simulator's truth."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import tiny_tables
from statsmodels.stats.proportion import proportion_confint

import asnpolicy as ap
from asnpolicy import funnel
from asnpolicy.synth import assumptions as A
from asnpolicy.synth import generate


@pytest.fixture(scope="module")
def sample():
    return generate(seed=2026)


class TestWilson:
    @pytest.mark.parametrize(("s", "n"), [(0, 10), (3, 10), (10, 10), (417, 1000)])
    def test_matches_statsmodels(self, s, n):
        low, high = funnel.wilson_interval(s, n)
        want = proportion_confint(s, n, method="wilson")
        assert (float(low), float(high)) == pytest.approx(want, abs=1e-12)


class TestFunnel:
    def test_hand_made(self):
        # tiny: a1 (2024, passes SKD, hired), a2 (fails admin), a3 (2019 cumlaude: 495 >= 271,
        # TIU 175 >= 85, hired). Both formasi have quota 1, so both passers reach SKB.
        ds = ap.from_tables(tiny_tables())
        got = funnel.funnel(ds).set_index("stage")["n"].to_dict()
        assert got == {"registered": 3, "administration": 2, "skd": 2, "skb": 2, "selected": 2}

    def test_rates_and_intervals(self, sample):
        got = funnel.funnel(sample).set_index("stage")
        skd = got.loc["skd"]
        assert skd["rate_from_start"] == pytest.approx(skd["n"] / skd["n_start"])
        assert skd["ci_low"] < skd["rate_from_start"] < skd["ci_high"]
        assert got.loc["selected", "n"] == sample.applicants["hired"].sum()
        assert (np.diff(got["n"].to_numpy()) <= 0).all()  # a funnel narrows

    def test_by_group_adds_up(self, sample):
        by_mode = funnel.funnel(sample, by="registration_mode")
        total = funnel.funnel(sample).set_index("stage")["n"]
        assert (by_mode.groupby("stage")["n"].sum().loc[total.index] == total).all()
        by_year = funnel.funnel(sample, by=["year", "track"])
        assert set(by_year["year"]) == {2019, 2021, 2023, 2024}


class TestRegistrationModes:
    def test_recovers_the_document_error_rates(self, sample):
        got = funnel.registration_modes(sample).set_index(["registration_mode", "measure"])
        for mode in ("online", "offline"):
            row = got.loc[(mode, "doc_errors")]
            assert row["ci_low"] <= A.DOC_ERRORS_MEAN[mode] <= row["ci_high"]
        assert (
            got.loc[("offline", "verification_days"), "mean"]
            > 2 * got.loc[("online", "verification_days"), "mean"]
        )


class TestPartialData:
    """Issue 17: an applicants table without some columns never stops with a KeyError."""

    def test_missing_needed_columns_are_not_enough_data(self):
        ds = ap.Dataset(**tiny_tables())
        ds = ap.Dataset(**{**ds.tables(), "applicants": ds.applicants.drop(columns="hired")})
        with pytest.raises(ap.insufficient.NotEnoughData) as err:
            funnel.funnel(ds)
        assert err.value.needs == ("applicants.hired",)
        no_dates = ap.Dataset(
            **{**ds.tables(), "applicants": tiny_tables()["applicants"].drop(columns="verified_on")}
        )
        with pytest.raises(ap.insufficient.NotEnoughData) as err:
            funnel.registration_modes(no_dates)
        assert err.value.needs == ("applicants.verified_on",)

    def test_unrecorded_score_columns_count_as_not_taken(self):
        tables = tiny_tables()
        full = funnel.funnel(ap.Dataset(**tables)).set_index("stage")["n"]
        skb = [c for c in tables["applicants"] if c.startswith(("skb_", "pppk_"))]
        tables["applicants"] = tables["applicants"].drop(columns=skb)
        got = funnel.funnel(ap.Dataset(**tables)).set_index("stage")["n"]
        # the SKB ranking rests on the SKD; hires are the recorded ones
        assert got[["registered", "administration", "skd", "skb", "selected"]].tolist() == (
            full[["registered", "administration", "skd", "skb", "selected"]].tolist()
        )
