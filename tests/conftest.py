"""Shared fixtures: a small, hand-made valid dataset covering every table."""

from __future__ import annotations

import pandas as pd
import pytest

import asnpolicy as ap


def tiny_tables() -> dict[str, pd.DataFrame]:
    """Two regions, every table, a few rows each; valid by construction."""
    regions = ap.regions.regions_frame(["bangko", "pauh"])
    units = pd.DataFrame(
        {
            "unit_id": ["bgk-dinkes", "bgk-disdik", "pau-kec"],
            "region_id": ["bangko", "bangko", "pauh"],
            "name": ["Dinas Kesehatan", "Dinas Pendidikan", "Kantor Camat Pauh"],
            "sector": ["health", "education", "administration"],
            "front_line": [True, True, False],
            "service_population": pd.array([120_000, None, 70_000], dtype="Int64"),
        }
    )
    positions = pd.DataFrame(
        {
            "position_id": ["p1", "p2", "p3"],
            "unit_id": ["bgk-dinkes", "bgk-disdik", "pau-kec"],
            "title": ["Perawat Ahli Pertama", "Guru Ahli Madya", "Camat"],
            "kind": ["fungsional_ahli_pertama", "fungsional_ahli_madya", "administrator"],
            "req_teknis": pd.array([3, 4, None], dtype="Int64"),
            "req_manajerial": pd.array([2, 3, 4], dtype="Int64"),
            "req_sosial_kultural": pd.array([2, 3, 3], dtype="Int64"),
            "annual_cost": [72_000_000.0, 96_000_000.0, 120_000_000.0],
        }
    )
    workload = pd.DataFrame(
        {
            "position_id": ["p1", "p1", "p2", "p3"],
            "task": ["Asuhan keperawatan", "Pencatatan", "Mengajar", "Rapat koordinasi"],
            "volume": [20.0, 5.0, 24.0, 4.0],
            "volume_period": ["day", "week", "week", "month"],
            "norm_minutes": [60.0, 30.0, 45.0, 120.0],
        }
    )
    formasi = pd.DataFrame(
        {
            "formasi_id": ["f1", "f2"],
            "region_id": ["bangko", "pauh"],
            "year": [2024, 2019],
            "track": ["cpns", "cpns"],
            "position_id": ["p1", "p3"],
            "quota": [1, 1],
        }
    )
    applicants = pd.DataFrame(
        {
            "applicant_id": ["a1", "a2", "a3"],
            "formasi_id": ["f1", "f1", "f2"],
            "channel": ["sscasn_portal", "social_media", "official_website"],
            "registration_mode": ["online", "online", "offline"],
            "registered_on": pd.to_datetime(["2024-08-20", "2024-08-21", "2019-11-12"]),
            "verified_on": pd.to_datetime(["2024-08-25", None, "2019-11-20"]),
            "doc_errors": [0, 2, 1],
            "admin_pass": [True, False, True],
            "gender": ["female", "male", "female"],
            "age": [24, 27, 30],
            "education": ["s1", "d3", "s1"],
            "gpa": [3.45, None, 3.1],
            "origin": ["local", "non_local", "local"],
            "special_group": ["general", "general", "cumlaude"],
            "twk": pd.array([95, None, 150], dtype="Int64"),
            "tiu": pd.array([110, None, 175], dtype="Int64"),
            "tkp": pd.array([190, None, 170], dtype="Int64"),
            "skb_cat": [78.0, None, 80.0],
            "skb_interview": [None, None, None],
            "skb_psych": [None, None, None],
            "skb_competency": [70.0, None, None],
            "skb_practical": [None, None, None],
            "pppk_technical": [None, None, None],
            "pppk_managerial_social": [None, None, None],
            "pppk_interview": [None, None, None],
            "panel": ["external", None, "mixed"],
            "hired": [True, False, True],
        }
    )
    employees = pd.DataFrame(
        {
            "employee_id": ["e1", "e2", "e3"],
            "region_id": ["bangko", "bangko", "pauh"],
            "unit_id": ["bgk-dinkes", "bgk-disdik", "pau-kec"],
            "position_id": ["p1", "p2", "p3"],
            "status": ["pns", "pppk", "pns"],
            "gender": ["female", "male", "female"],
            "birth_year": [2000, 1968, 1989],
            "birth_month": pd.array([5, None, 12], dtype="Int64"),
            "education": ["s1", "s2", "s1"],
            "hire_year": [2025, 1995, 2020],
            "origin": ["local", "local", "local"],
            "applicant_id": ["a1", None, "a3"],
            "comp_teknis": pd.array([3, 4, None], dtype="Int64"),
            "comp_manajerial": pd.array([2, 3, None], dtype="Int64"),
            "comp_sosial_kultural": pd.array([2, 3, None], dtype="Int64"),
        }
    )
    assessments = pd.DataFrame(
        {
            "applicant_id": ["a1", "a1", "a3"],
            "stage": ["competency", "competency", "interview"],
            "assessor_id": ["r1", "r2", "r3"],
            "assessor_type": ["external_expert", "internal", "external_academic"],
            "rating": [72.0, 68.0, 80.0],
        }
    )
    performance = pd.DataFrame(
        {
            "employee_id": ["e1", "e2", "e2"],
            "year": [2025, 2024, 2025],
            "skp_rating": ["Baik", "Sangat Baik", "Butuh Perbaikan"],
            "work_result": ["as_expected", "above", "below"],
            "behaviour": ["as_expected", "above", "as_expected"],
            "peer_score": [75.0, 88.0, None],
            "citizen_score": [None, 81.0, 60.0],
        }
    )
    skm = pd.DataFrame(
        {
            "response_id": ["r1", "r2"],
            "unit_id": ["bgk-dinkes", "pau-kec"],
            "survey_date": pd.to_datetime(["2025-03-01", "2025-03-02"]),
            "service": ["Rawat jalan", "Surat keterangan"],
            **{f"u{i}": [3, 4] for i in range(1, 10)},
            "respondent_gender": ["male", None],
            "respondent_age": pd.array([34, None], dtype="Int64"),
            "respondent_education": ["sma", None],
        }
    )
    training = pd.DataFrame(
        {
            "employee_id": ["e1"],
            "year": [2025],
            "program": ["Latsar CPNS"],
            "provider": ["bpsdm"],
            "hours": [120.0],
            "pre_score": [60.0],
            "post_score": [78.0],
        }
    )
    promotions = pd.DataFrame(
        {
            "employee_id": ["e2"],
            "year": [2015],
            "to_position_id": ["p2"],
            "method": ["open_selection"],
            "competency_score": [81.0],
        }
    )
    return {
        "regions": regions,
        "units": units,
        "positions": positions,
        "workload": workload,
        "employees": employees,
        "formasi": formasi,
        "applicants": applicants,
        "assessments": assessments,
        "performance": performance,
        "skm": skm,
        "training": training,
        "promotions": promotions,
    }


@pytest.fixture
def tiny() -> ap.Dataset:
    """The tiny dataset, in memory."""
    return ap.from_tables(tiny_tables(), source="tests")


@pytest.fixture
def tiny_csv(tmp_path, tiny) -> pytest.TempPathFactory:
    """The tiny dataset saved as CSV in a fresh folder."""
    return tiny.save(tmp_path / "tiny", format="csv")
