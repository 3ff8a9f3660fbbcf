"""Published IKMs (table ``ikm_published``): reconciling a published figure with the exact one,
and their use in the trend, the feedback triggers and the regional scorecard when no survey
answers are held (issue 18)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from asnpolicy import Dataset
from asnpolicy.compare import scorecard
from asnpolicy.outcomes import feedback_triggers, ikm_changes
from asnpolicy.satisfaction import (
    ELEMENTS,
    ikm,
    ikm_trend,
    ikm_trend_with_published,
    published_ikm_trend,
    reconcile_published_ikm,
)
from asnpolicy.synth import generate

NRR = [f"nrr_{u}" for u in ELEMENTS]

#: GASPUL's worked example (rennn9/GASPUL_BACKEND, rumus_perhitungan_ikm_lengkap.md): 29
#: respondents, the count of each answer per element, its NRRs as printed (4 decimals), its
#: published IKM 90.56 and the exact 91.48 (955 / 261 x 25).
GASPUL_COUNTS = {  # element: {answer: respondents}
    "u1": {4: 18, 3: 11},
    "u2": {4: 14, 3: 15},
    "u3": {4: 15, 3: 12, 2: 2},
    "u4": {4: 29},
    "u5": {4: 15, 3: 14},
    "u6": {4: 18, 3: 11},
    "u7": {4: 19, 3: 10},
    "u8": {4: 18, 3: 11},
    "u9": {4: 28, 3: 1},
}
GASPUL_NRR = [3.6207, 3.4828, 3.4483, 4.0000, 3.5172, 3.6207, 3.6552, 3.6207, 3.9655]


def gaspul_answers() -> pd.DataFrame:
    """The 29 respondents of GASPUL's example (each element's answers as counted; how they
    pair across elements does not change any NRR)."""
    answers = {
        u: np.repeat(list(counts), list(counts.values())) for u, counts in GASPUL_COUNTS.items()
    }
    out = pd.DataFrame(answers)
    out["unit_id"] = "gaspul"
    out["survey_date"] = pd.Timestamp("2025-08-01")
    return out


def nrr_table(nrr: list[float], ikm_value: float | None = None, **more) -> pd.DataFrame:
    row = {"unit_id": ["u"], "year": [2024], **{c: [v] for c, v in zip(NRR, nrr, strict=True)}}
    if ikm_value is not None:
        row["ikm"] = [ikm_value]
    return pd.DataFrame({**row, **{k: [v] for k, v in more.items()}})


class TestReconcilePublishedIkm:
    def test_gaspul_from_its_nrr_table(self):
        out = reconcile_published_ikm(nrr_table(GASPUL_NRR, 90.56)).iloc[0]
        assert sum(GASPUL_NRR) == pytest.approx(32.9311, abs=1e-9)
        assert out["ikm_exact_rounded"] == 91.48  # GASPUL's own "91.48"
        assert out["ikm_practice"] == 91.38  # 32.9311 x 0.111 x 25 = 91.3838 (real-exports A5)
        assert out["ikm_published"] == 90.56
        assert out["difference"] == pytest.approx(-0.92)
        assert out["practice_difference"] == pytest.approx(-0.82)
        # its table multiplies every NRR by 0.11 (3.6207 x 0.11 = 0.3983): 32.9311 x 0.11 x 25
        assert out["explained_by"] == "0.11/half_up"
        assert out["mutu_exact"] == out["mutu_practice"] == out["mutu_published"] == "A"
        assert not out["practice_band_flip"] and not out["published_band_flip"]

    def test_gaspul_from_the_answers(self):
        published = pd.DataFrame({"unit_id": ["gaspul"], "year": [2025], "ikm": [90.56]})
        out = reconcile_published_ikm(gaspul_answers(), published).iloc[0]
        assert out["n"] == 29
        assert out["sum_nrr"] == pytest.approx(955 / 29)
        assert out["ikm_exact"] == pytest.approx(955 / 261 * 25)  # 91.4751
        assert out["ikm_exact_rounded"] == 91.48
        assert out["ikm_practice"] == 91.38  # 91.3836 truncated
        assert out["explained_by"] == "0.11/half_up"  # 90.5603

    def test_weight_0_1111(self):
        out = reconcile_published_ikm(gaspul_answers(), weight=0.1111).iloc[0]
        assert out["ikm_practice"] == 91.46  # 955 / 29 x 0.1111 x 25 = 91.4659
        assert out["ikm_practice"] == np.floor(955 / 29 * 0.1111 * 25 * 100) / 100
        assert np.isnan(out["ikm_published"]) and pd.isna(out["published_band_flip"])
        assert pd.isna(out["explained_by"])

    def test_truncation_77_375(self):
        """77.375 is printed 77.37 by truncation, 77.38 rounded half up (real-exports A5)."""
        nrr = [3.095] * 9  # 25 x 3.095 = 77.375
        out = reconcile_published_ikm(nrr_table(nrr, 77.37), weight=1 / 9).iloc[0]
        assert out["ikm_exact"] == pytest.approx(77.375)
        assert out["ikm_exact_rounded"] == 77.38
        assert out["ikm_practice"] == 77.37
        assert out["explained_by"] == "1/9/truncate"
        half_up = reconcile_published_ikm(nrr_table(nrr), weight=1 / 9, rounding="half_up")
        assert half_up.loc[0, "ikm_practice"] == 77.38

    def test_exact_figure_is_explained_by_the_regulation(self):
        out = reconcile_published_ikm(nrr_table(GASPUL_NRR, 91.48)).iloc[0]
        assert out["explained_by"] == "1/9/half_up"
        assert out["difference"] == 0

    def test_band_flip_near_88_31(self):
        nrr = [3.5332] * 9  # exact 88.33 (A); 0.111: 31.7988 x 0.111 x 25 = 88.2417 (B)
        out = reconcile_published_ikm(nrr_table(nrr, 88.24)).iloc[0]
        assert out["ikm_exact_rounded"] == 88.33 and out["mutu_exact"] == "A"
        assert out["ikm_practice"] == 88.24 and out["mutu_practice"] == "B"
        assert out["practice_band_flip"] and out["published_band_flip"]

    def test_band_flip_near_76_61(self):
        nrr = [3.0648] * 9  # exact 76.62 (B); practice 76.53 (C)
        out = reconcile_published_ikm(nrr_table(nrr)).iloc[0]
        assert (out["mutu_exact"], out["mutu_practice"]) == ("B", "C")
        assert out["practice_band_flip"]

    def test_groups_on_one_side_only_are_kept(self):
        published = pd.DataFrame(
            {"unit_id": ["gaspul", "other"], "year": [2025, 2025], "ikm": [90.56, 80.0]}
        )
        out = reconcile_published_ikm(gaspul_answers(), published).set_index("unit_id")
        assert np.isnan(out.loc["other", "ikm_exact"])
        assert out.loc["other", "mutu_published"] == "B"
        assert pd.isna(out.loc["other", "published_band_flip"])
        assert pd.isna(out.loc["other", "n"])

    def test_published_without_nrr_cannot_be_recomputed(self):
        with pytest.raises(ValueError, match="cannot be recomputed"):
            reconcile_published_ikm(pd.DataFrame({"unit_id": ["u"], "year": [2024], "ikm": [80]}))

    def test_bad_options(self):
        with pytest.raises(ValueError, match="rounding"):
            reconcile_published_ikm(nrr_table(GASPUL_NRR), rounding="down")
        with pytest.raises(ValueError, match="weight"):
            reconcile_published_ikm(nrr_table(GASPUL_NRR), weight=0)


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return generate(regions=["pauh", "bangko"], years=(2023, 2024), scale=0.3)


def published_from(skm: pd.DataFrame) -> pd.DataFrame:
    """An ikm_published table computed from the answers, exactly (1/9, half up)."""
    answers = skm.assign(year=pd.to_datetime(skm["survey_date"]).dt.year)
    table = ikm(answers, by=["unit_id", "year"])
    return table[["unit_id", "year", "ikm", *NRR, "n"]].assign(
        ikm=table["ikm_rounded"], source="hasil_ikm.xlsx"
    )


class TestPublishedIkmTrend:
    def test_change_and_no_interval(self):
        published = pd.DataFrame(
            {"unit_id": ["a", "a", "b"], "year": [2023, 2024, 2024], "ikm": [80.5, 76.2, 90.0]}
        )
        out = published_ikm_trend(published).set_index(["unit_id", "year"])
        assert out.loc[("a", 2024), "change"] == pytest.approx(-4.3)
        assert out.loc[("a", 2024), "previous_year"] == 2023
        assert out.loc[("a", 2024), "mutu"] == "C"
        assert out[["ci_low", "ci_high", "p_change", "change_ci_low"]].isna().all().all()
        assert out["significant_drop"].isna().all() and out["n"].isna().all()
        assert (out["source"] == "published").all()

    def test_columns_are_those_of_ikm_trend(self, sample):
        published = published_from(sample.skm)
        own = ikm_trend(sample.skm)
        got = published_ikm_trend(published)
        assert list(got.columns) == [*own.columns, "source"]
        pd.testing.assert_frame_equal(
            got[["unit_id", "year", "ikm_rounded", "mutu", "weakest_element"]],
            own[["unit_id", "year", "ikm_rounded", "mutu", "weakest_element"]],
            check_dtype=False,
        )
        assert (got["n"].to_numpy() == own["n"].to_numpy()).all()
        population = sample.units.set_index("unit_id")["service_population"]
        with_population = published_ikm_trend(published, population=population)
        assert "required_n" in with_population and "below_required" in with_population

    def test_ikm_from_nrr_when_not_published(self):
        table = nrr_table(GASPUL_NRR, n=29)
        got = published_ikm_trend(table).iloc[0]
        assert got["ikm"] == pytest.approx(25 * sum(GASPUL_NRR) / 9)
        assert got["weakest_element"] == "u3" and got["n"] == 29

    def test_pooled_by_respondents_when_every_n_is_known(self):
        published = pd.DataFrame(
            {"region_id": ["r", "r"], "year": [2024, 2024], "ikm": [80.0, 90.0], "n": [100, 300]}
        )
        got = published_ikm_trend(published, by="region_id").iloc[0]
        assert got["ikm"] == pytest.approx((80 * 100 + 90 * 300) / 400)
        assert got["n"] == 400
        unknown = published.assign(n=pd.array([100, None], dtype="Int64"))
        got = published_ikm_trend(unknown, by="region_id").iloc[0]
        assert got["ikm"] == pytest.approx(85.0) and pd.isna(got["n"])

    def test_a_row_without_figure_is_refused(self):
        with pytest.raises(ValueError, match="neither an IKM nor all nine"):
            published_ikm_trend(pd.DataFrame({"unit_id": ["a"], "year": [2024]}))


class TestIkmTrendWithPublished:
    def test_answers_only_is_ikm_trend(self, sample):
        got = ikm_trend_with_published(sample.skm, None)
        pd.testing.assert_frame_equal(got.drop(columns="source"), ikm_trend(sample.skm))
        assert (got["source"] == "responses").all()

    def test_published_only(self, sample):
        published = published_from(sample.skm)
        got = ikm_trend_with_published(None, published)
        pd.testing.assert_frame_equal(got, published_ikm_trend(published))

    def test_answers_win_where_both_exist(self, sample):
        got = ikm_trend_with_published(sample.skm, published_from(sample.skm))
        pd.testing.assert_frame_equal(got.drop(columns="source"), ikm_trend(sample.skm))

    def test_published_fills_other_units_and_years(self, sample):
        skm = sample.skm
        year = pd.to_datetime(skm["survey_date"]).dt.year
        years = year.groupby(skm["unit_id"]).agg(["min", "max"])
        units = sorted(years.index[years["min"] < years["max"]])  # surveyed in two years
        first, last = (int(v) for v in years.loc[units[0]])
        # unit 0: answers only in the last year; unit 1: no answers at all
        answered = skm[
            ~skm["unit_id"].eq(units[1]) & (~skm["unit_id"].eq(units[0]) | (year == last))
        ]
        published = published_from(skm)
        got = ikm_trend_with_published(answered, published).set_index(["unit_id", "year"])
        own = ikm_trend(answered).set_index(["unit_id", "year"])
        assert got.loc[units[1], "source"].eq("published").all()
        assert got.loc[(units[0], first), "source"] == "published"
        row = got.loc[(units[0], last)]
        assert row["source"] == "responses"
        assert row["ikm"] == own.loc[(units[0], last), "ikm"]
        assert row["ci_low"] == own.loc[(units[0], last), "ci_low"]
        previous = got.loc[units[0]].index[got.loc[units[0]].index < last].max()
        assert row["previous_year"] == previous
        assert row["change"] == pytest.approx(row["ikm"] - got.loc[(units[0], previous), "ikm"])
        assert np.isnan(row["p_change"]) and pd.isna(row["significant_drop"])
        # the other units' answered years are untouched
        rest = [u for u in own.index.get_level_values("unit_id").unique() if u != units[0]]
        compared = ["ikm", "ci_low", "ci_high", "change", "p_change", "significant_drop"]
        pd.testing.assert_frame_equal(
            got.loc[rest, compared], own.loc[rest, compared], check_index_type=False
        )

    def test_neither_table(self):
        with pytest.raises(ValueError, match="skm table"):
            ikm_trend_with_published(None, pd.DataFrame())


class TestFeedbackTriggersWithPublished:
    def test_answers_only_unchanged(self, sample):
        ds = Dataset(units=sample.units, skm=sample.skm)
        got = feedback_triggers(ds)
        trend = ikm_trend(sample.skm)
        latest = trend.sort_values("year").groupby("unit_id").tail(1).set_index("unit_id")
        mine = got.set_index("unit_id")
        assert (mine["source"] == "responses").all()
        for column in ("ikm", "ci_low", "ci_high", "change", "n"):
            np.testing.assert_allclose(
                mine[column].astype(float), latest.loc[mine.index, column].astype(float)
            )
        both = feedback_triggers(
            Dataset(units=sample.units, skm=sample.skm, ikm_published=published_from(sample.skm))
        )
        pd.testing.assert_frame_equal(both, got)

    def test_published_only(self, sample):
        published = published_from(sample.skm)
        got = feedback_triggers(Dataset(units=sample.units, ikm_published=published))
        assert (got["source"] == "published").all()
        assert got["ci_low"].isna().all() and got["significant_drop"].isna().all()
        assert (got["triggered"] == (got["ikm"] < 76.61)).all()
        assert set(got.loc[got["triggered"], "reason"]) <= {"low"}
        changes = ikm_changes(got)
        assert changes["change"].notna().all()

    def test_published_for_units_without_answers(self, sample):
        units = sorted(sample.skm["unit_id"].unique())
        answered = sample.skm[sample.skm["unit_id"] != units[0]]
        ds = Dataset(units=sample.units, skm=answered, ikm_published=published_from(sample.skm))
        got = feedback_triggers(ds).set_index("unit_id")
        assert got.loc[units[0], "source"] == "published"
        assert (got.drop(index=units[0])["source"] == "responses").all()

    def test_neither_is_a_coded_gap(self, sample):
        from asnpolicy.insufficient import NotEnoughData

        with pytest.raises(NotEnoughData):
            feedback_triggers(Dataset(units=sample.units))


class TestScorecardIkm:
    def test_answers_only_has_no_published_mark(self, sample):
        card = scorecard(Dataset(units=sample.units, skm=sample.skm), n_boot=5)
        rows = card[card["indicator"] == "ikm"]
        assert len(rows) == 2 and rows["group"].isna().all()
        assert rows["ci_low"].notna().all()

    def test_published_only(self, sample):
        published = published_from(sample.skm)
        card = scorecard(Dataset(units=sample.units, ikm_published=published), n_boot=5)
        rows = card[card["indicator"] == "ikm"].set_index("region_id")
        assert (rows["group"] == "published").all() and rows["ci_low"].isna().all()
        year = published["year"].max()
        latest = published[published["year"] == year].merge(sample.units, on="unit_id")
        for region, part in latest.groupby("region_id"):
            pooled = (part["ikm"] * part["n"]).sum() / part["n"].sum()
            assert rows.loc[region, "value"] == pytest.approx(pooled)
            assert rows.loc[region, "n"] == part["n"].sum()

    def test_both_keeps_the_answers(self, sample):
        only = scorecard(Dataset(units=sample.units, skm=sample.skm), n_boot=5)
        both = scorecard(
            Dataset(units=sample.units, skm=sample.skm, ikm_published=published_from(sample.skm)),
            n_boot=5,
        )
        pick = ["region_id", "value", "ci_low", "ci_high", "n", "band", "group"]
        pd.testing.assert_frame_equal(
            only.loc[only["indicator"] == "ikm", pick].reset_index(drop=True),
            both.loc[both["indicator"] == "ikm", pick].reset_index(drop=True),
        )
