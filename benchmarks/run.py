"""``make bench``: every scenario several times, beside its floor measured in the same run.

Usage: ``python -m benchmarks.run [--scenario reports national interactive imports]
[--repeat N]``.
Prints one table (median, min and max wall time, peak memory, floor, ratio, target) and writes
it as JSON (default ``benchmarks/results.json``). The scenarios and their floors:

reports
    ``asnpolicy report`` for the four regions (every notebook, HTML and index) against the
    floor of as many notebooks that only import pandas, matplotlib and scikit-learn and draw
    one figure, exported to HTML, with the same number of workers; and against ``papermill``
    plus ``jupyter nbconvert`` run from the shell once per notebook.
national
    ``synth.write_national`` (about 550 regions) against drawing as many random cells and
    writing them as Parquet; then loading it and every analysis entry point against reading
    the same Parquet files and one groupby per table.
interactive
    Each public analysis function on one region of the sample against one groupby per table
    of that region; and one update of each 05_explore panel (a widget value changed, the
    panel recomputed and redrawn), target < 0.3 s.
startup
    ``import asnpolicy`` in a fresh process against ``import pandas, numpy`` alone, and which
    heavy libraries (scikit-learn, statsmodels, scipy, matplotlib) the import loads.
imports
    ``asnpolicy import`` (``imports.run.import_files``) of every KIND of the four regions'
    exports (``synth.write_exports``) into fresh folders, against reading the same files with
    pandas; and of a national-size SIASN export (4.3 million rows, also at an eighth of that
    size) against ``pandas.read_csv`` of it (``benchmarks/imports.py``).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .measure import Sample, machine, metered, summary

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ["bangko", "batanghari", "pauh", "bukittinggi"]

#: The targets of issue 8 (on the 2-core, 24 GiB machine).
REPORTS_MAX_RATIO = 1.5
SHELL_MIN_SPEEDUP = 3.0
NATIONAL_GENERATE_MAX_S = 180.0
INTERACTIVE_MAX_S = 0.5
#: The target of issue 19: one update of a 05_explore panel.
EXPLORE_UPDATE_MAX_S = 0.3
#: The targets of issue 20 (the national analyses' tighten those of issue 8: 120 s, 5x, 12 GiB).
NATIONAL_ANALYSES_MAX_S = 90.0
NATIONAL_ANALYSES_MAX_RATIO = 4.0
NATIONAL_MAX_PEAK_GIB = 10.0
STARTUP_MAX_RATIO = 1.1
REGION_LOAD_MAX_S = 2.0
REGION_LOAD_MAX_GIB = 1.0
NATIONAL_REPORTS_MAX_S = 3600.0
NATIONAL_REPORTS_REGIONS = 20
INTERACTIVE_MAX_S_ISSUE20 = 0.3
SCORECARD_MAX_S = 0.5
#: The targets of issue 18.
IMPORTS_REGIONS_MAX_S = 10.0
IMPORTS_NATIONAL_MAX_S = 180.0
IMPORTS_NATIONAL_MAX_PEAK_GIB = 8.0
IMPORTS_NATIONAL_ROWS = 4_300_000


def _row(scenario, step, values, *, peak=None, floor=None, target="", ok=None, note="") -> dict:
    row = {"scenario": scenario, "step": step, **summary(values), "peak_mib": peak}
    row["floor_median"] = floor
    row["ratio"] = (row["median"] / floor) if floor else None
    row.update(target=target, ok=ok, note=note)
    return row


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


def reports(repeat: int, workers: int, work: Path, shell_repeat: int) -> list[dict]:
    data = str(ROOT / "data" / "sample")
    cli = str(Path(sys.executable).parent / "asnpolicy")
    runs: list[Sample] = []
    floors: list[Sample] = []
    from asnpolicy.reports.plan import find_notebooks

    n_notebooks = len(find_notebooks(ROOT / "notebooks"))  # the report notebooks
    n_runs = n_notebooks * len(REGIONS)
    for i in range(repeat):
        out = work / f"reports-{i}"
        runs.append(
            metered(
                [cli, "report", "--data", data, "--region", *REGIONS, "--out", str(out),
                 "--workers", str(workers), "--no-progress"],
                cwd=str(ROOT),
            )
        )  # fmt: skip
        floors.append(
            metered(
                _python("-m", "benchmarks.reports", "floor", str(work / f"floor-{i}"),
                        str(n_runs), str(workers)),
                cwd=str(ROOT),
            )
        )  # fmt: skip
    wall = [s.wall_s for s in runs]
    floor = summary([s.wall_s for s in floors])["median"]
    median = summary(wall)["median"]
    rows = [
        _row("reports", f"floor: {n_runs} minimal notebooks + HTML, {workers} workers",
             [s.wall_s for s in floors], peak=max(s.peak_mib for s in floors)),
        _row("reports", f"asnpolicy report: {len(REGIONS)} regions x {n_notebooks} notebooks "
             f"+ index, {workers} workers", wall, peak=max(s.peak_mib for s in runs),
             floor=floor, target=f"<= {REPORTS_MAX_RATIO}x floor",
             ok=median <= REPORTS_MAX_RATIO * floor),
    ]  # fmt: skip
    if shell_repeat:
        shells = [
            metered(
                _python("-m", "benchmarks.reports", "shell", str(work / f"shell-{i}"), data,
                        *REGIONS),
                cwd=str(ROOT),
            )
            for i in range(shell_repeat)
        ]  # fmt: skip
        shell_wall = [s.wall_s for s in shells]
        speedup = summary(shell_wall)["median"] / median
        rows.append(
            _row("reports", "shell: papermill + jupyter nbconvert once per notebook",
                 shell_wall, peak=max(s.peak_mib for s in shells),
                 target=f"asnpolicy report >= {SHELL_MIN_SPEEDUP}x faster",
                 ok=speedup >= SHELL_MIN_SPEEDUP,
                 note=f"asnpolicy report is {speedup:.1f}x faster")
        )  # fmt: skip
    return rows


def national(repeat: int, work: Path, scale: float, reuse: str | None = None) -> list[dict]:
    """Generate (unless ``reuse`` names national data written before), load, analyse; then
    the validated snapshot partitioned by region and one region's load from it."""
    if reuse:
        return _national_analyses(repeat, Path(reuse), [], []) + _snapshot_rows(
            repeat, Path(reuse), work
        )
    data = work / "national"
    gens, gen_floors = [], []
    for i in range(repeat):
        shutil.rmtree(data, ignore_errors=True)
        gens.append(metered(_python("-m", "benchmarks.national", "generate", str(data),
                                    str(scale)), cwd=str(ROOT)))  # fmt: skip
        gen_floors.append(
            metered(_python("-m", "benchmarks.national", "generate-floor",
                            str(work / f"national-floor-{i}"), str(data)), cwd=str(ROOT))
        )  # fmt: skip
        shutil.rmtree(work / f"national-floor-{i}", ignore_errors=True)
    return _national_analyses(repeat, data, gens, gen_floors) + _snapshot_rows(repeat, data, work)


