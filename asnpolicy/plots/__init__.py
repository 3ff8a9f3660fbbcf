"""Figures in one house style: a title, axes with units, a source line, Indonesian or English.

Every function returns a matplotlib ``Figure`` and hides anything resting on fewer than
``small_cell_min`` people (saying so on the figure).
"""

from .comparison import region_scorecard
from .outcomes import ikm_by_unit, method_effects, training_effects, validity_forest
from .selection import design_comparison, panel_reliability, registration_modes, selection_funnel
from .style import LABEL_CHARS, plain
from .workforce import age_pyramid, competency_gaps, retirement_wave, staffing_gap_by_unit

__all__ = [
    "LABEL_CHARS",
    "age_pyramid",
    "competency_gaps",
    "design_comparison",
    "ikm_by_unit",
    "method_effects",
    "panel_reliability",
    "plain",
    "region_scorecard",
    "registration_modes",
    "retirement_wave",
    "selection_funnel",
    "staffing_gap_by_unit",
    "training_effects",
    "validity_forest",
]
