"""Schemas: every table of DESIGN.md, its checks, and the cross-table references."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import tiny_tables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import asnpolicy as ap
from asnpolicy import rules, schema
from asnpolicy.schema import TABLES
from asnpolicy.spellings import spelling_key
from asnpolicy.validation import check_dataset, validate_table

# Key columns of each table as DESIGN.md lists them ("Data model").
DESIGN_KEY_COLUMNS = {
    "regions": ["region_id", "name", "kind", "province", "kode_wilayah"],
    "units": ["unit_id", "region_id", "name", "sector", "front_line"],
    "positions": [
        "position_id",
        "unit_id",
        "title",
        "kind",
        "req_teknis",
        "req_manajerial",
        "req_sosial_kultural",
    ],
    "workload": ["position_id", "task", "norm_minutes"],
    "employees": [
        "employee_id",
        "region_id",
        "unit_id",
        "position_id",
        "status",
        "gender",
        "birth_year",
        "education",
        "hire_year",
        "origin",
        "applicant_id",
    ],
    "formasi": ["formasi_id", "region_id", "year", "track", "position_id", "quota"],
    "applicants": [
        "applicant_id",
        "formasi_id",
        "channel",
        "registration_mode",
        "registered_on",
        "verified_on",
        "doc_errors",
        "admin_pass",
        "gender",
        "age",
        "education",
        "origin",
        "special_group",
        "twk",
        "tiu",
        "tkp",
        "skb_cat",
        "skb_interview",
        "skb_psych",
        "skb_competency",
        "skb_practical",
        "panel",
        "hired",
    ],
    "assessments": ["applicant_id", "stage", "assessor_id", "assessor_type", "rating"],
    "performance": [
        "employee_id",
        "year",
        "skp_rating",
        "work_result",
        "behaviour",
        "peer_score",
        "citizen_score",
    ],
    "skm": ["response_id", "unit_id", "survey_date", "service", *[f"u{i}" for i in range(1, 10)]],
    "training": ["employee_id", "year", "program", "provider", "hours", "pre_score", "post_score"],
    "promotions": ["employee_id", "year", "to_position_id", "method", "competency_score"],
}


def problems_at(problems: pd.DataFrame, column: str) -> list[int]:
    return sorted(problems.loc[problems["column"] == column, "row_index"].astype(int).tolist())


class TestTables:
    def test_the_twelve_tables_then_the_optional_ones(self):
        twelve = list(DESIGN_KEY_COLUMNS)
        at = twelve.index("skm") + 1
        assert list(TABLES) == [*twelve[:at], "ikm_published", *twelve[at:], "region_policies"]

    @pytest.mark.parametrize("table", list(DESIGN_KEY_COLUMNS))
    def test_design_columns_exist(self, table):
        assert set(DESIGN_KEY_COLUMNS[table]) <= set(TABLES[table].columns)

    @pytest.mark.parametrize("table", list(DESIGN_KEY_COLUMNS))
    def test_pandera_accepts_the_typed_tiny_tables(self, table, tiny):
        # pandera on its own (not through validate_table) agrees the parsed data are valid.
        schema.SCHEMAS[table].validate(getattr(tiny, table), lazy=True)

    def test_skd_ranges_cover_every_year(self):
        twk = TABLES["applicants"].field("twk")
        assert (twk.min, twk.max, twk.step) == (0, 175, 5)  # 175 in 2018, 150 from 2019
        tiu = TABLES["applicants"].field("tiu")
        assert (tiu.max, tiu.step) == (175, 5)
        assert TABLES["applicants"].field("tkp").max == 225

    def test_skp_labels_are_the_official_five(self):
        assert TABLES["performance"].field("skp_rating").allowed == rules.SKP_LABELS


class TestValidateTable:
    def test_twk_steps_of_five_and_range(self):
        raw = tiny_tables()["applicants"].astype({"twk": "object"})
        raw.loc[0, "twk"] = 97
        raw.loc[2, "twk"] = 180
        _, problems = validate_table("applicants", raw)
        rules_by_row = problems.set_index("row_index")["rule"].to_dict()
        assert "multiple of 5" in rules_by_row[0]
        assert "at most 175" in rules_by_row[2]

    def test_unreadable_number_reported_once(self):
        raw = tiny_tables()["skm"].astype({"u3": "object"})
        raw.loc[1, "u3"] = "empat"
        typed, problems = validate_table("skm", raw)
        assert len(problems) == 1
        p = problems.iloc[0]
        assert (p["row_index"], p["column"], p["rule"], p["value"]) == (
            1,
            "u3",
            "must be a whole number",
            "empat",
        )
        assert pd.isna(typed.loc[1, "u3"])

    def test_fraction_in_whole_number_column(self):
        raw = tiny_tables()["formasi"].astype({"quota": "object"})
        raw.loc[0, "quota"] = 1.5
        _, problems = validate_table("formasi", raw)
        assert problems_at(problems, "quota") == [0]

    def test_empty_required_cell(self):
        raw = tiny_tables()["units"]
        raw.loc[1, "name"] = None
        _, problems = validate_table("units", raw)
        assert problems.loc[0, "rule"] == "must not be empty"
        assert problems_at(problems, "name") == [1]

    def test_verified_before_registered(self):
        raw = tiny_tables()["applicants"]
        raw.loc[0, "verified_on"] = pd.Timestamp("2024-01-01")
        _, problems = validate_table("applicants", raw)
        assert problems["rule"].str.contains("verified_on must not be before").tolist() == [True]

    def test_optional_columns_may_be_absent(self):
        raw = tiny_tables()["employees"].drop(columns=["birth_month", "comp_teknis"])
        typed, problems = validate_table("employees", raw)
        assert problems.empty
        assert typed["birth_month"].isna().all()
        assert list(typed.columns) == list(TABLES["employees"].columns)

    def test_headers_are_normalised(self):
        raw = tiny_tables()["regions"].rename(
            columns={"region_id": "\ufeffRegion ID", "kode_wilayah": "KODE_WILAYAH"}
        )
        typed, problems = validate_table("regions", raw)
        assert problems.empty and "region_id" in typed


class TestCrossTable:
    def test_valid_tiny_dataset(self, tiny):
        problems, skipped = check_dataset(tiny.tables())
        assert problems.empty and skipped == []

    def test_reference_skipped_when_parent_absent(self, tiny):
        tables = tiny.tables()
        del tables["formasi"]
        problems, skipped = check_dataset(tables)
        assert problems.empty
        assert any("applicants.formasi_id -> formasi" in s for s in skipped)

    def test_ids_must_agree_across_tables(self, tiny):
        tables = tiny.tables()
        tables["employees"] = tables["employees"].assign(
            unit_id=["bgk-dinkes", "pau-kec", "pau-kec"]
        )
        tables["formasi"] = tables["formasi"].assign(region_id=["bangko", "bangko"])
        problems, _ = check_dataset(tables)
        got = problems[["table", "row_index", "column"]].astype(str).values.tolist()
        assert got == [
            ["employees", "1", "unit_id"],  # position p2 is in bgk-disdik
            ["employees", "1", "region_id"],  # unit pau-kec is in pauh
            ["formasi", "1", "region_id"],  # position p3 is in pauh
        ]
        assert problems.loc[0, "value"] == "pau-kec (expected bgk-disdik)"

    def test_scores_must_fit_the_year_format(self, tiny):
        tables = tiny.tables()
        applicants = tables["applicants"].copy()
        applicants.loc[0, "tkp"] = 200  # fine in 2024 (max 225)
        applicants.loc[2, "tkp"] = 200  # f2 is a 2019 formasi: TKP max 175
        tables["applicants"] = applicants
        problems, _ = check_dataset(tables)
        assert problems[["row_index", "column"]].values.tolist() == [[2, "tkp"]]
        assert "2019" in problems.loc[0, "rule"]


# ------------------------------------------------------------------------------------------
# Property tests
# ------------------------------------------------------------------------------------------

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 35), st.integers(0, 225)),
        min_size=1,
        max_size=30,
    )
)
def test_valid_skd_scores_pass(scores):
    raw = _applicants(len(scores))
    raw["twk"] = [5 * a for a, _, _ in scores]
    raw["tiu"] = [5 * b for _, b, _ in scores]
    raw["tkp"] = [c for _, _, c in scores]
    _, problems = validate_table("applicants", raw)
    assert problems.empty


@SETTINGS
@given(st.lists(st.integers(-20, 200), min_size=1, max_size=40))
def test_exactly_the_bad_twk_rows_are_reported(values):
    raw = _applicants(len(values))
    raw["twk"] = values
    _, problems = validate_table("applicants", raw)
    bad = [i for i, v in enumerate(values) if v % 5 or not 0 <= v <= 175]
    assert problems_at(problems, "twk") == sorted(
        [i for i in bad for _ in range((values[i] % 5 != 0) + (not 0 <= values[i] <= 175))]
    )


@SETTINGS
@given(st.lists(st.lists(st.integers(0, 5), min_size=9, max_size=9), min_size=1, max_size=30))
def test_skm_answers_outside_1_to_4_are_reported(answers):
    raw = pd.DataFrame(
        {
            "response_id": [f"r{i}" for i in range(len(answers))],
            "unit_id": "u1",
            "survey_date": "2025-01-31",
            "service": "KTP",
            **{f"u{j + 1}": [row[j] for row in answers] for j in range(9)},
        }
    )
    _, problems = validate_table("skm", raw.astype(str))
    got = set(zip(problems["row_index"].astype(int), problems["column"], strict=True))
    want = {
        (i, f"u{j + 1}") for i, row in enumerate(answers) for j in range(9) if not 1 <= row[j] <= 4
    }
    assert got == want


@SETTINGS
@given(
    st.lists(
        st.sampled_from([*rules.SKP_LABELS, "Cukup", "baik", "Sangat  Baik"]),
        min_size=1,
        max_size=30,
    )
)
def test_only_the_official_skp_labels_pass(labels):
    """The five official labels pass, however a person spells their case and spaces (issue
    17: ``baik`` and ``Sangat  Baik`` are read as ``Baik`` and ``Sangat Baik``); any other
    label is a problem."""
    raw = pd.DataFrame(
        {
            "employee_id": [f"e{i}" for i in range(len(labels))],
            "year": 2025,
            "skp_rating": labels,
            "work_result": None,
            "behaviour": None,
        }
    )
    parsed, problems = validate_table("performance", raw)
    official = {spelling_key(label) for label in rules.SKP_LABELS}
    want = [i for i, x in enumerate(labels) if spelling_key(x) not in official]
    assert problems_at(problems, "skp_rating") == want
    kept = [i for i in range(len(labels)) if i not in want]
    assert set(parsed["skp_rating"].iloc[kept]) <= set(rules.SKP_LABELS)


@SETTINGS
@given(
    st.lists(st.sampled_from(rules.SKP_BEHAVIOUR_LEVELS), min_size=2, max_size=2),
    st.sampled_from(rules.SKP_LABELS),
)
def test_skp_rating_off_the_matrix_is_a_warning_never_a_problem(levels, label):
    raw = pd.DataFrame(
        {
            "employee_id": ["e1"],
            "year": [2025],
            "skp_rating": [label],
            "work_result": [levels[0]],
            "behaviour": [levels[1]],
        }
    )
    warnings: list[pd.DataFrame] = []
    typed, problems = validate_table("performance", raw, warnings=warnings)
    assert problems.empty
    assert typed.loc[0, "skp_rating"] == label  # taken as recorded
    assert (warnings == []) == (rules.SKP_MATRIX[tuple(levels)] == label)


@SETTINGS
@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=20))
def test_duplicate_ids_are_all_reported(ids):
    raw = tiny_tables()["units"].iloc[[0] * len(ids)].reset_index(drop=True)
    raw["unit_id"] = ids
    _, problems = validate_table("units", raw)
    dup = pd.Series(ids).duplicated(keep=False)
    assert problems_at(problems, "unit_id") == list(np.flatnonzero(dup))


def _applicants(n: int) -> pd.DataFrame:
    base = tiny_tables()["applicants"].iloc[[0] * n].reset_index(drop=True)
    base["applicant_id"] = [f"a{i}" for i in range(n)]
    return base


def test_dataset_roundtrip_keeps_types(tiny, tmp_path):
    back = ap.load_dataset(tiny.save(tmp_path / "d", format="parquet"))
    for name, frame in tiny.tables().items():
        pd.testing.assert_frame_equal(getattr(back, name), frame, check_dtype=True)


class TestRegionPolicies:
    """The optional table of a region's recruitment policy: the SKB weights within 0..1 and
    summing to 1, an extra weight only with its test, known stage codes (PermenPANRB 27/2021
    limits are the page's to word: a row may record an interview)."""

    def check(self, **columns) -> pd.DataFrame:
        raw = pd.DataFrame({"region_id": ["x"] * len(next(iter(columns.values()))), **columns})
        _, problems = validate_table("region_policies", raw)
        return problems

    def test_the_registry_rows_pass(self):
        frame, problems = validate_table("region_policies", ap.regions.policy_rows())
        assert problems.empty and len(frame) == 4
        schema.SCHEMAS["region_policies"].validate(frame, lazy=True)

    def test_only_region_id_is_required(self):
        spec = TABLES["region_policies"]
        assert spec.required_columns == ("region_id",)
        assert self.check(cat_weight=["1"]).empty

    def test_weights_within_zero_and_one(self):
        problems = self.check(cat_weight=["1.2", "-0.1"], extra_test=["psych", "psych"])
        assert set(problems.loc[problems["column"] == "cat_weight", "row_index"]) == {0, 1}

    @pytest.mark.parametrize(
        ("cat", "extra", "ok"),
        [
            ("0.6", "0.4", True),
            ("0.7", "0.3", True),
            ("0.6000001", "0.4", True),  # within 1e-6
            ("0.6", "0.3", False),
            ("0.6", "0.5", False),
            ("0.6", "", True),  # one weight: the other is the rest
            ("", "0.4", True),
        ],
    )
    def test_weights_sum_to_one(self, cat, extra, ok):
        problems = self.check(cat_weight=[cat], extra_test=["competency"], extra_weight=[extra])
        summed = problems["rule"].eq("cat_weight + extra_weight must be 1")
        assert summed.any() is not ok

    def test_an_extra_weight_without_its_test(self):
        problems = self.check(cat_weight=["0.6"], extra_weight=["0.4"])
        assert "an extra_weight needs the extra_test it weighs" in set(problems["rule"])

    def test_a_cat_weight_below_one_without_an_extra_test(self):
        problems = self.check(cat_weight=["0.6", "1"])
        rule = "a cat_weight below 1 needs the extra_test that takes the rest"
        assert problems.loc[problems["rule"] == rule, "row_index"].tolist() == [0]

    def test_an_interview_is_recorded_not_refused(self):
        assert self.check(cat_weight=["0.6"], extra_test=["interview"], extra_weight=["0.4"]).empty

    def test_unknown_extra_test(self):
        problems = self.check(cat_weight=["0.6"], extra_test=["essay"], extra_weight=["0.4"])
        assert problems["column"].eq("extra_test").any()

    def test_stage_codes(self):
        problems = self.check(stages=["skd;cat_skb", "SKD; Competency;", "skd;essay", ""])
        assert problems.loc[problems["column"] == "stages", "row_index"].tolist() == [2]

    def test_one_row_per_region_year_and_track(self):
        problems = self.check(year=["", "", "2021", "2021"], track=["", "", "", "cpns"])
        assert problems_at(problems, "region_id, year, track") == [0, 1]

    def test_region_must_exist_when_regions_are_given(self):
        tables = {
            "regions": ap.regions.regions_frame(["pauh"]),
            "region_policies": pd.DataFrame({"region_id": ["pauh", "kerinci"]}),
        }
        with pytest.raises(ap.DataError) as err:
            ap.from_tables(tables)
        assert err.value.problems["rule"].str.contains("must exist in regions").any()

    def test_in_the_data_dictionary(self):
        text = schema.data_dictionary_markdown()
        assert "## `region_policies`" in text
        assert "PermenPANRB 27/2021" in text


# --------------------------------------------------------------------------------------------
# Issue 18: columns no official export carries, skb_total, year_only, ikm_published
# --------------------------------------------------------------------------------------------

#: Columns no SIASN, SSCASN or SKM export carries (shared/reference/real-exports.md A0).
EXPORT_ABSENT_COLUMNS = {
    "units": ["sector", "front_line"],
    "employees": ["origin"],
    "applicants": ["channel", "registration_mode", "registered_on", "doc_errors", "gender",
                   "age", "education", "origin"],
    "skm": ["service"],
}  # fmt: skip


class TestColumnsNoExportCarries:
    @pytest.mark.parametrize(
        ("table", "column"),
        [(t, c) for t, columns in EXPORT_ABSENT_COLUMNS.items() for c in columns],
    )
    def test_optional_and_may_be_empty(self, table, column):
        f = TABLES[table].field(column)
        assert (f.required, f.nullable) == (False, True)

    @pytest.mark.parametrize("table", list(EXPORT_ABSENT_COLUMNS))
    def test_a_table_without_them_is_valid(self, table):
        raw = tiny_tables()[table].drop(columns=EXPORT_ABSENT_COLUMNS[table])
        typed, problems = validate_table(table, raw)
        assert problems.empty, problems
        assert typed[EXPORT_ABSENT_COLUMNS[table]].isna().all().all()  # unknown, not invented

    @pytest.mark.parametrize("table", list(EXPORT_ABSENT_COLUMNS))
    def test_empty_cells_are_valid(self, table):
        raw = tiny_tables()[table]
        for column in EXPORT_ABSENT_COLUMNS[table]:
            raw[column] = None
        assert validate_table(table, raw)[1].empty

    def test_the_kept_columns_stay_required(self):
        required = TABLES["applicants"].required_columns
        assert {"applicant_id", "formasi_id", "admin_pass", "special_group", "hired"} <= set(
            required
        )
        assert {"unit_id", "region_id", "name"} <= set(TABLES["units"].required_columns)

    @pytest.mark.parametrize(
        ("registered", "verified"),
        [(None, "2024-08-25"), ("2024-08-20", None), (None, None), ("2024-08-20", "2024-08-25")],
    )
    def test_verified_before_registered_passes_when_either_is_empty(self, registered, verified):
        raw = tiny_tables()["applicants"].head(1)
        raw["registered_on"] = pd.to_datetime([registered])
        raw["verified_on"] = pd.to_datetime([verified])
        assert validate_table("applicants", raw)[1].empty

    def test_nullable_whole_numbers_and_flags(self):
        raw = tiny_tables()["applicants"]
        raw["age"] = [24, None, 30]
        raw["doc_errors"] = [0, None, 1]
        typed, problems = validate_table("applicants", raw)
        assert problems.empty
        assert str(typed["age"].dtype) == "Int64" and str(typed["doc_errors"].dtype) == "Int64"
        units, problems = validate_table("units", tiny_tables()["units"].assign(front_line=None))
        assert problems.empty and str(units["front_line"].dtype) == "boolean"


class TestSkbTotal:
    def test_a_published_total_on_0_to_100(self):
        raw = tiny_tables()["applicants"].assign(skb_total=["71,5", "", "100"])
        typed, problems = validate_table("applicants", raw)
        assert problems.empty
        assert typed["skb_total"].tolist()[::2] == [71.5, 100.0]

    def test_above_100_is_refused(self):
        raw = tiny_tables()["applicants"].assign(skb_total=[101.0, None, None])
        _, problems = validate_table("applicants", raw)
        assert problems_at(problems, "skb_total") == [0]


class TestYearOnly:
    def test_a_survey_dated_by_its_year(self):
        raw = tiny_tables()["skm"].assign(
            survey_date=pd.to_datetime(["2023-07-01", "2025-03-02"]), year_only=["ya", None]
        )
        typed, problems = validate_table("skm", raw)
        assert problems.empty
        assert typed["year_only"].tolist()[0] is True and pd.isna(typed["year_only"][1])

    def test_survey_date_stays_required(self):
        assert "survey_date" in TABLES["skm"].required_columns


def published(**columns) -> pd.DataFrame:
    base = {"unit_id": ["bgk-dinkes", "pau-kec"], "year": [2024, 2024], "ikm": [82.5, None]}
    return pd.DataFrame({**base, **columns})


class TestIkmPublished:
    def test_after_skm_with_its_key(self):
        names = list(TABLES)
        assert names.index("ikm_published") == names.index("skm") + 1
        spec = TABLES["ikm_published"]
        assert spec.key == ("unit_id", "year")
        assert spec.required_columns == ("unit_id", "year")
        assert spec.columns == ("unit_id", "year", "ikm",
                                *(f"nrr_u{i}" for i in range(1, 10)), "n", "source")  # fmt: skip

    def test_nrr_only_or_ikm_only(self):
        raw = published(nrr_u1=[None, 3.21], n=[120, None], source=["Laporan SKM 2024", None])
        typed, problems = validate_table("ikm_published", raw)
        assert problems.empty
        assert str(typed["n"].dtype) == "Int64"

    def test_ranges_and_key(self):
        raw = published(ikm=[101.0, 80.0], nrr_u9=[4.2, 0.5])
        raw.loc[1, "unit_id"] = "bgk-dinkes"
        _, problems = validate_table("ikm_published", raw)
        assert problems_at(problems, "ikm") == [0]
        assert problems_at(problems, "nrr_u9") == [0, 1]
        assert problems_at(problems, "unit_id, year") == [0, 1]

    def test_unit_must_exist_and_region_follows_the_unit(self):
        tables = {k: v for k, v in tiny_tables().items() if k in ("regions", "units")}
        with pytest.raises(ap.DataError) as err:
            ap.from_tables({**tables, "ikm_published": published(unit_id=["x", "pau-kec"])})
        assert err.value.problems["rule"].tolist() == ["must exist in units.unit_id"]
        ds = ap.from_tables({**tables, "ikm_published": published()})
        assert ds.region_of("ikm_published").tolist() == ["bangko", "pauh"]
        assert ds.for_region("pauh").ikm_published["unit_id"].tolist() == ["pau-kec"]

    @pytest.mark.parametrize("name", ["ikm_published", "IKM terbitan", "ikm_terbit"])
    def test_sheet_names(self, name, tmp_path):
        tiny = ap.from_tables(tiny_tables())
        folder = tiny.save(tmp_path / "d")
        published().to_csv(folder / f"{name}.csv", index=False)
        assert len(ap.load_dataset(folder).ikm_published) == 2

    def test_in_the_data_dictionary_and_templates(self, tmp_path):
        text = schema.data_dictionary_markdown()
        assert "## `ikm_published`" in text
        assert "Warning, never an error: skp_rating does not follow" in text
        from asnpolicy.writing import write_templates

        folder = write_templates(tmp_path / "t")
        assert (folder / "ikm_published.csv").read_text().startswith("unit_id,year,ikm,nrr_u1")


class TestRowRuleSeverity:
    def test_unknown_severity(self):
        with pytest.raises(ValueError, match="severity"):
            schema.RowRule("x", ("a",), lambda df: df["a"].notna(), severity="note")

    def test_only_the_skp_matrix_is_a_warning(self):
        warned = {(t, r.rule) for t, s in TABLES.items() for r in s.warnings}
        assert [t for t, _ in warned] == ["performance"]

    def test_pandera_alone_accepts_an_rating_off_the_matrix(self):
        frame = ap.from_tables(tiny_tables()).performance.copy()
        frame.loc[0, "skp_rating"] = "Sangat Baik"
        schema.SCHEMAS["performance"].validate(frame, lazy=True)
