"""Official constants of Indonesian civil-service (ASN) recruitment and management.

Every number that comes from a regulation, or from the selection-science literature that
asnpolicy relies on, lives here with its source; nothing else in the package hard-codes one.
Constants that change with the year are keyed by year and read through a function
(:func:`skd_rule`, :func:`integration_rule`, :func:`pppk_rule`) that names the known years when a
year is missing. Values the sources do not settle are marked *unconfirmed* and are parameters of
the analyses, with the value here as default.

All structures are immutable: frozen dataclasses, tuples and read-only mappings.

References
----------
See ``shared/DOMAIN.md`` for the full list of sources; each constant below names its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = [
    "ABK_ANNUALISATION",
    "BUP",
    "COMPETENCY_LEVELS",
    "EFFECTIVE_MINUTES_PER_YEAR",
    "EFFECTIVE_MINUTES_ALTERNATIVES",
    "EJ_GRADES",
    "FOUR_FIFTHS",
    "IKM_BANDS",
    "IKM_ELEMENTS",
    "IKM_SCALE",
    "IKM_CONVERSION",
    "INTEGRATION",
    "KREJCIE_MORGAN",
    "MERIT_ASPECTS",
    "MERIT_BANDS",
    "MERIT_SCORE_RANGE",
    "POSITION_KINDS",
    "PPPK",
    "PPPK_RANK_ORDER",
    "SDY_SHARE_OF_PAY",
    "SKB_ADVANCE_MULTIPLIER",
    "SKB_ADVANCE_ORDER",
    "SCORE_COLUMNS",
    "SKB_COLUMNS",
    "SKB_COMPONENTS",
    "SKB_LIMITS",
    "SKD",
    "SKD_PARTS",
    "SKD_FINAL_TIEBREAK",
    "SKP_BEHAVIOUR_LEVELS",
    "SKP_LABELS",
    "SKP_MATRIX",
    "SKP_SCORE",
    "SPECIAL_GROUPS",
    "VALIDITY",
    "Band",
    "Grade",
    "IntegrationRule",
    "KrejcieMorgan",
    "PppkRule",
    "SkbLimits",
    "SkdFormat",
    "SkdRule",
    "SpecialThreshold",
    "Validity",
    "integration_rule",
    "pppk_rule",
    "skd_rule",
]


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(mapping)


def _lookup(table: Mapping[int, object], year: int, what: str) -> object:
    try:
        return table[int(year)]
    except (KeyError, ValueError, TypeError):
        known = ", ".join(str(y) for y in sorted(table))
        raise ValueError(
            f"No {what} rule is recorded for year {year!r}; known years: {known}. "
            f"Add the year's rule to asnpolicy/rules.py with its legal source."
        ) from None


# --------------------------------------------------------------------------------------------
# 1. CPNS: SKD (Seleksi Kompetensi Dasar, CAT BKN)
# --------------------------------------------------------------------------------------------

#: The SKD sub-tests in their official order, also the score columns of the applicants table:
#: Tes Wawasan Kebangsaan, Tes Intelegensia Umum, Tes Karakteristik Pribadi (PermenPANRB 27/2021).
SKD_PARTS: Final[tuple[str, ...]] = ("twk", "tiu", "tkp")


@dataclass(frozen=True)
class SkdFormat:
    """Items and maximum score of each SKD sub-test.

    TWK and TIU score 5 per correct item (0 otherwise); TKP scores 1-5 per item (0 if blank).
    """

    twk_items: int
    tiu_items: int
    tkp_items: int
    points_per_item: int = 5

    @property
    def twk_max(self) -> int:
        return self.twk_items * self.points_per_item

    @property
    def tiu_max(self) -> int:
        return self.tiu_items * self.points_per_item

    @property
    def tkp_max(self) -> int:
        return self.tkp_items * self.points_per_item

    @property
    def total_max(self) -> int:
        return self.twk_max + self.tiu_max + self.tkp_max


# 2021 onward: 110 items, maximum 550 (KepmenPANRB 1023/2021, 651/2023, 321/2024).
SKD_FORMAT_2021: Final = SkdFormat(twk_items=30, tiu_items=35, tkp_items=45)
# 2018: 100 items (TWK 35, TIU 30, TKP 35), maximum 500 (PermenPANRB 37/2018; item counts as
# quoted by Tribunnews, 5 Sep 2018).
SKD_FORMAT_2018: Final = SkdFormat(twk_items=35, tiu_items=30, tkp_items=35)
# 2019: 100 items (TWK 30, TIU 35, TKP 35), maximum 500, TKP max 175 (PermenPANRB 24/2019; item
# counts as quoted by Tribun Makassar, 15 Jan 2020; a reported TIU score of 170 confirms TIU 35).
SKD_FORMAT_2019: Final = SkdFormat(twk_items=30, tiu_items=35, tkp_items=35)


@dataclass(frozen=True)
class SpecialThreshold:
    """Passing rule of a special applicant group: TIU minimum plus a minimum SKD total."""

    total_min: int
    tiu_min: int


@dataclass(frozen=True)
class SkdRule:
    """The SKD passing grades (nilai ambang batas) of one recruitment year.

    General applicants must reach each sub-test minimum. A special group listed in ``special``
    has no per-test minimum except TIU, plus a minimum total. Groups in ``general_like`` are
    separate formasi that use the general thresholds.
    """

    year: int
    source: str
    format: SkdFormat
    twk_min: int
    tiu_min: int
    tkp_min: int
    special: Mapping[str, SpecialThreshold]
    general_like: tuple[str, ...] = ()

    @property
    def groups(self) -> tuple[str, ...]:
        """Every applicant group this year's rule knows, ``general`` first."""
        return ("general", *self.general_like, *self.special)


