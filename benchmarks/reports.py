"""The reports scenario's floor and shell baseline.

``python -m benchmarks.reports floor OUT RUNS WORKERS``
    Execute RUNS notebooks that only import pandas, matplotlib and scikit-learn and draw one
    figure, each with papermill and exported to HTML with nbconvert, WORKERS at a time: what
    any report runner pays before the analysis starts.
``python -m benchmarks.reports shell OUT DATA REGION [REGION ...]``
    What a user would do without ``asnpolicy report``: ``papermill`` and then
    ``jupyter nbconvert`` from the shell, once per notebook and region, one after another.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

FLOOR_CELLS = [
    "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
    "import pandas as pd\nimport sklearn.linear_model",
    "frame = pd.DataFrame({'x': range(10), 'y': [v * v for v in range(10)]})\n"
    "fig, ax = plt.subplots()\nax.plot(frame['x'], frame['y'])\nplt.show()",
]


def floor_notebook(path: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("region = 'x'", metadata={"tags": ["parameters"]})
    nb.cells = [params, *(nbformat.v4.new_code_cell(c) for c in FLOOR_CELLS)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.metadata["kernelspec"]["language"] = "python"
    nbformat.write(nb, path)
    return path


def _run_one(args: tuple[str, str]) -> None:
    import nbformat
    import papermill as pm
    from nbconvert import HTMLExporter

    notebook, executed = args
    pm.execute_notebook(notebook, executed, parameters={"region": "x"}, progress_bar=False)
    body, _ = HTMLExporter(exclude_input=True).from_notebook_node(nbformat.read(executed, 4))
    Path(executed).with_suffix(".html").write_text(body, encoding="utf-8")


def floor(out: str, runs: int, workers: int) -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    notebook = str(floor_notebook(folder / "floor.ipynb"))
    jobs = [(notebook, str(folder / f"run{i:03d}.ipynb")) for i in range(runs)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        list(pool.map(_run_one, jobs))


def shell(out: str, data: str, regions: list[str]) -> None:
    """papermill, then jupyter nbconvert, per notebook and region, as commands."""
    from asnpolicy.reports import find_notebooks

    bin_dir = Path(sys.executable).parent
    for region in regions:
        folder = Path(out) / region
        folder.mkdir(parents=True, exist_ok=True)
        for notebook in find_notebooks():
            executed = folder / notebook.name
            parameters = ["-p", "data_dir", str(Path(data).resolve()), "-p", "region", region]
            subprocess.run(
                [str(bin_dir / "papermill"), str(notebook), str(executed), *parameters, "-k",
                 "python3", "--no-progress-bar"],
                check=True, capture_output=True,
            )  # fmt: skip
            subprocess.run(
                [str(bin_dir / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                 str(executed)],
                check=True, capture_output=True,
            )  # fmt: skip


if __name__ == "__main__":
    step, *args = sys.argv[1:]
    if step == "floor":
        floor(args[0], int(args[1]), int(args[2]))
    elif step == "shell":
        shell(args[0], args[1], args[2:])
    else:
        raise SystemExit(f"unknown step {step!r}")
