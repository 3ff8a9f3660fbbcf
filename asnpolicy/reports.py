"""Run the analysis notebooks for every region and publish them as HTML reports with an index.

:func:`run_reports` (the ``asnpolicy report`` command) executes every notebook for every region
with papermill, each run in its own worker process with its own kernel, and exports each
executed notebook to HTML without code. The output folder then holds

- ``<out>/<region>/<notebook>.html``, the report, and ``<notebook>.ipynb``, the executed notebook
  (``<region>`` is the region id made safe as a folder name by :func:`region_folder`);
- ``<out>/<region>/<notebook>.failed.html`` and ``.failed.ipynb`` when the latest run of that
  notebook failed (papermill marks the failing cell); the previous good report stays in place;
- ``<out>/runs.json``, one record per region and notebook ever run into this folder, and
  ``<out>/index.html``, built from it: status, duration, parameters, data source and content
  hash, package version and run time, with links to the reports.

Everything is written in a temporary folder ``<out>/.tmp-<pid>-*`` and moved into place with
:func:`os.replace` only when complete, so an interrupted or failed run never leaves a
half-written report and never destroys the previous good one. Each temporary folder carries a
marker file (:data:`TMP_MARKER`); a temporary folder left by a killed run is removed by the next
run, and a folder without the marker (a user's ``.tmp-notes``, say) is never touched. Nothing is
written outside the output folder, whatever the region ids in the data hold.

With ``scheduler`` (``asnpolicy report --scheduler ADDRESS``) the runs go to the workers of a
Dask cluster instead (the optional ``distributed`` package: ``pip install "asnpolicy[cluster]"``).
Each worker executes into a temporary folder of its own and sends the executed notebook and its
page back; only this process writes into the output folder. The data folder must be reachable
at the same path on every worker (a shared filesystem), and the workers need asnpolicy and the
Jupyter kernel installed.

Notebooks are found in the ``notebooks`` folder of the project, the folder beside the
``asnpolicy`` package (a source checkout or an editable install), else in ``./notebooks``; see
:func:`notebooks_dir`. Their names start with a digit (``01_workforce_needs.ipynb``).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import multiprocessing
import os
import re
import shutil
import signal
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from .errors import printable
from .io import Dataset, load_dataset, package_version
from .narrative.common import region_name
from .narrative.text import check_lang, date, label, number, t
from .regions import study_order

__all__ = [
    "NO_NOTEBOOKS",
    "RunResult",
    "SchedulerError",
    "TMP_MARKER",
    "find_notebooks",
    "index_html",
    "notebooks_dir",
    "region_folder",
    "resolve_notebooks",
    "run_reports",
    "write_index",
]

#: Said when the project has no analysis notebook (``make reports`` before any exists).
NO_NOTEBOOKS = "No analysis notebooks yet: nothing to report."
#: The analysis notebooks: file names that start with a digit.
NOTEBOOK_PATTERN = "[0-9]*.ipynb"
#: The record of every run into an output folder, from which the index is rebuilt.
MANIFEST = "runs.json"
INDEX = "index.html"
#: Temporary folders inside the output folder start with this (then the runner's pid).
TMP_PREFIX = ".tmp-"
#: The file in each temporary folder that marks it as this runner's (JSON: the pid of the run
#: that made it, a run id); only folders carrying it are ever removed as stale.
TMP_MARKER = ".asnpolicy-report-tmp"
#: Characters a region's folder name keeps; any other becomes ``_``.
_UNSAFE_IN_FOLDER = re.compile(r"[^A-Za-z0-9_.-]")
#: The end of a folder name whose region id had to change: ``--`` and 10 hex digits of its hash.
_HASHED_FOLDER = re.compile(r"--[0-9a-f]{10}$")
_MAX_FOLDER = 100
#: Cells left out of the HTML: the notebook's defaults and the values papermill injected.
REMOVED_TAGS = ("parameters", "injected-parameters")
#: Parameters passed to each notebook that declares them.
PASSED_PARAMETERS = ("region", "data_dir", "lang", "small_cell_min")
_ERROR_MARKER_TAG = "papermill-error-cell-tag"
_log = logging.getLogger(__name__)
_MAX_MESSAGE = 2000
_READABLE = 0o644  # rw-r--r--
#: Seconds to wait for a Dask scheduler to answer (``scheduler``).
CONNECT_TIMEOUT_S = 10
#: Said when ``scheduler`` is given without the optional ``distributed`` package.
NO_DISTRIBUTED = (
    'Sending the runs to a Dask cluster (--scheduler) needs the "distributed" package: '
    'pip install "asnpolicy[cluster]"'
)
#: Set in each kernel's environment unless set already. ipykernel imports debugpy for its
#: debugger (ipykernel 6 as the kernel starts), which on Python 3.11+ then prints "Debugger
#: warning: It seems that frozen modules are being used" to the kernel's log, and so into the
#: message of a run whose kernel died.
KERNEL_ENV = {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}


class SchedulerError(ValueError):
    """The Dask scheduler cannot be used: ``distributed`` is not installed, or the address is
    malformed, or no scheduler answers there."""


@dataclass(frozen=True)
class RunResult:
    """The outcome of one notebook for one region.

    Attributes
    ----------
    region : str
        Region id.
    notebook : str
        Notebook name (file name without ``.ipynb``).
    status : str
        ``"ok"``; ``"failed"``; or ``"not_run"`` (stopped by ``fail_fast`` before it finished).
    duration_s : float
        Seconds spent executing and exporting.
    html : Path or None
        The report in place: ``<region>/<notebook>.html``, or ``<notebook>.failed.html`` when
        the run failed (None when nothing could be rendered or the run did not happen).
    executed : Path or None
        The executed notebook in place (``.ipynb``, or ``.failed.ipynb``).
    error_cell : int or None
        Index (from 0) of the failing cell among the cells of the notebook as stored
        (messages count from 1).
    error_exec_count : int or None
        Its execution count, the ``In [n]`` papermill points to.
    error_name, error_message : str or None
        The exception's class name and message.
    """

    region: str
    notebook: str
    status: str
    duration_s: float = 0.0
    html: Path | None = None
    executed: Path | None = None
    error_cell: int | None = None
    error_exec_count: int | None = None
    error_name: str | None = None
    error_message: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the run succeeded."""
        return self.status == "ok"

    def describe(self) -> str:
        """One line: region, notebook and, for a failure, the cell and the error, without
        control characters (an error message can hold the escape sequences that retitle or
        rewrite a terminal).

        Examples
        --------
        >>> failed = RunResult("pauh", "01_workforce_needs", "failed", error_cell=3,
        ...                    error_exec_count=3, error_name="KeyError", error_message="'x'")
        >>> failed.describe()  # cells counted from 1, as a reader counts them
        "region pauh, notebook 01_workforce_needs: failed at cell 4 (In [3]): KeyError: 'x'"
        >>> replace(failed, error_message="\\x1b]0;owned\\x07'x'").describe()[-21:]
        "KeyError: ]0;owned'x'"
        """
        text = f"region {printable(self.region)}, notebook {printable(self.notebook)}"
        if self.status == "ok":
            return f"{text}: ok"
        if self.status == "not_run":
            return f"{text}: not run"
        where = "" if self.error_cell is None else f" at cell {self.error_cell + 1}"
        if self.error_exec_count is not None:
            where += f" (In [{self.error_exec_count}])"
        return (
            f"{text}: failed{where}: {printable(self.error_name)}: {printable(self.error_message)}"
        )


