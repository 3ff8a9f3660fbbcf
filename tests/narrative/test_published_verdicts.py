"""A unit whose IKM is only a published figure (no answers, no interval) is never a certain
trigger: below the cut the page asks for the SKM answers before deciding (issue 18)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from asnpolicy.narrative.outcomes import remedial_verdicts


def triggers() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "unit_id": ["a", "b", "c"],
            "name": ["Dinas A", "Dinas B", "Dinas C"],
            "ikm": [70.0, 90.0, 70.0],
            "ci_low": [np.nan, np.nan, 65.0],
            "ci_high": [np.nan, np.nan, 74.0],
            "n": [np.nan, 120, 150],
            "source": ["published", "published", "responses"],
        }
    )
    frame.attrs["ikm_threshold"] = 76.61
    return frame


def test_published_below_the_cut_asks_for_answers_and_is_never_train():
    verdicts = remedial_verdicts(triggers(), small_cell_min=5)
    assert verdicts["status"].tolist() == ["published", "none", "train"]
    assert verdicts["band"].tolist()[:2] == ["published", "published"]


def test_published_changes_are_not_counted_as_not_clearly_changed():
    from asnpolicy.narrative.outcomes import ikm_trend_sentence

    changes = triggers().assign(
        change=[1.0, -2.0, -3.0], change_ci_low=[np.nan, np.nan, -5.0],
        change_ci_high=[np.nan, np.nan, -1.0], n=[120, 120, 150],
    )  # fmt: skip
    text = ikm_trend_sentence(changes, lang="id").data
    assert "dari 1 unit" in text and "1 unit turun nyata" in text
    only_published = changes.iloc[:2]
    assert ikm_trend_sentence(only_published, lang="id").data == ""