_CUMLAUDE_2021 = SpecialThreshold(total_min=311, tiu_min=85)
_DISABILITY_2021 = SpecialThreshold(total_min=286, tiu_min=60)

#: Whether the 2024 rule had a diaspora group on the cumlaude thresholds. *Unconfirmed*
#: (DOMAIN.md section 1): PermenPANRB 6/2024 lists diaspora as a special need and two news
#: reports (Tribun Jateng, 12 Aug 2024) give it 311 / TIU 85, but the decree text quoted
#: elsewhere names only cumlaude. When True, ``SKD[2024].special`` includes ``diaspora``.
DIASPORA_2024_ASSUMED: Final[bool] = True

SKD: Final[Mapping[int, SkdRule]] = _frozen(
    {
        2018: SkdRule(
            year=2018,
            source="PermenPANRB No. 37 Tahun 2018 (as quoted by Tribunnews and NU Online)",
            format=SKD_FORMAT_2018,
            twk_min=75,
            tiu_min=80,
            tkp_min=143,
            special=_frozen(
                {
                    "cumlaude": SpecialThreshold(total_min=298, tiu_min=85),
                    "diaspora": SpecialThreshold(total_min=298, tiu_min=85),
                    "disability": SpecialThreshold(total_min=260, tiu_min=70),
                    "papua": SpecialThreshold(total_min=260, tiu_min=60),
                }
            ),
        ),
        2019: SkdRule(
            year=2019,
            source="PermenPANRB No. 24 Tahun 2019",
            format=SKD_FORMAT_2019,
            twk_min=65,
            tiu_min=80,
            tkp_min=126,
            special=_frozen(
                {
                    "cumlaude": SpecialThreshold(total_min=271, tiu_min=85),
                    "diaspora": SpecialThreshold(total_min=271, tiu_min=85),
                    "disability": SpecialThreshold(total_min=260, tiu_min=70),
                    "papua": SpecialThreshold(total_min=260, tiu_min=60),
                    # PermenPANRB 24/2019, on formasi of the general need (kebutuhan umum):
                    # "Dokter Spesialis, Dokter Gigi Spesialis, Dokter Pendidik Klinis, Dokter,
                    # Dokter Gigi, Instruktur Penerbang" total >= 271 with TIU >= 80; "Rescuer,
                    # Bosun, Jenang Kapal, Juru Mesin Kapal, Juru Minyak Kapal, Juru Mudi Kapal,
                    # Kelasi, Kerani, Oiler, Nakhoda, Mualim Kapal, Kepala Kamar Mesin Kapal,
                    # Masinis Kapal, Mandor Mesin Kapal, Juru Masak Kapal dan Pengamat Gunung
                    # Api" total >= 260 with TIU >= 70 (as quoted by Tribunnews, 4 Feb 2020, and
                    # Kompas, 12 and 14 Nov 2019). Named as the equivalent 2021 groups; in 2019
                    # "doctor" also covers flight instructors (instruktur penerbang).
                    "doctor": SpecialThreshold(total_min=271, tiu_min=80),
                    "ship_crew_rescuer_volcano": SpecialThreshold(total_min=260, tiu_min=70),
                }
            ),
        ),
        2021: SkdRule(
            year=2021,
            source="KepmenPANRB No. 1023 Tahun 2021",
            format=SKD_FORMAT_2021,
            twk_min=65,
            tiu_min=80,
            tkp_min=166,
            special=_frozen(
                {
                    "cumlaude": _CUMLAUDE_2021,
                    "diaspora": _CUMLAUDE_2021,
                    "disability": _DISABILITY_2021,
                    "papua": _DISABILITY_2021,
                    "doctor": SpecialThreshold(total_min=311, tiu_min=80),
                    "ship_crew_rescuer_volcano": SpecialThreshold(total_min=286, tiu_min=70),
                }
            ),
        ),
        2023: SkdRule(
            year=2023,
            source="KepmenPANRB No. 651 Tahun 2023",
            format=SKD_FORMAT_2021,
            twk_min=65,
            tiu_min=80,
            tkp_min=166,
            special=_frozen(
                {
                    "cumlaude": _CUMLAUDE_2021,
                    "diaspora": _CUMLAUDE_2021,
                    "disability": _DISABILITY_2021,
                    "papua": _DISABILITY_2021,
                }
            ),
        ),
        2024: SkdRule(
            year=2024,
            source="KepmenPANRB No. 321 Tahun 2024",
            format=SKD_FORMAT_2021,
            twk_min=65,
            tiu_min=80,
            tkp_min=166,
            special=_frozen(
                {
                    "cumlaude": _CUMLAUDE_2021,
                    **({"diaspora": _CUMLAUDE_2021} if DIASPORA_2024_ASSUMED else {}),
                    "disability": _DISABILITY_2021,
                    "papua": _DISABILITY_2021,
                }
            ),
            general_like=("kalimantan",),
        ),
    }
)

