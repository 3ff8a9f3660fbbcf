"""One region of the sample at full scale (Bangko: recruits with SKP records, CAT-SKB with
interview and competency scores, SKM answers), built once for the explore tests."""

from __future__ import annotations

import pytest

from asnpolicy.synth import generate

STAGE_COSTS = {"skd": 150_000, "cat": 100_000, "psych": 400_000, "competency": 1_500_000,
               "interview": 600_000}  # fmt: skip


@pytest.fixture(scope="session")
def bangko():
    return generate(seed=2026, regions=["bangko"])


@pytest.fixture(scope="session")
def pauh():
    return generate(seed=2026, regions=["pauh"], scale=0.5)
