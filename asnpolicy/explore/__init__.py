"""Live what-if panels for JupyterLab (notebook 05_explore): change a selection design, a
formasi budget or the IKM rule and see its effect at once, computed by the same functions as
the reports; save the choices as a scenario that ``asnpolicy report -p`` turns into reports.
"""

from .budget import BudgetChoice, BudgetEffect, budget_effect, unit_gaps_after
from .panels import (
    BudgetPanel,
    Explorer,
    RemedialPanel,
    SelectionPanel,
    explore,
    initial_selection_choice,
)
from .remedial import CUT_BANDS, RemedialChoice, RemedialEffect, remedial_effect
from .render import budget_values, displayed_values, remedial_values
from .scenario import save_scenario, scenario_parameters
from .selection import (
    SelectionChoice,
    SelectionEffect,
    rule_breaks,
    scenario_design,
    selection_effect,
)

__all__ = [
    "CUT_BANDS",
    "BudgetChoice",
    "BudgetEffect",
    "BudgetPanel",
    "Explorer",
    "RemedialChoice",
    "RemedialEffect",
    "RemedialPanel",
    "SelectionChoice",
    "SelectionEffect",
    "SelectionPanel",
    "budget_effect",
    "budget_values",
    "displayed_values",
    "explore",
    "initial_selection_choice",
    "remedial_effect",
    "remedial_values",
    "rule_breaks",
    "save_scenario",
    "scenario_design",
    "scenario_parameters",
    "selection_effect",
    "unit_gaps_after",
]
