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
        "id": "Sumber data: {source}. Data per {as_of}. Sidik isi data yang dianalisis di "
        "sini {hash}; asnpolicy {version}.",
        "en": "Data source: {source}. Data as of {as_of}. Content hash of the data analysed "
        "here {hash}; asnpolicy {version}.",
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
        "col_sample": {"id": "sampel (Krejcie-Morgan)", "en": "sample (Krejcie-Morgan)"},
        "sample_ok": {"id": "cukup", "en": "enough"},
        "sample_short": {"id": "kurang (perlu {n})", "en": "short (needs {n})"},
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


# reports.py: index page
TEXT.update(
    {
        "index_title": {
            "id": "Laporan analisis rekrutmen ASN",
            "en": "ASN recruitment analysis reports",
        },
        "index_summary": {
            "id": "Diperbarui {when} dengan asnpolicy {version}. {total} laporan: {ok} berhasil, "
            "{failed} gagal.",
            "en": "Updated {when} with asnpolicy {version}. {total} reports: {ok} succeeded, "
            "{failed} failed.",
        },
        "index_empty": {"id": "Belum ada laporan.", "en": "No reports yet."},
        "index_col_notebook": {"id": "Laporan", "en": "Report"},
        "index_col_region": {"id": "Daerah", "en": "Region"},
        "index_overview": {"id": "Sekilas", "en": "At a glance"},
        "report_01_workforce_needs": {"id": "Kebutuhan pegawai", "en": "Workforce needs"},
        "report_02_selection_outcomes": {"id": "Hasil seleksi", "en": "Selection outcomes"},
        "report_03_methods_performance_feedback": {
            "id": "Metode rekrutmen, kinerja dan umpan balik",
            "en": "Recruitment methods, performance and feedback",
        },
        "report_04_region_comparison": {
            "id": "Perbandingan antardaerah",
            "en": "Region comparison",
        },
        "index_col_status": {"id": "Status", "en": "Status"},
        "index_col_duration": {"id": "Durasi", "en": "Duration"},
        "index_col_parameters": {"id": "Parameter", "en": "Parameters"},
        "index_col_source": {"id": "Sumber data", "en": "Data source"},
        "index_col_hash": {
            "id": "Sidik isi data masukan (semua daerah)",
            "en": "Content hash of the input data (all regions)",
        },
        "index_col_version": {"id": "Versi asnpolicy", "en": "asnpolicy version"},
        "index_col_run": {"id": "Dijalankan", "en": "Run at"},
        "index_status_ok": {"id": "berhasil", "en": "succeeded"},
        "index_status_failed": {"id": "gagal", "en": "failed"},
        "index_failed_cell": {"id": "sel {cell}", "en": "cell {cell}"},
        "index_failed_render": {"id": "keluaran yang gagal", "en": "failed output"},
        "index_previous": {
            "id": "laporan berhasil terakhir, {when}",
            "en": "last good report, {when}",
        },
        "index_seconds": {"id": "{seconds} detik", "en": "{seconds} s"},
        "index_seed": {"id": "benih acak {seed}", "en": "random seed {seed}"},
    }
)


