"""The files the report runner keeps in its output folder besides the reports: the manifest
``runs.json`` (one entry per region and notebook ever run there), pages written atomically, and
the marked temporary folders ``.tmp-<pid>-*`` in which everything is staged."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "INDEX",
    "MANIFEST",
    "TMP_MARKER",
    "TMP_PREFIX",
    "new_temp",
    "read_manifest",
    "record_run",
    "relative_path",
    "remove_stale_temp",
    "temp_folder",
    "write_atomically",
]

#: The record of every run into an output folder, from which the index is rebuilt.
MANIFEST = "runs.json"
#: The index page of an output folder.
INDEX = "index.html"
#: Temporary folders inside the output folder start with this (then the runner's pid).
TMP_PREFIX = ".tmp-"
#: The file in each temporary folder that marks it as this runner's (JSON: the pid of the run
#: that made it, a run id); only folders carrying it are ever removed as stale.
TMP_MARKER = ".asnpolicy-report-tmp"
_READABLE = 0o644  # rw-r--r--


def new_temp(out: Path) -> Path:
    """A new temporary folder ``<out>/.tmp-<pid>-...``, marked as this runner's.

    Parameters
    ----------
    out : Path
        The output folder (it must exist).

    Returns
    -------
    Path
        The new folder, holding the marker :data:`TMP_MARKER`.
    """
    folder = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=out))
    marker = {"pid": os.getpid(), "run": uuid.uuid4().hex, "made_by": "asnpolicy report"}
    (folder / TMP_MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
    return folder


@contextmanager
def temp_folder(out: Path):
    """A marked temporary folder in ``out`` for the block, removed after it.

    Parameters
    ----------
    out : Path
        The output folder (it must exist).

    Yields
    ------
    Path
        The folder made by :func:`new_temp`.
    """
    folder = new_temp(out)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_temp(out: Path) -> None:
    """Remove the temporary folders left by runs that are no longer running; only folders
    this runner made (with its marker) are ever removed.

    Parameters
    ----------
    out : Path
        The output folder.
    """
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


def read_manifest(out: Path) -> dict:
    """The runs recorded in ``out`` (an unreadable manifest counts as empty).

    Parameters
    ----------
    out : Path
        The output folder.

    Returns
    -------
    dict
        ``"<region>/<notebook>"`` -> the run's entry.
    """
    try:
        record = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        runs = record.get("runs", {})
        return runs if isinstance(runs, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def write_atomically(path: Path, text: str, tmp_dir: Path) -> None:
    """Write ``text`` to ``path`` in one step: staged in ``tmp_dir``, then moved into place.

    Parameters
    ----------
    path : Path
        The file to write (replaced when it exists); readable by all, as a page is.
    text : str
        Its content (UTF-8).
    tmp_dir : Path
        Where the file is staged (created if needed), on the same file system as ``path``.
    """
    tmp_dir.mkdir(parents=True, exist_ok=True)
    handle, staged = tempfile.mkstemp(dir=tmp_dir, prefix=path.name)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.chmod(staged, _READABLE)  # mkstemp makes it private; a report page is for reading
    os.replace(staged, path)


def record_run(entry: dict, out: Path, tmp: Path) -> dict:
    """Add one run to the manifest of ``out`` and rewrite it.

    Parameters
    ----------
    entry : dict
        The run's entry: at least ``region``, ``notebook``, ``status`` and ``html``,
        ``finished``; stored under ``"<region>/<notebook>"`` with ``last_good``, the page and
        time of the last good run of a run that failed (None after a good run).
    out : Path
        The output folder.
    tmp : Path
        Where the manifest is staged (see :func:`write_atomically`).

    Returns
    -------
    dict
        The runs of the manifest as written, this one included.
    """
    key = f"{entry['region']}/{entry['notebook']}"
    manifest = read_manifest(out)  # again: another run may have added to it
    previous = manifest.get(key, {})
    entry = dict(entry)
    if entry["status"] == "ok":
        entry["last_good"] = None
    elif previous.get("status") == "ok":
        entry["last_good"] = {k: previous.get(k) for k in ("html", "finished")}
    else:
        entry["last_good"] = previous.get("last_good")
    manifest[key] = entry
    text = json.dumps({"runs": manifest}, indent=2, ensure_ascii=False) + "\n"
    write_atomically(out / MANIFEST, text, tmp)
    return manifest


def relative_path(path: Path | None, out: Path) -> str | None:
    """``path`` relative to ``out``, with ``/`` as separator, as the manifest records it
    (None stays None).

    Examples
    --------
    >>> relative_path(Path("/r/pauh/01.html"), Path("/r"))
    'pauh/01.html'
    """
    return None if path is None else path.relative_to(out).as_posix()
