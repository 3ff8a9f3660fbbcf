"""What a selection procedure is worth: Taylor-Russell, Naylor-Shine, Brogden-Cronbach-Gleser.

All functions broadcast over numpy arrays (any mix of scalars and arrays) and compute the
bivariate normal probabilities exactly, through Owen's T function.

References
----------
Taylor, H. C. & Russell, J. T. (1939). The relationship of validity coefficients to the
practical effectiveness of tests in selection. J. Appl. Psych. 23(5), 565-578.
Naylor, J. C. & Shine, L. C. (1965). A table for determining the increase in mean criterion
score obtained by using a selection device. J. Industrial Psych. 3, 33-42.
Cronbach, L. J. & Gleser, G. C. (1965). Psychological Tests and Personnel Decisions.
Owen, D. B. (1956). Tables for computing bivariate normal probabilities. Ann. Math. Stat. 27.
"""

from __future__ import annotations

import numpy as np
from scipy.special import owens_t
from scipy.stats import norm

__all__ = ["bcg_utility", "bivariate_upper", "naylor_shine", "taylor_russell"]


def bivariate_upper(h, k, rho):
    """P(X > h, Y > k) for standard bivariate normal X, Y with correlation ``rho``.

    Owen's (1956) formula: P(X < a, Y < b) = (Phi(a) + Phi(b)) / 2 - T(a, (b - rho a) /
    (a sqrt(1 - rho^2))) - T(b, (a - rho b) / (b sqrt(1 - rho^2))) - c, with c = 1/2 when
    a b < 0 (or a b = 0 and a + b < 0), else 0; and P(X > h, Y > k) = P(X < -h, Y < -k).

    Examples
    --------
    >>> round(float(bivariate_upper(0, 0, 0.5)), 6)   # 1/4 + arcsin(.5) / (2 pi) = 1/3
    0.333333
    """
    a, b, r = np.broadcast_arrays(
        -np.asarray(h, float), -np.asarray(k, float), np.asarray(rho, float)
    )
    if np.any(np.abs(r) > 1):
        raise ValueError("rho must lie in [-1, 1].")
    # Exact zeros make the T arguments infinite; a shift of 1e-12 changes nothing visible.
    a = np.where(a == 0, 1e-12, a)
    b = np.where(b == 0, 1e-12, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.sqrt(1 - r**2)
        t_a = owens_t(a, (b - r * a) / (a * s))
        t_b = owens_t(b, (a - r * b) / (b * s))
    c = np.where(a * b < 0, 0.5, 0.0)
    general = 0.5 * (norm.cdf(a) + norm.cdf(b)) - t_a - t_b - c
    perfect = norm.cdf(np.minimum(a, b))  # rho = 1
    opposite = np.maximum(0.0, norm.cdf(a) + norm.cdf(b) - 1)  # rho = -1
    out = np.where(r >= 1, perfect, np.where(r <= -1, opposite, general))
    return np.clip(out, 0.0, 1.0)


def _check_ratio(name: str, value) -> np.ndarray:
    v = np.asarray(value, float)
    if np.any((v <= 0) | (v >= 1)):
        raise ValueError(f"{name} must lie strictly between 0 and 1.")
    return v


def taylor_russell(validity, selection_ratio, base_rate):
    """Share of those selected who turn out successful (the success ratio).

    Parameters
    ----------
    validity : float or array
        Correlation of the selection score with performance.
    selection_ratio : float or array
        Share of applicants selected (0-1, exclusive).
    base_rate : float or array
        Share of applicants who would succeed if hired at random (0-1, exclusive).

    Returns
    -------
    float or ndarray
        P(performance above its cut | score above its cut) = P(X >= x_c, Y >= y_c; r) / SR,
        x_c = Phi^-1(1 - SR), y_c = Phi^-1(1 - base rate).

    Examples
    --------
    Taylor & Russell (1939): base rate .50, selection ratio .30, validity .50 gives .74.

    >>> round(float(taylor_russell(0.5, 0.3, 0.5)), 2)
    0.74
    """
    sr = _check_ratio("selection_ratio", selection_ratio)
    br = _check_ratio("base_rate", base_rate)
    x_c, y_c = norm.ppf(1 - sr), norm.ppf(1 - br)
    result = bivariate_upper(x_c, y_c, validity) / sr
    return result if np.ndim(result) else float(result)


def naylor_shine(validity, selection_ratio):
    """Mean standardised performance of those selected: r x lambda / SR.

    ``lambda`` is the normal ordinate at the cut score x_c = Phi^-1(1 - SR).

    Examples
    --------
    >>> round(float(naylor_shine(1.0, 0.5)), 4)   # phi(0) / 0.5
    0.7979
    """
    sr = _check_ratio("selection_ratio", selection_ratio)
    result = np.asarray(validity, float) * norm.pdf(norm.ppf(1 - sr)) / sr
    return result if np.ndim(result) else float(result)


def bcg_utility(n_selected, tenure_years, validity, sd_y, selection_ratio, cost_per_applicant):
    """Brogden-Cronbach-Gleser utility of a selection procedure over random hiring.

    Delta U = N_s x T x r x SD_y x lambda / SR - N_applicants x C, with N_applicants =
    N_s / SR (everyone who applied is assessed).

    Parameters
    ----------
    n_selected : number of people hired.
    tenure_years : years the hires stay.
    validity : correlation of the procedure with performance.
    sd_y : standard deviation of performance in money per year (often 40 % of annual pay,
        ``rules.SDY_SHARE_OF_PAY``).
    selection_ratio : share of applicants hired.
    cost_per_applicant : cost of assessing one applicant.

    Examples
    --------
    10 hires staying 20 years, r = .4, SD_y = Rp 40 million, SR = .1 (100 applicants at
    Rp 1 million): 10 x 20 x .4 x 40e6 x (phi(1.2816) / .1) - 100 x 1e6.

    >>> round(bcg_utility(10, 20, 0.4, 40e6, 0.1, 1e6) / 1e9, 3)
    5.516
    """
    gain = (
        np.asarray(n_selected, float)
        * tenure_years
        * sd_y
        * naylor_shine(validity, selection_ratio)
    )
    cost = np.asarray(n_selected, float) / np.asarray(selection_ratio, float) * (cost_per_applicant)
    result = gain - cost
    return result if np.ndim(result) else float(result)
