"""``asnpolicy report --scheduler``: the runs on a Dask cluster; and a quiet terminal.

A ``LocalCluster`` (two worker processes) runs ``fixtures/report_fixture.ipynb`` for two
regions of the small test data; the fixture fails for pauh (``ASNPOLICY_FIXTURE_FAIL``, set for
this module before the cluster starts, so that its workers and their kernels see it). The same
runs through the local worker processes (``asnpolicy report`` as a user runs it, the module
fixture ``local``) are the reference the cluster's output is compared with, and show what the
terminal shows.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import tiny_tables

import asnpolicy as ap
from asnpolicy.cli import main
from asnpolicy.reports import cluster as report_cluster
from asnpolicy.reports import run_reports
from asnpolicy.reports.cluster import NO_DISTRIBUTED, execute_remote
from asnpolicy.reports.plan import Task

from .helpers import EXE, FIXTURE, links

REGIONS = ["bangko", "pauh"]  # the fixture fails for pauh
FIXTURE_ENV = {"ASNPOLICY_FIXTURE_FAIL": "pauh", "ASNPOLICY_FIXTURE_SLEEP": "0"}
FAILURE = (
    "region pauh, notebook report_fixture: failed at cell 4 (In [4]): "
    "RuntimeError: fixture failure for pauh"
)
#: What must never reach the terminal of a report run.
NOISE = re.compile(r"Warning|warn|frozen|IPKernelApp|Traceback|PYDEVD", re.IGNORECASE)


def files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


def manifest(out: Path) -> dict:
    """runs.json without what differs from run to run (when, how long)."""
    runs = json.loads((out / "runs.json").read_text(encoding="utf-8"))["runs"]
    return {
        key: {k: v for k, v in entry.items() if k not in ("finished", "duration_s")}
        for key, entry in runs.items()
    }


def cells(executed: Path) -> list[tuple]:
    """A notebook's structure: each cell's type, tags and kinds of output."""
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return [
        (
            c["cell_type"],
            tuple(c["metadata"].get("tags", [])),
            tuple(o["output_type"] for o in c.get("outputs", [])),
        )
        for c in nb["cells"]
    ]


def page_text(path: Path) -> str:
    """A page without what differs from run to run: the kernel's working directory (the
    worker's) and the cell ids nbformat makes up for a notebook stored without them."""
    text = re.sub(r"working directory: [^\n<]*", "", path.read_text(encoding="utf-8"))
    return re.sub(r"cell-id=[0-9a-f-]+", "cell-id", text)


def stderr_left(stderr: str) -> list[str]:
    """The lines of standard error that are neither the progress bar nor blank."""
    lines = re.split(r"[\r\n]+", stderr)
    return [line for line in lines if line.strip() and not line.startswith("asnpolicy report:")]


@pytest.fixture(scope="module")
def fixture_env():
    with pytest.MonkeyPatch.context() as patch:
        for name, value in FIXTURE_ENV.items():
            patch.setenv(name, value)
        yield


@pytest.fixture(scope="module")
def cluster(fixture_env):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local_cluster:
        yield local_cluster


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return ap.from_tables(tiny_tables(), source="tests").save(
        tmp_path_factory.mktemp("cluster") / "tiny"
    )


def report_args(data: Path, out: Path, *args: str) -> list[str]:
    return ["report", "--data", str(data), "--notebook", str(FIXTURE), "--out", str(out), *args]


