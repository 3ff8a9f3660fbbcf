"""asnpolicy.plots: every figure has a title, axes with units and a source line, in both
languages, and hides small cells (saying so)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from asnpolicy import compare, designs, funnel, plots, reliability, workforce
from asnpolicy.synth import generate


@pytest.fixture(scope="module")
def pauh():
    return generate(regions=["pauh"], seed=7)


@pytest.fixture(scope="module")
def bangko():
    return generate(regions=["bangko"], seed=5)


class TestWorkforceFigures:
    def figures(self, ds, lang="id"):
        gap = workforce.staffing_gap(ds)
        return [
            plots.age_pyramid(ds, lang=lang),
            plots.staffing_gap_by_unit(gap, ds, lang=lang),
            plots.retirement_wave(workforce.retirement_projection(ds, 5), ds, lang=lang),
            plots.competency_gaps(workforce.competency_gaps(ds), ds, lang=lang),
        ]

    @pytest.mark.parametrize("lang", ["id", "en"])
    def test_titles_axes_and_source(self, pauh, lang, tmp_path):
        for i, fig in enumerate(self.figures(pauh, lang)):
            ax = fig.axes[0]
            assert ax.get_title(loc="left"), i
            assert ax.get_xlabel() and (ax.get_ylabel() or i in (1, 3)), i
            texts = [t.get_text() for t in fig.texts]
            source = "Sumber" if lang == "id" else "Source"
            assert any(t.startswith(source) for t in texts), i
            fig.savefig(tmp_path / f"{i}.png")
            plt.close(fig)

    def test_units_in_axis_labels(self, pauh):
        figs = self.figures(pauh, "en")
        assert "(people)" in figs[0].axes[0].get_xlabel()
        assert "(FTE)" in figs[1].axes[0].get_xlabel()
        assert "(years)" in figs[0].axes[0].get_ylabel()
        for fig in figs:
            plt.close(fig)

    def test_small_cells_are_hidden_and_said(self, pauh):
        projection = workforce.retirement_projection(pauh, 5)
        fig = plots.retirement_wave(projection, pauh, lang="en", small_cell_min=1000)
        coloured = [p for p in fig.axes[0].patches if not p.get_hatch()]
        assert not coloured  # every count is under 1000: only hatched, hidden segments
        assert any("fewer than 1000 people are hidden" in t.get_text() for t in fig.texts)
        plt.close(fig)


class TestSelectionFigures:
    def test_titles_and_source(self, bangko, tmp_path):
        figs = [
            plots.selection_funnel(funnel.funnel(bangko), bangko, lang="en"),
            plots.registration_modes(funnel.registration_modes(bangko), bangko, lang="en"),
            plots.panel_reliability(reliability.panel_reliability(bangko), bangko, lang="en"),
            plots.design_comparison(designs.compare_designs(bangko, n_boot=20), bangko, lang="en"),
        ]
        for i, fig in enumerate(figs):
            assert fig.get_label()  # the title (over one panel, or over both)
            assert any(t.get_text().startswith("Source") for t in fig.texts)
            fig.savefig(tmp_path / f"{i}.png")
            plt.close(fig)

    def test_no_panels_is_said(self):
        ds = generate(regions=["bukittinggi"], seed=5, scale=0.2)  # CAT-SKB only
        table = reliability.panel_reliability(ds)
        assert table.empty
        fig = plots.panel_reliability(table, ds, lang="en")
        assert any("No panel ratings" in t.get_text() for t in fig.axes[0].texts)
        plt.close(fig)


class TestTrainingEffects:
    def test_two_panels_and_hidden_groups_marked(self, pauh):
        training = pd.DataFrame(
            {
                "provider": ["university", "expert_speaker"],
                "n_employees": [40, 3],
                "gain": [9.0, 4.0],
                "gain_ci_low": [8.0, -2.0],
                "gain_ci_high": [10.0, 10.0],
                "n_switchers": [20, 2],
                "performance_effect": [0.2, 0.5],
                "performance_ci_low": [0.05, -0.4],
                "performance_ci_high": [0.35, 1.4],
            }
        )
        fig = plots.training_effects(training, pauh, lang="id", small_cell_min=5)
        left, right = fig.axes
        assert "(n = <5)" in [t.get_text() for t in left.get_yticklabels()][1]
        assert "<5" in [t.get_text() for t in right.texts]
        assert left.get_xlabel().startswith("Nilai tes") and "SKP" in right.get_xlabel()
        assert "disembunyikan" in " ".join(t.get_text() for t in fig.texts)
        plt.close(fig)


class TestRegionScorecard:
    def test_a_panel_per_indicator(self):
        sample = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
        card = compare.scorecard(sample, n_boot=5)
        fig = plots.region_scorecard(card, sample, domain="selection", region="pauh", lang="en")
        titled = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
        assert len(titled) == (card["domain"] == "selection").groupby(card["indicator"]).any().sum()
        assert "Online registration" in titled
        assert fig._suptitle.get_text() == "Selection by region"
        ticks = [t for t in fig.axes[0].get_yticklabels() if t.get_text() == "Pauh"]
        assert ticks and ticks[0].get_fontweight() == "bold"
        assert "Pauh highlighted." in " ".join(t.get_text() for t in fig.texts)
        plt.close(fig)