# ------------------------------------------------------------------------------------------
# Which notebooks, which regions
# ------------------------------------------------------------------------------------------


def notebooks_dir() -> Path:
    """The project's ``notebooks`` folder.

    The folder beside the ``asnpolicy`` package when there is one (a source checkout or an
    editable install), else ``notebooks`` in the current directory.
    """
    beside = Path(__file__).resolve().parents[1] / "notebooks"
    return beside if beside.is_dir() else Path.cwd() / "notebooks"


def find_notebooks(directory: str | os.PathLike | None = None) -> list[Path]:
    """The analysis notebooks (names starting with a digit) in ``directory``, sorted.

    Parameters
    ----------
    directory : path, optional
        Default :func:`notebooks_dir`.
    """
    folder = Path(directory) if directory is not None else notebooks_dir()
    return sorted(p.resolve() for p in folder.glob(NOTEBOOK_PATTERN) if p.is_file())


def resolve_notebooks(
    names: Sequence[str] | None = None, *, directory: str | os.PathLike | None = None
) -> list[Path]:
    """The notebooks to run: all of them, or those named.

    Parameters
    ----------
    names : list of str, optional
        Each a notebook name (``01_workforce_needs``), the start of one (``01``), or a path to
        any ``.ipynb`` file. None or empty: every notebook in ``directory``.
    directory : path, optional
        Where names are looked up; default :func:`notebooks_dir`.

    Raises
    ------
    ValueError
        For a name that matches no notebook, or more than one, or two notebooks with the same
        name; the message lists the valid names.
    """
    available = find_notebooks(directory)
    if not names:
        return available
    chosen: list[Path] = []
    for name in names:
        chosen.append(_one_notebook(str(name), available))
    stems = [p.stem for p in chosen]
    twice = sorted({s for s in stems if stems.count(s) > 1})
    if twice:
        raise ValueError(f"Two notebooks are both named {', '.join(twice)}; rename one.")
    return list(dict.fromkeys(chosen))


def _one_notebook(name: str, available: list[Path]) -> Path:
    path = Path(name)
    if path.suffix == ".ipynb" or "/" in name or os.sep in name:
        if path.is_file():
            return path.resolve()
        raise ValueError(f"Notebook {name} does not exist.")
    matches = [p for p in available if p.stem == name] or [
        p for p in available if p.stem.startswith(name)
    ]
    if len(matches) == 1:
        return matches[0]
    valid = ", ".join(p.stem for p in available) or "none"
    problem = "matches several notebooks" if matches else "is not a notebook"
    raise ValueError(
        f"{name!r} {problem}; give a name, its number or a path to an .ipynb file. "
        f"Notebooks: {valid}."
    )


def _resolve_regions(dataset: Dataset, regions: Iterable[str] | None) -> list[str]:
    present = dataset.region_ids()
    if not present:
        raise ValueError("The data have no region: nothing to report.")
    if not regions:
        return sorted(present, key=study_order)
    chosen = [regions] if isinstance(regions, str) else list(dict.fromkeys(regions))
    unknown = [r for r in chosen if r not in present]
    if unknown:
        raise ValueError(
            f"Unknown region{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}: "
            f"the data have {', '.join(sorted(present, key=study_order))}."
        )
    return chosen


