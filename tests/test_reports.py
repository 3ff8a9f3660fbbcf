"""``asnpolicy report``: parallel papermill runs, HTML without code, index, failures, interrupts.

The real notebooks run once, for the four regions on the sample data with two workers (the
module fixture ``full_run``); the checks of reports, index and privacy share that output. The
failure, fail-fast, interrupt and language checks use ``fixtures/report_fixture.ipynb``, a
notebook that runs in a second, fails for one region (``ASNPOLICY_FIXTURE_FAIL``, default pauh)
and can be made to wait (``ASNPOLICY_FIXTURE_SLEEP``) so that a run can be interrupted.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

import asnpolicy as ap
from asnpolicy import reports
from asnpolicy.cli import main
from asnpolicy.regions import region_ids
from asnpolicy.reports import RunResult, resolve_notebooks, run_reports
from asnpolicy.synth import generate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "report_fixture.ipynb"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
REGIONS = region_ids()
EXE = Path(sys.executable).with_name("asnpolicy")
ALL_OK = {"ASNPOLICY_FIXTURE_FAIL": ""}  # the fixture notebook then fails for no region

#: What would identify a person: NIK (16 digits), NIP (18 digits), the pseudonymous ids of the
#: sample (asnpolicy.synth: e + 7 digits employees, a + 7 applicants, s + 8 survey responses).
IDENTIFIERS = {
    "NIK": r"(?<![0-9])[0-9]{16}(?![0-9])",
    "NIP": r"(?<![0-9])[0-9]{18}(?![0-9])",
    "employee_id": r"\be[0-9]{7}\b",
    "applicant_id": r"\ba[0-9]{7}\b",
    "response_id": r"\bs[0-9]{8}\b",
}
#: Words of the Indonesian reports that an English report must not contain.
INDONESIAN = (
    "Laporan",
    "Sumber data",
    "Sidik isi",
    "berhasil",
    "Dijalankan",
    "Data sintetis",
    "Analisis Kebutuhan Pegawai",
    "kekurangan",
    "Rencana formasi",
)


def report(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``asnpolicy report`` as a user runs it (the installed console script)."""
    return subprocess.run(
        [str(EXE), "report", "--no-progress", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=900,
        check=False,
    )


def start_report(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [str(EXE), "report", "--no-progress", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def fixture_run(sample: Path, out: Path, *args: str, env: dict | None = None):
    return report("--data", sample, "--out", out, "--notebook", FIXTURE, *args, env=env)


def without_images(text: str) -> str:
    return re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=\s]+", "", text)


def body(html: str) -> str:
    return html.split("<body", 1)[1]


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file in the region folders, by relative path."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.glob("*/*"))
        if p.is_file() and not p.parent.name.startswith(".")
    }


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return generate(seed=2026).save(tmp_path_factory.mktemp("reports") / "sample")


@pytest.fixture(scope="module")
def full_run(sample, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """Every notebook for the four regions, two workers: the one run of the real notebooks."""
    out = tmp_path_factory.mktemp("full") / "reports"
    return report("--data", sample, "--out", out, "--workers", 2), out


@pytest.fixture(scope="module")
def good_fixture_reports(sample, tmp_path_factory) -> Path:
    """A previous good output of the fixture notebook for two regions (copy it to use it)."""
    out = tmp_path_factory.mktemp("good") / "reports"
    done = fixture_run(sample, out, "--region", "bangko", "batanghari", "--workers", 1, env=ALL_OK)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture
def previous(good_fixture_reports, tmp_path) -> Path:
    out = tmp_path / "reports"
    shutil.copytree(good_fixture_reports, out)
    return out


# ------------------------------------------------------------------------------------------
# The real notebooks, all regions
# ------------------------------------------------------------------------------------------


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

    def test_reports_contain_no_code(self, full_run):
        _, out = full_run
        for path in out.glob("*/*.html"):
            html = path.read_text(encoding="utf-8")
            page = body(html)
            assert "import asnpolicy" not in html and "ap.load_dataset" not in html, path
            assert "display(" not in page and "ap.narrative" not in page, path
            assert "jp-InputArea-editor" not in page and "jp-InputPrompt" not in page, path
            assert "jp-OutputPrompt" not in page, path
            # the only input areas left are markdown cells, rendered
            for follower in re.findall(
                r'<div class="jp-InputArea[^"]*">\s*<div class="([^"]*)"', page
            ):
                assert "jp-RenderedMarkdown" in follower, path
            # neither the parameters nor the injected parameters
            assert "data_dir" not in page and "small_cell_min" not in page, path

    def test_reports_have_embedded_figures_and_the_synthetic_banner(self, full_run):
        _, out = full_run
        for region in REGIONS:
            html = (out / region / f"{NOTEBOOKS[0].stem}.html").read_text(encoding="utf-8")
            assert re.search(r'<img [^>]*src="data:image/png;base64,', html)
            assert "Data sintetis" in html and "Analisis Kebutuhan Pegawai" in html

    def test_executed_notebook_kept_with_absolute_data_dir(self, full_run, sample):
        _, out = full_run
        nb = json.loads((out / "pauh" / f"{NOTEBOOKS[0].stem}.ipynb").read_text())
        injected = [
            c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])
        ]
        source = "".join(injected[0]["source"])
        assert 'region = "pauh"' in source and f'data_dir = "{sample.resolve()}"' in source
        assert 'lang = "id"' in source and "small_cell_min = 5" in source

    def test_index_lists_every_run_and_its_links_resolve(self, full_run, sample):
        _, out = full_run
        html = (out / "index.html").read_text(encoding="utf-8")
        anchors = [h for h in links(html) if h.startswith("#")]
        assert anchors == [f"#{region}" for region in REGIONS]  # the overview's region links
        for anchor in anchors:
            assert f'id="{anchor[1:]}"' in html
        hrefs = [h for h in links(html) if not h.startswith("#")]
        # each report twice: in the overview (region x notebook) and in its region's table
        assert sorted(hrefs) == sorted(
            2 * [f"{r}/{nb.stem}.html" for r in REGIONS for nb in NOTEBOOKS]
        )
        for href in hrefs:
            assert not href.startswith(("/", "http")), href
            assert (out / href).is_file(), href
        for region in REGIONS:
            for notebook in NOTEBOOKS:
                assert f"{region}/{notebook.stem}.html" in hrefs
        content_hash = json.loads((sample / "provenance.json").read_text())["content_hash"]
        assert content_hash in html and str(sample.resolve()) in html
        assert "Data sintetis" in html and 'class="banner"' in html
        assert html.count('class="status ok"') == len(hrefs)  # overview badge + table badge
        assert 'class="status failed"' not in html
        assert "region=bangko" in html and "lang=id" in html
        assert f"asnpolicy {ap.__version__}" in html

    def test_manifest_records_each_run(self, full_run):
        _, out = full_run
        runs = json.loads((out / "runs.json").read_text())["runs"]
        assert len(runs) == len(REGIONS) * len(NOTEBOOKS)
        entry = runs[f"bangko/{NOTEBOOKS[0].stem}"]
        assert entry["status"] == "ok" and entry["duration_s"] > 0 and entry["synthetic"] is True
        assert entry["html"] == f"bangko/{NOTEBOOKS[0].stem}.html"

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


