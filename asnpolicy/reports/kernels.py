"""A Jupyter kernel kept between runs: each worker (a process, or a thread of a cluster
worker) starts one kernel and resets it before every later run, instead of starting a kernel
per run.

Starting a kernel and importing the package in it took 2.7 s of a national report run of
about 8 s (``make bench``, national-reports). A reset takes under 0.1 s and leaves the
kernel as a new one would be for the notebook: an empty namespace, the execution count back
at 1, no figure open, the warning filters and the warnings already shown as they were when the
kernel started. What stays are the imported modules, which depend on no data. (A library
other than numpy that adds warning filters as it is imported, as scipy and statsmodels do to
always show some of their own warnings, loses them at a reset: they decide which warnings the
executed notebook prints, never what a page says.) A kernel that timed out, died, failed a
cell, or could not be reset is shut down, and the next run starts a new one.

The pages, workbooks and Word documents of the four sample regions are the same, byte for
byte (the files' creation times aside), as with a new kernel per run; so are the executed
notebooks' outputs and execution counts.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from contextlib import suppress
from pathlib import Path

__all__ = [
    "KERNEL_ENV",
    "WarmKernel",
    "discard_kernel",
    "kernel_for_run",
    "kill_kernels",
    "shutdown_kernels",
]

#: Set in each kernel's environment unless set already. ipykernel imports debugpy for its
#: debugger (ipykernel 6 as the kernel starts), which on Python 3.11+ then prints "Debugger
#: warning: It seems that frozen modules are being used" to the kernel's log, and so into the
#: message of a run whose kernel died.
KERNEL_ENV = {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}

#: Run silently (no output, no history, the execution count unchanged) once a kernel has
#: started: what a reset restores. numpy, which every report notebook imports, adds its
#: warning filters as it is imported; they are part of what a run starts with.
_REMEMBER = """\
import sys as _sys, warnings as _warnings
import numpy as _numpy
_sys.modules["__asnpolicy_kernel_start__"] = type(_sys)("__asnpolicy_kernel_start__")
_sys.modules["__asnpolicy_kernel_start__"].filters = list(_warnings.filters)
del _sys, _warnings, _numpy
"""

#: Run silently before every run but a kernel's first.
_RESET = """\
def _asnpolicy_reset():
    import sys, warnings
    start = sys.modules["__asnpolicy_kernel_start__"]
    get_ipython().reset(new_session=True)  # the namespace, outputs, execution count 1
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
    warnings.filters[:] = start.filters
    warnings.onceregistry.clear()  # warnings shown once are shown again
    warnings._filters_mutated()  # and so are those each module showed
