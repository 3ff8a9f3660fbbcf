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


def many_regions(sample, card, n: int):
    """``card`` and ``sample``'s regions table copied for ``n`` regions (r000, r001, ...),
    each region's values those of pauh or bangko shifted a little."""
    import numpy as np
    import pandas as pd

    from asnpolicy import Dataset

    ids = [f"r{i:03d}" for i in range(n)]
    base = [card[card["region_id"] == r] for r in ("pauh", "bangko")]
    parts = []
    for i, region in enumerate(ids):
        part = base[i % 2].copy()
        part["region_id"] = region
        shift = 1 + 0.002 * i
        part[["value", "ci_low", "ci_high"]] = part[["value", "ci_low", "ci_high"]] * shift
        parts.append(part)
    many = pd.concat(parts, ignore_index=True)
    many.attrs.update(card.attrs)
    regions = pd.DataFrame(
        {"region_id": ids, "name": [f"Wilayah {i}" for i in range(n)], "kind": "kabupaten"}
    )
    data = Dataset(regions=regions, units=None, source="x", synthetic=True)
    assert np.isfinite(many["value"]).any()
    return many, data


@pytest.mark.parametrize(("n", "strips"), [(plots.comparison.ROWS_MAX, False), (552, True)])
def test_many_regions_are_one_strip_per_indicator(both, n, strips):
    """A national comparison (552 regions) draws each indicator as one strip of grey dots
    with the highlighted region in colour: a fixed height, not a labelled row per region
    (which made a figure 180 inches tall that took a minute to draw)."""
    sample, card = both
    many, data = many_regions(sample, card, n)
    fig = plots.region_scorecard(many, data, domain="needs", region="r007", lang="id")
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    notes = " ".join(t.get_text() for t in fig.texts).replace("\n", " ")
    if strips:
        assert fig.get_figheight() < 12
        assert all(not ax.get_yticklabels() for ax in panels)
        assert "satu dari 552 wilayah" in notes and "Wilayah 7 disorot" in notes
        # the highlighted region's value is written on every panel where it is shown
        shown = many[(many["region_id"] == "r007") & (many["domain"] == "needs")]
        labels = [t.get_text() for ax in panels for t in ax.texts]
        assert len(labels) >= shown["value"].notna().sum()
    else:
        assert [t.get_text() for t in panels[0].get_yticklabels()][7] == "Wilayah 7"
        assert "satu dari" not in notes
    plt.close(fig)
