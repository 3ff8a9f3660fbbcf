"""One run: a notebook executed for one region with papermill, in the worker's kernel (reset
between runs, see :mod:`.kernels`), into the temporary folder, then exported to HTML without
code. Runs in a worker process (or in the caller's process with one worker)."""

from __future__ import annotations

import atexit
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .engine import register_engine
from .kernels import discard_kernel, kernel_for_run, kill_kernels, shutdown_kernels
from .page import ERROR_CELL_TAG, REMOVED_TAGS, PageLinks, render_page
from .plan import Task, inside
from .quiet import quiet, warnings_dropped

__all__ = [
    "REMOVED_TAGS",
    "Outcome",
    "execute_task",
    "lost",
    "shutdown_kernels",
    "worker_init",
]


@dataclass
class Outcome:
    """What a worker hands back: files in the temporary folder and the error, if any.

    Attributes
    ----------
    task : Task
        The run.
    duration_s : float
        Seconds spent executing and exporting.
    executed, html : str or None
        The executed notebook and its page in the temporary folder (None when not made).
    xlsx, docx : str or None
        The page's workbook and Word document in the temporary folder (None when not made:
        a failed run, or a page without tables for the workbook).
    keys : list of dict
        The page's key numbers (``label``, ``value``), for the index page.
    error : dict or None
        ``cell``, ``exec_count``, ``name`` and ``message`` of a failure.
    """

    task: Task
    duration_s: float
    executed: str | None = None
    html: str | None = None
    error: dict | None = None
    xlsx: str | None = None
    docx: str | None = None
    keys: list = field(default_factory=list)


def execute_task(task: Task) -> Outcome:
    """Execute one notebook for one region into the temporary folder, then export HTML.

    Parameters
    ----------
    task : Task
        The run.

    Returns
    -------
    Outcome
        The files made and the error, if any: a failing cell, a timeout or a dead kernel
        fails this run, never the caller.
    """
    with warnings_dropped():
        return _execute_quietly(task)


def _execute_quietly(task: Task) -> Outcome:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    folder = inside(Path(task.tmp_dir) / task.folder, Path(task.tmp_dir))
    folder.mkdir(parents=True, exist_ok=True)
    executed = folder / f"{task.stem}.ipynb"
    parameters = _parameters_here(task)
    error = None
    kernel = kernel_for_run(task.kernel_name)
    try:
        with quiet("papermill", "traitlets"):
            pm.execute_notebook(
                task.notebook,
                str(executed),
                parameters=parameters,
                kernel_name=task.kernel_name,
                execution_timeout=task.timeout,
                progress_bar=False,
                log_output=False,
                km=kernel.manager,
                engine_name=register_engine(),
            )
    except PapermillExecutionError as err:
        error = {"exec_count": err.exec_count, "name": err.ename, "message": err.evalue}
    except Exception as err:  # a timeout, a dead kernel: this run failed, the others go on
        error = {"exec_count": None, "name": type(err).__name__, "message": _message(err, task)}
        if "kernel" in error["message"].lower():
            error["message"] += kernel.log_tail()
    if error is not None:
        discard_kernel()  # a kernel that failed is not used again
    html_file = folder / f"{task.stem}.html"
    made: dict = {}
    if executed.exists():
        _name_the_data(executed, parameters, task.data_path)
        if error is not None:
            if error["exec_count"] is None:  # stopped from outside the cell
                _mark_stopped_cell(executed, error)
            error["cell"] = _failed_cell(executed)
        try:
            made = _export(executed, folder, task, ok=error is None)
        except Exception as err:
            error = error or {"cell": None, "exec_count": None}
            error.update(name=type(err).__name__, message=f"export failed: {err}")
    return Outcome(
        task,
        duration_s=time.perf_counter() - start,
        executed=str(executed) if executed.exists() else None,
        html=str(html_file) if html_file.exists() else None,
        error=error,
        xlsx=made.get("xlsx"),
        docx=made.get("docx"),
        keys=made.get("keys", []),
    )


def _export(executed: Path, folder: Path, task: Task, *, ok: bool) -> dict:
    """The page of an executed notebook and, for a run that succeeded, its workbook, its Word
    document and its key numbers."""
    import nbformat

    from .takeaway import page_keys, write_document, write_workbook

    region_name = task.region_name or task.region
    html_file = folder / f"{task.stem}.html"
    made: dict = {}
    nb = nbformat.read(executed, as_version=4)
    if ok:
        title = _title(nb) or task.stem
        xlsx, docx = folder / f"{task.stem}.xlsx", folder / f"{task.stem}.docx"
        if write_workbook(nb, xlsx, lang=task.lang, title=title, region_name=region_name):
            made["xlsx"] = str(xlsx)
        write_document(nb, docx, lang=task.lang, title=title)
        made["docx"] = str(docx)
        made["keys"] = page_keys(nb)
    links = PageLinks(
        task.stem, tuple(task.siblings) or (task.stem,), xlsx="xlsx" in made, docx="docx" in made
    )
    render_page(nb, html_file, lang=task.lang, links=links, region_name=region_name)
    return made


