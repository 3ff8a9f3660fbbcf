"""The pooled comparison of selection panels across regions, which a region's outcomes page
(notebook 03) sets beside its own.

The comparison needs every region's recruits. So that a region's page still reads only its
region, the report runner computes it once per run (:func:`store_panels`) and stores it in the
validated snapshot it gives the notebooks; the page reads it back (:func:`panels`) and loads
its region alone (:func:`region_data`). In JupyterLab, on an ordinary data folder, the page
loads every region and computes the comparison itself, as before; both ways give the same
tables and the same page.

A notebook cell reads::

    pooled = ap.narrative.pooled.panels(data_dir, years=years, small_cell_min=small_cell_min)
    ds = ap.narrative.pooled.region_data(pooled, region)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .. import snapshot
from ..compare import DescribedDataset, card_key
from ..io import Dataset, load_dataset, package_version, resolve_data_path
from ..outcomes import compare_methods, methods_used
from ..privacy import SMALL_CELL_MIN
from . import guard

__all__ = [
    "PANEL_TABLES",
    "PooledPanels",
    "compute_panels",
    "panels",
    "panels_key",
    "region_data",
    "store_panels",
]

#: The tables the pooled comparison of panels reads (:func:`asnpolicy.outcomes.
#: compare_methods`); the recruits by region, track and method need the first three.
PANEL_TABLES = ("employees", "applicants", "formasi", "performance", "units", "positions")
#: The method the page compares.
_METHOD = "panel"
#: What each stored result is, in the key it is stored under.
_RESULTS = ("methods_used", "compare_methods")


@dataclass(frozen=True)
class PooledPanels:
    """The pooled comparison of panels and what the page needs beside it.

    Attributes
    ----------
    everyone : Dataset
        Every region's data, for the provenance of the pooled figure (when read from the
        snapshot: no tables, with the content hash of every region's data).
    used : DataFrame or Missing
        :func:`asnpolicy.outcomes.methods_used` of every region (by panel).
    effects : DataFrame or Missing
        :func:`asnpolicy.outcomes.compare_methods` of every region (by panel).
    names : dict
        Every region's name by its id.
    data_dir, years
        Where the data are and the years kept.
    stored : bool
        Whether the results were read from the snapshot.
    """

    everyone: Dataset
    used: Any
    effects: Any
    names: dict[str, str]
    data_dir: str | os.PathLike = ""
    years: Any = None
    stored: bool = False


def compute_panels(everyone: Dataset, *, small_cell_min: int = SMALL_CELL_MIN) -> tuple:
    """``(used, effects, names)`` of every region in ``everyone``: each result a table, or a
    :class:`~asnpolicy.narrative.guard.Missing` saying what it needs."""
    used = guard.compute(everyone, methods_used, everyone, _METHOD, needs=PANEL_TABLES[:3])
    effects = guard.compute(
        everyone,
        compare_methods,
        everyone,
        _METHOD,
        needs=PANEL_TABLES,
        small_cell_min=small_cell_min,
    )
    regions = everyone.region_ids()
    names = dict(zip(regions, everyone.region_names(regions), strict=True))
    return used, effects, names


def panels_key(years: object, small_cell_min: object) -> dict | None:
    """The page's parameters that choose a stored comparison (``years`` as a sorted list or
    None, ``small_cell_min``); None for values it cannot be stored for
    (:func:`asnpolicy.compare.card_key`)."""
    key = card_key(years, 0, small_cell_min)
    if key is not None:
        del key["n_boot"]
    return key


def _key(result: str, years: object, small_cell_min: object) -> dict | None:
    key = panels_key(years, small_cell_min)
    return None if key is None else {"result": result, "method": _METHOD, **key}


def store_panels(
    data_dir: str | os.PathLike,
    everyone: Dataset,
    *,
    years=None,
    small_cell_min: int = SMALL_CELL_MIN,
    content_hash: str,
) -> bool:
    """Compute the pooled comparison of ``everyone`` and store it in the snapshot
    ``data_dir`` for :func:`panels` with these parameters.

    Parameters
    ----------
    data_dir : path
        A snapshot (``Dataset.save(..., partition_by="region_id")``).
    everyone : Dataset
        The snapshot's data for these years (``dataset.for_years(years)``): what the page's
        pooled figure describes.
    years, small_cell_min
        The page's parameters.
    content_hash : str
        The content hash of ``everyone``.

    Returns
    -------
    bool
        False when these parameters cannot be stored (years that are not whole numbers).

    Raises
    ------
    ValueError
        When ``data_dir`` is not a snapshot.
    """
    folder = Path(data_dir)
    snapshot.snapshot_record(folder)  # refuse any other folder before computing
    keys = [_key(result, years, small_cell_min) for result in _RESULTS]
    if keys[0] is None:
        return False
    used, effects, names = compute_panels(everyone, small_cell_min=small_cell_min)
    for key, result in zip(keys, (used, effects), strict=True):
        meta: dict = {"names": names}
        if isinstance(result, guard.Missing):
            meta["missing"] = snapshot.to_json(
                {"needs": list(result.needs), "code": result.code, "counts": dict(result.counts)}
            )
            result = pd.DataFrame()
        snapshot.store_result(
            folder, key, result, content_hash=content_hash, version=package_version(), meta=meta
        )
    return True


def _read(data_dir, years, small_cell_min) -> tuple | None:
    keys = [_key(result, years, small_cell_min) for result in _RESULTS]
    if keys[0] is None:
        return None
    folder = resolve_data_path(data_dir)
    found = [snapshot.stored_result(folder, key, package_version()) for key in keys]
    if any(f is None for f in found) or found[0][1]["content_hash"] != found[1][1]["content_hash"]:
        return None
    results = []
    for frame, meta in found:
        if "missing" in meta:
            about = snapshot.from_json(meta["missing"])
            frame = guard.Missing(tuple(about["needs"]), about["code"], about["counts"])
        results.append(frame)
    return (*results, found[0][1])


def panels(
    data_dir: str | os.PathLike, *, years=None, small_cell_min: int = SMALL_CELL_MIN
) -> PooledPanels:
    """The pooled comparison of panels across every region of the data: read from the report
    runner's snapshot when it stores it for these parameters, else computed from every
    region (:func:`compute_panels`).

    Parameters
    ----------
    data_dir : path
        The page's data.
    years : int or list of int, optional
        As for :meth:`Dataset.for_years`.
    small_cell_min : int
        As for :func:`asnpolicy.outcomes.compare_methods`.

    Returns
    -------
    PooledPanels

    Raises
    ------
    DataError, ValueError
        As :func:`asnpolicy.load_dataset`.
    """
    found = _read(data_dir, years, small_cell_min)
    if found is None:
        everyone = load_dataset(data_dir).for_years(years)
        used, effects, names = compute_panels(everyone, small_cell_min=small_cell_min)
        return PooledPanels(everyone, used, effects, names, data_dir, years)
    used, effects, meta = found
    about = load_dataset(data_dir, tables=[])._about()
    everyone = DescribedDataset(**about, described_hash=meta["content_hash"])
    return PooledPanels(everyone, used, effects, dict(meta["names"]), data_dir, years, True)


def region_data(pooled: PooledPanels, region: str) -> Dataset:
    """The data of ``region`` for the page: read alone from the snapshot when the pooled
    results were, else cut from every region's data; the same tables either way.

    Raises
    ------
    DataError, ValueError
        As :func:`asnpolicy.load_dataset` (an unknown region).
    """
    if pooled.stored:
        return load_dataset(pooled.data_dir, region=region).for_years(pooled.years)
    return pooled.everyone.for_region(region)
