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

import numpy as np
import pandas as pd

import asnpolicy as ap
from asnpolicy import keys, rules

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
    return ap.from_tables(tables, source="export-shaped")


#: Columns no official export carries (issue 18; shared/reference/real-exports.md A0, A3):
#: blank in every row of :func:`export_shaped_dataset`.
EXPORT_BLANK: dict[str, tuple[str, ...]] = {
    "units": ("sector", "front_line"),
    "employees": ("origin",),
    "applicants": ("channel", "registration_mode", "registered_on", "verified_on", "doc_errors",
                   "gender", "age", "education", "origin", *rules.SKB_COLUMNS),
    "skm": ("service",),
}  # fmt: skip
#: Columns no official export carries that :func:`export_shaped_dataset` leaves out.
EXPORT_DROPPED: dict[str, tuple[str, ...]] = {
    "performance": ("peer_score", "citizen_score"),
    "employees": ("comp_teknis", "comp_manajerial", "comp_sosial_kultural"),
}
#: Tables no official export fills.
EXPORT_ABSENT = ("regions", "assessments", "training", "promotions", "region_policies")


def export_shaped_dataset(sample: ap.Dataset, source: str = "pauh") -> ap.Dataset:
    """Region ``source`` of ``sample`` renamed to :data:`REGION`, shaped like the official
    exports the import adapters read: the columns of :data:`EXPORT_BLANK` empty in every row,
    the SKB published as one total (``skb_total``: the SKB the hires were made by) with no
    component, those of :data:`EXPORT_DROPPED` and the tables of :data:`EXPORT_ABSENT` left
    out, and a third of the survey answers dated by their year only (1 July, ``year_only``)."""
    one = sample.for_region(source)
    tables = {}
    for name, frame in one.tables().items():
        if name in EXPORT_ABSENT:
            continue
        frame = frame.drop(columns=list(EXPORT_DROPPED.get(name, ())))
        if "region_id" in frame:
            frame = frame.assign(region_id=REGION)
        if name == "applicants":
            policy = ap.policy.region_policy(one, source)
            weights = dict(policy.skb_weights or {"cat": 1.0})
            year = keys.lookup(frame["formasi_id"], one.formasi.set_index("formasi_id")["year"])
            skb = ap.selection.integrate_scores(frame, year, weights, level=None)["skb_100"]
            frame = frame.assign(skb_total=skb.round(2).astype("float64"))
        for column in EXPORT_BLANK.get(name, ()):
            frame[column] = pd.Series(None, index=frame.index, dtype="object")
        if name == "skm":
            year_only = pd.Series(np.arange(len(frame)) % 3 == 0, index=frame.index)
            july = pd.to_datetime(frame["survey_date"].dt.year.astype(str) + "-07-01")
            frame = frame.assign(
                survey_date=frame["survey_date"].where(~year_only, july),
                year_only=year_only.astype("boolean"),
            )
        tables[name] = frame
    return ap.from_tables(tables, source="export-shaped")


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
