"""Synthetic outcomes: yearly SKP, feedback, training, promotions and citizen surveys.

Each employee has a latent performance ``Y`` (for recruits, the one the selection measures
predicted). Yearly observed performance has the reliability of supervisory ratings; work
results and behaviour are cut into below / as expected / above, and the SKP rating follows the
official matrix. A unit's service quality rises with its staff's mean performance, and the SKM
answers follow it, so recruitment that picks better performers raises the unit's IKM.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from .. import keys, rules
from . import assumptions as A
from .ids import sequential_ids

__all__ = [
    "PROGRAMMES",
    "expected_ikm",
    "performance",
    "promotions",
    "skm",
    "training",
    "training_boost",
    "unit_quality",
]

_SERVICES = {
    "health": "Pelayanan kesehatan",
    "education": "Pelayanan pendidikan",
    "population_registry": "Administrasi kependudukan",
    "administration": "Pelayanan administrasi",
    "social_services": "Pelayanan sosial",
    "agriculture": "Penyuluhan pertanian",
    "transport": "Perizinan perhubungan",
    "public_order": "Ketertiban umum",
}
PROGRAMMES = {
    "management_training_new_recruits": ("Pelatihan manajemen pegawai baru", "university"),
    "training_with_expert_speakers": ("Pelatihan dengan narasumber ahli", "expert_speaker"),
    "training_new_health_workers": ("Pelatihan tenaga kesehatan baru", "internal"),
    "public_management_training_new_staff": ("Pelatihan manajemen publik", "university"),
}


def training(
    employees: pd.DataFrame, latent_y: pd.Series, regions: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Induction training of each region's recruits, plus Latsar and refresher courses."""
    info = regions.set_index("region_id")
    recruit = employees["applicant_id"].notna().to_numpy()
    programme = keys.lookup(employees["region_id"], info["induction_programme"]).to_numpy()
    rows = []
    has = recruit & pd.notna(programme)
    if has.any():
        name, provider = zip(*[PROGRAMMES[p] for p in programme[has]], strict=True)
        rows.append(
            pd.DataFrame(
                {
                    "employee_id": employees["employee_id"].to_numpy()[has],
                    "year": employees["hire_year"].to_numpy()[has],
                    "program": name,
                    "provider": provider,
                }
            )
        )
    rows.append(
        pd.DataFrame(
            {
                "employee_id": employees.loc[recruit, "employee_id"],
                "year": employees.loc[recruit, "hire_year"],
                "program": "Latihan Dasar CPNS",
                "provider": "bpsdm",
            }
        )
    )
    refresh = ~recruit & (rng.random(len(employees)) < 0.15)
    rows.append(
        pd.DataFrame(
            {
                "employee_id": employees.loc[refresh, "employee_id"],
                "year": rng.choice(A.PERFORMANCE_YEARS, refresh.sum()),
                "program": "Pelatihan teknis",
                "provider": rng.choice(
                    ["internal", "bpsdm", "university", "expert_speaker"],
                    refresh.sum(),
                    p=[0.5, 0.3, 0.1, 0.1],
                ),
            }
        )
    )
    out = pd.concat(rows, ignore_index=True)
    out["hours"] = rng.choice([24.0, 40.0, 60.0, 120.0], len(out))
    out.loc[out["program"] == "Latihan Dasar CPNS", "hours"] = 120.0
    gain = out["provider"].map(A.TRAINING_GAIN).to_numpy()
    ability = keys.lookup(out["employee_id"], latent_y).to_numpy()
    pre = np.clip(rng.normal(60 + 4 * ability, 9), 0, 100)
    out["pre_score"] = np.round(pre, 1)
    out["post_score"] = np.round(np.clip(pre + gain + rng.normal(0, 5, len(out)), 0, 100), 1)
    return out


def training_boost(training: pd.DataFrame, employee_ids: pd.Series, years: pd.Series):
    """Latent performance gained from training taken before each year (truth)."""
    effect = training["provider"].map(A.TRAINING_PERFORMANCE_EFFECT)
    per = pd.DataFrame(
        {"employee_id": training["employee_id"], "year": training["year"], "effect": effect}
    )
    keys = pd.DataFrame({"employee_id": employee_ids.to_numpy(), "year": years.to_numpy()})
    merged = keys.reset_index().merge(per, on="employee_id", how="left", suffixes=("", "_trained"))
    merged = merged[merged["year_trained"] < merged["year"]]
    boost = merged.groupby("index")["effect"].sum()
    return boost.reindex(range(len(keys)), fill_value=0.0).to_numpy()