# compare.py / notebook 04
TEXT.update(
    {
        "compare_title": {
            "id": "Perbandingan Antarwilayah: {region}",
            "en": "Region Comparison: {region}",
        },
        "cmp_focus": {
            "id": "{region} dibandingkan dengan {others}",
            "en": "{region} beside {others}",
        },
        "cmp_and": {"id": "dan", "en": "and"},
        "cmp_domain_needs": {"id": "Kebutuhan pegawai", "en": "Staffing needs"},
        "cmp_domain_selection": {"id": "Seleksi", "en": "Selection"},
        "cmp_domain_outcomes": {
            "id": "Hasil: validitas, kinerja dan kepuasan masyarakat",
            "en": "Outcomes: validity, performance and citizen satisfaction",
        },
        "cmp_domain_merit": {"id": "Indikator sistem merit", "en": "Merit-system indicators"},
        "cmp_domain_policy": {
            "id": "Ciri kebijakan menurut dokumen tiap wilayah",
            "en": "Policy features in each region's documents",
        },
        "cmp_domain_not_measured": {"id": "Yang tidak dapat diukur", "en": "Not measured"},
        "cmp_fig_title": {"id": "{domain} per wilayah", "en": "{domain} by region"},
        "cmp_fig_key": {
            "id": "Titik: nilai; garis: interval kepercayaan {level} % (tanpa garis: sensus, "
            "bukan sampel).",
            "en": "Dot: value; line: {level} % confidence interval (no line: a census, not a "
            "sample).",
        },
        "cmp_fig_focus": {"id": "{region} disorot.", "en": "{region} highlighted."},
        "cmp_not_available": {"id": "tidak ada", "en": "none"},
        "cmp_not_documented": {"id": "tidak terdokumentasi", "en": "not documented"},
        "cmp_col_indicator": {"id": "Indikator", "en": "Indicator"},
        "cmp_col_unit": {"id": "Satuan", "en": "Unit"},
        "cmp_col_reason": {"id": "Alasan", "en": "Reason"},
        "cmp_col_feature": {"id": "Ciri kebijakan", "en": "Policy feature"},
        # indicators
        "cmp_ind_shortage_rate": {
            "id": "Kekurangan pegawai (bagian kebutuhan ABK)",
            "en": "Staff shortage (share of ABK requirement)",
        },
        "cmp_ind_positions_short_share": {
            "id": "Jabatan yang kekurangan pegawai",
            "en": "Positions short of staff",
        },
        "cmp_ind_retirements": {
            "id": "Pensiun dalam {years} tahun",
            "en": "Retirements in the next {years} years",
        },
        "cmp_ind_retirement_share": {
            "id": "Pegawai pensiun dalam {years} tahun",
            "en": "Staff retiring in the next {years} years",
        },
        "cmp_ind_applicants_per_post": {"id": "Pelamar per formasi", "en": "Applicants per post"},
        "cmp_ind_online_registration_share": {
            "id": "Pendaftaran daring",
            "en": "Online registration",
        },
        "cmp_ind_days_to_verification": {
            "id": "Hari dari pendaftaran ke verifikasi dokumen",
            "en": "Days from registration to document check",
        },
        "cmp_ind_time_to_hire": {"id": "Lama proses hingga pengangkatan", "en": "Time to hire"},
        "cmp_ind_impact_ratio_gender": {
            "id": "Rasio dampak menurut gender (kelompok terendah)",
            "en": "Impact ratio by gender (lowest group)",
        },
        "cmp_ind_impact_ratio_origin": {
            "id": "Rasio dampak menurut asal daerah (kelompok terendah)",
            "en": "Impact ratio by origin (lowest group)",
        },
        "cmp_ind_panel_icc": {
            "id": "Reliabilitas panel: {stage}",
            "en": "Panel reliability: {stage}",
        },
        "cmp_stage_interview": {"id": "wawancara", "en": "interview"},
        "cmp_stage_competency": {"id": "asesmen kompetensi", "en": "competency assessment"},
        "cmp_ind_validity": {"id": "Validitas: {stage}", "en": "Validity: {stage}"},
        "cmp_ind_validity_stages": {
            "id": "Validitas tahap seleksi",
            "en": "Validity of the selection stages",
        },
        "cmp_ind_panel_icc_stages": {"id": "Reliabilitas panel", "en": "Panel reliability"},
        "cmp_ind_mean_skp": {
            "id": "Rata-rata SKP, tahun terakhir",
            "en": "Mean SKP, latest year",
        },
        "cmp_ind_mean_skp_recruits": {
            "id": "Rata-rata SKP pegawai hasil rekrutmen, tahun terakhir",
            "en": "Mean SKP of recruits, latest year",
        },
        "cmp_ind_ikm": {"id": "IKM, survei terakhir", "en": "IKM, latest survey"},
        "cmp_ind_formasi_in_short_positions": {
            "id": "Formasi di jabatan yang kekurangan (ABK)",
            "en": "Formasi opened where ABK showed a shortage",
        },
        "cmp_ind_positions_with_abk": {
            "id": "Jabatan dengan analisis beban kerja",
            "en": "Positions with a workload analysis",
        },
        "cmp_ind_competitive_formasi_share": {
            "id": "Formasi yang kompetitif (>= 3 pelamar per formasi)",
            "en": "Competitive formasi (>= 3 applicants per post)",
        },
        "cmp_ind_external_panel_share": {
            "id": "Pelamar dinilai panel dengan anggota eksternal",
            "en": "Panel-rated applicants with external members",
        },
        "cmp_ind_merit_promotion_share": {
            "id": "Promosi melalui seleksi terbuka atau asesmen",
            "en": "Promotions by open selection or assessment",
        },
        "cmp_ind_promoted_prior_skp_difference": {
            "id": "Selisih SKP tahun sebelum promosi (dipromosikan - lainnya)",
            "en": "SKP the year before promotion, promoted minus others",
        },
        "cmp_ind_skp_coverage": {"id": "Cakupan penilaian SKP", "en": "SKP coverage"},
        "cmp_ind_peer_feedback_share": {
            "id": "Penilaian dengan umpan balik rekan kerja",
            "en": "Ratings with co-worker feedback",
        },
        "cmp_ind_citizen_feedback_share": {
            "id": "Penilaian garis depan dengan umpan balik warga",
            "en": "Front-line ratings with citizen feedback",
        },
        "cmp_ind_trained_share": {"id": "Pegawai yang dilatih", "en": "Staff trained"},
        "cmp_ind_training_hours_per_employee": {
            "id": "Jam pelatihan per pegawai per tahun",
            "en": "Training hours per employee and year",
        },
        "cmp_ind_employee_records_complete": {
            "id": "Data pegawai dengan profil kompetensi lengkap",
            "en": "Employee records with a full competency profile",
        },
        "cmp_ind_pay_awards_discipline": {
            "id": "Penggajian, penghargaan dan disiplin",
            "en": "Pay, awards and discipline",
        },
        "cmp_ind_protection_and_services": {
            "id": "Perlindungan dan pelayanan",
            "en": "Protection and services",
        },
        # units
        "cmp_unit_share": {"id": "persen (%)", "en": "percent (%)"},
        "cmp_unit_count": {"id": "orang", "en": "people"},
        "cmp_unit_applicants_per_post": {
            "id": "pelamar per formasi",
            "en": "applicants per post",
        },
        "cmp_unit_days": {"id": "hari", "en": "days"},
        "cmp_unit_ratio": {
            "id": "rasio terhadap kelompok tertinggi",
            "en": "ratio to the highest group",
        },
        "cmp_unit_icc": {"id": "ICC rerata panel (0-1)", "en": "ICC of the panel mean (0-1)"},
        "cmp_unit_correlation": {"id": "r terkoreksi", "en": "corrected r"},
        "cmp_unit_skp_points": {"id": "skor SKP (1-5)", "en": "SKP score (1-5)"},
        "cmp_unit_skp_difference": {"id": "poin SKP", "en": "SKP points"},
        "cmp_unit_ikm": {"id": "IKM (25-100)", "en": "IKM (25-100)"},
        "cmp_unit_hours": {"id": "jam", "en": "hours"},
        # bands and codes
        "cmp_band_adverse": {"id": "dampak merugikan", "en": "adverse impact"},
        "cmp_band_ok": {"id": "tidak di bawah 4/5", "en": "not below 4/5"},
        "cmp_band_A": {"id": "mutu A", "en": "band A"},
        "cmp_band_B": {"id": "mutu B", "en": "band B"},
        "cmp_band_C": {"id": "mutu C", "en": "band C"},
        "cmp_band_D": {"id": "mutu D", "en": "band D"},
        "cmp_code_female": {"id": "perempuan", "en": "women"},
        "cmp_code_male": {"id": "laki-laki", "en": "men"},
        "cmp_code_local": {"id": "putra daerah", "en": "local"},
        "cmp_code_non_local": {"id": "luar daerah", "en": "non-local"},
        "cmp_code_external": {"id": "eksternal", "en": "external"},
        "cmp_code_internal": {"id": "internal", "en": "internal"},
        "cmp_code_mixed": {"id": "campuran", "en": "mixed"},
        "cmp_code_skd": {"id": "SKD", "en": "SKD"},
        "cmp_code_cat_skb": {"id": "SKB CAT", "en": "SKB CAT"},
        "cmp_code_written_test": {"id": "tes tertulis", "en": "written test"},
        "cmp_code_interview": {"id": "wawancara", "en": "interview"},
        "cmp_code_in_depth_interview": {"id": "wawancara mendalam", "en": "in-depth interview"},
        "cmp_code_psych": {"id": "asesmen psikologi", "en": "psychological assessment"},
        "cmp_code_competency": {"id": "asesmen kompetensi", "en": "competency assessment"},
        "cmp_code_external_experts": {"id": "pakar eksternal", "en": "external experts"},
        "cmp_code_academics": {"id": "akademisi", "en": "academics"},
        "cmp_code_practitioners": {"id": "praktisi", "en": "practitioners"},
        "cmp_code_sscasn_portal": {"id": "portal SSCASN", "en": "SSCASN portal"},
        "cmp_code_official_website": {"id": "situs resmi", "en": "official website"},
        "cmp_code_online_information": {"id": "informasi daring", "en": "online information"},
        "cmp_code_online_portal": {"id": "portal daring", "en": "online portal"},
        "cmp_code_open_publication": {"id": "pengumuman terbuka", "en": "open publication"},
        "cmp_code_social_media": {"id": "media sosial", "en": "social media"},
        "cmp_code_management_training_new_recruits": {
            "id": "pelatihan manajemen pegawai baru",
            "en": "management training for new recruits",
        },
        "cmp_code_public_management_training_new_staff": {
            "id": "pelatihan manajemen publik tahunan pegawai baru",
            "en": "yearly public-management training for new staff",
        },
        "cmp_code_remedial_training_on_poor_feedback": {
            "id": "pelatihan tambahan bila umpan balik buruk",
            "en": "extra training when feedback is poor",
        },
        "cmp_code_training_new_health_workers": {
            "id": "pelatihan tenaga kesehatan baru",
            "en": "training for new health workers",
        },
        "cmp_code_training_with_expert_speakers": {
            "id": "pelatihan dengan narasumber ahli",
            "en": "training with expert speakers",
        },
        "cmp_code_education_institutions": {
            "id": "lembaga pendidikan",
            "en": "education institutions",
        },
        "cmp_code_expert_speakers": {"id": "narasumber ahli", "en": "expert speakers"},
        "cmp_code_citizen_feedback_in_evaluation": {
            "id": "umpan balik warga dalam evaluasi",
            "en": "citizen feedback in evaluation",
        },
        "cmp_code_community_forums": {"id": "forum masyarakat", "en": "community forums"},
        "cmp_code_coworker_feedback": {
            "id": "umpan balik rekan kerja",
            "en": "co-worker feedback",
        },
        "cmp_code_root_cause_monitoring": {
            "id": "pemantauan akar masalah",
            "en": "root-cause monitoring",
        },
        "cmp_code_routine_skm_surveys": {"id": "survei SKM rutin", "en": "routine SKM surveys"},
        "cmp_code_skm_fed_back_into_recruitment_training": {
            "id": "hasil SKM untuk rekrutmen dan pelatihan",
            "en": "SKM fed back into recruitment and training",
        },
        "cmp_code_yearly_performance_evaluation": {
            "id": "evaluasi kinerja tahunan",
            "en": "yearly performance evaluation",
        },
        "cmp_code_accountability": {"id": "akuntabilitas", "en": "accountability"},
        "cmp_code_anti_nepotism": {"id": "anti-nepotisme", "en": "against nepotism"},
        "cmp_code_merit_appointment_promotion": {
            "id": "merit dalam pengangkatan dan promosi",
            "en": "merit in appointment and promotion",
        },
        "cmp_code_needs_analysis": {"id": "analisis kebutuhan", "en": "needs analysis"},
        "cmp_code_needs_analysis_per_unit": {
            "id": "analisis kebutuhan per unit",
            "en": "needs analysis per unit",
        },
        "cmp_code_performance_based_recruitment": {
            "id": "rekrutmen berbasis kinerja",
            "en": "performance-based recruitment",
        },
        "cmp_code_transparency": {"id": "transparansi", "en": "transparency"},
        "cmp_code_unit_head_accountability": {
            "id": "akuntabilitas kepala unit",
            "en": "accountability of unit heads",
        },
        # policy features
        "cmp_feature_stresses": {"id": "Penekanan kebijakan", "en": "What the policy stresses"},
        "cmp_feature_selection_stages": {"id": "Tahap seleksi", "en": "Selection stages"},
        "cmp_feature_fixed_stage_weights": {
            "id": "Bobot tetap tiap tahap",
            "en": "Fixed weight per stage",
        },
        "cmp_feature_panel_type": {"id": "Panel", "en": "Panel"},
        "cmp_feature_panel_members": {
            "id": "Anggota panel dari luar",
            "en": "Outside panel members",
        },
        "cmp_feature_registration_channels": {
            "id": "Publikasi dan pendaftaran",
            "en": "Publication and registration",
        },
        "cmp_feature_online_registration": {
            "id": "Pendaftaran daring",
            "en": "Online registration",
        },
        "cmp_feature_document_upload": {"id": "Unggah dokumen", "en": "Document upload"},
        "cmp_feature_training_programmes": {"id": "Program pelatihan", "en": "Training"},
        "cmp_feature_training_partners": {"id": "Mitra pelatihan", "en": "Training partners"},
        "cmp_feature_feedback_practices": {
            "id": "Evaluasi dan umpan balik",
            "en": "Evaluation and feedback",
        },
        "cmp_feature_merit_practices": {
            "id": "Merit dan akuntabilitas",
            "en": "Merit and accountability",
        },
        # not measured
        "cmp_reason_time_to_hire": {
            "id": "Model data mencatat tanggal pendaftaran dan verifikasi dokumen, tetapi "
            "pengangkatan hanya sebagai tahun (employees.hire_year) dan tidak ada tanggal "
            "pengumuman atau keputusan; yang dilaporkan: hari dari pendaftaran ke verifikasi.",
            "en": "The data model dates registration and document verification, but records "
            "appointment only as a year (employees.hire_year) and has no announcement or "
            "decision dates; reported instead: days from registration to document check.",
        },
        "cmp_reason_pay_awards_discipline": {
            "id": "Tidak ada data gaji, penghargaan atau disiplin dalam model data.",
            "en": "No pay, award or disciplinary records in the data model.",
        },
        "cmp_reason_protection_and_services": {
            "id": "Tidak ada data perlindungan sosial, bantuan hukum atau layanan pegawai dalam "
            "model data.",
            "en": "No records of social protection, legal aid or staff services in the data model.",
        },
        "cmp_reason_tables": {
            "id": "Memerlukan tabel {tables}, yang tidak ada dalam data.",
            "en": "Needs the table(s) {tables}, which the data do not have.",
        },
        # summary sentences
        "cmp_summary_shortage": {
            "id": "Kekurangan pegawai terhadap kebutuhan ABK berkisar dari {low} ({low_region}) "
            "hingga {high} ({high_region}).",
            "en": "The staff shortage against the ABK requirement ranges from {low} "
            "({low_region}) to {high} ({high_region}).",
        },
        "cmp_summary_retirement": {
            "id": "Dalam {years} tahun, {high} pegawai di {high_region} mencapai batas usia "
            "pensiun, dibanding {low} di {low_region}.",
            "en": "Within {years} years, {high} of staff in {high_region} reach retirement age, "
            "against {low} in {low_region}.",
        },
        "cmp_summary_applicants": {
            "id": "Pelamar per formasi berkisar dari {low} ({low_region}) hingga {high} "
            "({high_region}).",
            "en": "Applicants per post range from {low} ({low_region}) to {high} ({high_region}).",
        },
        "cmp_summary_online": {
            "id": "Pendaftaran daring berkisar dari {low} ({low_region}) hingga {high} "
            "({high_region}).",
            "en": "Online registration ranges from {low} ({low_region}) to {high} ({high_region}).",
        },
        "cmp_summary_icc": {
            "id": "Reliabilitas rerata panel tertinggi di {high_region} (panel {high_panel}, "
            "ICC {high}) dan terendah di {low_region} (panel {low_panel}, ICC {low}).",
            "en": "The panel mean is most reliable in {high_region} ({high_panel} panel, ICC "
            "{high}) and least in {low_region} ({low_panel} panel, ICC {low}).",
        },
        "cmp_summary_adverse": {
            "id": "Dampak merugikan (rasio di bawah 4/5): {parts}.",
            "en": "Adverse impact (ratio below four-fifths): {parts}.",
        },
        "cmp_summary_no_adverse": {
            "id": "Tidak ada wilayah dengan dampak merugikan menurut gender atau asal daerah "
            "(aturan 4/5).",
            "en": "No region shows adverse impact by gender or origin (four-fifths rule).",
        },
        "cmp_summary_validity": {
            "id": "Di antara tahap yang validitas terkoreksinya jelas di atas nol, tertinggi: "
            "{stage} di {region}, r = {r} [{low}; {high}] (n = {n} pegawai).",
            "en": "Of the stages whose corrected validity is clearly above zero, the highest: "
            "{stage} in {region}, r = {r} [{low}; {high}] (n = {n} hires).",
        },
        "cmp_summary_validity_none": {
            "id": "Tidak ada tahap seleksi yang validitas terkoreksinya jelas di atas nol "
            "(interval 95 % mencakup nol).",
            "en": "No selection stage has a corrected validity clearly above zero (every 95 % "
            "interval includes zero).",
        },
        "cmp_var_gender": {"id": "gender", "en": "gender"},
        "cmp_var_origin": {"id": "asal daerah", "en": "origin"},
        "cmp_summary_ikm": {
            "id": "IKM survei terakhir berkisar dari {low} (mutu {low_band}, {low_region}) "
            "hingga {high} (mutu {high_band}, {high_region}).",
            "en": "The latest IKM ranges from {low} (band {low_band}, {low_region}) to {high} "
            "(band {high_band}, {high_region}).",
        },
        "cmp_summary_merit": {
            "id": "Promosi melalui seleksi terbuka atau asesmen: dari {low} ({low_region}) "
            "hingga {high} ({high_region}).",
            "en": "Promotions by open selection or assessment: from {low} ({low_region}) to "
            "{high} ({high_region}).",
        },
        "cmp_summary_not_measured": {
            "id": "Tidak dapat diukur dari data: {items} (lihat alasannya di akhir).",
            "en": "Not measurable from the data: {items} (reasons at the end).",
        },
        "cmp_summary_focus": {
            "id": "{region} disorot di setiap grafik.",
            "en": "{region} is highlighted in every chart.",
        },
    }
)
