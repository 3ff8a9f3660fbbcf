"""Registry of the four study regions and their recruitment-policy profiles.

The profiles turn each region's policy document (summarised in ``shared/DESIGN.md``, "Region
profiles") into data: which selection stages it describes, who sits on its panels, how people
register, which training and feedback practices it commits to. They record what the documents
say, not numbers the documents do not give: effect sizes and shares are assumptions of the
simulator (``asnpolicy.synth``) and are documented there.

Identity data (codes, population) come from ``shared/DOMAIN.md`` section 7 (Kemendagri codes;
population 2025).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from . import rules

__all__ = [
    "REGIONS",
    "ALTERNATIVE_REGIONS",
    "PolicyProfile",
    "Region",
    "get_region",
    "policy_rows",
    "profile_extra_test",
    "profile_skb_weights",
    "region_ids",
    "regions_frame",
    "study_order",
]


@dataclass(frozen=True)
class PolicyProfile:
    """A region's recruitment policy as its document describes it.

    Attributes
    ----------
    selection_stages : tuple of str
        Stages the policy describes, in order. Names: ``skd`` (national basic test), ``cat_skb``
        (written field test), ``written_test``, ``interview``, ``in_depth_interview``, ``psych``
        (psychological assessment), ``competency`` (competency assessment).
    fixed_stage_weights : bool or None
        Whether the document says each stage has a fixed weight (the weights are not published).
    panel_type : str or None
        ``internal``, ``external`` or ``mixed`` (internal officials with outside members).
    panel_members : tuple of str
        Who sits on the panel besides the agency's own officials.
    registration_channels : tuple of str
        How vacancies are published and applications received.
    online_registration, document_upload : bool or None
        Whether the policy describes an online portal and uploading documents there.
    training_programmes : tuple of str
        Training the policy commits to for recruits or staff.
    training_partners : tuple of str
        Who delivers training besides the agency itself.
    feedback_practices : tuple of str
        How performance and service are evaluated and fed back.
    merit_practices : tuple of str
        Merit, accountability and anti-nepotism commitments.
    stresses_id, stresses_en : str
        One-sentence summary of what the policy stresses.

    Notes
    -----
    The four study regions' profiles are complete. A profile built from a ``region_policies``
    row (:func:`asnpolicy.policy.region_policy`) has ``None`` for a flag or panel type the
    row leaves empty, empty tuples for empty lists, and ``""`` for an empty ``stresses``.
    """

    selection_stages: tuple[str, ...]
    panel_type: str | None
    panel_members: tuple[str, ...]
    registration_channels: tuple[str, ...]
    online_registration: bool | None
    document_upload: bool | None
    training_programmes: tuple[str, ...]
    training_partners: tuple[str, ...]
    feedback_practices: tuple[str, ...]
    merit_practices: tuple[str, ...]
    stresses_id: str
    stresses_en: str
    fixed_stage_weights: bool | None = False


@dataclass(frozen=True)
class Region:
    """One study region: identity and policy profile."""

    region_id: str
    name: str
    government: str
    kind: str
    province: str
    kode_wilayah: str
    population: int | None
    population_note: str
    profile: PolicyProfile
    notes: tuple[str, ...] = field(default=())

    def as_row(self) -> dict[str, object]:
        """The region as a row of the ``regions`` table."""
        return {
            "region_id": self.region_id,
            "name": self.name,
            "kind": self.kind,
            "province": self.province,
            "kode_wilayah": self.kode_wilayah,
            "population": self.population,
        }

    def policy_row(self) -> dict[str, object]:
        """The region's profile as a row of the ``region_policies`` table (every year, both
        tracks), with the SKB weights of :func:`profile_skb_weights` and the Indonesian
        ``stresses``."""
        p = self.profile
        weights = profile_skb_weights(p)
        extra = next((c for c in weights if c != "cat"), None)
        return {
            "region_id": self.region_id,
            "year": None,
            "track": None,
            "cat_weight": weights["cat"],
            "extra_test": extra,
            "extra_weight": weights[extra] if extra else None,
            "stages": _LIST_SEPARATOR.join(p.selection_stages),
            "fixed_stage_weights": p.fixed_stage_weights,
            "panel_type": p.panel_type,
            "panel_members": _LIST_SEPARATOR.join(p.panel_members) or None,
            "online_registration": p.online_registration,
            "document_upload": p.document_upload,
            "registration_channels": _LIST_SEPARATOR.join(p.registration_channels) or None,
            "training_programmes": _LIST_SEPARATOR.join(p.training_programmes) or None,
            "training_partners": _LIST_SEPARATOR.join(p.training_partners) or None,
            "feedback_practices": _LIST_SEPARATOR.join(p.feedback_practices) or None,
            "merit_practices": _LIST_SEPARATOR.join(p.merit_practices) or None,
            "stresses": p.stresses_id,
        }


#: Separator of list cells in ``region_policies`` (``asnpolicy.schema.LIST_SEPARATOR``).
_LIST_SEPARATOR = ";"
#: Extra SKB tests a profile's stages can name, in the order one is chosen as the SKB's extra
#: test: the competency assessment first, then the psychological test.
_PROFILE_EXTRA_TESTS = ("competency", "psych")


def profile_extra_test(
    profile: PolicyProfile, recorded: Collection[str] | None = None
) -> str | None:
    """The extra SKB test a profile names: the competency assessment when its stages include
    one, else the psychological test, else None.

    Parameters
    ----------
    profile : PolicyProfile
    recorded : collection of str, optional
        The SKB components the data record (``competency``, ``psych``, ...). When given, a
        test the data do not record is passed over.

    Examples
    --------
    >>> profile_extra_test(REGIONS["batanghari"].profile)
    'psych'
    >>> print(profile_extra_test(REGIONS["batanghari"].profile, recorded=["competency"]))
    None
    """
    stages = set(profile.selection_stages)
    return next(
        (
            c
            for c in _PROFILE_EXTRA_TESTS
            if c in stages and (recorded is None or c in set(recorded))
        ),
        None,
    )


def profile_skb_weights(
    profile: PolicyProfile, recorded: Collection[str] | None = None
) -> dict[str, float]:
    """SKB weights read from a profile that names its tests but not their weights: CAT-SKB
    with the extra test of :func:`profile_extra_test` at the most a regional government may
    give it (40 %, PermenPANRB 27/2021, ``rules.SKB_LIMITS["regional"]``), or CAT-SKB alone.

    The 40 % is an assumption where the documents publish no weight; the four study regions'
    ``region_policies`` rows in the sample data state these weights.

    Examples
    --------
    >>> profile_skb_weights(REGIONS["bangko"].profile)
    {'cat': 0.6, 'competency': 0.4}
    >>> profile_skb_weights(REGIONS["bukittinggi"].profile)
    {'cat': 1.0}
    """
    extra = profile_extra_test(profile, recorded)
    if extra is None:
        return {"cat": 1.0}
    weight = rules.SKB_LIMITS["regional"].extra_max[None]
    return {"cat": round(1 - weight, 12), extra: weight}


_BANGKO = Region(
    region_id="bangko",
    name="Bangko",
    government="Kabupaten Merangin (Bangko is its capital)",
    kind="kabupaten",
    province="Jambi",
    kode_wilayah="15.02",
    population=397_461,
    population_note="Kabupaten Merangin, 2025",
    notes=("Kecamatan Bangko itself is 15.02.02; the recruiting government is Kab. Merangin.",),
    profile=PolicyProfile(
        selection_stages=("skd", "cat_skb", "competency", "interview"),
        panel_type="external",
        panel_members=("external_experts",),
        registration_channels=("sscasn_portal", "official_website"),
        online_registration=True,
        document_upload=True,
        training_programmes=("management_training_new_recruits",),
        training_partners=("education_institutions",),
        feedback_practices=(
            "yearly_performance_evaluation",
            "citizen_feedback_in_evaluation",
            "root_cause_monitoring",
        ),
        merit_practices=("merit_appointment_promotion", "unit_head_accountability"),
        stresses_id=(
            "Rekrutmen berbasis kompetensi dengan pakar eksternal di panel seleksi, pelatihan "
            "manajemen bagi pegawai baru, evaluasi kinerja tahunan dengan umpan balik warga, dan "
            "sistem merit untuk pengangkatan dan promosi."
        ),
        stresses_en=(
            "Competency-based recruitment with external experts on the selection panel, "
            "management training for new recruits, yearly performance evaluation with citizen "
            "feedback, and a merit system for appointment and promotion."
        ),
    ),
)

_BATANGHARI = Region(
    region_id="batanghari",
    name="Batanghari",
    government="Kabupaten Batanghari (capital Muara Bulian)",
    kind="kabupaten",
    province="Jambi",
    kode_wilayah="15.04",
    population=307_361,
    population_note="Kabupaten Batanghari, 2025",
    profile=PolicyProfile(
        selection_stages=("skd", "written_test", "interview", "psych"),
        panel_type="internal",
        panel_members=(),
        registration_channels=("online_portal", "social_media", "official_website"),
        online_registration=True,
        document_upload=True,
        training_programmes=("training_with_expert_speakers",),
        training_partners=("expert_speakers",),
        feedback_practices=("community_forums",),
        merit_practices=("needs_analysis_per_unit",),
        stresses_id=(
            "Analisis kebutuhan per unit, publikasi luas (media sosial, situs resmi), portal "
            "pendaftaran daring dengan unggah dokumen, seleksi tes tertulis + wawancara + "
            "asesmen psikologi, dan pelatihan dengan narasumber ahli."
        ),
        stresses_en=(
            "Needs analysis per unit, wide publication (social media, official site), an online "
            "registration portal with document upload, selection by written test + interview + "
            "psychological assessment, and training with expert speakers."
        ),
    ),
)

_PAUH = Region(
    region_id="pauh",
    name="Pauh",
    government="Kecamatan Pauh, Kota Padang (hosts the Universitas Andalas campus)",
    kind="kecamatan",
    province="Sumatera Barat",
    kode_wilayah="13.71.08",
    population=None,
    population_note="not published in the sources used",
    notes=(
        "Two kecamatan carry the name; this is Pauh, Kota Padang. The alternative, Pauh, "
        "Kab. Sarolangun, Jambi (15.03.04), is in ALTERNATIVE_REGIONS.",
    ),
    profile=PolicyProfile(
        selection_stages=("skd", "written_test", "in_depth_interview", "competency"),
        fixed_stage_weights=True,
        panel_type="mixed",
        panel_members=("academics", "practitioners"),
        registration_channels=("open_publication", "official_website"),
        online_registration=False,
        document_upload=False,
        training_programmes=("training_new_health_workers", "remedial_training_on_poor_feedback"),
        training_partners=(),
        feedback_practices=(
            "citizen_feedback_in_evaluation",
            "coworker_feedback",
            "remedial_training_on_poor_feedback",
        ),
        merit_practices=("performance_based_recruitment", "anti_nepotism", "needs_analysis"),
        stresses_id=(
            "Rekrutmen berbasis kinerja melawan nepotisme, panel dengan akademisi dan praktisi, "
            "tes tertulis + wawancara mendalam + asesmen kompetensi dengan bobot tetap, dan "
            "pelatihan tambahan bila umpan balik warga dan rekan kerja buruk."
        ),
        stresses_en=(
            "Performance-based recruitment against nepotism, panels with academics and "
            "practitioners, written test + in-depth interview + competency assessment with "
            "fixed weights, and extra training when citizen and co-worker feedback is poor."
        ),
    ),
)

_BUKITTINGGI = Region(
    region_id="bukittinggi",
    name="Bukittinggi",
    government="Kota Bukittinggi",
    kind="kota",
    province="Sumatera Barat",
    kode_wilayah="13.75",
    population=141_804,
    population_note="Kota Bukittinggi, 2025",
    notes=(
        "Merit system rated 'Baik' in 2022 (third year running); filled 74 of 78 formasi in "
        "2018; 104 formasi in 2021 (74 CPNS health workers + 30 PPPK teachers).",
    ),
    profile=PolicyProfile(
        selection_stages=("skd", "cat_skb"),
        panel_type="internal",
        panel_members=(),
        registration_channels=("sscasn_portal", "official_website", "online_information"),
        online_registration=True,
        document_upload=True,
        training_programmes=("public_management_training_new_staff",),
        training_partners=("education_institutions",),
        feedback_practices=("routine_skm_surveys", "skm_fed_back_into_recruitment_training"),
        merit_practices=("transparency", "accountability"),
        stresses_id=(
            "Transparansi dan akuntabilitas, rekrutmen berbasis TI (informasi dan pendaftaran "
            "daring), pelatihan manajemen publik tahunan bagi pegawai baru lewat kemitraan dengan "
            "lembaga pendidikan, dan survei kepuasan masyarakat rutin sebagai umpan balik."
        ),
        stresses_en=(
            "Transparency and accountability, IT-based recruitment (online information and "
            "registration), yearly public-management training for new staff through partnerships "
            "with education institutions, and routine citizen-satisfaction surveys fed back."
        ),
    ),
)

#: The four study regions, by region_id.
REGIONS: Final[Mapping[str, Region]] = MappingProxyType(
    {r.region_id: r for r in (_BANGKO, _BATANGHARI, _PAUH, _BUKITTINGGI)}
)

#: Documented alternatives that share a name with a study region (not in REGIONS by default).
ALTERNATIVE_REGIONS: Final[Mapping[str, Region]] = MappingProxyType(
    {
        "pauh_sarolangun": Region(
            region_id="pauh_sarolangun",
            name="Pauh (Sarolangun)",
            government="Kecamatan Pauh, Kabupaten Sarolangun (rural)",
            kind="kecamatan",
            province="Jambi",
            kode_wilayah="15.03.04",
            population=None,
            population_note="not published in the sources used",
            profile=_PAUH.profile,
        )
    }
)


def region_ids() -> tuple[str, ...]:
    """The ids of the four study regions, in the registry's order.

    Examples
    --------
    >>> region_ids()
    ('bangko', 'batanghari', 'pauh', 'bukittinggi')
    """
    return tuple(REGIONS)


def study_order(region_id: str) -> tuple[int, str]:
    """Sort key: the study regions in the registry's order, then any other region by id.

    Examples
    --------
    >>> sorted(["pauh", "jambi", "bangko"], key=study_order)
    ['bangko', 'pauh', 'jambi']
    """
    order = list(REGIONS)
    return (order.index(region_id) if region_id in order else len(order), region_id)


def get_region(region_id: str) -> Region:
    """The registry entry of ``region_id`` (case-insensitive; alternatives included).

    Raises
    ------
    ValueError
        For an unknown id; the message lists the known ids.

    Examples
    --------
    >>> get_region("Pauh").kode_wilayah
    '13.71.08'
    """
    key = str(region_id).strip().lower()
    found = REGIONS.get(key) or ALTERNATIVE_REGIONS.get(key)
    if found is None:
        known = ", ".join([*REGIONS, *ALTERNATIVE_REGIONS])
        raise ValueError(f"Unknown region {region_id!r}. Known regions: {known}.")
    return found


def policy_rows(ids: Sequence[str] | None = None):
    """The registry's profiles as a ``region_policies`` table (one row per region).

    Examples
    --------
    >>> policy_rows(["pauh"]).loc[0, ["extra_test", "stages"]].tolist()
    ['competency', 'skd;written_test;in_depth_interview;competency']
    """
    import pandas as pd

    chosen = [get_region(i) for i in (ids if ids is not None else region_ids())]
    frame = pd.DataFrame([r.policy_row() for r in chosen])
    return frame.astype({"year": "Int64"})


def regions_frame(ids: tuple[str, ...] | list[str] | None = None):
    """The registry as a ``regions`` table (one row per region, schema columns).

    Examples
    --------
    >>> regions_frame(["bangko"]).loc[0, "kode_wilayah"]
    '15.02'
    """
    import pandas as pd

    chosen = [get_region(i) for i in (ids if ids is not None else region_ids())]
    frame = pd.DataFrame([r.as_row() for r in chosen])
    frame["population"] = frame["population"].astype("Int64")
    return frame