def _national_analyses(repeat: int, data: Path, gens: list, gen_floors: list) -> list[dict]:
    loads, floors = [], []
    for _ in range(repeat):
        floors.append(metered(_python("-m", "benchmarks.national", "analyses-floor", str(data)),
                              cwd=str(ROOT)))  # fmt: skip
        loads.append(metered(_python("-m", "benchmarks.national", "analyses", str(data)),
                             cwd=str(ROOT)))  # fmt: skip
    floor_total = [sum(s.report["steps"].values()) for s in floors]
    floor_read = summary([s.report["steps"]["read"] for s in floors])["median"]
    floor_median = summary(floor_total)["median"]
    steps = loads[0].report["steps"]
    analysis_names = [k for k in steps if not k.startswith("load")]
    total = [sum(s.report["steps"][k] for k in analysis_names) for s in loads]
    peak = max(s.peak_mib for s in [*gens, *loads])
    out = []
    if gens:
        gen_wall = [s.report["seconds"] for s in gens]
        size = ", ".join(f"{k} {v:,}" for k, v in gens[-1].report["rows"].items())
        out.append(
            _row("national", "generate + write Parquet (synth.write_national)", gen_wall,
                 peak=max(s.peak_mib for s in gens),
                 floor=summary([s.report["seconds"] for s in gen_floors])["median"],
                 target=f"< {NATIONAL_GENERATE_MAX_S:.0f} s",
                 ok=summary(gen_wall)["median"] < NATIONAL_GENERATE_MAX_S, note=size)
        )  # fmt: skip
    out += [
        _row("national", "floor: read Parquet + one groupby per table", floor_total,
             peak=max(s.peak_mib for s in floors)),
        _row("national", "load_dataset (read + validate)",
             [s.report["steps"]["load (read + validate)"] for s in loads], floor=floor_read),
    ]  # fmt: skip
    for name in analysis_names:
        out.append(
            _row("national", name, [s.report["steps"][name] for s in loads], floor=floor_median)
        )
    med = summary(total)["median"]
    out.append(
        _row("national", "all analyses together", total,
             peak=max(s.peak_mib for s in loads), floor=floor_median,
             target=f"< {NATIONAL_ANALYSES_MAX_S:.0f} s, <= {NATIONAL_ANALYSES_MAX_RATIO}x floor",
             ok=med < NATIONAL_ANALYSES_MAX_S and med <= NATIONAL_ANALYSES_MAX_RATIO * floor_median)
    )  # fmt: skip
    out.append(
        _row("national", "peak memory of any step (MiB)", [peak], peak=peak,
             target=f"< {NATIONAL_MAX_PEAK_GIB:.0f} GiB", ok=peak < NATIONAL_MAX_PEAK_GIB * 1024,
             note="the value columns are MiB, not seconds")
    )  # fmt: skip
    return out