def region_folder(region_id: str) -> str:
    """The name of a region's folder in the output folder: the id itself when it is a safe
    folder name, else a safe name with a hash of the id.

    A region id comes from the data, whose id pattern allows ``/`` and ``..``: used as a path,
    ``a/../../x`` would lead out of the output folder. The name keeps letters, digits, ``_``,
    ``.`` and ``-``, replaces any other character by ``_``, never starts with ``.`` (so never
    ``.``, ``..`` or a hidden or temporary folder), is never the index or the manifest, never
    empty and at most about 110 characters long. When the id had to change, ``--`` and ten
    hex digits of its SHA-256 are appended, so two ids never share a folder (an id that
    already ends that way gets one too).

    Parameters
    ----------
    region_id : str
        A region id from the data.

    Returns
    -------
    str
        One path component, the same for the same id on every run.

    Examples
    --------
    >>> region_folder("pauh")
    'pauh'
    >>> region_folder("a/../../escaped")
    'a_.._.._escaped--fc3091ad43'
    >>> region_folder("..")
    '_.--5ec1f7e700'
    """
    name = _UNSAFE_IN_FOLDER.sub("_", str(region_id))
    name = "_" + name[1:] if name.startswith(".") else name
    name = name or "_"
    kept = name == region_id and len(name) <= _MAX_FOLDER
    if kept and not _HASHED_FOLDER.search(name) and name.casefold() not in (INDEX, MANIFEST):
        return name
    digest = hashlib.sha256(str(region_id).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{name[:_MAX_FOLDER]}--{digest[:10]}"


def _inside(path: Path, root: Path) -> Path:
    """``path`` when, resolved (symbolic links followed), it lies inside ``root``; else a
    ValueError: nothing is ever written outside the output folder or the temporary folder."""
    resolved, base = path.resolve(), root.resolve()
    if resolved != base and not resolved.is_relative_to(base):
        raise ValueError(
            f"Refusing to write {printable(path)}: it leads to {printable(resolved)}, outside "
            f"{printable(base)}. Remove the symbolic link there or choose another --out."
        )
    return path


def _check_folders(tasks: list[_Task], out: Path, tmp: Path) -> None:
    """Every run's folder lies inside ``out`` and ``tmp``, and no two regions share one (also
    on a file system that ignores case)."""
    folders: dict[str, str] = {}
    for task in tasks:
        _inside(out / task.folder, out)
        _inside(tmp / task.folder, tmp)
        other = folders.setdefault(task.folder.casefold(), task.region)
        if other != task.region:
            raise ValueError(
                f"Regions {printable(other)!r} and {printable(task.region)!r} would share the "
                f"report folder {task.folder!r}; give one of them another id."
            )


def _check_kernel(kernel_name: str) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    try:
        manager.get_kernel_spec(kernel_name)
    except NoSuchKernel:
        installed = ", ".join(sorted(manager.find_kernel_specs())) or "none"
        raise ValueError(
            f"There is no Jupyter kernel named {kernel_name!r} (installed: {installed}); "
            "choose one with --kernel or install one with `python -m ipykernel install`."
        ) from None


# ------------------------------------------------------------------------------------------
# One run, in a worker process
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    """What a worker needs for one run (picklable)."""

    notebook: str
    stem: str
    region: str
    parameters: dict
    tmp_dir: str
    kernel_name: str
    timeout: int | None

    @property
    def folder(self) -> str:
        """The region's folder, in the temporary folder and in the output folder."""
        return region_folder(self.region)


@dataclass
class _Outcome:
    """What a worker hands back: files in the temporary folder and the error, if any."""

    task: _Task
    duration_s: float
    executed: str | None = None
    html: str | None = None
    error: dict | None = None


def _execute(task: _Task) -> _Outcome:
    """Execute one notebook for one region into the temporary folder, then export HTML."""
    with _warnings_dropped():
        return _execute_quietly(task)


def _execute_quietly(task: _Task) -> _Outcome:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    folder = _inside(Path(task.tmp_dir) / task.folder, Path(task.tmp_dir))
    folder.mkdir(parents=True, exist_ok=True)
    executed = folder / f"{task.stem}.ipynb"
    kernel_log = folder / f"{task.stem}.kernel.log"
    error = None
    # a short path of its own (a Unix socket path may not exceed about 100 characters)
    socket_dir = tempfile.mkdtemp(prefix="asnpolicy-") if os.name == "posix" else None
    try:
        with open(kernel_log, "wb") as log, _quiet("papermill", "traitlets"):
            pm.execute_notebook(
                task.notebook,
                str(executed),
                parameters=task.parameters,
                kernel_name=task.kernel_name,
                execution_timeout=task.timeout,
                progress_bar=False,
                log_output=False,
                kernel_manager_class=_kernel_manager_logging_to(log, socket_dir),
            )
    except PapermillExecutionError as err:
        error = {"exec_count": err.exec_count, "name": err.ename, "message": err.evalue}
    except Exception as err:  # a timeout, a dead kernel: this run failed, the others go on
        error = {"exec_count": None, "name": type(err).__name__, "message": _message(err, task)}
        if "kernel" in error["message"].lower():
            error["message"] += _tail(kernel_log)
    finally:
        if socket_dir is not None:
            shutil.rmtree(socket_dir, ignore_errors=True)
    html_file = folder / f"{task.stem}.html"
    if executed.exists():
        if error is not None:
            error["cell"] = _failed_cell(executed)
        try:
            _export_html(executed, html_file, title=f"{task.stem} · {task.region}")
        except Exception as err:
            error = error or {"cell": None, "exec_count": None}
            error.update(name=type(err).__name__, message=f"HTML export failed: {err}")
    return _Outcome(
        task,
        duration_s=time.perf_counter() - start,
        executed=str(executed) if executed.exists() else None,
        html=str(html_file) if html_file.exists() else None,
        error=error,
    )


def _execute_remote(task: _Task, source: bytes) -> dict:
    """:func:`_execute` on a cluster worker, which may be on another machine: the notebook
    (``source``) is written to, and run in, a temporary folder of the worker's own, and the
    executed notebook and its page come back as bytes with the error, if any."""
    with tempfile.TemporaryDirectory(prefix="asnpolicy-report-") as local, _warnings_dropped():
        notebook = Path(local) / f"{task.stem}.ipynb"
        notebook.write_bytes(source)
        outcome = _execute(replace(task, notebook=str(notebook), tmp_dir=str(Path(local) / "out")))
        if outcome.executed is not None:
            _record_input_path(Path(outcome.executed), task.notebook)
        return {
            "duration_s": outcome.duration_s,
            "executed": Path(outcome.executed).read_bytes() if outcome.executed else None,
            "html": Path(outcome.html).read_bytes() if outcome.html else None,
            "error": outcome.error,
        }


def _record_input_path(executed: Path, notebook: str) -> None:
    """Papermill records the notebook it ran: the original, not the worker's copy."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    if "papermill" in nb.metadata:
        nb.metadata.papermill["input_path"] = notebook
        nbformat.write(nb, executed)


def _kernel_manager_logging_to(log, socket_dir: str | None = None):
    """A kernel manager class whose kernels write their own messages (not the notebook's
    output) to ``log`` instead of the terminal and, given ``socket_dir``, talk over Unix
    sockets there: parallel kernels on TCP pick free ports and can collide before binding
    them ("Address already in use"), and TCP without encryption makes every kernel warn."""
    from jupyter_client import AsyncKernelManager

    class KernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw):
            kw.setdefault("stdout", log)
            kw.setdefault("stderr", log)
            kw["env"] = {**KERNEL_ENV, **kw.get("env", os.environ)}
            if socket_dir is not None:
                self.transport = "ipc"
                self.ip = os.path.join(socket_dir, "kernel")
            return await super().start_kernel(**kw)

    return KernelManager


def _message(err: Exception, task: _Task) -> str:
    if type(err).__name__ == "CellTimeoutError":
        return f"the cell ran longer than the limit of {task.timeout} s (--timeout)"
    return " ".join(str(err).split())


@contextmanager
def _warnings_dropped():
    """Catch the warnings raised inside and drop them.

    papermill, nbformat and nbconvert warn about the notebook they read (no file extension,
    a cell without an id, ...); printed, each is a raw ``path.py:line: UserWarning`` line with
    its source line on the terminal of ``asnpolicy report``. What a user must know is said by
    :func:`run_reports` or by the run's result. (``warnings.catch_warnings`` changes the
    process's state: a cluster worker running tasks in several threads may restore it in
    another order; its warnings stay dropped.)
    """
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")  # recorded, never raised (a filter of "error")
        yield


@contextmanager
def _quiet(*loggers: str, level: int = logging.CRITICAL):
    """Silence the loggers' messages below ``level`` (a failure is reported once, by the
    result)."""
    saved = {name: logging.getLogger(name).level for name in loggers}
    for name in loggers:
        logging.getLogger(name).setLevel(level)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def _tail(log: Path, lines: int = 5) -> str:
    """The last lines the kernel wrote, to explain a kernel that died."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    text = [line for line in text if "without encryption" not in line]
    return (" Kernel log: " + " | ".join(text[-lines:])) if text else ""


