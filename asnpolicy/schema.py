"""The data model: one declarative spec per table, the single source of column names and checks.

Each of the twelve tables of ``shared/DESIGN.md``, and the optional ``ikm_published``
(published citizen-satisfaction results) and ``region_policies`` (a region's recruitment
policy), is a :class:`TableSpec` of :class:`Field` objects. From the specs come

- the pandera schemas (:data:`SCHEMAS`, :func:`pandera_schema`) that check types, allowed values,
  ranges, steps, patterns, nullability, unique keys and the row rules whose breach is an error
  (a row rule of severity ``warning`` is checked by :mod:`asnpolicy.validation` beside them);
- the parsing and checking of a user's tables (:mod:`asnpolicy.validation`);
- the data dictionary (:func:`data_dictionary`, ``data/README.md``) and the input templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Final

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import keys, rules

__all__ = [
    "CHANNELS",
    "EDUCATION_LEVELS",
    "EXTRA_TESTS",
    "LIST_SEPARATOR",
    "PERSONAL_IDENTIFIER_COLUMNS",
    "POLICY_STAGES",
    "SCHEMAS",
    "SECTORS",
    "TABLES",
    "Field",
    "Reference",
    "RowRule",
    "SEVERITIES",
    "TableSpec",
    "data_dictionary",
    "data_dictionary_markdown",
    "empty_frame",
    "pandera_schema",
    "table_spec",
]

# --------------------------------------------------------------------------------------------
# Vocabularies that are part of the data model (not official constants: those are in rules.py)
# --------------------------------------------------------------------------------------------

SECTORS: Final = (
    "administration",
    "education",
    "health",
    "public_works",
    "social_services",
    "population_registry",
    "economy",
    "agriculture",
    "environment",
    "transport",
    "finance",
    "public_order",
    "other",
)
EDUCATION_LEVELS: Final = ("sd", "smp", "sma", "d1", "d2", "d3", "d4", "s1", "s2", "s3")
CHANNELS: Final = (
    "sscasn_portal",
    "official_website",
    "social_media",
    "news_media",
    "university",
    "job_fair",
    "word_of_mouth",
    "other",
)
GENDERS: Final = ("female", "male")
ORIGINS: Final = ("local", "non_local")
PANELS: Final = ("internal", "external", "mixed")
ASSESSMENT_STAGES: Final = (
    "written_test",
    "interview",
    "in_depth_interview",
    "psych",
    "competency",
    "practical",
)
ASSESSOR_TYPES: Final = (
    "internal",
    "external_academic",
    "external_practitioner",
    "external_expert",
)
#: Selection stages a region's policy may name (``region_policies.stages``; the codes of
#: ``regions.PolicyProfile.selection_stages``): the national SKD, the CAT-SKB, and the tests and
#: interviews a region adds.
POLICY_STAGES: Final = ("skd", "cat_skb", *ASSESSMENT_STAGES)
#: The extra SKB test a region may weigh beside the CAT-SKB (``region_policies.extra_test``):
#: the SKB components of ``rules.SKB_COMPONENTS`` other than ``cat``. PermenPANRB 27/2021 does
#: not allow the interview as a regional government's extra test; a row may still record it.
EXTRA_TESTS: Final = ("psych", "competency", "practical", "interview")
#: Separator of the list cells of ``region_policies`` (``skd;cat_skb;competency``).
LIST_SEPARATOR: Final = ";"
TRAINING_PROVIDERS: Final = ("internal", "university", "expert_speaker", "bpsdm", "lan", "other")
PROMOTION_METHODS: Final = (
    "open_selection",
    "talent_pool",
    "competency_assessment",
    "seniority",
    "direct_appointment",
)
#: Column names that would carry names or national / civil-service numbers. They never enter a
#: Dataset: the people tables carry pseudonymous ids only.
PERSONAL_IDENTIFIER_COLUMNS: Final = frozenset(
    {
        "name",
        "nama",
        "nama_lengkap",
        "full_name",
        "nik",
        "nip",
        "no_ktp",
        "ktp",
        "nomor_induk",
        "email",
        "phone",
        "no_hp",
        "telepon",
        "address",
        "alamat",
    }
)
_YEARS = (1990, 2100)
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-/]*$"

# --------------------------------------------------------------------------------------------
# Specs
# --------------------------------------------------------------------------------------------

KINDS: Final = ("str", "int", "float", "bool", "date")


@dataclass(frozen=True)
class Reference:
    """A foreign key: the column's non-empty values must exist in ``table.column``."""

    table: str
    column: str


