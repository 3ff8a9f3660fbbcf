"""Narrative floor: the words and tables of the reports (Indonesian by default, English on
request). ``text`` reads the catalogue (``texts/*.yml``) and formats numbers and dates;
``common`` holds what every page has; ``workforce``, ``selection``, ``outcomes`` and
``comparison`` word one report each. Only this package imports IPython.

The functions notebooks 01-03 call are re-exported here (``ap.narrative.header``, ...); the
comparison's are reached through their module (``ap.narrative.comparison.summary``), as some
of their names (``header``) would clash.
"""

from . import (
    claims,
    common,
    comparison,
    guard,
    outcomes,
    page,
    pooled,
    selection,
    text,
    workforce,
)
from .common import escape_markdown, header, provenance, section, show
from .outcomes import (
    effects_table,
    merit_not_measured,
    merit_table,
    outcomes_summary,
    training_summary,
    training_table,
    triggers_table,
    validity_table,
)
from .page import bullets, figure, key_numbers
from .selection import audit_table, designs_table, impact_table, selection_summary
from .workforce import formasi_table, workforce_summary

__all__ = [
    "claims",
    "guard",
    "common",
    "page",
    "bullets",
    "figure",
    "key_numbers",
    "comparison",
    "outcomes",
    "pooled",
    "selection",
    "text",
    "workforce",
    "escape_markdown",
    "header",
    "provenance",
    "show",
    "section",
    "workforce_summary",
    "formasi_table",
    "selection_summary",
    "designs_table",
    "impact_table",
    "audit_table",
    "outcomes_summary",
    "validity_table",
    "effects_table",
    "triggers_table",
    "training_table",
    "training_summary",
    "merit_table",
    "merit_not_measured",
]
