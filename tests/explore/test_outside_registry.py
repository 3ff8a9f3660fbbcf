"""05_explore on a region the package does not know, with its own policy table: the panels
start from that policy and answer the issue's two questions (issue 19)."""

from __future__ import annotations

import pandas as pd

from asnpolicy import workforce
from asnpolicy.explore import Explorer, SelectionChoice, displayed_values, selection_effect
from asnpolicy.io import from_tables

from .conftest import STAGE_COSTS
from .test_selection_panel import shown


def kerinci(bangko, policy: dict) -> object:
    tables = {
        name: frame.assign(region_id="kerinci") if "region_id" in frame else frame
        for name, frame in bangko.tables().items()
        if name not in ("region_policies", "regions")
    }
    tables["region_policies"] = pd.DataFrame({k: [v] for k, v in policy.items()}).assign(
        region_id="kerinci"
    )
    return from_tables(tables, source="kerinci")


def test_what_if_the_interview_counted_40_percent_and_we_had_20_formasi(bangko):
    ds = kerinci(bangko, {"cat_weight": 0.6, "extra_test": "competency", "extra_weight": 0.4})
    assert ds.region == "kerinci"
    explorer = Explorer(ds, stage_costs=STAGE_COSTS, n_boot=50)
    selection = explorer.selection
    assert selection.choice().skb_weights == {"cat": 0.6, "competency": 0.4}  # its policy
    assert "kerinci" in explorer.widget.children[0].value
    # "what if the interview counted 40 %?"
    selection.controls["extra_test"].value = "interview"
    values = shown(selection.view.value)
    assert selection.choice() == SelectionChoice(0.6, "interview", panel="external")
    direct = selection_effect(ds, selection.choice(), **selection.kwargs)
    assert values == {k: v for k, v in displayed_values(direct).items() if k in values}
    assert direct.hires_changed > 0 and "Di luar aturan" in selection.view.value
    # "what if we only had budget for 20 formasi?"
    explorer.budget.controls["budget"].value = 20
    plan = workforce.formasi_plan(ds, 20, years=5, as_of=explorer.budget.as_of, keep_all=True)
    assert shown(explorer.budget.view.value)["funded"] == str(int(plan["planned"].sum())) == "20"
    saved = explorer.parameters()
    assert saved["budget"] == 20 and saved["designs"][0]["skb_weights"]["interview"] == 0.4
