"""Every Python example in the README runs verbatim on the sample data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from asnpolicy.synth import generate

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def test_the_readme_has_python_examples():
    assert len(BLOCKS) >= 2


@pytest.fixture(scope="module")
def project_like(tmp_path_factory) -> Path:
    """A folder laid out like the project after ``make data``: data/sample holds the sample."""
    root = tmp_path_factory.mktemp("project")
    generate(seed=2026).save(root / "data" / "sample")
    return root


@pytest.mark.parametrize("number", range(len(BLOCKS)))
def test_example_runs(number, project_like, monkeypatch):
    monkeypatch.chdir(project_like)
    code = compile(BLOCKS[number], f"README.md python example {number + 1}", "exec")
    exec(code, {"__name__": f"readme_example_{number + 1}"})
