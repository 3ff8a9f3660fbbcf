"""Citizen satisfaction: the IKM (indeks kepuasan masyarakat) of PermenPANRB 14/2017 per service
unit, its quality band, its confidence interval, the survey sample size it needs, and its change
from year to year; and published IKMs (the ``ikm_published`` table): their trend where no answers
are held, and the common practice (weight 0.111, truncation) that explains a published figure."""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Real

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import stats

from . import rules

__all__ = [
    "ELEMENTS",
    "PRACTICE_WEIGHTS",
    "ROUNDINGS",
    "ikm",
    "ikm_band",
    "ikm_trend",
    "ikm_trend_with_published",
    "published_ikm_trend",
    "reconcile_published_ikm",
    "required_sample",
    "round_ikm",
]

#: The answer columns of the survey, ``u1`` .. ``u9``.
ELEMENTS: tuple[str, ...] = tuple(rules.IKM_ELEMENTS)

#: Added (in units of the last kept decimal) before flooring, so that a value that is exactly a
#: half in decimal but stored a hair below it in binary (64.995 -> 64.99499999...) rounds up.
#: A true IKM of n respondents is a fraction 25 S / (9 n); when it is not exactly a half it lies
#: at least 1 / (18 n) units away from one, so this tolerance never moves a genuine value while
#: a group has fewer than 5.5e7 respondents.
_HALF_TOLERANCE = 1e-9
#: Decimals of a Krejcie-Morgan sample size kept before rounding (float noise, see below).
_SAMPLE_DECIMALS = 9
#: Most decimals ``round_ikm`` accepts: beyond this a float no longer holds them reliably.
_MAX_DECIMALS = 6

_IKM_MIN = rules.IKM_CONVERSION * rules.IKM_SCALE[0]
_IKM_MAX = rules.IKM_CONVERSION * rules.IKM_SCALE[1]
_BANDS = tuple(sorted(rules.IKM_BANDS, key=lambda b: b.lower))  # ascending: D, C, B, A
_BAND_LOWER = np.array([b.lower for b in _BANDS])


# ------------------------------------------------------------------------------------------
# Sample size
# ------------------------------------------------------------------------------------------


def required_sample(
    population: float | ArrayLike | pd.Series,
) -> int | float | np.ndarray | pd.Series:
    """Respondents an SKM survey needs, by the Krejcie & Morgan (1970) formula.

    Parameters
    ----------
    population : int, float, array-like or Series
        Size of the population served (N, at least 1). Missing values (NaN, ``None``,
        ``pd.NA``) give a missing sample size.

    Returns
    -------
    int, float, ndarray or Series
        The sample size s, rounded to the nearest whole number (a half up), as in Krejcie &
        Morgan's Table 1. A scalar gives an ``int`` (``nan`` when missing); an
        array gives an ``int64`` array, or a ``float64`` array with NaN when a value is
        missing; a Series gives an ``Int64`` Series with the same index and name.

    Raises
    ------
    ValueError
        When a population is below 1 or not a number.

    Notes
    -----
    s = chi2 N P (1 - P) / (d^2 (N - 1) + chi2 P (1 - P)), with chi2 = 3.841 (chi-square with
    1 degree of freedom at 95 %), P = 0.5 and d = 0.05, taken from
    :data:`asnpolicy.rules.KREJCIE_MORGAN`. PermenPANRB 14/2017 prescribes Krejcie & Morgan's
    table of sample sizes, and that table (Krejcie & Morgan 1970, Table 1, "Table for
    determining sample size from a given population") gives s rounded to the *nearest* whole
    number, not up: N = 50 -> 44 (formula 44.34), N = 500 -> 217 (217.47), and the article's
    own worked example N = 9000 -> 368 (368.42). All 90 sizes of the table, from N = 10 to
    N = 1 000 000 (-> 384, formula 383.95), equal the formula rounded to the nearest; this
    function returns exactly that. (Rounding up, as some secondary sources describe the
    method, gives one respondent more than the table at 45 of the 90 sizes.)

    s is rounded to 9 decimals first, so that floating-point noise on an exact integer
    (384.00000000000006 for an exact 384 at N = 1 471 104) or an exact half cannot move the
    result. A half rounds up, but for a whole N the formula never gives an exact half:
    s = 3841 N / (10 N + 3831) equals k + 1/2 only if 7682 N = (2 k + 1)(10 N + 3831), an even
    number equal to a product of two odd ones. The tie rule matters only for a fractional N.

    References
    ----------
    Krejcie, R. V. & Morgan, D. W. (1970). Determining sample size for research activities.
    Educational and Psychological Measurement, 30(3), 607-610.
    Peraturan Menteri PANRB No. 14 Tahun 2017, Lampiran.

    Examples
    --------
    >>> required_sample(1000)
    278
    >>> required_sample(np.array([10, 50, 100, 9000, 10_000]))
    array([ 10,  44,  80, 368, 370])
    >>> required_sample(pd.Series([100.0, None], index=["a", "b"])).tolist()
    [80, <NA>]
    """
    if isinstance(population, pd.Series):
        n = pd.to_numeric(population).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        s = _krejcie_morgan(n)
        return pd.Series(pd.array(s, dtype="Int64"), index=population.index, name=population.name)
    if np.ndim(population) == 0:
        if population is None or pd.isna(population):
            return np.nan
        return int(_krejcie_morgan(np.array([population], dtype=float))[0])
    n = np.array(
        [np.nan if v is None or v is pd.NA else v for v in np.asarray(population, object).ravel()],
        dtype=float,
    ).reshape(np.shape(population))
    s = _krejcie_morgan(n)
    return s if np.isnan(s).any() else s.astype(np.int64)


def _krejcie_morgan(n: np.ndarray) -> np.ndarray:
    bad = ~np.isnan(n) & (n < 1)
    if bad.any():
        raise ValueError(
            f"A population must be at least 1; got {n[bad].flat[0]:g}. Give the number of "
            "people the service serves, or leave it empty when unknown."
        )
    km = rules.KREJCIE_MORGAN
    pq = km.proportion * (1 - km.proportion)
    s = km.chi_square * n * pq / (km.margin**2 * (n - 1) + km.chi_square * pq)
    return np.floor(np.round(s, _SAMPLE_DECIMALS) + 0.5)


# ------------------------------------------------------------------------------------------
# Rounding and bands
# ------------------------------------------------------------------------------------------


def round_ikm(
    values: float | ArrayLike | pd.Series, decimals: int = 2
) -> float | np.ndarray | pd.Series:
    """Round IKM values half up, as written in decimal, to ``decimals`` places.

    Parameters
    ----------
    values : float, array-like or Series
    decimals : int, default 2
        0 to 6.

    Returns
    -------
    float, ndarray or Series
        Same shape as ``values``; NaN stays NaN.

    Notes
    -----
    Computed as ``floor(x * 10**decimals + 0.5 + 1e-9) / 10**decimals``. Round half up (not
    numpy's half to even) is the schoolbook rule a reader applies to a printed IKM. The 1e-9
    absorbs binary representation error: 64.995 is stored as 64.99499999999999744 and would
    otherwise round down. A true IKM is 25 S / (9 n) for S the sum of the answers of n
    respondents; unless it is exactly a half it is at least 1 / (18 n) units of the last
    decimal from one, so the tolerance changes no genuine value for n below 5.5e7.

    Examples
    --------
    >>> round_ikm(64.995), round_ikm(64.994), round_ikm(76.605)
    (65.0, 64.99, 76.61)
    """
    if not isinstance(decimals, int | np.integer) or not 0 <= decimals <= _MAX_DECIMALS:
        raise ValueError(
            f"decimals must be an integer from 0 to {_MAX_DECIMALS}, not {decimals!r}."
        )
    scale = 10.0**decimals
    if isinstance(values, pd.Series):
        x = pd.to_numeric(values).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        return pd.Series(_round_half_up(x, scale), index=values.index, name=values.name)
    x = np.asarray(values, dtype=float)
    out = _round_half_up(x, scale)
    return float(out) if out.ndim == 0 else out


