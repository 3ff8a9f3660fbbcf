"""National-size synthetic data (about 550 regions), made batch by batch of regions.

Regions are independent in the simulator, so the national data are drawn one batch of regions
at a time, each batch in a worker process with random streams of its own and ids tagged with
the batch (``b03.e0000123``), and each validated on its own. :func:`write_national` streams the
batches into one Parquet file per table, so memory holds one batch per worker, never the
nation; :func:`national_dataset` gathers the same batches in memory.

Examples
--------
>>> regions = national_regions(2026)
>>> len(regions), sorted({r.kind for r in regions})
(552, ['kabupaten', 'kota', 'provinsi'])
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import regions as registry
from ..io import PROVENANCE_FILE, Dataset, from_tables, package_version
from ..schema import TABLES
from ..writing import staging
from . import assumptions as A
from .regional import DEFAULT_YEARS, N_STREAMS, simulate

__all__ = ["BATCH_REGIONS", "national_dataset", "national_regions", "write_national"]

#: Regions per batch: 12 batches of about 46 regions, each about 400,000 employees.
BATCH_REGIONS = 46

#: Columns holding the simulator's sequential ids, which repeat from batch to batch.
_SEQUENTIAL_IDS = {
    "employees": ("employee_id", "applicant_id"),
    "formasi": ("formasi_id",),
    "applicants": ("applicant_id", "formasi_id"),
    "assessments": ("applicant_id",),
    "performance": ("employee_id",),
    "skm": ("response_id",),
    "training": ("employee_id",),
    "promotions": ("employee_id",),
}


def national_regions(seed: int = 2026) -> list[registry.Region]:
    """About 550 synthetic provinces, kabupaten and kota, each with a study region's policy.

    38 provinces, 416 kabupaten and 98 kota, the counts of Indonesia's regional governments;
    populations log-normal around 450,000 (provinces 15 times that).
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    kinds = ["provinsi"] * 38 + ["kabupaten"] * 416 + ["kota"] * 98
    profiles = [registry.REGIONS[i].profile for i in registry.region_ids()]
    population = np.exp(rng.normal(np.log(4.5e5), 0.6, len(kinds))).round()
    out = []
    for i, kind in enumerate(kinds):
        province = i % 38
        pop = population[i] * (15 if kind == "provinsi" else 1)
        out.append(
            registry.Region(
                region_id=f"nat{i + 1:04d}",
                name=f"Wilayah {i + 1}",
                government="synthetic",
                kind=kind,
                province=f"Provinsi {province + 1}",
                kode_wilayah=f"{11 + province:02d}"
                + ("" if kind == "provinsi" else f".{i // 38 + 1:02d}"),
                population=int(pop),
                population_note="synthetic",
                profile=profiles[i % len(profiles)],
            )
        )
    return out


def _batch_tables(
    batch: int, regions: list[registry.Region], seed: int, years: tuple[int, ...], scale: float
) -> dict[str, pd.DataFrame]:
    """One batch's tables, validated, with its sequential ids tagged by the batch."""

    # stream 0 of the seed draws the regions; batch b draws from stream b + 1
    sequence = np.random.SeedSequence(seed, spawn_key=(batch + 1,))
    streams = [np.random.default_rng(s) for s in sequence.spawn(N_STREAMS)]
    tables, _ = simulate(regions, years, streams, scale)
    tag = f"b{batch:02d}."
    for table, columns in _SEQUENTIAL_IDS.items():
        frame = tables[table]
        tables[table] = frame.assign(
            **{c: (tag + frame[c].astype("str")).where(frame[c].notna()) for c in columns}
        )
    return from_tables(tables, source="batch", synthetic=True).tables()


def _batch_arrow(args: tuple) -> dict[str, pa.Table]:
    return {
        name: pa.Table.from_pandas(frame, preserve_index=False)
        for name, frame in _batch_tables(*args).items()
    }


