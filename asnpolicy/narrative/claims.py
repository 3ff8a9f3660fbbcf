"""What a sentence may claim, decided in one place from the intervals behind it.

Every page words its findings through these rules, so that no page says "highest", "most",
"significant", "adverse impact" or raises a flag that its interval does not support:

- :func:`clearly_highest`: "highest / best / most" only when every paired difference between
  the leader and each alternative has an interval that excludes 0 (a difference of 0 means a
  tie); otherwise the leader is "highest on the point estimate, not separated from ...".
- :func:`side_of_cut`: a value is above or below a cut (an IKM band, a pass mark, the
  four-fifths line) only when its whole interval is; an interval that straddles the cut is
  "uncertain" and is listed apart, never flagged as if it were certain.
- :func:`ratio_verdict`: an adverse-impact ratio is a finding ("adverse") only when its whole
  interval lies below four-fifths, "none" when its whole interval lies at or above, and
  "uncertain" otherwise.
- :func:`change_verdict`: a change ("rose", "fell") only when the interval of the change
  excludes 0.
- :func:`below_minimum`: a sample below an official minimum (the Krejcie-Morgan sample of
  PermenPANRB 14/2017 for the IKM) is stated beside the result.
- :func:`pooled`: an estimate that rests on several regions is labelled as pooled.

The functions take numbers (scalars or arrays) and return booleans or verdict codes; the words
for each verdict live in the catalogue (``texts/common.yml``, keys ``claim_*``).
"""

from __future__ import annotations

import numpy as np

from .. import rules
from .text import t

__all__ = [
    "VERDICTS",
    "below_minimum",
    "change_verdict",
    "clearly_highest",
    "excludes",
    "pooled",
    "ratio_verdict",
    "side_of_cut",
    "verdict_words",
]

#: Every verdict code the rules return, each worded by ``claim_<code>`` in the catalogue.
VERDICTS = ("above", "below", "uncertain", "unknown", "adverse", "none", "rose", "fell", "flat")


def excludes(low, high, value: float = 0.0):
    """True where the interval ``[low, high]`` lies wholly on one side of ``value`` (an
    interval touching it, or missing, does not exclude it).

    >>> excludes(0.1, 0.4), excludes(-0.1, 0.4), excludes(float("nan"), 0.4)
    (True, False, False)
    >>> excludes([0.1, -0.3], [0.2, -0.1]).tolist()
    [True, True]
    """
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    out = (low > value) | (high < value)
    return bool(out) if out.ndim == 0 else out


def clearly_highest(difference_lows, difference_highs) -> bool:
    """Whether the leader may be called the highest (best, most): every paired difference
    (leader minus each alternative) has an interval wholly above 0.

    Parameters
    ----------
    difference_lows, difference_highs : array-like
        Interval bounds of the leader's difference from each alternative.

    >>> clearly_highest([0.02, 0.05], [0.10, 0.12])
    True
    >>> clearly_highest([0.02, -0.01], [0.10, 0.12])
    False
    >>> clearly_highest([], [])
    False
    """
    low = np.asarray(difference_lows, dtype=float)
    high = np.asarray(difference_highs, dtype=float)
    return bool(low.size) and bool(np.all(low > 0) and np.all(high >= low))


def side_of_cut(low, high, cut: float):
    """``above`` when the whole interval is at or above ``cut``, ``below`` when it is wholly
    below, ``uncertain`` when it straddles the cut, ``unknown`` without an interval.

    >>> side_of_cut(74.9, 77.97, 76.61)
    'uncertain'
    >>> side_of_cut([70.0, 80.0], [75.0, 85.0], 76.61).tolist()
    ['below', 'above']
    """
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    out = np.select(
        [np.isnan(low) | np.isnan(high), high < cut, low >= cut],
        ["unknown", "below", "above"],
        default="uncertain",
    )
    return str(out) if out.ndim == 0 else out


def ratio_verdict(low, high, threshold: float = rules.FOUR_FIFTHS):
    """An adverse-impact ratio's verdict from its interval: ``adverse`` (wholly below the
    four-fifths line), ``none`` (wholly at or above it), ``uncertain`` or ``unknown``.

    Source of the line: Uniform Guidelines on Employee Selection Procedures, 29 CFR
    1607.4(D) (``rules.FOUR_FIFTHS``).

    >>> ratio_verdict(0.31, 1.43)
    'uncertain'
    >>> ratio_verdict(0.40, 0.70), ratio_verdict(0.85, 1.10)
    ('adverse', 'none')
    """
    side = side_of_cut(low, high, threshold)
    mapped = np.select(
        [np.asarray(side) == "below", np.asarray(side) == "above"],
        ["adverse", "none"],
        default=side,
    )
    return str(mapped) if mapped.ndim == 0 else mapped


def change_verdict(low, high):
    """A change's verdict from the interval of the change: ``rose`` or ``fell`` when it
    excludes 0, ``flat`` when it includes 0 (no change shown), ``unknown`` without one.

    >>> change_verdict(-3.0, -0.5), change_verdict(-3.0, 1.0), change_verdict(0.2, 2.0)
    ('fell', 'flat', 'rose')
    """
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    out = np.select(
        [np.isnan(low) | np.isnan(high), high < 0, low > 0], ["unknown", "fell", "rose"], "flat"
    )
    return str(out) if out.ndim == 0 else out


def below_minimum(n, minimum):
    """True where a sample of ``n`` is below the official ``minimum`` (say so beside the
    result; it is not hidden, which is for small cells of people).

    >>> below_minimum(40, 217), below_minimum(300, 217)
    (True, False)
    """
    out = np.asarray(n, dtype=float) < np.asarray(minimum, dtype=float)
    return bool(out) if out.ndim == 0 else out


def pooled(region_ids) -> bool:
    """Whether an estimate rests on more than one region (label it "pooled" on the page).

    >>> pooled(["bangko"]), pooled(["bangko", "pauh"])
    (False, True)
    """
    return len(set(region_ids)) > 1


def verdict_words(verdict: str, lang: str = "id") -> str:
    """The words of a verdict (``claim_<verdict>`` in the catalogue).

    >>> verdict_words("uncertain", "en")
    'uncertain: the interval includes the threshold'
    """
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}; expected one of {VERDICTS}")
    return t(f"claim_{verdict}", lang)
