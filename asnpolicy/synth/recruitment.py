"""Synthetic formasi, applicants, assessor ratings and hires.

Applicants carry latent traits (see :mod:`asnpolicy.synth.latent`); every score is a calibrated
noisy measure of them. SKD scores are on the official scales of the formasi's year; SKB scores
and panel ratings are recorded only for those who reach SKB, as in real data, while the truth
keeps every applicant's would-be scores so that applicant-pool validities can be checked. Hires
are exactly those :func:`asnpolicy.selection.apply_rules` selects.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import keys, rules, selection
from . import assumptions as A
from .ids import sequential_ids
from .latent import TRAITS, calibrate_panel, composite, loading_for, performance

__all__ = ["applicants", "formasi", "panel_ratings", "select"]

_CHANNEL_P = {
    "online": {
        "sscasn_portal": 0.45,
        "official_website": 0.15,
        "social_media": 0.25,
        "news_media": 0.05,
        "university": 0.04,
        "job_fair": 0.02,
        "word_of_mouth": 0.03,
        "other": 0.01,
    },
    "offline": {
        "sscasn_portal": 0.10,
        "official_website": 0.10,
        "social_media": 0.15,
        "news_media": 0.15,
        "university": 0.05,
        "job_fair": 0.05,
        "word_of_mouth": 0.35,
        "other": 0.05,
    },
}


def formasi(
    regions: pd.DataFrame,
    positions: pd.DataFrame,
    units: pd.DataFrame,
    years: tuple[int, ...],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Opened vacancies per region, year and track; needs-based regions target shortages."""
    eligible = positions[~positions["title"].str.startswith("Kepala")].copy()
    eligible["region_id"] = keys.lookup(
        eligible["unit_id"], units.set_index("unit_id")["region_id"]
    )
    ratio = keys.lookup(eligible["unit_id"], units.set_index("unit_id")["staffing_ratio"])
    shortage = (eligible["fte"] * (1 - ratio)).clip(lower=0).to_numpy()
    needs_based = keys.lookup(eligible["region_id"], regions.set_index("region_id")["needs_based"])
    needs_based = needs_based.to_numpy(dtype=bool)
    fte = eligible["fte"].to_numpy()
    eligible = eligible.reset_index(drop=True)
    by_region = eligible.groupby("region_id").indices
    opened = np.zeros(len(eligible))  # positions already opened, so needs are not refilled
    rows = []
    for year in years:
        for track in A.TRACKS_BY_YEAR.get(year, ()):
            share = A.FORMASI_SHARE_OF_STAFF.get(year, 0.02) / len(A.TRACKS_BY_YEAR[year])
            for r in regions.itertuples(index=False):
                rows_in = by_region.get(r.region_id, np.array([], dtype=int))
                if track == "pppk":
                    rows_in = rows_in[eligible["kind"].to_numpy()[rows_in] != "pelaksana"]
                pool = eligible.iloc[rows_in]
                # needs-based regions open what is still short; others open in proportion to
                # size, less where they already opened
                weight = np.where(
                    needs_based[rows_in],
                    (np.clip(shortage[rows_in] - opened[rows_in], 0, None) + 0.05) ** 2,
                    fte[rows_in] / (1 + opened[rows_in]),
                )
                n_positions = max(2, int(round(r.n_employees * share)))
                picks = rng.choice(len(pool), n_positions, p=weight / weight.sum())
                quota = np.bincount(picks, minlength=len(pool))
                opened[rows_in] += quota
                chosen = np.flatnonzero(quota)
                rows.append(
                    pd.DataFrame(
                        {
                            "region_id": r.region_id,
                            "year": year,
                            "track": track,
                            "position_id": pool["position_id"].to_numpy()[chosen],
                            "quota": quota[chosen],
                        }
                    )
                )
    out = pd.concat(rows, ignore_index=True)
    out.insert(0, "formasi_id", sequential_ids("f", len(out), 6))
    return out


