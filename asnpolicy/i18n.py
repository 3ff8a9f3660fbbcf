"""Indonesian (default) and English labels, sentences and number formats for the reports."""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["LANGS", "check_lang", "label", "number", "t"]

LANGS = ("id", "en")

TEXT: dict[str, dict[str, str]] = {
    # provenance
    "synthetic_banner": {
        "id": "Data sintetis: dibuat oleh simulator asnpolicy, bukan data pegawai sebenarnya.",
        "en": "Synthetic data: made by the asnpolicy simulator, not real employee data.",
    },
    "provenance": {
        "id": "Sumber data: {source}. Data per {as_of}. Sidik isi {hash}; asnpolicy {version}.",
        "en": "Data source: {source}. Data as of {as_of}. Content hash {hash}; "
        "asnpolicy {version}.",
    },
    "source_line": {"id": "Sumber: {source}", "en": "Source: {source}"},
    "synthetic_source": {"id": "data sintetis asnpolicy", "en": "asnpolicy synthetic data"},
    "suppressed_note": {
        "id": "Angka yang bertumpu pada kurang dari {n} orang disembunyikan ({mark}).",
        "en": "Figures resting on fewer than {n} people are hidden ({mark}).",
    },
    # workforce notebook
    "workforce_title": {
        "id": "Analisis Kebutuhan Pegawai: {region}",
        "en": "Workforce Needs: {region}",
    },
    "workforce_summary_now": {
        "id": "Per {as_of}, {region} memiliki {headcount} pegawai, sedangkan analisis beban kerja "
        "(ABK) memerlukan {required} FTE: {balance}.",
        "en": "As of {as_of}, {region} has {headcount} employees, while the workload analysis "
        "(ABK) requires {required} FTE: {balance}.",
    },
    "balance_short": {"id": "kekurangan {gap} FTE", "en": "a shortage of {gap} FTE"},
    "balance_surplus": {"id": "kelebihan {gap} FTE", "en": "a surplus of {gap} FTE"},
    "workforce_summary_units": {
        "id": "Unit yang paling kekurangan: {units}.",
        "en": "The units most short of staff: {units}.",
    },
    "workforce_summary_units_none": {
        "id": "Tidak ada unit yang kekurangan pegawai.",
        "en": "No unit is short of staff.",
    },
    "workforce_summary_retire": {
        "id": "Dalam {years} tahun ke depan ({first}-{last}), {retirements} pegawai mencapai batas "
        "usia pensiun; tanpa rekrutmen, pada {last} terjadi {balance_end}.",
        "en": "In the next {years} years ({first}-{last}), {retirements} employees reach "
        "retirement age; without recruitment, {last} ends with {balance_end}.",
    },
    "workforce_summary_plan": {
        "id": "Rencana formasi di bawah mengurutkan {n} jabatan menurut kekurangan berbobot "
        "(layanan garis depan berbobot lebih) dengan profil kompetensi yang dibutuhkan.",
        "en": "The formasi plan below ranks {n} positions by weighted shortage (front-line "
        "service weighs more), with the competency profile each requires.",
    },
    "age_pyramid_title": {
        "id": "Piramida usia pegawai dan batas usia pensiun",
        "en": "Age pyramid of employees and retirement ages",
    },
    "age_axis": {"id": "Usia (tahun)", "en": "Age (years)"},
    "people_axis": {"id": "Jumlah pegawai (orang)", "en": "Employees (people)"},
    "female": {"id": "Perempuan", "en": "Women"},
    "male": {"id": "Laki-laki", "en": "Men"},
    "bup_line": {"id": "BUP {age}", "en": "Retirement age {age}"},
    "gap_title": {
        "id": "Kekurangan (+) dan kelebihan (-) pegawai per unit",
        "en": "Staff shortage (+) and surplus (-) by unit",
    },
    "gap_axis": {
        "id": "Kebutuhan ABK dikurangi pegawai (FTE)",
        "en": "ABK requirement minus staff (FTE)",
    },
    "retire_title": {"id": "Gelombang pensiun per tahun", "en": "Retirement wave by year"},
    "retire_axis": {"id": "Pegawai yang pensiun (orang)", "en": "Employees retiring (people)"},
    "year_axis": {"id": "Tahun", "en": "Year"},
    "kind_structural": {
        "id": "Jabatan struktural (JPT, administrator, pengawas)",
        "en": "Structural (JPT, administrator, supervisor)",
    },
    "kind_functional": {"id": "Jabatan fungsional", "en": "Functional positions"},
    "kind_executor": {"id": "Pelaksana", "en": "Executors (pelaksana)"},
    "competency_title": {
        "id": "Pegawai di bawah kompetensi yang dipersyaratkan",
        "en": "Staff below the required competency level",
    },
    "competency_axis": {
        "id": "Pegawai di bawah syarat (% dari yang dinilai)",
        "en": "Staff below requirement (% of those assessed)",
    },
    "teknis": {"id": "Teknis", "en": "Technical"},
    "manajerial": {"id": "Manajerial", "en": "Managerial"},
    "sosial_kultural": {"id": "Sosial kultural", "en": "Socio-cultural"},
    "plan_title": {
        "id": "Rencana formasi (prioritas teratas)",
        "en": "Formasi plan (top priorities)",
    },
    # selection notebook
    "selection_title": {
        "id": "Seleksi Berbasis Kompetensi: {region}",
        "en": "Competency-Based Selection: {region}",
    },
    "selection_summary_funnel": {
        "id": "Dari {registered} pelamar CPNS dan PPPK, {admin} lolos administrasi, {tests} lolos "
        "tes berbasis komputer dan {hired} diangkat ({rate} dari pelamar).",
        "en": "Of {registered} CPNS and PPPK applicants, {admin} passed the administrative "
        "check, {tests} passed the computer-based tests and {hired} were appointed ({rate} of "
        "applicants).",
    },
    "selection_summary_online": {
        "id": "Pendaftar daring diverifikasi rata-rata dalam {online} hari, pendaftar luring dalam "
        "{offline} hari.",
        "en": "Online registrations were verified in {online} days on average, offline ones in "
        "{offline} days.",
    },
    "selection_summary_panels": {
        "id": "Keandalan nilai rata-rata panel (ICC1k): {panels}.",
        "en": "Reliability of the panels' mean ratings (ICC1k): {panels}.",
    },
    "selection_summary_designs_sd": {
        "id": "Dari desain seleksi yang dibandingkan (dengan validitas yang diberikan), {best} "
        "memberi perkiraan kinerja tertinggi, {diff} SD di atas desain resmi.",
        "en": "Of the designs compared (with the validities given), {best} gives the highest "
        "expected performance, {diff} SD above the official design.",
    },
    "selection_summary_designs": {
        "id": "Dari desain seleksi yang dibandingkan, {best} memberi perkiraan kinerja (SKP) "
        "tertinggi, {diff} poin di atas desain resmi.",
        "en": "Of the designs compared, {best} gives the highest expected performance (SKP), "
        "{diff} points above the official design.",
    },
    "selection_summary_official_best": {
        "id": "Di antara desain seleksi yang dibandingkan, desain resmi memberi perkiraan kinerja "
        "(SKP) tertinggi.",
        "en": "Of the designs compared, the official design gives the highest expected "
        "performance (SKP).",
    },
    "selection_summary_designs_none": {
        "id": "Perbandingan desain seleksi tidak dapat dibuat: {reason}",
        "en": "Selection designs cannot be compared: {reason}",
    },
    "selection_summary_audit": {
        "id": "Audit keputusan: {exceptions} pelamar yang keputusannya berbeda dari aturan yang "
        "diumumkan, {inversions} inversi peringkat.",
        "en": "Decision audit: {exceptions} applicants whose decision differs from the published "
        "rules, {inversions} rank inversions.",
    },
    "funnel_title": {"id": "Corong seleksi", "en": "Selection funnel"},
    "funnel_axis": {
        "id": "Pelamar yang mencapai tahap (% dari pendaftar)",
        "en": "Applicants reaching the stage (% of registered)",
    },
    "stage_registered": {"id": "Mendaftar", "en": "Registered"},
    "stage_administration": {"id": "Lolos administrasi", "en": "Passed administration"},
    "stage_skd": {"id": "Lolos SKD / tes PPPK", "en": "Passed SKD / PPPK tests"},
    "stage_skb": {"id": "Ikut SKB", "en": "Took the SKB"},
    "stage_selected": {"id": "Diangkat", "en": "Appointed"},
    "modes_title": {"id": "Pendaftaran daring dan luring", "en": "Online and offline registration"},
    "modes_days": {"id": "Hari sampai verifikasi (rata-rata)", "en": "Days to verification (mean)"},
    "modes_errors": {
        "id": "Kesalahan dokumen per pelamar (rata-rata)",
        "en": "Document errors per applicant (mean)",
    },
    "mode_online": {"id": "Daring", "en": "Online"},
    "mode_offline": {"id": "Luring", "en": "Offline"},
    "reliability_title": {
        "id": "Keandalan panel penilai (ICC, interval 95 %)",
        "en": "Reliability of assessment panels (ICC, 95 % interval)",
    },
    "reliability_axis": {"id": "Korelasi intrakelas (0-1)", "en": "Intraclass correlation (0-1)"},
    "icc1": {"id": "Satu penilai (ICC1)", "en": "One assessor (ICC1)"},
    "icc1k": {"id": "Rata-rata panel (ICC1k)", "en": "Panel mean (ICC1k)"},
    "panel_external": {"id": "eksternal", "en": "external"},
    "panel_internal": {"id": "internal", "en": "internal"},
    "panel_mixed": {"id": "campuran", "en": "mixed"},
    "designs_title": {
        "id": "Desain seleksi: kinerja yang diharapkan dan keadilan",
        "en": "Selection designs: expected performance and fairness",
    },
    "designs_x": {
        "id": "Rasio dampak terendah (asal daerah; < 0,8 = dampak merugikan)",
        "en": "Lowest impact ratio (origin; < 0.8 = adverse impact)",
    },
    "designs_y_sd": {
        "id": "Perkiraan kinerja pegawai terpilih (SD di atas rata-rata pelamar)",
        "en": "Expected performance of those hired (SD above the applicants' mean)",
    },
    "designs_y": {
        "id": "Perkiraan SKP pegawai terpilih (1-5)",
        "en": "Expected SKP of those hired (1-5)",
    },
    "success_column": {
        "id": "tahun dinilai {rating} ke atas",
        "en": "years rated {rating} or better",
    },
    "success_column_sd": {
        "id": "berhasil (laju dasar {base} %)",
        "en": "successful (base rate {base} %)",
    },
    "designs_none": {
        "id": "Tidak ada perbandingan desain: {reason}",
        "en": "No comparison of designs: {reason}",
    },
    "designs_key": {
        "id": "Biru: desain resmi; oranye: desain alternatif; luas titik: biaya; garis: interval "
        "95 % (selisih antar desain lebih sempit, lihat tabel)",
        "en": "Blue: official design; orange: alternative; marker area: cost; bars: 95 % "
        "intervals (differences between designs are narrower, see the table)",
    },
    "four_fifths": {"id": "Batas empat perlima", "en": "Four-fifths line"},
    "designs_table": {"id": "Perbandingan desain seleksi", "en": "Comparison of selection designs"},
    "impact_table": {
        "id": "Dampak merugikan pada pengangkatan yang tercatat",
        "en": "Adverse impact in the recorded appointments",
    },
    "audit_table": {
        "id": "Audit keputusan: bobot mana yang menjelaskan pengangkatan",
        "en": "Decision audit: which weights explain the appointments",
    },
    "none_recorded": {"id": "tidak ada", "en": "none"},
    "no_panels": {
        "id": "Tidak ada penilaian panel yang tercatat di daerah ini.",
        "en": "No panel ratings are recorded in this region.",
    },
    # table headers
    "col_unit": {"id": "Unit", "en": "Unit"},
    "col_title": {"id": "Jabatan", "en": "Position"},
    "col_front_line": {"id": "Garis depan", "en": "Front line"},
    "col_gap_now": {"id": "Kekurangan kini (FTE)", "en": "Shortage now (FTE)"},
    "col_retirements": {
        "id": "Pensiun dalam horizon (orang)",
        "en": "Retiring in horizon (people)",
    },
    "col_need": {"id": "Formasi dibutuhkan", "en": "Positions needed"},
    "col_priority": {"id": "Prioritas", "en": "Priority"},
    "col_competency": {"id": "Kompetensi T/M/SK", "en": "Competency T/M/SC"},
    "yes": {"id": "ya", "en": "yes"},
    "no": {"id": "tidak", "en": "no"},
}


