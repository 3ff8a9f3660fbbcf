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
    designs,
    fairness,
    funnel,
    merit,
    narrative,
    outcomes,
    plots,
    policy,
    privacy,
    range_restriction,
    reading,
    regions,
    reliability,
    rules,
    satisfaction,
    schema,
    selection,
    spellings,
    synth,
    training,
    utility,
    validation,
    validity,
    workforce,
    writing,
)
from .errors import DataError
from .io import Dataset, from_tables, load_dataset, package_version
from .writing import write_templates

__version__ = package_version()

__all__ = [
    "DataError",
    "audit",
    "compare",
    "fairness",
    "funnel",
    "merit",
    "designs",
    "reliability",
    "outcomes",
    "range_restriction",
    "satisfaction",
    "validity",
    "training",
    "utility",
    "narrative",
    "plots",
    "policy",
    "privacy",
    "spellings",
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
    "reading",
    "writing",
]


def __getattr__(name: str):
    """``asnpolicy.explore`` (the JupyterLab panels, which need ipywidgets) is imported on
    first use, not with the package."""
    if name == "explore":
        import importlib

        return importlib.import_module(".explore", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
