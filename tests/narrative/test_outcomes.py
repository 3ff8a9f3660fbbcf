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
        assert "best predicts later performance is Interview: corrected correlation 0.45" in text
        assert "Compared with internal panel, methods with a clear difference" in text
        assert "external panel 0.30 [0.10; 0.50]" in text
        assert "1 of 2 surveyed units need remedial training" in text
        assert "weakest element: U3 Completion time" in text


class TestValidityTable:
    def test_headers_and_intervals(self, validity):
        table = outcomes.validity_table(validity, lang="en")
        assert list(table.columns) == [
            "stage", "n", "observed among those hired", "u", "SKP reliability",
            "corrected (applicants, true performance)",
        ]  # fmt: skip
        assert table["stage"].tolist() == ["TIU (general intelligence)", "Interview"]
        assert table.iloc[1, -1] == "0.45 [0.10; 0.70]"


class TestEffectsTable:
    def test_reference_has_no_effect(self, effects):
        table = outcomes.effects_table(effects, lang="id")
        assert table["metode"].tolist() == ["panel internal", "panel eksternal"]
        assert table["selisih disesuaikan"].tolist() == ["-", "0,30 [0,10; 0,50]"]
        assert table["p"].tolist() == ["-", "0,004"]

    def test_reason_when_empty(self):
        empty = pd.DataFrame()
        empty.attrs["reason"] = "one method only"
        assert outcomes.effects_table(empty, lang="en").iloc[0, 0] == "one method only"


class TestTriggersTable:
    def test_headers_lower_case(self, triggers):
        table = outcomes.triggers_table(triggers, lang="en")
        assert list(table.columns[:3]) == ["unit", "year", "n"]
        assert list(outcomes.triggers_table(triggers, lang="id").columns[:3]) == [
            "unit", "tahun", "n",
        ]  # fmt: skip

    def test_values_and_small_cells(self, triggers):
        table = outcomes.triggers_table(triggers, lang="en")
        first, second = table.iloc[0], table.iloc[1]
        assert first["IKM"] == "70.50 [68.00; 73.00]" and first["band"] == "C"
        assert first["trigger"] == "band C/D" and first["weakest element"] == "U3 Completion time"
        assert first["sample (Krejcie-Morgan)"] == "enough"
        assert first["head missed target"] == "yes" and first["staff below expectation"] == "<5"
        assert second["IKM"] == "<5" and second["band"] == "<5"  # 3 respondents
        assert second["sample (Krejcie-Morgan)"] == "short (needs 80)"
        assert second["head missed target"] == "-" and second["change"] == "-"

    def test_element_in_indonesian(self, triggers):
        table = outcomes.triggers_table(triggers, lang="id")
        assert table["unsur terlemah"].tolist() == [
            "U3 Waktu penyelesaian",
            "U9 Sarana dan prasarana",
        ]


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