def check_lang(lang: str) -> str:
    """``lang`` if supported, else a clear error."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}.")
    return lang


def t(key: str, lang: str = "id", **values) -> str:
    """The text ``key`` in ``lang``, with ``values`` filled in.

    Examples
    --------
    >>> t("bup_line", "en", age=58)
    'Retirement age 58'
    """
    check_lang(lang)
    return TEXT[key][lang].format(**values)


def number(value: float, lang: str = "id", decimals: int = 0) -> str:
    """A number in the language's format (Indonesian: 1.234,5; English: 1,234.5).

    Examples
    --------
    >>> number(12345.678, "id", 1), number(12345.678, "en", 1)
    ('12.345,7', '12,345.7')
    """
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return "∞"
    text = f"{value:,.{decimals}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def date(value, lang: str = "id") -> str:
    """A date as ``31 Desember 2025`` / ``31 December 2025``."""
    months = {
        "id": (
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ),
        "en": (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
    }
    ts = pd.Timestamp(value)
    return f"{ts.day} {months[check_lang(lang)][ts.month - 1]} {ts.year}"


TEXT.update(
    {
        "outcomes_title": {
            "id": "Metode Rekrutmen, Kinerja dan Umpan Balik: {region}",
            "en": "Recruitment Methods, Performance and Feedback: {region}",
        },
        "no_data": {"id": "Tidak ada data untuk bagian ini.", "en": "No data for this part."},
        "validity_title": {
            "id": "Validitas tiap tahap seleksi untuk kinerja (SKP) kemudian",
            "en": "Validity of each selection stage for later performance (SKP)",
        },
        "validity_x": {
            "id": "Korelasi dengan kinerja kemudian (r)",
            "en": "Correlation with later performance (r)",
        },
        "validity_observed": {
            "id": "teramati di antara yang diangkat",
            "en": "observed among those hired",
        },
        "validity_corrected": {
            "id": "dikoreksi (pelamar, kinerja sebenarnya)",
            "en": "corrected (applicants, true performance)",
        },
        "validity_key": {
            "id": "Garis: interval 95 % (bootstrap). Koreksi: restriksi rentang (Lawley) dan "
            "reliabilitas kriteria",
            "en": "Lines: 95 % intervals (bootstrap). Correction: range restriction (Lawley) "
            "and criterion reliability",
        },
        "effects_title": {
            "id": "Kinerja kemudian menurut metode rekrutmen (disesuaikan)",
            "en": "Later performance by recruitment method (adjusted)",
        },
        "effects_x": {
            "id": "Selisih skor SKP tahunan dari pembanding (poin, 1-5)",
            "en": "Difference in yearly SKP score from the reference (points, 1-5)",
        },
        "effects_key": {
            "id": "Abu-abu: pembanding. Disesuaikan untuk tahun, jenis jabatan, jalur dan "
            "unit/sektor; galat baku klaster per unit",
            "en": "Grey: reference. Adjusted for year, position kind, track and unit/sector; "
            "standard errors clustered by unit",
        },
        "ikm_title": {
            "id": "Indeks Kepuasan Masyarakat (IKM) per unit, tahun terakhir",
            "en": "Citizen satisfaction index (IKM) per unit, latest year",
        },
        "ikm_x": {"id": "IKM (25-100)", "en": "IKM (25-100)"},
        "ikm_latest": {"id": "tahun terakhir (interval 95 %)", "en": "latest year (95 % interval)"},
        "ikm_previous": {"id": "survei sebelumnya", "en": "previous survey"},
        "ikm_key": {
            "id": "Latar: mutu pelayanan A-D (PermenPANRB 14/2017)",
            "en": "Background: service quality bands A-D (PermenPANRB 14/2017)",
        },
        "training_title": {
            "id": "Pelatihan menurut penyelenggara: kenaikan nilai dan kinerja kemudian",
            "en": "Training by provider: score gain and later performance",
        },
        "training_x": {
            "id": "Nilai tes sesudah dikurangi sebelum (poin, 0-100)",
            "en": "Post minus pre test score (points, 0-100)",
        },
        "training_effect_x": {
            "id": "Perubahan skor SKP tahunan (poin, 1-5)",
            "en": "Change in yearly SKP score (points, 1-5)",
        },
        "training_summary_gain": {
            "id": "Kenaikan nilai tes pelatihan terbesar: {provider} {gain} poin (n = {n} "
            "peserta).",
            "en": "The largest gain on the course test: {provider} {gain} points (n = {n} "
            "participants).",
        },
        "training_summary_effects": {
            "id": "Pelatihan dengan efek jelas pada SKP kemudian (poin, interval 95 %): {parts}.",
            "en": "Training with a clear effect on later SKP (points, 95 % interval): {parts}.",
        },
        "training_summary_no_effect": {
            "id": "Belum ada penyelenggara pelatihan yang efeknya pada SKP kemudian jelas "
            "berbeda dari nol.",
            "en": "No training provider yet has an effect on later SKP clearly different from "
            "zero.",
        },
        "training_gain_panel": {
            "id": "Kenaikan nilai tes pelatihan",
            "en": "Gain on the course test",
        },
        "training_effect_panel": {
            "id": "Efek pada SKP (selisih-dalam-selisih)",
            "en": "Effect on SKP (difference-in-differences)",
        },
        "training_key": {
            "id": "Garis: interval 95 %. Kiri: semua peserta (uji t berpasangan). Kanan: "
            "pegawai yang dinilai sebelum dan sesudah pelatihan, dibanding yang belum dilatih",
            "en": "Lines: 95 % intervals. Left: all participants (paired t). Right: employees "
            "rated before and after the course, against those not yet trained",
        },
        "training_section": {
            "id": "Pelatihan dan hasilnya",
            "en": "Training and what it changed",
        },
        "provider_bpsdm": {"id": "BPSDM provinsi", "en": "provincial BPSDM"},
        "provider_internal": {"id": "internal", "en": "internal"},
        "provider_university": {"id": "perguruan tinggi mitra", "en": "partner university"},
        "provider_expert_speaker": {"id": "narasumber ahli", "en": "expert speakers"},
        "col_provider": {"id": "penyelenggara", "en": "provider"},
        "col_participants": {"id": "peserta", "en": "participants"},
        "col_gain": {"id": "kenaikan nilai tes", "en": "test score gain"},
        "col_switchers": {"id": "dinilai sebelum & sesudah", "en": "rated before & after"},
        "col_skp_effect": {"id": "efek pada SKP", "en": "effect on SKP"},
        "col_good_effect": {
            "id": "efek pada peluang SKP Baik+",
            "en": "effect on chance of Good+ SKP",
        },
        "merit_section": {
            "id": "Indikator sistem merit yang terukur dari data",
            "en": "Merit-system indicators the data can measure",
        },
        "col_region": {"id": "daerah", "en": "region"},
        "col_aspect": {"id": "aspek", "en": "aspect"},
        "col_indicator": {"id": "indikator", "en": "indicator"},
        "col_value": {"id": "nilai (interval 95 %)", "en": "value (95 % interval)"},
        "col_rests_on": {"id": "dasar", "en": "rests on"},
        "aspect_needs_planning": {"id": "perencanaan kebutuhan", "en": "needs planning"},
        "aspect_procurement": {"id": "pengadaan", "en": "procurement"},
        "aspect_career_development": {"id": "pengembangan karier", "en": "career development"},
        "aspect_promotion_and_transfer": {
            "id": "promosi dan mutasi",
            "en": "promotion and transfer",
        },
        "aspect_performance_management": {
            "id": "manajemen kinerja",
            "en": "performance management",
        },
        "aspect_pay_awards_discipline": {
            "id": "penggajian, penghargaan dan disiplin",
            "en": "pay, awards and discipline",
        },
        "aspect_protection_and_services": {
            "id": "perlindungan dan pelayanan",
            "en": "protection and services",
        },
        "aspect_information_systems": {"id": "sistem informasi", "en": "information systems"},
        "merit_formasi_in_short_positions": {
            "id": "formasi di jabatan yang kurang menurut ABK",
            "en": "formasi in positions short by the ABK",
        },
        "merit_positions_with_abk": {
            "id": "jabatan dengan analisis beban kerja",
            "en": "positions with a workload analysis",
        },
        "merit_online_registration_share": {
            "id": "pendaftaran daring",
            "en": "online registration",
        },
        "merit_applicants_per_post": {
            "id": "pelamar per kursi formasi",
            "en": "applicants per post",
        },
        "merit_competitive_formasi_share": {
            "id": "formasi dengan >= 3 pelamar per kursi",
            "en": "formasi with >= 3 applicants per post",
        },
        "merit_external_panel_share": {
            "id": "pelamar dinilai panel dengan anggota eksternal",
            "en": "applicants assessed by a panel with external members",
        },
        "merit_merit_promotion_share": {
            "id": "promosi melalui seleksi terbuka, asesmen atau talent pool",
            "en": "promotions by open selection, assessment or talent pool",
        },
        "merit_promoted_prior_skp_difference": {
            "id": "selisih SKP tahun sebelumnya: dipromosikan dikurangi lainnya (poin)",
            "en": "prior-year SKP, promoted minus others (points)",
        },
        "merit_skp_coverage": {
            "id": "pegawai-tahun dengan SKP",
            "en": "employee-years with an SKP",
        },
        "merit_peer_feedback_share": {
            "id": "penilaian dengan umpan balik rekan kerja",
            "en": "ratings with co-worker feedback",
        },
        "merit_citizen_feedback_share": {
            "id": "penilaian unit layanan dengan umpan balik warga",
            "en": "front-line ratings with citizen feedback",
        },
        "merit_trained_share": {"id": "pegawai yang pernah dilatih", "en": "staff trained"},
        "merit_training_hours_per_employee": {
            "id": "jam pelatihan per pegawai per tahun",
            "en": "training hours per employee per year",
        },
        "merit_employee_records_complete": {
            "id": "data pegawai dengan profil kompetensi lengkap",
            "en": "staff records with a complete competency profile",
        },
        "merit_not_measured": {
            "id": "Tidak terukur dari data: {aspects}.",
            "en": "Not measurable from the data: {aspects}.",
        },
        "score_twk": {"id": "TWK", "en": "TWK (national insight)"},
        "score_tiu": {"id": "TIU", "en": "TIU (general intelligence)"},
        "score_tkp": {"id": "TKP", "en": "TKP (personal characteristics)"},
        "score_skb_cat": {"id": "SKB CAT", "en": "SKB CAT (job knowledge)"},
        "score_skb_psych": {"id": "Tes psikologi", "en": "Psychological test"},
        "score_skb_competency": {"id": "Asesmen kompetensi", "en": "Competency assessment"},
        "score_skb_interview": {"id": "Wawancara", "en": "Interview"},
        "score_skb_practical": {"id": "Tes praktik", "en": "Practical test"},
        "outcomes_summary_validity": {
            "id": "Tahap yang paling memprediksi kinerja kemudian adalah {stage}: korelasi "
            "terkoreksi {r} (n = {n} pegawai yang diangkat). Di antara yang diangkat, korelasi "
            "rata-rata hanya {observed}; setelah koreksi restriksi rentang {corrected}.",
            "en": "The stage that best predicts later performance is {stage}: corrected "
            "correlation {r} (n = {n} hires). Among those hired the mean correlation is only "
            "{observed}; corrected for range restriction it is {corrected}.",
        },
        "outcomes_summary_unclear": {
            "id": "Data belum cukup untuk menyatakan tahap mana yang memprediksi kinerja: "
            "perkiraan tertinggi {stage} {r} (n = {n} pegawai yang diangkat) masih mencakup "
            "nol. Korelasi rata-rata teramati {observed}, terkoreksi {corrected}.",
            "en": "The data cannot yet say which stage predicts performance: the highest "
            "estimate, {stage} {r} (n = {n} hires), still includes zero. Mean correlation "
            "observed {observed}, corrected {corrected}.",
        },
        "outcomes_summary_effects": {
            "id": "Dibanding {reference}, metode dengan selisih kinerja yang jelas (poin SKP, "
            "interval 95 %): {parts}.",
            "en": "Compared with {reference}, methods with a clear difference in performance "
            "(SKP points, 95 % interval): {parts}.",
        },
        "outcomes_summary_effects_none": {
            "id": "Tidak ada metode rekrutmen yang kinerjanya jelas berbeda dari {reference}.",
            "en": "No recruitment method performs clearly differently from {reference}.",
        },
        "outcomes_summary_triggers": {
            "id": "{n} dari {total} unit yang disurvei perlu pelatihan perbaikan (IKM di mutu "
            "C/D atau turun nyata); unsur terlemah yang paling sering: {element}. Kepala unit "
            "yang tidak mencapai target: {heads}.",
            "en": "{n} of {total} surveyed units need remedial training (IKM in band C/D or a "
            "significant fall); the most common weakest element: {element}. Unit heads who "
            "missed their targets: {heads}.",
        },
        "triggers_title": {
            "id": "Unit yang perlu pelatihan perbaikan",
            "en": "Units that need remedial training",
        },
        "reason_low": {"id": "mutu C/D", "en": "band C/D"},
        "reason_drop": {"id": "turun nyata", "en": "significant fall"},
        "col_stage": {"id": "tahap", "en": "stage"},
        "col_criterion_reliability": {"id": "reliabilitas SKP", "en": "SKP reliability"},
        "col_method": {"id": "metode", "en": "method"},
        "col_mean": {"id": "rata-rata SKP", "en": "mean SKP"},
        "col_effect": {"id": "selisih disesuaikan", "en": "adjusted difference"},
        "col_unit": {"id": "unit", "en": "unit"},
        "col_year": {"id": "tahun", "en": "year"},
        "col_mutu": {"id": "mutu", "en": "band"},
        "col_change": {"id": "perubahan", "en": "change"},
        "col_reason": {"id": "pemicu", "en": "trigger"},
        "col_weakest": {"id": "unsur terlemah", "en": "weakest element"},
        "col_remedial_staff": {
            "id": "pegawai di bawah ekspektasi",
            "en": "staff below expectation",
        },
        "col_remedial_kinds": {"id": "jenis jabatan", "en": "position kinds"},
        "col_head_missed": {"id": "kepala tidak capai target", "en": "head missed target"},
        "method_none": {"id": "tanpa panel", "en": "no panel"},
        "method_external": {"id": "panel eksternal", "en": "external panel"},
        "method_internal": {"id": "panel internal", "en": "internal panel"},
        "method_mixed": {"id": "panel campuran", "en": "mixed panel"},
        "method_online": {"id": "daring", "en": "online"},
        "method_offline": {"id": "luring", "en": "offline"},
    }
)


def label(key: str, lang: str = "id", default: str | None = None) -> str:
    """:func:`t` for a label that may have no translation: ``default`` (else the key's last
    part) when there is none."""
    if key in TEXT:
        return t(key, lang)
    return default if default is not None else key.split("_", 1)[-1]