@dataclass(frozen=True)
class Field:
    """One column of a table.

    ``kind`` is one of ``str``, ``int``, ``float``, ``bool``, ``date``. A ``required`` column must
    be in the file; an optional one may be left out (it is then all empty). ``nullable`` says
    whether a cell may be empty. Bounds are inclusive unless ``min_exclusive``.
    """

    name: str
    kind: str
    description: str
    required: bool = True
    nullable: bool = False
    allowed: tuple = ()
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    step: int | None = None
    pattern: str | None = None
    unique: bool = False
    unit: str = ""
    references: Reference | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Field {self.name}: kind must be one of {KINDS}, not {self.kind!r}")

    @property
    def dtype(self) -> str:
        """The pandas dtype of the column once parsed."""
        return {
            "str": "str",
            "int": "Int64" if self.nullable else "int64",
            "float": "float64",
            "bool": "boolean" if self.nullable else "bool",
            "date": "datetime64[ns]",
        }[self.kind]

    def rules_text(self) -> str:
        """The column's checks in words, for the data dictionary."""
        parts = []
        if self.allowed:
            parts.append("one of " + ", ".join(f"`{v}`" for v in self.allowed))
        if self.min is not None or self.max is not None:
            lo = (
                ""
                if self.min is None
                else (f"> {_num(self.min)}" if self.min_exclusive else f">= {_num(self.min)}")
            )
            hi = "" if self.max is None else f"<= {_num(self.max)}"
            parts.append(" and ".join(p for p in (lo, hi) if p))
        if self.step:
            parts.append(f"multiple of {self.step}")
        if self.pattern:
            parts.append(f"matches `{self.pattern}`")
        if self.unique:
            parts.append("unique")
        if self.references:
            parts.append(f"exists in {self.references.table}.{self.references.column}")
        return "; ".join(parts)


#: How much a broken row rule weighs: an ``error`` stops loading (or quarantines the row); a
#: ``warning`` is noted on ``Dataset.warnings`` and the row is kept as recorded.
SEVERITIES: Final = ("error", "warning")


@dataclass(frozen=True)
class RowRule:
    """A check across columns of one row. ``test`` returns True where the row is fine.

    ``severity`` is ``"error"`` (the row breaks the data model) or ``"warning"`` (the row is
    kept as recorded and the disagreement is noted: e.g. an SKP rating that third-party apps
    compute differently from the regulation's matrix).
    """

    rule: str
    columns: tuple[str, ...]
    test: Callable[[pd.DataFrame], pd.Series]
    severity: str = "error"

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(
                f"RowRule {self.rule!r}: severity must be one of {SEVERITIES}, "
                f"not {self.severity!r}"
            )


@dataclass(frozen=True)
class TableSpec:
    """One table of the data model."""

    name: str
    one_row_per: str
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()
    row_rules: tuple[RowRule, ...] = field(default=())

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def errors(self) -> tuple[RowRule, ...]:
        """The row rules whose breach is an error."""
        return tuple(r for r in self.row_rules if r.severity == "error")

    @property
    def warnings(self) -> tuple[RowRule, ...]:
        """The row rules whose breach is only noted (the row is kept as recorded)."""
        return tuple(r for r in self.row_rules if r.severity == "warning")

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _num(x: float) -> str:
    return f"{x:g}"


def _id(name: str, description: str, **kw) -> Field:
    return Field(name, "str", description, pattern=_ID_PATTERN, **kw)


def _ref(name: str, table: str, description: str, **kw) -> Field:
    return _id(name, description, references=Reference(table, name), **kw)


def _year(name: str = "year", description: str = "Calendar year.", **kw) -> Field:
    return Field(name, "int", description, min=_YEARS[0], max=_YEARS[1], **kw)


def _score100(name: str, description: str, **kw) -> Field:
    """An optional score on 0-100 (empty where not measured)."""
    kw.setdefault("required", False)
    return Field(
        name, "float", description, nullable=True, min=0, max=100, unit="points 0-100", **kw
    )


def _level(name: str, competency: str, description: str, **kw) -> Field:
    lo, hi = rules.COMPETENCY_LEVELS[competency]
    return Field(name, "int", description, nullable=True, min=lo, max=hi, unit="level", **kw)


def _not_before(later: str, earlier: str) -> RowRule:
    return RowRule(
        f"{later} must not be before {earlier}",
        (earlier, later),
        lambda df: ~(df[later] < df[earlier]).fillna(False).astype(bool),
    )


_SKP_LEVELS = ("above", "as_expected", "below")


def _skp_consistent(df: pd.DataFrame) -> pd.Series:
    # the matrix as a 3 x 3 table of rating codes, indexed by the two assessments' codes
    labels = sorted(set(rules.SKP_MATRIX.values()))
    matrix = np.array(
        [[labels.index(rules.SKP_MATRIX[(w, b)]) for b in _SKP_LEVELS] for w in _SKP_LEVELS]
    )
    work = keys.positions(df["work_result"], pd.Index(_SKP_LEVELS))
    behaviour = keys.positions(df["behaviour"], pd.Index(_SKP_LEVELS))
    rating = keys.positions(df["skp_rating"], pd.Index(labels))
    known = (work >= 0) & (behaviour >= 0)
    consistent = known & (matrix[np.maximum(work, 0), np.maximum(behaviour, 0)] == rating)
    # a pair with an empty cell is not checked; a pair with an unknown label never matches
    either_empty = (df["work_result"].isna() | df["behaviour"].isna()).to_numpy()
    return pd.Series(either_empty | consistent, index=df.index)


def _skd_complete(df: pd.DataFrame) -> pd.Series:
    present = df[list(rules.SKD_PARTS)].notna().sum(axis=1)
    return (present == 0) | (present == 3)