_asnpolicy_reset()
"""

#: Seconds a reset may take before the kernel counts as unusable.
_RESET_TIMEOUT_S = 60

_local = threading.local()
_lock = threading.Lock()
_kept: set[WarmKernel] = set()  # every kernel of this process, for shutting them down


class WarmKernel:
    """One kept kernel: its manager (handed to papermill), its log and its sockets.

    Parameters
    ----------
    kernel_name : str
        The Jupyter kernel.

    Attributes
    ----------
    manager : jupyter_client.AsyncKernelManager
        Passed to papermill as ``km``: papermill starts the kernel on the first run and, as
        the kernel is not its own, leaves it running.
    log_path : Path
        What the kernel itself wrote (not the notebook's output), over all its runs.
    runs : int
        Runs started on this kernel.
    client : jupyter_client.AsyncKernelClient or None
        The one client, kept open for all runs (made by ``manager.client()``).
    ready : bool
        Whether the kernel answered on every channel (papermill then need not wait again).
    """

    def __init__(self, kernel_name: str) -> None:
        self.kernel_name = kernel_name
        # a short path of its own (a Unix socket path may not exceed about 100 characters)
        self.folder = Path(tempfile.mkdtemp(prefix="asnpolicy-"))
        self.log_path = self.folder / "kernel.log"
        self._log = open(self.log_path, "wb")
        self.manager = _manager(self, kernel_name)
        self.runs = 0
        self.client = None
        self.ready = False
        self._log_start = 0
        with _lock:
            _kept.add(self)

    # -- a run --------------------------------------------------------------------------------

    def begin_run(self) -> None:
        """Reset the kernel when it ran before (``RuntimeError`` when it cannot be), and mark
        where this run's part of the log starts."""
        if self.runs and self.manager.has_kernel:
            _run_sync(self._execute_silently)(_RESET)
        self.runs += 1
        self._log_start = self.log_path.stat().st_size

    def log_tail(self, lines: int = 5) -> str:
        """The last lines the kernel wrote during the current run, to explain its death."""
        try:
            with open(self.log_path, "rb") as log:
                log.seek(self._log_start)
                text = log.read().decode("utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        text = [line for line in text if "without encryption" not in line]
        return (" Kernel log: " + " | ".join(text[-lines:])) if text else ""

    def alive(self) -> bool:
        """Whether the kernel can take a run (a kernel not started yet can)."""
        if not self.manager.has_kernel:
            return True
        try:
            return bool(_run_sync(self.manager.is_alive)())
        except Exception:
            return False

    def shutdown(self) -> None:
        """Stop the kernel now and remove its sockets and log."""
        if self.client is not None:
            with suppress(Exception):
                self.client.stop_channels()
        with suppress(Exception):
            if self.manager.has_kernel:
                _run_sync(self.manager.shutdown_kernel)(now=True)
        with suppress(Exception):
            _run_sync(self.manager.cleanup_resources)()
        self._log.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        with _lock:
            _kept.discard(self)

    def kill(self) -> None:
        """Kill the kernel's process at once (from a signal handler: no event loop)."""
        provisioner = getattr(self.manager, "provisioner", None)
        process = getattr(provisioner, "process", None)
        with suppress(Exception):
            os.kill(process.pid, signal.SIGKILL)
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- inside ---------------------------------------------------------------------------

    async def _execute_silently(self, code: str) -> None:
        client = self.manager.client()
        client.start_channels()
        msg_id = client.execute(code, silent=True, store_history=False, allow_stdin=False)
        while True:  # earlier replies are papermill's, and it took them all
            reply = await client.get_shell_msg(timeout=_RESET_TIMEOUT_S)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content["status"] != "ok":
            raise RuntimeError(
                f"the kernel could not be reset: {content.get('ename')}: {content.get('evalue')}"
            )


def _manager(kernel: WarmKernel, kernel_name: str):
    """A kernel manager whose kernel writes its own messages to the kernel's log instead of
    the terminal and talks over Unix sockets in the kernel's folder (parallel kernels on TCP
    pick free ports and can collide before binding them, "Address already in use", and TCP
    without encryption makes every kernel warn), with one client kept open for all runs.

    papermill asks the manager for a client on every run and waits until the kernel answers
    on every channel (about 0.25 s). The kept client is connected and ready from the kernel's
    start on; messages left from an earlier run are not mistaken for this run's, as papermill
    takes only the replies and outputs of its own requests."""
    from jupyter_client import AsyncKernelManager
    from jupyter_client.asynchronous import AsyncKernelClient

    class KeptClient(AsyncKernelClient):
        def start_channels(self, *args, **kw) -> None:
            if not self.channels_running:
                super().start_channels(*args, **kw)

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            if not kernel.ready:
                await super()._async_wait_for_ready(timeout=timeout)
                kernel.ready = True

    class KernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw):
            kw.setdefault("stdout", kernel._log)
            kw.setdefault("stderr", kernel._log)
            kw["env"] = {**KERNEL_ENV, **kw.get("env", os.environ)}
            if os.name == "posix":
                self.transport = "ipc"
                self.ip = str(kernel.folder / "kernel")
            await super().start_kernel(**kw)
            # papermill waits for the kernel to be ready only after this returns
            client = self.client()
            client.start_channels()
            await client.wait_for_ready(timeout=_RESET_TIMEOUT_S)
            await kernel._execute_silently(_REMEMBER)

        def client(self, **kw):
            if kernel.client is None:
                kernel.client = KeptClient(
                    **self.get_connection_info(session=True),
                    connection_file=self.connection_file,
                    parent=self,
                    **kw,
                )
            return kernel.client

    return KernelManager(kernel_name=kernel_name)


def kernel_for_run(kernel_name: str) -> WarmKernel:
    """This worker's kernel, reset for a new run, or a new one (started by papermill).

    Parameters
    ----------
    kernel_name : str
        The Jupyter kernel the run needs.

    Returns
    -------
    WarmKernel
        Ready for the run: pass its ``manager`` to papermill as ``km``. After a run that
        failed, timed out or whose kernel died, call :func:`discard_kernel`.
    """
    kernel: WarmKernel | None = getattr(_local, "kernel", None)
    if kernel is not None and (kernel.kernel_name != kernel_name or not kernel.alive()):
        discard_kernel()
        kernel = None
    if kernel is not None:
        try:
            kernel.begin_run()
            return kernel
        except Exception:  # a kernel that cannot be reset is not used again
            discard_kernel()
    kernel = _local.kernel = WarmKernel(kernel_name)
    kernel.begin_run()
    return kernel


def discard_kernel() -> None:
    """Shut this worker's kernel down; the next run starts a new one."""
    kernel = getattr(_local, "kernel", None)
    _local.kernel = None
    if kernel is not None:
        kernel.shutdown()


def shutdown_kernels() -> None:
    """Shut down every kernel this process keeps (at the end of a report run, and as a worker
    process ends)."""
    _local.kernel = None
    with _lock:
        kernels = list(_kept)
    for kernel in kernels:
        kernel.shutdown()


def kill_kernels() -> None:
    """Kill every kernel this process keeps, at once (a worker stopped by a signal)."""
    with _lock:
        kernels = list(_kept)
    for kernel in kernels:
        kernel.kill()


def _run_sync(coroutine_function):
    from jupyter_core.utils import run_sync

    return run_sync(coroutine_function)
