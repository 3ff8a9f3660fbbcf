"""asnpolicy.narrative.outcomes: the words of notebook 03."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from asnpolicy.narrative import outcomes


@pytest.fixture(scope="module")
def training() -> pd.DataFrame:
    """Two providers: one with 40 participants (20 rated before and after), one with 3."""
    return pd.DataFrame(
        {
            "provider": ["university", "expert_speaker"],
            "n": [40, 3],
            "n_employees": [40, 3],
            "pre_mean": [60.0, 61.0],
            "post_mean": [69.0, 65.0],
            "gain": [9.0, 4.0],
            "gain_ci_low": [8.0, -2.0],
            "gain_ci_high": [10.0, 10.0],
            "n_switchers": [20, 2],
            "performance_effect": [0.2, 0.5],
            "performance_ci_low": [0.05, -0.4],
            "performance_ci_high": [0.35, 1.4],
            "good_rating_effect": [0.1, 0.2],
            "good_rating_ci_low": [0.01, -0.3],
            "good_rating_ci_high": [0.19, 0.7],
            "performance_note": ["", ""],
        }
    )


@pytest.fixture(scope="module")
def validity() -> pd.DataFrame:
    """Corrected validity of two scores, as :func:`asnpolicy.validity.method_validity`."""
    return pd.DataFrame(
        {
            "region_id": ["pauh", "pauh"],
            "predictor": ["tiu", "skb_interview"],
            "n": [40, 40],
            "observed": [0.1, 0.2],
            "observed_ci_low": [-0.2, -0.1],
            "observed_ci_high": [0.4, 0.5],
            "u": [0.6, 0.7],
            "criterion_reliability": [0.52, 0.52],
            "corrected": [0.3, 0.45],
            "ci_low": [-0.05, 0.1],
            "ci_high": [0.6, 0.7],
            "leader": [False, True],
            "lead_difference": [0.15, np.nan],
            "lead_difference_ci_low": [-0.1, np.nan],
            "lead_difference_ci_high": [0.4, np.nan],
        }
    )


@pytest.fixture(scope="module")
def effects() -> pd.DataFrame:
    """Method effects against internal panels, as :func:`asnpolicy.outcomes.method_effects`."""
    return pd.DataFrame(
        {
            "method": ["internal", "external"],
            "n": [30, 25],
            "mean": [3.1, 3.4],
            "effect": [0.0, 0.3],
            "ci_low": [np.nan, 0.1],
            "ci_high": [np.nan, 0.5],
            "reference": [True, False],
            "effect_sd": [0.0, 0.4],
            "p_value": [np.nan, 0.004],
        }
    )


@pytest.fixture(scope="module")
def triggers() -> pd.DataFrame:
    """Two surveyed units, as :func:`asnpolicy.outcomes.feedback_triggers`: one triggered by
    a low IKM, one resting on 3 respondents."""
    return pd.DataFrame(
        {
            "unit_id": ["u1", "u2"],
            "name": ["Puskesmas Pauh", "Kantor Camat"],
            "year": [2024, 2024],
            "n": [120, 3],
            "required_n": [100, 80],
            "below_required": [False, True],
            "ikm": [70.5, 90.0],
            "ci_low": [68.0, 85.0],
            "ci_high": [73.0, 95.0],
            "mutu": ["C", "A"],
            "change": [-4.25, np.nan],
            "change_ci_low": [-6.0, np.nan],
            "change_ci_high": [-2.5, np.nan],
            "triggered": [True, False],
            "reason": ["low", ""],
            "weakest_element": ["u3", "u9"],
            "staff_below_expectation": [2, 0],
            "remedial_kinds": ["pelaksana", ""],
            "head_missed_target": [True, None],
        }
    )


class TestOutcomesSummary:
    def test_sentences(self, validity, effects, triggers):
        text = outcomes.outcomes_summary(validity, effects, triggers, lang="en").data
        assert "Compared with internal panel, methods with a clear difference" in text
        assert "external panel 0.30 [0.10; 0.50]" in text
        assert "1 of 2 surveyed units need remedial training" in text
        assert "weakest element: U3 Completion time" in text

    def test_best_only_when_every_paired_difference_excludes_zero(self, validity, effects):
        """Finding 8: the leader's difference from TIU is 0.15 [-0.10; 0.40]: not "best"."""
        empty = effects.iloc[:0]
        text = outcomes.outcomes_summary(validity, empty, pd.DataFrame(), lang="en").data
        assert "best predicts" not in text and "not separated from TIU" in text
        assert "difference 0.15 [-0.10; 0.40]" in text
        indo = outcomes.outcomes_summary(validity, empty, pd.DataFrame(), lang="id").data
        assert "paling memprediksi kinerja kemudian adalah" not in indo
        separated = validity.assign(lead_difference_ci_low=[0.05, np.nan])
        text = outcomes.outcomes_summary(separated, empty, pd.DataFrame(), lang="en").data
        assert "The stage that best predicts later performance is Interview" in text

    def test_key_number_follows_the_same_rule(self, validity, triggers, training):
        items = dict(outcomes.outcomes_key_numbers(validity, triggers, training, lang="en").items)
        assert "Highest validity, not separated from other stages: Interview" in items
        separated = validity.assign(lead_difference_ci_low=[0.05, np.nan])
        items = dict(outcomes.outcomes_key_numbers(separated, triggers, training, lang="en").items)
        assert items["Best predictor of performance: Interview (corrected validity)"] == (
            "0.45 [0.10; 0.70]"
        )