def _snapshot_rows(repeat: int, data: Path, work: Path) -> list[dict]:
    """The validated snapshot written once, then one region read from it (fresh processes)."""
    import pyarrow.parquet as pq

    from asnpolicy.regions import study_order

    snap = work / "national-snapshot"
    shutil.rmtree(snap, ignore_errors=True)
    written = metered(_python("-m", "benchmarks.national", "snapshot", str(data), str(snap)),
                      cwd=str(ROOT))  # fmt: skip
    ids = pq.read_table(data / "regions.parquet", columns=["region_id"]).column(0).to_pylist()
    region = sorted(ids, key=study_order)[0]
    loads, floors = [], []
    for _ in range(repeat):
        step = ["-m", "benchmarks.national"]
        floors.append(metered(_python(*step, "region-floor", str(snap), region), cwd=str(ROOT)))
        loads.append(metered(_python(*step, "region-load", str(snap), region), cwd=str(ROOT)))
    seconds = [s.report["seconds"] for s in loads]
    floor = summary([s.report["seconds"] for s in floors])["median"]
    peak = max(s.peak_mib for s in loads)
    rows = loads[0].report["rows"]
    return [
        _row("national", "validated snapshot partitioned by region (Dataset.save "
             "partition_by='region_id'), after the load", [written.report["steps"]["snapshot"]],
             peak=written.peak_mib),
        _row("national", f"floor: pyarrow reads one region's partitions ({region})",
             [s.report["seconds"] for s in floors], peak=max(s.peak_mib for s in floors)),
        _row("national", f"load_dataset(snapshot, region={region!r}), no revalidation",
             seconds, peak=peak, floor=floor,
             target=f"< {REGION_LOAD_MAX_S:.0f} s, < {REGION_LOAD_MAX_GIB:.0f} GiB",
             ok=summary(seconds)["median"] < REGION_LOAD_MAX_S
             and peak < REGION_LOAD_MAX_GIB * 1024,
             note=f"{sum(rows.values()):,} rows; peak memory of the whole process"),
    ]  # fmt: skip


def national_generate_only(data: str, scale: float) -> None:
    metered(_python("-m", "benchmarks.national", "generate", data, str(scale)), cwd=str(ROOT))


