"""Which notebooks run, for which regions, with which parameters: one :class:`Task` per
notebook and region, each in a folder of its own that stays inside the output folder."""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import printable
from ..io import Dataset
from ..regions import study_order
from .manifest import INDEX, MANIFEST
from .quiet import quiet, warnings_dropped

__all__ = [
    "NOTEBOOK_PATTERN",
    "NO_NOTEBOOKS",
    "PASSED_PARAMETERS",
    "SNAPSHOT_FOLDER",
    "Task",
    "check_extra_parameters",
    "check_folders",
    "check_kernel",
    "declared_parameters",
    "find_notebooks",
    "interactive",
    "inside",
    "parameter_defaults",
    "notebooks_dir",
    "plan_tasks",
    "region_folder",
    "resolve_notebooks",
    "resolve_regions",
    "uses_stored_pooled_panels",
    "uses_stored_scorecard",
]

#: Said when the project has no analysis notebook (``make reports`` before any exists).
NO_NOTEBOOKS = "No analysis notebooks yet: nothing to report."
#: The analysis notebooks: file names that start with a digit.
NOTEBOOK_PATTERN = "[0-9]*.ipynb"
#: Parameters passed to each notebook that declares them.
PASSED_PARAMETERS = ("region", "data_dir", "lang", "small_cell_min")
#: The folder of the run's temporary folder that holds the validated snapshot of the data the
#: notebooks read (a region's folder never starts with a dot: :func:`region_folder`).
SNAPSHOT_FOLDER = ".snapshot"
#: Said when a notebook for exploring (:func:`interactive`) is asked for as a report.
_INTERACTIVE = (
    "{name} is for exploring in JupyterLab (make lab), not a report; save a scenario there "
    "and pass it with -p scenario.yaml to the report notebooks."
)
#: Characters a region's folder name keeps; any other becomes ``_``.
_UNSAFE_IN_FOLDER = re.compile(r"[^A-Za-z0-9_.-]")
#: The end of a folder name whose region id had to change: ``--`` and 10 hex digits of its hash.
_HASHED_FOLDER = re.compile(r"--[0-9a-f]{10}$")
_MAX_FOLDER = 100
_log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------
# Which notebooks, which regions
# ------------------------------------------------------------------------------------------


def notebooks_dir() -> Path:
    """The project's ``notebooks`` folder.

    The folder beside the ``asnpolicy`` package when there is one (a source checkout or an
    editable install), else ``notebooks`` in the current directory.
    """
    beside = Path(__file__).resolve().parents[2] / "notebooks"
    return beside if beside.is_dir() else Path.cwd() / "notebooks"


def find_notebooks(directory: str | os.PathLike | None = None) -> list[Path]:
    """The analysis notebooks (names starting with a digit) in ``directory``, sorted.

    Parameters
    ----------
    directory : path, optional
        Default :func:`notebooks_dir`.
    """
    folder = Path(directory) if directory is not None else notebooks_dir()
    found = sorted(p.resolve() for p in folder.glob(NOTEBOOK_PATTERN) if p.is_file())
    return [p for p in found if not interactive(p)]