def unit_rows(**columns) -> pd.DataFrame:
    """Surveyed units as :func:`asnpolicy.outcomes.feedback_triggers` gives them."""
    n = len(columns["ikm"])
    base = {
        "unit_id": [f"u{i}" for i in range(n)],
        "name": [f"Unit {i}" for i in range(n)],
        "year": [2025] * n,
        "n": [120] * n,
        "required_n": [100] * n,
        "mutu": ["C"] * n,
        "change": [np.nan] * n,
        "change_ci_low": [np.nan] * n,
        "change_ci_high": [np.nan] * n,
        "weakest_element": ["u3"] * n,
        "staff": [20] * n,
        "staff_below_expectation": [6] * n,
        "remedial_kinds": ["fungsional_ahli_pertama, pelaksana"] * n,
        "head_missed_target": [False] * n,
    }
    return pd.DataFrame(base | columns)


class TestRemedialVerdicts:
    """Finding 8: a trigger on an interval across the C/B cut is uncertain, listed apart; a
    fall is "clear" only when the interval of the change excludes 0; a sample below the
    Krejcie-Morgan minimum is said beside the result."""

    def test_straddling_interval_is_uncertain_not_a_trigger(self):
        rows = unit_rows(
            ikm=[76.44, 70.5, 80.0, 81.0],
            ci_low=[74.90, 68.0, 79.0, 80.0],
            ci_high=[77.97, 73.0, 81.0, 82.0],
            change=[1.0, 0.5, -1.4, -4.0],
            change_ci_low=[-0.5, -1.0, -2.7, -8.5],
            change_ci_high=[2.5, 2.0, -0.2, 0.5],
            n=[60, 120, 150, 150],
            required_n=[310, 100, 100, 100],
        )
        verdicts = outcomes.remedial_verdicts(rows)
        assert verdicts["band"].tolist() == ["uncertain", "below", "above", "above"]
        assert verdicts["change"].tolist() == ["flat", "flat", "fell", "flat"]
        assert verdicts["status"].tolist() == ["uncertain", "train", "train", "none"]
        assert verdicts["short"].tolist() == [True, False, False, False]

    def test_table_lists_triggers_then_uncertain_then_the_rest(self):
        rows = unit_rows(
            ikm=[76.44, 70.5, 80.0, 81.0],
            ci_low=[74.90, 68.0, 79.0, 80.0],
            ci_high=[77.97, 73.0, 81.0, 82.0],
            change=[1.0, 0.5, -1.4, -4.0],
            change_ci_low=[-0.5, -1.0, -2.7, -8.5],
            change_ci_high=[2.5, 2.0, -0.2, 0.5],
            n=[60, 120, 150, 150],
            required_n=[310, 100, 100, 100],
        )
        table = outcomes.triggers_table(rows, lang="id")
        assert list(table.columns) == [
            "unit", "IKM", "mutu menurut interval", "responden dan minimal Krejcie-Morgan",
            "perubahan dari survei sebelumnya", "tindak lanjut",
        ]  # fmt: skip
        assert table["unit"].tolist() == ["Unit 1", "Unit 2", "Unit 0", "Unit 3"]
        uncertain = table.iloc[2]
        assert uncertain["IKM"] == "76,44 [74,90; 77,97]"
        assert uncertain["mutu menurut interval"].startswith("belum pasti")
        assert uncertain["tindak lanjut"].startswith("belum pasti: survei ulang")
        assert uncertain["responden dan minimal Krejcie-Morgan"] == "60 dari minimal 310: kurang"
        assert table.iloc[1]["perubahan dari survei sebelumnya"] == (
            "turun nyata: -1,40 [-2,70; -0,20]"
        )
        # a fall of 4 points whose interval includes 0 is no "turun nyata"
        assert table.iloc[3]["perubahan dari survei sebelumnya"].startswith(
            "tidak terbukti berubah"
        )
        assert table.iloc[3]["tindak lanjut"] == "-"

    def test_report_folds_the_rest_and_keeps_every_column(self):
        rows = unit_rows(
            ikm=[76.44, 70.5, 81.0],
            ci_low=[74.90, 68.0, 80.0],
            ci_high=[77.97, 73.0, 82.0],
            n=[60, 3, 150],
        )
        report = outcomes.triggers_report(rows, lang="id", small_cell_min=5)
        assert len(report.shown) == 2 and len(report.rest) == 1
        assert report.title.startswith("Unit yang disurvei")
        assert len(report.data) == 3 and len(report.data.columns) >= 18
        hidden = report.data.set_index("unit").loc["Unit 1"]
        assert hidden["IKM"] == "<5" and hidden["batas bawah"] == "<5"  # 3 respondents
        assert "fungsional ahli pertama" in report.data["jenis jabatan"].iloc[0]

    def test_hidden_small_samples(self, triggers):
        table = outcomes.triggers_table(triggers, lang="en")
        few = table.set_index("unit").loc["Kantor Camat"]
        assert few["IKM"] == "<5" and few["band by interval"] == "<5"
        assert few["respondents and Krejcie-Morgan minimum"] == "3 of at least 80: short"


