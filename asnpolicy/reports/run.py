"""All runs: :func:`run_reports` plans them, schedules them (in this process, in a pool of
worker processes or on a Dask cluster) and publishes each as it ends: its files moved into
place, its entry in the manifest and the index rewritten.

The data are read and validated once, here, and written once as a validated snapshot
partitioned by region (:mod:`asnpolicy.snapshot`) into the run's temporary folder: each
notebook's ``data_dir`` is that snapshot, from which ``load_dataset(data_dir, region=...)``
reads one region's files without validating them again, and the scorecard notebook 04 shows
on every page is computed here once and stored in it (:func:`asnpolicy.compare.stored_scorecard`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import printable
from ..io import Dataset, load_dataset, package_version
from ..narrative.text import check_lang
from ..snapshot import read_record
from .cluster import connect, distributed_errors_only, import_distributed, received, submit
from .execute import Outcome, execute_task, lost, shutdown_kernels, worker_init
from .index import write_index
from .manifest import new_temp, record_run, relative_path, remove_stale_temp
from .plan import (
    SNAPSHOT_FOLDER,
    Task,
    check_extra_parameters,
    check_folders,
    check_kernel,
    declared_parameters,
    inside,
    parameter_defaults,
    plan_tasks,
    resolve_notebooks,
    resolve_regions,
    uses_stored_pooled_panels,
    uses_stored_scorecard,
)

__all__ = ["RunResult", "run_reports"]

_MAX_MESSAGE = 2000
_log = logging.getLogger(__name__)


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
        >>> from dataclasses import replace
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
    parameters: Mapping[str, object] | None = None,
) -> list[RunResult]:
    """Execute every notebook for every region and publish HTML reports with an index.

    Parameters
    ----------
    data_dir : path
        The input data (a folder, or an ``.xlsx`` workbook). Loaded and validated once before
        any notebook runs, then written once as a validated snapshot partitioned by region
        into the temporary folder in ``out`` (:mod:`asnpolicy.snapshot`): notebooks receive
        the snapshot's absolute path as ``data_dir`` and read their region from it without
        validating again. The manifest, the pages and the executed notebooks name the input
        data themselves.
    regions : list of str, optional
        Region ids; default every region in the data.
    notebooks : list of str, optional
        Notebook names, number prefixes or paths (see
        :func:`~asnpolicy.reports.resolve_notebooks`); default every notebook in
        :func:`~asnpolicy.reports.notebooks_dir`.
    lang : {"id", "en"}
        Language of the reports and the index.
    out : path
        Output folder (created if needed).
    workers : int, optional
        Worker processes; default the number of CPUs (never more than there are runs). With
        one, the runs execute one after the other in this process (in one kernel, reset between
        runs).
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
        package). The snapshot of the data, in the temporary folder in ``out``, should be at
        the same path on every worker (``out`` on a shared filesystem; a local cluster sees
        it): a worker that does not see it reads the input data instead, which must then be
        at the same path on that worker (not checked) and are validated again there. Each
        worker needs asnpolicy and the kernel ``kernel_name`` installed, runs in a temporary
        folder of its own and sends the files back: only this process writes into ``out``.
    parameters : mapping, optional
        Other notebook parameters (a what-if: ``{"budget": 20}``, ``{"designs": [...]}``),
        each passed to the notebooks that declare it; one no notebook declares is refused.

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
        a region whose folder would lead outside ``out`` (see
        :func:`~asnpolicy.reports.region_folder`).
    SchedulerError
        (a ValueError) With ``scheduler``: ``distributed`` is not installed, or no Dask
        scheduler answers at the address within
        :data:`~asnpolicy.reports.cluster.CONNECT_TIMEOUT_S` seconds.
    KeyboardInterrupt
        After stopping the workers and removing the temporary folder; reports already
        moved into place stay, the others keep their previous version.

    Notes
    -----
    The notebooks run with the current working directory of the caller. Only the parameters
    a notebook declares (of ``region``, ``data_dir``, ``lang``, ``small_cell_min`` and
    ``parameters``) are passed.
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
        import_distributed()  # before the data are read: say at once that it is missing
    declared = {path: declared_parameters(path) for path in paths}  # before the data too
    check_extra_parameters(dict(parameters or {}), declared)
    data_path = Path(data_dir).resolve()
    dataset = load_dataset(data_path)
    chosen = resolve_regions(dataset, regions)
    with ExitStack() as cluster:
        client = None
        if scheduler is None:
            check_kernel(kernel_name)
        else:
            cluster.enter_context(distributed_errors_only())
            client = connect(scheduler)  # the kernel is not looked for here but on the workers
            cluster.callback(client.close)
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        remove_stale_temp(out)
        tmp = new_temp(out)
        try:
            names = {region: dataset.region_name(region) for region in chosen}
            snapshot_dir = (tmp / SNAPSHOT_FOLDER).resolve()
            tasks = plan_tasks(
                declared,
                chosen,
                data_path,
                lang,
                small_cell_min,
                kernel_name,
                timeout,
                tmp,
                region_names=names,
                extra=dict(parameters or {}),
                snapshot=snapshot_dir,
            )
            check_folders(tasks, out, tmp)
            dataset.save(snapshot_dir, format="parquet", partition_by="region_id")
            content_hash = _recorded_hash(snapshot_dir)
            _store_scorecards(dataset, tasks, snapshot_dir, content_hash)
            _store_pooled_panels(dataset, tasks, snapshot_dir, content_hash)
            record = _data_record(dataset, data_path, content_hash=content_hash)
            context = _RunContext(out, tmp, lang, record, names)
            n_workers = min(workers or os.cpu_count() or 1, len(tasks))
            return _run_all(
                tasks, context, n_workers, fail_fast=fail_fast, progress=progress, client=client
            )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


