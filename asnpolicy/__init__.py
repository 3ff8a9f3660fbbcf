"""asnpolicy: evidence for Indonesian regional civil-service (ASN) recruitment.

Workforce needs (ABK, retirements, formasi), competency-based selection (SKD, SKB, integration,
alternative designs) and recruitment methods vs later performance and citizen satisfaction,
for the regions Bangko, Batanghari, Pauh and Bukittinggi and any region with data in the same
format.

>>> import asnpolicy as ap
>>> ap.regions.region_ids()
('bangko', 'batanghari', 'pauh', 'bukittinggi')
"""

from . import (
    audit,
    compare,
    fairness,
    funnel,
    merit,
    narrative,
    outcomes,
    plots,
    policies,
    privacy,
    range_restriction,
    regions,
    reliability,
    rules,
    satisfaction,
    schema,
    selection,
    stage_information,
    synth,
    training,
    utility,
    validation,
    workforce,
)
from .errors import DataError
from .io import Dataset, from_tables, load_dataset, package_version, write_templates

__version__ = package_version()

__all__ = [
    "DataError",
    "audit",
    "compare",
    "fairness",
    "funnel",
    "merit",
    "policies",
    "reliability",
    "outcomes",
    "range_restriction",
    "satisfaction",
    "stage_information",
    "training",
    "utility",
    "narrative",
    "plots",
    "privacy",
    "workforce",
    "Dataset",
    "from_tables",
    "__version__",
    "load_dataset",
    "regions",
    "rules",
    "schema",
    "selection",
    "synth",
    "validation",
    "write_templates",
]
