"""The simulator's core: the tables of named regions and their truth, drawn from the region
parameters (:func:`region_parameters`) through the workforce, recruitment and outcome models of
this package, in a fixed order of random streams (:data:`N_STREAMS`), so that the same seed
gives the same tables. :func:`generate` is the entry point; the national batches
(:mod:`asnpolicy.synth.national`) call :func:`simulate` directly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import keys, rules
from .. import regions as registry
from ..io import Dataset, from_tables
from ..schema import TABLES
from . import assumptions as A
from . import outcomes, recruitment, workforce
from .ids import sequential_ids
from .latent import TRAITS

__all__ = ["DEFAULT_YEARS", "N_STREAMS", "generate", "region_parameters", "simulate"]

DEFAULT_YEARS = (2019, 2021, 2023, 2024)
#: Random streams spawned per region (a new stream goes at the end: spawn keeps the earlier ones).
N_STREAMS = 13


def region_parameters(region_list: list[registry.Region], scale: float = 1.0) -> pd.DataFrame:
    """The simulator's parameters of each region, derived from its registry entry and profile.

    Sizes come from population and kind (``assumptions.EMPLOYEES_PER_PERSON``); the rest from
    the policy profile: panel type and panel-rated stages, the extra SKB test, online share,
    needs-based formasi, induction training, feedback practices, SKM coverage, merit promotion.
    """
    rows = []
    for r in region_list:
        p = r.profile
        stages = set(p.selection_stages)
        if r.kind == "kecamatan" or r.population is None:
            n_employees = A.EMPLOYEES_KECAMATAN
        else:
            rate = A.EMPLOYEES_PER_PERSON.get(r.kind, A.EMPLOYEES_PER_PERSON["kabupaten"])
            n_employees = r.population * rate
        interview = (
            "in_depth_interview"
            if "in_depth_interview" in stages
            else "interview"
            if "interview" in stages
            else None
        )
        induction = next((t for t in p.training_programmes if t in outcomes.PROGRAMMES), None)
        rows.append(
            {
                **r.as_row(),
                "n_employees": max(40.0, n_employees * scale),
                "n_units": int(
                    min(
                        A.UNITS_BY_KIND[r.kind],
                        max(4, round(n_employees * scale / A.STAFF_PER_UNIT_MIN)),
                    )
                ),
                "panel_type": p.panel_type,
                "competency_stage": "competency" if "competency" in stages else None,
                "interview_stage": interview,
                "extra_test": (
                    "competency"
                    if "competency" in stages
                    else "psych"
                    if "psych" in stages
                    else None
                ),
                "online_share": A.ONLINE_SHARE[p.online_registration],
                "needs_based": any("needs_analysis" in m for m in p.merit_practices),
                "induction_programme": induction,
                "peer_feedback": "coworker_feedback" in p.feedback_practices,
                "citizen_feedback": "citizen_feedback_in_evaluation" in p.feedback_practices,
                "skm_coverage": 1.0 if "routine_skm_surveys" in p.feedback_practices else 0.7,
                "merit_promotion": "merit_appointment_promotion" in p.merit_practices,
            }
        )
    return pd.DataFrame(rows)


def generate(
    regions: Sequence[str] | str | None = None,
    years: Sequence[int] = DEFAULT_YEARS,
    seed: int = 2026,
    scale: float = 1.0,
) -> Dataset:
    """Generate the twelve tables, and each region's ``region_policies`` row, with a known
    truth.

    Parameters
    ----------
    regions : str, list of str or None
        Region ids from the registry (default: the four study regions). The national data
        (about 550 synthetic regions, for benchmarks) come from
        :func:`asnpolicy.synth.national.national_dataset`.
    years : sequence of int
        Recruitment years; the tracks of each year follow ``assumptions.TRACKS_BY_YEAR``
        (2023: PPPK only).
    seed : int
        The same seed gives identical tables.
    scale : float
        Multiplies every size (employees, and through them units' FTE, formasi, applicants).

    Returns
    -------
    Dataset
        Validated tables, ``synthetic=True``, and ``truth`` with:

        - ``validity``: target applicant-pool validity of each measure (and panel type);
        - ``applicant_latent``: per applicant, the four traits, latent later performance
          ``performance`` and every would-be score (``z_*`` standardised; ``skb_*`` and
          ``panel_<measure>`` on their scales) whether or not the applicant reached that stage;
        - ``employee_performance``: latent performance per employee (SD units);
        - ``staffing``: per position, the FTE the ABK lines imply, headcount and shortage;
        - ``understaffed_units``: units generated understaffed (before the recorded
          recruitment, which fills part of their gap; ``staffing`` is the exact final state);
        - ``retirements``: per unit and year, employees reaching BUP;
        - ``unit_quality``: per front-line unit and year, staff mean performance, latent
          quality and the exact expected IKM; ``skm_staff_effect`` its slope;
        - ``training_gain``, ``training_performance_effect``: true effects by provider;
        - ``hire_performance_by_panel``: n and mean latent performance of CPNS hires by the
          panel type of their region (``none``: CAT-SKB only), the link from recruitment
          method to later performance;
        - ``regions``: the parameter table; ``assumptions``: every assumed number.
    """
    ids = (
        registry.region_ids()
        if regions is None
        else ([regions] if isinstance(regions, str) else list(regions))
    )
    region_list = [registry.get_region(i) for i in ids]
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(N_STREAMS)]
    tables, truth = simulate(region_list, years, streams, scale)
    truth["seed"] = seed
    source = f"synthetic (seed {seed}, scale {scale:g})"
    return from_tables(tables, source=source, truth=truth, synthetic=True)


def simulate(
    region_list: list[registry.Region],
    years: Sequence[int],
    streams: list[np.random.Generator],
    scale: float = 1.0,
) -> tuple[dict[str, pd.DataFrame], dict]:
    """The tables (not yet validated) and the truth for the regions, drawing from
    ``N_STREAMS`` random streams (stream 0 is not used: it draws the national regions)."""
    params = region_parameters(region_list, scale)

    units = workforce.units(params, streams[1])
    units["service_population"] = workforce.service_population(units, streams[12])
    positions = workforce.positions(units, streams[2])
    workload = workforce.workload(positions, streams[3])
    staff = workforce.employees(positions, units, streams[4])

    formasi = recruitment.formasi(params, positions, units, tuple(years), streams[5])
    applicants, latent = recruitment.applicants(formasi, params, positions, streams[6])
    ratings = recruitment.panel_ratings(applicants, latent, formasi, params, streams[7])
    panel_means = ratings.pivot_table(
        index="applicant_id", columns="measure", values="rating", aggfunc="mean"
    )
    for measure in ("competency", "interview"):
        latent[f"panel_{measure}"] = latent["applicant_id"].map(
            panel_means[measure] if measure in panel_means else pd.Series(dtype=float)
        )
    # The panel type of the applicant's region, empty where the region has no panel stage.
    region_of = keys.lookup(applicants["formasi_id"], formasi.set_index("formasi_id")["region_id"])
    info = params.set_index("region_id")
    has_panel = (
        keys.lookup(region_of, info["competency_stage"]).notna()
        | keys.lookup(region_of, info["interview_stage"]).notna()
    )
    latent["panel"] = keys.lookup(region_of, info["panel_type"]).where(has_panel).to_numpy()
    applicants, assessments = recruitment.select(applicants, latent, ratings, formasi, params)

    recruits = _recruits(applicants, latent, formasi, positions, units, len(staff), streams[8])
    employees = pd.concat([staff, recruits.drop(columns="performance")], ignore_index=True)
    y = pd.concat(
        [
            pd.Series(streams[8].standard_normal(len(staff)), index=staff["employee_id"]),
            recruits.set_index("employee_id")["performance"],
        ]
    )

    training = outcomes.training(employees, y, params, streams[9])
    performance = outcomes.performance(employees, y, training, params, units, streams[10])
    quality = outcomes.unit_quality(employees, y, units, streams[11])
    skm = outcomes.skm(quality, params, units, streams[11])
    promotions = outcomes.promotions(employees, positions, units, y, params, streams[9])

    frames = {
        "regions": params, "units": units, "positions": positions, "workload": workload,
        "employees": employees, "formasi": formasi, "applicants": applicants,
        "assessments": assessments, "performance": performance, "skm": skm,
        "training": training, "promotions": promotions,
        # each region's policy profile as data, with the SKB weights its hires were made by
        "region_policies": pd.DataFrame([r.policy_row() for r in region_list]),
    }  # fmt: skip
    # Keep the data-model columns of each table; the simulator's working columns are truth.
    tables = {
        name: frame[[c for c in TABLES[name].columns if c in frame.columns]]
        for name, frame in frames.items()
    }
    truth = _truth(scale, params, workload, employees, positions, units, latent, y, quality)
    hired = latent.assign(
        hired=applicants["hired"].to_numpy(),
        track=keys.lookup(
            applicants["formasi_id"], formasi.set_index("formasi_id")["track"]
        ).to_numpy(),
    )
    hired = hired[hired["hired"] & hired["track"].eq("cpns")]
    truth["hire_performance_by_panel"] = (
        hired.groupby(hired["panel"].fillna("none"))["performance"]
        .agg(["size", "mean"])
        .rename(columns={"size": "n", "mean": "mean_performance"})
    )
    return tables, truth


def _recruits(applicants, latent, formasi, positions, units, offset, rng) -> pd.DataFrame:
    """Hired applicants as employees (appointed the year after their formasi)."""
    hired = applicants[applicants["hired"]].reset_index(drop=True)
    f = formasi.set_index("formasi_id").loc[hired["formasi_id"]].reset_index()
    lat = latent.set_index("applicant_id").loc[hired["applicant_id"]].reset_index()
    unit_id = keys.lookup(f["position_id"], positions.set_index("position_id")["unit_id"])
    level = np.clip(np.round(3 + lat[[f"trait_{t}" for t in ("K", "M", "C")]].to_numpy()), 1, 5)
    n = len(hired)
    return pd.DataFrame(
        {
            "employee_id": sequential_ids("e", n, 7, start=offset),
            "region_id": f["region_id"],
            "unit_id": unit_id,
            "position_id": f["position_id"],
            "status": np.where(f["track"] == "cpns", "pns", "pppk"),
            "gender": hired["gender"],
            "birth_year": f["year"] - hired["age"],
            "birth_month": rng.integers(1, 13, n),
            "education": hired["education"],
            "hire_year": f["year"] + 1,
            "origin": hired["origin"],
            "applicant_id": hired["applicant_id"],
            "comp_teknis": level[:, 0].astype(int),
            "comp_manajerial": level[:, 1].astype(int),
            "comp_sosial_kultural": level[:, 2].astype(int),
            "performance": lat["performance"].to_numpy(),
        }
    )


def _truth(scale, params, workload, employees, positions, units, latent, y, quality):
    fte = workforce.required_fte(workload)
    headcount = employees["position_id"].value_counts()
    staffing = positions[["position_id", "unit_id"]].assign(
        required_fte=positions["position_id"].map(fte).fillna(0.0).to_numpy(),
        headcount=positions["position_id"].map(headcount).fillna(0).astype(int).to_numpy(),
    )
    staffing["shortage"] = staffing["required_fte"] - staffing["headcount"]
    kind = keys.lookup(employees["position_id"], positions.set_index("position_id")["kind"])
    retire_year = employees["birth_year"] + kind.map(rules.BUP)
    retirements = (
        pd.DataFrame({"unit_id": employees["unit_id"], "year": retire_year})
        .value_counts()
        .rename("retirements")
        .reset_index()
        .sort_values(["unit_id", "year"], ignore_index=True)
    )
    validity = pd.DataFrame(
        [
            {"measure": m.name, "panel": None, "validity": m.validity, "source": m.source}
            for m in A.MEASURES.values()
        ]
        + [
            {
                "measure": f"panel_{stage}",
                "panel": panel,
                "validity": m.validity,
                "source": m.source,
            }
            for (stage, panel), m in A.PANEL_MEASURES.items()
        ]
    )
    return {
        "scale": scale,
        "reference_year": A.REFERENCE_YEAR,
        "regions": params,
        "traits": TRAITS,
        "performance_weights": dict(A.PERFORMANCE_WEIGHTS),
        "validity": validity,
        "applicant_latent": latent,
        "employee_performance": y,
        "staffing": staffing,
        "understaffed_units": units.loc[units["understaffed"], "unit_id"].tolist(),
        "retirements": retirements,
        "unit_quality": quality,
        "skm_staff_effect": A.IKM_STAFF_EFFECT,
        "training_gain": dict(A.TRAINING_GAIN),
        "training_performance_effect": dict(A.TRAINING_PERFORMANCE_EFFECT),
        "assumptions": pd.DataFrame([a.__dict__ for a in A.ASSUMPTIONS]),
    }
