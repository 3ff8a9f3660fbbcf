"""Keep the terminal of ``asnpolicy report`` quiet: warnings and log messages of the libraries
that read and run notebooks are dropped; what a user must know is said by the runner or by a
run's result."""

from __future__ import annotations

import logging
import warnings
from contextlib import contextmanager

__all__ = ["quiet", "warnings_dropped"]


@contextmanager
def warnings_dropped():
    """Catch the warnings raised inside and drop them.

    papermill, nbformat and nbconvert warn about the notebook they read (no file extension,
    a cell without an id, ...); printed, each is a raw ``path.py:line: UserWarning`` line with
    its source line on the terminal of ``asnpolicy report``. What a user must know is said by
    :func:`~asnpolicy.reports.run_reports` or by the run's result. (``warnings.catch_warnings``
    changes the process's state: a cluster worker running tasks in several threads may restore
    it in another order; its warnings stay dropped.)
    """
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")  # recorded, never raised (a filter of "error")
        yield


@contextmanager
def quiet(*loggers: str, level: int = logging.CRITICAL):
    """Silence the loggers' messages below ``level`` (a failure is reported once, by the
    result).

    Parameters
    ----------
    *loggers : str
        Names of the loggers.
    level : int
        The level the loggers are set to inside the block; restored after it.
    """
    saved = {name: logging.getLogger(name).level for name in loggers}
    for name in loggers:
        logging.getLogger(name).setLevel(level)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
