"""The wording rules (asnpolicy.narrative.claims): a claim is made only when its interval
supports it, for every interval, not just for the sentences of the sample pages."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from asnpolicy import rules
from asnpolicy.narrative import claims
from asnpolicy.narrative.text import LANGS

finite = st.floats(-1e6, 1e6, allow_nan=False)


@st.composite
def intervals(draw):
    a, b = draw(finite), draw(finite)
    return min(a, b), max(a, b)


@given(intervals(), finite)
def test_a_side_of_a_cut_only_when_the_whole_interval_is_there(interval, cut):
    low, high = interval
    verdict = claims.side_of_cut(low, high, cut)
    if verdict == "above":
        assert low >= cut
    elif verdict == "below":
        assert high < cut
    else:
        assert verdict == "uncertain" and low < cut <= high


@given(st.lists(intervals(), min_size=1, max_size=6))
def test_highest_only_when_every_paired_difference_excludes_zero(differences):
    lows = [d[0] for d in differences]
    highs = [d[1] for d in differences]
    assert claims.clearly_highest(lows, highs) == all(low > 0 for low in lows)


@given(intervals())
def test_adverse_impact_only_when_the_whole_interval_is_below_four_fifths(interval):
    low, high = interval
    verdict = claims.ratio_verdict(low, high)
    assert (verdict == "adverse") == (high < rules.FOUR_FIFTHS)
    assert (verdict == "none") == (low >= rules.FOUR_FIFTHS)


@given(intervals())
def test_a_change_only_when_its_interval_excludes_zero(interval):
    low, high = interval
    verdict = claims.change_verdict(low, high)
    assert (verdict in ("rose", "fell")) == bool(claims.excludes(low, high))
    assert verdict != "rose" or low > 0
    assert verdict != "fell" or high < 0


def test_the_cases_issue_16_found():
    # an IKM of 76.44 [74.90; 77.97] is not "below the C/B cut" (76.61)
    assert claims.side_of_cut(74.90, 77.97, 76.61) == "uncertain"
    # an adverse-impact ratio of 0.66 [0.31; 1.43] is not a finding
    assert claims.ratio_verdict(0.31, 1.43) == "uncertain"
    # "highest" with one paired difference whose interval includes 0 is not allowed
    assert not claims.clearly_highest([0.01, -0.02], [0.2, 0.1])


def test_missing_intervals_support_no_claim():
    nan = math.nan
    assert claims.side_of_cut(nan, 1.0, 0.5) == "unknown"
    assert claims.ratio_verdict(nan, nan) == "unknown"
    assert claims.change_verdict(nan, 2.0) == "unknown"
    assert not claims.excludes(nan, nan)
    assert not claims.clearly_highest([nan], [1.0])
    assert not claims.clearly_highest([], [])


def test_vectorised_like_the_scalars():
    low = np.array([70.0, 74.9, 80.0, math.nan])
    high = np.array([75.0, 77.97, 85.0, 90.0])
    assert claims.side_of_cut(low, high, 76.61).tolist() == [
        claims.side_of_cut(a, b, 76.61) for a, b in zip(low, high, strict=True)
    ]


def test_samples_below_a_minimum_and_pooled_estimates():
    assert claims.below_minimum([40, 300], 217).tolist() == [True, False]
    assert claims.pooled(["bangko", "bangko"]) is False
    assert claims.pooled(["bangko", "pauh"]) is True


@pytest.mark.parametrize("lang", LANGS)
def test_every_verdict_has_words(lang):
    for verdict in claims.VERDICTS:
        assert claims.verdict_words(verdict, lang)
    with pytest.raises(ValueError, match="unknown verdict"):
        claims.verdict_words("maybe", lang)