def _own_metadata(path: Path) -> dict:
    """The ``asnpolicy`` entry of a notebook's metadata ({} when none or unreadable)."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return {}
    own = meta.get("asnpolicy") if isinstance(meta, dict) else None
    return own if isinstance(own, dict) else {}


def interactive(path: Path) -> bool:
    """Whether a notebook is for exploring in JupyterLab, not for reports: its metadata says
    ``"asnpolicy": {"report": false}`` (notebook 05_explore, whose panels need a live
    kernel). An unreadable file is not (running it says what is wrong)."""
    return _own_metadata(path).get("report") is False


def uses_stored_scorecard(path: Path) -> bool:
    """Whether a notebook reads the scorecard the runner stores with the data: its metadata
    says ``"asnpolicy": {"scorecard": true}`` (notebook 04, through
    :func:`asnpolicy.compare.stored_scorecard`), its parameters ``years``, ``n_boot`` and
    ``small_cell_min`` choosing the card."""
    return _own_metadata(path).get("scorecard") is True


def uses_stored_pooled_panels(path: Path) -> bool:
    """Whether a notebook reads the pooled comparison of panels the runner stores with the
    data: its metadata says ``"asnpolicy": {"pooled_panels": true}`` (notebook 03, through
    :func:`asnpolicy.narrative.pooled.panels`), its parameters ``years`` and
    ``small_cell_min`` choosing the comparison."""
    return _own_metadata(path).get("pooled_panels") is True


def parameter_defaults(path: Path) -> dict:
    """The values a notebook's parameters cell sets, those written as Python literals
    (``200``, ``None``, ``"all"``, ``[2023, 2024]``); a value computed by code is left out.

    Examples
    --------
    >>> from asnpolicy.reports.plan import notebooks_dir
    >>> parameter_defaults(notebooks_dir() / "04_region_comparison.ipynb")["n_boot"]
    200
    """
    import papermill as pm

    with warnings_dropped(), quiet("papermill", "traitlets", "nbformat"):
        found = pm.inspect_notebook(str(path))
    values = {}
    for name, about in found.items():
        try:
            values[name] = ast.literal_eval(str(about.get("default")))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
    return values


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
        if path.is_file() and interactive(path):
            raise ValueError(_INTERACTIVE.format(name=path.stem))
        if path.is_file():
            return path.resolve()
        raise ValueError(f"Notebook {name} does not exist.")
    matches = [p for p in available if p.stem == name] or [
        p for p in available if p.stem.startswith(name)
    ]
    if not matches and available:
        folder = available[0].parent
        explorers = [p for p in folder.glob(NOTEBOOK_PATTERN) if p.stem.startswith(name)]
        if len(explorers) == 1 and interactive(explorers[0]):
            raise ValueError(_INTERACTIVE.format(name=explorers[0].stem))
    if len(matches) == 1:
        return matches[0]
    valid = ", ".join(p.stem for p in available) or "none"
    problem = "matches several notebooks" if matches else "is not a notebook"
    raise ValueError(
        f"{name!r} {problem}; give a name, its number or a path to an .ipynb file. "
        f"Notebooks: {valid}."
    )


def resolve_regions(dataset: Dataset, regions: Iterable[str] | None) -> list[str]:
    """The regions to report on: all those of the data (in study order), or those named.

    Parameters
    ----------
    dataset : Dataset
        The data.
    regions : str or list of str, optional
        Region ids; None or empty: every region in the data.

    Raises
    ------
    ValueError
        When the data have no region, or for a region the data do not have (the message
        lists those they have).
    """
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


def declared_parameters(path: Path) -> set[str]:
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
    with warnings_dropped(), quiet("papermill", "traitlets", "nbformat"):
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


# ------------------------------------------------------------------------------------------
# The tasks and their folders
# ------------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Task:
    """What a worker needs for one run (picklable).

    Attributes
    ----------
    notebook : str
        Path of the notebook.
    stem : str
        Its name (file name without ``.ipynb``).
    region : str
        Region id.
    parameters : dict
        The parameters passed to the notebook (those it declares).
    tmp_dir : str
        The temporary folder the run executes into.
    kernel_name : str
        The Jupyter kernel.
    timeout : int or None
        Seconds a cell may run; None for no limit.
    lang : str
        Language of the page around the notebook's outputs.
    siblings : tuple of str
        The names of the notebooks run for the region, in order (the page links to them).
    region_name : str
        The region's name for people ("" when unknown: the id is shown).
    data_path : str
        The input data as given, when the notebook's ``data_dir`` is the validated snapshot
        of them in the temporary folder ("" when ``data_dir`` is the data themselves): the
        executed notebook names them, and a worker that cannot see the snapshot reads them.
    """

    notebook: str
    stem: str
    region: str
    parameters: dict
    tmp_dir: str
    kernel_name: str
    timeout: int | None
    lang: str = "id"
    siblings: tuple[str, ...] = ()
    region_name: str = ""
    data_path: str = ""

    @property
    def folder(self) -> str:
        """The region's folder, in the temporary folder and in the output folder."""
        return region_folder(self.region)