# ------------------------------------------------------------------------------------------
# Failures
# ------------------------------------------------------------------------------------------


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
        assert index.count('class="status failed"') == 2 and "gagal" in index
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

    def test_a_timeout_fails_the_run_with_its_cell(self, sample, tmp_path):
        out = tmp_path / "reports"
        env = {**ALL_OK, "ASNPOLICY_FIXTURE_SLEEP": "30"}
        args = ("--region", "bangko", "--timeout", 2)
        done = fixture_run(sample, out, *args, env=env)
        assert done.returncode == 1
        assert "failed at cell 3: CellTimeoutError: the cell ran longer than the limit" in (
            done.stderr
        )

    def test_the_stale_temporary_folder_of_a_killed_run_is_removed(self, sample, previous):
        stale = killed_runners_temporary_folder(previous)
        (stale / "bangko").mkdir()
        (stale / "bangko" / "report_fixture.html").write_text("half")
        done = fixture_run(sample, previous, "--region", "bangko", "--workers", 1, env=ALL_OK)
        assert done.returncode == 0 and not stale.exists()

    def test_the_users_folders_named_like_temporary_ones_are_kept(self, sample, previous):
        """Only folders the runner made (with its marker) are removed, never a user's
        ``.tmp-notes`` or a ``.tmp-<dead pid>-...`` of another program."""
        stale = killed_runners_temporary_folder(previous)
        users = [previous / ".tmp-notes", previous / ".tmp-99999999-x"]
        for folder in users:
            folder.mkdir()
            (folder / "notes.txt").write_text("mine")
        done = fixture_run(sample, previous, "--region", "bangko", "--workers", 1, env=ALL_OK)
        assert done.returncode == 0, done.stderr
        assert not stale.exists()
        for folder in users:
            assert (folder / "notes.txt").read_text() == "mine", folder.name