@dataclass(frozen=True)
class _RunContext:
    """What the parent needs to publish results: where, and what to record about the data."""

    out: Path
    tmp: Path
    lang: str
    data: dict
    region_names: dict


def _data_record(dataset: Dataset, data_path: Path, *, content_hash: str | None = None) -> dict:
    """Where the data came from, as each run's manifest entry records it (the input data, not
    the snapshot the notebooks read; ``content_hash``: the data's, when known already)."""
    return {
        "data_dir": str(data_path),
        "data_source": dataset.provenance.get("source") or dataset.source or str(data_path),
        "synthetic": bool(dataset.synthetic),
        "seed": dataset.provenance.get("seed"),
        "content_hash": content_hash or dataset.content_hash(),
    }


def _recorded_hash(snapshot_dir: Path) -> str | None:
    """The content hash the snapshot's ``provenance.json`` records (that of the data)."""
    record = read_record(snapshot_dir) or {}
    found = record.get("content_hash")
    return found if isinstance(found, str) else None


def _wanted(tasks: Sequence[Task], reads: Callable[[Path], bool], key) -> list[dict]:
    """The distinct keys (``key`` of a run's parameters, None: cannot be stored) of the runs
    of the notebooks that ``reads`` a result the runner stores."""
    readers = {path for path in {t.notebook for t in tasks} if reads(Path(path))}
    defaults = {path: parameter_defaults(Path(path)) for path in readers}
    wanted: dict[str, dict] = {}
    for task in tasks:
        if task.notebook in readers:
            found = key({**defaults[task.notebook], **task.parameters})
            if found is not None:
                wanted[repr(sorted(found.items()))] = found
    return list(wanted.values())


def _described(dataset: Dataset, years, content_hash: str | None) -> tuple[Dataset, str]:
    """``dataset.for_years(years)`` and its content hash (``content_hash``, the whole data's,
    when it is known and every year is kept)."""
    part = dataset.for_years(years)
    if years is None and content_hash:
        return part, content_hash
    return part, part.content_hash()


def _store_scorecards(
    dataset: Dataset, tasks: Sequence[Task], snapshot_dir: Path, content_hash: str | None
) -> None:
    """Compute the scorecard of every notebook that reads a stored one
    (:func:`~asnpolicy.reports.plan.uses_stored_scorecard`) once for each set of ``years``,
    ``n_boot`` and ``small_cell_min`` its runs use, and store it in the snapshot.

    A card that cannot be computed here is not stored: the notebook then computes it itself
    and fails in its own cell, as it would have."""
    from ..compare import card_key, scorecard, store_scorecard

    def key(values: dict) -> dict | None:
        return card_key(values.get("years"), values.get("n_boot"), values.get("small_cell_min"))

    for found in _wanted(tasks, uses_stored_scorecard, key):
        years = found["years"]
        try:
            part, described = _described(dataset, years, content_hash)
            card = scorecard(part, n_boot=found["n_boot"], small_cell_min=found["small_cell_min"])
        except Exception as err:
            _log.debug("scorecard not stored for %s: %s", found, err)
            continue
        store_scorecard(
            snapshot_dir,
            card,
            years=years,
            n_boot=found["n_boot"],
            small_cell_min=found["small_cell_min"],
            content_hash=described,
        )


