"""The two README commands work on a fresh clone with only Python and make.

Slow (it builds a new .venv), so marked ``slow``; ``make test`` and CI run it. Inside the clone,
the nested ``make test`` runs a quick part of the suite (the outer run is the whole suite on the
same commit) and would skip this test so that it does not recurse. It clones the committed HEAD:
uncommitted changes are not part of what it checks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NESTED = "ASNPOLICY_IN_CLEAN_CLONE"
#: What `make test` runs inside the clone (see the test).
_NESTED_TESTS = ("tests/test_packaging.py", "tests/test_cli.py", "tests/test_rules.py")


def _clean_env() -> dict[str, str]:
    """The environment without this project's .venv, as a new user's shell has it."""
    venv_bin = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    env[NESTED] = "1"
    return env


def _make(target: str, clone: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", target, *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.skipif(bool(os.environ.get(NESTED)), reason="already inside the clean-clone run")
def test_make_reports_and_make_test_from_a_clean_clone(tmp_path):
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    env = _clean_env()

    reports = _make("reports", clone, env)
    assert reports.returncode == 0, reports.stdout[-4000:] + reports.stderr[-4000:]
    assert (clone / ".venv" / "bin" / "asnpolicy").exists()
    assert (clone / "data" / "templates" / "asnpolicy_templates.xlsx").exists()
    kernel = clone / ".venv" / "share" / "jupyter" / "kernels" / "asnpolicy" / "kernel.json"
    assert kernel.exists(), "make set-up registers the project's Jupyter kernel"

    # `make test` in the clone: the same set-up and pytest configuration, on a quick part of
    # the suite; this outer run is the whole suite on the same commit, so running all of it
    # again in the clone would double CI's time and check nothing new.
    test = _make("test", clone, env, f"PYTEST_ARGS={' '.join(_NESTED_TESTS)}")
    assert test.returncode == 0, test.stdout[-4000:] + test.stderr[-4000:]
    assert " passed" in test.stdout and " failed" not in test.stdout
    assert "pip install" not in test.stdout, "set-up ran again although pyproject.toml is unchanged"