#: How far cat_weight + extra_weight may be from 1 (a spreadsheet's 0.6 + 0.4).
_WEIGHT_TOLERANCE: Final = 1e-6


def _weights_sum_to_one(df: pd.DataFrame) -> pd.Series:
    total = df["cat_weight"] + df["extra_weight"]  # empty when either is empty: not checked
    return total.isna() | ((total - 1).abs() <= _WEIGHT_TOLERANCE)


def _extra_weight_has_test(df: pd.DataFrame) -> pd.Series:
    return ~(df["extra_weight"].notna() & df["extra_test"].isna())


def _cat_below_one_has_test(df: pd.DataFrame) -> pd.Series:
    below = (df["cat_weight"] < 1 - _WEIGHT_TOLERANCE).fillna(False).astype(bool)
    return ~(below & df["extra_test"].isna())


def _known_stages(df: pd.DataFrame) -> pd.Series:
    """Every ``;``-separated code of ``stages`` is a known stage (case and spaces aside)."""
    cells = pd.Series(df["stages"].to_numpy(dtype=object), index=np.arange(len(df)))
    items = cells.astype("string").str.split(LIST_SEPARATOR).explode().str.strip().str.lower()
    unknown = (items.notna() & (items != "") & ~items.isin(POLICY_STAGES)).astype(bool)
    bad = unknown.groupby(level=0).any().reindex(np.arange(len(df)), fill_value=False)
    return pd.Series(~bad.to_numpy(dtype=bool), index=df.index)


def _policy_list(name: str, description: str) -> Field:
    return Field(
        name,
        "str",
        description + " Codes separated by `;`.",
        required=False,
        nullable=True,
    )


def _policy_flag(name: str, description: str) -> Field:
    return Field(name, "bool", description, required=False, nullable=True)


_SKB_FIELDS = tuple(
    _score100(f"skb_{c}", f"SKB component '{c}' on 0-100 (empty when not used).")
    for c in rules.SKB_COMPONENTS
)
_SKD_MAX = {
    part: max(getattr(r.format, f"{part}_max") for r in rules.SKD.values())
    for part in rules.SKD_PARTS
}
_PPPK_MAX = {
    "technical": max(r.technical_max for r in rules.PPPK.values()),
    "managerial_social": max(r.managerial_social_max for r in rules.PPPK.values()),
    "interview": max(r.interview_max for r in rules.PPPK.values()),
}

