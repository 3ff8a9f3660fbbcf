"""The data and the runs that the tests of ``asnpolicy report`` share: made once for the whole
package (the real notebooks run once, in ``full_run``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from asnpolicy.synth import generate

from .helpers import (
    ALL_OK,
    fixture_run,
    report,
)


@pytest.fixture(scope="package")
def sample(tmp_path_factory) -> Path:
    return generate(seed=2026).save(tmp_path_factory.mktemp("reports") / "sample")


@pytest.fixture(scope="package")
def full_run(sample, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """Every notebook for the four regions, two workers: the one run of the real notebooks."""
    out = tmp_path_factory.mktemp("full") / "reports"
    return report("--data", sample, "--out", out, "--workers", 2), out


@pytest.fixture(scope="package")
def good_fixture_reports(sample, tmp_path_factory) -> Path:
    """A previous good output of the fixture notebook for two regions (copy it to use it)."""
    out = tmp_path_factory.mktemp("good") / "reports"
    done = fixture_run(sample, out, "--region", "bangko", "batanghari", "--workers", 1, env=ALL_OK)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture
def previous(good_fixture_reports, tmp_path) -> Path:
    out = tmp_path / "reports"
    shutil.copytree(good_fixture_reports, out)
    return out