def _failed_cell(executed: Path) -> int | None:
    """Index of the failing cell among the stored notebook's cells (papermill's marks and
    injected parameters not counted)."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    index = 0
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if _ERROR_MARKER_TAG in tags or "injected-parameters" in tags:
            continue
        meta = cell.get("metadata", {}).get("papermill", {})
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors or meta.get("exception") or meta.get("status") == "running":
            return index
        index += 1
    return None


def _remove_stderr(nb):
    """The notebook without its stderr streams."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")
            ]
    return nb


def _export_html(executed: Path, target: Path, *, title: str) -> None:
    """The executed notebook as HTML: no input cells, no prompts, no parameter cells; figures
    embedded."""
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVED_TAGS)
    exporter = HTMLExporter(
        config=config,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    # warnings a kernel prints (stderr) are for whoever maintains the notebook: they stay in
    # the executed notebook beside the page; errors still show in the page
    nb = _remove_stderr(nbformat.read(executed, as_version=4))
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    target.write_text(body, encoding="utf-8")


def _worker_init(parent_pid: int) -> None:
    """Workers leave Ctrl-C to the parent, end cleanly on SIGTERM, and end when it dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _exit_on_term(signum, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds papermill, which shuts its kernel down


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)  # the kernel notices its parent is gone and stops too


# ------------------------------------------------------------------------------------------
# All runs, in the parent
# ------------------------------------------------------------------------------------------


def run_reports(
    data_dir: str | os.PathLike,
    *,
    regions: Sequence[str] | None = None,
    notebooks: Sequence[str] | None = None,
    lang: str = "id",
    out: str | os.PathLike = "reports",
    workers: int | None = None,
    fail_fast: bool = False,
    kernel_name: str = "python3",
    timeout: int | None = 600,
    small_cell_min: int = 5,
    progress: bool = True,
    scheduler: str | None = None,
) -> list[RunResult]:
    """Execute every notebook for every region and publish HTML reports with an index.

    Parameters
    ----------
    data_dir : path
        The input data (a folder, or an ``.xlsx`` workbook). Loaded and validated once before
        any notebook runs; notebooks receive its absolute path.
    regions : list of str, optional
        Region ids; default every region in the data.
    notebooks : list of str, optional
        Notebook names, number prefixes or paths (see :func:`resolve_notebooks`); default
        every notebook in :func:`notebooks_dir`.
    lang : {"id", "en"}
        Language of the reports and the index.
    out : path
        Output folder (created if needed).
    workers : int, optional
        Worker processes; default the number of CPUs (never more than there are runs). With
        one, the runs execute one after the other in this process (each in its own kernel).
        Ignored with ``scheduler``: the cluster decides.
    fail_fast : bool
        Stop at the first failed run (runs still going are stopped and not published).
    kernel_name : str
        Jupyter kernel to execute with; ``"python3"`` is ipykernel's own kernel, which runs
        the interpreter of the worker.
    timeout : int, optional
        Seconds a cell may run before the run fails; None or 0 for no limit.
    small_cell_min : int
        Passed to the notebooks: figures resting on fewer people are suppressed.
    progress : bool
        Show one progress bar over all runs (on standard error).
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://host:8786``): one task per region and notebook
        on its workers instead of local worker processes (needs the optional ``distributed``
        package). The data must be at the same path on every worker (a shared filesystem;
        not checked); each worker needs asnpolicy and the kernel ``kernel_name`` installed,
        runs in a temporary folder of its own and sends the files back: only this process
        writes into ``out``.

    Returns
    -------
    list of RunResult
        One per region and notebook, in the order the runs were planned.

    Raises
    ------
    DataError
        When the data fail validation (file, row, column and rule of every problem).
    ValueError
        For an unknown region, notebook, language or kernel; a notebook that cannot be read;
        a region whose folder would lead outside ``out`` (see :func:`region_folder`).
    SchedulerError
        (a ValueError) With ``scheduler``: ``distributed`` is not installed, or no Dask
        scheduler answers at the address within :data:`CONNECT_TIMEOUT_S` seconds.
    KeyboardInterrupt
        After stopping the workers and removing the temporary folder; reports already
        moved into place stay, the others keep their previous version.

    Notes
    -----
    The notebooks run with the current working directory of the caller. Only the parameters
    a notebook declares (of ``region``, ``data_dir``, ``lang``, ``small_cell_min``) are passed.
    Returns an empty list, doing nothing, when there is no notebook.

    With ``scheduler``, stopping (``fail_fast``, Ctrl-C) cancels the runs not started yet; a
    run already executing on a worker cannot be interrupted there: it ends (at the latest at
    ``timeout`` per cell) in the worker's own temporary folder and is not published.
    """
    check_lang(lang)
    paths = resolve_notebooks(notebooks)
    if not paths:
        return []
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be 1 or more, not {workers}.")
    if scheduler is not None:
        _import_distributed()  # before the data are read: say at once that it is missing
    declared = {path: _declared_parameters(path) for path in paths}  # before the data too
    data_path = Path(data_dir).resolve()
    dataset = load_dataset(data_path)
    chosen = _resolve_regions(dataset, regions)
    with ExitStack() as cluster:
        client = None
        if scheduler is None:
            _check_kernel(kernel_name)
        else:
            cluster.enter_context(_distributed_errors_only())
            client = _connect(scheduler)  # the kernel is not looked for here but on the workers
            cluster.callback(client.close)
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        _remove_stale_temp(out)
        tmp = _new_temp(out)
        try:
            tasks = _plan(
                declared, chosen, data_path, lang, small_cell_min, kernel_name, timeout, tmp
            )
            _check_folders(tasks, out, tmp)
            names = {region: region_name(dataset, region) for region in chosen}
            context = _RunContext(out, tmp, lang, _data_record(dataset, data_path), names)
            n_workers = min(workers or os.cpu_count() or 1, len(tasks))
            return _run_all(
                tasks, context, n_workers, fail_fast=fail_fast, progress=progress, client=client
            )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


#: The loggers through which ``distributed`` speaks in this process (their own levels).
_DISTRIBUTED_LOGGERS = ("distributed", "distributed.client")


class _NoTraceback(logging.Filter):
    """An error in one line: the traceback distributed logs with it (the client's failed
    reconnection, say) tells a user nothing; the runs it stops are reported with the reason."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = None
        return bool(record.getMessage().strip())


@contextmanager
def _distributed_errors_only():
    """distributed logs to the terminal from INFO up: keep its errors, in one line each."""
    handlers = {h for name in _DISTRIBUTED_LOGGERS for h in logging.getLogger(name).handlers}
    one_line = _NoTraceback()
    with _quiet(*_DISTRIBUTED_LOGGERS, level=logging.ERROR):
        for handler in handlers:
            handler.addFilter(one_line)
        try:
            yield
        finally:
            for handler in handlers:
                handler.removeFilter(one_line)


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise SchedulerError(NO_DISTRIBUTED) from None
    return distributed


def _connect(address: str, timeout_s: float | None = None):
    """A Dask client of the scheduler at ``address``.

    The address is first checked with a bounded handshake: ``distributed.Client`` waits
    forever for a server that accepts the connection but is not a Dask scheduler (the
    dashboard's port, say), and leaves a half-made client that prints a traceback when it
    is collected after a malformed address.
    """
    import asyncio

    distributed = _import_distributed()
    from distributed.comm import connect
    from distributed.security import Security

    timeout_s = CONNECT_TIMEOUT_S if timeout_s is None else timeout_s
    address = address.strip()

    async def handshake():
        args = Security().get_connection_args("client")
        comm = await asyncio.wait_for(connect(address, timeout=timeout_s, **args), timeout_s)
        await comm.close()

    try:
        if not address:
            raise ValueError("the address is empty")
        # in a thread of its own: the caller may have an event loop running (Jupyter)
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, handshake()).result()
        return distributed.Client(address, timeout=timeout_s, set_as_default=False)
    except TimeoutError:
        problem = f"no Dask scheduler answered within {timeout_s:g} s"
    except (OSError, ValueError, TypeError) as err:
        problem = " ".join(str(err).split()) or type(err).__name__
    raise SchedulerError(
        f"Cannot use the Dask scheduler at {address!r}: {problem}. Give the address the "
        "scheduler prints (tcp://HOST:8786, not the dashboard's) and check that it is running."
    )