class TestValidityTable:
    def test_headers_and_intervals(self, validity):
        table = outcomes.validity_table(validity, lang="en")
        assert list(table.columns) == [
            "stage", "n", "observed among those hired", "u", "SKP reliability",
            "corrected (applicants, true performance)", "highest stage minus this stage",
        ]  # fmt: skip
        assert table["stage"].tolist() == ["TIU (general intelligence)", "Interview"]
        assert table.iloc[1, -2] == "0.45 [0.10; 0.70]"
        assert table.iloc[:, -1].tolist() == ["0.15 [-0.10; 0.40]", "highest"]

    def test_region_header_in_indonesian(self, validity):
        two = pd.concat([validity, validity.assign(region_id="bangko")], ignore_index=True)
        assert outcomes.validity_table(two, lang="id").columns[0] == "daerah"


class TestEffectsTable:
    def test_reference_has_no_effect(self, effects):
        table = outcomes.effects_table(effects, lang="id")
        assert table["metode"].tolist() == ["panel internal", "panel eksternal"]
        assert table["selisih disesuaikan"].tolist() == ["-", "0,30 [0,10; 0,50]"]
        assert table["p"].tolist() == ["-", "0,004"]

    def test_reason_when_empty_is_in_the_page_language(self):
        empty = pd.DataFrame()
        empty.attrs["reason"] = "The recruitment methods in 'panel' coincide ..."
        empty.attrs["reason_code"] = "confounded"
        text = outcomes.effects_table(empty, lang="id").iloc[0, 0]
        assert text.startswith("Setiap metode hanya dipakai pada satu jalur")
        assert "panel'" not in text