def report(data: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    """``asnpolicy report`` for the two regions as a user runs it, with the progress bar."""
    return subprocess.run(
        [str(EXE), *report_args(data, out, "--region", *REGIONS, *args)],
        capture_output=True,
        text=True,
        env={**os.environ, **FIXTURE_ENV},
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def on_cluster(cluster, data, tmp_path_factory):
    out = tmp_path_factory.mktemp("on-cluster") / "reports"
    results = run_reports(
        data,
        regions=REGIONS,
        notebooks=[str(FIXTURE)],
        out=out,
        progress=False,
        scheduler=cluster.scheduler_address,
    )
    return results, out


@pytest.fixture(scope="module")
def local(data, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """The same runs in two local worker processes, through the command line."""
    out = tmp_path_factory.mktemp("local") / "reports"
    return report(data, out), out


# ------------------------------------------------------------------------------------------
# The runs on a cluster give what the local runs give
# ------------------------------------------------------------------------------------------


class TestOnACluster:
    def test_a_result_per_run(self, on_cluster):
        results, out = on_cluster
        assert [(r.region, r.notebook, r.status) for r in results] == [
            ("bangko", "report_fixture", "ok"),
            ("pauh", "report_fixture", "failed"),
        ]
        ok, failed = results
        assert ok.html == out / "bangko" / "report_fixture.html"
        assert ok.executed == out / "bangko" / "report_fixture.ipynb"
        assert ok.error_cell is None and all(r.duration_s > 0 for r in results)

    def test_the_same_files_and_no_temporary_folder(self, on_cluster, local):
        (_, out), (_, local_out) = on_cluster, local
        assert (
            files(out)
            == files(local_out)
            == [
                "bangko/report_fixture.docx",  # no table on the page: no workbook
                "bangko/report_fixture.html",
                "bangko/report_fixture.ipynb",
                "index.html",
                "pauh/report_fixture.failed.html",
                "pauh/report_fixture.failed.ipynb",
                "runs.json",
            ]
        )
        assert not list(out.glob(".tmp-*"))

    def test_pages_and_executed_notebooks_match_the_local_ones(self, on_cluster, local):
        (_, out), (_, local_out) = on_cluster, local
        for name in ("bangko/report_fixture", "pauh/report_fixture.failed"):
            assert page_text(out / f"{name}.html") == page_text(local_out / f"{name}.html")
            assert cells(out / f"{name}.ipynb") == cells(local_out / f"{name}.ipynb")
            nb = json.loads((out / f"{name}.ipynb").read_text(encoding="utf-8"))
            assert nb["metadata"]["papermill"]["input_path"] == str(FIXTURE)
        page = (out / "bangko" / "report_fixture.html").read_text(encoding="utf-8")
        assert "Laporan uji untuk wilayah bangko." in page
        assert "data_dir absolute: True; exists: True" in page

    def test_a_failure_fails_alone(self, on_cluster):
        results, out = on_cluster
        ok, failed = results
        assert failed.describe() == FAILURE
        assert (failed.error_cell, failed.error_exec_count) == (3, 4)
        assert failed.html == out / "pauh" / "report_fixture.failed.html"
        assert failed.html.is_file() and "fixture failure for pauh" in failed.html.read_text()
        assert ok.ok and (out / "bangko" / "report_fixture.html").is_file()

    def test_manifest_and_index_match_the_local_ones(self, on_cluster, local):
        (_, out), (_, local_out) = on_cluster, local
        assert manifest(out) == manifest(local_out)
        assert set(manifest(out)) == {"bangko/report_fixture", "pauh/report_fixture"}
        html = (out / "index.html").read_text(encoding="utf-8")
        targets = [h for h in links(html) if not h.startswith("#")]
        assert sorted(set(targets)) == [
            "bangko/report_fixture.docx",
            "bangko/report_fixture.html",
            "pauh/report_fixture.failed.html",
        ]
        for href in targets:
            assert (out / unquote(href)).is_file(), href
        assert html.count('class="status failed"') == 3  # briefing, overview, region table


def test_a_worker_writes_nothing_of_the_callers(fixture_env, data, tmp_path):
    """The worker runs in a folder of its own, from the notebook it was sent (not the path,
    which the worker may not see), and sends the files back as bytes."""
    caller_tmp = tmp_path / "callers-temporary-folder"
    task = Task(
        notebook=str(tmp_path / "not-on-this-worker" / "report_fixture.ipynb"),
        stem="report_fixture",
        region="bangko",
        parameters={"region": "bangko", "data_dir": str(data), "lang": "en"},
        tmp_dir=str(caller_tmp),
        kernel_name="python3",
        timeout=60,
    )
    sent = execute_remote(task, FIXTURE.read_bytes())
    assert sent["error"] is None and sent["duration_s"] > 0
    assert b"Test report for region bangko." in sent["html"]
    assert json.loads(sent["executed"])["metadata"]["papermill"]["input_path"] == task.notebook
    assert not caller_tmp.exists() and not list(tmp_path.iterdir())


# ------------------------------------------------------------------------------------------
# No cluster to use: exit 2, one line, no traceback
# ------------------------------------------------------------------------------------------


@pytest.fixture
def silent_server():
    """A port that accepts connections and never answers (as a dashboard's port does not
    answer Dask's handshake)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"


class TestNoCluster:
    @pytest.mark.parametrize(
        ("address", "said"),
        [
            ("tcp://127.0.0.1:1", "(Timed out trying to connect|no Dask scheduler answered)"),
            ("silent", "no Dask scheduler answered within 1 s"),
            ("nonsense://x", "unknown address scheme 'nonsense'"),
            ("127.0.0.1", "missing port number"),
        ],
        ids=["unreachable", "not-a-scheduler", "bad-scheme", "no-port"],
    )
    def test_bad_address(self, data, tmp_path, capsys, monkeypatch, silent_server, address, said):
        monkeypatch.setattr(report_cluster, "CONNECT_TIMEOUT_S", 1)
        address = silent_server if address == "silent" else address
        code = main(report_args(data, tmp_path / "r", "--scheduler", address))
        captured = capsys.readouterr()
        assert code == 2
        assert captured.err.startswith(f"error: Cannot use the Dask scheduler at {address!r}: ")
        assert re.search(said, captured.err) and captured.err.count("\n") == 1
        assert "Traceback" not in captured.err and not captured.out
        assert not (tmp_path / "r").exists(), "nothing is written"

    def test_malformed_address_from_the_command_line(self, data, tmp_path):
        """In a process of its own: distributed.Client, given a malformed address, leaves a
        half-made client that prints a traceback when the process ends."""
        done = subprocess.run(
            [str(EXE), *report_args(data, tmp_path / "r", "--scheduler", "127.0.0.1")],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2 and not done.stdout
        assert done.stderr == (
            "error: Cannot use the Dask scheduler at '127.0.0.1': missing port number in address "
            "'127.0.0.1'. Give the address the scheduler prints (tcp://HOST:8786, not the "
            "dashboard's) and check that it is running.\n"
        )

    def test_without_distributed(self, data, tmp_path, capsys, monkeypatch):
        monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
        code = main(report_args(data, tmp_path / "r", "--scheduler", "tcp://127.0.0.1:8786"))
        captured = capsys.readouterr()
        assert code == 2
        assert captured.err == f"error: {NO_DISTRIBUTED}\n"
        assert 'pip install "asnpolicy[cluster]"' in captured.err
        assert not (tmp_path / "r").exists()


# ------------------------------------------------------------------------------------------
# What the terminal shows: the progress bar, the summary and the failures, nothing else
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["local", "cluster"])
def test_the_terminal_shows_the_bar_and_the_failure_only(where, local, tmp_path, request):
    if where == "local":
        done, out = local
    else:
        data, cluster = request.getfixturevalue("data"), request.getfixturevalue("cluster")
        out = tmp_path / "reports"
        done = report(data, out, "--scheduler", cluster.scheduler_address)
    assert done.returncode == 1, done.stderr
    assert done.stdout == f"1 of 2 reports written to {out} (index: {out / 'index.html'}).\n"
    assert "asnpolicy report: 100%" in done.stderr
    assert stderr_left(done.stderr) == [
        "1 of 2 runs failed:",
        f"  - {FAILURE}",
        f"    rendered with the failing cell marked: {out / 'pauh' / 'report_fixture.failed.html'}",
    ]
    assert not NOISE.search(done.stderr.replace(str(out), "")), done.stderr
