"""adverse_impact counts text groups without a groupby and skips Fisher's test where it is
1 by definition; adverse_impact_by gives adverse_impact region by region. The results are
those of the groupby, of scipy and of the region-by-region calls, to the last bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from asnpolicy import fairness


@given(s=st.integers(0, 400), extra=st.integers(0, 400))
def test_equal_rows_have_p_one_in_scipy(s, extra):
    n = s + extra
    if n == 0:
        return
    table = [[s, n - s], [np.float64(s), np.float64(n) - np.float64(s)]]
    assert stats.fisher_exact(table).pvalue == 1.0
    one = np.array([s]), np.array([n]), np.array([float(s)]), np.array([float(n)])
    assert fairness._fisher_p_values(*one) == [1.0]


@pytest.mark.parametrize("seed", range(5))
def test_text_groups_give_the_object_column_result(seed):
    rng = np.random.default_rng(seed)
    groups = np.array(["female", "male", "other", None], dtype=object)
    frame = pd.DataFrame(
        {"gender": groups[rng.integers(0, 4, 300)], "hired": rng.random(300) < 0.3}
    )
    text = fairness.adverse_impact(frame.astype({"gender": "str"}), "gender", selected="hired")
    groupby = fairness.adverse_impact(frame.astype({"gender": object}), "gender", "hired")
    pd.testing.assert_frame_equal(text, groupby.astype({"group": "str"}), check_exact=True)


def _applicants(seed: int, n: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pick = lambda values, p=None: np.array(values, dtype=object)[  # noqa: E731
        rng.choice(len(values), n, p=p)
    ]
    return pd.DataFrame(
        {
            "region_id": pick(["r1", "r2", "r3", "r4", None], [0.3, 0.3, 0.2, 0.19, 0.01]),
            "gender": pick(["female", "male", None], [0.5, 0.45, 0.05]),
            "origin": pick(["local", "non_local"]),
            "hired": rng.random(n) < 0.2,
        }
    ).astype({"region_id": "str", "gender": "str", "origin": "str"})


def _region_by_region(frame, group):
    parts = []
    for region, part in frame.groupby("region_id", sort=True):
        try:
            table = fairness.adverse_impact(part, group, selected="hired")
        except ValueError:
            continue
        parts.append(table.assign(region_id=region))
    out = pd.concat(parts, ignore_index=True)
    return out[["region_id", *out.columns.drop("region_id")]]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("group", ["gender", "origin"])
def test_by_region_is_region_by_region(seed, group):
    frame = _applicants(seed)
    frame.loc[frame["region_id"] == "r4", "gender"] = None  # a region without a group
    got = fairness.adverse_impact_by(frame, group, "region_id", "hired")
    pd.testing.assert_frame_equal(got, _region_by_region(frame, group), check_exact=True)


def test_by_region_of_object_columns_is_region_by_region():
    frame = _applicants(9).astype({"region_id": object, "gender": object})
    got = fairness.adverse_impact_by(frame, "gender", "region_id", "hired")
    pd.testing.assert_frame_equal(got, _region_by_region(frame, "gender"), check_exact=True)
