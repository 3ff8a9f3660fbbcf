"""Narrative floor: the words and tables of the reports (Indonesian by default, English on
request). ``text`` holds the catalogue and number formats; the other modules word one report
each. Only this package imports IPython."""

from . import text
from .common import (
    audit_table,
    designs_table,
    effects_table,
    escape_markdown,
    formasi_table,
    header,
    impact_table,
    merit_not_measured,
    merit_table,
    outcomes_summary,
    provenance,
    region_name,
    section,
    selection_summary,
    show,
    training_summary,
    training_table,
    triggers_table,
    validity_table,
    workforce_summary,
)

__all__ = [
    "text",
    "escape_markdown",
    "region_name",
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