#: Every applicant group any year's rule knows; the schema's allowed values.
SPECIAL_GROUPS: Final[tuple[str, ...]] = tuple(
    dict.fromkeys(g for rule in SKD.values() for g in rule.groups)
)


def skd_rule(year: int) -> SkdRule:
    """The SKD passing rule of ``year``.

    Raises
    ------
    ValueError
        When no rule is recorded for that year; the message lists the known years.

    Examples
    --------
    >>> skd_rule(2024).tkp_min, skd_rule(2024).format.total_max
    (166, 550)
    >>> skd_rule(2019).format.total_max
    500
    """
    return _lookup(SKD, year, "SKD")  # type: ignore[return-value]


#: SKD -> SKB: at most this many times the formasi's positions go on to SKB (PermenPANRB
#: 27/2021). Candidates still tied on every key of SKB_ADVANCE_ORDER at the boundary all go on.
SKB_ADVANCE_MULTIPLIER: Final[int] = 3
#: Ranking order for SKB admission, higher wins (PermenPANRB 27/2021). Not TWK-TIU-TKP.
SKB_ADVANCE_ORDER: Final[tuple[str, ...]] = ("skd_total", "tkp", "tiu", "twk")
#: Final tie-break after integration (PermenPANRB 27/2021): SKD total, TKP, TIU, TWK, GPA
#: (or diploma average), all higher wins; then the older applicant.
SKD_FINAL_TIEBREAK: Final[tuple[str, ...]] = ("skd_total", "tkp", "tiu", "twk", "gpa", "age")

