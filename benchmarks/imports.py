"""The imports scenario: ``asnpolicy import`` on the four regions' exports and on a national-size
SIASN export, each beside reading the same files with pandas.

``python -m benchmarks.imports STEP ...``, one fresh process per step (the harness measures its
wall time and peak memory):

``write WORK DATA``
    The sample (``DATA``, the folder ``make data`` writes; generated with seed 2026 when absent)
    written as export files per region (``synth.write_exports``) under ``WORK/exports/REGION``,
    a secret key ``WORK/key``, and ``WORK/manifest.json`` listing the files per region and KIND.
``regions WORK OUT``
    ``imports.run.import_files`` of every KIND, in the order siasn, abk, sscasn, link, skp, skm,
    for each region into a fresh folder ``OUT/REGION``; times per region and KIND.
``regions-floor WORK``
    The floor: the same files read with pandas (``read_csv`` with the file's separator,
    ``read_excel`` with calamine, every sheet, all as text).
``national-file WORK ROWS``
    A SIASN 2024 PNS export of ``ROWS`` rows (``WORK/national/siasn_national.csv``): the rows of
    one region's ``siasn_pns.csv`` repeated, each copy with its own pns_id, birth date (shifted
    by up to 180 days), NIP and NIK (built by ``identifiers.make_nip``/``make_nik`` from that
    birth date, the row's TMT CPNS and gender, with serial numbers that keep them unique),
    name and e-mail. Only the identifiers are held for all rows; the text is written in chunks.
``national WORK OUT``
    ``import_files("siasn", [that file, unor.csv])`` into ``OUT``.
``national-floor WORK``
    The floor: ``pandas.read_csv`` of that file (``sep="|"``, ``dtype=str``).

A watchdog process stops the two national steps when their resident memory passes
:data:`MEMORY_GUARD_GIB` (twice the target), so a step that does not fit cannot take the
machine down; it prints ``BENCH_GUARD`` and the harness records a miss.

Times are measured inside the process around the work (module imports and process start are
reported apart); memory is the process's peak resident set.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .measure import emit, peak_rss_mib

REGIONS = ["bangko", "batanghari", "pauh", "bukittinggi"]
#: The order in which an analyst imports a region's exports (units before the tables that
#: refer to them; the link file after the SSCASN results it links).
KINDS = ["siasn", "abk", "sscasn", "link", "skp", "skm"]
#: The region whose SIASN export is repeated to national size.
NATIONAL_BASE = "bangko"
NATIONAL_FILE = "siasn_national.csv"
#: Rows per chunk written to the national file.
CHUNK_ROWS = 100_000
#: The national steps are stopped when their resident memory passes this (GiB; the
#: environment variable ``BENCH_MEMORY_GUARD_GIB`` overrides it on a smaller machine).
MEMORY_GUARD_GIB = float(os.environ.get("BENCH_MEMORY_GUARD_GIB", "16"))

_WATCHDOG = """
import os, signal, sys, time
pid, limit_kib = int(sys.argv[1]), int(sys.argv[2])
while True:
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        break
    if rss > limit_kib:
        print(f"BENCH_GUARD stopped at {rss / 2**20:.1f} GiB", flush=True)
        os.kill(pid, signal.SIGKILL)
        break
    time.sleep(0.2)