def _batches(
    run: Callable[[tuple], dict],
    seed: int,
    years: Sequence[int],
    scale: float,
    batch_regions: int,
    workers: int,
) -> Iterator[dict]:
    """``run`` of each batch (its tables as frames or Arrow), in batch order, drawn by
    ``workers`` processes."""
    regions = national_regions(seed)
    chunks = [regions[i : i + batch_regions] for i in range(0, len(regions), batch_regions)]
    jobs = [(b, chunk, seed, tuple(years), scale) for b, chunk in enumerate(chunks)]
    if workers <= 1:
        yield from map(run, jobs)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=context) as pool:
        # at most one finished batch waits per worker: memory stays at a few batches
        pending: deque = deque()
        for job in jobs:
            if len(pending) > workers:
                yield pending.popleft().result()
            pending.append(pool.submit(run, job))
        while pending:
            yield pending.popleft().result()


def _batch_frames(args: tuple) -> dict[str, pd.DataFrame]:
    return _batch_tables(*args)


def _workers(workers: int | None) -> int:
    return max(1, min(workers or os.cpu_count() or 1, 4))


def write_national(
    out: str | os.PathLike,
    *,
    seed: int = 2026,
    scale: float = 1.0,
    years: Sequence[int] = DEFAULT_YEARS,
    batch_regions: int = BATCH_REGIONS,
    workers: int | None = None,
) -> dict[str, int]:
    """Generate the national data and write them as Parquet, one file per table.

    Parameters
    ----------
    out : path
        Folder to write (``<table>.parquet`` and ``provenance.json``); files appear only when
        all are complete.
    seed, scale, years
        As for :func:`asnpolicy.synth.generate`.
    batch_regions : int
        Regions drawn together; memory grows with it.
    workers : int, optional
        Processes drawing batches (default: the CPU count, at most 4).

    Returns
    -------
    dict
        Rows written per table.
    """
    out = Path(out)
    writers: dict[str, pq.ParquetWriter] = {}
    rows: dict[str, int] = {}
    with staging(out.parent) as tmp:
        try:
            for batch in _batches(
                _batch_arrow, seed, years, scale, batch_regions, _workers(workers)
            ):
                for name, table in batch.items():
                    if name not in writers:
                        writers[name] = pq.ParquetWriter(tmp / f"{name}.parquet", table.schema)
                    writers[name].write_table(table.cast(writers[name].schema))
                    rows[name] = rows.get(name, 0) + table.num_rows
        finally:
            for writer in writers.values():
                writer.close()
        record = {
            "synthetic": True,
            "source": f"synthetic national (seed {seed}, scale {scale:g})",
            "asnpolicy_version": package_version(),
            "seed": seed,
            "scale": scale,
            "as_of": f"{A.REFERENCE_YEAR}-12-31",
        }
        (tmp / PROVENANCE_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        out.mkdir(parents=True, exist_ok=True)
        for written in sorted(tmp.iterdir()):
            os.replace(written, out / written.name)
    return {name: rows[name] for name in TABLES if name in rows}


def national_dataset(
    *,
    seed: int = 2026,
    scale: float = 1.0,
    years: Sequence[int] = DEFAULT_YEARS,
    batch_regions: int = BATCH_REGIONS,
    workers: int | None = None,
) -> Dataset:
    """The national data in memory: the batches of :func:`write_national`, concatenated.

    Each batch is validated as it is drawn and the batches share no id, so the whole is valid
    without a second pass. ``truth`` holds the seed, scale and region parameters only (the
    per-person truth of 550 regions would double the memory).
    """
    parts: dict[str, list[pd.DataFrame]] = {}
    for batch in _batches(_batch_frames, seed, years, scale, batch_regions, _workers(workers)):
        for name, frame in batch.items():
            parts.setdefault(name, []).append(frame)
    tables = {name: pd.concat(frames, ignore_index=True) for name, frames in parts.items()}
    source = f"synthetic national (seed {seed}, scale {scale:g})"
    truth = {
        "seed": seed,
        "scale": scale,
        "reference_year": A.REFERENCE_YEAR,
        "regions": tables["regions"],
    }
    return Dataset(**tables, source=source, truth=truth, synthetic=True)
