"""Run the analysis notebooks for every region and publish them as HTML reports with an index.

:func:`run_reports` (the ``asnpolicy report`` command) executes every notebook for every region
with papermill on worker processes, each keeping one kernel that is reset between its runs
(:mod:`asnpolicy.reports.kernels`), and exports each executed notebook to HTML without code.
The output folder then holds

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

The modules, each with one job:

- :mod:`~asnpolicy.reports.plan`: which notebooks, regions and parameters run;
- :mod:`~asnpolicy.reports.execute`: one run, in a worker process;
- :mod:`~asnpolicy.reports.cluster`: the runs on a Dask cluster;
- :mod:`~asnpolicy.reports.manifest`: ``runs.json``, atomic writes and temporary folders;
- :mod:`~asnpolicy.reports.index`: the index page (a Jinja2 template);
- :mod:`~asnpolicy.reports.run`: all runs, scheduled and published;
- :mod:`~asnpolicy.reports.quiet`: warnings and log messages kept off the terminal.
"""

from __future__ import annotations

from .cluster import SchedulerError
from .index import index_html, write_index
from .manifest import TMP_MARKER
from .plan import NO_NOTEBOOKS, find_notebooks, notebooks_dir, region_folder, resolve_notebooks
from .run import RunResult, run_reports

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
