"""The runs on a Dask cluster (the optional ``distributed`` package): connect to a scheduler,
send one task per run with its notebook, and take back the executed notebook, its page, its
workbook and its Word document.

Each worker executes into a temporary folder of its own (:func:`execute_remote`); only the
caller writes into the output folder (:func:`received`).
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .execute import Outcome, execute_task, lost
from .plan import Task, inside
from .quiet import quiet, warnings_dropped

__all__ = [
    "CONNECT_TIMEOUT_S",
    "NO_DISTRIBUTED",
    "SchedulerError",
    "connect",
    "distributed_errors_only",
    "execute_remote",
    "import_distributed",
    "received",
    "submit",
]

#: Seconds to wait for a Dask scheduler to answer (``scheduler``).
CONNECT_TIMEOUT_S = 10
#: Said when ``scheduler`` is given without the optional ``distributed`` package.
NO_DISTRIBUTED = (
    'Sending the runs to a Dask cluster (--scheduler) needs the "distributed" package: '
    'pip install "asnpolicy[cluster]"'
)
#: The loggers through which ``distributed`` speaks in this process (their own levels).
_DISTRIBUTED_LOGGERS = ("distributed", "distributed.client")


class SchedulerError(ValueError):
    """The Dask scheduler cannot be used: ``distributed`` is not installed, or the address is
    malformed, or no scheduler answers there."""


class _NoTraceback(logging.Filter):
    """An error in one line: the traceback distributed logs with it (the client's failed
    reconnection, say) tells a user nothing; the runs it stops are reported with the reason."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = None
        return bool(record.getMessage().strip())


@contextmanager
def distributed_errors_only():
    """distributed logs to the terminal from INFO up: keep its errors, in one line each."""
    handlers = {h for name in _DISTRIBUTED_LOGGERS for h in logging.getLogger(name).handlers}
    one_line = _NoTraceback()
    with quiet(*_DISTRIBUTED_LOGGERS, level=logging.ERROR):
        for handler in handlers:
            handler.addFilter(one_line)
        try:
            yield
        finally:
            for handler in handlers:
                handler.removeFilter(one_line)


def import_distributed():
    """The ``distributed`` package.

    Raises
    ------
    SchedulerError
        When it is not installed (:data:`NO_DISTRIBUTED`).
    """
    try:
        import distributed
    except ImportError:
        raise SchedulerError(NO_DISTRIBUTED) from None
    return distributed


def connect(address: str, timeout_s: float | None = None):
    """A Dask client of the scheduler at ``address``.

    The address is first checked with a bounded handshake: ``distributed.Client`` waits
    forever for a server that accepts the connection but is not a Dask scheduler (the
    dashboard's port, say), and leaves a half-made client that prints a traceback when it
    is collected after a malformed address.

    Parameters
    ----------
    address : str
        The scheduler's address (``tcp://host:8786``).
    timeout_s : float, optional
        Seconds to wait for an answer; default :data:`CONNECT_TIMEOUT_S`.

    Raises
    ------
    SchedulerError
        When ``distributed`` is missing, the address is malformed or nothing answers there as
        a scheduler does.
    """
    import asyncio

    distributed = import_distributed()
    from distributed.comm import connect as open_comm
    from distributed.security import Security

    timeout_s = CONNECT_TIMEOUT_S if timeout_s is None else timeout_s
    address = address.strip()

    async def handshake():
        args = Security().get_connection_args("client")
        comm = await asyncio.wait_for(open_comm(address, timeout=timeout_s, **args), timeout_s)
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


def submit(client, tasks: list[Task]) -> dict:
    """One cluster task per run; the notebook goes with it (the workers may not see it).

    Parameters
    ----------
    client : distributed.Client
        The cluster's client.
    tasks : list of Task
        The runs.

    Returns
    -------
    dict
        Each cluster future -> its task.
    """
    sources = {path: Path(path).read_bytes() for path in {task.notebook for task in tasks}}
    run = uuid.uuid4().hex[:8]
    return {
        client.submit(
            execute_remote,
            task,
            sources[task.notebook],
            key=f"asnpolicy-report-{task.region}-{task.stem}-{run}",
            pure=False,
        ): task
        for task in tasks
    }


def execute_remote(task: Task, source: bytes) -> dict:
    """:func:`~asnpolicy.reports.execute.execute_task` on a cluster worker, which may be on
    another machine: the notebook (``source``) is written to, and run in, a temporary folder
    of the worker's own, and the executed notebook and its page come back as bytes with the
    error, if any (and the workbook, the Word document and the key numbers).

    Parameters
    ----------
    task : Task
        The run, as planned by the caller (its paths are the caller's).
    source : bytes
        The notebook.

    Returns
    -------
    dict
        ``duration_s``, ``executed``, ``html``, ``xlsx`` and ``docx`` (bytes or None),
        ``keys`` and ``error``.
    """
    with tempfile.TemporaryDirectory(prefix="asnpolicy-report-") as local, warnings_dropped():
        notebook = Path(local) / f"{task.stem}.ipynb"
        notebook.write_bytes(source)
        outcome = execute_task(
            replace(task, notebook=str(notebook), tmp_dir=str(Path(local) / "out"))
        )
        if outcome.executed is not None:
            _record_input_path(Path(outcome.executed), task.notebook)
        return {
            "duration_s": outcome.duration_s,
            "executed": Path(outcome.executed).read_bytes() if outcome.executed else None,
            **{kind: _bytes(getattr(outcome, kind)) for kind in _FILES},
            "keys": outcome.keys,
            "error": outcome.error,
        }


#: The files of a run other than the executed notebook, by their suffix.
_FILES = {"html": ".html", "xlsx": ".xlsx", "docx": ".docx"}


def _bytes(path: str | None) -> bytes | None:
    return Path(path).read_bytes() if path else None


def _record_input_path(executed: Path, notebook: str) -> None:
    """Papermill records the notebook it ran: the original, not the worker's copy."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    if "papermill" in nb.metadata:
        nb.metadata.papermill["input_path"] = notebook
        nbformat.write(nb, executed)


def received(future, task: Task, tmp: Path) -> Outcome:
    """A cluster run's outcome, its files written into this run's temporary folder.

    Parameters
    ----------
    future : distributed.Future
        The run's cluster future, done.
    task : Task
        The run.
    tmp : Path
        This run's temporary folder.

    Returns
    -------
    Outcome
        With the files in ``tmp``; :func:`~asnpolicy.reports.execute.lost` when the cluster
        could not run it.
    """
    try:
        sent = future.result()
    except Exception as err:  # a worker died (KilledWorker), the cluster went away...
        message = " ".join(str(err).split()) or "the run failed on the cluster"
        return lost(task, type(err).__name__, message)
    folder = inside(tmp / task.folder, tmp)
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind, suffix in (("executed", ".ipynb"), *_FILES.items()):
        if sent.get(kind) is not None:
            files[kind] = folder / f"{task.stem}{suffix}"
            files[kind].write_bytes(sent[kind])
    return Outcome(
        task,
        duration_s=sent["duration_s"],
        executed=str(files["executed"]) if "executed" in files else None,
        html=str(files["html"]) if "html" in files else None,
        error=sent["error"],
        xlsx=str(files["xlsx"]) if "xlsx" in files else None,
        docx=str(files["docx"]) if "docx" in files else None,
        keys=sent.get("keys") or [],
    )
