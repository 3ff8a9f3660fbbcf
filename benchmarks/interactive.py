"""The interactive scenario: each public analysis function on one region of the sample.

``python -m benchmarks.interactive DATA REGION REPEAT`` loads the region once, then calls each
function REPEAT times (after one warm-up call) as the notebooks call it, and the floor: one
groupby per table of the same region's data.
"""

from __future__ import annotations

import sys
import time

from .measure import emit, peak_rss_mib
from .national import PPPK_PASS

#: Rupiah per person assessed at each stage, as notebooks 02 and 05 assume.
STAGE_COSTS = {"skd": 150_000, "cat": 100_000, "psych": 400_000, "competency": 1_500_000,
               "interview": 600_000}  # fmt: skip


def functions(data: str, ds, everyone, region: str) -> dict:
    """The public analysis functions, with the arguments the notebooks give them."""
    import asnpolicy as ap

    design = ap.designs.official_design(ds)
    return {
        "workforce.staffing_gap": lambda: ap.workforce.staffing_gap(ds),
        "workforce.retirement_projection": lambda: ap.workforce.retirement_projection(ds),
        "workforce.needs_forecast": lambda: ap.workforce.needs_forecast(ds),
        "workforce.formasi_plan": lambda: ap.workforce.formasi_plan(ds),
        "workforce.competency_gaps": lambda: ap.workforce.competency_gaps(ds),
        "selection.apply_rules": lambda: ap.selection.apply_rules(
            ds.applicants, ds.formasi, pppk_technical_pass=PPPK_PASS
        ),
        "funnel.funnel": lambda: ap.funnel.funnel(ds, pppk_technical_pass=PPPK_PASS),
        "funnel.registration_modes": lambda: ap.funnel.registration_modes(ds),
        "fairness.adverse_impact": lambda: ap.fairness.adverse_impact(
            ds.applicants, "gender", selected="hired"
        ),
        "reliability.panel_reliability": lambda: ap.reliability.panel_reliability(ds),
        "designs.compare_designs": lambda: ap.designs.compare_designs(
            ds, None, n_boot=200, sd_y=ap.designs.default_sd_y(ds)
        ),
        "audit.audit_decisions": lambda: ap.audit.audit_decisions(ds, design.skb_weights),
        "validity.method_validity": lambda: ap.validity.method_validity(ds, n_boot=200),
        "outcomes.compare_methods (panel, all regions)": lambda: ap.outcomes.compare_methods(
            everyone, "panel"
        ),
        "outcomes.compare_methods (registration mode)": lambda: ap.outcomes.compare_methods(
            ds, "registration_mode"
        ),
        "outcomes.feedback_triggers": lambda: ap.outcomes.feedback_triggers(ds),
        "satisfaction.ikm": lambda: ap.satisfaction.ikm(ds.skm),
        "satisfaction.ikm_trend": lambda: ap.satisfaction.ikm_trend(ds.skm),
        "training.training_effect": lambda: ap.training.training_effect(ds),
        "merit.merit_indicators": lambda: ap.merit.merit_indicators(ds),
        "compare.scorecard (all regions)": lambda: ap.compare.scorecard(everyone, n_boot=200),
        "load_dataset (one region)": lambda: ap.load_dataset(data, region=region),
        **explore_updates(ds),
    }


def explore_updates(ds) -> dict:
    """One update of each 05_explore panel, as a slider move makes it: the widget's value
    set in Python (no browser), the panel recomputed and its HTML and figure redrawn. Each
    call moves the control to the other of two values, so that every call is a change."""
    import asnpolicy as ap

    explorer = ap.explore.explore(ds, stage_costs=STAGE_COSTS, n_boot=200)

    def toggler(control, first, second):
        def move():
            control.value = second if control.value == first else first

        return move

    out = {}
    selection = explorer.selection.controls
    if selection:
        out["explore: selection panel (CAT-SKB weight)"] = toggler(selection["cat_weight"], 60, 70)
    budget = explorer.budget.controls
    if budget:
        out["explore: budget panel (posts)"] = toggler(
            budget["budget"], budget["budget"].max, max(0, budget["budget"].max // 2)
        )
    out["explore: IKM panel (cut-off band)"] = toggler(explorer.remedial.controls["band"], "A", "B")
    return out


def main(data: str, region: str, repeat: int) -> None:
    import asnpolicy as ap

    everyone = ap.load_dataset(data)
    ds = everyone.for_region(region)
    times: dict[str, list[float]] = {}

    def floor():
        for _, frame in ds:
            frame.groupby(frame.columns[0]).size()

    steps = {"floor: one groupby per table": floor, **functions(data, ds, everyone, region)}
    for name, run in steps.items():
        run()  # warm-up: imports and caches are not what a user waits for twice
        times[name] = []
        for _ in range(repeat):
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    emit({"times": times, "peak_mib": peak_rss_mib()})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