def _plan(
    declared: dict[Path, set[str]],
    regions: list[str],
    data_path: Path,
    lang: str,
    small_cell_min: int,
    kernel_name: str,
    timeout: int | None,
    tmp: Path,
) -> list[_Task]:
    """One task per notebook and region, each with the parameters its notebook declares
    (``declared``: notebook -> the names of its parameters)."""
    tasks = []
    for path, names in declared.items():
        for region in regions:
            values = {
                "region": region,
                "data_dir": str(data_path),
                "lang": lang,
                "small_cell_min": small_cell_min,
            }
            parameters = {k: values[k] for k in PASSED_PARAMETERS if k in names}
            tasks.append(
                _Task(
                    str(path), path.stem, region, parameters, str(tmp), kernel_name, timeout or None
                )
            )
    return tasks


def _declared_parameters(path: Path) -> set[str]:
    """The names of the parameters ``path`` declares in its cell tagged ``parameters``.

    papermill's and nbformat's warnings about the notebook are dropped; a notebook without a
    parameters cell, or whose parameters cell declares none of :data:`PASSED_PARAMETERS`
    (which papermill cannot read in a notebook of another language), is said in one line
    (logged as a warning of this module): it runs without the region, and every region gets
    the same report.

    Raises
    ------
    ValueError
        When the file is not a notebook that can be read: one sentence naming the file and
        what is wrong with it.
    """
    import nbformat
    import papermill as pm

    def unreadable(problem: str) -> ValueError:
        return ValueError(f"Notebook {path} cannot be read: {problem}.")

    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise unreadable("it is not UTF-8 text (a notebook is a JSON file)") from None
    except OSError as err:
        raise unreadable(err.strerror or type(err).__name__) from None
    if not text.strip():
        raise unreadable("the file is empty")
    try:
        content = json.loads(text)
    except ValueError as err:
        where = getattr(err, "lineno", None)
        where = f" at line {where}, column {err.colno}" if where is not None else ""
        raise unreadable(f"it is not JSON ({getattr(err, 'msg', err)}{where})") from None
    if not isinstance(content, dict) or "nbformat" not in content:
        raise unreadable("it is JSON but not a Jupyter notebook (it has no nbformat version)")
    with _warnings_dropped(), _quiet("papermill", "traitlets", "nbformat"):
        try:
            declared = set(pm.inspect_notebook(str(path)))
            cells = nbformat.reads(text, as_version=4).cells
            tagged = any("parameters" in c.metadata.get("tags", []) for c in cells)
        except Exception as err:  # nbformat's and papermill's own errors, whatever their class
            problem = " ".join(str(err).split()).rstrip(".") or type(err).__name__
            raise unreadable(f"it is not a valid Jupyter notebook ({problem})") from None
    if not declared & set(PASSED_PARAMETERS):
        _log.warning(
            "Notebook %s %s: it runs without the region and the data folder, so every region "
            "gets the same report.",
            printable(path),
            "declares none of " + ", ".join(PASSED_PARAMETERS) + " in its parameters cell"
            if tagged
            else "has no cell tagged 'parameters'",
        )
    return declared


@dataclass(frozen=True)
class _RunContext:
    """What the parent needs to publish results: where, and what to record about the data."""

    out: Path
    tmp: Path
    lang: str
    data: dict
    region_names: dict


def _data_record(dataset: Dataset, data_path: Path) -> dict:
    """Where the data came from, as each run's manifest entry records it."""
    return {
        "data_dir": str(data_path),
        "data_source": dataset.provenance.get("source") or dataset.source or str(data_path),
        "synthetic": bool(dataset.synthetic),
        "seed": dataset.provenance.get("seed"),
        "content_hash": dataset.content_hash(),
    }