_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        "regions",
        "region",
        "Regional governments (or kecamatan) covered by the data.",
        (
            Field(
                "region_id",
                "str",
                "Short lowercase id, e.g. `bangko`.",
                unique=True,
                pattern=r"^[a-z][a-z0-9_]*$",
            ),
            Field("name", "str", "Display name."),
            Field(
                "kind",
                "str",
                "Kind of government.",
                allowed=("provinsi", "kabupaten", "kota", "kecamatan"),
            ),
            Field("province", "str", "Province name."),
            Field(
                "kode_wilayah",
                "str",
                "Kemendagri area code, e.g. `15.02` or `13.71.08`.",
                pattern=r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$",
            ),
            Field(
                "population",
                "int",
                "Population.",
                required=False,
                nullable=True,
                min=0,
                unit="people",
            ),
        ),
        key=("region_id",),
    ),
    TableSpec(
        "units",
        "OPD / work unit",
        "Work units (organisasi perangkat daerah and their service units).",
        (
            _id("unit_id", "Unit id.", unique=True),
            _ref("region_id", "regions", "Region of the unit."),
            Field("name", "str", "Unit name (an organisation, never a person)."),
            Field(
                "sector",
                "str",
                "Sector of the unit's work (no official export records it: the analyst "
                "fills it once per region; empty when unknown).",
                required=False,
                nullable=True,
                allowed=SECTORS,
            ),
            Field(
                "front_line",
                "bool",
                "Serves citizens directly (front-line service); empty when unknown.",
                required=False,
                nullable=True,
            ),
            Field(
                "service_population",
                "int",
                "People the unit serves in a year (for the SKM sample size), when known.",
                required=False,
                nullable=True,
                min=0,
                unit="people",
            ),
        ),
        key=("unit_id",),
    ),
    TableSpec(
        "positions",
        "position (jabatan)",
        "Positions of each unit with the competency levels they require (PermenPANRB 38/2017).",
        (
            _id("position_id", "Position id.", unique=True),
            _ref("unit_id", "units", "Unit the position belongs to."),
            Field("title", "str", "Position title (nama jabatan)."),
            Field(
                "kind",
                "str",
                "Kind of position; functional positions by level (sets BUP).",
                allowed=rules.POSITION_KINDS,
            ),
            _level("req_teknis", "teknis", "Required technical competency level."),
            _level("req_manajerial", "manajerial", "Required managerial competency level."),
            _level(
                "req_sosial_kultural",
                "sosial_kultural",
                "Required socio-cultural competency level.",
            ),
            Field(
                "annual_cost",
                "float",
                "Yearly pay and allowances of one holder (for budgets and utility).",
                required=False,
                nullable=True,
                min=0,
                unit="rupiah per year",
            ),
        ),
        key=("position_id",),
    ),
    TableSpec(
        "workload",
        "ABK task line",
        "Workload analysis (analisis beban kerja): tasks of each position with volume and time "
        "norm (PermenPANRB 1/2020).",
        (
            _ref("position_id", "positions", "Position that does the task."),
            Field("task", "str", "Task (uraian tugas)."),
            Field(
                "volume",
                "float",
                "Outputs per period (beban kerja).",
                min=0,
                unit="outputs per period",
            ),
            Field(
                "volume_period",
                "str",
                "Period of `volume`; day, week and month are annualised with 250, 50, 12.",
                allowed=tuple(rules.ABK_ANNUALISATION),
            ),
            Field(
                "norm_minutes",
                "float",
                "Time norm (norma waktu) per output.",
                min=0,
                min_exclusive=True,
                unit="minutes per output",
            ),
        ),
        key=("position_id", "task"),
    ),
    TableSpec(
        "employees",
        "employee",
        "Current civil servants (PNS and PPPK), identified by pseudonymous ids only.",
        (
            _id("employee_id", "Pseudonymous employee id (never a NIP).", unique=True),
            _ref("region_id", "regions", "Region."),
            _ref("unit_id", "units", "Unit."),
            _ref("position_id", "positions", "Position held."),
            Field("status", "str", "Employment status.", allowed=("pns", "pppk")),
            Field("gender", "str", "Gender.", allowed=GENDERS),
            Field("birth_year", "int", "Year of birth.", min=1940, max=2015),
            Field(
                "birth_month",
                "int",
                "Month of birth (retirement is at the end of the month "
                "the retirement age is reached).",
                required=False,
                nullable=True,
                min=1,
                max=12,
            ),
            Field("education", "str", "Highest education.", allowed=EDUCATION_LEVELS),
            Field("hire_year", "int", "Year of appointment.", min=1960, max=_YEARS[1]),
            Field(
                "origin",
                "str",
                "Whether the employee comes from the region (no SIASN column records it; "
                "empty when unknown).",
                required=False,
                nullable=True,
                allowed=ORIGINS,
            ),
            _id(
                "applicant_id",
                "Recruitment record of this employee, when recruited through "
                "the recorded selections.",
                required=False,
                nullable=True,
                references=Reference("applicants", "applicant_id"),
            ),
            _level("comp_teknis", "teknis", "Assessed technical competency level.", required=False),
            _level(
                "comp_manajerial",
                "manajerial",
                "Assessed managerial competency level.",
                required=False,
            ),
            _level(
                "comp_sosial_kultural",
                "sosial_kultural",
                "Assessed socio-cultural competency level.",
                required=False,
            ),
        ),
        key=("employee_id",),
        row_rules=(
            RowRule(
                "hire_year must be at least 18 years after birth_year",
                ("birth_year", "hire_year"),
                lambda df: (df["hire_year"] - df["birth_year"]) >= 18,
            ),
        ),
    ),
    TableSpec(
        "formasi",
        "opened vacancy line",
        "Vacancies opened (formasi) per year, track and position.",
        (
            _id("formasi_id", "Formasi id.", unique=True),
            _ref("region_id", "regions", "Region that opened the formasi."),
            _year("year", "Recruitment year (sets the SKD rules)."),
            Field("track", "str", "Recruitment track.", allowed=("cpns", "pppk")),
            _ref("position_id", "positions", "Position to fill."),
            Field("quota", "int", "Number of positions opened.", min=1, unit="positions"),
        ),
        key=("formasi_id",),
    ),
    TableSpec(
        "applicants",
        "application",
        "Applications with their stage results (SSCASN, CAT BKN, SKB).",
        (
            _id("applicant_id", "Pseudonymous applicant id (never a NIK).", unique=True),
            _ref("formasi_id", "formasi", "Formasi applied for."),
            Field(
                "channel",
                "str",
                "Where the applicant learned of the vacancy (no SSCASN export records it: an "
                "applicant survey does; empty when unknown).",
                required=False,
                nullable=True,
                allowed=CHANNELS,
            ),
            Field(
                "registration_mode",
                "str",
                "How the applicant registered (SSCASN registration is online only; empty when "
                "not recorded).",
                required=False,
                nullable=True,
                allowed=("online", "offline"),
            ),
            Field(
                "registered_on",
                "date",
                "Registration date (YYYY-MM-DD); empty when not recorded.",
                required=False,
                nullable=True,
            ),
            Field(
                "verified_on",
                "date",
                "Date the documents were verified (empty if never).",
                nullable=True,
            ),
            Field(
                "doc_errors",
                "int",
                "Document errors found at verification (empty when not recorded).",
                required=False,
                nullable=True,
                min=0,
                unit="errors",
            ),
            Field("admin_pass", "bool", "Passed the administrative check (MS)."),
            Field(
                "gender",
                "str",
                "Gender (from the NIK where the BKPSDM holds it; empty when unknown).",
                required=False,
                nullable=True,
                allowed=GENDERS,
            ),
            Field(
                "age",
                "int",
                "Age at registration (from the NIK where the BKPSDM holds it; empty when unknown).",
                required=False,
                nullable=True,
                min=17,
                max=60,
                unit="years",
            ),
            Field(
                "education",
                "str",
                "Highest education (empty when unknown).",
                required=False,
                nullable=True,
                allowed=EDUCATION_LEVELS,
            ),
            Field(
                "gpa",
                "float",
                "GPA or diploma average (IPK), for the final tie-break.",
                required=False,
                nullable=True,
                min=0,
                max=4,
            ),
            Field(
                "origin",
                "str",
                "Whether the applicant comes from the region (a proxy from the NIK's area "
                "code where the BKPSDM holds the NIK; empty when unknown).",
                required=False,
                nullable=True,
                allowed=ORIGINS,
            ),
            Field(
                "special_group",
                "str",
                "Applicant group for the SKD passing grades.",
                allowed=rules.SPECIAL_GROUPS,
            ),
            Field(
                "twk",
                "int",
                "SKD TWK score (empty if the applicant did not sit the SKD).",
                nullable=True,
                min=0,
                max=_SKD_MAX["twk"],
                step=5,
                unit="points",
            ),
            Field(
                "tiu",
                "int",
                "SKD TIU score.",
                nullable=True,
                min=0,
                max=_SKD_MAX["tiu"],
                step=5,
                unit="points",
            ),
            Field(
                "tkp",
                "int",
                "SKD TKP score.",
                nullable=True,
                min=0,
                max=_SKD_MAX["tkp"],
                unit="points",
            ),
            *_SKB_FIELDS,
            _score100(
                "skb_total",
                "Published SKB total on 0-100, where the SKB components are not published (an "
                "SSCASN integration list); the integration rule uses it as the SKB score of an "
                "applicant with no SKB component.",
            ),
            Field(
                "pppk_technical",
                "float",
                "PPPK technical competency score.",
                required=False,
                nullable=True,
                min=0,
                max=_PPPK_MAX["technical"],
                unit="points",
            ),
            Field(
                "pppk_managerial_social",
                "float",
                "PPPK managerial + socio-cultural score.",
                required=False,
                nullable=True,
                min=0,
                max=_PPPK_MAX["managerial_social"],
                unit="points",
            ),
            Field(
                "pppk_interview",
                "float",
                "PPPK interview score.",
                required=False,
                nullable=True,
                min=0,
                max=_PPPK_MAX["interview"],
                unit="points",
            ),
            Field(
                "panel",
                "str",
                "Composition of the panel that assessed the applicant.",
                nullable=True,
                allowed=PANELS,
            ),
            Field("hired", "bool", "Appointed from this application."),
        ),
        key=("applicant_id",),
        row_rules=(
            _not_before("verified_on", "registered_on"),
            RowRule(
                "twk, tiu and tkp must be all present or all empty",
                rules.SKD_PARTS,
                _skd_complete,
            ),
            RowRule(
                "a hired applicant must have passed the administrative check",
                ("admin_pass", "hired"),
                lambda df: ~(df["hired"] & ~df["admin_pass"]),
            ),
        ),
    ),
    TableSpec(
        "assessments",
        "rating of one applicant by one assessor at one stage",
        "Individual assessor ratings (for panel reliability and rater bias).",
        (
            _ref("applicant_id", "applicants", "Applicant rated."),
            Field("stage", "str", "Selection stage.", allowed=ASSESSMENT_STAGES),
            _id("assessor_id", "Pseudonymous assessor id."),
            Field("assessor_type", "str", "Who the assessor is.", allowed=ASSESSOR_TYPES),
            Field("rating", "float", "Rating given.", min=0, max=100, unit="points 0-100"),
        ),
        key=("applicant_id", "stage", "assessor_id"),
    ),
    TableSpec(
        "performance",
        "employee-year",
        "Yearly performance (SKP, PermenPANRB 6/2022) and feedback.",
        (
            _ref("employee_id", "employees", "Employee."),
            _year("year", "Appraisal year."),
            Field(
                "skp_rating",
                "str",
                "Official performance rating (predikat kinerja).",
                allowed=rules.SKP_LABELS,
            ),
            Field(
                "work_result",
                "str",
                "Work results relative to expectation.",
                nullable=True,
                allowed=rules.SKP_BEHAVIOUR_LEVELS,
            ),
            Field(
                "behaviour",
                "str",
                "Work behaviour relative to expectation.",
                nullable=True,
                allowed=rules.SKP_BEHAVIOUR_LEVELS,
            ),
            _score100("peer_score", "Co-worker feedback score."),
            _score100("citizen_score", "Citizen feedback score."),
        ),
        key=("employee_id", "year"),
        row_rules=(
            # A warning, never a rejection: third-party SKP apps compute the quadrant
            # differently (rumahASN's getKuadran returns max(a, b) off the diagonal), and the
            # label is taken as recorded (shared/reference/real-exports.md A4).
            RowRule(
                "skp_rating does not follow the PermenPANRB 6/2022 matrix of work_result and "
                "behaviour (kept as recorded)",
                ("work_result", "behaviour", "skp_rating"),
                _skp_consistent,
                severity="warning",
            ),
        ),
    ),
    TableSpec(
        "skm",
        "citizen survey response",
        "Citizen-satisfaction survey (SKM) answers to the nine elements of PermenPANRB 14/2017.",
        (
            _id("response_id", "Response id.", unique=True),
            _ref("unit_id", "units", "Unit surveyed."),
            Field(
                "survey_date",
                "date",
                "Date of the response (YYYY-MM-DD); 1 July of the year when the survey app "
                "kept only the year (see `year_only`).",
            ),
            Field(
                "year_only",
                "bool",
                "The survey app kept only the year of the response: `survey_date` is then 1 "
                "July of that year, and analyses by month or quarter leave the row out.",
                required=False,
                nullable=True,
            ),
            Field(
                "service",
                "str",
                "Service used (empty when the survey app does not record it).",
                required=False,
                nullable=True,
            ),
            *(
                Field(
                    u,
                    "int",
                    f"Answer on element {u.upper()} ({names[1].lower()}).",
                    min=rules.IKM_SCALE[0],
                    max=rules.IKM_SCALE[1],
                    unit="1-4",
                )
                for u, names in rules.IKM_ELEMENTS.items()
            ),
            Field(
                "respondent_gender",
                "str",
                "Respondent's gender.",
                required=False,
                nullable=True,
                allowed=GENDERS,
            ),
            Field(
                "respondent_age",
                "int",
                "Respondent's age.",
                required=False,
                nullable=True,
                min=10,
                max=110,
                unit="years",
            ),
            Field(
                "respondent_education",
                "str",
                "Respondent's education.",
                required=False,
                nullable=True,
                allowed=EDUCATION_LEVELS,
            ),
        ),
        key=("response_id",),
    ),
    TableSpec(
        "ikm_published",
        "unit and year",
        "Published citizen-satisfaction results per unit and year (IKM and the NRR of each "
        "element, PermenPANRB 14/2017), for a region that holds the published figures and not "
        "the survey's responses (optional).",
        (
            _ref("unit_id", "units", "Unit surveyed."),
            _year("year", "Survey year."),
            Field(
                "ikm",
                "float",
                "Published IKM (index 25-100; empty when only the NRR were published).",
                required=False,
                nullable=True,
                min=0,
                max=100,
                unit="points 0-100",
            ),
            *(
                Field(
                    f"nrr_{u}",
                    "float",
                    f"Published mean answer (NRR) on element {u.upper()} ({names[1].lower()}).",
                    required=False,
                    nullable=True,
                    min=rules.IKM_SCALE[0],
                    max=rules.IKM_SCALE[1],
                    unit="1-4",
                )
                for u, names in rules.IKM_ELEMENTS.items()
            ),
            Field(
                "n",
                "int",
                "Respondents behind the published figures.",
                required=False,
                nullable=True,
                min=0,
                unit="respondents",
            ),
            Field(
                "source",
                "str",
                "Where the figures were published (a report, a file name).",
                required=False,
                nullable=True,
            ),
        ),
        key=("unit_id", "year"),
    ),
    TableSpec(
        "training",
        "training record",
        "Training attended, with scores before and after.",
        (
            _ref("employee_id", "employees", "Employee trained."),
            _year("year", "Year of the training."),
            Field("program", "str", "Training programme."),
            Field("provider", "str", "Who delivered it.", allowed=TRAINING_PROVIDERS),
            Field("hours", "float", "Length.", min=0, min_exclusive=True, unit="hours"),
            _score100("pre_score", "Test score before the training."),
            _score100("post_score", "Test score after the training."),
        ),
        key=("employee_id", "year", "program"),
    ),
    TableSpec(
        "promotions",
        "promotion or appointment",
        "Promotions and appointments, with the method used.",
        (
            _ref("employee_id", "employees", "Employee promoted."),
            _year("year", "Year of the appointment."),
            _id(
                "to_position_id",
                "Position appointed to.",
                references=Reference("positions", "position_id"),
            ),
            Field("method", "str", "How the appointee was chosen.", allowed=PROMOTION_METHODS),
            _score100("competency_score", "Competency assessment score, when assessed."),
        ),
        key=("employee_id", "year", "to_position_id"),
    ),
    TableSpec(
        "region_policies",
        "region (and optionally year and track)",
        "A region's recruitment policy as its documents state it: SKB weights, stages, panels, "
        "registration, training, feedback and merit practices (optional; SKB weights within "
        "PermenPANRB 27/2021 for a regional government: CAT-SKB at least 60 %, at most one "
        "extra test of at most 40 %, not an interview). An empty year means every year, an "
        "empty track both tracks. Where a region declares no SKB weights, the decision audit "
        "infers the weighting that explains its hires and says so.",
        (
            _ref("region_id", "regions", "Region whose policy the row states."),
            _year(
                "year",
                "Recruitment year the row applies to (empty: every year).",
                required=False,
                nullable=True,
            ),
            Field(
                "track",
                "str",
                "Recruitment track the row applies to (empty: both).",
                required=False,
                nullable=True,
                allowed=("cpns", "pppk"),
            ),
            Field(
                "cat_weight",
                "float",
                "Weight of the CAT-SKB in the SKB (PermenPANRB 27/2021: at least 0.6 for a "
                "regional government); empty when not declared.",
                required=False,
                nullable=True,
                min=0,
                max=1,
                unit="share 0-1",
            ),
            Field(
                "extra_test",
                "str",
                "The one SKB test weighed beside the CAT-SKB (empty: none). PermenPANRB 27/2021 "
                "does not allow a regional government an interview here; a row may record one.",
                required=False,
                nullable=True,
                allowed=EXTRA_TESTS,
            ),
            Field(
                "extra_weight",
                "float",
                "Weight of `extra_test` in the SKB (at most 0.4 for a regional government); "
                "cat_weight + extra_weight = 1.",
                required=False,
                nullable=True,
                min=0,
                max=1,
                unit="share 0-1",
            ),
            _policy_list(
                "stages",
                "Selection stages in order: " + ", ".join(f"`{s}`" for s in POLICY_STAGES) + ".",
            ),
            _policy_flag(
                "fixed_stage_weights", "Whether the policy says each stage has a fixed weight."
            ),
            Field(
                "panel_type",
                "str",
                "Who sits on the selection panels.",
                required=False,
                nullable=True,
                allowed=PANELS,
            ),
            _policy_list(
                "panel_members",
                "Panel members besides the agency's officials, e.g. `external_experts`, "
                "`academics`, `practitioners`.",
            ),
            _policy_flag("online_registration", "Whether applicants register online."),
            _policy_flag("document_upload", "Whether applicants upload their documents online."),
            _policy_list(
                "registration_channels",
                "Where vacancies are published, e.g. `sscasn_portal`, `official_website`.",
            ),
            _policy_list("training_programmes", "Training the policy commits to."),
            _policy_list(
                "training_partners",
                "Who delivers training besides the agency, e.g. `education_institutions`.",
            ),
            _policy_list(
                "feedback_practices",
                "How performance and service are evaluated and fed back.",
            ),
            _policy_list("merit_practices", "Merit, accountability and anti-nepotism practices."),
            Field(
                "stresses",
                "str",
                "What the policy stresses, in one sentence.",
                required=False,
                nullable=True,
            ),
        ),
        key=("region_id", "year", "track"),
        row_rules=(
            RowRule(
                "cat_weight + extra_weight must be 1",
                ("cat_weight", "extra_weight"),
                _weights_sum_to_one,
            ),
            RowRule(
                "an extra_weight needs the extra_test it weighs",
                ("extra_test", "extra_weight"),
                _extra_weight_has_test,
            ),
            RowRule(
                "a cat_weight below 1 needs the extra_test that takes the rest",
                ("cat_weight", "extra_test"),
                _cat_below_one_has_test,
            ),
            RowRule(
                "stages must be codes among " + ", ".join(POLICY_STAGES) + ", separated by ;",
                ("stages",),
                _known_stages,
            ),
        ),
    ),
)