# --------------------------------------------------------------------------------------------
# SKB (Seleksi Kompetensi Bidang) and integration
# --------------------------------------------------------------------------------------------

#: SKB components recorded in the applicants table (``skb_<name>`` columns, each 0-100).
SKB_COMPONENTS: Final[tuple[str, ...]] = ("cat", "interview", "psych", "competency", "practical")
#: The applicants table's SKB score columns, one per component.
SKB_COLUMNS: Final[tuple[str, ...]] = tuple(f"skb_{c}" for c in SKB_COMPONENTS)
#: Every selection score an analysis of validity or designs can use, in the order the reports
#: list them: the SKD sub-tests, the CAT-SKB, then the tests a region may add.
SCORE_COLUMNS: Final[tuple[str, ...]] = (
    *SKD_PARTS,
    "skb_cat",
    "skb_psych",
    "skb_competency",
    "skb_interview",
    "skb_practical",
)


@dataclass(frozen=True)
class SkbLimits:
    """Limits on SKB weights an agency may set (PermenPANRB 27/2021).

    ``extra_max`` maps an extra test to its maximum weight (``None`` key: any extra test).
    """

    source: str
    cat_min: float
    max_extra_tests: int | None
    extra_max: Mapping[str | None, float]
    forbidden_extra: tuple[str, ...] = ()


SKB_LIMITS: Final[Mapping[str, SkbLimits]] = _frozen(
    {
        # Regional governments (instansi daerah): CAT-SKB >= 60 %, at most one extra test with
        # weight <= 40 %, and that test may not be an interview.
        "regional": SkbLimits(
            source="PermenPANRB No. 27 Tahun 2021",
            cat_min=0.60,
            max_extra_tests=1,
            extra_max=_frozen({None: 0.40}),
            forbidden_extra=("interview",),
        ),
        # Central agencies (instansi pusat): CAT-SKB >= 50 %, interview <= 30 %,
        # competency certificates <= 20 %.
        "central": SkbLimits(
            source="PermenPANRB No. 27 Tahun 2021",
            cat_min=0.50,
            max_extra_tests=None,
            extra_max=_frozen({None: 0.50, "interview": 0.30, "certificate": 0.20}),
        ),
    }
)


@dataclass(frozen=True)
class IntegrationRule:
    """Integration of SKD and SKB into the final score.

    final = skd_weight * SKD / skd_max * 100 + skb_weight * SKB_100. No minimum final score.
    """

    year: int
    source: str
    skd_weight: float
    skb_weight: float
    skd_max: int


INTEGRATION: Final[Mapping[int, IntegrationRule]] = _frozen(
    {
        year: IntegrationRule(
            year=year,
            source=source,
            skd_weight=0.40,
            skb_weight=0.60,
            skd_max=SKD[year].format.total_max,
        )
        for year, source in {
            2018: "PermenPANRB No. 36 Tahun 2018",
            2019: "PermenPANRB No. 23 Tahun 2019",
            2021: "PermenPANRB No. 27 Tahun 2021",
            2023: "PermenPANRB No. 27 Tahun 2021",
            2024: "PermenPANRB No. 6 Tahun 2024",
        }.items()
    }
)


def integration_rule(year: int) -> IntegrationRule:
    """The SKD/SKB integration rule of ``year``.

    Examples
    --------
    >>> r = integration_rule(2024)
    >>> (r.skd_weight, r.skb_weight, r.skd_max)
    (0.4, 0.6, 550)
    >>> integration_rule(2019).skd_max
    500
    """
    return _lookup(INTEGRATION, year, "integration")  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# PPPK (non-teacher functional positions)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PppkRule:
    """PPPK selection components, maxima and passing grades of one year.

    The technical pass mark depends on the position, within ``technical_pass_range``.
    """

    year: int
    source: str
    technical_max: int
    technical_pass_range: tuple[int, int]
    managerial_social_max: int
    managerial_social_pass: int
    interview_max: int
    interview_pass: int
    notes: str = ""


