"""Every number the simulator assumes, with its source or marked as an assumption.

Each constant is registered through :func:`_assume`, which records its name, value, unit and
source in :data:`ASSUMPTIONS`; ``data/README.md`` lists that table (``make dictionary``).
Official rules are not here: they come from :mod:`asnpolicy.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .latent import Measure

#: Every constant below is an assumption, read as ``assumptions.NAME``; ``ASSUMPTIONS`` lists
#: them with their sources.
__all__ = ["ASSUMPTIONS", "Assumption", "assumptions_markdown"]


@dataclass(frozen=True)
class Assumption:
    name: str
    value: Any
    unit: str
    source: str


ASSUMPTIONS: list[Assumption] = []

_ASSUMED = "assumption"


def _assume(name: str, value, unit: str = "", source: str = _ASSUMED):
    ASSUMPTIONS.append(Assumption(name, value, unit, source))
    return value


SACKETT = "Sackett, Zhang, Berry & Lievens (2022), J. Appl. Psych. 107(11)"

# --- snapshot --------------------------------------------------------------------------------
REFERENCE_YEAR = _assume(
    "reference_year", 2025, "year", "data snapshot at 31 Dec of this year (assumption)"
)
PERFORMANCE_YEARS = _assume(
    "performance_years",
    (2022, 2023, 2024, 2025),
    "years",
    "SKP ratings under PermenPANRB 6/2022, first applied to 2022",
)

# --- sizes -----------------------------------------------------------------------------------
EMPLOYEES_PER_PERSON = _assume(
    "employees_per_resident",
    {"kabupaten": 0.012, "kota": 0.022, "provinsi": 0.0015},
    "ASN per resident",
    "assumption, of the order of regional ASN counts (BKN statistics: about 1-2 % of residents "
    "for kabupaten and kota, fewer for a province's own staff); with them the national run has "
    "about 4.3 million ASN, the count in BKN's Statistik ASN semester I 2023 (4,282,429)",
)
EMPLOYEES_KECAMATAN = _assume("employees_kecamatan", 320, "ASN", "assumption: hundreds")
UNITS_BY_KIND = _assume(
    "units_by_kind",
    {"kabupaten": 42, "kota": 34, "kecamatan": 8, "provinsi": 48},
    "units",
    "assumption, of the order of OPD and UPT counts",
)
STAFF_PER_UNIT_MIN = _assume(
    "staff_per_unit_min", 40, "employees", "assumption: small runs get fewer, not emptier, units"
)
APPLICANTS_PER_POSITION = _assume(
    "applicants_per_position",
    {"cpns": 16.0, "pppk": 6.0},
    "applicants per opened position",
    "CPNS 2024: about 3.96 million registrations for 250,407 formasi (DOMAIN.md); PPPK assumed",
)
FORMASI_SHARE_OF_STAFF = _assume(
    "formasi_share_of_staff",
    {2019: 0.025, 2021: 0.03, 2023: 0.03, 2024: 0.02},
    "positions opened per employee",
    "assumption",
)
TRACKS_BY_YEAR = _assume(
    "tracks_by_year",
    {2019: ("cpns",), 2021: ("cpns", "pppk"), 2023: ("pppk",), 2024: ("cpns",)},
    "",
    "regional governments recruited only PPPK in 2023 (DOMAIN.md); 2024 PPPK not modelled",
)

# --- the latent model --------------------------------------------------------------------------
PERFORMANCE_WEIGHTS = _assume(
    "performance_weights",
    {"G": 0.45, "K": 0.45, "C": 0.35, "M": 0.45},
    "SD of Y per SD",
    "assumption; Var(Y) = 1 with residual 0.27",
)
MEASURES = {
    m.name: m
    for m in (
        Measure("tiu", {"G": 1.0}, 0.31, f"cognitive ability, {SACKETT}"),
        Measure("twk", {"G": 0.5, "K": 0.5}, 0.15, "assumption (national-insight test)"),
        Measure(
            "tkp",
            {"C": 1.0, "M": 1.0},
            0.20,
            f"assumption, below situational judgement .26 ({SACKETT})",
        ),
        Measure("skb_cat", {"K": 0.8, "G": 0.6}, 0.40, f"job knowledge, {SACKETT}"),
        Measure("skb_psych", {"C": 1.0}, 0.19, f"conscientiousness, {SACKETT}"),
        Measure("skb_practical", {"K": 1.0, "M": 1.0}, 0.33, f"work sample, {SACKETT}"),
        Measure("pppk_technical", {"K": 0.8, "G": 0.6}, 0.40, f"job knowledge, {SACKETT}"),
        Measure(
            "pppk_managerial_social",
            {"M": 1.0, "C": 1.0},
            0.26,
            f"situational judgement, {SACKETT}",
        ),
        Measure(
            "pppk_interview",
            {"M": 1.0},
            0.19,
            f"CAT-based interview, as unstructured interview, {SACKETT}",
        ),
    )
}
#: Panel-rated measures: validity by panel type.
PANEL_MEASURES = {
    ("competency", "external"): Measure(
        "competency", {"M": 0.8, "C": 0.6}, 0.29, f"assessment centre, {SACKETT}"
    ),
    ("competency", "mixed"): Measure(
        "competency", {"M": 0.8, "C": 0.6}, 0.29, f"assessment centre, {SACKETT}"
    ),
    ("competency", "internal"): Measure(
        "competency", {"M": 0.8, "C": 0.6}, 0.22, "assumption: internal assessment, lower than .29"
    ),
    ("interview", "external"): Measure(
        "interview", {"M": 0.8, "C": 0.6}, 0.42, f"structured interview, {SACKETT}"
    ),
    ("interview", "mixed"): Measure(
        "interview", {"M": 0.8, "C": 0.6}, 0.31, "assumption: between structured and unstructured"
    ),
    ("interview", "internal"): Measure(
        "interview", {"M": 0.8, "C": 0.6}, 0.19, f"unstructured interview, {SACKETT}"
    ),
}
for (_stage, _panel), _m in PANEL_MEASURES.items():
    _assume(f"validity_{_stage}_{_panel}_panel", _m.validity, "r with Y", _m.source)
for _m in MEASURES.values():
    _assume(f"validity_{_m.name}", _m.validity, "r with Y", _m.source)

PANEL_ICC = _assume(
    "panel_single_rater_icc",
    {"external": 0.60, "mixed": 0.50, "internal": 0.40},
    "ICC(1)",
    "assumption, in the range of interview inter-rater reliabilities (Huffcutt, Culbertson & "
    "Weyhrauch 2013, Int. J. Sel. Assess. 21(3))",
)
PANEL_RATERS = _assume("panel_raters", 3, "assessors per applicant and stage", _ASSUMED)
#: Assessor types of each panel composition (one entry per seat).
PANEL_SEATS = _assume(
    "panel_seats",
    {
        "external": ("external_expert", "external_expert", "external_academic"),
        "mixed": ("internal", "external_academic", "external_practitioner"),
        "internal": ("internal", "internal", "internal"),
    },
    "",
    "DESIGN.md region profiles (Bangko external experts; Pauh academics and practitioners)",
)
LOCAL_BIAS_INTERNAL = _assume(
    "local_bias_internal_assessor",
    0.5,
    "SD of a rating",
    "assumption: leniency of internal assessors toward local applicants (the nepotism the "
    "policies fight)",
)
LENIENCY_SHARE = _assume("leniency_share_of_rater_noise", 0.2, "", _ASSUMED)
SHARE_LOCAL = _assume("share_local_applicants", 0.7, "", _ASSUMED)
RATING_SCALE = _assume("rating_mean_sd", (65.0, 10.0), "points 0-100", _ASSUMED)
ASSESSORS_PER_POOL = _assume("assessors_per_type_region_year", 6, "assessors", _ASSUMED)

# --- score scales ------------------------------------------------------------------------------
SKD_MEAN_SD = _assume(
    "skd_mean_sd_share_of_max",
    {"twk": (0.56, 0.12), "tiu": (0.52, 0.12), "tkp": (0.76, 0.07)},
    "share of the sub-test maximum",
    "assumption: about 45 % of SKD takers pass",
)
SKB_MEAN_SD = _assume("skb_mean_sd", (62.0, 12.0), "points 0-100", _ASSUMED)
PPPK_MEAN_SD = _assume(
    "pppk_mean_sd_share_of_max",
    {"technical": (0.58, 0.12), "managerial_social": (0.70, 0.09), "interview": (0.68, 0.12)},
    "share of the maximum",
    _ASSUMED,
)
PPPK_TECHNICAL_PASS = _assume(
    "pppk_technical_pass_mark", 248, "points", "midpoint of 203-293 (KepmenPANRB 1128/2021)"
)

# --- applicants --------------------------------------------------------------------------------
SPECIAL_GROUP_SHARE = _assume(
    "special_group_share", {"cumlaude": 0.03, "disability": 0.01}, "", _ASSUMED
)
ONLINE_SHARE = _assume(
    "online_registration_share",
    {True: 0.95, False: 0.55},
    "",
    "assumption, by whether the region's policy describes an online portal",
)
DOC_ERRORS_MEAN = _assume(
    "document_errors_mean", {"online": 0.3, "offline": 0.9}, "errors (Poisson)", _ASSUMED
)
PROCESSING_DAYS_MEAN = _assume(
    "verification_days_mean", {"online": 3.0, "offline": 9.0}, "days (gamma, shape 2)", _ASSUMED
)
ADMIN_FAIL = _assume("admin_fail_probability", (0.04, 0.12), "base + per document error", _ASSUMED)

# --- workforce -----------------------------------------------------------------------------
STAFFING_RATIO = _assume(
    "staffing_ratio",
    {"normal": (1.0, 0.08), "understaffed": (0.70, 0.06)},
    "headcount / required FTE (mean, SD)",
    _ASSUMED,
)
UNDERSTAFFED_SHARE = _assume(
    "understaffed_unit_share", {"front_line": 0.35, "back_office": 0.10}, "", _ASSUMED
)
AGE_MIX = _assume(
    "age_mixture",
    ((0.30, 32.0, 5.0), (0.35, 44.0, 6.0), (0.35, 53.0, 4.0)),
    "(weight, mean, SD) years",
    "assumption: an older-heavy ASN age pyramid",
)

# --- outcomes ------------------------------------------------------------------------------
SKP_THRESHOLDS = _assume(
    "skp_expectation_thresholds",
    (-1.3, 1.0),
    "z of yearly performance: below / above",
    "assumption: most staff rated as expected",
)
YEARLY_RATING_RELIABILITY = _assume(
    "yearly_rating_reliability",
    0.52,
    "",
    "Viswesvaran, Ones & Schmidt (1996): inter-rater reliability of supervisory ratings .52",
)
IKM_THRESHOLDS = _assume("skm_answer_thresholds", (-1.6, -0.6, 0.9), "latent cut points", _ASSUMED)
IKM_BASE = _assume("skm_base_quality", 0.45, "latent", "assumption: IKM about 79 (band B)")
IKM_STAFF_EFFECT = _assume(
    "skm_staff_effect", 0.30, "latent quality per SD of unit mean staff performance", _ASSUMED
)
IKM_UNIT_SD = _assume("skm_unit_sd", 0.25, "latent", _ASSUMED)
IKM_ELEMENT_SHIFT = _assume(
    "skm_element_shift",
    (0.1, 0.0, -0.2, 0.4, 0.1, 0.05, 0.1, -0.3, -0.15),
    "latent, U1..U9",
    "assumption: cost (U4) rated high, complaints (U8) and time (U3) low",
)
SKM_RESPONSES = _assume(
    "skm_responses_per_unit_year", (60, 200), "range", "assumption, below Krejcie-Morgan for some"
)
SERVICE_POPULATION = _assume(
    "unit_service_population",
    (150, 3000),
    "people served per year, log-uniform, front-line units",
    "assumption: Krejcie-Morgan samples of 108-341, so some units' surveys fall short",
)
TRAINING_GAIN = _assume(
    "training_gain",
    {"university": 9.0, "expert_speaker": 7.0, "bpsdm": 6.0, "internal": 4.0},
    "post - pre points",
    _ASSUMED,
)
TRAINING_PERFORMANCE_EFFECT = _assume(
    "training_performance_effect",
    {"university": 0.15, "expert_speaker": 0.10, "bpsdm": 0.08, "internal": 0.05},
    "SD of Y",
    _ASSUMED,
)
PROMOTION_RATE = _assume("promotion_rate", 0.02, "per employee-year", _ASSUMED)


def assumptions_markdown() -> str:
    """The assumption table as Markdown rows."""
    lines = ["| name | value | unit | source |", "|---|---|---|---|"]
    for a in ASSUMPTIONS:
        value = str(a.value).replace("|", "/")
        lines.append(f"| `{a.name}` | {value} | {a.unit} | {a.source} |")
    return "\n".join(lines)