def national_reports(work: Path, data: str, n_regions: int, workers: int) -> list[dict]:
    """``asnpolicy report`` for ``n_regions`` regions of the national data, projected to all
    of them; then the same on a local Dask cluster of as many workers."""
    import pyarrow.parquet as pq

    total = pq.read_metadata(Path(data) / "regions.parquet").num_rows
    rows = []
    for mode in ("local", "dask"):
        out = work / f"national-reports-{mode}"
        args = [data, str(out), str(n_regions), str(workers), *(["dask"] if mode == "dask" else [])]
        sample = metered(_python("-m", "benchmarks.national_reports", *args), cwd=str(ROOT))
        shutil.rmtree(out, ignore_errors=True)
        rows += national_reports_rows(sample.report, mode, total, workers, sample.peak_mib)
    return rows


def national_reports_rows(
    r: dict, mode: str, total: int, workers: int, peak: float | None
) -> list[dict]:
    """The rows of one run of ``benchmarks.national_reports`` (its report ``r``): the run,
    and its projection to all ``total`` regions."""
    projected = r["fixed_s"] + r["runs_s"] * total / r["regions"]
    median_run = summary(r["durations"])["median"]
    where = (
        f"{workers} local worker processes"
        if mode == "local"
        else f"a local Dask cluster of {workers} single-threaded workers (--scheduler)"
    )
    return [
        _row("national reports", f"asnpolicy report: {r['regions']} regions x "
             f"{r['runs'] // r['regions']} notebooks on {where}", [r["wall_s"]], peak=peak,
             note=f"{r['ok']} of {r['runs']} runs ok; before the first run (read and "
             f"validate the nation, write the snapshot, the scorecard and the pooled panels) "
             f"{r['fixed_s']:.0f} s; runs {r['runs_s']:.0f} s, median run {median_run:.1f} s; "
             f"{_breakdown_note(r.get('breakdown', {}))}"),
        _row("national reports", f"projection to all {total} regions ({mode}): fixed part + "
             f"runs x {total}/{r['regions']}", [projected],
             target=f"< {NATIONAL_REPORTS_MAX_S / 60:.0f} min" if mode == "local" else "",
             ok=projected < NATIONAL_REPORTS_MAX_S if mode == "local" else None,
             note="a projection, not a run"),
    ]  # fmt: skip


def _breakdown_note(found: dict) -> str:
    """Each notebook's median run and its parts (benchmarks.national_reports.breakdown)."""
    return "; ".join(
        f"{name[:2]}: run {b['run']:.1f} s = kernel {b['kernel']:.1f} + setup {b['setup']:.1f}"
        f" + other cells {b['cells'] - b['setup']:.1f} + export {b['export']:.1f}"
        for name, b in found.items()
    )


def interactive(repeat: int, region: str) -> list[dict]:
    data = str(ROOT / "data" / "sample")
    sample = metered(_python("-m", "benchmarks.interactive", data, region, str(repeat)),
                     cwd=str(ROOT))  # fmt: skip
    times = sample.report["times"]
    floor_name = next(k for k in times if k.startswith("floor"))
    floor = summary(times[floor_name])["median"]
    floor_step = f"{floor_name} ({region})"
    rows = [_row("interactive", floor_step, times[floor_name], peak=sample.peak_mib)]
    for name, values in times.items():
        if name == floor_name:
            continue
        limit = EXPLORE_UPDATE_MAX_S if name.startswith("explore") else INTERACTIVE_MAX_S
        ok = summary(values)["median"] < limit
        rows.append(_row("interactive", name, values, floor=floor, target=f"< {limit} s", ok=ok))
    return rows


