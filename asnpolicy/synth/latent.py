"""The latent-competency model behind the simulator, calibrated analytically.

Every applicant (and employee) has four independent standard-normal traits: cognitive ability
``G``, job knowledge ``K``, conscientiousness ``C`` and interpersonal / managerial competency
``M``. Later job performance is

    Y = b_G G + b_K K + b_C C + b_M M + e,   Var(Y) = 1 in the applicant pool.

Each selection measure is a noisy measure of a composite ``u`` of the traits. For a test,

    X = a u + sqrt(1 - a^2) e_X,   a = v / corr(u, Y),

so that corr(X, Y) = v, the target validity, exactly in the population. For a panel-rated
measure, each of ``n`` assessors rates

    z_ij = a u_i + s_i + bias_j * local_i + L_j + e_ij

with ``s`` a true-score part raters agree on that does not predict performance (so that the
single-rater reliability is the target ICC), ``L_j`` the assessor's leniency and ``bias_j`` the
assessor's leniency toward local applicants (internal assessors only). The panel score is the
mean rating; ``a`` is solved so that corr(panel score, Y) = v given the panel's reliability and
bias. All targets are in :mod:`asnpolicy.synth.assumptions` with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "TRAITS",
    "calibrate_panel",
    "composite",
    "composite_validity",
    "loading_for",
    "Measure",
    "PanelCalibration",
    "performance",
]

TRAITS = ("G", "K", "C", "M")


@dataclass(frozen=True)
class Measure:
    """A selection measure: which traits it taps and its target applicant-pool validity."""

    name: str
    composite: dict[str, float]
    validity: float
    source: str


def composite_validity(composite: dict[str, float], performance: dict[str, float]) -> float:
    """corr(u, Y) for u the normalised trait composite and Y the performance model."""
    weights = np.array([composite.get(t, 0.0) for t in TRAITS])
    betas = np.array([performance[t] for t in TRAITS])
    return float(weights @ betas / np.linalg.norm(weights))


def loading_for(measure: Measure, performance: dict[str, float]) -> float:
    """Loading ``a`` of a test on its composite so that corr(X, Y) equals the target."""
    rho = composite_validity(measure.composite, performance)
    a = measure.validity / rho
    if not 0 <= a <= 1:
        raise ValueError(f"{measure.name}: validity {measure.validity} needs loading {a:.3f}")
    return a


@dataclass(frozen=True)
class PanelCalibration:
    """Solved parameters of a panel-rated measure (single-rater scale, SD units)."""

    loading: float  # a: weight on the composite
    specific_sd: float  # SD of the shared non-predictive true score s
    leniency_sd: float  # SD of assessor leniency L
    error_sd: float  # SD of the rating error e
    bias_mean: float  # mean bias toward locals of the panel's assessors
    score_var: float  # variance of the panel mean in the applicant pool


def calibrate_panel(
    measure: Measure,
    performance: dict[str, float],
    *,
    icc: float,
    n_raters: int,
    bias: float,
    share_local: float,
    leniency_share: float,
) -> PanelCalibration:
    """Solve the rating model so that the panel mean has the target validity.

    Parameters
    ----------
    icc : float
        Single-rater reliability without bias: (a^2 + s^2) / 1, the rest being leniency and
        error.
    n_raters : int
        Assessors per applicant.
    bias : float
        Mean leniency toward local applicants of the panel's assessors (SD units).
    share_local : float
        Share of local applicants the calibration assumes.
    leniency_share : float
        Share of the non-true variance that is assessor leniency (the rest is error).
    """
    rho = composite_validity(measure.composite, performance)
    noise = 1.0 - icc
    score_var = icc + noise / n_raters + bias**2 * share_local * (1 - share_local)
    a = measure.validity * np.sqrt(score_var) / rho
    if a**2 > icc:
        raise ValueError(f"{measure.name}: validity {measure.validity} needs more reliability")
    return PanelCalibration(
        loading=float(a),
        specific_sd=float(np.sqrt(icc - a**2)),
        leniency_sd=float(np.sqrt(noise * leniency_share)),
        error_sd=float(np.sqrt(noise * (1 - leniency_share))),
        bias_mean=bias,
        score_var=float(score_var),
    )


def composite(traits: np.ndarray, weights: dict[str, float]) -> np.ndarray:
    """The normalised composite u (unit variance) of an (n, 4) trait array."""
    w = np.array([weights.get(t, 0.0) for t in TRAITS])
    return traits @ (w / np.linalg.norm(w))


def performance(traits: np.ndarray, betas: dict[str, float], rng: np.random.Generator):
    """Latent job performance Y with unit variance in a population of standard-normal traits."""
    b = np.array([betas[t] for t in TRAITS])
    residual = np.sqrt(1.0 - float(b @ b))
    return traits @ b + residual * rng.standard_normal(len(traits))