def _round_half_up(x: np.ndarray, scale: float) -> np.ndarray:
    return np.floor(x * scale + 0.5 + _HALF_TOLERANCE) / scale


def ikm_band(values: float | ArrayLike | pd.Series, *, decimals: int = 2) -> pd.DataFrame:
    """Quality band (mutu pelayanan) and performance label (kinerja unit) of IKM values.

    Parameters
    ----------
    values : float, array-like or Series
        IKM values on the 25-100 scale. Missing values give a missing band.
    decimals : int, default 2
        Decimals the IKM is rounded to (half up, :func:`round_ikm`) before banding. The bands
        are written at two decimals (64.99 / 65.00, 76.60 / 76.61, 88.30 / 88.31), so 2 is the
        reading of the regulation; other values are for sensitivity checks.

    Returns
    -------
    DataFrame
        One row per value (index of the Series, else 0 .. n-1): ``ikm_rounded``, ``mutu``
        (A-D) and ``kinerja``, the regulation's label (``Sangat Baik``, ``Baik``, ``Kurang
        Baik``, ``Tidak Baik``; an official term like the SKP labels, translated only where
        a report words it).

    Raises
    ------
    ValueError
        When a value lies outside 25-100 (beyond float noise).

    Notes
    -----
    Bands from :data:`asnpolicy.rules.IKM_BANDS`: D 25.00-64.99, C 65.00-76.60, B 76.61-88.30,
    A 88.31-100.00. The IKM is rounded *before* banding, because the unrounded value can fall
    between two written bounds (64.995 is neither <= 64.99 nor >= 65.00); rounded half up it
    is 65.00, band C, which is also the band a reader assigns to the printed value. A rounded
    value takes the band with the highest lower bound not above it, which for two decimals is
    exactly the inclusive ranges above.

    References
    ----------
    Peraturan Menteri PANRB No. 14 Tahun 2017, Lampiran, Bab IV.

    Examples
    --------
    >>> ikm_band([64.994, 64.995, 88.31])
       ikm_rounded mutu      kinerja
    0        64.99    D   Tidak Baik
    1        65.00    C  Kurang Baik
    2        88.31    A  Sangat Baik
    """
    index = values.index if isinstance(values, pd.Series) else None
    x = np.atleast_1d(
        pd.to_numeric(pd.Series(values) if index is None else values)
        .astype("Float64")
        .to_numpy(dtype=float, na_value=np.nan)
    )
    outside = ~np.isnan(x) & ((x < _IKM_MIN - _HALF_TOLERANCE) | (x > _IKM_MAX + _HALF_TOLERANCE))
    if outside.any():
        where = int(np.flatnonzero(outside)[0])
        label = index[where] if index is not None else where
        raise ValueError(
            f"An IKM must lie between {_IKM_MIN} and {_IKM_MAX}; value {x[where]!r} at "
            f"{label!r} does not. Check that it is on the 25-100 scale (not the 1-4 index)."
        )
    rounded = round_ikm(x, decimals)
    mutu, kinerja = _band_of(rounded)
    out = pd.DataFrame({"ikm_rounded": rounded, "mutu": mutu, "kinerja": kinerja})
    if index is not None:
        out.index = index
    return out