def _parameters_here(task: Task) -> dict:
    """The task's parameters; ``data_dir`` the input data themselves when this machine does
    not see the snapshot of them (a cluster worker without the output folder)."""
    snapshot = task.parameters.get("data_dir")
    if task.data_path and snapshot and not Path(snapshot).exists():
        return {**task.parameters, "data_dir": task.data_path}
    return task.parameters


#: Said beside ``data_dir`` in an executed notebook that read the snapshot of the data.
_SNAPSHOT_NOTE = "  # read from a validated snapshot of these data"


def _name_the_data(executed: Path, parameters: dict, data_path: str) -> None:
    """Name the input data, not the snapshot of them in the temporary folder (removed at the
    end), in an executed notebook's injected ``data_dir`` and papermill's record of it: the
    notebook kept beside the page says which data it describes and runs again on them."""
    from nbformat import v4  # reads and writes the JSON as it is (no ids added, no check)
    from papermill.translators import PythonTranslator

    snapshot = parameters.get("data_dir")
    if not data_path or not snapshot or snapshot == data_path:
        return
    nb = v4.reads(executed.read_text(encoding="utf-8"))
    old = f"data_dir = {PythonTranslator.translate(snapshot)}"
    new = f"data_dir = {PythonTranslator.translate(data_path)}{_SNAPSHOT_NOTE}"
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = cell.source.replace(old, new)
    recorded = nb.metadata.get("papermill", {}).get("parameters", {})
    if recorded.get("data_dir") == snapshot:
        recorded["data_dir"] = data_path
    executed.write_text(v4.writes(nb), encoding="utf-8")


def _title(nb) -> str:
    """The page's title: the first level-1 Markdown heading among its outputs."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            for line in (text if isinstance(text, str) else "".join(text)).splitlines():
                if line.startswith("# "):
                    return line[2:].strip().replace("\\", "")
    return ""


def lost(task: Task, name: str, message: str) -> Outcome:
    """The outcome of a run whose worker was lost (a worker process or a cluster worker
    died): no files, no cell to blame.

    Parameters
    ----------
    task : Task
        The run.
    name, message : str
        The error's name and message.
    """
    error = {"cell": None, "exec_count": None, "name": name, "message": message}
    return Outcome(task, 0.0, error=error)


def _message(err: Exception, task: Task) -> str:
    if type(err).__name__ == "CellTimeoutError":
        return f"the cell ran longer than the limit of {task.timeout} s (--timeout)"
    return " ".join(str(err).split())


def _mark_stopped_cell(executed: Path, error: dict) -> None:
    """Give the cell a run stopped in (a timeout, a dead kernel: no error of the cell's own)
    the error as its output, so the page shows where and why the run stopped."""
    from nbformat import v4

    nb = v4.reads(executed.read_text(encoding="utf-8"))
    started = [
        cell
        for cell in nb.cells
        if cell.cell_type == "code" and cell.metadata.get("papermill", {}).get("start_time")
    ]
    if not started:
        return
    started[-1].setdefault("outputs", []).append(
        v4.new_output(
            "error",
            ename=error["name"],
            evalue=error["message"],
            traceback=[f"{error['name']}: {error['message']}"],
        )
    )
    executed.write_text(v4.writes(nb), encoding="utf-8")


def _failed_cell(executed: Path) -> int | None:
    """Index of the failing cell among the stored notebook's cells (papermill's marks and
    injected parameters not counted)."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    index = 0
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if ERROR_CELL_TAG in tags or "injected-parameters" in tags:
            continue
        meta = cell.get("metadata", {}).get("papermill", {})
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors or meta.get("exception") or meta.get("status") == "running":
            return index
        index += 1
    return None


# ------------------------------------------------------------------------------------------
# Worker processes
# ------------------------------------------------------------------------------------------


def worker_init(parent_pid: int) -> None:
    """Workers leave Ctrl-C to the parent, end cleanly on SIGTERM, and end when it dies; the
    kernel a worker keeps between runs ends with it.

    Parameters
    ----------
    parent_pid : int
        The pid of the process that started the worker.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    atexit.register(shutdown_kernels)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _exit_on_term(signum, frame) -> None:
    kill_kernels()  # the kernel is not papermill's to shut down: it is kept between runs
    raise SystemExit(128 + signum)


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    kill_kernels()
    os._exit(1)
