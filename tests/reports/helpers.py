"""What the tests of ``asnpolicy report`` share: paths, the command as a user runs it, and
readers of the pages it writes."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from asnpolicy.regions import region_ids
from asnpolicy.reports.plan import find_notebooks

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "report_fixture.ipynb"
#: The report notebooks (05_explore, for JupyterLab only, is not one).
NOTEBOOKS = find_notebooks(ROOT / "notebooks")
REGIONS = region_ids()
EXE = Path(sys.executable).with_name("asnpolicy")
ALL_OK = {"ASNPOLICY_FIXTURE_FAIL": ""}  # the fixture notebook then fails for no region
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
#: Characters never to print on a terminal: C0 and C1 controls but newline and tab, DEL.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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
    """``asnpolicy report`` as a user starts it from a terminal: Ctrl-C (SIGINT) at its default
    (a child inherits an ignored SIGINT, and an earlier test may have left the test process
    ignoring it)."""
    return subprocess.Popen(
        [str(EXE), "report", "--no-progress", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def fixture_run(sample: Path, out: Path, *args: str, env: dict | None = None):
    return report("--data", sample, "--out", out, "--notebook", FIXTURE, *args, env=env)


def without_images(text: str) -> str:
    """The page without its figures (embedded images and inline SVG)."""
    text = re.sub(r"<svg\b.*?</svg>", "", text, flags=re.S)
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


def killed_runners_temporary_folder(out: Path) -> Path:
    """The temporary folder a run leaves in ``out`` when it is killed (SIGKILL) as soon as it
    made it: marked as the runner's, its process gone."""
    made = "from asnpolicy.reports.manifest import new_temp; new_temp(pathlib.Path(sys.argv[1]))"
    before = set(out.glob(".tmp-*"))
    code = f"import os, pathlib, signal, sys; {made}; os.kill(os.getpid(), signal.SIGKILL)"
    done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr
    (folder,) = set(out.glob(".tmp-*")) - before
    return folder


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
