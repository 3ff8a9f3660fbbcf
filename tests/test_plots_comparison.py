"""plots.region_scorecard on the needs block (issue 16, findings 2, 10 and 13): the gap
measures as panels, counts of people flagged when the regions differ in kind, no interval drawn
for a census."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from asnpolicy import compare, plots
from asnpolicy.synth import generate


@pytest.fixture(scope="module")
def both():
    sample = generate(regions=["pauh", "bangko"], years=(2024,), scale=0.3)
    return sample, compare.scorecard(sample, n_boot=5)


def test_needs_panels_flag_counts_and_draw_no_census_interval(both):
    sample, card = both
    fig = plots.region_scorecard(card, sample, domain="needs", region="pauh", lang="id")
    titles = [ax.get_title(loc="left").replace("\n", " ") for ax in fig.axes]
    assert any(t.startswith("Tingkat kekurangan bruto") and not t.endswith("*") for t in titles)
    assert any(t.startswith("Selisih bersih") and t.endswith("*") for t in titles)  # FTE
    notes = " ".join(t.get_text() for t in fig.texts)
    assert "tidak sebanding antara kecamatan" in notes.replace("\n", " ")
    # a census: dots only, no interval lines (LineCollections from hlines are empty)
    for ax in fig.axes:
        for collection in ax.collections:
            if hasattr(collection, "get_segments"):
                assert not collection.get_segments()
    plt.close(fig)


def test_one_region_is_not_said_to_be_highlighted(both):
    """Issue 17, item 12: with one region there is nothing to highlight it against."""
    sample, _ = both
    one = sample.for_region("pauh")
    card = compare.scorecard(one, n_boot=5)
    fig = plots.region_scorecard(card, one, domain="needs", region="pauh", lang="id")
    notes = " ".join(t.get_text() for t in fig.texts).replace("\n", " ")
    assert "disorot" not in notes
    assert (
        len([ax for ax in fig.axes if ax.get_title(loc="left")])
        == card.query("domain == 'needs'")["indicator"].nunique()
    )
    plt.close(fig)
