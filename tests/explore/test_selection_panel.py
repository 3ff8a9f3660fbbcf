"""The selection panel, driven headless: each widget value set in Python gives the numbers
the package's own functions give for the same design (issue 19)."""

from __future__ import annotations

import re
from html import unescape

import pandas as pd
import pytest

from asnpolicy import designs
from asnpolicy.designs import SelectionPolicy, official_design
from asnpolicy.explore import (
    SelectionPanel,
    displayed_values,
    initial_selection_choice,
    rule_breaks,
    selection_effect,
)
from asnpolicy.narrative.common import format_interval

from .conftest import STAGE_COSTS

N_BOOT = 60


def shown(html: str) -> dict[str, str]:
    """The ``ap-value`` spans of a panel's HTML, key -> text."""
    pairs = re.findall(r'<span class="ap-value" data-key="([^"]+)"[^>]*>([^<]*)</span>', html)
    return {k: unescape(v) for k, v in pairs}


@pytest.fixture(scope="module")
def panel(bangko):
    return SelectionPanel(bangko, stage_costs=STAGE_COSTS, n_boot=N_BOOT)


def kwargs(panel):
    return dict(panel.kwargs)


def test_the_panel_starts_at_the_official_design(panel, bangko):
    official = official_design(bangko)
    choice = panel.choice()
    assert choice == initial_selection_choice(bangko)
    assert choice.skb_weights == dict(official.skb_weights)
    values = shown(panel.view.value)
    assert values["hires_changed"] == "0"
    # the same design: said once, without a difference of 0 [0; 0] or a utility of Rp 0
    assert "sama dengan desain resmi" in panel.view.value
    assert "Selisih kinerja" not in panel.view.value and "Nilai bersih" not in panel.view.value
    # a dropdown shows its choice: "every year", "every formasi" (not an empty box)
    assert panel.controls["year"].label == "semua tahun"
    assert panel.controls["formasi"].label == "semua formasi"
    assert values["difference"].startswith("0,000")


def test_moving_the_cat_weight_gives_what_simulate_gives(panel, bangko):
    panel.controls["extra_test"].value = "interview"
    panel.controls["cat_weight"].value = 60
    choice = panel.choice()
    assert choice.skb_weights == {"cat": 0.6, "interview": 0.4}
    values = shown(panel.view.value)
    direct = selection_effect(bangko, choice, **kwargs(panel))
    assert values == {
        k: v for k, v in displayed_values(direct).items() if k in values
    }  # every number on the panel, and the same as computed directly
    assert {"expected_scenario", "difference", "hires_changed", "utility"} <= set(values)
    # ... and the same as designs.simulate called with the two designs by hand
    table = designs.simulate(
        bangko,
        [official_design(bangko),
         SelectionPolicy("scenario", {"cat": 0.6, "interview": 0.4}, skd_weight=0.4,
                         official=False)],
        **kwargs(panel),
    )  # fmt: skip
    row = table.iloc[1]
    assert values["expected_scenario"] == format_interval(
        row["expected_skp"], row["ci_low"], row["ci_high"], "id", 3
    )
    assert values["cost_per_hire_scenario"] == f"{row['cost_per_hire'] / 1e6:.1f}".replace(".", ",")
    # hires that change: people the scenario picks and the official design does not
    a = bangko.applicants
    cpns = a["formasi_id"].isin(
        bangko.formasi.loc[bangko.formasi["track"].eq("cpns"), "formasi_id"]
    )
    official_pick = official_design(bangko).select(a[cpns], bangko.formasi)
    scenario_pick = SelectionPolicy("s", {"cat": 0.6, "interview": 0.4}, official=False).select(
        a[cpns], bangko.formasi
    )
    assert int((scenario_pick & ~official_pick).sum()) >= int(direct.hires_changed)
    assert direct.hires_changed > 0
    assert "Di luar aturan" in panel.view.value  # an interview may not be the extra test


def test_outside_the_rules_is_said(panel):
    panel.controls["extra_test"].value = "competency"
    panel.controls["cat_weight"].value = 50
    assert rule_breaks(panel.choice()) == ["cat_min", "extra_max"]
    text = panel.view.value
    assert "Di luar aturan" in text and "di bawah 60 %" in text and "lebih dari 40 %" in text
    panel.controls["cat_weight"].value = 60
    assert "Dalam aturan" in panel.view.value
    panel.controls["skd_weight"].value = 50
    assert rule_breaks(panel.choice()) == ["skd_weight"]
    assert "bobot SKD bukan 40 %" in panel.view.value
    panel.controls["skd_weight"].value = 40


