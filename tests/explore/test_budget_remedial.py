"""The budget and IKM panels, driven headless: the numbers shown are those of
workforce.formasi_plan and outcomes.feedback_triggers called directly (issue 19)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from asnpolicy import outcomes, workforce
from asnpolicy.explore import (
    CUT_BANDS,
    BudgetPanel,
    RemedialPanel,
    budget_values,
    remedial_values,
)
from asnpolicy.io import Dataset
from asnpolicy.narrative.outcomes import remedial_verdicts

from .test_selection_panel import shown


@pytest.fixture(scope="module")
def budget(bangko):
    return BudgetPanel(bangko)


def test_the_budget_starts_with_every_need_funded(budget, bangko):
    plan = workforce.formasi_plan(bangko, None, years=5, keep_all=True)
    formasi = plan[plan["route"] == "formasi"]
    values = shown(budget.view.value)
    total = budget.effect.by_unit.attrs["total"]
    assert total["need"] == formasi["need"].sum()
    assert total["need_low"] <= total["need"] <= total["need_high"]
    assert budget.controls["budget"].value == total["need_high"]
    assert values["left"] == "0"
    by_unit = budget.effect.by_unit.set_index("unit_id")
    direct = formasi.groupby("unit_id")["need"].sum()
    assert by_unit["need"].sort_index().tolist() == direct.sort_index().astype(float).tolist()
    shown_units = by_unit[~by_unit["hidden"]]
    assert (shown_units["need_low"] == shown_units["need"]).all()


def test_twenty_posts(budget, bangko):
    budget.controls["budget"].value = 20
    plan = workforce.formasi_plan(
        bangko, 20, years=budget.effect.years, as_of=budget.as_of, keep_all=True
    )
    assert int(plan["planned"].sum()) == 20
    values = shown(budget.view.value)
    assert values["funded"] == "20"
    assert values == budget_values(budget.effect)
    by_unit = budget.effect.by_unit.set_index("unit_id")["planned"]
    direct = plan[plan["route"] == "formasi"].groupby("unit_id")["planned"].sum()
    pd.testing.assert_series_equal(
        by_unit.sort_index(), direct[direct.index.isin(by_unit.index)].sort_index().astype(float),
        check_names=False,
    )  # fmt: skip
    assert "Kekurangan per unit setelah rencana" in budget.view.value


def test_front_line_weight_and_horizon(budget, bangko):
    budget.controls["budget"].value = 10
    budget.controls["front_line_weight"].value = 3.0
    plan = workforce.formasi_plan(
        bangko, 10, years=budget.effect.years, as_of=budget.as_of, keep_all=True,
        front_line_weight=3.0,
    )  # fmt: skip
    assert np.array_equal(budget.effect.plan["planned"].to_numpy(), plan["planned"].to_numpy())
    budget.controls["horizon_year"].value = budget.as_of.year + 8
    assert budget.effect.years == 8
    assert shown(budget.view.value)["horizon"] == str(budget.as_of.year + 8)
    budget.controls["front_line_weight"].value = 1.5
    budget.controls["horizon_year"].value = budget.as_of.year + 5


def test_rupiah_budget(budget, bangko):
    budget.controls["budget_unit"].value = "rupiah"
    assert budget.controls["budget"].layout.display == "none"
    budget.controls["budget_rupiah"].value = 2_000.0  # Rp 2 billion a year
    if budget.effect and "planned_cost" in budget.effect.plan:
        assert budget.effect.plan["planned_cost"].sum() <= 2e9
    else:  # no annual cost: the sentence names the column
        assert 'class="ap-missing"' in budget.view.value
    budget.controls["budget_unit"].value = "positions"


def test_budget_without_workload_says_what_it_needs(pauh):
    panel = BudgetPanel(Dataset(units=pauh.units, employees=pauh.employees))
    assert panel.controls == {} and 'class="ap-missing"' in panel.view.value


def test_remedial_cut_and_sample_rule(pauh):
    panel = RemedialPanel(pauh)
    for band in CUT_BANDS:
        for rule in outcomes.SAMPLE_RULES:
            panel.controls["band"].value = band
            panel.controls["sample_rule"].value = rule
            triggers = outcomes.feedback_triggers(
                pauh, ikm_threshold=CUT_BANDS[band], sample_rule=rule
            )
            verdicts = remedial_verdicts(triggers, small_cell_min=5)
            values = shown(panel.view.value)
            assert values == remedial_values(panel.effect)
            for status in ("train", "uncertain", "few"):
                assert values[status] == str(int((verdicts["status"] == status).sum()))
    # band A with the Krejcie-Morgan minimum required: units below it are not judged
    panel.controls["band"].value = "A"
    panel.controls["sample_rule"].value = "require"
    short = panel.effect.triggers["below_required"].fillna(False).astype(bool)
    assert set(panel.effect.short_only()) == set(panel.effect.triggers.loc[short, "name"])
    if short.any():
        assert "hanya karena sampelnya di bawah minimum" in panel.view.value


def test_remedial_without_skm(pauh):
    panel = RemedialPanel(Dataset(units=pauh.units))
    assert 'class="ap-missing"' in panel.view.value


def test_sample_rule_is_checked(pauh):
    with pytest.raises(ValueError, match="sample_rule"):
        outcomes.feedback_triggers(pauh, sample_rule="maybe")


def test_a_hidden_need_is_funded_in_words(bangko):
    """Where a unit's retirement count is hidden, the posts funded are 'seluruhnya' or
    'sebagian' (a number could give the need back), and a fully funded unit leaves 0."""
    from asnpolicy.explore import BudgetChoice, budget_effect

    effect = budget_effect(bangko, BudgetChoice(budget=10_000), small_cell_min=5)
    units = effect.by_unit
    hidden = units[units["hidden"] & (units["planned"] > 0)]
    assert len(hidden)  # the sample has such units
    assert (hidden["left_low"] == 0).all() and (hidden["left_high"] == 0).all()
    panel = BudgetPanel(bangko)
    assert "seluruhnya" in panel.view.value
    assert shown(panel.view.value)["left"] == "0"


def test_report_03_words_a_required_minimum(pauh):
    """With sample_rule='require' (a scenario from the IKM panel), report 03's summary,
    recommendations and methods note say the units below the Krejcie-Morgan minimum are not
    judged, and do not call them units of fewer than five respondents."""
    from asnpolicy.narrative import outcomes as words
    from asnpolicy.narrative.guard import Missing

    triggers = outcomes.feedback_triggers(pauh, sample_rule="require")
    short = int(triggers["below_required"].fillna(False).astype(bool).sum())
    assert short  # the sample has such units
    summary = words.outcomes_summary(Missing(), Missing(), triggers, small_cell_min=5)
    text = getattr(summary, "data", str(summary))
    assert "belum dinilai" in text and "kurang dari 5 responden" not in text
    recs = " ".join(
        words.outcomes_recommendations(Missing(), triggers, Missing(), small_cell_min=5)
    )
    assert "Survei ulang sampai minimal Krejcie-Morgan" in recs
    assert "Perbesar sampel SKM" not in recs  # the same request, not made twice
    methods = " ".join(words.outcomes_methods(triggers=triggers))
    assert "Laporan ini mewajibkan minimal itu" in methods
    default = " ".join(words.outcomes_methods(triggers=outcomes.feedback_triggers(pauh)))
    assert "tetap ditampilkan" in default