def applicants(
    formasi: pd.DataFrame, regions: pd.DataFrame, positions: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Applications with their scores; returns (applicants table, latent truth per applicant)."""
    per_position = formasi["track"].map(A.APPLICANTS_PER_POSITION).to_numpy()
    counts = formasi["quota"].to_numpy() + rng.poisson(formasi["quota"] * per_position)
    idx = np.repeat(np.arange(len(formasi)), counts)
    n = len(idx)
    f = formasi.iloc[idx].reset_index(drop=True)
    region = regions.set_index("region_id").loc[f["region_id"]].reset_index()
    year = f["year"].to_numpy()
    track = f["track"].to_numpy()
    cpns = track == "cpns"

    online = rng.random(n) < region["online_share"].to_numpy()
    mode = np.where(online, "online", "offline")
    channel = np.empty(n, dtype=object)
    for m in ("online", "offline"):
        mask = mode == m
        names = list(_CHANNEL_P[m])
        channel[mask] = rng.choice(names, mask.sum(), p=list(_CHANNEL_P[m].values()))
    month = np.where(year == 2019, 11, 8)
    start = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}))
    registered = start + pd.to_timedelta(rng.integers(0, 28, n), unit="D")
    doc_errors = rng.poisson(
        np.where(online, A.DOC_ERRORS_MEAN["online"], A.DOC_ERRORS_MEAN["offline"])
    )
    days = rng.gamma(
        2.0,
        np.where(online, A.PROCESSING_DAYS_MEAN["online"], A.PROCESSING_DAYS_MEAN["offline"]) / 2.0,
    )
    verified = registered + pd.to_timedelta(np.ceil(days), unit="D")
    never = rng.random(n) < 0.02
    verified = verified.where(~never)
    base, per_error = A.ADMIN_FAIL
    admin_pass = rng.random(n) >= np.minimum(1.0, base + per_error * doc_errors)
    admin_pass &= ~never

    age = np.where(cpns, rng.integers(20, 36, n), rng.integers(22, 51, n))
    kind = keys.lookup(f["position_id"], positions.set_index("position_id")["kind"]).to_numpy()
    education = np.where(
        kind == "pelaksana",
        rng.choice(["sma", "d3", "s1"], n),
        np.where(kind == "fungsional_terampil", "d3", "s1"),
    )
    group = np.full(n, "general", dtype=object)
    u = rng.random(n)
    group[cpns & (u < A.SPECIAL_GROUP_SHARE["cumlaude"])] = "cumlaude"
    group[cpns & (u > 1 - A.SPECIAL_GROUP_SHARE["disability"])] = "disability"
    local = rng.random(n) < A.SHARE_LOCAL

    traits = rng.standard_normal((n, len(TRAITS)))
    y = performance(traits, A.PERFORMANCE_WEIGHTS, rng)
    latent = pd.DataFrame(traits, columns=[f"trait_{t}" for t in TRAITS])
    latent["performance"] = y
    for name, m in A.MEASURES.items():
        a = loading_for(m, A.PERFORMANCE_WEIGHTS)
        latent[f"z_{name}"] = a * composite(traits, m.composite) + np.sqrt(1 - a**2) * (
            rng.standard_normal(n)
        )

    out = pd.DataFrame(
        {
            "applicant_id": sequential_ids("a", n, 7),
            "formasi_id": f["formasi_id"],
            "channel": channel,
            "registration_mode": mode,
            "registered_on": registered,
            "verified_on": verified,
            "doc_errors": doc_errors,
            "admin_pass": admin_pass,
            "gender": np.where(rng.random(n) < 0.5, "female", "male"),
            "age": age,
            "education": education,
            "gpa": np.round(np.clip(rng.normal(3.3, 0.3, n), 2.0, 4.0), 2),
            "origin": np.where(local, "local", "non_local"),
            "special_group": group,
        }
    )
    out = out.join(_skd_scores(latent, year, cpns & admin_pass))
    out = out.join(_pppk_scores(latent, year, ~cpns & admin_pass))
    latent.insert(0, "applicant_id", out["applicant_id"])
    latent["skb_cat"] = _points(latent["z_skb_cat"], *A.SKB_MEAN_SD)
    latent["skb_psych"] = _points(latent["z_skb_psych"], *A.SKB_MEAN_SD)
    return out, latent


def _points(z: pd.Series, mean: float, sd: float, top: float = 100.0) -> pd.Series:
    return np.round(np.clip(mean + sd * z, 0, top), 2)


def _skd_scores(latent: pd.DataFrame, year: np.ndarray, sat: np.ndarray) -> pd.DataFrame:
    out = {}
    for part in rules.SKD_PARTS:
        maximum = (
            pd.Series(year)
            .map({y: getattr(r.format, f"{part}_max") for y, r in rules.SKD.items()})
            .to_numpy(dtype=float)
        )
        mean, sd = A.SKD_MEAN_SD[part]
        raw = np.clip(maximum * (mean + sd * latent[f"z_{part}"].to_numpy()), 0, maximum)
        step = 5 if part in ("twk", "tiu") else 1
        points = np.round(raw / step) * step
        out[part] = pd.array(np.where(sat, points, np.nan), dtype="Float64").round().astype("Int64")
    return pd.DataFrame(out)


def _pppk_scores(latent: pd.DataFrame, year: np.ndarray, sat: np.ndarray) -> pd.DataFrame:
    out = {}
    for part in ("technical", "managerial_social", "interview"):
        maximum = (
            pd.Series(year)
            .map({y: getattr(r, f"{part}_max") for y, r in rules.PPPK.items()})
            .to_numpy(dtype=float)
        )
        mean, sd = A.PPPK_MEAN_SD[part]
        raw = np.clip(maximum * (mean + sd * latent[f"z_pppk_{part}"].to_numpy()), 0, maximum)
        out[f"pppk_{part}"] = np.where(sat & ~np.isnan(maximum), np.round(raw), np.nan)
    return pd.DataFrame(out)


def panel_ratings(
    applicants: pd.DataFrame,
    latent: pd.DataFrame,
    formasi: pd.DataFrame,
    regions: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Every applicant's ratings by the panel of each panel-rated stage of the region.

    Returns one row per applicant, stage and seat: ``applicant_id``, ``stage`` (data-model
    name), ``measure`` (competency or interview), ``assessor_id``, ``assessor_type``,
    ``rating``, ``panel``.
    """
    region_id = keys.lookup(applicants["formasi_id"], formasi.set_index("formasi_id")["region_id"])
    year = keys.lookup(applicants["formasi_id"], formasi.set_index("formasi_id")["year"])
    info = regions.set_index("region_id")
    traits = latent[[f"trait_{t}" for t in TRAITS]].to_numpy()
    local = (applicants["origin"] == "local").to_numpy()
    mean, sd = A.RATING_SCALE
    frames = []
    for measure in ("competency", "interview"):
        stage = keys.lookup(region_id, info[f"{measure}_stage"])
        panel = keys.lookup(region_id, info["panel_type"])
        rated = stage.notna().to_numpy()
        for panel_type in ("external", "mixed", "internal"):
            rows = np.flatnonzero(rated & (panel == panel_type).to_numpy())
            if not len(rows):
                continue
            seats = A.PANEL_SEATS[panel_type]
            biases = np.array([A.LOCAL_BIAS_INTERNAL if s == "internal" else 0.0 for s in seats])
            cal = calibrate_panel(
                A.PANEL_MEASURES[(measure, panel_type)],
                A.PERFORMANCE_WEIGHTS,
                icc=A.PANEL_ICC[panel_type],
                n_raters=len(seats),
                bias=float(biases.mean()),
                share_local=A.SHARE_LOCAL,
                leniency_share=A.LENIENCY_SHARE,
            )
            m = A.PANEL_MEASURES[(measure, panel_type)]
            true = cal.loading * composite(traits[rows], m.composite) + (
                cal.specific_sd * rng.standard_normal(len(rows))
            )
            pool_key = region_id.to_numpy()[rows] + "-" + year.astype(str).to_numpy()[rows]
            for seat, (assessor_type, bias) in enumerate(zip(seats, biases, strict=True)):
                pick = rng.integers(0, A.ASSESSORS_PER_POOL, len(rows))
                # each seat draws from its own sub-pool, so a panel's assessors are distinct
                assessor = np.char.add(
                    np.char.add(pool_key.astype(str), f"-{assessor_type}-{seat}"),
                    pick.astype(str),
                )
                leniency = _leniency(assessor, cal.leniency_sd)
                z = (
                    true
                    + bias * local[rows]
                    + leniency
                    + cal.error_sd * rng.standard_normal(len(rows))
                )
                frames.append(
                    pd.DataFrame(
                        {
                            "applicant_id": applicants["applicant_id"].to_numpy()[rows],
                            "stage": stage.to_numpy()[rows],
                            "measure": measure,
                            "assessor_id": assessor,
                            "assessor_type": assessor_type,
                            "rating": np.round(np.clip(mean + sd * z, 0, 100), 1),
                            "panel": panel_type,
                            "seat": seat,
                        }
                    )
                )
    if not frames:
        return pd.DataFrame(
            columns=[
                "applicant_id",
                "stage",
                "measure",
                "assessor_id",
                "assessor_type",
                "rating",
                "panel",
                "seat",
            ]
        )
    return pd.concat(frames, ignore_index=True)


def _leniency(assessor: np.ndarray, sd: float) -> np.ndarray:
    """A fixed leniency per assessor id, the same wherever the assessor sits."""
    codes, inverse = np.unique(assessor, return_inverse=True)
    seeds = np.array(
        [int.from_bytes(c.encode()[-8:].rjust(8, b"\0"), "little") % (2**32) for c in codes],
        dtype=np.uint64,
    )
    values = np.random.default_rng(seeds).standard_normal(len(codes)) * sd
    return values[inverse]


def select(
    applicants: pd.DataFrame,
    latent: pd.DataFrame,
    ratings: pd.DataFrame,
    formasi: pd.DataFrame,
    regions: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the official rules; reveal SKB scores and ratings only for SKB participants.

    Returns the applicants table with SKB columns, ``panel`` and ``hired`` filled in, and the
    assessments table.
    """
    out = applicants.copy()
    panel_mean = ratings.pivot_table(
        index="applicant_id", columns="measure", values="rating", aggfunc="mean"
    ).round(2)
    for measure in ("competency", "interview"):
        column = panel_mean[measure] if measure in panel_mean else pd.Series(dtype=float)
        out[f"skb_{measure}"] = keys.lookup(out["applicant_id"], column)
    out["skb_cat"] = latent["skb_cat"].to_numpy()
    region_id = keys.lookup(out["formasi_id"], formasi.set_index("formasi_id")["region_id"])
    info = regions.set_index("region_id")
    uses_psych = keys.lookup(region_id, info["extra_test"]).eq("psych").to_numpy()
    out["skb_psych"] = np.where(uses_psych, latent["skb_psych"].to_numpy(), np.nan)
    out["skb_practical"] = np.nan
    out["panel"] = keys.lookup(region_id, info["panel_type"]).where(
        keys.lookup(region_id, info["competency_stage"]).notna()
        | keys.lookup(region_id, info["interview_stage"]).notna()
    )

    results = []
    for extra, group in out.groupby(keys.lookup(region_id, info["extra_test"]).fillna("none")):
        weights = {"cat": 1.0} if extra == "none" else {"cat": 0.6, extra: 0.4}
        results.append(
            selection.apply_rules(
                group, formasi, skb_weights=weights, pppk_technical_pass=A.PPPK_TECHNICAL_PASS
            ).set_index(group.index)
        )
    result = pd.concat(results).loc[out.index]
    reached = result["to_skb"].to_numpy()
    for column in rules.SKB_COLUMNS:
        out[column] = out[column].where(reached)
    out["panel"] = out["panel"].where(reached)
    out["hired"] = result["selected"].to_numpy()
    seen = ratings["applicant_id"].isin(out.loc[reached, "applicant_id"])
    assessments = ratings.loc[
        seen, ["applicant_id", "stage", "assessor_id", "assessor_type", "rating"]
    ].reset_index(drop=True)
    return out, assessments
