"""Validity corrected for range restriction: Thorndike Case II and Hunter-Schmidt-Le Case IV.

Job performance is seen only for those hired, so a validity computed among incumbents
understates the validity among applicants. These functions undo that, and the attenuation
that an unreliable criterion adds.

Notation follows psychmeta (Dahlke & Wiernik 2019), the reference implementation: the suffix
``_a`` means the applicant (unrestricted) population, ``_i`` the incumbents (the restricted
group), and ``u = SD_i / SD_a`` is at most 1 under restriction. DOMAIN.md writes Thorndike's
formula with ``U = SD_applicants / SD_hired``, which is ``1 / u``.

All functions broadcast over numpy arrays (any mix of scalars and arrays) and return a float
when every input is a scalar. Impossible inputs raise ``ValueError``.

References
----------
Thorndike, R. L. (1949). Personnel Selection: Test and Measurement Techniques. Wiley.
Hunter, J. E., Schmidt, F. L. & Le, H. (2006). Implications of direct and indirect range
restriction for meta-analysis methods and findings. J. Appl. Psych. 91(3), 594-612.
Le, H. & Schmidt, F. L. (2006). Correcting for indirect range restriction in meta-analysis:
Testing a new meta-analytic procedure. Psych. Methods 11(4), 416-438.
Schmidt, F. L. & Hunter, J. E. (2015). Methods of Meta-Analysis (3rd ed.), ch. 3-4. Sage.
Dahlke, J. A. & Wiernik, B. M. (2019). psychmeta: An R package for psychometric
meta-analysis. Applied Psych. Measurement 43(5), 415-416; source files R/correct_r.R
(``correct_r_uvdrr``, ``correct_r_uvirr``), R/correct_r_internal.R and
R/estimate_artifacts.R.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "correct_attenuation",
    "correct_case2",
    "correct_case4",
    "correct_range_restriction",
    "lawley",
    "pearson_lawley",
    "u_ratio",
]


def _scalar_or_array(x: np.ndarray) -> float | np.ndarray:
    return float(x) if np.ndim(x) == 0 else x


def _correlation(name: str, value: ArrayLike) -> np.ndarray:
    v = np.asarray(value, dtype=float)
    if np.any(np.abs(v) > 1):
        raise ValueError(f"{name} is a correlation and must lie in [-1, 1].")
    return v


def _u(value: ArrayLike) -> np.ndarray:
    v = np.asarray(value, dtype=float)
    if np.any(v <= 0) or np.any(np.isinf(v)):
        raise ValueError(
            "u must be positive and finite: it is SD_restricted / SD_unrestricted "
            "(at most 1 when the incumbents' range is restricted)."
        )
    return v


def _reliability(name: str, value: ArrayLike) -> np.ndarray:
    v = np.asarray(value, dtype=float)
    if np.any((v <= 0) | (v > 1)):
        raise ValueError(f"{name} is a reliability and must lie in (0, 1].")
    return v


def _case2(r: np.ndarray, u: np.ndarray) -> np.ndarray:
    # R = r U / sqrt(1 + r^2 (U^2 - 1)), U = 1 / u; this form returns r exactly when u = 1.
    big_u = 1.0 / u
    corrected = r * big_u / np.sqrt(1.0 + r**2 * (big_u**2 - 1.0))
    return np.clip(corrected, -1.0, 1.0)  # |R| <= 1 exactly; the clip only removes rounding


def u_ratio(sd_restricted: ArrayLike, sd_unrestricted: ArrayLike) -> float | np.ndarray:
    """Range-restriction ratio u = SD_restricted / SD_unrestricted (psychmeta's ``ux``).

    Parameters
    ----------
    sd_restricted : float or array
        Standard deviation of the predictor among incumbents (those hired).
    sd_unrestricted : float or array
        Standard deviation of the same predictor among all applicants.

    Returns
    -------
    float or ndarray
        u, at most 1 when selection has narrowed the range.

    Notes
    -----
    DOMAIN.md section 6 uses the reciprocal, U = SD_applicants / SD_hired = 1 / u. Every function
    in this module takes u.

    Examples
    --------
    >>> u_ratio(6.0, 10.0)
    0.6
    """
    s_i = np.asarray(sd_restricted, dtype=float)
    s_a = np.asarray(sd_unrestricted, dtype=float)
    if np.any(s_i <= 0) or np.any(s_a <= 0):
        raise ValueError(
            "Both standard deviations must be positive; a group whose scores do not vary "
            "has no range-restriction ratio."
        )
    return _scalar_or_array(s_i / s_a)


def correct_attenuation(r: ArrayLike, ryy: ArrayLike) -> float | np.ndarray:
    """Correct a correlation for unreliability of the criterion: r / sqrt(ryy).

    Parameters
    ----------
    r : float or array
        Observed correlation.
    ryy : float or array
        Reliability of the criterion in the group where ``r`` was observed (0 < ryy <= 1).

    Returns
    -------
    float or ndarray
        The correlation with the criterion's true scores.

    Notes
    -----
    Spearman's (1904) correction for one variable. |r| cannot exceed sqrt(ryy), the
    correlation of the criterion with its own true scores, so larger values raise.

    References
    ----------
    Schmidt, F. L. & Hunter, J. E. (2015). Methods of Meta-Analysis (3rd ed.), ch. 3. Sage.

    Examples
    --------
    >>> round(correct_attenuation(0.3, 0.64), 4)
    0.375
    """
    r = _correlation("r", r)
    ryy = _reliability("ryy", ryy)
    ceiling = np.sqrt(ryy)
    if np.any(np.abs(r) > ceiling):
        raise ValueError(
            "|r| exceeds sqrt(ryy), the largest correlation an unreliable criterion allows; "
            "check that ryy is the reliability in the same group as r."
        )
    return _scalar_or_array(r / ceiling)


def correct_case2(r: ArrayLike, u: ArrayLike) -> float | np.ndarray:
    """Thorndike's Case II correction for direct range restriction on the predictor.

    Parameters
    ----------
    r : float or array
        Predictor-criterion correlation among incumbents.
    u : float or array
        SD_restricted / SD_unrestricted of the predictor (see :func:`u_ratio`); u < 1 under
        restriction, u > 1 for range enhancement.

    Returns
    -------
    float or ndarray
        The correlation in the applicant population, in [-1, 1], with the sign of ``r``.

    Notes
    -----
    R = r U / sqrt(1 - r^2 + r^2 U^2), U = 1 / u (DOMAIN.md's U = SD_applicants / SD_hired).
    It is exact when selection is explicitly on the predictor and the criterion's regression on
    it is linear and homoscedastic in the applicant population. When selection is on something
    else that correlates with the predictor (the usual case), use :func:`correct_case4`: Case II
    then under-corrects (Hunter, Schmidt & Le 2006).

    References
    ----------
    Thorndike, R. L. (1949). Personnel Selection: Test and Measurement Techniques. Wiley.
    Dahlke & Wiernik, psychmeta, ``.correct_r_uvdrr`` in R/correct_r_internal.R:
    r / (u sqrt((1/u^2 - 1) r^2 + 1)), the same formula.

    Examples
    --------
    personnelSelectionUtility's documented example (r = .25, U = 1.40 gives 0.3399501):

    >>> round(correct_case2(0.25, 1 / 1.40), 7)
    0.3399501
    """
    r = _correlation("r", r)
    u = _u(u)
    return _scalar_or_array(_case2(r, u))


def correct_case4(
    r: ArrayLike,
    u: ArrayLike,
    *,
    rxx_a: ArrayLike,
    ryy_i: ArrayLike = 1.0,
    true_score: bool = False,
) -> float | np.ndarray:
    """Hunter, Schmidt & Le's (2006) Case IV correction for indirect range restriction.

    Parameters
    ----------
    r : float or array
        Observed predictor-criterion correlation among incumbents.
    u : float or array
        Observed-score SD_restricted / SD_unrestricted of the predictor (see :func:`u_ratio`).
    rxx_a : float or array
        Reliability of the predictor in the applicant population.
    ryy_i : float or array, default 1.0
        Reliability of the criterion among incumbents (e.g. inter-rater reliability of
        supervisor ratings); 1.0 leaves criterion unreliability uncorrected.
    true_score : bool, default False
        False returns the operational validity: the correlation of the observed predictor with
        the criterion's true scores among applicants (criterion unreliability corrected,
        predictor unreliability not), which is what a selection decision uses. True returns
        the true-score correlation between the constructs (predictor unreliability corrected
        too).

    Returns
    -------
    float or ndarray
        Operational validity rho_XPa, or rho_TPa when ``true_score`` is True.

    Notes
    -----
    Selection is assumed to act on the predictor's true score T, or on a variable whose effect on
    predictor and criterion runs entirely through T. Steps (HSL 2006; psychmeta's
    ``correct_r_uvirr``):

    1. rxx_i = 1 - (1 - rxx_a) / u^2 (error variance is not restricted);
    2. u_T = sqrt((u^2 - (1 - rxx_a)) / rxx_a), the true-score u ratio;
    3. rho_TPi = r / sqrt(rxx_i ryy_i), both reliabilities as among incumbents;
    4. rho_TPa = Case II on rho_TPi with u_T;
    5. operational validity rho_XPa = rho_TPa sqrt(rxx_a).

    u^2 must exceed 1 - rxx_a (the predictor's error variance alone cannot exceed the
    incumbents' total variance), and |r| must not exceed sqrt(rxx_i ryy_i).

    References
    ----------
    Hunter, J. E., Schmidt, F. L. & Le, H. (2006). J. Appl. Psych. 91(3), 594-612.
    Le, H. & Schmidt, F. L. (2006). Psych. Methods 11(4), 416-438.
    Dahlke & Wiernik, psychmeta: ``correct_r_uvirr`` (R/correct_r.R), ``.correct_r_uvirr``
    (R/correct_r_internal.R), ``estimate_ut``, ``estimate_rxxi`` (R/estimate_artifacts.R).

    Examples
    --------
    psychmeta's documented inputs r = .3, u = .8, incumbent rxx = ryy = .8; the applicant
    reliability is 1 - .8^2 (1 - .8) = .872:

    >>> round(correct_case4(0.3, 0.8, rxx_a=0.872, ryy_i=0.8), 4)
    0.436
    >>> round(correct_case4(0.3, 0.8, rxx_a=0.872, ryy_i=0.8, true_score=True), 4)
    0.4669
    """
    r = _correlation("r", r)
    u = _u(u)
    rxx_a = _reliability("rxx_a", rxx_a)
    ryy_i = _reliability("ryy_i", ryy_i)
    r, u, rxx_a, ryy_i = np.broadcast_arrays(r, u, rxx_a, ryy_i)
    error_share = 1.0 - rxx_a
    if np.any(u**2 <= error_share):
        raise ValueError(
            "u**2 must exceed 1 - rxx_a, or the true-score u ratio u_T is undefined: the "
            "predictor's error variance alone would exceed the incumbents' variance. Check that "
            "u is SD_restricted / SD_unrestricted and rxx_a the applicant reliability."
        )
    rxx_i = 1.0 - error_share / u**2
    u_t = np.sqrt((u**2 - error_share) / rxx_a)
    ceiling = np.sqrt(rxx_i * ryy_i)
    if np.any(np.abs(r) > ceiling):
        raise ValueError(
            "|r| exceeds sqrt(rxx_i * ryy_i), the largest correlation the two unreliable "
            "measures allow among incumbents; check rxx_a, ryy_i and u."
        )
    rho_tp_a = _case2(r / ceiling, u_t)
    result = rho_tp_a if true_score else rho_tp_a * np.sqrt(rxx_a)
    return _scalar_or_array(result)


def correct_range_restriction(
    r: ArrayLike,
    u: ArrayLike,
    *,
    method: Literal["case2", "case4"] = "case2",
    rxx_a: ArrayLike | None = None,
    ryy_i: ArrayLike | None = None,
) -> float | np.ndarray:
    """Correct an incumbent validity for range restriction by the named method.

    Parameters
    ----------
    r : float or array
        Observed predictor-criterion correlation among incumbents.
    u : float or array
        SD_restricted / SD_unrestricted of the predictor.
    method : {"case2", "case4"}
        ``"case2"``: direct selection on the predictor (:func:`correct_case2`).
        ``"case4"``: indirect selection (:func:`correct_case4`); needs ``rxx_a`` and ``ryy_i``
        (pass ``ryy_i=1.0`` to leave criterion unreliability uncorrected).
    rxx_a : float or array, optional
        Applicant reliability of the predictor; ``"case4"`` only.
    ryy_i : float or array, optional
        Incumbent reliability of the criterion. With ``"case2"`` it is corrected for first, in
        the incumbent group, as psychmeta's ``correct_r_uvdrr`` does for its ``rxpa``.

    Returns
    -------
    float or ndarray
        The applicant-population validity: operational validity when ``ryy_i`` is given (or
        with ``"case4"``), observed-score validity for ``"case2"`` without ``ryy_i``.

    Examples
    --------
    >>> round(correct_range_restriction(0.25, 0.5), 4)
    0.4588
    >>> round(correct_range_restriction(0.3, 0.8, method="case4", rxx_a=0.872, ryy_i=0.8), 4)
    0.436
    """
    if method == "case2":
        if rxx_a is not None:
            raise ValueError(
                "rxx_a is used only by method='case4' (indirect range restriction); drop it or "
                "choose method='case4'."
            )
        if ryy_i is not None:
            r = correct_attenuation(r, ryy_i)
        return correct_case2(r, u)
    if method == "case4":
        missing = [name for name, value in (("rxx_a", rxx_a), ("ryy_i", ryy_i)) if value is None]
        if missing:
            raise ValueError(
                f"method='case4' needs {' and '.join(missing)}: the applicant reliability of "
                "the predictor and the incumbent reliability of the criterion (ryy_i=1.0 "
                "leaves criterion unreliability uncorrected)."
            )
        return correct_case4(r, u, rxx_a=rxx_a, ryy_i=ryy_i)
    raise ValueError(f"method must be 'case2' or 'case4', not {method!r}.")


def lawley(
    mean_x: np.ndarray, cov_x: np.ndarray, x_selected: np.ndarray, y_selected: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Multivariate correction for explicit selection on several variables (Lawley 1943).

    Parameters
    ----------
    mean_x, cov_x : arrays (k,), (k, k)
        Mean and covariance of the explicit selection variables in the unrestricted group.
    x_selected, y_selected : arrays (n, k), (n, m)
        The explicit and the incidental variables among the selected.

    Returns
    -------
    mean : array (k + m,)
    cov : array (k + m, k + m)
        Unrestricted mean and covariance of (x, y).

    Notes
    -----
    Selection that depends on x alone leaves the regression of y on x unchanged. With
    B = S_xx,s^-1 S_xy,s among the selected: mu_y = mu_y,s + (mu_x - mu_x,s) B,
    S_xy = S_xx B and S_yy = S_yy,s + B' (S_xx - S_xx,s) B. With one explicit variable this
    is Thorndike's Case II (and Case III for an incidental one).

    References
    ----------
    Lawley, D. N. (1943). A note on Karl Pearson's selection formulae. Proceedings of the
    Royal Society of Edinburgh A, 62, 28-30.
    Sackett, P. R. & Yang, H. (2000). Correction for range restriction: an expanded
    typology. J. Appl. Psych. 85(1), 112-118.
    """
    x_selected = np.asarray(x_selected, dtype=float)
    y_selected = np.asarray(y_selected, dtype=float)
    k = x_selected.shape[1]
    if len(x_selected) <= k + y_selected.shape[1]:
        raise ValueError("Too few selected people with every score to correct for selection.")
    both = np.column_stack([x_selected, y_selected])
    c_s = np.cov(both, rowvar=False)
    mu_s = both.mean(axis=0)
    b = np.linalg.solve(c_s[:k, :k], c_s[:k, k:])
    s_xy = cov_x @ b
    s_yy = c_s[k:, k:] + b.T @ (cov_x - c_s[:k, :k]) @ b
    mean = np.concatenate([mean_x, mu_s[k:] + (mean_x - mu_s[:k]) @ b])
    return mean, np.block([[cov_x, s_xy], [s_xy.T, s_yy]])


def pearson_lawley(explicit: np.ndarray, incidental: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`lawley` when the explicit variables are known for the whole group.

    Parameters
    ----------
    explicit : array (n, k)
        The variables selection was made on, for everyone.
    incidental : array (n, m)
        Variables known only for the selected (rows with a NaN are the unselected).
    """
    explicit = np.asarray(explicit, dtype=float)
    incidental = np.asarray(incidental, dtype=float)
    seen = ~np.isnan(incidental).any(axis=1)
    return lawley(
        explicit.mean(axis=0), np.cov(explicit, rowvar=False), explicit[seen], incidental[seen]
    )
