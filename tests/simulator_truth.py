"""What the simulator's truth implies for later SKP ratings, shared by the recovery tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from asnpolicy import rules
from asnpolicy.synth import assumptions as A


def rating_probabilities(y) -> dict[str, np.ndarray]:
    """P(each SKP rating | latent performance y) under the simulator's rating model (exact):
    work results and behaviour are independent cuts of sqrt(rel) y + noise."""
    rel = A.YEARLY_RATING_RELIABILITY
    below, above = A.SKP_THRESHOLDS
    mean, sd = np.sqrt(rel) * np.asarray(y, float), np.sqrt(1 - rel)
    p = {"below": norm.cdf((below - mean) / sd), "above": norm.sf((above - mean) / sd)}
    p["as_expected"] = 1 - p["below"] - p["above"]
    out = dict.fromkeys(rules.SKP_LABELS, 0.0)
    for (work, behaviour), label in rules.SKP_MATRIX.items():
        out[label] = out[label] + p[work] * p[behaviour]
    return out


def expected_skp(y) -> np.ndarray:
    """E[SKP score | latent performance y]."""
    return sum(rules.SKP_SCORE[label] * p for label, p in rating_probabilities(y).items())


def training_boost(ds) -> pd.Series:
    """Latent performance each employee gained from training (truth)."""
    effect = ds.training["provider"].map(A.TRAINING_PERFORMANCE_EFFECT)
    return effect.groupby(ds.training["employee_id"]).sum()
