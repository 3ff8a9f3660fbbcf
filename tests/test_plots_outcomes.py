"""asnpolicy.plots.outcomes: the IKM chart shows every flagged unit and says what it leaves
out (finding 12 of issue 16); the pooled panel comparison says it is pooled (finding 3)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from asnpolicy import outcomes, plots
from asnpolicy.synth import generate


@pytest.fixture(scope="module")
def pauh():
    return generate(regions=["pauh"], years=(2024,), scale=0.3)


def units(n: int) -> pd.DataFrame:
    """``n`` surveyed units, IKM rising from 78 (band B, clear of the cut); the highest one
    has a clear fall, so it is flagged although its IKM is the highest."""
    ikm = np.linspace(78.0, 95.0, n)
    change = np.zeros(n)
    low, high = np.full(n, -1.0), np.full(n, 1.0)
    change[-1], low[-1], high[-1] = -3.0, -5.0, -1.0
    return pd.DataFrame(
        {
            "unit_id": [f"u{i}" for i in range(n)],
            "year": 2025,
            "n": 150,
            "ikm": ikm,
            "ci_low": ikm - 1,
            "ci_high": ikm + 1,
            "change": change,
            "change_ci_low": low,
            "change_ci_high": high,
        }
    )


class TestIkmByUnit:
    def test_every_flagged_unit_is_shown_and_the_rest_counted(self, pauh):
        rows = units(40)
        fig = plots.ikm_by_unit(rows, pauh, lang="id", top=10)
        ax = fig.axes[0]
        names = [t.get_text() for t in ax.get_yticklabels()]
        assert len(names) == 10
        assert "u39" in names  # the fall, highest IKM: before, the chart cut it
        assert "u0" in names  # the lowest
        note = " ".join(" ".join(t.get_text().split()) for t in fig.texts)
        assert "30 unit lain" in note and "tidak ditampilkan" in note
        plt.close(fig)

    def test_all_units_when_few(self, pauh):
        fig = plots.ikm_by_unit(units(6), pauh, lang="en", top=25)
        assert len(fig.axes[0].get_yticklabels()) == 6
        assert "not shown" not in " ".join(t.get_text() for t in fig.texts)
        assert fig.get_label().startswith("Citizen satisfaction index")
        plt.close(fig)


class TestMethodEffects:
    def test_pooled_title(self, pauh):
        everyone = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
        pooled = outcomes.compare_methods(everyone, "panel")
        names = {"bangko": "Bangko", "pauh": "Pauh"}
        fig = plots.method_effects(pooled, pauh, lang="id", names=names)
        assert "gabungan Bangko, Pauh" in fig.get_label().replace("\n", " ")
        plt.close(fig)
        own = outcomes.compare_methods(everyone.for_region("pauh"), "panel")
        fig = plots.method_effects(own, pauh, lang="id")
        texts = " ".join(t.get_text() for t in fig.axes[0].texts)
        assert "panel" not in fig.get_label().split(":")[-1] or "Pauh" in fig.get_label()
        assert "coincide" not in texts and "Fewer" not in texts  # no English on the page
        plt.close(fig)


class TestIkmOnPartialData:
    """Issue 17: the IKM chart draws from units and SKM alone (even without a units table)
    and hides a unit resting on fewer than ``small_cell_min`` respondents."""

    def test_from_skm_alone(self, pauh):
        from asnpolicy.io import Dataset

        alone = Dataset(skm=pauh.skm)
        triggers = outcomes.feedback_triggers(alone)
        fig = plots.ikm_by_unit(triggers, alone, lang="id")
        names = {t.get_text() for t in fig.axes[0].get_yticklabels()}
        assert names == set(triggers["unit_id"])
        plt.close(fig)

    def test_few_respondents_are_marked(self, pauh):
        rows = units(4).assign(n=[150, 3, 150, 150], name=["A", "B", "C", "D"])
        fig = plots.ikm_by_unit(rows, pauh, lang="id", small_cell_min=5)
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert "<5" in texts
        plt.close(fig)
