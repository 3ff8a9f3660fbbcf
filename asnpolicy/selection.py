"""The official CPNS and PPPK selection rules, as a vectorised engine.

Stages (DOMAIN.md section 1): administrative check -> SKD (passing grades by year and applicant
group) -> at most 3 x quota per formasi go on to SKB (plus everyone tied at the boundary) ->
integration 40 % SKD + 60 % SKB -> the top ``quota`` after the official tie-break are selected.
Every constant comes from :mod:`asnpolicy.rules`.

All functions take the ``applicants`` table (and ``formasi`` where quotas or years are needed)
and return frames aligned on ``applicant_id``; none loops over rows.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import keys, rules

__all__ = [
    "STAGES",
    "apply_rules",
    "integrate_scores",
    "pppk_passed",
    "rank_for_skb",
    "skd_passed",
    "skd_total",
    "validate_skb_weights",
]

#: The last stage an applicant passed, in order (``stage_reached`` in :func:`apply_rules`):
#: only registered (failed the administrative check), passed administration, passed the SKD,
#: took the SKB, selected.
STAGES = ("registered", "administration", "skd", "skb", "selected")


def skd_total(applicants: pd.DataFrame) -> pd.Series:
    """SKD total = TWK + TIU + TKP (empty when the applicant did not sit the SKD).

    Examples
    --------
    >>> skd_total(pd.DataFrame({"twk": [100], "tiu": [120], "tkp": [200]})).tolist()
    [420.0]
    """
    twk, tiu, tkp = (_numeric(applicants, c) for c in rules.SKD_PARTS)
    return (twk + tiu + tkp).rename("skd_total")


def _numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    """A score column as numbers (an all-empty column of an unvalidated frame included; a
    column the data do not record is empty: nobody has that score)."""
    if column not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="Float64", name=column)
    return pd.to_numeric(frame[column], errors="raise").astype("Float64")


def _years(applicants: pd.DataFrame, year: int | pd.Series) -> pd.Series:
    if isinstance(year, pd.Series):
        return year.reindex(applicants.index)
    return pd.Series(int(year), index=applicants.index)


def skd_passed(applicants: pd.DataFrame, year: int | pd.Series) -> pd.Series:
    """Whether each applicant passes the SKD of ``year`` for the applicant's group.

    Parameters
    ----------
    applicants : DataFrame
        With ``twk``, ``tiu``, ``tkp`` and ``special_group``.
    year : int or Series
        The recruitment year, for all applicants or per applicant (aligned on the index).

    Returns
    -------
    Series of bool
        General applicants (and groups on the general thresholds, e.g. ``kalimantan`` in 2024)
        must reach each sub-test minimum; special groups need the TIU minimum and the total
        minimum of their group. An applicant without scores has not passed.

    Raises
    ------
    ValueError
        For a group that has no rule in that year (e.g. ``doctor`` in 2023 or 2024).

    References
    ----------
    PermenPANRB 24/2019; KepmenPANRB 1023/2021, 651/2023, 321/2024 (see ``rules.SKD``).

    Examples
    --------
    >>> a = pd.DataFrame({"twk": [65, 60], "tiu": [80, 85], "tkp": [166, 170],
    ...                   "special_group": ["general", "cumlaude"]})
    >>> skd_passed(a, 2024).tolist()   # the cumlaude total 315 >= 311 with TIU 85
    [True, True]
    """
    years = _years(applicants, year)
    total = skd_total(applicants)
    twk, tiu, tkp = (_numeric(applicants, c) for c in rules.SKD_PARTS)
    group = applicants["special_group"]
    passed = pd.Series(False, index=applicants.index)
    for y in years.dropna().unique():
        rule = rules.skd_rule(int(y))
        in_year = years == y
        unknown = in_year & ~group.isin(rule.groups)
        if unknown.any():
            bad = ", ".join(sorted(group[unknown].astype(str).unique()))
            raise ValueError(
                f"Applicant group(s) {bad} have no SKD rule in {int(y)}; groups that year: "
                f"{', '.join(rule.groups)}."
            )
        general = in_year & ~group.isin(list(rule.special))
        passed |= (
            general & (twk >= rule.twk_min) & (tiu >= rule.tiu_min) & (tkp >= rule.tkp_min)
        ).fillna(False)
        special = in_year & group.isin(list(rule.special))
        total_min = keys.lookup(group, pd.Series({g: t.total_min for g, t in rule.special.items()}))
        tiu_min = keys.lookup(group, pd.Series({g: t.tiu_min for g, t in rule.special.items()}))
        passed |= (special & (total >= total_min) & (tiu >= tiu_min)).fillna(False)
    return passed.astype(bool).rename("skd_passed")


def _sort_key(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    """One number that orders rows like the tuple ``columns`` (all integers below 1,000)."""
    key = pd.Series(0.0, index=frame.index)
    for column in columns:
        key = key * 1000 + frame[column].astype("float64")
    return key


def rank_for_skb(
    applicants: pd.DataFrame,
    formasi: pd.DataFrame,
    *,
    multiplier: int = rules.SKB_ADVANCE_MULTIPLIER,
) -> pd.DataFrame:
    """Rank SKD passers within each formasi and mark who goes on to SKB.

    Parameters
    ----------
    applicants : DataFrame
        With ``applicant_id``, ``formasi_id``, ``admin_pass``, the SKD scores and
        ``special_group``.
    formasi : DataFrame
        With ``formasi_id``, ``year`` and ``quota``.
    multiplier : int
        At most ``multiplier x quota`` go on (3 by PermenPANRB 27/2021).

    Returns
    -------
    DataFrame
        Indexed like ``applicants``: ``skd_total``, ``skd_passed``, ``skd_rank`` (1 = best among
        the formasi's passers; equal for candidates tied on every ranking key) and ``to_skb``.

    Notes
    -----
    Passers are ranked by SKD total, then TKP, TIU, TWK (higher wins). Everyone whose rank is
    within ``multiplier x quota`` goes on; candidates tied on all four with the last place share
    its rank and so all go on, even beyond the limit.

    Examples
    --------
    >>> f = pd.DataFrame({"formasi_id": ["f"], "year": [2024], "quota": [1]})
    >>> a = pd.DataFrame({"applicant_id": list("abcde"), "formasi_id": "f", "admin_pass": True,
    ...     "special_group": "general", "twk": [100, 100, 100, 90, 100],
    ...     "tiu": [100, 100, 100, 100, 100], "tkp": [200, 190, 190, 200, 180]})
    >>> rank_for_skb(a, f)[["skd_rank", "to_skb"]].values.tolist()  # b, c tied at the cut
    [[1, True], [3, True], [3, True], [2, True], [5, False]]
    """
    quota = keys.lookup(applicants["formasi_id"], formasi.set_index("formasi_id")["quota"])
    year = keys.lookup(applicants["formasi_id"], formasi.set_index("formasi_id")["year"])
    out = pd.DataFrame(index=applicants.index)
    out["skd_total"] = skd_total(applicants)
    out["skd_passed"] = applicants["admin_pass"].astype(bool) & skd_passed(applicants, year)
    if applicants.empty:
        return out.assign(skd_rank=pd.Series(dtype="Int64"), to_skb=pd.Series(dtype=bool))
    parts = pd.DataFrame({c: _numeric(applicants, c) for c in ("tkp", "tiu", "twk")})
    key = _sort_key(out.join(parts), rules.SKB_ADVANCE_ORDER)
    rank = (
        key.where(out["skd_passed"])
        .groupby(applicants["formasi_id"])
        .rank(method="min", ascending=False)
    )
    out["skd_rank"] = rank.astype("Int64")
    out["to_skb"] = (rank <= multiplier * quota).fillna(False).astype(bool)
    return out


def validate_skb_weights(weights: Mapping[str, float], *, level: str = "regional") -> None:
    """Check SKB component weights against the limits of PermenPANRB 27/2021.

    Parameters
    ----------
    weights : mapping of str to float
        Weight of each SKB component (``cat`` and extra tests from ``rules.SKB_COMPONENTS``),
        summing to 1.
    level : {"regional", "central"}
        Regional: CAT-SKB >= 60 %, at most one extra test, <= 40 %, not an interview.
        Central: CAT-SKB >= 50 %, interview <= 30 %, certificates <= 20 %.

    Raises
    ------
    ValueError
        Naming the limit that is broken.

    Examples
    --------
    >>> validate_skb_weights({"cat": 0.6, "psych": 0.4})
    >>> validate_skb_weights({"cat": 0.6, "interview": 0.4})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: SKB weights: an interview may not be the extra test for a regional government ...
    """
    limits = rules.SKB_LIMITS.get(level)
    if limits is None:
        raise ValueError(f"level must be one of {', '.join(rules.SKB_LIMITS)}, not {level!r}.")
    _check_weights(weights)
    source = f"({limits.source})"
    if weights.get("cat", 0.0) < limits.cat_min - 1e-12:
        raise ValueError(f"SKB weights: CAT-SKB needs at least {limits.cat_min:.0%} {source}.")
    extras = {c: w for c, w in weights.items() if c != "cat" and w > 0}
    if limits.max_extra_tests is not None and len(extras) > limits.max_extra_tests:
        raise ValueError(
            f"SKB weights: at most {limits.max_extra_tests} extra test(s) besides CAT-SKB for a "
            f"{level} government {source}."
        )
    for component, weight in extras.items():
        if component in limits.forbidden_extra:
            raise ValueError(
                f"SKB weights: an {component} may not be the extra test for a {level} "
                f"government {source}."
            )
        cap = limits.extra_max.get(component, limits.extra_max.get(None, 1.0))
        if weight > cap + 1e-12:
            raise ValueError(f"SKB weights: {component} may weigh at most {cap:.0%} {source}.")


def _check_weights(weights: Mapping[str, float]) -> None:
    """Known SKB components, non-negative weights summing to 1."""
    unknown = set(weights) - set(rules.SKB_COMPONENTS)
    if unknown:
        raise ValueError(
            f"SKB weights: unknown component(s) {', '.join(sorted(unknown))}; components: "
            f"{', '.join(rules.SKB_COMPONENTS)}."
        )
    if any(w < 0 for w in weights.values()) or not np.isclose(sum(weights.values()), 1.0):
        raise ValueError(f"SKB weights must be non-negative and sum to 1, not {dict(weights)}.")


def integrate_scores(
    applicants: pd.DataFrame,
    year: int | pd.Series,
    skb_weights: Mapping[str, float] | None = None,
    *,
    level: str | None = "regional",
    skd_weight: float | None = None,
) -> pd.DataFrame:
    """SKD and SKB on 0-100 and the final integrated score.

    Parameters
    ----------
    applicants : DataFrame
        With the SKD scores and the ``skb_<component>`` columns (0-100) the weights use, and
        optionally ``skb_total``: the published SKB total (0-100) of an applicant whose SKB
        components are not published, used as the SKB score of an applicant with no SKB
        component.
    year : int or Series
        Recruitment year (sets the SKD maximum: 550 from 2021, 500 before).
    skb_weights : mapping, optional
        Weight of each SKB component; default CAT-SKB only. Checked by
        :func:`validate_skb_weights`.
    level : {"regional", "central"} or None
        Limits the SKB weights must respect; None for an alternative design that need not
        follow them (the weights must still be non-negative and sum to 1).
    skd_weight : float, optional
        Weight of SKD in the final score for an alternative design (SKB gets the rest);
        default the year's official weight (40 %).

    Returns
    -------
    DataFrame
        ``skd_100``, ``skb_100`` and ``final_score``, indexed like ``applicants`` (empty where a
        needed score is missing).

    Notes
    -----
    final = 40 % x SKD / max_SKD x 100 + 60 % x SKB_100 (PermenPANRB 27/2021, 6/2024).

    SSCASN integration lists publish the SKB as one total on 0-100, not its components
    (shared/reference/real-exports.md A3; e.g. the lists announced in
    http://updatecpns.com/2021/12/pengumumn-hasil-integrasi-nilai-cpns.html). For an applicant
    with no ``skb_<component>`` score, SKB_100 is that ``skb_total``, which reproduces the
    official final score; any component present takes precedence over the total.

    Examples
    --------
    >>> a = pd.DataFrame({"twk": [120], "tiu": [120], "tkp": [200], "skb_cat": [80.0]})
    >>> integrate_scores(a, 2024).round(2).values.tolist()
    [[80.0, 80.0, 80.0]]
    >>> b = pd.DataFrame({"twk": [120], "tiu": [120], "tkp": [200], "skb_total": [70.0]})
    >>> integrate_scores(b, 2024).round(2).values.tolist()
    [[80.0, 70.0, 74.0]]
    """
    weights = dict(skb_weights or {"cat": 1.0})
    if level is None:
        _check_weights(weights)
    else:
        validate_skb_weights(weights, level=level)
    years = _years(applicants, year)
    integration = {int(y): rules.integration_rule(int(y)) for y in years.dropna().unique()}
    skd_max = years.map({y: r.skd_max for y, r in integration.items()})
    if skd_weight is None:
        skd_part = years.map({y: r.skd_weight for y, r in integration.items()})
        skb_weight = years.map({y: r.skb_weight for y, r in integration.items()})
    else:
        if not 0 <= skd_weight <= 1:
            raise ValueError(f"skd_weight must lie in [0, 1], not {skd_weight}.")
        skd_part, skb_weight = skd_weight, 1 - skd_weight
    out = pd.DataFrame(index=applicants.index)
    out["skd_100"] = skd_total(applicants).astype("float64") / skd_max * 100
    out["skb_100"] = sum(
        _numeric(applicants, f"skb_{c}").astype("float64") * w for c, w in weights.items() if w > 0
    )
    total = _numeric(applicants, "skb_total").astype("float64")
    if total.notna().any():
        components = [c for c in rules.SKB_COLUMNS if c in applicants]
        none = (
            applicants[components].isna().all(axis=1)
            if components
            else pd.Series(True, index=applicants.index)
        )
        out["skb_100"] = out["skb_100"].mask(none & total.notna(), total)
    out["final_score"] = skd_part * out["skd_100"] + skb_weight * out["skb_100"]
    return out


def pppk_passed(
    applicants: pd.DataFrame, year: int, technical_pass: float | pd.Series
) -> pd.Series:
    """Whether each applicant passes the PPPK thresholds of ``year``.

    Parameters
    ----------
    applicants : DataFrame
        With ``pppk_technical``, ``pppk_managerial_social`` and ``pppk_interview``.
    year : int
        Selection year (``rules.PPPK``).
    technical_pass : float or Series
        Pass mark of the technical test, which depends on the position; must lie in the year's
        range (203-293 in 2021).

    Examples
    --------
    >>> a = pd.DataFrame({"pppk_technical": [250, 250], "pppk_managerial_social": [130, 129],
    ...                   "pppk_interview": [24, 40]})
    >>> pppk_passed(a, 2021, technical_pass=203).tolist()
    [True, False]
    """
    rule = rules.pppk_rule(year)
    marks = pd.Series(technical_pass, index=applicants.index, dtype="float64")
    lo, hi = rule.technical_pass_range
    if ((marks < lo) | (marks > hi)).any():
        raise ValueError(
            f"PPPK {year}: the technical pass mark must lie in {lo}-{hi} ({rule.source})."
        )
    return (
        (
            (_numeric(applicants, "pppk_technical") >= marks)
            & (_numeric(applicants, "pppk_managerial_social") >= rule.managerial_social_pass)
            & (_numeric(applicants, "pppk_interview") >= rule.interview_pass)
        )
        .fillna(False)
        .astype(bool)
        .rename("pppk_passed")
    )


def _rank_within(frame: pd.DataFrame, group: pd.Series, by: list[str]) -> pd.Series:
    """1-based rank of each row within its group, ordering by ``keys`` (higher first).

    Empty keys count as lowest; rows equal on every key keep their input order.
    """
    order = frame[by].astype("float64").fillna(-np.inf).assign(_group=group.to_numpy())
    order = order.sort_values(["_group", *by], ascending=[True] + [False] * len(by), kind="stable")
    return (order.groupby("_group").cumcount() + 1).reindex(frame.index)


#: The applicant columns the rules read (besides ``skb_*`` and ``pppk_*`` scores).
_RULE_COLUMNS = frozenset(
    {"applicant_id", "formasi_id", "admin_pass", "special_group", *rules.SKD_FINAL_TIEBREAK}
)


def apply_rules(
    applicants: pd.DataFrame,
    formasi: pd.DataFrame,
    *,
    skb_weights: Mapping[str, float] | None = None,
    level: str | None = "regional",
    multiplier: int = rules.SKB_ADVANCE_MULTIPLIER,
    pppk_technical_pass: float | pd.Series | None = None,
    skd_weight: float | None = None,
    skd_ranking: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Run the whole selection for every formasi: CPNS by SKD/SKB, PPPK by its tests.

    Parameters
    ----------
    applicants, formasi : DataFrame
        The tables of the data model.
    skb_weights : mapping, optional
        SKB component weights (default CAT-SKB only), checked against the ``level`` limits.
    level : {"regional", "central"} or None
        None for an alternative design that need not follow the official SKB limits.
    multiplier : int
        SKB admission limit as a multiple of the quota.
    skd_weight : float, optional
        SKD's weight in the final score for an alternative design (default the official 40 %).
    pppk_technical_pass : float or Series, optional
        Technical pass mark of PPPK applicants (it depends on the position; a Series aligned
        on ``applicants``). Needed when there are PPPK formasi.
    skd_ranking : DataFrame, optional
        :func:`rank_for_skb` of these applicants' CPNS rows with this ``multiplier``, computed
        before: designs that differ only after the SKD share it (``designs.run_designs``).

    Returns
    -------
    DataFrame
        One row per applicant, in the input order: ``applicant_id``, ``formasi_id``, ``year``,
        ``track``, ``skd_total``, ``skd_passed``, ``skd_rank``, ``to_skb``, ``skd_100``,
        ``skb_100``, ``final_score``, ``pppk_passed``, ``pppk_total``, ``final_rank`` (1 = best
        among the formasi's finalists), ``selected`` and ``stage_reached`` (one of
        :data:`STAGES`; for PPPK, ``skd`` means passing the PPPK competency tests).

    Notes
    -----
    CPNS: within each formasi, SKB participants with a final score are ordered by final score,
    then SKD total, TKP, TIU, TWK, GPA (all higher first) and age (older first), PermenPANRB
    27/2021. Final scores are compared at 1e-9, so scores equal by the formula are equal
    (0.4 x 80 + 0.6 x 72 and 0.4 x 74 + 0.6 x 76 are both 75.2).

    PPPK (KepmenPANRB 1128/2021, 652/2023): applicants who pass every threshold are ranked by
    ``rules.PPPK_RANK_ORDER``. In both tracks the first ``quota`` are selected; candidates
    equal on every key keep their input order, so the result is deterministic.
    """
    # only the columns the rules read, so that selecting rows copies no more than needed
    applicants = applicants[
        [c for c in applicants.columns if c in _RULE_COLUMNS or c.startswith(("skb_", "pppk_"))]
    ]
    info = formasi.set_index("formasi_id")
    year = keys.lookup(applicants["formasi_id"], info["year"])
    quota = keys.lookup(applicants["formasi_id"], info["quota"])
    track = keys.lookup(applicants["formasi_id"], info["track"])
    cpns = track.eq("cpns")
    # SKD and SKB apply to CPNS applicants only (a PPPK year need not have an SKD rule).
    if skd_ranking is None:
        skd_ranking = rank_for_skb(applicants[cpns], formasi, multiplier=multiplier)
    ranked = skd_ranking.reindex(applicants.index)
    ranked[["skd_passed", "to_skb"]] = ranked[["skd_passed", "to_skb"]].fillna(False).astype(bool)
    scores = integrate_scores(
        applicants[cpns], year[cpns], skb_weights, level=level, skd_weight=skd_weight
    ).reindex(applicants.index)
    out = (
        pd.DataFrame(
            {
                "applicant_id": applicants["applicant_id"],
                "formasi_id": applicants["formasi_id"],
                "year": year,
                "track": track,
            }
        )
        .join(ranked)
        .join(scores)
    )

    # CPNS finalists
    sort_keys = pd.DataFrame(
        {"final": out["final_score"].round(9), "skd_total": out["skd_total"]},
        index=applicants.index,
    )
    for k in rules.SKD_FINAL_TIEBREAK[1:]:
        sort_keys[k] = applicants[k] if k in applicants else np.nan
    cpns_final = out["to_skb"] & out["final_score"].notna()
    rank = _rank_within(
        sort_keys[cpns_final],
        applicants["formasi_id"][cpns_final],
        ["final", *rules.SKD_FINAL_TIEBREAK],
    )

    # PPPK finalists
    pppk = track.eq("pppk") & applicants["admin_pass"].astype(bool)
    out["pppk_passed"] = False
    out["pppk_total"] = np.nan
    if pppk.any():
        if pppk_technical_pass is None:
            raise ValueError(
                "PPPK formasi need pppk_technical_pass: the technical pass mark of "
                "each position (KepmenPANRB 1128/2021 sets it per position)."
            )
        for y in year[pppk].unique():
            in_year = pppk & year.eq(y)
            mark = pppk_technical_pass
            if isinstance(mark, pd.Series):
                mark = mark[in_year]
            out.loc[in_year, "pppk_passed"] = pppk_passed(applicants[in_year], int(y), mark)
        parts = ["pppk_technical", "pppk_managerial_social", "pppk_interview"]
        scores = applicants.reindex(columns=[*parts, "age"]).astype("float64")
        out["pppk_total"] = scores[parts].sum(axis=1, min_count=3).where(pppk)
        pppk_keys = scores.assign(pppk_total=out["pppk_total"])
        finalists = out["pppk_passed"].astype(bool)
        rank = pd.concat(
            [
                rank,
                _rank_within(
                    pppk_keys[finalists],
                    applicants["formasi_id"][finalists],
                    list(rules.PPPK_RANK_ORDER),
                ),
            ]
        )
    out["final_rank"] = rank.reindex(out.index).astype("Int64")
    out["selected"] = (out["final_rank"] <= quota).fillna(False).astype(bool)
    passed_tests = out["skd_passed"] | out["pppk_passed"].astype(bool)
    code = np.select(
        [out["selected"], out["to_skb"], passed_tests, applicants["admin_pass"].astype(bool)],
        [STAGES.index(s) for s in ("selected", "skb", "skd", "administration")],
        default=STAGES.index("registered"),
    )
    out["stage_reached"] = pd.Categorical.from_codes(code, categories=STAGES, ordered=True)
    return out.reset_index(drop=True)