def _band_of(rounded: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """Band code and label of already-rounded values (NaN -> missing)."""
    position = np.clip(np.searchsorted(_BAND_LOWER, rounded, side="right") - 1, 0, len(_BANDS) - 1)
    missing = np.isnan(rounded)
    codes = np.array([b.code for b in _BANDS], dtype=object)[position]
    labels = np.array([b.label_id for b in _BANDS], dtype=object)[position]
    codes[missing] = None
    labels[missing] = None
    return pd.Series(codes, dtype="str"), pd.Series(labels, dtype="str")


# ------------------------------------------------------------------------------------------
# IKM per group
# ------------------------------------------------------------------------------------------


def ikm(
    responses: pd.DataFrame,
    by: str | list[str] | None = "unit_id",
    *,
    population: pd.Series | Mapping | Real | None = None,
    confidence: float = 0.95,
    decimals: int = 2,
    missing: str = "per_element",
) -> pd.DataFrame:
    """Citizen-satisfaction index (IKM) per group, by the method of PermenPANRB 14/2017.

    Parameters
    ----------
    responses : DataFrame
        One row per respondent, answers to the nine elements in columns ``u1`` .. ``u9``
        (integers 1-4; empty when not answered).
    by : str, list of str or None
        Columns to group by (e.g. ``"unit_id"`` or ``["unit_id", "year"]``); ``None`` gives one
        overall row.
    population : Series, mapping or number, optional
        Population each group serves, for the Krejcie-Morgan sample size. A Series is indexed
        by one or more of the ``by`` columns, its index names saying which (e.g.
        ``units.set_index("unit_id")["service_population"]`` works with ``by="unit_id"`` and
        with ``by=["unit_id", "year"]``); an unnamed index, or a mapping, is keyed by the first
        ``by`` column. A number applies to every group.
    confidence : float
        Confidence level of the interval.
    decimals : int, default 2
        Decimals the IKM is rounded to (half up) before banding; see :func:`ikm_band`.
    missing : {"per_element", "complete_case"}
        How a blank answer is treated. ``"per_element"`` (the regulation's reading, see Notes):
        each element is averaged over the respondents who answered it, so a respondent with a
        blank still counts for the elements they answered. ``"complete_case"``: a respondent
        with any blank is left out of every element (the package's rule before issue 14).
        Without blanks both give identical results.

    Returns
    -------
    DataFrame
        One row per group, sorted by the ``by`` columns: the ``by`` columns, ``n``
        (respondents in the index: with ``"per_element"`` those who answered at least one
        element, with ``"complete_case"`` those who answered all nine), ``n_incomplete``
        (respondents who left at least one element blank; with ``"complete_case"`` these are
        the respondents left out), ``nrr_u1`` .. ``nrr_u9`` (mean answer per element), ``ikm``
        (25-100, unrounded), ``ikm_rounded``, ``mutu`` (A-D), ``kinerja`` (label), ``ci_low``,
        ``ci_high``, ``weakest_element`` (``u1`` .. ``u9``, lowest NRR, the first on a tie),
        ``n_u1`` .. ``n_u9`` (respondents whose answer to the element enters its NRR) and, with
        ``population``, ``required_n`` (Krejcie-Morgan, ``Int64``) and ``below_required``
        (``n < required_n``, nullable boolean). A group with an element nobody answered (with
        ``"complete_case"``: with no complete response) has a missing IKM, band and interval.

    Raises
    ------
    ValueError
        When an answer column or ``by`` column is missing, an answer is not one of 1-4 (the
        message names the column, the first offending row and the value), or ``missing`` is
        not one of the two readings.

    Notes
    -----
    NRR_i = mean answer to element i; IKM = 25 * sum_i NRR_i * 1/9 (constants from
    :mod:`asnpolicy.rules`). An answer outside 1-4 is an error in the data and raises.

    *Blank answers.* The annex (Lampiran) of PermenPANRB 14/2017 computes the index "dengan
    menggunakan 'nilai rata-rata tertimbang' masing-masing unsur pelayanan", each of the nine
    elements with the same weight 1/9, as "SKM = Total dari Nilai Persepsi Per Unsur / Total
    unsur yang terisi x Nilai penimbang", and its worked data-processing table ("Pengolahan
    data survei kepuasan masyarakat per responden dan per unsur pelayanan") defines "NRR Per
    Unsur = Jumlah nilai per unsur dibagi Jumlah kuesioner yang terisi" and "NRR tertimbang
    per unsur = NRR per unsur x 0,111". The wording is quoted as reproduced by SKM reports
    and tools that apply the regulation, e.g. the SKM report page of Disdukcapil Tulang
    Bawang Barat:

        https://e-smile.tubaba.go.id/main/skm/laporan/online

    The annex does not discuss a blank answer explicitly. Dividing each element's sum by the
    questionnaires in which it is filled in ("terisi"), counting only filled answers ("unsur
    yang terisi"), is the per-element mean: NRR_i over the n_i respondents who answered
    element i. Nothing in the annex leaves a whole questionnaire out for one blank, so
    ``"per_element"`` is the default and ``"complete_case"`` an option for comparison. Two
    other readings are not offered: dividing by every returned questionnaire would score a
    blank as 0, outside the 1-4 scale; pooling all answers over all filled answers would
    weight the elements by how often they were answered, against the equal weight 1/9.

    *Sample size.* ``n`` is the number of respondents (questionnaires returned with at least
    one answer), the unit of the Krejcie-Morgan sample size of the regulation; ``n_u1`` ..
    ``n_u9`` show how many of them answered each element. ``below_required`` compares ``n``
    with ``required_n``.

    *Interval.* With blanks the IKM is a sum of nine ratio means over different respondent
    sets, no longer the mean of per-respondent indices. Its variance is estimated by
    linearisation (the Taylor-series or delta-method estimator for ratio means in a simple
    random sample of respondents, Wolter 2007, ch. 6): respondent k gets the value

        w_k = 25/9 * sum_i [NRR_i + r_ki (n / n_i) (y_ki - NRR_i)],

    r_ki = 1 if k answered element i (0 if blank), y_ki the answer, n the respondents with at
    least one answer. The mean of w_k over the n respondents is the IKM exactly, and
    var(IKM) = s_w^2 / n = n / (n - 1) * sum_k (25/9 * sum_i r_ki (y_ki - NRR_i) / n_i)^2; the
    interval is the t interval on the w_k (n - 1 degrees of freedom), clipped to 25-100.
    Without blanks (and with ``"complete_case"``) w_k is the respondent's own index, 25 times
    the mean of their nine answers, so the interval is the usual t interval on per-respondent
    indices. It treats respondents as a simple random sample of the unit's service users, and
    blanks as missing at random; it is missing for n < 2 and has zero width when all w_k are
    equal. ``weakest_element`` is the lowest of the NRRs as computed (per element or complete
    cases); an element nobody answered is skipped.

    References
    ----------
    Peraturan Menteri PANRB No. 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan
    Masyarakat Unit Penyelenggara Pelayanan Publik, Lampiran.
    Wolter, K. M. (2007). Introduction to Variance Estimation (2nd ed.), ch. 6 (Taylor series
    methods). Springer.

    Examples
    --------
    >>> answers = pd.DataFrame({f"u{i}": [4, 3] for i in range(1, 10)})
    >>> answers["unit_id"] = "x"
    >>> out = ikm(answers)
    >>> out[["unit_id", "n", "ikm", "mutu", "kinerja"]]
      unit_id  n   ikm mutu kinerja
    0       x  2  87.5    B    Baik

    A blank leaves out one answer, not the respondent: their other eight answers still count.

    >>> answers["u9"] = [4, None]
    >>> out = ikm(answers)
    >>> out[["n", "n_incomplete", "nrr_u1", "nrr_u9", "n_u9", "ikm"]]
       n  n_incomplete  nrr_u1  nrr_u9  n_u9        ikm
    0  2             1     3.5     4.0     1  88.888889
    >>> float(ikm(answers, missing="complete_case").loc[0, "ikm"])
    100.0
    """
    keys = _keys(by)
    summary = _summary(responses, keys, confidence=confidence, missing=missing)
    out = _describe(summary, decimals=decimals)
    if population is not None:
        out = _with_required(out, keys, population)
    out = out.drop(columns=["_sd"]).reset_index()
    return out.drop(columns=["_all"]) if not keys else out


#: The two readings of a blank answer that :func:`ikm` offers.
_MISSING = ("per_element", "complete_case")


def _keys(by) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _answers(responses: pd.DataFrame) -> np.ndarray:
    """The nine answers as int8 (0 = missing), checked against the scale."""
    absent = [c for c in ELEMENTS if c not in responses]
    if absent:
        raise ValueError(
            f"The responses have no column {', '.join(absent)}; the SKM table needs the answers "
            f"to all nine elements in columns {ELEMENTS[0]} .. {ELEMENTS[-1]}."
        )
    low, high = rules.IKM_SCALE
    out = np.zeros((len(responses), len(ELEMENTS)), dtype=np.int8)
    for j, column in enumerate(ELEMENTS):  # nine columns, each vectorised
        raw = responses[column]
        values = pd.to_numeric(raw, errors="coerce")
        x = values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        given = raw.notna().to_numpy()
        bad = given & ~((x >= low) & (x <= high) & (x == np.floor(x)))
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            value = raw.iloc[first]
            value = value.item() if isinstance(value, np.generic) else value
            raise ValueError(
                f"Column {column}, row {responses.index[first]!r}: answer {value!r} is "
                f"not one of the answers {low}-{high} of PermenPANRB 14/2017 "
                f"({int(bad.sum())} such value(s) in {column}). Correct it, or leave it empty "
                "when the respondent did not answer the element."
            )
        out[:, j] = np.nan_to_num(x, nan=0).astype(np.int8)
    return out


def _summary(
    responses: pd.DataFrame,
    keys: list[str],
    *,
    confidence: float,
    missing: str = "per_element",
    extra=None,
) -> pd.DataFrame:
    """Counts, NRRs, IKM, interval and the SD of the linearised per-respondent values w_k
    (see :func:`ikm`), indexed by group."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, not {confidence!r}.")
    if missing not in _MISSING:
        raise ValueError(
            f"missing must be one of {', '.join(map(repr, _MISSING))}, not {missing!r}."
        )
    absent = [k for k in keys if k not in responses]
    if absent:
        raise ValueError(
            f"The responses have no column {', '.join(absent)} to group by; add it or change by."
        )
    answers = _answers(responses)
    complete = (answers > 0).all(axis=1)
    used = answers > 0  # answers that enter their element's NRR
    if missing == "complete_case":
        used &= complete[:, None]
    frame = responses[keys].copy()
    for name, values in (extra or {}).items():
        frame[name] = np.asarray(values)
    keys = keys + list(extra or {})
    if not keys:
        frame["_all"] = 0
        keys = ["_all"]
    counted = used.any(axis=1)  # respondents in n
    grouped = frame.groupby(keys, sort=True, dropna=False, observed=True)
    code = grouped.ngroup().to_numpy()
    size = grouped.size()
    n_groups = len(size)

    def per_group(weights) -> np.ndarray:
        return np.bincount(code, weights=weights, minlength=n_groups)

    value = np.where(used, answers, 0)
    counts = np.column_stack([per_group(used[:, j]) for j in range(len(ELEMENTS))])
    with np.errstate(divide="ignore", invalid="ignore"):
        nrr = (
            np.column_stack([per_group(value[:, j]) for j in range(len(ELEMENTS))]) / counts
        )  # NaN where nobody answered the element
    stats_ = pd.DataFrame(
        {
            "n": per_group(counted).astype(np.int64),
            "n_incomplete": per_group(~complete).astype(np.int64),
        },
        index=size.index,
    )
    for j, column in enumerate(ELEMENTS):
        stats_[f"nrr_{column}"] = nrr[:, j]
    weight = 1 / len(ELEMENTS)
    stats_["ikm"] = (
        rules.IKM_CONVERSION
        * stats_[[f"nrr_{c}" for c in ELEMENTS]].sum(axis=1, min_count=len(ELEMENTS))
        * weight
    )
    # Linearised values w_k (see ikm's Notes), written as 25 times the mean of the answers with
    # each blank replaced by the element's NRR, plus 25/9 sum_i r_ki (n / n_i - 1)(y_ki -
    # NRR_i). In a group without blanks n_i = n: the correction is 0 and w_k is the
    # respondent's own index, computed as before (25 times the mean of the nine answers).
    filled = value.sum(axis=1).astype(float)
    partial = counted & ~used.all(axis=1)  # respondents with a blank among their answers
    filled[partial] += np.where(used[partial], 0.0, nrr[code[partial]]).sum(axis=1)
    w = rules.IKM_CONVERSION * (filled / len(ELEMENTS))
    n_per_group = stats_["n"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = n_per_group[:, None] / counts - 1  # n / n_i - 1 per group and element
    uneven = counted & (np.nan_to_num(scale, nan=0.0) != 0).any(axis=1)[code]
    if uneven.any():
        rows, answered = code[uneven], used[uneven]
        with np.errstate(invalid="ignore"):  # inf * 0 for an element nobody answered
            residual = np.where(answered, answers[uneven] - nrr[rows], 0.0)
            correction = np.where(answered, scale[rows] * residual, 0.0).sum(axis=1)
        w[uneven] += rules.IKM_CONVERSION * weight * correction
    sd = pd.Series(w[counted]).groupby(code[counted]).std(ddof=1)
    stats_["_sd"] = sd.reindex(np.arange(n_groups)).to_numpy()
    n = stats_["n"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = stats.t.ppf(1 - (1 - confidence) / 2, np.where(n > 1, n - 1, np.nan))
        half = t * stats_["_sd"].to_numpy() / np.sqrt(n)
    centre = stats_["ikm"].to_numpy()
    stats_["ci_low"] = np.clip(centre - half, _IKM_MIN, _IKM_MAX)
    stats_["ci_high"] = np.clip(centre + half, _IKM_MIN, _IKM_MAX)
    for j, column in enumerate(ELEMENTS):
        stats_[f"n_{column}"] = counts[:, j].astype(np.int64)
    return stats_


def _describe(summary: pd.DataFrame, *, decimals: int) -> pd.DataFrame:
    """Add rounding, band, label and weakest element, in the documented column order."""
    out = summary.copy()
    rounded = round_ikm(out["ikm"].to_numpy(), decimals)
    mutu, kinerja = _band_of(rounded)
    position = out.columns.get_loc("ikm") + 1
    out.insert(position, "ikm_rounded", rounded)
    out.insert(position + 1, "mutu", mutu.to_numpy())
    out.insert(position + 2, "kinerja", kinerja.to_numpy())
    out.insert(
        out.columns.get_loc("ci_high") + 1,
        "weakest_element",
        _extreme_element(out[[f"nrr_{c}" for c in ELEMENTS]].to_numpy()),
    )
    return out


def _extreme_element(values: np.ndarray, *, only_negative: bool = False) -> np.ndarray:
    """Element with the lowest value per row (first on a tie); missing for an all-NaN row, and
    with ``only_negative`` also when the lowest value is not below 0."""
    filled = np.where(np.isnan(values), np.inf, values)
    position = filled.argmin(axis=1)
    lowest = filled[np.arange(len(filled)), position]
    names = np.array(ELEMENTS, dtype=object)[position]
    names[np.isinf(lowest) | ((lowest >= 0) if only_negative else False)] = None
    return pd.Series(names, dtype="str").to_numpy()


def _with_required(out: pd.DataFrame, keys: list[str], population) -> pd.DataFrame:
    if isinstance(population, Real) and not isinstance(population, bool):
        required = pd.Series(required_sample(population), index=out.index, dtype="Int64")
    else:
        if not keys:
            raise ValueError(
                "With by=None there is one overall row: give the population as a number."
            )
        pop = population if isinstance(population, pd.Series) else pd.Series(dict(population))
        names = [keys[0] if nm is None else nm for nm in pop.index.names]
        if pop.index.nlevels > 1 and None in pop.index.names:
            raise ValueError("Name every level of the population's index after a by column.")
        unknown = [nm for nm in names if nm not in keys]
        if unknown:
            raise ValueError(
                f"The population is indexed by {', '.join(map(str, unknown))}, which is not a "
                f"by column ({', '.join(keys)}); index it by the group key, e.g. "
                "units.set_index('unit_id')['service_population']."
            )
        if pop.index.has_duplicates:
            raise ValueError("The population has more than one value for a group key.")
        pop = pop.rename_axis(names)
        per_key = required_sample(pop).rename("required_n")
        groups = out.index.to_frame(index=False)[names]
        required = pd.Series(
            groups.merge(per_key.reset_index(), on=names, how="left")["required_n"]
            .astype("Int64")
            .array,
            index=out.index,
        )
    out = out.copy()
    out["required_n"] = required
    out["below_required"] = pd.Series(out["n"], dtype="Int64") < required
    return out


# ------------------------------------------------------------------------------------------
# Trend
# ------------------------------------------------------------------------------------------


def ikm_trend(
    responses: pd.DataFrame,
    *,
    by: str | list[str] | None = "unit_id",
    date: str = "survey_date",
    population: pd.Series | Mapping | Real | None = None,
    confidence: float = 0.95,
    alpha: float = 0.05,
    decimals: int = 2,
    missing: str = "per_element",
) -> pd.DataFrame:
    """IKM per group and year, with the change from the group's previous surveyed year.

    Parameters
    ----------
    responses : DataFrame
        As for :func:`ikm`, with a date column.
    by : str, list of str or None
        Columns to group by, besides the year; ``None`` follows the whole table.
    date : str
        Column with the date of the response; the year is taken from it.
    population, confidence, decimals, missing
        As for :func:`ikm`.
    alpha : float
        Significance level of ``significant_drop``.

    Returns
    -------
    DataFrame
        One row per group and year, sorted: the ``by`` columns, ``year``, every column of
        :func:`ikm`, then ``previous_year`` (the group's previous year with responses,
        ``Int64``), ``change`` (IKM minus the previous year's IKM), ``p_change`` (two-sided
        Welch t test), ``change_ci_low`` / ``change_ci_high`` (Welch interval of the change
        at ``confidence``; missing in a group's first year or with fewer than two
        respondents in either year), ``significant_drop`` (``change < 0`` and ``p_change <
        alpha``; missing in a group's first year) and ``largest_drop_element`` (the element
        whose NRR fell most; missing when none fell).

    Raises
    ------
    ValueError
        As for :func:`ikm`, and when ``date`` is missing or ``by`` contains ``year``.

    Notes
    -----
    The test compares the per-respondent values w_k of the two years (see :func:`ikm`: 25
    times the mean of a respondent's nine answers when nobody left a blank, the linearised
    value otherwise; their mean is the IKM) with Welch's unequal-variance t test, computed
    for all groups at once from the group means, SDs and sizes
    (:func:`scipy.stats.ttest_ind_from_stats`). The "previous year" is the previous year
    the group was surveyed, which may be more than one calendar year back: see
    ``previous_year``. The p value is two-sided, so ``significant_drop`` at ``alpha`` is a
    one-sided test at ``alpha / 2``: conservative. The interval of the change is Welch's,
    (IKM - IKM_prev) +- t_df sqrt(s^2 / n + s_prev^2 / n_prev) with the Welch-Satterthwaite
    df; at ``confidence = 1 - alpha`` it excludes 0 exactly when ``p_change < alpha``.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when several different
    population variances are involved. Biometrika, 34(1/2), 28-35.

    Examples
    --------
    >>> answers = pd.DataFrame({f"u{i}": [4, 4, 3, 2] for i in range(1, 10)})
    >>> answers["unit_id"] = "x"
    >>> answers["survey_date"] = pd.to_datetime(["2023-03-01"] * 2 + ["2024-03-01"] * 2)
    >>> ikm_trend(answers)[["year", "ikm", "previous_year", "change"]]
       year    ikm  previous_year  change
    0  2023  100.0           <NA>     NaN
    1  2024   62.5           2023   -37.5
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie strictly between 0 and 1, not {alpha!r}.")
    keys = _keys(by)
    if "year" in keys:
        raise ValueError("by must not contain year: ikm_trend adds the year from the date.")
    if date not in responses:
        raise ValueError(f"The responses have no date column {date!r}; name it with date=.")
    year = pd.to_datetime(responses[date]).dt.year.to_numpy()
    summary = _summary(
        responses, keys, confidence=confidence, missing=missing, extra={"year": year}
    )
    out = _describe(summary, decimals=decimals)
    if population is not None:
        out = _with_required(out, keys, population)
    out = out.reset_index()
    nrr = [f"nrr_{c}" for c in ELEMENTS]
    previous = (
        out.groupby(keys, sort=False, dropna=False)[["year", "ikm", "_sd", "n", *nrr]].shift()
        if keys
        else out[["year", "ikm", "_sd", "n", *nrr]].shift()
    )
    out["previous_year"] = previous["year"].astype("Int64")
    out["change"] = out["ikm"] - previous["ikm"]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = stats.ttest_ind_from_stats(
            out["ikm"].to_numpy(),
            out["_sd"].to_numpy(),
            out["n"].to_numpy(dtype=float),
            previous["ikm"].to_numpy(dtype=float),
            previous["_sd"].to_numpy(dtype=float),
            previous["n"].to_numpy(dtype=float),
            equal_var=False,
        ).pvalue
    out["p_change"] = np.asarray(p, dtype=float)
    low, high = _welch_interval(
        out["ikm"].to_numpy(float),
        out["_sd"].to_numpy(float),
        out["n"].to_numpy(float),
        previous["ikm"].to_numpy(float),
        previous["_sd"].to_numpy(float),
        previous["n"].to_numpy(float),
        confidence,
    )
    out["change_ci_low"], out["change_ci_high"] = low, high
    drop = pd.array(out["change"].to_numpy() < 0, dtype="boolean")
    significant = pd.array(out["p_change"].to_numpy() < alpha, dtype="boolean")
    known = out["p_change"].notna().to_numpy()
    out["significant_drop"] = pd.array(np.where(known, drop & significant, pd.NA), "boolean")
    out["largest_drop_element"] = _extreme_element(
        out[nrr].to_numpy() - previous[nrr].to_numpy(dtype=float), only_negative=True
    )
    return out.drop(columns=["_sd"])


def _welch_interval(mean1, sd1, n1, mean2, sd2, n2, confidence):
    """Welch's interval for mean1 - mean2 (Welch-Satterthwaite degrees of freedom); NaN
    where either group has fewer than two respondents."""
    with np.errstate(divide="ignore", invalid="ignore"):
        v1, v2 = sd1**2 / n1, sd2**2 / n2
        se = np.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
        half = stats.t.ppf(1 - (1 - confidence) / 2, df) * se
    diff = mean1 - mean2
    return diff - half, diff + half


# ------------------------------------------------------------------------------------------
# Published IKMs (table ikm_published): trend, and reconciling a published figure
# ------------------------------------------------------------------------------------------

#: Element weights seen in published SKM reports in place of the exact 1/9, in the order
#: :func:`reconcile_published_ikm` tries them. The processing table of the annex of
#: PermenPANRB 14/2017 writes "NRR tertimbang per unsur = NRR per unsur x 0,111" (quoted in
#: :func:`ikm`), and tools copy 0.111 or 0.1111 (GASPUL's
#: ``rumus_perhitungan_ikm_lengkap.md``, rennn9/GASPUL_BACKEND on GitHub), and GASPUL's own
#: worked table multiplies every NRR by 0.11 (3.6207 x 0.11 = 0.3983, 4.0000 x 0.11 = 0.4400),
#: which gives its published 90.56 against 91.48 exactly. These are practices to explain a
#: figure with, not rules: the package computes with 1/9.
PRACTICE_WEIGHTS: Mapping[str, float] = {
    "1/9": 1 / 9,
    "0.1111": 0.1111,
    "0.111": 0.111,
    "0.11": 0.11,
}
#: How a report cuts an IKM to two decimals: ``half_up`` (:func:`round_ikm`, the package) or
#: ``truncate`` (77.375 -> 77.37, seen in SKM reports).
ROUNDINGS: tuple[str, ...] = ("half_up", "truncate")

_NRR: tuple[str, ...] = tuple(f"nrr_{c}" for c in ELEMENTS)
_N_ELEMENT: tuple[str, ...] = tuple(f"n_{c}" for c in ELEMENTS)


def _cut(x: np.ndarray, decimals: int, rounding: str) -> np.ndarray:
    """``x`` rounded half up (:func:`round_ikm`) or truncated to ``decimals`` places.

    Truncation floors ``x * 10**decimals`` after adding the same 1e-9 float tolerance as
    :func:`round_ikm` (91.38 stored as 91.37999... stays 91.38); IKMs are positive, so
    flooring is truncation toward zero."""
    if rounding not in ROUNDINGS:
        raise ValueError(
            f"rounding must be one of {', '.join(map(repr, ROUNDINGS))}, not {rounding!r}."
        )
    if rounding == "half_up":
        return np.asarray(round_ikm(x, decimals), dtype=float)
    scale = 10.0**decimals
    return np.floor(np.asarray(x, dtype=float) * scale + _HALF_TOLERANCE) / scale


def _unit_year_nrr(
    data: pd.DataFrame, keys: list[str], *, date: str, missing: str
) -> tuple[pd.DataFrame, pd.Series | None]:
    """Per group and year: ``n`` and the nine NRRs, from answers or from an NRR table; and
    the table's own ``ikm`` column (a published figure), when it is an NRR table with one."""
    absent = [k for k in keys if k not in data]
    if absent:
        raise ValueError(
            f"The data have no column {', '.join(absent)} to group by; add it or change by."
        )
    group = [*keys, "year"]
    if all(c in data for c in ELEMENTS):
        if date not in data:
            raise ValueError(f"The responses have no date column {date!r}; name it with date=.")
        year = pd.to_datetime(data[date]).dt.year.to_numpy()
        table = ikm(data.assign(year=year), by=group, missing=missing)
        table["year"] = table["year"].astype("int64")
        return table[[*group, "n", *_NRR]].assign(n=table["n"].astype("Int64")), None
    if all(c in data for c in _NRR) and "year" in data:
        table = data[[*group, *_NRR]].copy()
        table["year"] = pd.to_numeric(table["year"]).astype("int64")
        table["n"] = pd.to_numeric(data["n"]).astype("Int64") if "n" in data else pd.NA
        table["n"] = table["n"].astype("Int64")
        if table.duplicated(group).any():
            raise ValueError(
                f"The NRR table has more than one row for a {' and '.join(group)}; give one "
                "row per group and year."
            )
        own = pd.to_numeric(data["ikm"]).astype(float) if "ikm" in data else None
        return table.reset_index(drop=True), (None if own is None else own.reset_index(drop=True))
    raise ValueError(
        "Give either survey answers (columns u1 .. u9 and a date) or the NRR per element "
        "(columns nrr_u1 .. nrr_u9 and year): a published IKM alone cannot be recomputed."
    )


def reconcile_published_ikm(
    data: pd.DataFrame,
    published: pd.DataFrame | None = None,
    *,
    by: str | list[str] = "unit_id",
    date: str = "survey_date",
    weight: float = 0.111,
    rounding: str = "truncate",
    decimals: int = 2,
    missing: str = "per_element",
) -> pd.DataFrame:
    """Explain a published IKM: the exact figure of PermenPANRB 14/2017 beside the common
    practice (weight 0.111 instead of 1/9, truncation instead of rounding) and the figure
    the unit published, per group and year.

    Parameters
    ----------
    data : DataFrame
        Either survey answers (``u1`` .. ``u9`` with the ``by`` columns and a ``date``
        column, as the ``skm`` table) or the NRR per element (``nrr_u1`` .. ``nrr_u9``,
        ``year``, the ``by`` columns, optionally ``n`` and ``ikm``, as the
        ``ikm_published`` table). An NRR table's own ``ikm`` is taken as the published
        figure unless ``published`` is given.
    published : DataFrame, optional
        Published figures: the ``by`` columns, ``year`` and ``ikm`` (the ``ikm_published``
        table). Groups in only one of ``data`` and ``published`` are kept, with the other
        side missing.
    by : str or list of str
        Columns that identify a group besides ``year``.
    date : str
        Date column of survey answers (the year is taken from it).
    weight : float
        Weight per element of the practice figure (see :data:`PRACTICE_WEIGHTS`).
    rounding : {"truncate", "half_up"}
        How the practice figure is cut to ``decimals`` places.
    decimals : int
        Decimals of the exact, practice and published figures.
    missing : {"per_element", "complete_case"}
        Blank answers, as for :func:`ikm` (survey answers only).

    Returns
    -------
    DataFrame
        One row per group and year, sorted: the ``by`` columns, ``year``, ``n``
        (respondents, ``Int64``), ``sum_nrr`` (sum of the nine NRRs), ``ikm_exact`` (25 x
        sum / 9, unrounded), ``ikm_exact_rounded`` (half up, :func:`round_ikm`),
        ``mutu_exact``, ``ikm_practice`` (25 x ``weight`` x sum, cut by ``rounding``),
        ``mutu_practice``, ``ikm_published``, ``mutu_published``, ``difference``
        (published minus exact rounded), ``practice_difference`` (published minus
        practice), ``practice_band_flip`` (the practice figure is in another band than the
        exact one), ``published_band_flip`` (the published figure is; missing without a
        published figure), ``explained_by`` (the first practice ``"<weight>/<rounding>"``,
        weights of :data:`PRACTICE_WEIGHTS` tried in order, each half up then truncated,
        that gives exactly the published figure; ``"1/9/half_up"`` is the regulation's own
        method; missing when none does, e.g. an arithmetic slip or other data). ``attrs``:
        ``weight``, ``rounding``, ``decimals``.

    Raises
    ------
    ValueError
        When ``data`` has neither answers nor NRRs, a ``by`` column or ``year`` is missing,
        or an option is out of range.

    Notes
    -----
    Exact: IKM = 25 x sum_i NRR_i x 1/9, rounded half up before banding (:func:`ikm_band`).
    Practice: IKM = 25 x sum_i NRR_i x w with w = 0.111 (or 0.1111, 0.11), then truncated.
    With w = 0.111 the practice figure is 0.1 % below the exact one (0.999 x): 32.9311 x
    0.111 x 25 = 91.38 against 91.48 exactly. Near a band bound (76.61, 88.31) the two
    can fall in different bands, which ``practice_band_flip`` flags. Bands are assigned to
    each figure as written (:data:`asnpolicy.rules.IKM_BANDS`); a practice figure below 25
    (all answers 1 with w < 1/9) takes band D.

    References
    ----------
    Peraturan Menteri PANRB No. 14 Tahun 2017, Lampiran (weight 1/9 = 0,111 in the worked
    table). rennn9/GASPUL_BACKEND, ``rumus_perhitungan_ikm_lengkap.md`` (GitHub): 29
    respondents, NRR sum 32.9311, published 90.56 against 91.48 exactly.

    Examples
    --------
    GASPUL's table (NRRs as printed, 4 decimals) and its published 90.56:

    >>> nrr = [3.6207, 3.4828, 3.4483, 4.0, 3.5172, 3.6207, 3.6552, 3.6207, 3.9655]
    >>> table = pd.DataFrame({"unit_id": ["gaspul"], "year": [2025], "ikm": [90.56],
    ...                       **{f"nrr_u{i}": [v] for i, v in enumerate(nrr, start=1)}})
    >>> out = reconcile_published_ikm(table)
    >>> out[["ikm_exact_rounded", "ikm_practice", "ikm_published", "explained_by"]]
       ikm_exact_rounded  ikm_practice  ikm_published  explained_by
    0              91.48         91.38          90.56  0.11/half_up
    """
    if weight <= 0 or weight > 1:
        raise ValueError(f"weight must lie in (0, 1], e.g. 0.111 or 1/9; not {weight!r}.")
    keys = _keys(by)
    if "year" in keys:
        raise ValueError("by must not contain year: the figures are per group and year.")
    group = [*keys, "year"]
    table, own = _unit_year_nrr(data, keys, date=date, missing=missing)
    if published is None and own is not None:
        published = table[group].assign(ikm=own.to_numpy())
    if published is not None:
        absent = [c for c in (*group, "ikm") if c not in published]
        if absent:
            raise ValueError(
                f"The published figures have no column {', '.join(absent)}; give "
                f"{', '.join(group)} and ikm."
            )
        figures = published[group].assign(
            year=pd.to_numeric(published["year"]).astype("int64"),
            ikm_published=pd.to_numeric(published["ikm"]).astype(float).to_numpy(),
        )
        if figures.duplicated(group).any():
            raise ValueError(
                f"The published figures have more than one row for a {' and '.join(group)}."
            )
        table = table.merge(figures, on=group, how="outer")
    else:
        table["ikm_published"] = np.nan
    table = table.sort_values(group, kind="stable").reset_index(drop=True)
    total = table[list(_NRR)].to_numpy(dtype=float).sum(axis=1)  # NaN unless all nine known
    exact = rules.IKM_CONVERSION * total / len(ELEMENTS)
    exact_rounded = np.asarray(round_ikm(exact, decimals), dtype=float)
    practice = _cut(rules.IKM_CONVERSION * weight * total, decimals, rounding)
    shown = table["ikm_published"].to_numpy(dtype=float)
    out = table[[*group, "n"]].copy()
    out["n"] = out["n"].astype("Int64")
    out["sum_nrr"] = total
    out["ikm_exact"] = exact
    out["ikm_exact_rounded"] = exact_rounded
    out["mutu_exact"] = _band_of(exact_rounded)[0].to_numpy()
    out["ikm_practice"] = practice
    out["mutu_practice"] = _band_of(practice)[0].to_numpy()
    out["ikm_published"] = shown
    out["mutu_published"] = _band_of(shown)[0].to_numpy()
    out["difference"] = np.round(shown - exact_rounded, decimals + 6)
    out["practice_difference"] = np.round(shown - practice, decimals + 6)
    out["practice_band_flip"] = _differs(out["mutu_practice"], out["mutu_exact"])
    out["published_band_flip"] = _differs(out["mutu_published"], out["mutu_exact"])
    explained = pd.Series(pd.NA, index=out.index, dtype="str")
    tolerance = 0.1 * 10.0**-decimals
    for name, w in reversed(list(PRACTICE_WEIGHTS.items())):  # eight fixed candidates
        for cut in reversed(ROUNDINGS):  # reversed: the first candidate wins (written last)
            candidate = _cut(rules.IKM_CONVERSION * w * total, decimals, cut)
            explained[np.abs(candidate - shown) < tolerance] = f"{name}/{cut}"
    out["explained_by"] = explained
    out.attrs.update(weight=float(weight), rounding=rounding, decimals=decimals)
    return out


def _differs(a: pd.Series, b: pd.Series) -> pd.Series:
    """``a != b`` as nullable booleans, missing where either side is missing."""
    known = a.notna() & b.notna()
    return pd.Series(
        pd.array(np.where(known, a.astype(object) != b.astype(object), pd.NA), dtype="boolean"),
        index=a.index,
    )


def _trend_columns(keys: list[str], required: bool) -> list[str]:
    """The columns of :func:`ikm_trend` for ``keys``, in its order, then ``source``."""
    return [
        *keys,
        "year",
        "n",
        "n_incomplete",
        *_NRR,
        "ikm",
        "ikm_rounded",
        "mutu",
        "kinerja",
        "ci_low",
        "ci_high",
        "weakest_element",
        *_N_ELEMENT,
        *(("required_n", "below_required") if required else ()),
        "previous_year",
        "change",
        "p_change",
        "change_ci_low",
        "change_ci_high",
        "significant_drop",
        "largest_drop_element",
        "source",
    ]


def published_ikm_trend(
    published: pd.DataFrame,
    *,
    by: str | list[str] | None = "unit_id",
    population: pd.Series | Mapping | Real | None = None,
    decimals: int = 2,
) -> pd.DataFrame:
    """IKM per group and year from published figures (the ``ikm_published`` table), with the
    change from the group's previous published year, in the columns of :func:`ikm_trend`.

    Parameters
    ----------
    published : DataFrame
        One row per unit and year: the ``by`` columns, ``year``, ``ikm`` and/or ``nrr_u1`` ..
        ``nrr_u9``, optionally ``n`` (respondents).
    by : str, list of str or None
        Columns to group by, besides the year (``"unit_id"``, or e.g. ``"region_id"`` after
        adding it); ``None`` pools the whole table per year.
    population : Series, mapping or number, optional
        As for :func:`ikm`: the Krejcie-Morgan sample size, compared with ``n``.
    decimals : int
        Decimals the IKM is rounded to (half up) before banding.

    Returns
    -------
    DataFrame
        The columns of :func:`ikm_trend` and ``source`` (``"published"``). ``ikm`` is the
        published figure as written (25 x mean NRR where only the NRRs are given), banded
        after rounding half up. ``n`` is the table's (``Int64``, missing when not
        published). No interval can be computed from a published mean without the spread of
        the answers: ``ci_low``, ``ci_high``, ``p_change`` and the change's interval are
        NaN, ``significant_drop`` is missing, and ``n_incomplete`` and ``n_u1`` ..
        ``n_u9`` are missing.

    Raises
    ------
    ValueError
        When a ``by`` column or ``year`` is missing, or a row has neither an IKM nor the
        nine NRRs.

    Notes
    -----
    Several rows of a group and year (units pooled into a region) are combined as the
    answers would be: weighted by ``n`` when every row has one (the pooled IKM of all
    respondents when no answer was blank), else an unweighted mean of the units' figures.
    The published figure may have been computed with weight 0.111 and truncated (see
    :func:`reconcile_published_ikm`); it is taken as published.

    Examples
    --------
    >>> published = pd.DataFrame({"unit_id": ["a", "a"], "year": [2023, 2024],
    ...                           "ikm": [80.5, 76.2], "n": [120, 110]})
    >>> published_ikm_trend(published)[["year", "ikm", "mutu", "change", "ci_low", "source"]]
       year   ikm mutu  change  ci_low     source
    0  2023  80.5    B     NaN     NaN  published
    1  2024  76.2    C    -4.3     NaN  published
    """
    keys = _keys(by)
    if "year" in keys:
        raise ValueError("by must not contain year: the trend is per group and year.")
    absent = [c for c in (*keys, "year") if c not in published]
    if absent:
        raise ValueError(
            f"The published IKMs have no column {', '.join(absent)}; add it or change by."
        )
    group = [*keys, "year"]
    frame = published[group].copy()
    frame["year"] = pd.to_numeric(frame["year"]).astype("int64")
    nrr = pd.DataFrame(
        {
            c: (
                pd.to_numeric(published[c]).astype(float).to_numpy()
                if c in published
                else np.full(len(published), np.nan)
            )
            for c in _NRR
        },
        index=frame.index,
    )
    given = (
        pd.to_numeric(published["ikm"]).astype(float)
        if "ikm" in published
        else pd.Series(np.nan, index=frame.index)
    )
    from_nrr = rules.IKM_CONVERSION * nrr.mean(axis=1, skipna=False)
    value = given.where(given.notna(), from_nrr)
    if value.isna().any():
        raise ValueError(
            f"{int(value.isna().sum())} published row(s) have neither an IKM nor all nine "
            "NRRs; give one of them or leave the row out."
        )
    n = (
        pd.to_numeric(published["n"]).astype("Int64")
        if "n" in published
        else pd.Series(pd.NA, index=frame.index, dtype="Int64")
    )
    code = frame.groupby(group, sort=True, dropna=False).ngroup().to_numpy()
    index = frame.groupby(group, sort=True, dropna=False).size().index
    every_n = n.notna().groupby(code).transform("all").to_numpy()
    w = np.where(every_n, n.to_numpy(dtype=float, na_value=np.nan), 1.0)
    values = pd.concat([nrr, value.rename("ikm")], axis=1)
    weighted = values.mul(w, axis=0).groupby(code).sum(min_count=1)
    weight = values.notna().mul(w, axis=0).groupby(code).sum()
    means = weighted / weight.replace(0, np.nan)
    total_n = n.groupby(code).sum(min_count=1).where(n.notna().groupby(code).all())
    out = pd.DataFrame(index=index)
    out["n"] = pd.array(total_n.to_numpy(dtype=float, na_value=np.nan), dtype="Int64")
    out["n_incomplete"] = pd.array([pd.NA] * len(out), dtype="Int64")
    for c in _NRR:
        out[c] = means[c].to_numpy()
    out["ikm"] = means["ikm"].to_numpy()
    rounded = round_ikm(out["ikm"].to_numpy(), decimals)
    mutu, kinerja = _band_of(rounded)
    out["ikm_rounded"] = rounded
    out["mutu"], out["kinerja"] = mutu.to_numpy(), kinerja.to_numpy()
    out["ci_low"] = out["ci_high"] = np.nan
    out["weakest_element"] = _extreme_element(out[list(_NRR)].to_numpy())
    for c in _N_ELEMENT:
        out[c] = pd.array([pd.NA] * len(out), dtype="Int64")
    if population is not None:
        out = _with_required(out, keys, population)
    out = out.reset_index()
    if not keys:
        out = out.rename(columns={"index": "year"}) if "year" not in out else out
    previous = (
        out.groupby(keys, sort=False, dropna=False)[["year", "ikm", *_NRR]].shift()
        if keys
        else out[["year", "ikm", *_NRR]].shift()
    )
    out["previous_year"] = previous["year"].astype("Int64")
    out["change"] = out["ikm"] - previous["ikm"]
    out["p_change"] = out["change_ci_low"] = out["change_ci_high"] = np.nan
    out["significant_drop"] = pd.array([pd.NA] * len(out), dtype="boolean")
    out["largest_drop_element"] = _extreme_element(
        out[list(_NRR)].to_numpy() - previous[list(_NRR)].to_numpy(dtype=float),
        only_negative=True,
    )
    out["source"] = "published"
    return out[_trend_columns(keys, population is not None)]


def ikm_trend_with_published(
    responses: pd.DataFrame | None,
    published: pd.DataFrame | None,
    *,
    by: str | list[str] | None = "unit_id",
    date: str = "survey_date",
    population: pd.Series | Mapping | Real | None = None,
    confidence: float = 0.95,
    alpha: float = 0.05,
    decimals: int = 2,
    missing: str = "per_element",
) -> pd.DataFrame:
    """IKM per group and year from survey answers where there are any, else from published
    figures, with the change from the group's previous year.

    Parameters
    ----------
    responses : DataFrame or None
        Survey answers, as for :func:`ikm_trend` (the ``skm`` table); None or empty when the
        region holds none.
    published : DataFrame or None
        Published figures, as for :func:`published_ikm_trend` (the ``ikm_published``
        table); None or empty when there are none.
    by, date, population, confidence, alpha, decimals, missing
        As for :func:`ikm_trend`.

    Returns
    -------
    DataFrame
        The columns of :func:`ikm_trend`, sorted by group and year, and ``source``:
        ``"responses"`` (computed from the answers, with intervals) or ``"published"``
        (the published figure, no interval; see :func:`published_ikm_trend`). Without
        published figures it is :func:`ikm_trend` with ``source`` added, every value
        unchanged.

    Raises
    ------
    ValueError
        When both tables are absent or empty, and as for :func:`ikm_trend`.

    Notes
    -----
    A group and year with answers takes its figure from the answers, even when a published
    figure exists: the answers give the exact IKM and its interval. Published figures fill
    the other years (a consultant's earlier reports, say) and the groups without answers.
    The change from a previous year is computed across sources, but its test and interval
    (``p_change``, ``change_ci_low`` / ``change_ci_high``, ``significant_drop``) only where
    both years come from answers; a published figure may also differ from the exact one by
    the practice of :func:`reconcile_published_ikm` (about 0.1 point).

    Examples
    --------
    >>> answers = pd.DataFrame({f"u{i}": [4, 3] for i in range(1, 10)})
    >>> answers["unit_id"], answers["survey_date"] = "a", pd.Timestamp("2024-03-01")
    >>> published = pd.DataFrame({"unit_id": ["a", "b"], "year": [2023, 2024],
    ...                           "ikm": [80.1, 77.0]})
    >>> out = ikm_trend_with_published(answers, published)
    >>> out[["unit_id", "year", "ikm", "change", "source"]]
      unit_id  year   ikm  change     source
    0       a  2023  80.1     NaN  published
    1       a  2024  87.5     7.4  responses
    2       b  2024  77.0     NaN  published
    """
    have_responses = responses is not None and len(responses) > 0
    have_published = published is not None and len(published) > 0
    if not have_responses and not have_published:
        raise ValueError(
            "Give survey answers (the skm table) or published IKMs (the ikm_published table)."
        )
    options = {"by": by, "population": population, "decimals": decimals}
    if not have_published:
        own = ikm_trend(
            responses, date=date, confidence=confidence, alpha=alpha, missing=missing, **options
        )
        return own.assign(source="responses")
    other = published_ikm_trend(published, **options)
    if not have_responses:
        return other
    own = ikm_trend(
        responses, date=date, confidence=confidence, alpha=alpha, missing=missing, **options
    ).assign(source="responses")
    keys = _keys(by)
    group = [*keys, "year"]
    taken = pd.MultiIndex.from_frame(own[group].astype({"year": "int64"}))
    other = other[~pd.MultiIndex.from_frame(other[group]).isin(taken)]
    if other.empty:
        return own
    columns = list(own.columns)
    both = pd.concat([own, other[columns]], ignore_index=True)
    both = both.sort_values(group, kind="stable").reset_index(drop=True)
    shifted = ["year", "ikm", "source", *_NRR]
    previous = (
        both.groupby(keys, sort=False, dropna=False)[shifted].shift()
        if keys
        else both[shifted].shift()
    )
    answered = (both["source"] == "responses") & (previous["source"] == "responses")
    both["previous_year"] = previous["year"].astype("Int64")
    both["change"] = both["ikm"] - previous["ikm"].astype(float)
    both["largest_drop_element"] = _extreme_element(
        both[list(_NRR)].to_numpy(dtype=float) - previous[list(_NRR)].to_numpy(dtype=float),
        only_negative=True,
    )
    tested = answered.to_numpy()
    for column in ("p_change", "change_ci_low", "change_ci_high"):
        both[column] = both[column].where(tested)
    both["significant_drop"] = both["significant_drop"].astype("boolean").where(tested)
    both["n"] = both["n"].astype("Int64")
    return both[columns]