def _store_pooled_panels(
    dataset: Dataset, tasks: Sequence[Task], snapshot_dir: Path, content_hash: str | None
) -> None:
    """Compute the pooled comparison of panels across regions for every notebook that reads
    a stored one (:func:`~asnpolicy.reports.plan.uses_stored_pooled_panels`) once for each
    set of ``years`` and ``small_cell_min`` its runs use, and store it in the snapshot, so
    that each run reads its own region only.

    One that cannot be computed here is not stored: the notebook then reads every region and
    fails in its own cell, as it would have."""
    from ..narrative.pooled import panels_key, store_panels

    def key(values: dict) -> dict | None:
        return panels_key(values.get("years"), values.get("small_cell_min"))

    for found in _wanted(tasks, uses_stored_pooled_panels, key):
        years = found["years"]
        try:
            part, described = _described(dataset, years, content_hash)
            store_panels(
                snapshot_dir,
                part,
                years=years,
                small_cell_min=found["small_cell_min"],
                content_hash=described,
            )
        except Exception as err:
            _log.debug("pooled panels not stored for %s: %s", found, err)


def _run_all(
    tasks: list[Task],
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

            futures = submit(client, tasks)
            outcomes = (
                received(f, futures[f], context.tmp) for f in completed(futures, loop=client.loop)
            )
        elif n_workers == 1:
            outcomes = (execute_task(task) for task in tasks)
        else:
            executor = ProcessPoolExecutor(
                n_workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=worker_init,
                initargs=(os.getpid(),),
            )
            futures = {executor.submit(execute_task, task): task for task in tasks}
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
        shutdown_kernels()  # the runs made in this process (one worker)
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


def _outcome_of(future: Future, task: Task) -> Outcome:
    try:
        return future.result()
    except BrokenProcessPool:
        message = "a worker process died (out of memory?); rerun with fewer --workers"
        return lost(task, "BrokenProcessPool", message)


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


def _publish(outcome: Outcome, context: _RunContext) -> RunResult:
    """Move a finished run's files into place and record it in the manifest and index."""
    task, error = outcome.task, outcome.error
    folder = inside(context.out / task.folder, context.out)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "" if error is None else ".failed"
    html_file = folder / f"{task.stem}{suffix}.html"
    executed = folder / f"{task.stem}{suffix}.ipynb"
    for staged, target in ((outcome.executed, executed), (outcome.html, html_file)):
        if staged:
            os.replace(staged, target)
        elif error is not None:  # no render of this failure: drop that of an older one
            target.unlink(missing_ok=True)
    takeaways = {}
    if error is None:
        for stale in (f"{task.stem}.failed.html", f"{task.stem}.failed.ipynb"):
            (folder / stale).unlink(missing_ok=True)
        # a good run's workbook and document replace the last ones; a failed run keeps the
        # last good ones, which belong to the last good page
        for kind in ("xlsx", "docx"):
            target = folder / f"{task.stem}.{kind}"
            staged = getattr(outcome, kind)
            if staged:
                os.replace(staged, target)
                takeaways[kind] = relative_path(target, context.out)
            else:
                target.unlink(missing_ok=True)
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
    entry = _manifest_entry(result, task, context)
    entry.update(
        keys=outcome.keys if result.ok else [],
        **{kind: takeaways.get(kind) for kind in ("xlsx", "docx")},
    )
    runs = record_run(entry, context.out, context.tmp)
    write_index(context.out, lang=context.lang, tmp_dir=context.tmp, runs=runs)
    return result


def _manifest_entry(result: RunResult, task: Task, context: _RunContext) -> dict:
    """One run as the manifest records it (:func:`~asnpolicy.reports.manifest.record_run`
    adds the last good report of a failure)."""
    return {
        "region": task.region,
        "region_name": context.region_names.get(task.region, task.region),
        "notebook": task.stem,
        "status": result.status,
        "duration_s": result.duration_s,
        "finished": datetime.now().astimezone().isoformat(timespec="seconds"),
        "parameters": _given(task),
        "lang": context.lang,
        **context.data,
        "asnpolicy_version": package_version(),
        "html": relative_path(result.html, context.out),
        "executed": relative_path(result.executed, context.out),
        "error": None
        if result.ok
        else {
            "cell": result.error_cell,
            "exec_count": result.error_exec_count,
            "name": result.error_name,
            "message": result.error_message,
        },
    }


def _given(task: Task) -> dict:
    """The run's parameters as the manifest records them: ``data_dir`` the input data, not
    the snapshot of them in the temporary folder."""
    if task.data_path and "data_dir" in task.parameters:
        return {**task.parameters, "data_dir": task.data_path}
    return task.parameters


def _short(message: str | None) -> str | None:
    """The message without control characters, cut to :data:`_MAX_MESSAGE` characters."""
    return None if message is None else printable(message, _MAX_MESSAGE)