def test_published_validities_and_the_panel_type(bangko):
    panel = SelectionPanel(bangko, stage_costs=STAGE_COSTS, n_boot=N_BOOT)
    assert panel.controls["panel"].disabled
    panel.controls["extra_test"].value = "interview"
    panel.controls["cat_weight"].value = 60
    panel.controls["published"].value = True
    assert not panel.controls["panel"].disabled
    external = shown(panel.view.value)["expected_scenario"]
    assert panel.effect.table.attrs["scale"] == "sd"
    direct = selection_effect(bangko, panel.choice(), **kwargs(panel))
    assert external == displayed_values(direct)["expected_scenario"]
    panel.controls["panel"].value = "internal"  # an unstructured interview: lower validity
    internal = panel.effect.table.iloc[1]["expected_z"]
    assert internal < direct.table.iloc[1]["expected_z"]
    assert shown(panel.view.value)["expected_scenario"] != external


def test_year_and_formasi(bangko):
    panel = SelectionPanel(bangko, stage_costs=STAGE_COSTS, n_boot=N_BOOT)
    years = [v for _, v in panel.controls["year"].options if v != "all"]
    first = years[0]
    panel.controls["year"].value = first
    formasi = [v for _, v in panel.controls["formasi"].options if v != "all"]
    assert set(formasi) <= set(bangko.formasi.loc[bangko.formasi["year"].eq(first), "formasi_id"])
    target = next(
        f for f in formasi
        if bangko.applicants.loc[bangko.applicants["formasi_id"].eq(f), "skb_cat"].notna().any()
    )  # fmt: skip
    panel.controls["formasi"].value = target
    assert panel.effect.formasi_evaluated == 1
    assert shown(panel.view.value)["formasi_evaluated"] == "1"


def test_a_year_without_performance_records_asks_for_them_and_offers_published(bangko):
    panel = SelectionPanel(bangko, stage_costs=STAGE_COSTS, n_boot=N_BOOT)
    latest = max(v for _, v in panel.controls["year"].options if v != "all")
    panel.controls["year"].value = latest
    text = panel.view.value
    if 'class="ap-missing"' in text:  # recruits of the latest year have no SKP yet
        assert "validitas terbitan" in text
        panel.controls["published"].value = True
        assert 'class="ap-missing"' not in panel.view.value


def test_small_cells_are_hidden(bangko):
    panel = SelectionPanel(bangko, stage_costs=STAGE_COSTS, n_boot=N_BOOT, small_cell_min=10_000)
    panel.controls["extra_test"].value = "interview"
    panel.controls["cat_weight"].value = 60
    values = shown(panel.view.value)
    assert values["impact_gender_scenario"] == "<10000"
    assert values["hires_changed"] == "<10000"
    assert values["expected_scenario"] != "<10000"  # the model rests on every recruit


def test_english_panel(bangko):
    panel = SelectionPanel(bangko, lang="en", stage_costs=STAGE_COSTS, n_boot=N_BOOT)
    panel.controls["extra_test"].value = "interview"
    panel.controls["cat_weight"].value = 60
    text = panel.view.value
    assert "Outside the rules" in text and "Expected SKP" in text
    assert re.search(r"\d\.\d{3} \[", shown(text)["expected_scenario"])


def test_without_applicants_one_sentence(bangko):
    from asnpolicy.io import Dataset

    only_staff = Dataset(units=bangko.units, employees=bangko.employees)
    panel = SelectionPanel(only_staff)
    assert panel.controls == {}
    assert 'class="ap-missing"' in panel.view.value and panel.view.value.count("<p") == 1


def test_update_time_is_measured(panel):
    assert panel.seconds is not None and panel.seconds > 0
    assert isinstance(panel.effect.table, pd.DataFrame)


def test_remembered_validity_fits_give_the_same_numbers(bangko):
    """The published-validity model keeps its resamples' fits between updates (designs._FITS):
    the numbers are those of a fresh fit."""
    policies = [official_design(bangko), SelectionPolicy("x", {"cat": 0.6, "interview": 0.4},
                                                         official=False)]  # fmt: skip
    validities = {**designs.meta_analytic_validities("external"), "twk": None}
    designs._FITS.clear()
    fresh = designs.simulate(bangko, policies, validities=validities, n_boot=40)
    assert len(designs._FITS) == 1
    again = designs.simulate(bangko, policies, validities=validities, n_boot=40)
    pd.testing.assert_frame_equal(fresh, again)
    other = designs.simulate(bangko, policies, validities=validities, n_boot=40, seed=1)
    assert not other.equals(fresh)  # other resamples, other fits