PPPK: Final[Mapping[int, PppkRule]] = _frozen(
    {
        2021: PppkRule(
            year=2021,
            source="KepmenPANRB No. 1128 Tahun 2021",
            technical_max=450,
            technical_pass_range=(203, 293),
            managerial_social_max=200,
            managerial_social_pass=130,
            interview_max=40,
            interview_pass=24,
        ),
        2023: PppkRule(
            year=2023,
            source="KepmenPANRB No. 652 Tahun 2023",
            technical_max=450,
            technical_pass_range=(203, 293),
            managerial_social_max=180,
            managerial_social_pass=117,
            interview_max=40,
            interview_pass=24,
            notes=(
                "Managerial + socio-cultural 117 of 180 per KepmenPANRB 652/2023; technical and "
                "interview values carried over from 2021 (unconfirmed for 2023)."
            ),
        ),
    }
)


#: Ranking of PPPK applicants who pass every threshold: total of the three tests, then technical,
#: managerial + socio-cultural, interview (higher first), then the older applicant. The total is
#: the ranking score of KepmenPANRB 1128/2021; the tie-break order after it is *unconfirmed*.
PPPK_RANK_ORDER: Final[tuple[str, ...]] = (
    "pppk_total",
    "pppk_technical",
    "pppk_managerial_social",
    "pppk_interview",
    "age",
)


def pppk_rule(year: int) -> PppkRule:
    """The PPPK selection rule of ``year``.

    Examples
    --------
    >>> pppk_rule(2023).managerial_social_pass
    117
    """
    return _lookup(PPPK, year, "PPPK")  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# 2. Workforce needs: ABK (analisis beban kerja) and retirement (BUP)
# --------------------------------------------------------------------------------------------

#: Effective working time per employee per year, in minutes: 1,250 hours, the figure used with
#: PermenPANRB 1/2020 (*unconfirmed* in the regulation text; a parameter of the analyses).
EFFECTIVE_MINUTES_PER_YEAR: Final[int] = 75_000
#: Figures of older guidance (KepMenPAN 75/2004; Permendagri 12/2008), for sensitivity analysis.
EFFECTIVE_MINUTES_ALTERNATIVES: Final[Mapping[str, int]] = _frozen(
    {"1250h (PermenPANRB 1/2020)": 75_000, "1300h": 78_000, "1200h": 72_000}
)
#: Factors that turn a workload volume given per period into a yearly volume.
ABK_ANNUALISATION: Final[Mapping[str, int]] = _frozen(
    {"year": 1, "month": 12, "week": 50, "day": 250}
)


@dataclass(frozen=True)
class Band:
    """One band of a graded scale: ``lower <= value <= upper`` (inclusive on both sides)."""

    code: str
    lower: float
    upper: float
    label_id: str
    label_en: str


@dataclass(frozen=True)
class Grade:
    """One grade of a scale defined by lower bounds: value > lower (or >= when inclusive)."""

    code: str
    lower: float
    inclusive: bool
    label_id: str
    label_en: str


#: Job effectiveness EJ = workload / (staff x effective time), highest grade first. *Unconfirmed*
#: grading in common use with KepMenPAN 75/2004: A > 1.00, B 0.90-1.00, C 0.70-0.89,
#: D 0.50-0.69, E < 0.50 (a parameter of the analyses).
EJ_GRADES: Final[tuple[Grade, ...]] = (
    Grade("A", 1.00, False, "Sangat baik", "Very good"),
    Grade("B", 0.90, True, "Baik", "Good"),
    Grade("C", 0.70, True, "Cukup", "Fair"),
    Grade("D", 0.50, True, "Sedang", "Moderate"),
    Grade("E", float("-inf"), True, "Kurang", "Low"),
)

#: Position kinds (jenis jabatan) in the positions table, with functional positions by level.
POSITION_KINDS: Final[tuple[str, ...]] = (
    "jpt_madya",
    "jpt_pratama",
    "administrator",
    "pengawas",
    "pelaksana",
    "fungsional_ahli_pertama",
    "fungsional_ahli_muda",
    "fungsional_ahli_madya",
    "fungsional_ahli_utama",
    "fungsional_terampil",
)

