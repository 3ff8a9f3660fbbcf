"""The notebooks run in JupyterLab as they come (issue 17): the kernel starts in
``notebooks/``, no parameter is injected, and ``data_dir = "data/sample"`` still finds the
project's data (``asnpolicy.io.resolve_data_path``); ``jupyter nbconvert --execute`` from the
project root works the same way."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from asnpolicy.io import project_root, resolve_data_path
from asnpolicy.synth import generate

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project's layout (pyproject.toml, notebooks/) with sample data in
    data/sample, small enough to run every notebook with its defaults."""
    folder = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    generate(seed=2026, scale=0.3).save(folder / "data" / "sample")
    return folder


def test_a_relative_data_folder_is_found_from_a_subfolder(project, monkeypatch):
    monkeypatch.chdir(project / "notebooks")
    assert project_root() == project
    assert resolve_data_path("data/sample") == project / "data" / "sample"
    monkeypatch.chdir(project)
    assert resolve_data_path("data/sample") == Path("data/sample")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_runs_top_to_bottom_from_the_notebooks_folder(notebook, project):
    path = project / "notebooks" / notebook.name
    nb = nbformat.read(path, as_version=4)
    guide = nb.cells[0]
    assert guide.cell_type == "markdown" and "notebook-guide" in guide.metadata.get("tags", [])
    NotebookClient(
        nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


def test_nbconvert_execute_from_the_project_root(project):
    done = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
         "--output-dir", str(project / "executed"), "notebooks/01_workforce_needs.ipynb"],
        cwd=project, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    executed = json.loads((project / "executed" / "01_workforce_needs.ipynb").read_text())
    assert any(c.get("outputs") for c in executed["cells"] if c["cell_type"] == "code")