def _run_all(
    tasks: list[_Task],
    context: _RunContext,
    n_workers: int,
    *,
    fail_fast: bool,
    progress: bool,
    client=None,
) -> list[RunResult]:
    """Run the tasks (in this process when there is one worker, on the cluster of ``client``
    when given), publishing each as it ends."""
    from tqdm import tqdm

    done: dict[tuple[str, str], RunResult] = {}
    executor = None
    futures: dict = {}
    stopped = False
    bar = tqdm(total=len(tasks), desc="asnpolicy report", unit="run", disable=not progress)
    try:
        if client is not None:
            from distributed import as_completed as completed

            futures = _submit(client, tasks)
            outcomes = (
                _received(f, futures[f], context) for f in completed(futures, loop=client.loop)
            )
        elif n_workers == 1:
            outcomes = (_execute(task) for task in tasks)
        else:
            executor = ProcessPoolExecutor(
                n_workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(os.getpid(),),
            )
            futures = {executor.submit(_execute, task): task for task in tasks}
            outcomes = (_outcome_of(f, futures[f]) for f in as_completed(futures))
        for outcome in outcomes:
            result = _publish(outcome, context)
            done[(result.region, result.notebook)] = result
            bar.set_postfix_str(f"{result.region}/{result.notebook} {result.status}")
            bar.update()
            if fail_fast and not result.ok:
                stopped = True
                break
    except BaseException:
        stopped = True
        raise
    finally:
        bar.close()
        unfinished = [future for future in futures if not future.done()]
        if unfinished:  # stopped: not run, or not published
            with suppress(Exception):
                client.cancel(unfinished)
        if executor is not None:
            if stopped:
                _stop_workers(executor)
            executor.shutdown(wait=True, cancel_futures=True)
    return [
        done.get((task.region, task.stem)) or RunResult(task.region, task.stem, "not_run")
        for task in tasks
    ]


def _submit(client, tasks: list[_Task]) -> dict:
    """One cluster task per run; the notebook goes with it (the workers may not see it)."""
    sources = {path: Path(path).read_bytes() for path in {task.notebook for task in tasks}}
    run = uuid.uuid4().hex[:8]
    return {
        client.submit(
            _execute_remote,
            task,
            sources[task.notebook],
            key=f"asnpolicy-report-{task.region}-{task.stem}-{run}",
            pure=False,
        ): task
        for task in tasks
    }


def _received(future, task: _Task, context: _RunContext) -> _Outcome:
    """A cluster run's outcome, its files written into this run's temporary folder."""
    try:
        sent = future.result()
    except Exception as err:  # a worker died (KilledWorker), the cluster went away...
        message = " ".join(str(err).split()) or "the run failed on the cluster"
        return _lost(task, type(err).__name__, message)
    folder = _inside(context.tmp / task.folder, context.tmp)
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind, suffix in (("executed", ".ipynb"), ("html", ".html")):
        if sent[kind] is not None:
            files[kind] = folder / f"{task.stem}{suffix}"
            files[kind].write_bytes(sent[kind])
    return _Outcome(
        task,
        duration_s=sent["duration_s"],
        executed=str(files["executed"]) if "executed" in files else None,
        html=str(files["html"]) if "html" in files else None,
        error=sent["error"],
    )


def _outcome_of(future: Future, task: _Task) -> _Outcome:
    try:
        return future.result()
    except BrokenProcessPool:
        message = "a worker process died (out of memory?); rerun with fewer --workers"
        return _lost(task, "BrokenProcessPool", message)


def _lost(task: _Task, name: str, message: str) -> _Outcome:
    """The outcome of a run whose worker was lost: no files, no cell to blame."""
    error = {"cell": None, "exec_count": None, "name": name, "message": message}
    return _Outcome(task, 0.0, error=error)


def _stop_workers(executor: ProcessPoolExecutor, grace_s: float = 5.0) -> None:
    """Stop the workers now (their kernels stop with them)."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + grace_s
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


def _publish(outcome: _Outcome, context: _RunContext) -> RunResult:
    """Move a finished run's files into place and record it in the manifest and index."""
    task, error = outcome.task, outcome.error
    folder = _inside(context.out / task.folder, context.out)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "" if error is None else ".failed"
    html_file = folder / f"{task.stem}{suffix}.html"
    executed = folder / f"{task.stem}{suffix}.ipynb"
    for staged, target in ((outcome.executed, executed), (outcome.html, html_file)):
        if staged:
            os.replace(staged, target)
        elif error is not None:  # no render of this failure: drop that of an older one
            target.unlink(missing_ok=True)
    if error is None:
        for stale in (f"{task.stem}.failed.html", f"{task.stem}.failed.ipynb"):
            (folder / stale).unlink(missing_ok=True)
    error = error or {}
    result = RunResult(
        region=task.region,
        notebook=task.stem,
        status="ok" if not error else "failed",
        duration_s=round(outcome.duration_s, 2),
        html=html_file if outcome.html else None,
        executed=executed if outcome.executed else None,
        error_cell=error.get("cell"),
        error_exec_count=error.get("exec_count"),
        error_name=error.get("name"),
        error_message=_short(error.get("message")),
    )
    _record(result, task, context)
    return result


def _short(message: str | None) -> str | None:
    """The message without control characters, cut to :data:`_MAX_MESSAGE` characters."""
    return None if message is None else printable(message, _MAX_MESSAGE)


# ------------------------------------------------------------------------------------------
# Temporary folders, manifest, index
# ------------------------------------------------------------------------------------------