def startup(repeat: int) -> list[dict]:
    """``import asnpolicy`` against ``import pandas, numpy``, alternated, each in a fresh
    process (the operating system's file cache is warm after the first pair, as for a user)."""
    runs, floors, loaders = [], [], []
    for i in range(repeat + 1):
        floor = metered(_python("-m", "benchmarks.startup", "pandas,numpy"), cwd=str(ROOT))
        run = metered(_python("-m", "benchmarks.startup", "asnpolicy"), cwd=str(ROOT))
        loader = metered(_python("-m", "benchmarks.startup", "asnpolicy:load_dataset"),
                         cwd=str(ROOT))  # fmt: skip
        if i:  # the first round warms the file cache
            floors.append(floor)
            runs.append(run)
            loaders.append(loader)
    floor_s = summary([s.report["seconds"] for s in floors])["median"]
    seconds = [s.report["seconds"] for s in runs]
    heavy = sorted({h for s in runs for h in s.report["heavy"]})
    ratio = summary(seconds)["median"] / floor_s
    return [
        _row("startup", "floor: import pandas, numpy", [s.report["seconds"] for s in floors],
             peak=max(s.peak_mib for s in floors)),
        _row("startup", "import asnpolicy", seconds, peak=max(s.peak_mib for s in runs),
             floor=floor_s, target=f"<= {STARTUP_MAX_RATIO}x floor, no heavy library",
             ok=ratio <= STARTUP_MAX_RATIO and not heavy,
             note="heavy libraries loaded: " + (", ".join(heavy) or "none")),
        _row("startup", "import asnpolicy and reach asnpolicy.load_dataset (the loader, "
             "pandera schemas)", [s.report["seconds"] for s in loaders],
             peak=max(s.peak_mib for s in loaders), floor=floor_s,
             note="heavy libraries loaded: "
             + (", ".join(sorted({h for s in loaders for h in s.report["heavy"]})) or "none")),
    ]  # fmt: skip


def _guarded(cmd: list[str]) -> tuple[Sample | None, float, str]:
    """A metered run of a step under the imports memory guard: the sample, or None with the
    wall time until the guard stopped it and its message."""
    start = time.perf_counter()
    try:
        return metered(cmd, cwd=str(ROOT)), time.perf_counter() - start, ""
    except RuntimeError as err:
        stopped = [line for line in str(err).splitlines() if line.startswith("BENCH_GUARD")]
        if not stopped:
            raise
        return None, time.perf_counter() - start, stopped[0].removeprefix("BENCH_GUARD ")


