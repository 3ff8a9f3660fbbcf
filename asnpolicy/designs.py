"""Compare selection designs: who each would hire, how well they would perform, and fairness.

Each :class:`SelectionPolicy` re-runs the CPNS selection of every formasi on the recorded
scores. Expected later performance comes from the recruits themselves: their mean SKP score
(``rules.SKP_SCORE``) regressed on their selection scores. Recruits were selected on those same
scores, and selection on the predictors alone does not bias that regression, so it can predict
the performance of anyone with the same scores, such as the people another policy would hire.
Its uncertainty comes from a bootstrap over recruits.

Limits of what recorded data can say: only applicants who took the SKB have SKB scores, so a
policy is evaluated on the formasi where every policy compared can fill its posts from them,
and a stage nobody took (say an interview where none was held) cannot be evaluated at all.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from . import keys, rules, selection
from .fairness import adverse_impact
from .insufficient import NotEnoughData
from .io import Dataset
from .range_restriction import pearson_lawley
from .validity import recruit_outcomes, within_year

__all__ = [
    "DESIGN_BASES",
    "EXTRA_TEST_WEIGHT",
    "MODEL_SPARE",
    "SKB_COMPONENTS",
    "DesignDataError",
    "DesignRun",
    "SelectionPolicy",
    "compare_designs",
    "default_sd_y",
    "designs_from",
    "fallback_validities",
    "audited_weights",
    "meta_analytic_validities",
    "official_design",
    "run_designs",
    "simulate",
    "standard_designs",
]


class DesignDataError(NotEnoughData):
    """The data cannot support a comparison of designs (a :class:`NotEnoughData`, so a page
    section guard words it).

    Attributes
    ----------
    code : str
        Why: ``too_few_recruits`` (too few recruits with every score and a performance
        record for a model of their own), ``no_common_formasi`` (no formasi every design
        can fill from the recorded scores), ``scores_not_recorded`` (a design uses a score no
        applicant has; ``needs`` names the columns) or ``validities_inconsistent`` (the
        validities and the score correlations of the whole applicant pool imply a multiple
        correlation of 1 or more).
    counts : dict
        The numbers behind it: ``n_recruits`` and ``n_needed`` for ``too_few_recruits``.
    needs : tuple of str
        The inputs that would make the comparison possible (``"table"`` or
        ``"table.column"``).
    """

    def __init__(self, message: str, code: str, *, needs=(), **counts: int):
        super().__init__(message, code, needs=needs, **counts)


#: SKB components a design may weigh (``skb_<component>`` score columns).
SKB_COMPONENTS = ("cat", "interview", "psych", "competency", "practical")

#: Where the official design's SKB weights come from (:attr:`SelectionPolicy.basis`):
#: ``declared`` (the region's ``region_policies`` row, or the built-in registry when it
#: declares weights), ``registry`` (the regional rule applied to the stages of the built-in
#: registry's profile), ``profile`` (the same rule applied to the stages of a
#: ``region_policies`` row that gives no weights), ``assumed`` (no policy recorded: CAT-SKB
#: only). Designs not official carry ``given``.
DESIGN_BASES = ("declared", "registry", "profile", "assumed", "given")


@dataclass(frozen=True)
class SelectionPolicy:
    """A selection design.

    Attributes
    ----------
    name : str
    skb_weights : mapping
        Weight of each SKB component (``cat``, ``interview``, ``psych``, ``competency``,
        ``practical``), summing to 1.
    skd_weight : float, optional
        SKD's weight in the final score; default the official 40 %.
    multiplier : int
        Posts x multiplier go on to the SKB (official 3).
    official : bool
        Whether the design must respect the regional SKB limits (PermenPANRB 27/2021); an
        alternative design such as Pauh's weighted interview need not.
    basis : str
        Where the weights come from (one of :data:`DESIGN_BASES`): for the official design
        ``declared``, ``registry``, ``profile`` or ``assumed``; ``given`` for any other.
    """

    name: str
    skb_weights: Mapping[str, float] = field(default_factory=lambda: {"cat": 1.0})
    skd_weight: float | None = None
    multiplier: int = rules.SKB_ADVANCE_MULTIPLIER
    official: bool = True
    basis: str = "given"

    def skb_stages(self) -> list[str]:
        """SKB components the design holds (weight above 0); none when the SKD alone decides
        (``skd_weight`` 1), so that such a design is charged no SKB.

        >>> SelectionPolicy("x", {"cat": 0.6, "interview": 0.4, "psych": 0}).skb_stages()
        ['cat', 'interview']
        >>> SelectionPolicy("skd_only", {"cat": 1.0}, skd_weight=1.0).skb_stages()
        []
        """
        if self.skd_weight is not None and self.skd_weight >= 1:
            return []
        return [c for c, w in self.skb_weights.items() if w]

    def components(self) -> list[str]:
        """Score columns the design uses."""
        return [*rules.SKD_PARTS, *(f"skb_{c}" for c in self.skb_stages())]

    def select(
        self,
        applicants: pd.DataFrame,
        formasi: pd.DataFrame,
        skd_ranking: pd.DataFrame | None = None,
    ) -> pd.Series:
        """Who the design selects, aligned on ``applicants``; ``skd_ranking`` is
        :func:`asnpolicy.selection.rank_for_skb` of them with this design's multiplier, when
        known (the SKD stage is the same for designs that differ only after it)."""
        result = selection.apply_rules(
            applicants,
            formasi,
            skb_weights=self.skb_weights,
            level="regional" if self.official else None,
            multiplier=self.multiplier,
            skd_weight=self.skd_weight,
            skd_ranking=skd_ranking,
        )
        return pd.Series(result["selected"].to_numpy(), index=applicants.index)


@dataclass(frozen=True)
class DesignRun:
    """What :func:`run_designs` returns: the table of :func:`simulate` and who each design
    selects.

    Attributes
    ----------
    table : DataFrame
        :func:`simulate`'s table.
    selected : DataFrame
        One boolean column per design (its name), one row per CPNS applicant of the formasi
        evaluated (index as in ``ds.applicants``): whether the design selects that person.
    formasi_id : Series
        The formasi of each row of ``selected``.
    hired : Series
        Whether each row's applicant was actually hired.
    selected_all : DataFrame
        ``selected`` for every CPNS applicant, before keeping the formasi evaluated (what
        ``selections`` takes back).
    """

    table: pd.DataFrame
    selected: pd.DataFrame
    formasi_id: pd.Series
    hired: pd.Series
    selected_all: pd.DataFrame


def simulate(ds: Dataset, policies: Sequence[SelectionPolicy], **kwargs) -> pd.DataFrame:
    """Who each policy would hire, their expected performance, and adverse impact: the table
    of :func:`run_designs` (its parameters and columns)."""
    return run_designs(ds, policies, **kwargs).table


def run_designs(
    ds: Dataset,
    policies: Sequence[SelectionPolicy],
    *,
    validities: Mapping[str, float] | None = None,
    groups: Sequence[str] = ("gender", "origin"),
    n_boot: int = 200,
    seed: int = 0,
    confidence: float = 0.95,
    success: str = "Baik",
    base_rate: float = 0.5,
    stage_costs: Mapping[str, float] | None = None,
    sd_y: float | None = None,
    tenure_years: float = 20.0,
    formasi: Sequence[str] | str | None = None,
    selections: Mapping[str, pd.Series] | None = None,
) -> DesignRun:
    """Who each policy would hire, their expected performance, and adverse impact.

    Parameters
    ----------
    ds : Dataset
        One region's data is the usual unit (stages differ between regions).
    policies : sequence of SelectionPolicy
        The first is the baseline for differences.
    validities : mapping, optional
        Operational validity in the applicant pool of every score the policies use (``twk``,
        ``tiu``, ``tkp``, ``skb_cat``, ...), e.g. meta-analytic values
        (:func:`meta_analytic_validities` fills those with a published analogue). Without
        them performance is modelled from the recruits' own SKP records; with them, from the
        validities and the score correlations in the applicant pool (see Notes).
    groups : sequence of str
        Applicant columns for adverse impact (those the data do not record are left out).
    n_boot : int
        Bootstrap resamples (of recruits, or of SKD takers with ``validities``).
    success : str
        With recorded performance, the SKP rating that, with every better one, counts as
        success (default Baik).
    base_rate : float
        With ``validities``: the share of the applicant pool who would succeed in the job
        (Taylor-Russell's base rate).
    stage_costs : mapping, optional
        Cost of assessing one person at each stage, in rupiah: ``skd`` per SKD taker and each
        SKB component (``cat``, ``interview``, ...) per SKB participant. Gives ``cost``.
    sd_y : float, optional
        Value in rupiah per year of one standard deviation of performance (often 40 % of
        annual pay, ``rules.SDY_SHARE_OF_PAY``). With ``stage_costs``, gives ``utility``.
    tenure_years : float
        Years a hire serves, for the utility.
    formasi : str or sequence of str, optional
        Evaluate only these formasi (``formasi_id``); the model of performance still rests on
        every recruit. Default: every formasi every policy can fill alike.
    selections : mapping, optional
        Who a policy (by name) selects among the CPNS applicants, as an earlier run's
        ``selected_all`` column: used instead of selecting again when its index is that of
        the applicants (a what-if panel keeps the official design's).

    Returns
    -------
    DesignRun
        ``table``: one row per policy: ``policy``, ``official``, ``n_formasi`` (evaluated),
        ``skb_weights`` (the SKB components it holds and their weights), ``skd_weight``,
        ``n_selected``, ``overlap`` (share of its hires who were actually hired), the expected
        performance of its hires with ``ci_low`` / ``ci_high`` (``expected_skp``, the mean
        SKP score 1-5, from recorded performance; ``expected_z``, in standard deviations of
        performance above the applicant pool's mean, from ``validities``), ``difference``
        from the baseline with ``diff_ci_low`` / ``diff_ci_high`` (paired: both designs'
        hires scored by the same resample), ``leader`` (the highest point estimate) and
        ``lead_diff_ci_low`` / ``lead_diff_ci_high`` (the leader minus this design, paired;
        empty on the leader's row), ``success_ratio`` (share
        of hire-years rated ``success`` or better; with ``validities``, the share of hires
        above the base-rate cut) with ``success_ci_low`` / ``success_ci_high``, ``n_model``
        (people the model rests on), and per group column ``min_impact_ratio_<group>`` (the
        lowest group's selection rate over the highest's) with ``impact_ci_low_<group>`` /
        ``impact_ci_high_<group>`` (log-ratio interval), ``impact_group_<group>`` (the lowest
        group's code), ``impact_min_selected_<group>`` and ``impact_min_n_<group>`` (the
        smallest group's selected and applicants, for hiding small cells) and
        ``adverse_<group>`` (a point estimate below four-fifths); with ``stage_costs``,
        ``n_skd`` and ``n_skb`` (people assessed), ``cost`` (assessing everyone each stage
        the design holds needs: SKD takers at ``skd``, SKB participants at each SKB
        component the design holds; a design without SKB is charged none),
        ``cost_per_hire``, ``cost_difference`` (from the baseline) and, with ``sd_y``,
        ``utility``: the gain over the baseline, n_selected x tenure x sd_y x difference in
        SD units, minus the extra cost (Brogden-Cronbach-Gleser), with ``utility_ci_low`` /
        ``utility_ci_high`` from the paired interval of the difference. ``attrs["scale"]``
        is ``"skp"`` or ``"sd"``.

    Notes
    -----
    With ``validities`` the expected standardised performance of a hire with standardised
    scores z is b'z, b = R^-1 v (R the scores' correlations in the applicant pool, v the
    validities), and P(success) = Phi((b'z - y_c) / sqrt(1 - v'R^-1 v)) with
    y_c = Phi^-1(1 - base_rate). SKD scores are known for everyone who sat the SKD
    (standardised within year, as their maxima changed); SKB scores only for those admitted
    to the SKB, who were chosen on their SKD scores. The applicant-pool moments of the SKB
    scores are therefore recovered with the Pearson-Lawley multivariate correction for
    explicit selection on the SKD scores (Lawley 1943; Sackett & Yang 2000, case 4).
    """
    if not policies:
        raise ValueError("Give at least one SelectionPolicy.")
    ds.require("applicants", "formasi")
    components = sorted({c for p in policies for c in p.components()}, key=str)
    unrecorded = [c for c in components if c not in ds.applicants or ds.applicants[c].isna().all()]
    if unrecorded:
        raise DesignDataError(
            f"No applicant has a score in {', '.join(unrecorded)}, which the designs use.",
            "scores_not_recorded",
            needs=[f"applicants.{c}" for c in unrecorded],
        )
    info = ds.formasi.set_index("formasi_id")
    cpns = keys.lookup(ds.applicants["formasi_id"], info["track"]).eq("cpns")
    a = ds.applicants[cpns]
    known = {
        name: picked
        for name, picked in (selections or {}).items()
        if isinstance(picked, pd.Series) and picked.index.equals(a.index)
    }
    # the SKD stage once per SKB admission multiplier, shared by the designs that use it
    rankings = {
        m: selection.rank_for_skb(a, ds.formasi, multiplier=m)
        for m in {p.multiplier for p in policies if p.name not in known}
    }
    chosen = pd.DataFrame(
        {
            p.name: known[p.name]
            if p.name in known
            else p.select(a, ds.formasi, rankings[p.multiplier])
            for p in policies
        }
    )

    # Formasi every policy can fill alike: each selects the same, non-zero number of people.
    per_formasi = chosen.groupby(a["formasi_id"]).sum()
    alike = per_formasi.min(axis=1).gt(0) & per_formasi.nunique(axis=1).eq(1)
    common = per_formasi.index[alike]
    if formasi is not None:
        wanted = [formasi] if isinstance(formasi, str) else list(formasi)
        common = common[common.isin(wanted)]
    if not len(common):
        raise DesignDataError(
            "No formasi can be filled alike by every design from the recorded scores"
            + ("" if formasi is None else " among those chosen")
            + ".",
            "no_common_formasi",
        )
    in_common = a["formasi_id"].isin(common)

    x_all = a[components].astype(float)
    if validities is not None:
        x_all = within_year(x_all, keys.lookup(a["formasi_id"], info["year"]))
    predictable = x_all.notna().all(axis=1) & in_common
    selected = chosen[predictable.to_numpy()].to_numpy(dtype=float)
    counts = selected.sum(axis=0)
    x_pred = x_all[predictable].to_numpy(float)

    if validities is None:
        model = _model_from_records(ds, components, x_pred, success)
    else:
        model = _model_from_validities(x_all, components, validities, x_pred, base_rate)

    def policy_means(rows):
        value, ok = model.predict(rows)
        return np.vstack([value, ok]) @ selected / np.where(counts > 0, counts, np.nan)

    try:  # the point estimate rests on the full sample: a failure here is real
        estimate = policy_means(np.arange(model.n))
    except _Degenerate as err:
        raise DesignDataError(
            "The validities and the score correlations of the whole applicant pool imply a "
            f"multiple correlation of 1 or more ({err}): they cannot all hold.",
            "validities_inconsistent",
        ) from err
    boots, redrawn = _bootstrap(policy_means, model.n, n_boot, np.random.default_rng(seed))
    boots = boots.reshape(-1, *estimate.shape)
    q = (1 - confidence) / 2
    low, high = _quantiles(boots, q)
    # paired differences: every design's hires scored by the same resample's model
    diffs = boots[:, 0, :] - boots[:, 0, [0]]
    dlow, dhigh = _quantiles(diffs, q)
    lead = int(np.nanargmax(estimate[0]))
    lead_diffs = boots[:, 0, [lead]] - boots[:, 0, :]
    llow, lhigh = _quantiles(lead_diffs, q)

    hired = a["hired"].astype(bool)
    sat_skd = int((a["twk"].notna() & in_common).sum())
    to_skb = {
        m: int(selection.rank_for_skb(a[in_common], ds.formasi, multiplier=m)["to_skb"].sum())
        for m in {p.multiplier for p in policies}
    }
    expected = "expected_skp" if validities is None else "expected_z"
    rows = []
    for i, p in enumerate(policies):
        mask = chosen[p.name] & in_common
        row = {
            "policy": p.name,
            "official": p.official,
            "skb_weights": {c: float(p.skb_weights[c]) for c in p.skb_stages()},
            "skd_weight": p.skd_weight,
            "n_formasi": len(common),
            "n_selected": int(mask.sum()),
            "overlap": float((mask & hired).sum() / max(1, mask.sum())),
            expected: float(estimate[0, i]),
            "ci_low": float(low[0, i]),
            "ci_high": float(high[0, i]),
            "difference": float(estimate[0, i] - estimate[0, 0]),
            "diff_ci_low": float(dlow[i]) if i else 0.0,
            "diff_ci_high": float(dhigh[i]) if i else 0.0,
            "leader": i == lead,
            "lead_diff_ci_low": np.nan if i == lead else float(llow[i]),
            "lead_diff_ci_high": np.nan if i == lead else float(lhigh[i]),
            "success_ratio": float(estimate[1, i]),
            "success_ci_low": float(low[1, i]),
            "success_ci_high": float(high[1, i]),
            "n_model": model.n,
        }
        if stage_costs is not None:
            stages = p.skb_stages()
            n_skb = to_skb[p.multiplier] if stages else 0
            per_skb = sum(stage_costs.get(c, 0.0) for c in stages)
            row["n_skd"] = sat_skd
            row["n_skb"] = n_skb
            row["cost"] = float(sat_skd * stage_costs.get("skd", 0.0) + n_skb * per_skb)
            row["cost_per_hire"] = row["cost"] / row["n_selected"] if row["n_selected"] else np.nan
            row["cost_difference"] = row["cost"] - (rows[0]["cost"] if rows else row["cost"])
            if sd_y is not None:
                per_sd = row["n_selected"] * tenure_years * sd_y / model.spread
                for key, diff in (
                    ("utility", "difference"),
                    ("utility_ci_low", "diff_ci_low"),
                    ("utility_ci_high", "diff_ci_high"),
                ):
                    row[key] = float(per_sd * row[diff] - row["cost_difference"])
        for group in [g for g in groups if g in a and a[g].notna().any()]:
            frame = pd.DataFrame(
                {"g": a.loc[in_common, group], "selected": chosen.loc[in_common, p.name]}
            )
            impact = adverse_impact(frame, "g")
            worst = impact.loc[impact["impact_ratio"].idxmin()]
            row[f"min_impact_ratio_{group}"] = float(worst["impact_ratio"])
            row[f"impact_ci_low_{group}"] = float(worst["ratio_ci_low"])
            row[f"impact_ci_high_{group}"] = float(worst["ratio_ci_high"])
            row[f"impact_group_{group}"] = worst["group"]
            row[f"impact_min_selected_{group}"] = int(impact["selected"].min())
            row[f"impact_min_n_{group}"] = int(impact["n"].min())
            row[f"adverse_{group}"] = bool(impact["adverse_impact"].any())
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs["scale"] = "skp" if validities is None else "sd"
    out.attrs["success"] = success if validities is None else base_rate
    out.attrs["n_boot"] = n_boot
    out.attrs["n_boot_redrawn"] = redrawn
    if validities is not None:
        out.attrs["validities"] = {c: validities[c] for c in components}
    return DesignRun(
        out, chosen[in_common.to_numpy()], a.loc[in_common, "formasi_id"], hired[in_common], chosen
    )


class _Degenerate(ArithmeticError):
    """A sample (or resample) whose implied score correlations are not positive definite, or
    whose multiple correlation with performance is 1 or more."""


def _bootstrap(
    statistic: Callable[[np.ndarray], np.ndarray], n: int, n_boot: int, rng: np.random.Generator
) -> tuple[np.ndarray, int]:
    """``n_boot`` resamples of ``statistic`` over ``n`` rows (stacked on axis 0), and how many
    draws were degenerate and redrawn. A resample of few people can imply a correlation
    matrix that is not positive definite; it is drawn again, at most ``n_boot`` times over
    all, and what could not be redrawn is left out (fewer resamples). Both are counted."""
    results, redrawn = [], 0
    for _ in range(2 * n_boot):
        if len(results) == n_boot:
            break
        try:
            results.append(statistic(rng.integers(0, n, n)))
        except _Degenerate:
            redrawn += 1
    return np.array(results), redrawn


def _quantiles(boots: np.ndarray, q: float) -> tuple[np.ndarray, np.ndarray]:
    """The ``q`` and ``1 - q`` quantiles over resamples (axis 0); empty (NaN) without any."""
    if not len(boots):
        return tuple(np.full((2, *boots.shape[1:]), np.nan))
    return tuple(np.nanquantile(boots, [q, 1 - q], axis=0))


#: Recruits beyond one per score the model of recorded performance needs (a regression on
#: k scores is fitted only on at least k + MODEL_SPARE recruits with every score and an SKP).
MODEL_SPARE = 10


@dataclass
class _Model:
    """Predicts each candidate's performance and chance of success from a resample
    (row indices) of the data the model rests on."""

    n: int
    spread: float
    predict: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def _model_from_records(ds, components, x_pred, success) -> _Model:
    """Mean SKP score and share of years rated ``success`` or better, regressed on the scores
    among recruits."""
    absent = [
        t
        for t in ("employees", "performance")
        if getattr(ds, t, None) is None or not len(getattr(ds, t))
    ]
    if absent:
        raise DesignDataError(
            f"No performance record of recruits: the data have no {', '.join(absent)} table.",
            "too_few_recruits",
            needs=absent,
            n_recruits=0,
            n_needed=len(components) + MODEL_SPARE,
        )
    data = recruit_outcomes(ds, components, success=success).dropna(subset=components)
    needed = len(components) + MODEL_SPARE
    if len(data) < needed:
        raise DesignDataError(
            f"Only {len(data)} recruits have every score the policies use "
            f"({', '.join(components)}) and a performance record: too few for a model "
            f"(at least {needed}).",
            "too_few_recruits",
            n_recruits=len(data),
            n_needed=needed,
        )
    x_fit = np.column_stack([np.ones(len(data)), data[components].to_numpy(float)])
    y_fit = data[["performance", "success"]].to_numpy(float)
    x_new = np.column_stack([np.ones(len(x_pred)), x_pred])

    def predict(rows):
        beta = np.linalg.lstsq(x_fit[rows], y_fit[rows], rcond=None)[0]
        fitted = x_new @ beta
        return fitted[:, 0], np.clip(fitted[:, 1], 0.0, 1.0)

    return _Model(len(data), float(np.std(y_fit[:, 0], ddof=1)), predict)


def _model_from_validities(x_all, components, validities, x_pred, base_rate) -> _Model:
    """Expected standardised performance from supplied validities (see :func:`simulate`).
    A score whose validity is None (or NaN) gets no weight of its own: only what it shares
    with the other scores links it to performance."""
    missing = [c for c in components if c not in validities]
    if missing:
        raise ValueError(
            f"validities lacks {', '.join(missing)}: give a validity for every score the "
            "policies use (None for a score that adds nothing of its own)."
        )
    if not 0 < base_rate < 1:
        raise ValueError(f"base_rate must lie between 0 and 1, not {base_rate}.")
    skd = [c for c in components if c in rules.SKD_PARTS]
    later = [c for c in components if c not in rules.SKD_PARTS]
    order = [*skd, *later]
    pool = x_all.loc[x_all[skd].notna().all(axis=1), order].to_numpy(float)
    v = np.array([np.nan if validities[c] is None else validities[c] for c in order], dtype=float)
    given = ~np.isnan(v)
    x_new = x_pred[:, [components.index(c) for c in order]]
    y_cut = stats.norm.ppf(1 - base_rate)
    fits = _remembered_fits((_digest(pool), tuple(order), v.tobytes()))

    def fit(rows):
        sample = pool[rows]
        mean, cov = pearson_lawley(sample[:, : len(skd)], sample[:, len(skd) :])
        sd = np.sqrt(np.diag(cov))
        corr = cov / np.outer(sd, sd)
        sub = corr[np.ix_(given, given)]
        if not np.all(np.isfinite(sub)) or np.linalg.eigvalsh(sub).min() <= 1e-10:
            return _Degenerate("the score correlations are not positive definite")
        beta = np.zeros(len(order))
        beta[given] = np.linalg.solve(sub, v[given])
        residual = 1 - v[given] @ beta[given]
        if residual <= 0:
            return _Degenerate(f"multiple correlation {np.sqrt(1 - residual):.3f}")
        return mean, sd, beta, residual

    def predict(rows):
        key = _digest(rows)
        if key not in fits:
            fits[key] = fit(rows)
        if isinstance(fits[key], _Degenerate):
            raise fits[key]
        mean, sd, beta, residual = fits[key]
        z = ((x_new - mean) / sd) @ beta
        return z, stats.norm.cdf((z - y_cut) / np.sqrt(residual))

    return _Model(len(pool), 1.0, predict)


#: Fits of the validity model kept per pool, scores and validities (a what-if panel asks for
#: the same resamples of the same pool at every update); at most this many pools are kept.
_FITS_KEPT = 4
_FITS: OrderedDict[tuple, dict] = OrderedDict()


def _digest(array: np.ndarray) -> bytes:
    return hashlib.blake2b(np.ascontiguousarray(array).tobytes(), digest_size=16).digest()


def _remembered_fits(key: tuple) -> dict:
    """The fits of one resample each (by the digest of its rows) for ``key``: the same
    numbers as fitting again, since a fit depends only on the pool, the scores, the
    validities and the rows drawn."""
    if key in _FITS:
        _FITS.move_to_end(key)
        return _FITS[key]
    _FITS[key] = {}
    while len(_FITS) > _FITS_KEPT:
        _FITS.popitem(last=False)
    return _FITS[key]


def meta_analytic_validities(panel: str | None = None) -> dict[str, float]:
    """Operational validities (Sackett, Zhang, Berry & Lievens 2022; ``rules.VALIDITY``) for
    the scores that have a published analogue.

    TIU as cognitive ability, TKP as a situational-judgement test, CAT-SKB and the PPPK
    technical test as job knowledge, the psychological test as conscientiousness, the
    competency assessment as an assessment centre, the practical test as a work sample, and
    the interview as structured when ``panel`` is ``"external"`` or ``"mixed"``, otherwise as
    unstructured. TWK (national insight) has no published analogue: add it yourself (or see
    :func:`fallback_validities`).
    """
    v = {k: val.sackett_2022 for k, val in rules.VALIDITY.items()}
    interview = (
        "structured_interview" if panel in ("external", "mixed") else "unstructured_interview"
    )
    return {
        "tiu": v["cognitive_ability"],
        "tkp": v["situational_judgement"],
        "skb_cat": v["job_knowledge"],
        "skb_psych": v["conscientiousness"],
        "skb_competency": v["assessment_centre"],
        "skb_practical": v["work_sample"],
        "skb_interview": v[interview],
        "pppk_technical": v["job_knowledge"],
    }


def fallback_validities(ds: Dataset) -> dict[str, float | None]:
    """The validities :func:`compare_designs` falls back on when too few recruits have a
    performance record: :func:`meta_analytic_validities` for the region's usual panel (the
    most frequent ``panel`` of its SKB participants), and TWK, which has no published
    analogue, with no weight of its own (None): it links to performance only through what
    it shares with TIU and TKP.
    """
    panels = ds.applicants["panel"].dropna() if "panel" in ds.applicants else pd.Series()
    panel = str(panels.mode().iloc[0]) if len(panels) else None
    return {**meta_analytic_validities(panel), "twk": None}


#: Weight given to a region's one extra SKB test when its policy names the test but not the
#: weight: the most PermenPANRB 27/2021 allows a regional government (40 %).
EXTRA_TEST_WEIGHT = rules.SKB_LIMITS["regional"].extra_max[None]


def official_design(ds: Dataset) -> SelectionPolicy:
    """The official design of the data's one region (``ds.region``), and where its SKB
    weights come from (:attr:`SelectionPolicy.basis`).

    1. ``declared``: the weights of the region's recruitment policy
       (:func:`asnpolicy.policy.region_policy`: its ``region_policies`` row, else the
       built-in registry). Weights outside the limits of PermenPANRB 27/2021 for a regional
       government (CAT-SKB at least 60 %, one extra test, not the interview, at most 40 %)
       are kept as recorded, and the design is marked not official (``official=False``).
    2. ``registry`` or ``profile``: no weights, but a policy profile naming its stages (the
       built-in registry's, or a ``region_policies`` row's): CAT-SKB plus the extra test the
       profile describes, the competency assessment when it has one, else the psychological
       test, weighing ``EXTRA_TEST_WEIGHT`` (the regional maximum), used only when the data
       record it; CAT-SKB only otherwise.
    3. ``assumed``: no policy at all: CAT-SKB only, the rule of PermenPANRB 27/2021 when no
       extra test is set. A decision audit does not hold the hires to it
       (:func:`audited_weights`).

    Examples
    --------
    >>> import pandas as pd
    >>> ds = Dataset(formasi=pd.DataFrame({"formasi_id": ["f"], "region_id": ["kerinci"]}))
    >>> design = official_design(ds)
    >>> dict(design.skb_weights), design.basis
    ({'cat': 1.0}, 'assumed')
    """
    from .policy import region_policy

    policy = region_policy(ds, ds.region)
    if policy.skb_weights:
        return SelectionPolicy(
            "official",
            {str(c): float(w) for c, w in policy.skb_weights.items()},
            official=policy.within_limits is not False,
            basis="declared",
        )
    if policy.profile is None:
        return SelectionPolicy("official", {"cat": 1.0}, basis="assumed")
    basis = "registry" if policy.source == "registry" else "profile"
    stages = set(policy.profile.selection_stages)
    a = ds.applicants if ds.applicants is not None else pd.DataFrame()
    for extra in ("competency", "psych"):
        recorded = f"skb_{extra}" in a and a[f"skb_{extra}"].notna().any()
        if extra in stages and recorded:
            return SelectionPolicy(
                "official",
                {"cat": 1 - EXTRA_TEST_WEIGHT, extra: EXTRA_TEST_WEIGHT},
                basis=basis,
            )
    return SelectionPolicy("official", {"cat": 1.0}, basis=basis)


def audited_weights(ds: Dataset) -> dict[str, float] | None:
    """The SKB weights a decision audit (:func:`asnpolicy.audit.audit_decisions`) holds the
    recorded hires to: the official design's (:func:`official_design`) when a policy gives
    them, None when no policy is recorded (the audit then infers the weights that explain
    the hires, and never reports violations of an assumed rule).

    Examples
    --------
    >>> import pandas as pd
    >>> print(audited_weights(Dataset(formasi=pd.DataFrame({"region_id": ["kerinci"]}))))
    None
    """
    design = official_design(ds)
    return None if design.basis == "assumed" else dict(design.skb_weights)


def standard_designs(ds: Dataset) -> list[SelectionPolicy]:
    """The official design first, then alternatives the recorded scores allow.

    CAT-SKB only (unless that is the official design); SKD only (no SKB); each recorded extra
    test or panel rating at 40 % (the interview is not allowed as the extra test for a
    regional government, so that design is marked not official); and three stages with fixed
    weights (written 40 %, interview 30 %, competency 30 %), the design Pauh's policy
    describes.
    """
    a = ds.applicants

    def recorded(c: str) -> bool:
        return f"skb_{c}" in a and a[f"skb_{c}"].notna().any()

    designs = [official_design(ds)]
    if dict(designs[0].skb_weights) != {"cat": 1.0}:  # else the same as the official
        designs.append(SelectionPolicy("cat_only", {"cat": 1.0}))
    designs.append(SelectionPolicy("skd_only", {"cat": 1.0}, skd_weight=1.0, official=False))
    names = {tuple(sorted(designs[0].skb_weights.items()))}
    for extra in ("psych", "competency", "interview"):
        weights = {"cat": 0.6, extra: 0.4}
        if recorded(extra) and tuple(sorted(weights.items())) not in names:
            designs.append(SelectionPolicy(f"cat_{extra}", weights, official=extra != "interview"))
    if recorded("interview") and recorded("competency"):
        designs.append(
            SelectionPolicy(
                "fixed_three_stage",
                {"cat": 0.4, "interview": 0.3, "competency": 0.3},
                official=False,
            )
        )
    return designs


def compare_designs(
    ds: Dataset,
    designs=None,
    *,
    validities: Mapping[str, float | None] | None = None,
    fallback: bool = True,
    **kwargs,
) -> pd.DataFrame:
    """:func:`simulate` over :func:`designs_from` ``designs``, never failing for want of
    performance records or scores.

    ``attrs["basis"]`` says what the expected performance rests on: ``records`` (the
    recruits' own SKP), ``supplied`` (``validities``) or ``published``: when too few recruits
    have every score and a performance record (and ``fallback``), the comparison is made
    with :func:`fallback_validities` and ``attrs`` keep why (``reason``: the
    :class:`DesignDataError` code) with its counts (``n_recruits``, ``n_needed``). When even
    that is impossible, an empty table whose ``attrs`` hold the same ``reason``, counts and
    ``needs``. ``attrs["official_basis"]`` is the official design's
    :attr:`SelectionPolicy.basis`. Without ``applicants`` or ``formasi`` it raises
    :class:`~asnpolicy.insufficient.NotEnoughData` (code ``tables``).
    """
    ds.require("applicants", "formasi")
    policies = designs_from(designs, ds)
    try:
        out = simulate(ds, policies, validities=validities, **kwargs)
        out.attrs["basis"] = "records" if validities is None else "supplied"
        out.attrs["official_basis"] = policies[0].basis
        return out
    except DesignDataError as err:
        failure = err
    if validities is None and fallback and failure.code == "too_few_recruits":
        try:
            out = simulate(ds, policies, validities=fallback_validities(ds), **kwargs)
            out.attrs.update(basis="published", reason=failure.code, **failure.counts)
            out.attrs.update(needs=failure.needs, official_basis=policies[0].basis)
            return out
        except DesignDataError as err:
            if err.code != "too_few_recruits":
                failure = err
    empty = pd.DataFrame(columns=["policy", "expected_skp", "ci_low", "ci_high"])
    empty.attrs.update(basis="none", reason=failure.code, **failure.counts)
    empty.attrs.update(needs=failure.needs, official_basis=policies[0].basis)
    return empty


def designs_from(spec, ds: Dataset) -> list[SelectionPolicy]:
    """Designs from a notebook parameter: None for :func:`standard_designs`, or designs to
    compare with the official one (put first).

    Parameters
    ----------
    spec : None, list, dict or str
        A list whose items are :class:`SelectionPolicy` objects or dicts of its fields
        (``name`` and ``skb_weights``, a dict of component -> weight, are required; the
        rest optional), as papermill or ``asnpolicy report -p designs=...`` pass them
        from YAML; one dict for one design; or that YAML as a string. A dict without
        ``official`` is official when its weights are within the regional limits of
        PermenPANRB 27/2021.
    ds : Dataset

    Raises
    ------
    ValueError
        For a malformed spec, saying what to change.

    Examples
    --------
    >>> import pandas as pd
    >>> ds = Dataset(formasi=pd.DataFrame({"region_id": ["kerinci"]}))
    >>> got = designs_from("[{name: cat_interview, skb_weights: {cat: 0.6, interview: 0.4}}]", ds)
    >>> [(d.name, dict(d.skb_weights), d.official) for d in got]
    [('official', {'cat': 1.0}, True), ('cat_interview', {'cat': 0.6, 'interview': 0.4}, False)]
    """
    if spec is None:
        return standard_designs(ds)
    if isinstance(spec, str):
        import yaml

        try:
            spec = yaml.safe_load(spec)
        except yaml.YAMLError as err:
            raise ValueError(f"designs is not readable YAML: {err}") from err
    if isinstance(spec, Mapping | SelectionPolicy):
        spec = [spec]
    if not isinstance(spec, Sequence) or isinstance(spec, str):
        raise ValueError(
            "designs must be a list of designs, each a dict with a name and skb_weights, e.g. "
            "[{name: cat_interview, skb_weights: {cat: 0.6, interview: 0.4}}]; "
            f"got {type(spec).__name__}."
        )
    chosen = [official_design(ds), *(_design(item, i) for i, item in enumerate(spec, 1))]
    names = [d.name for d in chosen]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(
            f"designs: the name(s) {', '.join(twice)} are used twice (the official design is "
            "'official'); give each design its own name."
        )
    return chosen


_FIELDS = ("name", "skb_weights", "skd_weight", "multiplier", "official")


def _design(item, position: int) -> SelectionPolicy:
    """One design of a :func:`designs_from` spec, checked."""
    if isinstance(item, SelectionPolicy):
        return item
    where = f"design {position}"
    if not isinstance(item, Mapping):
        raise ValueError(
            f"{where} must be a dict with a name and skb_weights, not {type(item).__name__} "
            f"({item!r})."
        )
    unknown = sorted(set(map(str, item)) - set(_FIELDS))
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(unknown)}; fields: {_FIELDS}.")
    name, weights = item.get("name"), item.get("skb_weights")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{where} needs a name (text).")
    where = f"design {name!r}"
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError(
            f"{where} needs skb_weights, a dict of SKB component -> weight, e.g. "
            "{cat: 0.6, interview: 0.4}."
        )
    bad = sorted(str(c) for c in weights if c not in SKB_COMPONENTS)
    if bad:
        raise ValueError(
            f"{where}: unknown SKB component(s) {', '.join(bad)}; components: "
            f"{', '.join(SKB_COMPONENTS)}."
        )
    try:
        parsed = {str(c): float(w) for c, w in weights.items()}
        skd = item.get("skd_weight")
        skd = None if skd is None else float(skd)
        multiplier = int(item.get("multiplier", rules.SKB_ADVANCE_MULTIPLIER))
    except (TypeError, ValueError) as err:
        raise ValueError(f"{where}: weights and the multiplier must be numbers ({err}).") from err
    if any(w < 0 for w in parsed.values()) or abs(sum(parsed.values()) - 1) > 1e-6:
        raise ValueError(f"{where}: skb_weights must be non-negative and sum to 1, not {parsed}.")
    if skd is not None and not 0 <= skd <= 1:
        raise ValueError(f"{where}: skd_weight must lie between 0 and 1, not {skd}.")
    if multiplier < 1:
        raise ValueError(f"{where}: multiplier must be 1 or more, not {multiplier}.")
    official = item.get("official")
    if official is None:
        try:
            selection.validate_skb_weights(parsed, level="regional")
            official = True
        except ValueError:
            official = False
    return SelectionPolicy(name, parsed, skd, multiplier, bool(official))


def default_sd_y(ds: Dataset) -> float:
    """SD of performance in rupiah per year: ``rules.SDY_SHARE_OF_PAY`` of the median annual
    cost of the positions opened (Schmidt & Hunter's 40 % rule of thumb).

    Raises
    ------
    NotEnoughData
        Code ``tables`` without ``formasi`` or ``positions``; ``no_annual_cost`` when no
        position has an annual cost; ``formasi_positions_without_cost`` when positions have
        one but none of those the formasi open (``n_opened``, ``n_with_cost`` positions).
    """
    ds.require("formasi", "positions")
    costs = (
        ds.positions.set_index("position_id")["annual_cost"]
        if "annual_cost" in ds.positions
        else pd.Series(dtype=float)
    )
    if costs.notna().sum() == 0:
        raise NotEnoughData(
            "positions.annual_cost is absent or empty: give sd_y explicitly.",
            "no_annual_cost",
            needs=["positions.annual_cost"],
        )
    opened = ds.formasi["position_id"].dropna().unique()
    cost = keys.lookup(pd.Series(opened), costs)
    if cost.notna().sum() == 0:
        raise NotEnoughData(
            "None of the positions the formasi open has an annual cost in positions: give "
            "sd_y explicitly or fill annual_cost for those positions.",
            "formasi_positions_without_cost",
            needs=["positions.annual_cost"],
            n_opened=len(opened),
            n_with_cost=int(costs.notna().sum()),
        )
    return float(rules.SDY_SHARE_OF_PAY * keys.lookup(ds.formasi["position_id"], costs).median())