#: The tables by name, in load order (parents before children): the twelve of
#: ``shared/DESIGN.md`` and the optional ``ikm_published`` and ``region_policies``.
TABLES: Final[Mapping[str, TableSpec]] = MappingProxyType({s.name: s for s in _SPECS})


def table_spec(table: str) -> TableSpec:
    """The spec of ``table``, or a ValueError that lists the tables of the data model."""
    try:
        return TABLES[table]
    except KeyError:
        raise ValueError(f"Unknown table {table!r}; tables: {', '.join(TABLES)}.") from None


# --------------------------------------------------------------------------------------------
# pandera schemas
# --------------------------------------------------------------------------------------------


def _checks(f: Field) -> list[pa.Check]:
    """The pandera checks of one column; each is named by the rule in words."""
    checks = []

    def add(check: Callable[..., pa.Check], *args, rule: str) -> None:
        checks.append(check(*args, name=rule, error=rule))

    if f.allowed:
        add(pa.Check.isin, list(f.allowed), rule="must be one of " + ", ".join(map(str, f.allowed)))
    if f.min is not None:
        if f.min_exclusive:
            add(pa.Check.gt, f.min, rule=f"must be greater than {_num(f.min)}")
        else:
            add(pa.Check.ge, f.min, rule=f"must be at least {_num(f.min)}")
    if f.max is not None:
        add(pa.Check.le, f.max, rule=f"must be at most {_num(f.max)}")
    if f.step:
        step = f.step
        add(pa.Check, lambda s: s % step == 0, rule=f"must be a multiple of {step}")
    if f.pattern:
        add(pa.Check.str_matches, f.pattern, rule=f"must match the pattern {f.pattern}")
    return checks


