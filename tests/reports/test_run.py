"""Running the reports: every run in place, failures, fail-fast, interrupts, the Python API.

The real notebooks run once, for the four regions on the sample data with two workers (the
package fixture ``full_run``). The failure, fail-fast and interrupt checks use
``fixtures/report_fixture.ipynb``, a notebook that runs in a second, fails for one region
(``ASNPOLICY_FIXTURE_FAIL``, default pauh) and can be made to wait (``ASNPOLICY_FIXTURE_SLEEP``)
so that a run can be interrupted.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

import asnpolicy as ap
from asnpolicy.reports import RunResult, run_reports

from .helpers import (
    ALL_OK,
    CONTROL,
    FIXTURE,
    NOTEBOOKS,
    REGIONS,
    fixture_run,
    links,
    snapshot,
    start_report,
    without_images,
    write_notebook,
)

#: What would identify a person: NIK (16 digits), NIP (18 digits), the pseudonymous ids of the
#: sample (asnpolicy.synth: e + 7 digits employees, a + 7 applicants, s + 8 survey responses).
IDENTIFIERS = {
    "NIK": r"(?<![0-9])[0-9]{16}(?![0-9])",
    "NIP": r"(?<![0-9])[0-9]{18}(?![0-9])",
    "employee_id": r"\be[0-9]{7}\b",
    "applicant_id": r"\ba[0-9]{7}\b",
    "response_id": r"\bs[0-9]{8}\b",
}


class TestFullRun:
    def test_exit_0_and_every_report_in_place(self, full_run):
        done, out = full_run
        assert done.returncode == 0, done.stderr[-4000:]
        assert "Traceback" not in done.stderr
        n = len(REGIONS) * len(NOTEBOOKS)
        assert f"{n} of {n} reports written" in done.stdout
        for region in REGIONS:
            for notebook in NOTEBOOKS:
                assert (out / region / f"{notebook.stem}.html").is_file()
                assert (out / region / f"{notebook.stem}.ipynb").is_file()
        assert not list(out.glob("*/*.failed.*"))
        assert not list(out.glob(".tmp-*")), "the temporary folder is removed"
        assert sorted(p.name for p in out.iterdir()) == sorted(
            [*REGIONS, "index.html", "runs.json"]
        )

    def test_no_report_contains_an_identifier(self, full_run, sample):
        _, out = full_run
        files = [*out.glob("*/*.html"), out / "index.html"]
        for path in files:
            text = without_images(path.read_text(encoding="utf-8"))
            for name, pattern in IDENTIFIERS.items():
                found = re.findall(pattern, text)
                assert not found, f"{path.relative_to(out)} contains {name} {found[:3]}"
            for column in ("employee_id", "applicant_id", "response_id"):
                assert f">{column}<" not in text, f"{path} lists individuals ({column})"
        # and the outputs (not the code) of the executed notebooks
        for path in out.glob("*/*.ipynb"):
            nb = json.loads(path.read_text())
            outputs = json.dumps([c.get("outputs", []) for c in nb["cells"]])
            outputs = without_images(outputs)
            for name, pattern in IDENTIFIERS.items():
                assert not re.findall(pattern, outputs), f"{path.relative_to(out)}: {name}"


class TestFailures:
    def test_broken_region_fails_alone(self, sample, tmp_path):
        out = tmp_path / "reports"
        done = fixture_run(sample, out, "--workers", 2)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        for region in REGIONS:
            if region != "pauh":
                assert (out / region / "report_fixture.html").is_file()
        assert not (out / "pauh" / "report_fixture.html").exists()
        failed = (out / "pauh" / "report_fixture.failed.html").read_text(encoding="utf-8")
        assert "An Exception was encountered" in failed and "fixture failure for pauh" in failed
        assert (out / "pauh" / "report_fixture.failed.ipynb").is_file()
        # the summary names region, notebook, cell and error
        assert "1 of 4 runs failed" in done.stderr
        assert (
            "region pauh, notebook report_fixture: failed at cell 4 (In [4]): "
            "RuntimeError: fixture failure for pauh" in done.stderr
        )
        index = (out / "index.html").read_text(encoding="utf-8")
        # once in the overview, once in the region's table
        assert index.count('class="status failed"') == 3 and "gagal" in index  # briefing too
        assert "pauh/report_fixture.failed.html" in links(index)
        assert "sel 4 (In [4]): RuntimeError: fixture failure for pauh" in index
        assert not list(out.glob(".tmp-*"))

    def test_failure_keeps_the_previous_good_report(self, sample, tmp_path, monkeypatch):
        out = tmp_path / "reports"

        def run(fail: str) -> RunResult:  # in this process: the kernel inherits the variable
            monkeypatch.setenv("ASNPOLICY_FIXTURE_FAIL", fail)
            args = {"regions": ["pauh"], "notebooks": [str(FIXTURE)], "progress": False}
            return run_reports(sample, out=out, **args)[0]

        assert run(fail="").ok
        good = (out / "pauh" / "report_fixture.html").read_bytes()

        assert run(fail="pauh").status == "failed"
        assert (out / "pauh" / "report_fixture.html").read_bytes() == good
        assert (out / "pauh" / "report_fixture.failed.html").is_file()
        index = (out / "index.html").read_text(encoding="utf-8")
        assert {"pauh/report_fixture.failed.html", "pauh/report_fixture.html"} <= set(links(index))
        assert "laporan berhasil terakhir" in index

        assert run(fail="").ok
        assert not (out / "pauh" / "report_fixture.failed.html").exists()
        assert not (out / "pauh" / "report_fixture.failed.ipynb").exists()
        assert 'class="status failed"' not in (out / "index.html").read_text(encoding="utf-8")

    def test_fail_fast_stops_at_the_first_failure(self, sample, tmp_path):
        out = tmp_path / "reports"
        done = fixture_run(
            sample, out, "--region", "pauh", "bangko", "batanghari", "--workers", 1, "--fail-fast"
        )
        assert done.returncode == 1
        assert "region pauh, notebook report_fixture: failed" in done.stderr
        assert "Stopped at the first failure (--fail-fast): 2 runs not done." in done.stderr
        assert not (out / "bangko").exists() and not (out / "batanghari").exists()


def interrupt_while_running(sample: Path, out: Path, sig: int) -> subprocess.Popen:
    """Start a run over ``out`` whose notebooks wait, and send ``sig`` once both are running."""
    env = {**ALL_OK, "ASNPOLICY_FIXTURE_SLEEP": "120"}
    args = ("--data", sample, "--out", out, "--notebook", FIXTURE, "--workers", 2)
    process = start_report(*args, "--region", "bangko", "batanghari", env=env)
    deadline = time.monotonic() + 120
    while len(list(out.glob(".tmp-*/*/report_fixture.ipynb"))) < 2:  # both kernels started
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the runs did not start"
        time.sleep(0.2)
    time.sleep(1)
    process.send_signal(sig)
    process.communicate(timeout=60)
    return process


class TestInterrupt:
    @pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
    def test_interrupt_leaves_the_previous_reports_intact(self, sample, previous, sig):
        before = snapshot(previous)
        index = (previous / "index.html").read_bytes()
        process = interrupt_while_running(sample, previous, sig)
        assert process.returncode == 130
        assert snapshot(previous) == before
        assert (previous / "index.html").read_bytes() == index
        assert not list(previous.glob(".tmp-*")), "an interrupted run cleans up"

    def test_kill_leaves_the_previous_reports_intact(self, sample, previous):
        before = snapshot(previous)
        users = previous / ".tmp-notes"  # a user's folder, not the runner's
        users.mkdir()
        (users / "notes.txt").write_text("mine")
        process = interrupt_while_running(sample, previous, signal.SIGKILL)
        assert process.returncode == -signal.SIGKILL
        assert snapshot(previous) == before
        assert len(list(previous.glob(".tmp-*"))) == 2  # the stale one, removed by the next run
        done = fixture_run(sample, previous, "--region", "bangko", "--workers", 1, env=ALL_OK)
        assert done.returncode == 0 and list(previous.glob(".tmp-*")) == [users]
        assert (users / "notes.txt").read_text() == "mine"

    def test_interrupt_in_process_with_one_worker(self, sample, previous):
        before = snapshot(previous)
        env = {**ALL_OK, "ASNPOLICY_FIXTURE_SLEEP": "120"}
        args = ("--data", sample, "--out", previous, "--notebook", FIXTURE, "--workers", 1)
        process = start_report(*args, "--region", "batanghari", env=env)
        deadline = time.monotonic() + 120
        while not list(previous.glob(".tmp-*/*/report_fixture.ipynb")):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        time.sleep(1)
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
        assert process.returncode == 130
        assert snapshot(previous) == before and not list(previous.glob(".tmp-*"))


def test_python_api_returns_a_result_per_run(sample, tmp_path):
    results = run_reports(
        sample,
        regions=["pauh", "bangko"],
        notebooks=[str(FIXTURE)],
        out=tmp_path / "reports",
        workers=1,
        progress=False,
    )
    assert [(r.region, r.notebook, r.status) for r in results] == [
        ("pauh", "report_fixture", "failed"),
        ("bangko", "report_fixture", "ok"),
    ]
    failed, ok = results
    assert isinstance(failed, RunResult) and not failed.ok and ok.ok
    assert failed.error_cell == 3 and failed.error_exec_count == 4
    assert (
        failed.error_name == "RuntimeError" and failed.error_message == "fixture failure for pauh"
    )
    assert failed.html == tmp_path / "reports" / "pauh" / "report_fixture.failed.html"
    assert ok.html == tmp_path / "reports" / "bangko" / "report_fixture.html"
    assert ok.duration_s > 0 and ok.error_cell is None


class TestWhatIsShown:
    def test_describe_prints_no_control_characters(self):
        result = RunResult(
            "pauh",
            "nb\x1b[2J",
            "failed",
            error_cell=1,
            error_name="Runtime\x9bError",
            error_message="\x1b]0;owned\x07 red \x1b[31mtext\x1b[0m\x00\x7f\nnext line\tend",
        )
        text = result.describe()
        assert not CONTROL.findall(text), repr(text)
        assert text.endswith(
            "failed at cell 2: RuntimeError: ]0;owned red [31mtext[0m\nnext line\tend"
        )


class TestSnapshot:
    """The notebooks read a validated snapshot of the data, written once into the temporary
    folder (issue 20); the manifest and the executed notebooks name the input data."""

    SOURCE = (
        "import asnpolicy as ap\n"
        "import asnpolicy.io\n"
        "from asnpolicy import snapshot\n"
        "from IPython.display import Markdown, display\n"
        "asnpolicy.io.validate_table = None  # validating again would fail\n"
        "ds = ap.load_dataset(data_dir, region=region)\n"
        "card = ap.compare.stored_scorecard(\n"
        "    data_dir, years=years, n_boot=n_boot, small_cell_min=small_cell_min\n"
        ")\n"
        "snap = snapshot.is_snapshot(data_dir)\n"
        "kept = ap.narrative.pooled.panels(data_dir, years=years, small_cell_min=small_cell_min)\n"
        "display(Markdown(f'snapshot {snap}; validated {ds.validated}; card {card is not None}; '\n"
        "                 f'pooled {kept.stored}; '\n"
        "                 f'{len(ds.employees)} staff; source {ds.source}'))"
    )

    def test_runs_read_the_snapshot_and_name_the_data(self, sample, tmp_path):
        notebook = write_notebook(
            tmp_path / "snapshot_reader.ipynb",
            self.SOURCE,
            parameters='region = "pauh"\ndata_dir = "data/sample"\nyears = None\nn_boot = 5\n'
            "small_cell_min = 5",
        )
        content = json.loads(notebook.read_text(encoding="utf-8"))
        content["metadata"]["asnpolicy"] = {"scorecard": True, "pooled_panels": True}
        notebook.write_text(json.dumps(content), encoding="utf-8")
        out = tmp_path / "reports"
        results = run_reports(
            sample, regions=["pauh", "bangko"], notebooks=[str(notebook)], out=out,
            workers=1, progress=False,
        )  # fmt: skip
        assert [r.status for r in results] == ["ok", "ok"], [r.describe() for r in results]
        data = ap.load_dataset(sample)
        for result in results:
            staff = len(data.for_region(result.region).employees)
            page = result.html.read_text(encoding="utf-8")
            said = (
                f"snapshot True; validated True; card True; pooled True; {staff} staff; "
                f"source {sample}"
            )
            assert said in page
            executed = json.loads(result.executed.read_text(encoding="utf-8"))
            injected = "".join(
                "".join(c["source"])
                for c in executed["cells"]
                if "injected-parameters" in c["metadata"].get("tags", [])
            )
            assert f'data_dir = "{sample.resolve()}"  # read from a validated snapshot' in injected
            assert executed["metadata"]["papermill"]["parameters"]["data_dir"] == str(
                sample.resolve()
            )
        runs = json.loads((out / "runs.json").read_text())["runs"]
        for entry in runs.values():
            assert entry["data_dir"] == str(sample.resolve())
            assert entry["parameters"]["data_dir"] == str(sample.resolve())
            assert entry["content_hash"] == data.content_hash()
        assert not list(out.glob(".tmp-*"))  # the snapshot went with the temporary folder