class TestPooled:
    """Finding 3: a comparison resting on several regions is labelled pooled, names them,
    and says the region's own data have none when it used one panel type only."""

    def test_pooled_title_and_note(self, effects):
        pooled = effects.copy()
        pooled.attrs["regions"] = ["pauh", "bangko"]
        names = {"bangko": "Bangko", "pauh": "Pauh"}
        title = outcomes.effects_caption(pooled, names=names, lang="id")
        assert "gabungan Bangko, Pauh, perbandingan antardaerah" in title
        note = outcomes.pooled_note(pooled, "pauh", names=names, lang="id").data
        assert "menggabungkan 2 daerah (Bangko, Pauh) dan bukan hasil Pauh sendiri" in note
        own = effects.copy()
        own.attrs["regions"] = ["pauh"]
        assert outcomes.pooled_note(own, "pauh", names=names, lang="id").data == ""
        assert "gabungan" not in outcomes.effects_caption(own, region_name="Pauh", lang="id")

    def test_one_panel_type_is_said(self):
        used = pd.DataFrame(
            {
                "region_id": ["pauh", "pauh"],
                "track": ["cpns", "pppk"],
                "method": ["mixed", "none"],
                "recruits": [19, 15],
            }
        )
        empty = pd.DataFrame(columns=["method", "reference"])
        text = outcomes.panel_use_sentence(used, empty, "pauh", region_name="Pauh", lang="id")
        assert "panel campuran (CPNS 19); tanpa panel (PPPK 15)" in text
        assert "tidak ada perbandingan jenis panel di dalam Pauh" in text
        none = used.assign(method="none")
        text = outcomes.panel_use_sentence(none, empty, "pauh", region_name="Pauh", lang="en")
        assert "no recruit was selected by a panel" in text


class TestNoCodesInIndonesian:
    """Finding 7: no code (snake_case) on the Indonesian page's words."""

    def test_tables_summary_and_notes(self, validity, effects, triggers, training):
        import re

        parts = [
            outcomes.outcomes_summary(validity, effects, triggers, lang="id").data,
            *outcomes.outcomes_recommendations(validity, triggers, training, lang="id"),
            *outcomes.outcomes_methods(lang="id", n_boot=200),
            outcomes.triggers_report(triggers, lang="id").data.to_string(),
            outcomes.validity_table(validity, lang="id").to_string(),
        ]
        text = " ".join(parts)
        assert not re.findall(r"\b[a-z]+_[a-z_]+\b", text)
        assert "talent pool" not in text


class TestTrainingTable:
    def test_hides_small_groups(self, training):
        table = outcomes.training_table(training, lang="en", small_cell_min=5)
        assert table.iloc[0].tolist() == [
            "partner university", "40", "9.0 [8.0; 10.0]", "20", "0.20 [0.05; 0.35]",
            "0.10 [0.01; 0.19]",
        ]  # fmt: skip
        assert table.iloc[1, 1:].tolist() == ["<5"] * 5


class TestTrainingSummary:
    def test_names_clear_effects_only(self, training):
        text = outcomes.training_summary(training, lang="en").data
        assert "partner university 9.0 [8.0; 10.0] points (n = 40" in text
        assert "clear effect on later SKP" in text and "expert" not in text
        none = training.assign(performance_ci_low=-0.1)
        assert "No training provider" in outcomes.training_summary(none, lang="en").data


@pytest.fixture(scope="module")
def merit() -> pd.DataFrame:
    merit = pd.DataFrame(
        {
            "region_id": ["pauh"] * 3,
            "aspect": ["procurement", "procurement", "promotion_and_transfer"],
            "indicator": [
                "online_registration_share", "applicants_per_post", "merit_promotion_share",
            ],
            "value": [0.556, 12.6, 0.5],
            "ci_low": [0.51, 11.45, 0.1],
            "ci_high": [0.61, 13.87, 0.9],
            "n": [429, 34, 4],
            "unit": ["share", "applicants per post", "share"],
        }
    )  # fmt: skip
    merit.attrs["not_measured"] = {"pay_awards_discipline": "no table", "x_indicator": "y"}
    return merit


class TestMeritTable:
    def test_formats_shares_and_hides_small_n(self, merit):
        table = outcomes.merit_table(merit, lang="en")
        assert table["value (95 % interval)"].tolist() == [
            "56 [51; 61] %", "12.60 [11.45; 13.87]", "<5",
        ]  # fmt: skip
        assert table["aspect"].tolist()[0] == "procurement"


class TestMeritNotMeasured:
    def test_names_the_aspects_only(self, merit):
        sentence = outcomes.merit_not_measured(merit, lang="en").data
        assert sentence == "Not measurable from the data: pay, awards and discipline."