"""


def _manifest(work: Path) -> dict:
    return json.loads((work / "manifest.json").read_text("utf-8"))


def write(work: Path, data: Path) -> None:
    """Export files of the four regions, the key and the manifest."""
    start = time.perf_counter()
    import asnpolicy as ap
    from asnpolicy.identifiers import new_key
    from asnpolicy.synth import write_exports

    if (data / "employees.csv").is_file():
        ds = ap.load_dataset(data)
    else:
        ds = ap.synth.generate(seed=2026)
    work.mkdir(parents=True, exist_ok=True)
    key = work / "key"
    if not key.exists():
        new_key(key)
    files = {}
    for region in REGIONS:
        written = write_exports(ds, region, work / "exports" / region)
        files[region] = {kind: [str(p) for p in written[kind]] for kind in KINDS}
    (work / "manifest.json").write_text(json.dumps({"key": str(key), "files": files}), "utf-8")
    sizes = {
        region: sum(Path(p).stat().st_size for paths in kinds.values() for p in paths)
        for region, kinds in files.items()
    }
    emit({"seconds": time.perf_counter() - start, "bytes": sizes})


def _warm_up_imports() -> float:
    """Import what ``import_files`` loads lazily, so the timings are the work alone."""
    start = time.perf_counter()
    import importlib

    import openpyxl  # noqa: F401  (the mapping workbook)
    import python_calamine  # noqa: F401

    for kind in KINDS:
        importlib.import_module(f"asnpolicy.imports.{kind}")
    importlib.import_module("asnpolicy.imports.report")
    return time.perf_counter() - start


def regions(work: Path, out: Path) -> None:
    """Every KIND of every region imported into a fresh folder; seconds per region and KIND."""
    start = time.perf_counter()
    from asnpolicy.imports.run import import_files

    modules = time.perf_counter() - start + _warm_up_imports()
    manifest = _manifest(work)
    times: dict[str, dict[str, float]] = {}
    rows: dict[str, dict[str, int]] = {}
    rejected: dict[str, int] = {}
    load, cpu = os.getloadavg()[0], time.process_time()
    for region, files in manifest["files"].items():
        target = out / region
        shutil.rmtree(target, ignore_errors=True)
        times[region], rejected[region] = {}, 0
        for kind in KINDS:
            began = time.perf_counter()
            outcome = import_files(
                kind, files[kind], region=region, key_file=manifest["key"], out=target
            )
            times[region][kind] = time.perf_counter() - began
            rejected[region] += outcome.rejected
        rows[region] = {f.stem: sum(1 for _ in f.open("rb")) - 1 for f in target.glob("*.csv")}
    emit(
        {"times": times, "rows": rows, "rejected": rejected, "modules_s": modules,
         "cpu_s": time.process_time() - cpu, "load": load, "peak_mib": peak_rss_mib()}
    )  # fmt: skip


def _read_with_pandas(path: Path):
    """One export file read as text with pandas alone: every sheet of a workbook (calamine),
    or the CSV with the separator of its first line."""
    import pandas as pd

    if path.suffix.lower() in (".xlsx", ".xls"):
        return pd.read_excel(path, sheet_name=None, dtype=str, engine="calamine")
    with path.open(encoding="utf-8-sig") as f:
        first = f.readline()
    sep = max("|;,\t", key=first.count)
    return pd.read_csv(path, sep=sep, dtype=str, encoding="utf-8-sig")


def regions_floor(work: Path) -> None:
    """The floor of :func:`regions`: the same files read with pandas."""
    start = time.perf_counter()
    import pandas  # noqa: F401
    import python_calamine  # noqa: F401

    modules = time.perf_counter() - start
    manifest = _manifest(work)
    times: dict[str, dict[str, float]] = {}
    for region, files in manifest["files"].items():
        times[region] = {}
        for kind in KINDS:
            began = time.perf_counter()
            for path in files[kind]:
                _read_with_pandas(Path(path))
            times[region][kind] = time.perf_counter() - began
    emit({"times": times, "modules_s": modules, "peak_mib": peak_rss_mib()})


def _national_identifiers(base, n: int, seed: int = 2026):
    """Birth dates, NIPs, NIKs and pns_ids of ``n`` rows made from the rows of ``base``
    (row ``i`` copies base row ``i % len(base)``), all distinct."""
    import numpy as np
    import pandas as pd

    from asnpolicy.identifiers import make_nik, make_nip

    rng = np.random.default_rng(seed)
    take = np.arange(n) % len(base)
    birth = pd.to_datetime(base["tanggal_lahir"], format="%d-%m-%Y").to_numpy()[take]
    birth = pd.Series(birth + rng.integers(-180, 181, n).astype("timedelta64[D]"))
    tmt = pd.to_datetime(base["tmt_cpns"].replace("", pd.NA), format="%d-%m-%Y")
    nip = base["nip_baru"].str.lstrip("'")
    # PNS without a TMT CPNS in the export (none in the sample): the NIP's own TMT
    tmt_year = tmt.dt.year.fillna(nip.str[8:12].astype("int64")).astype("int64").to_numpy()[take]
    tmt_month = tmt.dt.month.fillna(nip.str[12:14].astype("int64")).astype("int64").to_numpy()[take]
    gender = base["jenis_kelamin"].map({"M": "male", "F": "female"}).to_numpy()[take]
    nik = base["nik"].str.lstrip("'")
    area = (nik.str[:2] + "." + nik.str[2:4]).to_numpy()[take]
    kecamatan = nik.str[4:6].astype("int64").to_numpy()[take]
    days = birth.to_numpy().astype("datetime64[D]").astype("int64")
    male = gender == "male"
    nip_group = pd.Series(((days * 10_000 + tmt_year) * 100 + tmt_month) * 2 + male)
    nip_serial = nip_group.groupby(nip_group).cumcount().to_numpy() + 1
    area_code = pd.Series(area).str.replace(".", "", regex=False).astype("int64").to_numpy()
    nik_group = pd.Series(((days * 10_000 + area_code) * 100 + kecamatan) * 2 + male)
    nik_serial = nik_group.groupby(nik_group).cumcount().to_numpy() + 1
    if nip_serial.max() >= 1000 or nik_serial.max() >= 10_000:  # pragma: no cover
        raise RuntimeError("too many rows for distinct NIPs/NIKs; lower ROWS")
    index = pd.RangeIndex(n)
    ids = pd.DataFrame(
        {
            "nip_baru": "'"
            + make_nip(birth, pd.Series(tmt_year, index=index), pd.Series(tmt_month, index=index),
                       pd.Series(gender, index=index), pd.Series(nip_serial, index=index)),
            "tanggal_lahir": birth.dt.strftime("%d-%m-%Y"),
            "nik": "'"
            + make_nik(pd.Series(area, index=index), pd.Series(kecamatan, index=index), birth,
                       pd.Series(gender, index=index), pd.Series(nik_serial, index=index)),
        }
    )  # fmt: skip
    hexes = rng.bytes(16 * n).hex().encode("ascii")
    ids["pns_id"] = pd.Series(np.frombuffer(hexes, dtype="S32").astype("str"), dtype="str")
    return ids, take


def national_file(work: Path, n: int) -> None:
    """The national-size SIASN export, written in chunks (see the module docstring)."""
    start = time.perf_counter()
    import numpy as np
    import pandas as pd

    base_file = Path(_manifest(work)["files"][NATIONAL_BASE]["siasn"][0])
    header = base_file.read_text("utf-8-sig").splitlines()[0]
    base = pd.read_csv(base_file, sep="|", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    ids, take = _national_identifiers(base, n)
    columns = list(base.columns)
    varied = {"pns_id", "nip_baru", "nama", "tanggal_lahir", "nik", "email"}
    # the row as text pieces: the fixed stretches between the varied columns, per base row
    pieces: list[str | np.ndarray] = []
    stretch: list[str] = []

    def close_stretch() -> None:
        if stretch:
            joined = base[stretch[0]].copy()
            for column in stretch[1:]:
                joined = joined + "|" + base[column]
            pieces.append(joined.to_numpy(dtype=object))
            stretch.clear()

    for column in columns:
        if column in varied:
            close_stretch()
            pieces.append(column)
        else:
            stretch.append(column)
    close_stretch()
    target = work / "national" / NATIONAL_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="\n") as f:
        f.write("\ufeff" + header + "\n")
        for lo in range(0, n, CHUNK_ROWS):
            hi = min(n, lo + CHUNK_ROWS)
            number = pd.Series(np.arange(lo + 1, hi + 1)).astype("str").str.zfill(7)
            chunk = ids.iloc[lo:hi].reset_index(drop=True)
            values = {
                **{c: chunk[c] for c in ("pns_id", "nip_baru", "tanggal_lahir", "nik")},
                "nama": "Pegawai " + number,
                "email": "pegawai" + number + "@example.invalid",
            }
            line = None
            for piece in pieces:
                part = (
                    values[piece] if isinstance(piece, str) else pd.Series(piece[take[lo:hi]])
                ).astype("str")
                line = part if line is None else line + "|" + part
            f.write("\n".join(line.tolist()))
            f.write("\n")
    siasn = _manifest(work)["files"][NATIONAL_BASE]["siasn"]
    tree = next(Path(p) for p in siasn if Path(p).name == "unor.csv")
    shutil.copy(tree, target.parent / tree.name)
    emit(
        {"seconds": time.perf_counter() - start, "rows": n, "bytes": target.stat().st_size,
         "peak_mib": peak_rss_mib()}
    )  # fmt: skip


@contextlib.contextmanager
def _memory_guard():
    """A watchdog process that kills this one when its resident memory passes
    :data:`MEMORY_GUARD_GIB` (it prints ``BENCH_GUARD`` first, for the harness)."""
    limit = str(int(MEMORY_GUARD_GIB * 2**20))
    guard = subprocess.Popen([sys.executable, "-c", _WATCHDOG, str(os.getpid()), limit])
    try:
        yield
    finally:
        guard.kill()
        guard.wait()


def national(work: Path, out: Path) -> None:
    """``import_files("siasn", ...)`` of the national file, under the memory guard."""
    with _memory_guard():
        start = time.perf_counter()
        from asnpolicy.imports.run import import_files

        modules = time.perf_counter() - start + _warm_up_imports()
        folder = work / "national"
        shutil.rmtree(out, ignore_errors=True)
        load, cpu, began = os.getloadavg()[0], time.process_time(), time.perf_counter()
        outcome = import_files(
            "siasn",
            [folder / NATIONAL_FILE, folder / "unor.csv"],
            region=NATIONAL_BASE,
            key_file=_manifest(work)["key"],
            out=out,
        )
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    emit(
        {"seconds": seconds, "rows": outcome.rows, "rejected": outcome.rejected,
         "modules_s": modules, "cpu_s": cpu, "load": load, "peak_mib": peak_rss_mib()}
    )  # fmt: skip


def national_floor(work: Path) -> None:
    """The floor of :func:`national`: ``pandas.read_csv`` of the same file (guarded too)."""
    import pandas as pd

    with _memory_guard():
        began = time.perf_counter()
        frame = pd.read_csv(work / "national" / NATIONAL_FILE, sep="|", dtype=str)
        seconds = time.perf_counter() - began
    emit({"seconds": seconds, "rows": len(frame), "peak_mib": peak_rss_mib()})


def main(argv: list[str]) -> None:
    step, work = argv[0], Path(argv[1])
    if step == "write":
        write(work, Path(argv[2]))
    elif step == "regions":
        regions(work, Path(argv[2]))
    elif step == "regions-floor":
        regions_floor(work)
    elif step == "national-file":
        national_file(work, int(argv[2]))
    elif step == "national":
        national(work, Path(argv[2]))
    elif step == "national-floor":
        national_floor(work)
    else:
        raise SystemExit(f"unknown step {step!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
