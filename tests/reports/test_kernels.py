"""The kernel a worker keeps between runs: each run finds it as a new kernel would be (no
names, figures, warning filters or shown warnings left by the run before, the execution count
at 1), a kernel that failed or timed out is replaced, and no kernel outlives the report run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from asnpolicy.reports import run_reports

from .helpers import write_notebook

PROBE = (
    # what the run before could have left
    "import os, sys, warnings\n"
    "import matplotlib\n"
    "matplotlib.use('agg')\n"
    "import matplotlib.pyplot as plt\n"
    "print('pid', os.getpid())\n"
    "print('names', sorted(k for k in globals() if k.startswith('left_')))\n"
    "print('figures', len(plt.get_fignums()))\n"
    "print('filters', len(warnings.filters))\n",
    # what this run leaves
    "left_region = region\n"
    "figure = plt.figure()\n"
    "warnings.simplefilter('once')\n"
    "warnings.warn('a warning shown once per kernel')\n"
    "warnings.filterwarnings('ignore', message='never seen')\n",
    "import time\n"
    "if region == fail:\n"
    "    raise RuntimeError('probe failure')\n"
    "if region == nap:\n"
    "    time.sleep(60)\n",
)
PARAMETERS = 'region = "bangko"\ndata_dir = "data/sample"\nfail = ""\nnap = ""'


def probe_runs(sample: Path, out: Path, regions: list[str], **kw) -> dict[str, dict]:
    """Run the probe notebook for ``regions`` in order, in this process (one worker: one
    kept kernel), and read what each run printed."""
    notebook = write_notebook(out.parent / "probe.ipynb", *PROBE, parameters=PARAMETERS)
    parameters = kw.pop("parameters", {})
    results = run_reports(
        sample,
        out=out,
        regions=regions,
        notebooks=[str(notebook)],
        workers=1,
        progress=False,
        parameters=parameters,
        **kw,
    )
    found = {}
    for result in results:
        executed = out / result.region / "probe.ipynb"
        if result.status != "ok":
            executed = out / result.region / "probe.failed.ipynb"
        nb = json.loads(executed.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        printed, errors = {}, ""
        for cell in code:
            for output in cell.get("outputs", []):
                text = "".join(output.get("text", ""))
                if output.get("name") == "stdout":
                    for line in text.splitlines():
                        key, _, value = line.partition(" ")
                        printed[key] = value
                elif output.get("name") == "stderr":
                    errors += text
        found[result.region] = {
            "status": result.status,
            "printed": printed,
            "stderr": errors,
            "counts": [c.get("execution_count") for c in code],
        }
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_each_run_finds_the_kernel_as_new(sample, tmp_path):
    runs = probe_runs(sample, tmp_path / "reports", ["bangko", "batanghari", "pauh"])
    assert [r["status"] for r in runs.values()] == ["ok", "ok", "ok"]
    first = runs["bangko"]
    pids = {r["printed"]["pid"] for r in runs.values()}
    assert len(pids) == 1, "the kernel is kept between runs"
    for region, found in runs.items():
        assert found["printed"]["names"] == "[]", region
        assert found["printed"]["figures"] == "0", region
        assert found["printed"]["filters"] == first["printed"]["filters"], region
        assert "a warning shown once per kernel" in found["stderr"], region
        assert found["counts"] == first["counts"] == list(range(1, len(first["counts"]) + 1))
    assert not alive(int(pids.pop())), "the kernel ends with the report run"


def test_a_failed_run_gets_a_new_kernel_for_the_next(sample, tmp_path):
    runs = probe_runs(
        sample,
        tmp_path / "reports",
        ["bangko", "batanghari", "pauh"],
        parameters={"fail": "batanghari"},
    )
    assert [r["status"] for r in runs.values()] == ["ok", "failed", "ok"]
    pid = {region: int(found["printed"]["pid"]) for region, found in runs.items()}
    assert pid["bangko"] == pid["batanghari"] != pid["pauh"]
    assert runs["pauh"]["printed"]["names"] == "[]"
    assert not any(alive(p) for p in pid.values())


@pytest.mark.slow
def test_a_run_that_timed_out_gets_a_new_kernel_for_the_next(sample, tmp_path):
    runs = probe_runs(
        sample,
        tmp_path / "reports",
        ["bangko", "batanghari"],
        parameters={"nap": "bangko"},
        timeout=3,
    )
    assert [r["status"] for r in runs.values()] == ["failed", "ok"]
    pid = {region: int(found["printed"]["pid"]) for region, found in runs.items()}
    assert pid["bangko"] != pid["batanghari"]
    assert not any(alive(p) for p in pid.values())


def test_the_engine_writes_the_notebook_as_the_run_starts_and_ends(tmp_path, monkeypatch):
    import papermill as pm
    import papermill.engines

    from asnpolicy.reports.engine import register_engine

    notebook = write_notebook(tmp_path / "cells.ipynb", *[f"x = {i}" for i in range(6)])
    writes = []
    real = papermill.engines.write_ipynb
    monkeypatch.setattr(
        papermill.engines, "write_ipynb", lambda nb, path: writes.append(path) or real(nb, path)
    )
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(
        notebook, out, kernel_name="python3", engine_name=register_engine(), progress_bar=False
    )
    assert len(writes) == 2  # papermill's own engine: 2 + 2 per cell
    executed = json.loads(out.read_text(encoding="utf-8"))
    assert [c["execution_count"] for c in executed["cells"]] == list(range(1, 7))
