"""The national reports scenario: ``asnpolicy report`` for some regions of the national data,
projected to all of them, on local worker processes and on a local Dask cluster.

``python -m benchmarks.national_reports DATA OUT N_REGIONS WORKERS [dask]``
    Runs every report notebook for the first N_REGIONS regions of DATA (in study order) with
    WORKERS local workers, or, with ``dask``, on a ``distributed.LocalCluster`` of WORKERS
    single-threaded worker processes through ``--scheduler``. Reports the wall time, the time
    before the first run started (the runner's fixed part: read and validate the input once,
    write the partitioned snapshot, compute the scorecard notebook 04 reads), the time of the
    runs, and each run's duration from the manifest (``runs.json``).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .measure import emit


def regions_of(data: str, n: int) -> list[str]:
    import pyarrow.parquet as pq

    from asnpolicy.regions import study_order

    ids = pq.read_table(Path(data) / "regions.parquet", columns=["region_id"]).column(0)
    return sorted(ids.to_pylist(), key=study_order)[:n]


def breakdown(out: Path, runs: dict) -> dict:
    """Where each notebook's runs spend their time (medians, seconds): ``run`` (the manifest's
    duration), ``cells`` (papermill's time of every cell), ``setup`` (the first two code
    cells: parameters, imports and loading the region), ``kernel`` (papermill's time outside
    the cells: starting and stopping the kernel) and ``export`` (the rest of the run: HTML,
    workbook, Word file)."""
    parts: dict[str, dict[str, list[float]]] = {}
    for entry in runs.values():
        if entry["status"] != "ok" or not entry.get("executed"):
            continue
        executed = json.loads((out / entry["executed"]).read_text(encoding="utf-8"))
        cells = [
            c["metadata"]["papermill"].get("duration") or 0.0
            for c in executed["cells"]
            if c["cell_type"] == "code"
        ]
        total = executed["metadata"]["papermill"]["duration"]
        found = parts.setdefault(entry["notebook"], {})
        for name, value in (
            ("run", entry["duration_s"]),
            ("cells", sum(cells)),
            ("setup", sum(cells[:3])),  # injected parameters, parameters, imports and load
            ("kernel", total - sum(cells)),
            ("export", entry["duration_s"] - total),
        ):
            found.setdefault(name, []).append(value)
    return {
        notebook: {name: statistics.median(values) for name, values in found.items()}
        for notebook, found in sorted(parts.items())
    }


def main(data: str, out: str, n_regions: int, workers: int, dask: bool = False) -> None:
    regions = regions_of(data, n_regions)
    cli = str(Path(sys.executable).parent / "asnpolicy")
    cmd = [cli, "report", "--data", data, "--region", *regions, "--out", out, "--no-progress"]
    cluster = None
    if dask:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)
        cmd += ["--scheduler", cluster.scheduler_address]
    else:
        cmd += ["--workers", str(workers)]
    started = time.time()
    try:
        code = subprocess.run(cmd).returncode
    finally:
        if cluster is not None:
            cluster.close()
    ended = time.time()
    runs = json.loads((Path(out) / "runs.json").read_text(encoding="utf-8"))["runs"]
    finished = [dt.datetime.fromisoformat(r["finished"]).timestamp() for r in runs.values()]
    starts = [f - r["duration_s"] for f, r in zip(finished, runs.values(), strict=True)]
    emit(
        {
            "breakdown": breakdown(Path(out), runs),
            "returncode": code,
            "regions": len(regions),
            "runs": len(runs),
            "ok": sum(r["status"] == "ok" for r in runs.values()),
            "wall_s": ended - started,
            "fixed_s": min(starts) - started,
            "runs_s": ended - min(starts),
            "durations": sorted(r["duration_s"] for r in runs.values()),
        }
    )
    if code:
        sys.exit(code)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), "dask" in sys.argv[5:])
