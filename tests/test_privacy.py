"""asnpolicy.privacy: small cells are hidden and marked."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from asnpolicy import privacy


class TestSuppress:
    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.integers(0, 30), min_size=1, max_size=40), st.integers(1, 10))
    def test_never_reveals_a_cell_under_the_threshold(self, counts, min_n):
        frame = pd.DataFrame({"n": counts, "mean": [float(c) * 1.5 for c in counts]})
        out = privacy.suppress(frame, "n", ["mean"], min_n=min_n)
        shown = out["n"].dropna()
        assert ((shown == 0) | (shown >= min_n)).all()
        assert out.loc[out["suppressed"], "mean"].isna().all()
        assert out["suppressed"].tolist() == [0 < c < min_n for c in counts]


class TestMark:
    def test_mark(self):
        assert privacy.mark(5) == "<5"
