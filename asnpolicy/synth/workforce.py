"""Synthetic units, positions, ABK workload lines and current employees.

Each unit's required FTE is set first; its positions split that FTE; each position's ABK task
lines are generated so that they add up to the position's FTE (with the official effective
working time and annualisation factors); headcount is then drawn around the required FTE, lower
in the units marked understaffed. The truth records, per position, the FTE the lines imply and
the headcount, so an analysis of the workload file can be checked against it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import keys, rules
from . import assumptions as A
from .ids import sequential_ids

__all__ = ["employees", "positions", "required_fte", "service_population", "units", "workload"]

# (sector, name, front_line, staff weight, head kind)
_UNIT_TEMPLATE = (
    ("administration", "Sekretariat Daerah", False, 3.0, "jpt_pratama"),
    ("education", "Dinas Pendidikan", True, 9.0, "jpt_pratama"),
    ("health", "Dinas Kesehatan", False, 2.0, "jpt_pratama"),
    ("health", "RSUD", True, 6.0, "jpt_pratama"),
    ("finance", "Badan Keuangan dan Aset Daerah", False, 1.5, "jpt_pratama"),
    ("administration", "BKPSDM", False, 1.0, "jpt_pratama"),
    ("public_works", "Dinas PUPR", False, 2.0, "jpt_pratama"),
    ("population_registry", "Dinas Kependudukan dan Pencatatan Sipil", True, 1.5, "jpt_pratama"),
    ("social_services", "Dinas Sosial", True, 1.0, "jpt_pratama"),
    ("economy", "Dinas Perdagangan dan Perindustrian", False, 1.0, "jpt_pratama"),
    ("agriculture", "Dinas Pertanian", True, 1.5, "jpt_pratama"),
    ("environment", "Dinas Lingkungan Hidup", False, 1.0, "jpt_pratama"),
    ("transport", "Dinas Perhubungan", True, 1.0, "jpt_pratama"),
    ("public_order", "Satuan Polisi Pamong Praja", True, 1.5, "jpt_pratama"),
    ("administration", "Sekretariat DPRD", False, 1.0, "jpt_pratama"),
    ("other", "Badan Perencanaan Pembangunan Daerah", False, 1.0, "jpt_pratama"),
)
_REPEATED = (
    ("health", "Puskesmas", True, 1.8, "administrator"),
    ("administration", "Kecamatan", True, 1.0, "administrator"),
)
_KECAMATAN_TEMPLATE = (
    ("administration", "Kantor Camat", True, 2.0, "administrator"),
    ("health", "Puskesmas", True, 3.0, "administrator"),
    ("education", "UPTD Pendidikan", True, 5.0, "administrator"),
    ("administration", "Kantor Kelurahan", True, 0.8, "pengawas"),
)

# Staff positions by sector: (title, kind, share of the unit's remaining FTE)
_STAFF = {
    "education": (
        ("Guru Ahli Pertama", "fungsional_ahli_pertama", 0.45),
        ("Guru Ahli Muda", "fungsional_ahli_muda", 0.30),
        ("Guru Ahli Madya", "fungsional_ahli_madya", 0.15),
        ("Pengadministrasi Umum", "pelaksana", 0.10),
    ),
    "health": (
        ("Perawat Ahli Pertama", "fungsional_ahli_pertama", 0.30),
        ("Perawat Terampil", "fungsional_terampil", 0.20),
        ("Bidan Terampil", "fungsional_terampil", 0.20),
        ("Dokter Ahli Muda", "fungsional_ahli_muda", 0.15),
        ("Pengadministrasi Umum", "pelaksana", 0.15),
    ),
}
_STAFF_DEFAULT = (
    ("Analis Kebijakan Ahli Muda", "fungsional_ahli_muda", 0.20),
    ("Pranata Komputer Terampil", "fungsional_terampil", 0.15),
    ("Pengolah Data", "pelaksana", 0.30),
    ("Pengadministrasi Umum", "pelaksana", 0.35),
)

_TASKS = (
    "Menyusun laporan",
    "Melayani permohonan",
    "Mengolah data",
    "Melaksanakan kegiatan",
    "Mengoordinasikan tugas",
    "Memverifikasi dokumen",
)
_NORMS = np.array([15, 20, 30, 45, 60, 90, 120, 180, 240], dtype=float)
_PERIODS = np.array(list(rules.ABK_ANNUALISATION))
_FACTORS = np.array([rules.ABK_ANNUALISATION[p] for p in _PERIODS], dtype=float)


def service_population(units: pd.DataFrame, rng: np.random.Generator) -> pd.Series:
    """People each front-line unit serves in a year, log-uniform over
    ``A.SERVICE_POPULATION``; empty for back-office units."""
    low, high = A.SERVICE_POPULATION
    people = np.exp(rng.uniform(np.log(low), np.log(high), len(units))).round()
    return pd.Series(people, index=units.index).where(units["front_line"]).astype("Int64")


def units(regions: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Units of every region, with a required FTE and an understaffing flag (truth columns)."""
    frames = []
    for r in regions.itertuples(index=False):  # one small frame per region, not per row
        n = int(r.n_units)
        if r.kind == "kecamatan":
            template = [*_KECAMATAN_TEMPLATE, *[_KECAMATAN_TEMPLATE[-1]] * max(0, n - 4)][:n]
        else:
            extra = [_REPEATED[i % 2] for i in range(max(0, n - len(_UNIT_TEMPLATE)))]
            template = [*_UNIT_TEMPLATE, *extra][:n]
        t = pd.DataFrame(template, columns=["sector", "base", "front_line", "weight", "head_kind"])
        numbered = t.groupby("base").cumcount() + 1
        repeated = t["base"].map(t["base"].value_counts()) > 1
        t["name"] = np.where(repeated, t["base"] + " " + numbered.astype(str), t["base"])
        t["name"] = t["name"] + " " + r.name
        t["unit_id"] = sequential_ids(f"{r.region_id}-u", n, 3, start=1)
        t["region_id"] = r.region_id
        t["required_fte"] = np.maximum(5.0, r.n_employees * t["weight"] / t["weight"].sum())
        frames.append(t)
    out = pd.concat(frames, ignore_index=True)
    p_under = np.where(
        out["front_line"], A.UNDERSTAFFED_SHARE["front_line"], A.UNDERSTAFFED_SHARE["back_office"]
    )
    out["understaffed"] = rng.random(len(out)) < p_under
    mean = np.where(
        out["understaffed"], A.STAFFING_RATIO["understaffed"][0], A.STAFFING_RATIO["normal"][0]
    )
    sd = np.where(
        out["understaffed"], A.STAFFING_RATIO["understaffed"][1], A.STAFFING_RATIO["normal"][1]
    )
    out["staffing_ratio"] = np.clip(rng.normal(mean, sd), 0.4, 1.3)
    return out