class TestBadInput:
    """Exit 2 with a clear message and no traceback; no kernel is started."""

    def test_missing_data(self, tmp_path, capsys):
        assert main(["report", "--data", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert "no such file or folder" in err and "Traceback" not in err

    def test_invalid_data_names_file_row_column_and_rule(self, tiny_csv, tmp_path, capsys):
        path = tiny_csv / "applicants.csv"
        lines = path.read_text().splitlines()
        lines[1] = lines[1].replace(",95,110,190,", ",95,abc,190,")
        path.write_text("\n".join(lines) + "\n")
        code = main(["report", "--data", str(tiny_csv), "--out", str(tmp_path / "r")])
        err = capsys.readouterr().err
        assert code == 2
        assert "applicants.csv (table applicants), row 2, column tiu: must be a whole number" in err
        assert not (tmp_path / "r").exists(), "nothing is written for bad data"

    def test_unknown_region_lists_the_valid_ones(self, tiny_csv, tmp_path, capsys):
        code = main(
            ["report", "--data", str(tiny_csv), "--region", "jambi", "--out", str(tmp_path)]
        )
        assert code == 2
        assert "Unknown region jambi: the data have bangko, pauh." in capsys.readouterr().err

    def test_unknown_notebook_lists_the_valid_ones(self, tiny_csv, tmp_path, capsys):
        code = main(["report", "--data", str(tiny_csv), "--notebook", "99", "--out", str(tmp_path)])
        err = capsys.readouterr().err
        assert code == 2 and "'99' is not a notebook" in err
        assert all(nb.stem in err for nb in NOTEBOOKS)

    def test_unknown_kernel(self, tiny_csv, tmp_path, capsys):
        args = ["--data", str(tiny_csv), "--notebook", str(FIXTURE), "--kernel", "no-such"]
        assert main(["report", *args, "--out", str(tmp_path)]) == 2
        assert "no Jupyter kernel named 'no-such'" in capsys.readouterr().err

    def test_no_notebooks_is_said_and_not_an_error(self, tmp_path, monkeypatch, capsys):
        monkeypatch.setattr(reports, "notebooks_dir", lambda: tmp_path)
        assert main(["report", "--data", str(tmp_path / "not-read"), "--out", str(tmp_path)]) == 0
        assert capsys.readouterr().out.strip() == reports.NO_NOTEBOOKS


class TestResolveNotebooks:
    def test_all_by_default(self):
        assert resolve_notebooks() == [p.resolve() for p in NOTEBOOKS]

    def test_by_name_by_number_and_by_path(self):
        first = NOTEBOOKS[0].resolve()
        assert resolve_notebooks([first.stem]) == [first]
        assert resolve_notebooks([first.stem[:2]]) == [first]
        assert resolve_notebooks([str(FIXTURE)]) == [FIXTURE.resolve()]

    def test_ambiguous_prefix(self):
        with pytest.raises(ValueError, match="matches several notebooks"):
            resolve_notebooks(["0"])

    def test_missing_path(self, tmp_path):
        with pytest.raises(ValueError, match="does not exist"):
            resolve_notebooks([str(tmp_path / "x.ipynb")])


# ------------------------------------------------------------------------------------------
# Interrupted runs never damage the previous reports
# ------------------------------------------------------------------------------------------


def killed_runners_temporary_folder(out: Path) -> Path:
    """The temporary folder a run leaves in ``out`` when it is killed (SIGKILL) as soon as it
    made it: marked as the runner's, its process gone."""
    made = "from asnpolicy import reports; reports._new_temp(pathlib.Path(sys.argv[1]))"
    before = set(out.glob(".tmp-*"))
    code = f"import os, pathlib, signal, sys; {made}; os.kill(os.getpid(), signal.SIGKILL)"
    done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    (folder,) = set(out.glob(".tmp-*")) - before
    return folder


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


# ------------------------------------------------------------------------------------------
# Language, working directory, Python API
# ------------------------------------------------------------------------------------------


class TestEnglish:
    def test_fixture_and_index_in_english(self, sample, tmp_path):
        out = tmp_path / "reports"
        done = fixture_run(sample, out, "--region", "bangko", "--lang", "en", env=ALL_OK)
        assert done.returncode == 0, done.stderr
        html = (out / "bangko" / "report_fixture.html").read_text(encoding="utf-8")
        assert "Test report for region bangko." in html and "Laporan uji" not in html
        index = (out / "index.html").read_text(encoding="utf-8")
        assert '<html lang="en">' in index
        assert "Synthetic data" in index and "Data source" in index and "succeeded" in index
        for word in INDONESIAN:
            assert word not in index, word

    def test_real_notebook_in_english(self, sample, tmp_path):
        out = tmp_path / "reports"
        args = ("--data", sample, "--out", out, "--notebook", NOTEBOOKS[0].stem[:2])
        done = report(*args, "--region", "batanghari", "--lang", "en")
        assert done.returncode == 0, done.stderr[-4000:]
        html = (out / "batanghari" / f"{NOTEBOOKS[0].stem}.html").read_text(encoding="utf-8")
        text = re.sub(r"<[^>]+>", " ", without_images(body(html)))
        assert "Workforce Needs" in text and "Synthetic data" in text
        for word in INDONESIAN:
            assert word not in text, word


def test_notebooks_run_in_the_callers_directory_with_absolute_data_dir(sample, tmp_path):
    out = tmp_path / "reports"
    here = tmp_path / "here"
    here.mkdir()
    relative = os.path.relpath(sample, here)
    done = subprocess.run(
        [str(EXE), "report", "--no-progress", "--data", relative, "--out", str(out)]
        + ["--notebook", str(FIXTURE), "--region", "bangko"],
        capture_output=True,
        text=True,
        cwd=here,
        env={**os.environ, **ALL_OK},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    html = (out / "bangko" / "report_fixture.html").read_text(encoding="utf-8")
    assert "data_dir absolute: True; exists: True" in html
    assert f"working directory: {here}" in html


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


# ------------------------------------------------------------------------------------------
# What a reader sees: no warnings, no small cells
# ------------------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts (header row first)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


#: Headers of the report tables' columns that count people.
COUNT_HEADERS = {"n"} | {
    ap.narrative.text.t(key, lang)
    for key in ("col_participants", "col_switchers", "col_remedial_staff", "col_retirements")
    for lang in ("id", "en")
}


def count_cells(html: str) -> list[tuple[str, str]]:
    """(header, value) of every cell in a column that counts people, and every "n = ..." in
    the text."""
    parser = _Tables()
    parser.feed(html)
    cells = []
    for table in parser.tables:
        if not table:
            continue
        for column, header in enumerate(table[0]):
            if header in COUNT_HEADERS:
                cells += [(header, row[column]) for row in table[1:] if len(row) > column]
    text = re.sub(r"<[^>]+>", " ", without_images(html))
    cells += [("n =", value) for value in re.findall(r"\bn = ([<\d][\d.,]*)", text)]
    return cells


class TestWhatTheReaderSees:
    def test_no_kernel_warnings_in_the_pages(self, full_run):
        _, out = full_run
        for path in out.glob("*/*.html"):
            text = path.read_text(encoding="utf-8")
            stderr = 'data-mime-type="application/vnd.jupyter.stderr"'  # an output, not the CSS
            assert stderr not in text, path.relative_to(out)
            assert "RuntimeWarning" not in text and "FutureWarning" not in text

    def test_no_count_under_small_cell_min(self, full_run):
        """Every count of people in a report table is 0, at least small_cell_min (5), or
        hidden as <5."""
        _, out = full_run
        checked = 0
        for path in out.glob("*/*.html"):
            for _, value in count_cells(path.read_text(encoding="utf-8")):
                if value in ("<5", "-", ""):
                    continue
                n = int(re.sub(r"[.,\s]", "", value))
                checked += 1
                assert n == 0 or n >= 5, f"{path.relative_to(out)}: a count of {n} is shown"
        assert checked > 50

    def test_comparison_tables_name_their_indicators(self, full_run):
        """The scorecard tables carry the indicator as a named index; the page must show it."""
        _, out = full_run
        label = ap.compare.indicator_label("shortage_rate", "id")
        for path in out.glob("*/04_*.html"):
            text = path.read_text(encoding="utf-8")
            assert f">{label}<" in text, path.relative_to(out)

    def test_pages_open_with_banner_summary_then_provenance(self, full_run, sample):
        """Title and the synthetic banner, a summary in sentences, then the provenance box
        (data source, content hash, version), before any figure."""
        _, out = full_run
        for path in out.glob("*/*.html"):
            text = path.read_text(encoding="utf-8")
            title, banner = text.find("<h1"), text.find("Data sintetis")
            box, figure = text.find('class="provenance"'), text.find("<img")
            assert -1 < title < banner < box < figure, path.relative_to(out)
            summary = re.sub(r"<[^>]+>|\s+", " ", text[banner:box])
            assert len(summary) > 150 and "." in summary, path.relative_to(out)
            assert f"asnpolicy {ap.__version__}" in text[box : box + 600]


# ------------------------------------------------------------------------------------------
# What the data and the notebooks may hold: paths, markup, control characters, bad files
# ------------------------------------------------------------------------------------------

#: A region id the data's id pattern allows (units, employees, formasi; not regions) that,
#: used as a path, leads two folders up.
ESCAPING_ID = "a/../../escaped"
#: Characters never to print on a terminal: C0 and C1 controls but newline and tab, DEL.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escaping_data(sample: Path, target: Path) -> Path:
    """The sample with region pauh renamed :data:`ESCAPING_ID`; without the regions table,
    whose stricter pattern would refuse it (the ids then come from the other tables)."""
    import pandas as pd

    shutil.copytree(sample, target)
    (target / "regions.csv").unlink()
    for table in ("units", "employees", "formasi"):
        path = target / f"{table}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame["region_id"] = frame["region_id"].replace("pauh", ESCAPING_ID)
        frame.to_csv(path, index=False)
    assert ESCAPING_ID in ap.load_dataset(target).region_ids()
    return target


def every_path(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


class Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def live_handlers(html: str) -> list[tuple[str, dict]]:
    """The tags of a page that carry an event handler (``onerror=``...)."""
    parser = Tags()
    parser.feed(html)
    return [(tag, attrs) for tag, attrs in parser.tags if any(k.startswith("on") for k in attrs)]


def write_notebook(path: Path, *sources: str, parameters: str | None = None, ids=True) -> Path:
    """A notebook of code cells (the first tagged ``parameters`` when given)."""
    cells = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
        for s in ([parameters] if parameters is not None else []) + list(sources)
    ]
    if parameters is not None:
        cells[0]["metadata"]["tags"] = ["parameters"]
    if ids:
        for number, cell in enumerate(cells):
            cell["id"] = str(number)
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": kernelspec, "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def assert_no_raw_warnings(stderr: str) -> None:
    for raw in ("warnings.warn", "Warning:", "UserWarning", ".py:", "Traceback"):
        assert raw not in stderr, stderr


class TestRegionFolder:
    @pytest.mark.parametrize("region", ["pauh", "kab_merangin", "Kota-2.b", "15.02"])
    def test_a_safe_id_is_its_own_folder(self, region):
        assert reports.region_folder(region) == region

    @pytest.mark.parametrize(
        "region",
        [ESCAPING_ID, "..", ".", "", "../x", "a/b", "/etc", ".tmp-1-x", "a\\b", "a b", "é",
         "runs.json", "Index.html", "x\x1b]0;t\x07", "x" * 300],
    )  # fmt: skip
    def test_any_other_id_becomes_one_safe_path_component(self, region, tmp_path):
        folder = reports.region_folder(region)
        assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", folder), folder
        assert folder != region and len(folder) <= 120
        assert (tmp_path / folder).resolve().parent == tmp_path.resolve()
        assert reports.region_folder(region) == folder  # the same on every run

    def test_no_two_ids_share_a_folder(self):
        hashed = reports.region_folder("a/b")
        ids = ["a/b", "a_b", "a\\b", "a b", "a:b", hashed, "a..b", "a/../b", "a_.._b"]
        folders = [reports.region_folder(region) for region in ids]
        assert len(set(folders)) == len(ids), dict(zip(ids, folders, strict=True))


class TestWritesOnlyIntoOut:
    def test_a_region_id_with_a_path_stays_inside_out(self, sample, tmp_path, monkeypatch):
        data = escaping_data(sample, tmp_path / "data")
        out = tmp_path / "box" / "out"
        out.mkdir(parents=True)
        before = every_path(tmp_path)
        monkeypatch.setenv("ASNPOLICY_FIXTURE_FAIL", "")
        (result,) = run_reports(
            data, regions=[ESCAPING_ID], notebooks=[str(FIXTURE)], out=out, progress=False
        )
        outside = {p for p in every_path(tmp_path) - before if not p.is_relative_to(out)}
        assert not outside, sorted(map(str, outside))
        folder = reports.region_folder(ESCAPING_ID)
        assert "/" not in folder and ".." != folder
        assert sorted(p.name for p in out.iterdir()) == sorted([folder, "index.html", "runs.json"])
        assert result.ok and result.html == out / folder / "report_fixture.html"
        assert result.region == ESCAPING_ID
        html = result.html.read_text(encoding="utf-8")
        assert f"Laporan uji untuk wilayah {ESCAPING_ID}." in html  # the notebook got the id
        index = (out / "index.html").read_text(encoding="utf-8")
        hrefs = [h for h in links(index) if not h.startswith("#")]
        assert hrefs == 2 * [f"{folder}/report_fixture.html"]
        runs = json.loads((out / "runs.json").read_text())["runs"]
        assert runs[f"{ESCAPING_ID}/report_fixture"]["html"] == f"{folder}/report_fixture.html"

    def test_a_region_folder_linked_elsewhere_is_refused(self, sample, tmp_path, capsys):
        out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
        out.mkdir()
        elsewhere.mkdir()
        (out / "pauh").symlink_to(elsewhere, target_is_directory=True)
        args = ["--data", str(sample), "--notebook", str(FIXTURE), "--region", "pauh"]
        assert main(["report", "--no-progress", *args, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: Refusing to write") and err.count("\n") == 1, err
        assert not list(elsewhere.iterdir())
        assert sorted(p.name for p in out.iterdir()) == ["pauh"]  # and no temporary folder


class TestBadNotebook:
    """A notebook that cannot be read is bad input, said in one line; papermill's and
    nbformat's warnings about one that can never reach the terminal raw."""

    @pytest.mark.parametrize(
        "content",
        [
            "not json {",
            "",
            "[1, 2]",
            '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": 3}',
            b"\xff\xfe\x00 not text",
        ],
        ids=["not-json", "empty", "json-not-a-notebook", "cells-not-a-list", "not-utf8"],
    )
    def test_an_unreadable_notebook_is_bad_input_in_one_line(self, sample, tmp_path, content):
        notebook = tmp_path / "bad.ipynb"
        if isinstance(content, bytes):
            notebook.write_bytes(content)
        else:
            notebook.write_text(content, encoding="utf-8")
        out = tmp_path / "out"
        done = report("--data", sample, "--notebook", notebook, "--region", "pauh", "--out", out)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: Notebook {notebook} "), lines
        assert "cannot be read: " in lines[0]
        assert_no_raw_warnings(done.stderr)
        assert not out.exists(), "nothing is written for a bad notebook"

    def test_warnings_about_a_readable_notebook_stay_off_the_terminal(self, sample, tmp_path):
        """Cells without ids (nbformat warns), no ``.ipynb`` suffix (papermill warns), no
        parameters cell (it runs, said in one line); and a cell with a syntax error (a
        failed run): in the parent and in two worker processes."""
        odd = write_notebook(tmp_path / "odd.nb", "print('the same for every region')", ids=False)
        syntax = write_notebook(tmp_path / "syntax.ipynb", "def f(:", parameters='region = ""')
        out = tmp_path / "out"
        args = ("--notebook", odd, syntax, "--region", "pauh", "bangko", "--workers", 2)
        done = report("--data", sample, *args, "--out", out)
        assert done.returncode == 1, done.stderr
        assert_no_raw_warnings(done.stderr)
        lines = done.stderr.strip().splitlines()
        said = [line for line in lines if "parameters" in line]
        assert said == [
            f"Notebook {odd} has no cell tagged 'parameters': it runs without the region and "
            "the data folder, so every region gets the same report."
        ]
        assert "2 of 4 runs failed:" in lines
        assert sum("notebook syntax: failed at cell 2" in line for line in lines) == 2
        assert len(lines) == 1 + 1 + 2 * 2, lines  # said, count, each failure and its page
        assert (out / "pauh" / "odd.html").is_file() and (out / "bangko" / "odd.html").is_file()


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

    def test_data_and_errors_are_escaped_in_pages_and_clean_on_the_terminal(self, sample, tmp_path):
        """A data folder and an error message holding markup and terminal escapes: the pages
        hold no live tag, the terminal gets no control character."""
        data = tmp_path / "x<img src=x onerror=alert(1)>"
        shutil.copytree(sample, data)
        message = "<img src=z onerror=alert(3)> \\x1b]0;owned\\x07 \\x1b[2J \\x9b31m bell\\x07"
        notebook = write_notebook(
            tmp_path / "boom.ipynb", f'raise RuntimeError("{message}")', parameters='region = ""'
        )
        out = tmp_path / "out"
        done = report("--data", data, "--notebook", notebook, "--region", "pauh", "--out", out)
        assert done.returncode == 1, done.stderr
        assert "RuntimeError: <img src=z onerror=alert(3)> ]0;owned" in done.stderr
        assert not CONTROL.findall(done.stderr), repr(done.stderr)
        index = (out / "index.html").read_text(encoding="utf-8")
        assert str(data) not in index and "x&lt;img src=x onerror=alert(1)&gt;" in index
        assert "&lt;img src=z onerror=alert(3)&gt;" in index
        assert not live_handlers(index)
        assert not CONTROL.findall(index), "nor does the index"
        failed = (out / "pauh" / "boom.failed.html").read_text(encoding="utf-8")
        assert not live_handlers(failed)