#: Retirement age (batas usia pensiun) by position kind: UU 20/2023 art. 55 and PP 11/2017
#: art. 239. JPT 60; administrator, supervisor and executor 58; functional expert first and
#: young level and skilled functional 58; expert middle (madya) 60; expert main (utama) 65.
#: Retirement takes effect at the end of the month in which the BUP is reached.
BUP: Final[Mapping[str, int]] = _frozen(
    {
        "jpt_madya": 60,
        "jpt_pratama": 60,
        "administrator": 58,
        "pengawas": 58,
        "pelaksana": 58,
        "fungsional_ahli_pertama": 58,
        "fungsional_ahli_muda": 58,
        "fungsional_ahli_madya": 60,
        "fungsional_ahli_utama": 65,
        "fungsional_terampil": 58,
    }
)

#: Competency levels required by a position (PermenPANRB 38/2017, Standar Kompetensi Jabatan
#: ASN): technical, managerial and socio-cultural ("Perekat Bangsa") competencies, each on
#: levels 1-5.
COMPETENCY_LEVELS: Final[Mapping[str, tuple[int, int]]] = _frozen(
    {"teknis": (1, 5), "manajerial": (1, 5), "sosial_kultural": (1, 5)}
)

# --------------------------------------------------------------------------------------------
# 3. Performance: SKP (PermenPANRB 6/2022)
# --------------------------------------------------------------------------------------------

#: The five employee performance ratings (predikat kinerja), best first (PermenPANRB 6/2022).
SKP_LABELS: Final[tuple[str, ...]] = (
    "Sangat Baik",
    "Baik",
    "Butuh Perbaikan",
    "Kurang/Misconduct",
    "Sangat Kurang",
)
#: For analysis only (not official): the ratings as an ordered scale, Sangat Kurang = 1 ...
#: Sangat Baik = 5.
SKP_SCORE: Final[Mapping[str, int]] = _frozen({label: 5 - i for i, label in enumerate(SKP_LABELS)})
#: Levels of the two ratings behind the SKP rating: work results (hasil kerja) and work
#: behaviour (perilaku kerja), each relative to expectation.
SKP_BEHAVIOUR_LEVELS: Final[tuple[str, ...]] = ("above", "as_expected", "below")
#: Rating matrix of PermenPANRB 6/2022 (Lampiran): (work result, behaviour) -> rating.
SKP_MATRIX: Final[Mapping[tuple[str, str], str]] = _frozen(
    {
        ("above", "above"): "Sangat Baik",
        ("above", "as_expected"): "Baik",
        ("above", "below"): "Kurang/Misconduct",
        ("as_expected", "above"): "Baik",
        ("as_expected", "as_expected"): "Baik",
        ("as_expected", "below"): "Kurang/Misconduct",
        ("below", "above"): "Butuh Perbaikan",
        ("below", "as_expected"): "Butuh Perbaikan",
        ("below", "below"): "Sangat Kurang",
    }
)

# --------------------------------------------------------------------------------------------
# 4. Citizen satisfaction: SKM / IKM (PermenPANRB 14/2017)
# --------------------------------------------------------------------------------------------

#: The nine elements (unsur) of the survey, Indonesian and English names.
IKM_ELEMENTS: Final[Mapping[str, tuple[str, str]]] = _frozen(
    {
        "u1": ("Persyaratan", "Requirements"),
        "u2": ("Sistem, mekanisme, dan prosedur", "Systems, mechanisms and procedures"),
        "u3": ("Waktu penyelesaian", "Completion time"),
        "u4": ("Biaya/tarif", "Cost/tariff"),
        "u5": ("Produk spesifikasi jenis pelayanan", "Product specification"),
        "u6": ("Kompetensi pelaksana", "Staff competence"),
        "u7": ("Perilaku pelaksana", "Staff behaviour"),
        "u8": ("Penanganan pengaduan, saran dan masukan", "Complaint handling"),
        "u9": ("Sarana dan prasarana", "Facilities"),
    }
)
#: Answer scale of each element.
IKM_SCALE: Final[tuple[int, int]] = (1, 4)
#: IKM = index on 1-4 (sum of NRR x 1/9) x 25, giving 25-100.
IKM_CONVERSION: Final[int] = 25
#: Quality bands (mutu pelayanan) on the IKM scale 25-100, inclusive bounds at two decimals.
IKM_BANDS: Final[tuple[Band, ...]] = (
    Band("A", 88.31, 100.00, "Sangat Baik", "Very good"),
    Band("B", 76.61, 88.30, "Baik", "Good"),
    Band("C", 65.00, 76.60, "Kurang Baik", "Poor"),
    Band("D", 25.00, 64.99, "Tidak Baik", "Not good"),
)


