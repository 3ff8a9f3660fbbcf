"""The sample, written as the export files a BKPSDM holds and imported back, gives the same
analysis results for everything the exports carry (issue 18, "Done when")."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from asnpolicy import fairness, funnel, satisfaction, workforce
from asnpolicy.identifiers import new_key
from asnpolicy.imports.mapping import sector_words
from asnpolicy.imports.rawfiles import read_export
from asnpolicy.imports.run import MAPPING_FILE, import_files
from asnpolicy.io import load_dataset
from asnpolicy.schema import SECTORS
from asnpolicy.synth import generate
from asnpolicy.synth.exports import write_exports

REGION = "pauh"
ORDER = ("siasn", "abk", "sscasn", "link", "skp", "skm")
RAW_IDENTIFIERS = ("nip", "nik", "nopes")


def fill_mapping(path, sample) -> None:
    """Answer the workbook as the analyst would: each unit's sector and front-line service,
    and an id for each ABK jabatan nobody holds yet (SIASN lists people, not positions)."""
    book = load_workbook(path)
    words = dict(zip(SECTORS, sector_words(), strict=True))
    units = sample.units.set_index("unit_id")
    if "unit" in book.sheetnames:
        ws = book["unit"]
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            unit = row[header.index("unit_id")].value
            if unit in units.index:
                row[header.index("sector")].value = words[units.loc[unit, "sector"]]
                row[header.index("front_line")].value = (
                    "ya" if units.loc[unit, "front_line"] else "tidak"
                )
    if "jabatan_abk" in book.sheetnames:
        ws = book["jabatan_abk"]
        header = [c.value for c in ws[1]]
        positions = sample.positions.merge(sample.units[["unit_id", "name"]], on="unit_id")
        by_name = positions.set_index(["name", "title"])["position_id"]
        for row in ws.iter_rows(min_row=2):
            key = (row[header.index("abk_unit")].value, row[header.index("abk_jabatan")].value)
            if key in by_name.index:
                row[header.index("position_id")].value = by_name.loc[key]
    book.save(path)


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    work = tmp_path_factory.mktemp("round_trip")
    sample = generate(regions=[REGION], seed=2026, scale=0.3).for_region(REGION)
    files = write_exports(sample, REGION, work / "exports")
    key = new_key(work / "keys" / f"{REGION}.key")
    out = work / "data"
    outcomes = {}
    for kind in ORDER:
        params = {"abk_time_unit": "jam"} if kind == "abk" else {}
        outcomes[kind] = import_files(kind, files[kind], region=REGION, key_file=key, out=out,
                                      params=params)  # fmt: skip
    fill_mapping(out / MAPPING_FILE, sample)
    for kind in ("siasn", "abk"):  # the analyst's answers complete these imports
        params = {"abk_time_unit": "jam"} if kind == "abk" else {}
        outcomes[kind] = import_files(kind, files[kind], region=REGION, key_file=key, out=out,
                                      mapping=out / MAPPING_FILE, params=params)  # fmt: skip
    return sample, load_dataset(out), out, outcomes, files


def test_every_question_is_answered_and_nothing_is_rejected(round_trip):
    _, _, out, outcomes, _ = round_trip
    assert outcomes["abk"].open_questions == {} and outcomes["siasn"].open_questions == {}
    rejected = pd.read_csv(out / "rejected.csv")
    assert len(rejected) == 0, rejected.head().to_string()


def test_people_and_units_come_back(round_trip):
    sample, imported, *_ = round_trip
    assert len(imported.employees) == len(sample.employees)
    columns = ["unit_id", "status", "gender", "birth_year", "education", "hire_year", "origin"]
    pd.testing.assert_series_equal(
        imported.employees[columns].value_counts().sort_index(),
        sample.employees[columns].value_counts().sort_index(),
        check_dtype=False,
    )
    units = ["unit_id", "name", "sector", "front_line"]
    pd.testing.assert_frame_equal(
        imported.units[units].sort_values("unit_id").reset_index(drop=True),
        sample.units[units].sort_values("unit_id").reset_index(drop=True),
        check_dtype=False,
    )


def test_workforce_needs_are_the_same_per_unit(round_trip):
    sample, imported, *_ = round_trip
    as_of = workforce.as_of_date(sample)

    def per_unit(ds):
        gap = workforce.staffing_gap(ds, as_of=as_of)
        unit = gap[gap["level"] == "unit"].set_index("unit_id")
        return unit[["headcount", "required_fte", "gap"]].sort_index()

    pd.testing.assert_frame_equal(per_unit(imported), per_unit(sample), check_dtype=False)


def test_selection_funnel_and_fairness_are_the_same(round_trip):
    sample, imported, *_ = round_trip
    assert len(imported.applicants) == len(sample.applicants)
    assert imported.applicants["hired"].sum() == sample.applicants["hired"].sum()
    for column in ("twk", "tiu", "tkp", "age"):
        assert imported.applicants[column].sum() == sample.applicants[column].sum()
    keep = ["stage", "n"]
    pd.testing.assert_frame_equal(
        funnel.funnel(imported)[keep], funnel.funnel(sample)[keep], check_dtype=False
    )
    a = fairness.recorded_impact(imported.applicants)
    b = fairness.recorded_impact(sample.applicants)
    b = b[b["variable"].isin(["gender", "origin"])]  # registration mode: no export holds it
    columns = ["variable", "group", "n", "selected", "impact_ratio", "ratio_ci_low"]
    pd.testing.assert_frame_equal(
        a[columns].reset_index(drop=True), b[columns].reset_index(drop=True), check_dtype=False
    )


def test_recruits_link_to_their_application_and_ratings_come_back(round_trip):
    sample, imported, *_ = round_trip
    assert imported.employees["applicant_id"].notna().sum() == (
        sample.employees["applicant_id"].notna().sum()
    )
    linked = imported.employees.dropna(subset=["applicant_id"])
    assert linked["applicant_id"].isin(imported.applicants["applicant_id"]).all()
    counts = ["year", "skp_rating"]
    pd.testing.assert_series_equal(
        imported.performance[counts].value_counts().sort_index(),
        sample.performance[counts].value_counts().sort_index(),
    )


def test_ikm_per_unit_and_year_is_the_same(round_trip):
    sample, imported, *_ = round_trip
    a = satisfaction.ikm_trend(imported.skm).set_index(["unit_id", "year"])[["ikm", "n"]]
    b = satisfaction.ikm_trend(sample.skm).set_index(["unit_id", "year"])[["ikm", "n"]]
    pd.testing.assert_frame_equal(a.sort_index(), b.sort_index(), check_dtype=False)
    assert imported.ikm_published is not None and len(imported.ikm_published) > 0


def test_no_raw_identifier_or_name_is_written(round_trip):
    _, _, out, _, files = round_trip
    raw = read_export(files["siasn"][0])[0].frame
    nips = set(raw["nip_baru"].dropna())
    names = set(raw["nama"].dropna())
    for path in out.iterdir():
        if path.suffix in (".csv", ".md", ".html", ".json"):
            text = path.read_text(encoding="utf-8")
            assert not any(n in text for n in list(nips)[:200]), path.name
            assert not any(n in text for n in list(names)[:200]), path.name
