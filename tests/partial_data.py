"""Partial datasets of a region outside the registry, as a BKPSDM analyst would hold them.

:func:`write_subset` takes one study region of the sample, gives it an id and a name the
package does not know (``kerinci``, "Kerinci"), and keeps only the tables of one of
:data:`SUBSETS`: the four smallest useful sets of issue 17 (workforce only; SKM only;
recruitment only; staff and performance only). Run as a script to write all four::

    .venv/bin/python -m tests.partial_data data/sample /tmp/partial
"""

from __future__ import annotations

import sys
from pathlib import Path

import asnpolicy as ap

#: The tables of each subset. No ``regions`` table: a region outside the registry without one
#: is named by its id.
SUBSETS: dict[str, tuple[str, ...]] = {
    "workforce": ("units", "positions", "workload", "employees"),
    "skm": ("units", "skm"),
    "recruitment": ("units", "positions", "formasi", "applicants", "assessments"),
    "staff_performance": ("units", "positions", "employees", "performance", "training",
                          "promotions"),
}  # fmt: skip

#: The id the region gets (not in asnpolicy.regions.REGIONS).
REGION = "kerinci"


def subset_dataset(sample: ap.Dataset, subset: str, source: str = "pauh") -> ap.Dataset:
    """Region ``source`` of ``sample`` renamed to :data:`REGION`, with only ``subset``'s
    tables (ids of units and positions keep their old prefix: ids are opaque)."""
    one = sample.for_region(source)
    tables = {}
    for name in SUBSETS[subset]:
        frame = getattr(one, name).copy()
        if "region_id" in frame:
            frame["region_id"] = REGION
        tables[name] = frame
    return ap.Dataset(**tables)


def write_subset(sample_dir: str | Path, out: str | Path, subset: str) -> Path:
    """Write ``subset`` of the sample at ``sample_dir`` as CSV files in ``out``/``subset``."""
    sample = ap.load_dataset(sample_dir)
    folder = Path(out) / subset
    subset_dataset(sample, subset).save(folder)
    return folder


if __name__ == "__main__":
    sample_dir, out = sys.argv[1], sys.argv[2]
    for name in SUBSETS:
        print(write_subset(sample_dir, out, name))
