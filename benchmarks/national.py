"""The national scenario: about 550 regions generated into Parquet, then every analysis.

Run by ``benchmarks/run.py`` as child processes, one per step:

``python -m benchmarks.national generate DIR [SCALE]``
    ``synth.write_national``: the national data as Parquet.
``python -m benchmarks.national generate-floor DIR REF``
    The floor of generation: as many random cells as the tables in ``REF`` have, drawn with
    numpy and written as Parquet with the same column types.
``python -m benchmarks.national analyses DIR``
    Load (read + validate) and every analysis entry point, each timed.
``python -m benchmarks.national analyses-floor DIR``
    The floor of the analyses: read the same Parquet files and one groupby per table.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .measure import Stopwatch, emit, peak_rss_mib

#: The PPPK technical pass mark the simulator uses (its assumption `pppk_technical_pass_mark`).
PPPK_PASS = 248


def generate(out: str, scale: float = 1.0) -> None:
    from asnpolicy.synth.national import write_national

    start = time.perf_counter()
    rows = write_national(out, scale=scale)
    emit({"seconds": time.perf_counter() - start, "rows": rows, "peak_mib": peak_rss_mib()})


def generate_floor(out: str, reference: str) -> None:
    """Random cells of the same count and types as the reference tables, written as Parquet."""
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    Path(out).mkdir(parents=True, exist_ok=True)
    for file in sorted(Path(reference).glob("*.parquet")):
        schema = pq.read_schema(file)
        n = pq.ParquetFile(file).metadata.num_rows
        columns = {}
        for f in schema:
            if pa.types.is_string(f.type) or pa.types.is_large_string(f.type):
                # numbers written as text by Arrow: the cheapest way to a column of ids
                columns[f.name] = pa.array(rng.integers(0, 10**7, n)).cast(pa.large_string())
            elif pa.types.is_boolean(f.type):
                columns[f.name] = pa.array(rng.random(n) < 0.5)
            elif pa.types.is_timestamp(f.type):
                columns[f.name] = pa.array(rng.integers(0, 10**9, n).astype("datetime64[s]"))
            else:
                columns[f.name] = pa.array(rng.random(n) * 100)
        pq.write_table(pa.table(columns), Path(out) / file.name)
    emit({"seconds": time.perf_counter() - start, "peak_mib": peak_rss_mib()})


def _analyses(ds) -> dict:
    """Every analysis entry point over the whole nation, as the notebooks call them."""
    import asnpolicy as ap

    applicants = ds.applicants.assign(
        region_id=ap.keys.lookup(
            ds.applicants["formasi_id"], ds.formasi.set_index("formasi_id")["region_id"]
        )
    )
    return {
        "staffing gap": lambda: ap.workforce.staffing_gap(ds),
        "retirement projection": lambda: ap.workforce.retirement_projection(ds, years=5),
        "apply_rules": lambda: ap.selection.apply_rules(
            ds.applicants, ds.formasi, pppk_technical_pass=PPPK_PASS
        ),
        "funnel": lambda: ap.funnel.funnel(ds, by="region_id", pppk_technical_pass=PPPK_PASS),
        "adverse impact": lambda: ap.fairness.adverse_impact(
            applicants, "gender", selected="hired"
        ),
        "panel reliability": lambda: ap.reliability.panel_reliability(ds),
        "IKM per unit": lambda: ap.satisfaction.ikm(ds.skm, by="unit_id"),
        "method validity (bootstrap 200)": lambda: ap.validity.method_validity(ds, n_boot=200),
        "scorecard": lambda: ap.compare.scorecard(ds, n_boot=200),
    }


def analyses(data: str) -> None:
    import asnpolicy as ap

    watch = Stopwatch()
    ds = watch.time("load (read + validate)", ap.load_dataset, data)
    rows = {name: len(frame) for name, frame in ds}
    for name, run in _analyses(ds).items():
        watch.time(name, run)
    emit({"steps": watch.times, "rows": rows, "peak_mib": peak_rss_mib()})


def analyses_floor(data: str) -> None:
    """Read every Parquet file and group it once by its first column."""
    watch = Stopwatch()
    tables = {}
    for file in sorted(Path(data).glob("*.parquet")):
        tables[file.stem] = watch.time(f"read {file.stem}", pd.read_parquet, file)
    for name, frame in tables.items():
        watch.time(f"groupby {name}", lambda f=frame: f.groupby(f.columns[0]).size())
    read = sum(v for k, v in watch.times.items() if k.startswith("read"))
    group = sum(v for k, v in watch.times.items() if k.startswith("groupby"))
    emit({"steps": {"read": read, "groupby": group}, "peak_mib": peak_rss_mib()})


def snapshot(data: str, out: str) -> None:
    """Load (read + validate) the national data once and write the validated snapshot,
    partitioned by region, as the report runner does."""
    import asnpolicy as ap

    watch = Stopwatch()
    ds = watch.time("load", ap.load_dataset, data)
    watch.time("snapshot", ds.save, out, format="parquet", partition_by="region_id")
    emit({"steps": watch.times, "peak_mib": peak_rss_mib()})


def region_load(snapshot: str, region: str) -> None:
    """One region's Dataset from the snapshot, in a fresh process (its peak memory is the
    process's)."""
    import asnpolicy as ap

    ap.load_dataset  # the loader's own import is not the load  # noqa: B018
    watch = Stopwatch()
    ds = watch.time("load", ap.load_dataset, snapshot, region=region)
    emit(
        {
            "seconds": watch.times["load"],
            "rows": {name: len(frame) for name, frame in ds},
            "peak_mib": peak_rss_mib(),
        }
    )


def region_floor(snapshot: str, region: str) -> None:
    """Read the region's partition files with pyarrow into pandas, nothing else."""
    from asnpolicy.snapshot import partition_name

    folder = partition_name(region)  # region_id=<encoded id>
    start = time.perf_counter()
    files = sorted(Path(snapshot).glob(f"*/{folder}/*"))
    rows = sum(len(pq.read_table(file).to_pandas()) for file in files)
    emit({"seconds": time.perf_counter() - start, "rows": rows, "peak_mib": peak_rss_mib()})


if __name__ == "__main__":
    step, *args = sys.argv[1:]
    {
        "generate": lambda: generate(args[0], float(args[1]) if len(args) > 1 else 1.0),
        "generate-floor": lambda: generate_floor(*args),
        "analyses": lambda: analyses(*args),
        "analyses-floor": lambda: analyses_floor(*args),
        "snapshot": lambda: snapshot(*args),
        "region-load": lambda: region_load(*args),
        "region-floor": lambda: region_floor(*args),
    }[step]()