def _new_temp(out: Path) -> Path:
    """A new temporary folder ``<out>/.tmp-<pid>-...``, marked as this runner's."""
    folder = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=out))
    marker = {"pid": os.getpid(), "run": uuid.uuid4().hex, "made_by": "asnpolicy report"}
    (folder / TMP_MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
    return folder


@contextmanager
def _temp_folder(out: Path):
    """A marked temporary folder in ``out`` for the block, removed after it."""
    folder = _new_temp(out)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_stale_temp(out: Path) -> None:
    """Remove the temporary folders left by runs that are no longer running; only folders
    this runner made (with its marker) are ever removed."""
    for path in out.glob(f"{TMP_PREFIX}*"):
        if path.is_dir() and not path.is_symlink() and _stale(path):
            shutil.rmtree(path, ignore_errors=True)


def _marked_pid(path: Path) -> int | None:
    """The pid in the marker of the temporary folder ``path`` (``.tmp-<pid>-...``), or None
    when it has none (not this runner's folder)."""
    marker = path / TMP_MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        pid = json.loads(marker.read_text(encoding="utf-8"))["pid"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if type(pid) is not int or pid <= 0 or not path.name.startswith(f"{TMP_PREFIX}{pid}-"):
        return None
    return pid


def _stale(path: Path) -> bool:
    """Whether ``path`` is a temporary folder of this runner whose run has ended."""
    pid = _marked_pid(path)
    if pid is None or pid == os.getpid():
        return False
    if os.name != "posix":  # no cheap check of a pid: a folder untouched for a day is stale
        return time.time() - path.stat().st_mtime > 86_400
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process (or no such pid)
        return True
    except PermissionError:  # another user's live process
        return False
    return False


def _read_manifest(out: Path) -> dict:
    """The runs recorded in ``out`` (an unreadable manifest counts as empty)."""
    try:
        record = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        runs = record.get("runs", {})
        return runs if isinstance(runs, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def _write_atomically(path: Path, text: str, tmp_dir: Path) -> None:
    tmp_dir.mkdir(parents=True, exist_ok=True)
    handle, staged = tempfile.mkstemp(dir=tmp_dir, prefix=path.name)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.chmod(staged, _READABLE)  # mkstemp makes it private; a report page is for reading
    os.replace(staged, path)


def _record(result: RunResult, task: _Task, context: _RunContext) -> None:
    """Add one run to the manifest; rewrite the manifest and the index."""
    key = f"{task.region}/{task.stem}"
    manifest = _read_manifest(context.out)  # again: another run may have added to it
    previous = manifest.get(key, {})
    entry = {
        "region": task.region,
        "region_name": context.region_names.get(task.region, task.region),
        "notebook": task.stem,
        "status": result.status,
        "duration_s": result.duration_s,
        "finished": datetime.now().astimezone().isoformat(timespec="seconds"),
        "parameters": task.parameters,
        "lang": context.lang,
        **context.data,
        "asnpolicy_version": package_version(),
        "html": _relative(result.html, context.out),
        "executed": _relative(result.executed, context.out),
        "error": None
        if result.ok
        else {
            "cell": result.error_cell,
            "exec_count": result.error_exec_count,
            "name": result.error_name,
            "message": result.error_message,
        },
    }
    if result.ok:
        entry["last_good"] = None
    elif previous.get("status") == "ok":
        entry["last_good"] = {k: previous.get(k) for k in ("html", "finished")}
    else:
        entry["last_good"] = previous.get("last_good")
    manifest[key] = entry
    text = json.dumps({"runs": manifest}, indent=2, ensure_ascii=False) + "\n"
    _write_atomically(context.out / MANIFEST, text, context.tmp)
    write_index(context.out, lang=context.lang, tmp_dir=context.tmp)


def _relative(path: Path | None, out: Path) -> str | None:
    return None if path is None else path.relative_to(out).as_posix()


def write_index(
    out: str | os.PathLike, *, lang: str = "id", tmp_dir: str | os.PathLike | None = None
) -> Path:
    """Rebuild ``<out>/index.html`` from ``<out>/runs.json``.

    Parameters
    ----------
    out : path
        The output folder of :func:`run_reports`.
    lang : {"id", "en"}
        Language of the page.
    tmp_dir : path, optional
        Where the page is staged before it replaces the old one (default ``out``).

    Returns
    -------
    Path
        The index page.
    """
    out = Path(out)
    page = index_html(_read_manifest(out), out, lang=lang)
    target = out / INDEX
    if tmp_dir is None:
        with _temp_folder(out) as tmp:
            _write_atomically(target, page, tmp)
    else:
        _write_atomically(target, page, Path(tmp_dir))
    return target


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933;
       max-width: 78rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
.meta { color: #52606d; }
.provenance { background: #f3f5f7; border-left: 4px solid #9aa5b1; padding: .5rem 1rem; }
.banner { background: #fff4ce; border: 1px solid #d9a400; border-radius: 4px;
          padding: .6rem 1rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; table-layout: fixed; }
col.c-notebook { width: 22%; } col.c-status { width: 17%; } col.c-duration { width: 7%; }
col.c-parameters { width: 13%; } col.c-source { width: 17%; } col.c-hash { width: 13%; }
col.c-version { width: 7%; } col.c-run { width: 10%; }
td { overflow-wrap: break-word; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #d9dee3;
         vertical-align: top; }
th { background: #f3f5f7; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
code { font-size: .85rem; }
.status { display: inline-block; padding: .1rem .5rem; border-radius: 3px; font-weight: 600; }
table.overview { table-layout: auto; margin-bottom: 1rem; }
table.overview td, table.overview th { text-align: left; }
table.overview a { text-decoration: none; }
.status.ok { background: #e3f4e8; color: #0b6b2f; }
.status.failed { background: #fde8e8; color: #9b1c1c; }
.error { color: #9b1c1c; font-size: .85rem; margin-top: .25rem; white-space: pre-wrap; }
"""


def index_html(runs: dict, out: Path, *, lang: str = "id") -> str:
    """The index page for the manifest's ``runs`` (links relative to ``out``)."""
    check_lang(lang)
    entries = sorted(runs.values(), key=lambda e: (study_order(e["region"]), e["notebook"]))
    n_ok = sum(e["status"] == "ok" for e in entries)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(t('index_title', lang))}</title>",
        f"<style>{_CSS}</style></head>",
        "<body>",
        f"<h1>{_e(t('index_title', lang))}</h1>",
    ]
    if any(e.get("synthetic") for e in entries):
        parts.append(f'<p class="banner">{_e(t("synthetic_banner", lang))}</p>')
    now = datetime.now().astimezone()
    parts.append(
        '<p class="meta">'
        + _e(
            t(
                "index_summary",
                lang,
                when=f"{date(now, lang)} {now:%H:%M}",
                version=package_version(),
                total=len(entries),
                ok=n_ok,
                failed=len(entries) - n_ok,
            )
        )
        + "</p>"
    )
    if not entries:
        parts.append(f"<p>{_e(t('index_empty', lang))}</p>")
    regions = list(dict.fromkeys(e["region"] for e in entries))
    shared = _shared_provenance(entries)
    if entries:
        if shared:
            parts.append(f'<p class="provenance">{_e(t("index_col_source", lang))}: '
                         f"{_source_cell(entries[0], lang)}<br>"
                         f"{_e(t('index_col_hash', lang))}: <code>"
                         f"{_e(entries[0].get('content_hash', ''))}</code> &middot; asnpolicy "
                         f"{_e(entries[0].get('asnpolicy_version', ''))}</p>")  # fmt: skip
        parts.append(_overview(entries, out, lang))
    for region in regions:
        name = next(e.get("region_name") or region for e in entries if e["region"] == region)
        parts.append(f'<h2 id="{_e(region)}">{_e(name)}</h2>')
        parts.append(
            _region_table(
                [e for e in entries if e["region"] == region], out, lang, provenance=not shared
            )
        )
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def notebook_title(notebook: str, lang: str = "id") -> str:
    """A report's name for people: ``01_workforce_needs`` -> "Kebutuhan pegawai"; the file
    name when it has no translation."""
    return label(f"report_{notebook}", lang, notebook)


def _overview(entries: list[dict], out: Path, lang: str) -> str:
    """Regions by notebooks at a glance: each cell the status, linked to the report."""
    notebooks = sorted({e["notebook"] for e in entries})
    by_key = {(e["region"], e["notebook"]): e for e in entries}
    head = "".join(f"<th>{_e(notebook_title(nb, lang))}</th>" for nb in notebooks)
    rows = [
        f"<h2>{_e(t('index_overview', lang))}</h2>",
        f'<table class="overview"><thead><tr><th>{_e(t("index_col_region", lang))}</th>'
        f"{head}</tr></thead><tbody>",
    ]
    for region in dict.fromkeys(e["region"] for e in entries):
        first = next(e for e in entries if e["region"] == region)
        cells = [f'<th><a href="#{_e(region)}">{_e(first.get("region_name") or region)}</a></th>']
        for nb in notebooks:
            entry = by_key.get((region, nb))
            if entry is None:
                cells.append("<td>-</td>")
                continue
            ok = entry["status"] == "ok"
            badge = (
                f'<span class="status {"ok" if ok else "failed"}">'
                f"{_e(t('index_status_ok' if ok else 'index_status_failed', lang))}</span>"
            )
            cells.append(f"<td>{_link(entry.get('html'), badge, out)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)


_PROVENANCE_COLUMNS = ("source", "hash", "version")


def _shared_provenance(entries: list[dict]) -> bool:
    """Whether every run read the same data with the same package version, so that the
    page can say it once instead of on every row."""
    keys = ("data_dir", "content_hash", "asnpolicy_version", "synthetic", "seed")
    return len({tuple(str(e.get(k)) for k in keys) for e in entries}) == 1


def _region_table(entries: list[dict], out: Path, lang: str, *, provenance: bool = True) -> str:
    columns = ("notebook", "status", "duration", "parameters", "source", "hash", "version", "run")
    shown = [i for i, c in enumerate(columns) if provenance or c not in _PROVENANCE_COLUMNS]
    head = "".join(f"<th>{_e(t(f'index_col_{columns[i]}', lang))}</th>" for i in shown)
    widths = "".join(f'<col class="c-{columns[i]}">' for i in shown)
    rows = [f"<table>\n<colgroup>{widths}</colgroup>\n<thead><tr>{head}</tr></thead>\n<tbody>"]
    for entry in entries:
        cells = _cells(entry, out, lang)
        rows.append("<tr>" + "".join(cells[i] for i in shown) + "</tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _cells(entry: dict, out: Path, lang: str) -> list[str]:
    ok = entry["status"] == "ok"
    status = t("index_status_ok" if ok else "index_status_failed", lang)
    status_cell = f'<span class="status {"ok" if ok else "failed"}">{_e(status)}</span>'
    if not ok:
        status_cell += f'<div class="error">{_e(_error_text(entry, lang))}</div>'
    parameters = ", ".join(
        f"{k}={v}" for k, v in entry.get("parameters", {}).items() if k != "data_dir"
    )
    source_cell = _source_cell(entry, lang)
    duration = t("index_seconds", lang, seconds=number(entry.get("duration_s", 0), lang, 1))
    return [
        f"<td>{_notebook_links(entry, out, lang)}</td>",
        f"<td>{status_cell}</td>",
        f'<td class="num">{_e(duration)}</td>',
        f"<td><code>{_e(parameters)}</code></td>",
        f"<td>{source_cell}</td>",
        f"<td><code>{_e(entry.get('content_hash', ''))}</code></td>",
        f"<td>{_e(entry.get('asnpolicy_version', ''))}</td>",
        f"<td>{_e(_when(entry.get('finished'), lang))}</td>",
    ]


def _source_cell(entry: dict, lang: str) -> str:
    source = str(entry.get("data_source", ""))
    if entry.get("synthetic"):
        source = t("synthetic_source", lang)
        if entry.get("seed") is not None:
            source += f" ({t('index_seed', lang, seed=entry['seed'])})"
    return f"{_e(source)}<br><code>{_e(entry.get('data_dir', ''))}</code>"


def _notebook_links(entry: dict, out: Path, lang: str) -> str:
    """The report's name linked to it; for a failure, the failed render and the last good."""
    name = _e(notebook_title(entry["notebook"], lang))
    if entry["status"] == "ok":
        return _link(entry.get("html"), name, out)
    parts = [_link(entry.get("html"), f"{name} ({_e(t('index_failed_render', lang))})", out)]
    last_good = entry.get("last_good") or {}
    if last_good.get("html") and (out / last_good["html"]).exists():
        label = t("index_previous", lang, when=_when(last_good.get("finished"), lang))
        parts.append(_link(last_good["html"], _e(label), out))
    return "<br>".join(parts)


def _link(relative: str | None, text: str, out: Path) -> str:
    if relative and (out / relative).exists():
        return f'<a href="{_e(quote(relative))}">{text}</a>'
    return text


def _error_text(entry: dict, lang: str) -> str:
    error = entry.get("error") or {}
    where = ""
    if error.get("cell") is not None:
        where = t("index_failed_cell", lang, cell=error["cell"] + 1)
        if error.get("exec_count") is not None:
            where += f" (In [{error['exec_count']}])"
        where += ": "
    return printable(f"{where}{error.get('name')}: {error.get('message')}")


def _when(iso: str | None, lang: str) -> str:
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso)
    return f"{date(moment.replace(tzinfo=None), lang)} {moment:%H:%M}"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)