@dataclass(frozen=True)
class KrejcieMorgan:
    """Constants of the Krejcie & Morgan (1970) sample-size formula used by PermenPANRB 14/2017.

    s = chi2 N P (1 - P) / (d^2 (N - 1) + chi2 P (1 - P)), rounded to the nearest whole number,
    as in Krejcie & Morgan's Table 1 (N = 50 -> 44, N = 9000 -> 368), not up.
    """

    chi_square: float = 3.841
    proportion: float = 0.5
    margin: float = 0.05


KREJCIE_MORGAN: Final = KrejcieMorgan()

# --------------------------------------------------------------------------------------------
# 5. Merit system (KASN self-assessment)
# --------------------------------------------------------------------------------------------

#: The eight aspects of the merit-system self-assessment.
MERIT_ASPECTS: Final[tuple[str, ...]] = (
    "needs_planning",
    "procurement",
    "career_development",
    "promotion_and_transfer",
    "performance_management",
    "pay_awards_discipline",
    "protection_and_services",
    "information_systems",
)
#: Range of an instance's merit score.
MERIT_SCORE_RANGE: Final[tuple[int, int]] = (100, 400)
#: Merit bands: >= 325 "Sangat Baik" is consistent with published scores; the lower bounds
#: 250 and 175 are *unconfirmed*.
MERIT_BANDS: Final[tuple[Band, ...]] = (
    Band("I", 325, 400, "Sangat Baik", "Very good"),
    Band("II", 250, 324.99, "Baik", "Good"),
    Band("III", 175, 249.99, "Kurang", "Poor"),
    Band("IV", 100, 174.99, "Buruk", "Bad"),
)

# --------------------------------------------------------------------------------------------
# 6. Selection science
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Validity:
    """Operational validity of a selection method for job performance.

    ``sackett_2022`` from Sackett, Zhang, Berry & Lievens (2022), J. Appl. Psych. 107(11);
    ``schmidt_hunter_1998`` from Schmidt & Hunter (1998), Psych. Bull. 124(2) (None: not given).
    """

    sackett_2022: float
    schmidt_hunter_1998: float | None


VALIDITY: Final[Mapping[str, Validity]] = _frozen(
    {
        "structured_interview": Validity(0.42, 0.51),
        "job_knowledge": Validity(0.40, 0.48),
        "biodata": Validity(0.38, 0.35),
        "work_sample": Validity(0.33, 0.54),
        "cognitive_ability": Validity(0.31, 0.51),
        "integrity": Validity(0.31, 0.41),
        "assessment_centre": Validity(0.29, 0.37),
        "situational_judgement": Validity(0.26, None),
        "interests": Validity(0.24, 0.10),
        "conscientiousness": Validity(0.19, 0.31),
        "unstructured_interview": Validity(0.19, 0.38),
        "years_of_experience": Validity(0.07, 0.18),
    }
)

#: Adverse impact: a group's selection rate below four-fifths of the highest group's rate
#: (US Uniform Guidelines 1978, 29 CFR 1607.4(D)); exactly 0.80 is not below.
FOUR_FIFTHS: Final[float] = 0.80
#: Brogden-Cronbach-Gleser utility: SD of performance in money, a common rule of thumb of 40 %
#: of annual pay (Schmidt & Hunter 1998; Cascio & Boudreau 2011).
SDY_SHARE_OF_PAY: Final[float] = 0.40