class TestOnPartialData:
    """Issue 17: every part of the page takes what is present; a Missing part leaves its
    sentences out and the summary names it once; a unit with too few respondents is not
    judged."""

    def test_summary_names_the_missing_parts(self, triggers):
        from asnpolicy.narrative.guard import Missing

        gap = Missing(("employees",))
        text = outcomes.outcomes_summary(
            gap, gap, triggers, used=gap, region="x", training=gap, merit=gap, lang="en"
        ).data
        assert "surveyed units" in text
        assert "the validity of the selection stages, the comparison of recruitment methods" in text
        assert "training effects and merit-system indicators" in text
        only_gaps = outcomes.outcomes_summary(gap, gap, gap, lang="id").data
        assert only_gaps.startswith("Data ini belum mendukung bagian")

    def test_key_numbers_recommendations_methods_take_what_is_present(self, triggers):
        from asnpolicy.narrative.guard import Missing

        gap = Missing(("skm",))
        assert outcomes.outcomes_key_numbers(gap, gap, gap, lang="id").items == []
        points = outcomes.outcomes_recommendations(gap, gap, gap, own_effects=gap, lang="id")
        assert len(points) == 1 and points[0].startswith("**Lengkapi data**")
        notes = outcomes.outcomes_methods(lang="en", triggers=triggers, validity=gap,
                                          effects=gap, training=gap)  # fmt: skip
        assert [n.split("**")[1] for n in notes] == [
            "IKM", "Remedial-training trigger", "Minimum sample", "What is hidden",
        ]  # fmt: skip
        assert outcomes.training_summary(gap, lang="id").data == ""

    def test_too_few_respondents_are_not_judged(self):
        rows = unit_rows(ikm=[60.0, 70.5], ci_low=[50.0, 68.0], ci_high=[70.0, 73.0], n=[3, 120])
        assert outcomes.remedial_verdicts(rows)["status"].tolist() == ["train", "train"]
        verdicts = outcomes.remedial_verdicts(rows, small_cell_min=5)
        assert verdicts["status"].tolist() == ["few", "train"]
        table = outcomes.triggers_table(rows, lang="id", small_cell_min=5)
        few = table.set_index("unit").loc["Unit 0"]
        assert few["IKM"] == "<5" and few["tindak lanjut"].startswith("responden terlalu sedikit")
        assert few["responden dan minimal Krejcie-Morgan"] == "3 dari minimal 100: kurang"
        text = outcomes.outcomes_summary(rows.iloc[:0], rows.iloc[:0], rows, small_cell_min=5,
                                         lang="id").data  # fmt: skip
        assert "1 dari 2 unit" in text and "1 memiliki kurang dari 5 responden" in text
        points = outcomes.outcomes_recommendations(rows.iloc[:0], rows, rows.iloc[:0],
                                                   small_cell_min=5, lang="id")  # fmt: skip
        assert any(p.startswith("**Survei ulang** di 1 unit") for p in points)

    def test_staff_unknown(self):
        rows = unit_rows(ikm=[70.5], ci_low=[68.0], ci_high=[73.0])
        rows = rows.assign(staff=pd.NA, staff_below_expectation=pd.array([pd.NA], "Int64"),
                           remedial_kinds="", head_missed_target=pd.NA)  # fmt: skip
        rows.attrs["staff_known"] = False
        assert "pegawai (lembar 'pegawai')" in outcomes.triggers_staff_note(rows, lang="id").data
        report = outcomes.triggers_report(rows, lang="id")
        assert report.data["kepala tidak capai target"].tolist() == ["-"]
        text = outcomes.outcomes_summary(rows.iloc[:0], rows.iloc[:0], rows, lang="en").data
        assert "Unit heads" not in text
        rows.attrs["staff_known"] = True
        assert outcomes.triggers_staff_note(rows, lang="id").data == ""

    def test_trend_sentence_counts_by_interval(self):
        rows = unit_rows(
            ikm=[70.0, 80.0, 81.0, 82.0],
            change_ci_low=[-5.0, 1.0, -1.0, -9.0],
            change_ci_high=[-1.0, 3.0, 1.0, -2.0],
            n=[120, 120, 120, 3],
        )
        text = outcomes.ikm_trend_sentence(rows, lang="en", small_cell_min=5).data
        assert "of the 3 units surveyed twice" in text
        assert "1 fell clearly, 1 rose clearly and 1 did not change clearly" in text