def positions(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Positions of every unit: head, two supervisors, and staff positions by sector."""
    parts = []
    head = units[["unit_id", "sector", "head_kind"]].assign(
        title="Kepala", kind=units["head_kind"], fte=1.0
    )
    parts.append(head)
    for title in ("Kepala Sub Bagian Umum", "Kepala Seksi Pelayanan"):
        parts.append(units[["unit_id", "sector"]].assign(title=title, kind="pengawas", fte=1.0))
    remaining = (units["required_fte"] - 3.0).clip(lower=1.0)
    for sector_key in (*_STAFF, None):
        mask = (
            units["sector"].isin(list(_STAFF))
            if sector_key is None
            else (units["sector"] == sector_key)
        )
        if sector_key is None:
            mask = ~mask
        table = _STAFF.get(sector_key, _STAFF_DEFAULT)
        for title, kind, share in table:
            parts.append(
                units.loc[mask, ["unit_id", "sector"]].assign(
                    title=title, kind=kind, fte=remaining[mask] * share
                )
            )
    out = pd.concat(parts, ignore_index=True).sort_values("unit_id", kind="stable")
    out = out[out["fte"] > 0.05].reset_index(drop=True)
    out["position_id"] = (
        out["unit_id"] + "-p" + (out.groupby("unit_id").cumcount() + 1).map("{:02d}".format)
    )
    level = {
        "jpt_pratama": (4, 5, 4),
        "jpt_madya": (5, 5, 5),
        "administrator": (4, 4, 3),
        "pengawas": (3, 3, 3),
        "pelaksana": (2, 1, 2),
        "fungsional_terampil": (3, 1, 2),
        "fungsional_ahli_pertama": (3, 2, 2),
        "fungsional_ahli_muda": (4, 2, 3),
        "fungsional_ahli_madya": (4, 3, 3),
        "fungsional_ahli_utama": (5, 3, 4),
    }
    req = np.array([level[k] for k in out["kind"]])
    out["req_teknis"], out["req_manajerial"], out["req_sosial_kultural"] = req.T
    pay = {
        "jpt_pratama": 180e6,
        "jpt_madya": 240e6,
        "administrator": 130e6,
        "pengawas": 100e6,
        "pelaksana": 60e6,
        "fungsional_terampil": 70e6,
        "fungsional_ahli_pertama": 80e6,
        "fungsional_ahli_muda": 95e6,
        "fungsional_ahli_madya": 115e6,
        "fungsional_ahli_utama": 140e6,
    }
    out["annual_cost"] = out["kind"].map(pay) * rng.uniform(0.9, 1.1, len(out)).round(2)
    return out


def workload(
    positions: pd.DataFrame,
    rng: np.random.Generator,
    effective_minutes: float = rules.EFFECTIVE_MINUTES_PER_YEAR,
) -> pd.DataFrame:
    """ABK lines per position whose workload adds up to the position's FTE."""
    n_tasks = rng.integers(3, 6, len(positions))
    idx = np.repeat(np.arange(len(positions)), n_tasks)
    share = rng.gamma(2.0, 1.0, len(idx))
    share /= np.bincount(idx, weights=share)[idx]
    minutes = positions["fte"].to_numpy()[idx] * effective_minutes * share
    norm = rng.choice(_NORMS, len(idx))
    period = rng.choice(len(_PERIODS), len(idx), p=[0.35, 0.25, 0.2, 0.2])
    volume = minutes / norm / _FACTORS[period]
    volume = np.where(volume >= 10, np.round(volume), np.round(volume, 1))
    volume = np.maximum(volume, 0.1)
    task_no = pd.Series(idx).groupby(idx).cumcount().to_numpy()
    return pd.DataFrame(
        {
            "position_id": positions["position_id"].to_numpy()[idx],
            "task": [_TASKS[i % len(_TASKS)] for i in task_no],
            "volume": volume,
            "volume_period": _PERIODS[period],
            "norm_minutes": norm,
        }
    )


def required_fte(
    workload: pd.DataFrame, effective_minutes: float = rules.EFFECTIVE_MINUTES_PER_YEAR
) -> pd.Series:
    """FTE per position implied by ABK lines (the simulator's truth)."""
    factor = workload["volume_period"].map(rules.ABK_ANNUALISATION)
    minutes = workload["volume"] * factor * workload["norm_minutes"]
    return minutes.groupby(workload["position_id"]).sum() / effective_minutes


def _ages(rng, n, weights, means, sds, bup) -> np.ndarray:
    """Ages from the mixture, truncated to 21 .. BUP - 1 by redrawing (no pile-up at BUP)."""
    age = np.zeros(n)
    todo = np.arange(n)
    while len(todo):
        component = rng.choice(len(weights), len(todo), p=weights)
        age[todo] = np.round(rng.normal(means[component], sds[component]))
        todo = todo[(age[todo] < 21) | (age[todo] >= bup[todo])]
    return age.astype(int)


def employees(
    positions: pd.DataFrame,
    units: pd.DataFrame,
    rng: np.random.Generator,
    reference_year: int = A.REFERENCE_YEAR,
) -> pd.DataFrame:
    """Current staff of every position, with an age pyramid below each position's BUP."""
    ratio = keys.lookup(positions["unit_id"], units.set_index("unit_id")["staffing_ratio"])
    fte = positions["fte"].to_numpy()
    is_head = positions["title"].str.startswith("Kepala").to_numpy()
    headcount = np.where(
        is_head, (rng.random(len(fte)) < 0.92).astype(int), rng.poisson(fte * ratio.to_numpy())
    )
    idx = np.repeat(np.arange(len(positions)), headcount)
    n = len(idx)
    kind = positions["kind"].to_numpy()[idx]
    bup = pd.Series(kind).map(rules.BUP).to_numpy()
    weights, means, sds = np.array(A.AGE_MIX).T
    age = _ages(rng, n, weights / weights.sum(), means, sds, bup)
    birth_year = reference_year - age
    entry_age = np.clip(np.round(rng.normal(27, 3.5, n)), 19, 45)
    hire_year = np.minimum(birth_year + entry_age, reference_year).astype(int)
    edu = np.where(
        np.isin(kind, ["pelaksana"]),
        rng.choice(["sma", "d3", "s1"], n, p=[0.4, 0.3, 0.3]),
        np.where(
            np.isin(kind, ["fungsional_terampil"]),
            "d3",
            rng.choice(["s1", "s2"], n, p=[0.75, 0.25]),
        ),
    )
    unit_id = positions["unit_id"].to_numpy()[idx]
    region_id = pd.Series(unit_id).map(units.set_index("unit_id")["region_id"]).to_numpy()
    req = positions[["req_teknis", "req_manajerial", "req_sosial_kultural"]].to_numpy()[idx]
    comp = np.clip(req + np.round(rng.normal(-0.2, 0.8, req.shape)), 1, 5).astype(int)
    return pd.DataFrame(
        {
            "employee_id": sequential_ids("e", n, 7),
            "region_id": region_id,
            "unit_id": unit_id,
            "position_id": positions["position_id"].to_numpy()[idx],
            "status": np.where(rng.random(n) < 0.85, "pns", "pppk"),
            "gender": np.where(rng.random(n) < 0.5, "female", "male"),
            "birth_year": birth_year,
            "birth_month": rng.integers(1, 13, n),
            "education": edu,
            "hire_year": hire_year,
            "origin": np.where(rng.random(n) < 0.8, "local", "non_local"),
            "applicant_id": None,
            "comp_teknis": comp[:, 0],
            "comp_manajerial": comp[:, 1],
            "comp_sosial_kultural": comp[:, 2],
        }
    )
