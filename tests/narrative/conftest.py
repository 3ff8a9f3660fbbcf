"""Datasets shared by the tests of the report words."""

from __future__ import annotations

import pytest

import asnpolicy as ap
from asnpolicy.synth import generate


@pytest.fixture(scope="session")
def pauh() -> ap.Dataset:
    """Pauh alone, simulated (seed 7)."""
    return generate(regions=["pauh"], seed=7)


@pytest.fixture(scope="session")
def bangko() -> ap.Dataset:
    """Bangko alone, simulated (seed 5): external panels, several SKB tests."""
    return generate(regions=["bangko"], seed=5)