def performance(
    employees: pd.DataFrame,
    latent_y: pd.Series,
    training: pd.DataFrame,
    regions: pd.DataFrame,
    units: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Yearly SKP ratings with peer and citizen scores where the region collects them."""
    years = np.array(A.PERFORMANCE_YEARS)
    start = employees["hire_year"].to_numpy()
    idx, col = np.nonzero(years[None, :] > start[:, None])  # employee-years after hiring
    year = years[col]
    e = employees[["employee_id", "region_id", "unit_id"]].iloc[idx].reset_index(drop=True)
    y = keys.lookup(e["employee_id"], latent_y).to_numpy() + training_boost(
        training, e["employee_id"], pd.Series(year)
    )
    rel = A.YEARLY_RATING_RELIABILITY
    n = len(e)
    result_z = np.sqrt(rel) * y + np.sqrt(1 - rel) * rng.standard_normal(n)
    behaviour_z = np.sqrt(rel) * y + np.sqrt(1 - rel) * rng.standard_normal(n)
    below, above = A.SKP_THRESHOLDS
    levels = np.array(["below", "as_expected", "above"])
    result_level = np.digitize(result_z, [below, above])
    behaviour_level = np.digitize(behaviour_z, [below, above])
    work_result, behaviour = levels[result_level], levels[behaviour_level]
    # the official matrix as a 3 x 3 table indexed like ``levels``
    matrix = np.array([[rules.SKP_MATRIX[(w, b)] for b in levels] for w in levels], dtype=object)
    rating = matrix[result_level, behaviour_level]
    info = regions.set_index("region_id")
    peer = keys.lookup(e["region_id"], info["peer_feedback"]).to_numpy(dtype=bool)
    front_line = units.set_index("unit_id")["front_line"]
    front = keys.lookup(e["unit_id"], front_line).to_numpy(dtype=bool)
    citizen = keys.lookup(e["region_id"], info["citizen_feedback"]).to_numpy(dtype=bool) & front
    peer_score = np.clip(72 + 8 * (0.6 * y + 0.8 * rng.standard_normal(n)), 0, 100)
    citizen_score = np.clip(75 + 7 * (0.5 * y + 0.87 * rng.standard_normal(n)), 0, 100)
    return pd.DataFrame(
        {
            "employee_id": e["employee_id"],
            "year": year,
            "skp_rating": rating,
            "work_result": work_result,
            "behaviour": behaviour,
            "peer_score": np.where(peer, np.round(peer_score, 1), np.nan),
            "citizen_score": np.where(citizen, np.round(citizen_score, 1), np.nan),
        }
    )


def unit_quality(
    employees: pd.DataFrame, latent_y: pd.Series, units: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """True latent service quality per front-line unit and year, and its expected IKM."""
    front = units[units["front_line"]].reset_index(drop=True)
    staff_y = keys.lookup(employees["employee_id"], latent_y)
    rows = []
    unit_effect = rng.normal(0, A.IKM_UNIT_SD, len(front))
    for year in A.PERFORMANCE_YEARS:
        in_post = employees["hire_year"] <= year  # staff serving that year
        mean_y = staff_y[in_post].groupby(employees.loc[in_post, "unit_id"]).mean()
        drift = rng.normal(0, 0.05, len(front))
        staff = keys.lookup(front["unit_id"], mean_y).fillna(0.0).to_numpy()
        quality = A.IKM_BASE + A.IKM_STAFF_EFFECT * staff + unit_effect + drift
        rows.append(
            pd.DataFrame(
                {
                    "unit_id": front["unit_id"],
                    "year": year,
                    "staff_mean_performance": staff,
                    "unit_effect": unit_effect,
                    "quality": quality,
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    out["expected_ikm"] = expected_ikm(out["quality"].to_numpy())
    return out


def expected_ikm(quality: np.ndarray) -> np.ndarray:
    """IKM (25-100) expected from latent quality under the answer model (exact)."""
    shifts = np.array(A.IKM_ELEMENT_SHIFT)
    cuts = np.array(A.IKM_THRESHOLDS)
    latent = quality[:, None, None] + shifts[None, :, None] - cuts[None, None, :]
    mean_answer = 1 + norm.cdf(latent).sum(axis=2)
    return rules.IKM_CONVERSION * mean_answer.mean(axis=1)


def skm(
    quality: pd.DataFrame, regions: pd.DataFrame, units: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Survey answers for the unit-years each region surveys."""
    region = keys.lookup(quality["unit_id"], units.set_index("unit_id")["region_id"])
    coverage = keys.lookup(region, regions.set_index("region_id")["skm_coverage"]).to_numpy()
    surveyed = quality[rng.random(len(quality)) < coverage].reset_index(drop=True)
    lo, hi = A.SKM_RESPONSES
    counts = rng.integers(lo, hi + 1, len(surveyed))
    idx = np.repeat(np.arange(len(surveyed)), counts)
    n = len(idx)
    q = surveyed["quality"].to_numpy()[idx]
    shifts = np.array(A.IKM_ELEMENT_SHIFT)
    latent = q[:, None] + shifts[None, :] + rng.standard_normal((n, len(shifts)))
    answers = 1 + np.digitize(latent, A.IKM_THRESHOLDS)
    sector = keys.lookup(surveyed["unit_id"], units.set_index("unit_id")["sector"]).to_numpy()[idx]
    day = rng.integers(0, 300, n)
    dates = pd.to_datetime(surveyed["year"].to_numpy()[idx].astype(str) + "-02-01") + (
        pd.to_timedelta(day, unit="D")
    )
    out = pd.DataFrame(
        {
            "response_id": sequential_ids("s", n, 8),
            "unit_id": surveyed["unit_id"].to_numpy()[idx],
            "survey_date": dates,
            "service": pd.Series(sector).map(_SERVICES).fillna("Pelayanan umum").to_numpy(),
        }
    )
    for k in range(len(shifts)):
        out[f"u{k + 1}"] = answers[:, k]
    out["respondent_gender"] = np.where(rng.random(n) < 0.52, "female", "male")
    out["respondent_age"] = rng.integers(17, 76, n)
    out["respondent_education"] = rng.choice(
        ["sd", "smp", "sma", "d3", "s1", "s2"], n, p=[0.1, 0.15, 0.4, 0.1, 0.2, 0.05]
    )
    return out


def promotions(
    employees: pd.DataFrame,
    positions: pd.DataFrame,
    units: pd.DataFrame,
    latent_y: pd.Series,
    regions: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Promotions to supervisory posts, by method; merit regions assess competency."""
    kind = keys.lookup(employees["position_id"], positions.set_index("position_id")["kind"])
    eligible = employees[kind.ne("jpt_pratama")]
    rows = []
    targets = positions[positions["kind"].isin(["pengawas", "administrator"])]
    target_region = keys.lookup(targets["unit_id"], units.set_index("unit_id")["region_id"])
    pools = targets.groupby(target_region)["position_id"].agg(lambda p: p.to_numpy())
    for year in A.PERFORMANCE_YEARS:
        chosen = eligible[
            (rng.random(len(eligible)) < A.PROMOTION_RATE) & (eligible["hire_year"] < year)
        ]
        if chosen.empty:
            continue
        merit = keys.lookup(chosen["region_id"], regions.set_index("region_id")["merit_promotion"])
        method = np.where(
            merit,
            rng.choice(
                ["open_selection", "competency_assessment", "talent_pool"],
                len(chosen),
                p=[0.5, 0.3, 0.2],
            ),
            rng.choice(
                ["open_selection", "seniority", "direct_appointment", "competency_assessment"],
                len(chosen),
                p=[0.3, 0.35, 0.2, 0.15],
            ),
        )
        to_position = np.empty(len(chosen), dtype=object)
        for region_id, group in chosen.groupby("region_id").groups.items():
            pool = pools[region_id]
            to_position[chosen.index.get_indexer(group)] = rng.choice(pool, len(group))
        assessed = np.isin(method, ["open_selection", "competency_assessment", "talent_pool"])
        y = keys.lookup(chosen["employee_id"], latent_y).to_numpy()
        score = np.clip(65 + 10 * (0.5 * y + 0.87 * rng.standard_normal(len(chosen))), 0, 100)
        rows.append(
            pd.DataFrame(
                {
                    "employee_id": chosen["employee_id"].to_numpy(),
                    "year": year,
                    "to_position_id": to_position,
                    "method": method,
                    "competency_score": np.where(assessed, np.round(score, 1), np.nan),
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    return out.drop_duplicates(["employee_id", "year", "to_position_id"]).reset_index(drop=True)