@cache
def pandera_schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema of ``table`` (types, values, ranges, keys and row rules).

    The schema expects parsed columns (see :func:`validate_table`); it does not coerce.

    Examples
    --------
    >>> sorted(pandera_schema("regions").columns)[:2]
    ['kind', 'kode_wilayah']
    """
    spec = table_spec(table)
    columns = {
        f.name: pa.Column(
            f.dtype,
            checks=_checks(f),
            nullable=f.nullable,
            unique=f.unique,
            required=f.required,
            description=f.description,
            title=f.name,
        )
        for f in spec.fields
    }
    composite = spec.key if len(spec.key) > 1 else None
    return pa.DataFrameSchema(
        columns,
        # warnings are checked by asnpolicy.validation beside the schema, never by pandera
        checks=[pa.Check(r.test, name=r.rule) for r in spec.errors],
        unique=list(composite) if composite else None,
        strict=True,
        ordered=False,
        name=table,
        description=spec.description,
    )


#: pandera schema of every table (built on first use).
SCHEMAS: Final[Mapping[str, pa.DataFrameSchema]] = MappingProxyType(
    {name: pandera_schema(name) for name in TABLES}
)


def empty_frame(table: str) -> pd.DataFrame:
    """A table with no rows and the schema's columns and dtypes.

    Examples
    --------
    >>> empty_frame("units").columns.tolist()[:3]
    ['unit_id', 'region_id', 'name']
    """
    spec = table_spec(table)
    return pd.DataFrame({f.name: pd.Series(dtype=f.dtype) for f in spec.fields})


# --------------------------------------------------------------------------------------------
# Data dictionary
# --------------------------------------------------------------------------------------------


def data_dictionary() -> pd.DataFrame:
    """Every column of every table with its type, rules and meaning.

    Returns
    -------
    DataFrame
        One row per column: ``table``, ``column``, ``type``, ``required``, ``empty_allowed``,
        ``unit``, ``rules``, ``description``.
    """
    rows = [
        {
            "table": spec.name,
            "column": f.name,
            "type": {
                "str": "text",
                "int": "whole number",
                "float": "number",
                "bool": "true/false",
                "date": "date",
            }[f.kind],
            "required": "yes" if f.required else "no",
            "empty_allowed": "yes" if f.nullable else "no",
            "unit": f.unit,
            "rules": f.rules_text(),
            "description": f.description,
        }
        for spec in TABLES.values()
        for f in spec.fields
    ]
    return pd.DataFrame(rows)


def data_dictionary_markdown() -> str:
    """The data dictionary as Markdown (the content of ``data/README.md``)."""
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated from asnpolicy/schema.py by `make dictionary`; do not edit by hand. -->",
        "",
        "A dataset is a folder with one file per table, named after the table (`units.csv`,",
        "`applicants.parquet`, `skm.xlsx`, ...), or one XLSX workbook with a sheet per table.",
        "Every table may be absent; analyses that need one say so. Column headers are matched",
        "without regard to case, spaces or a byte-order mark. CSV files are UTF-8, separated by",
        "`,` or `;` (with `;`, a decimal comma is read). Dates are written `YYYY-MM-DD`.",
        "Names, NIK and NIP never belong in these files: people are identified by",
        "pseudonymous ids.",
        "",
        "`asnpolicy validate PATH` checks a dataset and lists every problem by file, row, column",
        "and rule, and notes the rows kept as recorded that break a rule of severity warning;",
        "`asnpolicy templates OUT` writes empty files to fill in. From Python,",
        '`load_dataset(PATH, on_error="quarantine")` loads the rows without problems and lists',
        "the others on `Dataset.rejected`.",
        "",
        "Folders: `templates/` (written by `make templates`), `sample/` (synthetic data written by",
        "`make data`); neither is committed.",
        "",
        "## Tables",
        "",
        "| table | one row per | key | description |",
        "|---|---|---|---|",
    ]
    for spec in TABLES.values():
        lines.append(
            f"| `{spec.name}` | {spec.one_row_per} | {', '.join(spec.key)} | {spec.description} |"
        )
    dictionary = data_dictionary()
    for spec in TABLES.values():
        lines += ["", f"## `{spec.name}`", "", spec.description, ""]
        if len(spec.key) > 1:
            lines += [f"Key: {' + '.join(spec.key)} is unique.", ""]
        for r in spec.errors:
            lines += [f"Row rule: {r.rule}.", ""]
        for r in spec.warnings:
            lines += [f"Warning, never an error: {r.rule}.", ""]
        lines += [
            "| column | type | required | empty allowed | unit | rules | description |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in dictionary[dictionary["table"] == spec.name].itertuples(index=False):
            lines.append(
                f"| `{r.column}` | {r.type} | {r.required} | {r.empty_allowed} | "
                f"{r.unit} | {r.rules} | {r.description} |"
            )
    lines += [
        "",
        "## Checks across tables",
        "",
        "- Every reference named in *rules* (`exists in ...`) must resolve when the referenced",
        "  table is present (when it is absent, `asnpolicy validate` says the check was skipped).",
        "- An employee's `unit_id` is the unit of its position, and its `region_id` the region of",
        "  that unit; a formasi's `region_id` is the region of its position.",
        "- SKD scores fit the format of the formasi's year: "
        + "; ".join(
            f"{y}: TWK <= {r.format.twk_max}, TIU <= {r.format.tiu_max}, TKP <= {r.format.tkp_max}"
            for y, r in rules.SKD.items()
        )
        + ".",
        "",
    ]
    return "\n".join(lines)