def plan_tasks(
    declared: dict[Path, set[str]],
    regions: list[str],
    data_path: Path,
    lang: str,
    small_cell_min: int,
    kernel_name: str,
    timeout: int | None,
    tmp: Path,
    region_names: dict[str, str] | None = None,
    extra: dict | None = None,
    snapshot: Path | None = None,
) -> list[Task]:
    """One task per notebook and region, each with the parameters its notebook declares.

    Parameters
    ----------
    declared : dict
        Notebook -> the names of its parameters (see :func:`declared_parameters`).
    regions : list of str
        Region ids.
    data_path : Path
        The data, as an absolute path.
    lang : str
        Language of the reports.
    small_cell_min : int
        Passed to the notebooks.
    kernel_name : str
        The Jupyter kernel.
    timeout : int or None
        Seconds a cell may run; None or 0 for no limit.
    tmp : Path
        The temporary folder the runs execute into.
    region_names : dict, optional
        Region id -> name, for the pages.
    extra : dict, optional
        Other parameters (``asnpolicy report -p``), each passed to the notebooks that declare
        it (see :func:`check_extra_parameters`).
    snapshot : Path, optional
        The validated snapshot of the data (see :func:`asnpolicy.snapshot`): passed as
        ``data_dir`` instead of ``data_path``, which each task keeps as ``data_path``.

    Returns
    -------
    list of Task
        Notebook by notebook, region by region.
    """
    tasks = []
    siblings = tuple(path.stem for path in declared)
    region_names = region_names or {}
    for path, names in declared.items():
        for region in regions:
            values = {
                "region": region,
                "data_dir": str(snapshot if snapshot is not None else data_path),
                "lang": lang,
                "small_cell_min": small_cell_min,
            }
            parameters = {k: values[k] for k in PASSED_PARAMETERS if k in names}
            parameters.update({k: v for k, v in (extra or {}).items() if k in names})
            tasks.append(
                Task(
                    str(path),
                    path.stem,
                    region,
                    parameters,
                    str(tmp),
                    kernel_name,
                    timeout or None,
                    lang=lang,
                    siblings=siblings,
                    region_name=region_names.get(region, ""),
                    data_path=str(data_path) if snapshot is not None else "",
                )
            )
    return tasks


def check_extra_parameters(extra: dict, declared: dict[Path, set[str]]) -> None:
    """Refuse a parameter (``asnpolicy report -p NAME=VALUE``) that no chosen notebook
    declares, or one the runner sets itself (``region``, ``data_dir``, ``lang``,
    ``small_cell_min`` have options of their own).

    Raises
    ------
    ValueError
        Naming the parameter and the parameters the notebooks declare.

    Examples
    --------
    >>> check_extra_parameters({"budget": 20}, {Path("01.ipynb"): {"budget", "region"}})
    >>> check_extra_parameters({"bugdet": 20}, {Path("01.ipynb"): {"budget", "region"}})
    Traceback (most recent call last):
    ...
    ValueError: No notebook run declares the parameter 'bugdet'. Parameters they declare: budget.
    """
    own = {"region": "--region", "data_dir": "--data", "lang": "--lang"}
    own["small_cell_min"] = "--small-cell-min"
    known = sorted(set().union(*declared.values()) - set(own)) if declared else []
    for name in extra:
        if name in own:
            raise ValueError(f"Set {name} with {own[name]}, not with -p.")
        if not any(name in names for names in declared.values()):
            raise ValueError(
                f"No notebook run declares the parameter {printable(name, 80)!r}. "
                f"Parameters they declare: {', '.join(known) or 'none'}."
            )


def inside(path: Path, root: Path) -> Path:
    """``path`` when, resolved (symbolic links followed), it lies inside ``root``; else a
    ValueError: nothing is ever written outside the output folder or the temporary folder.

    Parameters
    ----------
    path : Path
        Where something is to be written.
    root : Path
        The folder it must stay in.

    Returns
    -------
    Path
        ``path`` itself.

    Raises
    ------
    ValueError
        When ``path`` leads outside ``root``.
    """
    resolved, base = path.resolve(), root.resolve()
    if resolved != base and not resolved.is_relative_to(base):
        raise ValueError(
            f"Refusing to write {printable(path)}: it leads to {printable(resolved)}, outside "
            f"{printable(base)}. Remove the symbolic link there or choose another --out."
        )
    return path


def check_folders(tasks: list[Task], out: Path, tmp: Path) -> None:
    """Every run's folder lies inside ``out`` and ``tmp``, and no two regions share one (also
    on a file system that ignores case).

    Raises
    ------
    ValueError
        When a folder leads outside (see :func:`inside`) or two regions would share one.
    """
    folders: dict[str, str] = {}
    for task in tasks:
        inside(out / task.folder, out)
        inside(tmp / task.folder, tmp)
        other = folders.setdefault(task.folder.casefold(), task.region)
        if other != task.region:
            raise ValueError(
                f"Regions {printable(other)!r} and {printable(task.region)!r} would share the "
                f"report folder {task.folder!r}; give one of them another id."
            )


def check_kernel(kernel_name: str) -> None:
    """Check that the Jupyter kernel ``kernel_name`` is installed.

    Raises
    ------
    ValueError
        When it is not (the message lists those that are).
    """
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
