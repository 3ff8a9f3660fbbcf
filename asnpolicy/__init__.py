"""asnpolicy: evidence for Indonesian regional civil-service (ASN) recruitment.

Workforce needs (ABK, retirements, formasi), competency-based selection (SKD, SKB, integration,
alternative designs) and recruitment methods vs later performance and citizen satisfaction,
for the regions Bangko, Batanghari, Pauh and Bukittinggi and any region with data in the same
format.

>>> import asnpolicy as ap
>>> ap.regions.region_ids()
('bangko', 'batanghari', 'pauh', 'bukittinggi')
"""

from importlib.metadata import PackageNotFoundError, version

from . import regions, rules, schema, selection, synth, validation
from .errors import DataError
from .io import Dataset, from_tables, load_dataset, write_templates

try:
    __version__ = version("asnpolicy")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "DataError",
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