def imports(repeat: int, work: Path, national_rows: int, national_repeat: int) -> list[dict]:
    """The four regions' exports, then the national SIASN export at 1/8 and full size."""
    from .imports import KINDS

    bench = work / "imports"
    data = str(ROOT / "data" / "sample")
    written = metered(_python("-m", "benchmarks.imports", "write", str(bench), data),
                      cwd=str(ROOT))  # fmt: skip
    floors, runs = [], []
    for i in range(repeat):
        floors.append(metered(_python("-m", "benchmarks.imports", "regions-floor", str(bench)),
                              cwd=str(ROOT)))  # fmt: skip
        runs.append(metered(_python("-m", "benchmarks.imports", "regions", str(bench),
                                    str(work / f"imports-out-{i}")), cwd=str(ROOT)))  # fmt: skip
        shutil.rmtree(work / f"imports-out-{i}", ignore_errors=True)

    def total(sample: Sample, kind: str | None = None) -> float:
        return sum(t for by_kind in sample.report["times"].values()
                   for k, t in by_kind.items() if kind in (None, k))  # fmt: skip

    size = sum(written.report["bytes"].values()) / 2**20
    floor_all = summary([total(s) for s in floors])["median"]
    med = summary([total(s) for s in runs])["median"]
    per_region = ", ".join(
        f"{r} {summary([sum(s.report['times'][r].values()) for s in runs])['median']:.1f} s"
        for r in runs[0].report["times"]
    )
    rows = [
        _row("imports", f"floor: pandas reads the {len(REGIONS)} regions' export files "
             "(read_csv; read_excel with calamine)", [total(s) for s in floors],
             peak=max(s.peak_mib for s in floors),
             note=f"{size:.1f} MiB of export files written by synth.write_exports in "
             f"{written.report['seconds']:.0f} s (not timed)"),
    ]  # fmt: skip
    for kind in KINDS:
        rows.append(
            _row("imports", f"import {kind} ({len(REGIONS)} regions)",
                 [total(s, kind) for s in runs],
                 floor=summary([total(s, kind) for s in floors])["median"])
        )  # fmt: skip
    rows.append(
        _row("imports", f"import every KIND of the {len(REGIONS)} regions, fresh folders",
             [total(s) for s in runs], peak=max(s.peak_mib for s in runs), floor=floor_all,
             target=f"< {IMPORTS_REGIONS_MAX_S:.0f} s", ok=med < IMPORTS_REGIONS_MAX_S,
             note=f"{per_region}; times inside the process (module imports "
             f"{runs[0].report['modules_s']:.1f} s apart); CPU "
             f"{summary([s.report['cpu_s'] for s in runs])['median']:.1f} s, load average "
             f"{max(s.report['load'] for s in runs):.1f} at the start")
    )  # fmt: skip
    for n in (national_rows // 8, national_rows):
        rows += _national_import(bench, work, n, national_repeat, full=n == national_rows)
    return rows


def _national_import(bench: Path, work: Path, n: int, repeat: int, *, full: bool) -> list[dict]:
    """The SIASN export of ``n`` rows: made, read by pandas (floor) and imported."""
    from .imports import MEMORY_GUARD_GIB

    step = ["-m", "benchmarks.imports"]
    made = metered(_python(*step, "national-file", str(bench), str(n)), cwd=str(ROOT))
    made_note = (f"{made.report['bytes'] / 2**30:.2f} GiB file, written in "
                 f"{made.report['seconds']:.0f} s (not timed)")  # fmt: skip
    floors, runs = [], []
    for i in range(repeat):
        floors.append(_guarded(_python(*step, "national-floor", str(bench))))
        out = work / f"national-out-{i}"
        runs.append(_guarded(_python(*step, "national", str(bench), str(out))))
        shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(bench / "national", ignore_errors=True)

    def stopped_at(message: str) -> float:  # "stopped at 16.1 GiB" -> MiB
        found = re.search(r"([\d.]+) GiB", message)
        return float(found.group(1)) * 1024 if found else MEMORY_GUARD_GIB * 1024

    rows, floor = [], None
    name = f"floor: pandas.read_csv of the SIASN export, {n:,} rows"
    if all(s is not None for s, _, _ in floors):
        seconds = [s.report["seconds"] for s, _, _ in floors]
        floor = summary(seconds)["median"]
        rows.append(_row("imports", name, seconds, peak=max(s.peak_mib for s, _, _ in floors),
                         note=made_note))  # fmt: skip
    else:
        stop = next(m for s, _, m in floors if s is None)
        note = f"memory guard {stop}; the time is until then ({made_note})"
        rows.append(
            _row("imports", name, [w for _, w, _ in floors], peak=stopped_at(stop), note=note)
        )
    name = f"import siasn: national-size SIASN export, {n:,} rows"
    target = (f"< {IMPORTS_NATIONAL_MAX_S:.0f} s, < {IMPORTS_NATIONAL_MAX_PEAK_GIB:.0f} GiB"
              if full else "")  # fmt: skip
    if all(s is not None for s, _, _ in runs):
        seconds = [s.report["seconds"] for s, _, _ in runs]
        peak = max(s.peak_mib for s, _, _ in runs)
        ok = (summary(seconds)["median"] < IMPORTS_NATIONAL_MAX_S
              and peak < IMPORTS_NATIONAL_MAX_PEAK_GIB * 1024)  # fmt: skip
        rows.append(_row("imports", name, seconds, peak=peak, floor=floor, target=target,
                         ok=ok if full else None,
                         note=f"tables written: {runs[0][0].report['rows']}; CPU "
                         f"{runs[0][0].report['cpu_s']:.0f} s, load average "
                         f"{runs[0][0].report['load']:.1f} at the start"))  # fmt: skip
    else:
        stop = next(m for s, _, m in runs if s is None)
        note = f"memory guard {stop}; the time is until then"
        note += f" (floor {floor:.1f} s)" if floor else ""
        rows.append(_row("imports", name, [w for _, w, _ in runs], peak=stopped_at(stop),
                         target=target, ok=False if full else None, note=note))  # fmt: skip
    return rows


def table(rows: list[dict]) -> str:
    """The rows as a fixed-width text table."""
    head = ("scenario", "step", "n", "median s", "min s", "max s", "peak MiB", "floor s",
            "ratio", "target", "met")  # fmt: skip
    lines = []
    for r in rows:
        lines.append(
            (r["scenario"], r["step"], str(r["n"]), f"{r['median']:.3f}", f"{r['min']:.3f}",
             f"{r['max']:.3f}", f"{r['peak_mib']:.0f}" if r["peak_mib"] else "",
             f"{r['floor_median']:.3f}" if r["floor_median"] else "",
             f"{r['ratio']:.2f}" if r["ratio"] else "", r["target"],
             "" if r["ok"] is None else ("yes" if r["ok"] else "NO"))
        )  # fmt: skip
    widths = [max(len(x) for x in col) for col in zip(head, *lines, strict=True)]
    fmt = "  ".join(f"{{:{'<' if i < 2 or i >= 9 else '>'}{w}}}" for i, w in enumerate(widths))
    text = [fmt.format(*head), fmt.format(*("-" * w for w in widths))]
    text += [fmt.format(*line) for line in lines]
    notes = [f"  {r['step']}: {r['note']}" for r in rows if r.get("note")]
    return "\n".join(text + (["", "Notes:", *notes] if notes else []))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", nargs="+",
                        choices=["reports", "national", "national-reports", "interactive",
                                 "imports", "startup"],
                        default=["startup", "interactive", "reports", "national",
                                 "imports"])  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3, help="runs of each scenario (default 3)")
    parser.add_argument("--national-repeat", type=int, default=2, help="runs of national")
    parser.add_argument("--national-scale", type=float, default=1.0)
    parser.add_argument("--national-data", default=None,
                        help="national Parquet data written before (by synth.write_national): "
                        "not generated again; national-reports needs it")  # fmt: skip
    parser.add_argument("--shell-repeat", type=int, default=1, help="runs of the shell baseline")
    parser.add_argument("--workers", type=int, default=2, help="report workers (default 2)")
    parser.add_argument("--region", default="bangko", help="the interactive region")
    parser.add_argument(
        "--imports-rows",
        type=int,
        default=IMPORTS_NATIONAL_ROWS,
        help="rows of the national SIASN export (default 4.3 million)",
    )
    parser.add_argument("--imports-national-repeat", type=int, default=1,
                        help="runs of the national SIASN import (default 1)")  # fmt: skip
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args(argv)

    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    rows: list[dict] = []

    def save() -> None:
        """Write the rows so far: a run stopped later keeps the scenarios it finished."""
        record = {"started": started, "commit": commit, "machine": machine(), "rows": rows}
        partial = Path(args.out).with_name(f".{Path(args.out).name}.part")
        partial.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        partial.replace(args.out)

    with tempfile.TemporaryDirectory(prefix="asnpolicy-bench-") as tmp:
        work = Path(tmp)
        for scenario in args.scenario:
            print(f"[bench] {scenario} ...", file=sys.stderr, flush=True)
            if scenario == "reports":
                rows += reports(args.repeat, args.workers, work, args.shell_repeat)
            elif scenario == "national":
                rows += national(args.national_repeat, work, args.national_scale,
                                 args.national_data)  # fmt: skip
            elif scenario == "national-reports":
                data = args.national_data or str(work / "national")
                if not Path(data).exists():
                    national_generate_only(data, args.national_scale)
                rows += national_reports(work, data, NATIONAL_REPORTS_REGIONS, args.workers)
            elif scenario == "startup":
                rows += startup(max(args.repeat, 7))
            elif scenario == "imports":
                rows += imports(args.repeat, work, args.imports_rows,
                                args.imports_national_repeat)  # fmt: skip
            else:
                rows += interactive(max(args.repeat, 5), args.region)
            save()
    print(table(rows))
    print(f"\nWritten to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
