"""The words the importers write for people: file notes, rejection reasons, in Indonesian and
English.

An import report in Indonesian holds no English word (``--lang id``, the default), so every
note and reason an importer writes comes from :data:`TEXTS` through :func:`say`, in the
language of the import (:attr:`ImportContext.lang <asnpolicy.imports.context.ImportContext>`).
Column names, codes and official terms (``nip_baru``, ``P/L``, ``kedudukan_hukum``, SKD, TWK,
hasil kerja) stay as the exports and regulations write them. One-sentence errors
(:class:`~asnpolicy.imports.rawfiles.ImportFailure`) stay English, as the command line does.

Examples
--------
>>> say("en", "skm.answer_range")
'answer must be 1-4'
>>> say("id", "skm.answer_range")
'jawaban harus 1-4'
>>> say("en", "siasn.rows", n=1234, text="x"), say("id", "siasn.rows", n=1234, text="x")
('1,234 rows: x', '1.234 baris: x')
>>> say("en", "abk.skipped", n=1)
'1 row without a task (headings or totals) skipped'
>>> say("en", "abk.skipped", n=3)
'3 rows without a task (headings or totals) skipped'
"""

from __future__ import annotations

import numbers
import re
import string
from collections.abc import Mapping
from typing import Any, Final, Protocol

import pandas as pd

__all__ = ["LANGUAGES", "TEXTS", "fields_of", "say", "translate_problems"]

#: Languages of the notes and reasons: Indonesian (the default) and English.
LANGUAGES: Final = ("id", "en")


class _HasLang(Protocol):
    lang: str


#: key -> {"id": ..., "en": ...} (``str.format`` fields). ``en_one`` is the English text when
#: the field ``n`` is 1 ("1 row has", "2 rows have"); Indonesian needs no plural.
TEXTS: Final[Mapping[str, Mapping[str, str]]] = {
    # ---------------------------------------------------------------- siasn
    "siasn.vintage.siasn_2024": {
        "id": "ekspor SIASN (judul kolom huruf kecil, 2024)",
        "en": "SIASN export (lowercase headers, 2024)",
    },
    "siasn.vintage.sapk": {
        "id": "ekspor SAPK (judul kolom huruf besar)",
        "en": "SAPK export (UPPERCASE headers)",
    },
    "siasn.layout": {"id": "tata letak: {name}", "en": "layout: {name}"},
    "siasn.pppk_file": {
        "id": "berkas PPPK: baris tanpa kolom status dianggap PPPK",
        "en": "a PPPK file: rows without a status column are PPPK",
    },
    "siasn.tree": {
        "id": "pohon unit (unor): unit digabung ke tingkat tepat di bawah instansi",
        "en": "unit tree (unor): units rolled up to the level below the instansi",
    },
    "siasn.tree_opds": {"id": "{n:,} unit pada tingkat OPD", "en": "{n:,} units at the OPD level"},
    "siasn.rows": {"id": "{n:,} baris: {text}", "en": "{n:,} rows: {text}"},
    "siasn.status_differs": {
        "id": "kolom status dan pola NIP (PNS/PPPK) tidak sama; nilai kolom yang dipakai",
        "en": "the status column and the NIP pattern (PNS/PPPK) disagree; the column is kept",
    },
    "siasn.no_status": {
        "id": "tidak ada status (PNS atau PPPK) dan tidak ada NIP untuk membacanya",
        "en": "no status (PNS or PPPK) and no NIP to read it from",
    },
    "siasn.no_person": {"id": "tidak ada NIP dan tidak ada pns_id", "en": "no NIP and no pns_id"},
    "siasn.bad_nip": {"id": "NIP tidak mungkin: {problem}", "en": "impossible NIP: {problem}"},
    "siasn.gender_differs": {
        "id": "jenis_kelamin dan digit jenis kelamin pada NIP tidak sama; nilai kolom yang dipakai",
        "en": "jenis_kelamin and the NIP's gender digit disagree; the column is kept",
    },
    "siasn.unknown_gender": {
        "id": "kode jenis kelamin tidak dikenal",
        "en": "unknown gender code",
    },
    "siasn.no_gender": {
        "id": "tidak ada jenis kelamin dan tidak ada NIP untuk membacanya",
        "en": "no gender and no NIP to read it from",
    },
    "siasn.gender_from_nip": {
        "id": "kode jenis_kelamin tidak dikenal; jenis kelamin dibaca dari NIP",
        "en": "unknown jenis_kelamin code; gender read from the NIP",
    },
    "siasn.birth_differs": {
        "id": "tanggal_lahir dan tanggal lahir pada NIP tidak sama; nilai kolom yang dipakai",
        "en": "tanggal_lahir and the NIP's birth date disagree; the column is kept",
    },
    "siasn.birth_from_nip": {
        "id": "tanggal_lahir tidak dapat dibaca sebagai tanggal; tanggal lahir dibaca dari NIP",
        "en": "tanggal_lahir unreadable; birth date read from the NIP",
    },
    "siasn.bad_date_no_nip": {
        "id": "tidak dapat dibaca sebagai tanggal dan tidak ada NIP untuk membacanya",
        "en": "unreadable date and no NIP to read it from",
    },
    "siasn.no_birth": {
        "id": "tidak ada tanggal lahir dan tidak ada NIP untuk membacanya",
        "en": "no birth date and no NIP to read it from",
    },
    "siasn.birth_range": {
        "id": "tahun lahir di luar {low}-{high}",
        "en": "birth year outside {low}-{high}",
    },
    "siasn.unknown_education_code": {
        "id": "kode tingkat pendidikan tidak dikenal",
        "en": "unknown education level code",
    },
    "siasn.unknown_education": {
        "id": "tingkat pendidikan tidak dikenal",
        "en": "unknown education level",
    },
    "siasn.no_education": {"id": "tidak ada tingkat pendidikan", "en": "no education level"},
    "siasn.tmt_differs": {
        "id": "tahun tmt_cpns dan tahun TMT pada NIP tidak sama; nilai kolom yang dipakai",
        "en": "the year of tmt_cpns and the NIP's TMT year disagree; the column is kept",
    },
    "siasn.tmt_from_nip": {
        "id": "tmt_cpns tidak dapat dibaca sebagai tanggal; tahun pengangkatan dibaca dari NIP",
        "en": "tmt_cpns unreadable; year of appointment read from the NIP",
    },
    "siasn.no_tmt": {
        "id": "tidak ada TMT CPNS dan tidak ada NIP untuk membacanya",
        "en": "no TMT CPNS and no NIP to read it from",
    },
    "siasn.hire_range": {
        "id": "tahun pengangkatan di luar {low}-{high}",
        "en": "year of appointment outside {low}-{high}",
    },
    "siasn.no_origin": {
        "id": "kolom origin (asal daerah) dikosongkan: {why}",
        "en": "origin left empty: {why}",
    },
    "siasn.no_nik_column": {"id": "tidak ada kolom NIK", "en": "no NIK column"},
    "siasn.no_kode_wilayah": {
        "id": "kode_wilayah daerah ini tidak diketahui",
        "en": "the region's kode_wilayah is unknown",
    },
    "siasn.no_unit": {
        "id": "baris ini tidak punya unit (unor)",
        "en": "no unit (unor) for this row",
    },
    "siasn.title_level": {
        "id": "tingkat struktural dibaca dari nama jabatan (ekspor tanpa eselon)",
        "en": "structural level read from the title (no eselon in the export)",
    },
    "siasn.eselon_v": {"id": "eselon V dibaca sebagai pengawas", "en": "eselon V read as pengawas"},
    "siasn.kind.structural": {
        "id": "jabatan struktural tanpa eselon yang dikenal, dan nama jabatannya tidak "
        "menunjukkan tingkatnya",
        "en": "structural position without a known eselon, and its title does not tell the level",
    },
    "siasn.kind.functional": {
        "id": "jabatan fungsional tanpa jenjang",
        "en": "functional position without a level (jenjang)",
    },
    "siasn.kind.unknown": {"id": "jenis jabatan tidak dikenal", "en": "unknown jenis jabatan"},
    "siasn.no_position": {
        "id": "tidak ada jabatan (jabatan_id atau jabatan_nama)",
        "en": "no position (jabatan_id or jabatan_nama)",
    },
    "siasn.kind_conflicts": {
        "id": "{n:,} jabatan tercatat dengan dua jenis; jenis yang paling sering yang dipakai",
        "en": "{n:,} positions recorded with two kinds; the commoner is kept",
    },
    "siasn.no_tree": {
        "id": "tanpa pohon unit: unit dibaca dari {column}",
        "en": "no unit tree: unit read from {column}",
    },
    "siasn.no_tree_no_column": {
        "id": "tanpa pohon unit: tidak ada kolom unit",
        "en": "no unit tree: unit read from no column",
    },
    "siasn.outside_tree": {
        "id": "{n:,} baris: unor tidak ada di pohon unit; unit dibaca dari baris itu",
        "en": "{n:,} rows: unor not in the unit tree; unit read from the row",
    },
    # ---------------------------------------------------------------- skp
    "skp.appraiser": {
        "id": "kolom penilai (penilai*) adalah data pribadi: tidak dibaca, tidak ditulis",
        "en": "the appraiser's columns (penilai*) are personal data: not read, not written",
    },
    "skp.periodic": {
        "id": "{n:,} catatan kinerja periodik (bulanan atau triwulanan) dikeluarkan: kinerja "
        "dicatat per tahun",
        "en": "{n:,} periodic records (monthly or quarterly kinerja periodik) left out: "
        "performance is yearly",
        "en_one": "{n:,} periodic record (monthly or quarterly kinerja periodik) left out: "
        "performance is yearly",
    },
    "skp.nip_digits": {"id": "NIP harus 18 digit", "en": "a NIP must have 18 digits"},
    "skp.no_nip": {
        "id": "tidak ada NIP: pemilik catatan ini tidak dapat diketahui",
        "en": "no NIP: whose record this is cannot be said",
    },
    "skp.no_year": {"id": "tidak ada tahun", "en": "no year (tahun)"},
    "skp.year_range": {
        "id": "tahun harus bilangan bulat {low}-{high}",
        "en": "the year must be a whole year {low}-{high}",
    },
    "skp.level_code": {
        "id": "{what} harus 1, 2 atau 3 (Diatas, Sesuai atau Dibawah Ekspektasi)",
        "en": "{what} must be 1, 2 or 3 (Diatas, Sesuai or Dibawah Ekspektasi)",
    },
    "skp.unknown_predikat": {
        "id": "predikat tidak dikenal: bukan salah satu predikat PermenPANRB 6/2022",
        "en": "unknown predikat: not one of the PermenPANRB 6/2022 labels",
    },
    "skp.score_range": {
        "id": "nilai harus angka 0 sampai {top:g}",
        "en": "the nilai must be a number from 0 to {top:g}",
    },
    "skp.no_predikat": {
        "id": "tidak ada predikat: tidak ada label kuadran, kode kuadran, sebutan, nilai, atau "
        "hasil kerja dan perilaku kerja",
        "en": "no predikat: no kuadran label, kuadran code, sebutan, nilai or hasil and "
        "perilaku kerja",
    },
    "skp.matrix_differs": {
        "id": "{n:,} baris memiliki predikat yang berbeda dari matriks hasil kerja dan perilaku "
        "kerja PermenPANRB 6/2022 (disimpan sesuai catatan; sebagian aplikasi menghitung "
        "kuadran sebagai yang lebih buruk dari keduanya)",
        "en": "{n:,} rows have a predikat that differs from the PermenPANRB 6/2022 matrix of "
        "hasil kerja and perilaku kerja (kept as recorded; some apps compute the kuadran as "
        "the worse of the two)",
        "en_one": "{n:,} row has a predikat that differs from the PermenPANRB 6/2022 matrix of "
        "hasil kerja and perilaku kerja (kept as recorded; some apps compute the kuadran as "
        "the worse of the two)",
    },
    "skp.code_differs": {
        "id": "{n:,} baris memiliki kode kuadran yang berbeda dari labelnya (label yang dipakai)",
        "en": "{n:,} rows have a kuadran code that differs from its label (the label is kept)",
        "en_one": "{n:,} row has a kuadran code that differs from its label (the label is kept)",
    },
    "skp.by_band": {
        "id": "{n:,} baris dinilai dari nilai prestasi kerja (PP 46/2011) menurut rentang "
        "{b0:g}+ Sangat Baik, {b1:g}+ Baik, {b2:g}+ Cukup, {b3:g}+ Kurang, di bawahnya Buruk "
        "(parameter skp_bands; batas rentang belum dikonfirmasi); Cukup ditulis Butuh "
        "Perbaikan, Kurang menjadi Kurang/Misconduct, Buruk menjadi Sangat Kurang",
        "en": "{n:,} rows rated from the nilai prestasi kerja (PP 46/2011) by the bands "
        "{b0:g}+ Sangat Baik, {b1:g}+ Baik, {b2:g}+ Cukup, {b3:g}+ Kurang, below Buruk "
        "(parameter skp_bands; unconfirmed breakpoints); Cukup is written Butuh Perbaikan, "
        "Kurang Kurang/Misconduct, Buruk Sangat Kurang",
        "en_one": "{n:,} row rated from the nilai prestasi kerja (PP 46/2011) by the bands "
        "{b0:g}+ Sangat Baik, {b1:g}+ Baik, {b2:g}+ Cukup, {b3:g}+ Kurang, below Buruk "
        "(parameter skp_bands; unconfirmed breakpoints); Cukup is written Butuh Perbaikan, "
        "Kurang Kurang/Misconduct, Buruk Sangat Kurang",
    },
    "skp.band_differs": {
        "id": "{n:,} baris memiliki sebutan yang berbeda dari rentang nilainya (sebutan yang "
        "dipakai)",
        "en": "{n:,} rows have a sebutan that differs from the band of its nilai (the sebutan "
        "is kept)",
        "en_one": "{n:,} row has a sebutan that differs from the band of its nilai (the "
        "sebutan is kept)",
    },
    "skp.pp46": {
        "id": "{n:,} baris SKP PP 46/2011: sebutan Cukup ditulis Butuh Perbaikan, Kurang "
        "menjadi Kurang/Misconduct, Buruk menjadi Sangat Kurang (menurut peringkat)",
        "en": "{n:,} rows of the PP 46/2011 SKP: sebutan Cukup is written Butuh Perbaikan, "
        "Kurang Kurang/Misconduct, Buruk Sangat Kurang (by rank)",
        "en_one": "{n:,} row of the PP 46/2011 SKP: sebutan Cukup is written Butuh Perbaikan, "
        "Kurang Kurang/Misconduct, Buruk Sangat Kurang (by rank)",
    },
    "skp.by_matrix": {
        "id": "{n:,} baris tanpa predikat tercatat: predikat dibaca dari matriks hasil kerja "
        "dan perilaku kerja PermenPANRB 6/2022",
        "en": "{n:,} rows have no predikat recorded: it is read from the PermenPANRB 6/2022 "
        "matrix of hasil kerja and perilaku kerja",
        "en_one": "{n:,} row has no predikat recorded: it is read from the PermenPANRB 6/2022 "
        "matrix of hasil kerja and perilaku kerja",
    },
    "skp.second_record": {
        "id": "catatan SKP kedua untuk pegawai dan tahun yang sama (yang pertama disimpan)",
        "en": "a second SKP record of the same employee and year (the first is kept)",
    },
    "skp.unknown_people": {
        "id": "{n:,} baris milik orang yang tidak ada di tabel employees (impor dahulu ekspor "
        "SIASN orang yang sama); baris itu tidak ikut diimpor",
        "en": "{n:,} rows are of people not in the employees table (import the SIASN export of "
        "the same people first); the import leaves them out",
        "en_one": "{n:,} row is of people not in the employees table (import the SIASN export "
        "of the same people first); the import leaves them out",
    },
    # ---------------------------------------------------------------- sscasn
    "sscasn.layout.skd": {"id": "daftar hasil SKD", "en": "an SKD result list"},
    "sscasn.layout.integrasi": {
        "id": "daftar hasil integrasi (akhir)",
        "en": "an integration (final) result list",
    },
    "sscasn.layout.rincian_formasi": {
        "id": "lampiran formasi (rincian formasi)",
        "en": "a formasi annex (rincian formasi)",
    },
    "sscasn.read_as": {"id": "dibaca sebagai {name}", "en": "read as {name}"},
    "sscasn.skipped": {
        "id": "bukan daftar hasil SSCASN atau lampiran formasi: dilewati",
        "en": "not an SSCASN result list or formasi annex: skipped",
    },
    "sscasn.year_from_param": {
        "id": "tahun {year} diambil dari --param year",
        "en": "year {year} taken from the year parameter",
    },
    "sscasn.year_from_name": {
        "id": "tahun {year} diambil dari nama berkas",
        "en": "year {year} taken from the file name",
    },
    "sscasn.no_person": {
        "id": "tidak ada NIK dan tidak ada no. peserta",
        "en": "no NIK and no no. peserta",
    },
    "sscasn.no_year": {
        "id": "tidak ada tahun: tambahkan kolom tahun, tulis tahun pada nama berkas, atau beri "
        "--param year=",
        "en": "no year: add a tahun column, name the year in the file name or pass year=",
    },
    "sscasn.unknown_code": {"id": "kode keterangan tidak dikenal", "en": "unknown keterangan code"},
    "sscasn.no_code": {"id": "tidak ada kode keterangan", "en": "no keterangan code"},
    "sscasn.no_jabatan_formasi": {
        "id": "tidak ada jabatan formasi",
        "en": "no jabatan formasi",
    },
    "sscasn.unknown_jenis": {"id": "jenis formasi tidak dikenal", "en": "unknown jenis formasi"},
    "sscasn.not_number": {"id": "bukan angka", "en": "not a number"},
    "sscasn.score_range": {
        "id": "{score} di luar 0 sampai nilai maksimum tahun itu",
        "en": "{score} outside 0 to the year's maximum",
    },
    "sscasn.multiple_of_5": {
        "id": "{score} harus kelipatan 5",
        "en": "{score} must be a multiple of 5",
    },
    "sscasn.whole_number": {
        "id": "{score} harus bilangan bulat",
        "en": "{score} must be a whole number",
    },
    "sscasn.total": {
        "id": "total tidak sama dengan TWK + TIU + TKP",
        "en": "total is not TWK + TIU + TKP",
    },
    "sscasn.skb_range": {"id": "SKB di luar 0-100", "en": "SKB outside 0-100"},
    "sscasn.pppk_range": {
        "id": "di luar 0 sampai nilai maksimum tahun itu",
        "en": "outside 0 to the year's maximum",
    },
    "sscasn.twice": {
        "id": "orang yang sama muncul dua kali di daftar hasil",
        "en": "the same person appears twice in the result lists",
    },
    "sscasn.no_jabatan": {"id": "tidak ada jabatan", "en": "no jabatan"},
    "sscasn.quota": {
        "id": "jumlah harus bilangan bulat 1 atau lebih",
        "en": "jumlah must be a whole number of 1 or more",
    },
    "sscasn.annex_no_jenis": {
        "id": "lampiran tidak memuat jenis formasi: semua formasi dianggap umum (UMUM)",
        "en": "the annex has no jenis formasi: every formasi taken as general (UMUM)",
    },
    "sscasn.annex_summed": {
        "id": "{n:,} formasi tercantum pada beberapa baris lampiran (mis. satu per pendidikan): "
        "jumlahnya ditambahkan",
        "en": "{n:,} formasi listed on several annex rows (e.g. one per pendidikan): their "
        "jumlah added",
    },
    "sscasn.inferred": {
        "id": "tanpa lampiran rincian formasi: formasi diambil dari daftar hasil dan setiap "
        "kuota diperkirakan (jumlah yang diangkat, sekurang-kurangnya sepertiga peserta yang "
        "lanjut ke SKB, sekurang-kurangnya 1)",
        "en": "no rincian formasi annex: formasi taken from the result lists and each quota "
        "inferred (the number appointed, at least a third of those who went on to SKB, at "
        "least 1)",
    },
    "sscasn.nik_problems": {
        "id": "{n:,} NIK tidak dapat diurai (panjang salah atau tanggal lahir tidak mungkin): "
        "jenis kelamin, umur dan asal daerah dikosongkan",
        "en": "{n:,} NIK(s) could not be decoded (wrong length or impossible birth date): "
        "gender, age and origin left empty for them",
    },
    "sscasn.odd_age": {
        "id": "{n:,} umur hasil urai NIK di luar 17-60 dikosongkan",
        "en": "{n:,} age(s) decoded from the NIK outside 17-60 left empty",
    },
    "sscasn.no_jenis": {
        "id": "{n:,} pelamar tanpa jenis formasi dianggap umum (UMUM)",
        "en": "{n:,} applicant(s) without a jenis formasi taken as general (UMUM)",
    },
    "sscasn.unmapped": {
        "id": "formasi belum dipetakan ke jabatan",
        "en": "formasi not mapped to a position",
    },
    "sscasn.not_in_annex": {
        "id": "formasi tidak ada di lampiran rincian formasi",
        "en": "formasi not in the rincian formasi annex",
    },
    "sscasn.unmapped_note": {
        "id": "{n:,} formasi belum dipetakan ke jabatan: lengkapi lembar jabatan_formasi di "
        "buku pemetaan, lalu impor lagi",
        "en": "{n:,} formasi not mapped to a position: complete the sheet jabatan_formasi of "
        "the mapping workbook and import again",
    },
    "sscasn.hired_unknown": {
        "id": "status diangkat (hired) belum diketahui untuk {n:,} pelamar yang lanjut ke SKB "
        "(kode P/L di daftar SKD): tambahkan daftar integrasi dari seleksi yang sama",
        "en": "hired unknown for {n:,} applicant(s) who went on to SKB (code P/L in an SKD "
        "list): add the integration list of the same selection",
    },
    "sscasn.no_nik_column": {
        "id": "tidak ada kolom NIK: jenis kelamin, umur dan asal daerah tidak dapat diurai "
        "(hanya unduhan BKPSDM sendiri yang memuat NIK)",
        "en": "no NIK column: gender, age and origin cannot be decoded (only the BKPSDM's own "
        "download has the NIK)",
    },
    "sscasn.no_kode_wilayah": {
        "id": "kode wilayah daerah ini tidak diketahui: asal daerah dikosongkan",
        "en": "the region's kode wilayah is unknown: origin left empty",
    },
    # ---------------------------------------------------------------- skm
    "skm.u8_u9": {
        "id": "kolom jawaban U1 .. U9 dibaca menurut urutan PermenPANRB 14/2017 (U8 penanganan "
        "pengaduan, U9 sarana prasarana); sebagian aplikasi (GASPUL) menukar U8 dan U9: "
        "periksa lembar elemen_skm di buku pemetaan",
        "en": "answer columns U1 .. U9 read in the order of PermenPANRB 14/2017 (U8 complaint "
        "handling, U9 facilities); some apps (GASPUL) swap U8 and U9: check the elemen_skm "
        "sheet of the mapping workbook",
    },
    "skm.personal": {
        "id": "kolom data pribadi yang tidak pernah dibaca: {columns}",
        "en": "personal columns never read: {columns}",
    },
    "skm.bad_date": {
        "id": "tanggal survei tidak dapat dibaca sebagai tanggal",
        "en": "survey date not readable",
    },
    "skm.no_date": {
        "id": "tidak ada tanggal survei dan tidak ada tahun (beri --param year=YYYY)",
        "en": "no survey date and no year (give --param year=YYYY)",
    },
    "skm.year_only": {
        "id": "{n:,} baris hanya memuat tahun: survey_date diisi 1 Juli tahun itu dan year_only "
        "bernilai benar",
        "en": "{n:,} row(s) have a year only: survey_date is 1 July of that year and year_only "
        "is true",
    },
    "skm.answer_range": {"id": "jawaban harus 1-4", "en": "answer must be 1-4"},
    "skm.blank_answers": {"id": "{n:,} jawaban kosong", "en": "{n:,} answer(s) blank"},
    "skm.unread": {
        "id": "{n:,} nilai {what} tidak dipahami: dikosongkan",
        "en": "{n:,} {what} value(s) not understood: left empty",
    },
    "skm.what.gender": {"id": "jenis kelamin", "en": "gender"},
    "skm.what.age": {"id": "umur", "en": "age"},
    "skm.what.education": {"id": "pendidikan", "en": "education"},
    "skm.index_1_4": {
        "id": "{column} memakai indeks 1-4: dikalikan {factor}",
        "en": "{column} is on the 1-4 index: multiplied by {factor}",
    },
    "skm.ikm_number": {"id": "IKM bukan angka", "en": "IKM not a number"},
    "skm.ikm_range": {
        "id": "IKM harus antara 25 dan 100",
        "en": "IKM must lie between 25 and 100",
    },
    "skm.nrr_number": {"id": "NRR bukan angka", "en": "NRR not a number"},
    "skm.nrr_range": {"id": "NRR harus 1-4", "en": "NRR must lie 1-4"},
    "skm.no_figure": {
        "id": "tidak ada IKM maupun kesembilan NRR",
        "en": "neither an IKM nor all nine NRR",
    },
    "skm.n_whole": {"id": "n harus bilangan bulat", "en": "n must be a whole number"},
    "skm.no_year": {"id": "tidak ada tahun", "en": "no year"},
    "skm.as_published": {
        "id": "angka disimpan seperti yang diterbitkan; satisfaction.reconcile_published_ikm "
        "membandingkannya dengan IKM tepat dari NRR-nya (bobot 1/9, pembulatan setengah ke "
        "atas)",
        "en": "figures kept as published; satisfaction.reconcile_published_ikm compares them "
        "with the exact IKM of their NRR (weight 1/9, rounding half up)",
    },
    "skm.reconciled": {
        "id": "{n:,} IKM terbitan berbeda dari IKM tepat dari NRR-nya (paling banyak {gap:.2f} "
        "poin; NRR yang dicetak dengan sedikit desimal menambah selisih); {practice:,} dapat "
        "dihasilkan ulang dengan praktik umum (bobot 0,111/0,1111/0,11 atau pemotongan "
        "desimal): lihat satisfaction.reconcile_published_ikm",
        "en": "{n:,} published IKM(s) differ from the exact IKM of their NRR (by at most "
        "{gap:.2f} points; NRR printed with few decimals add to it); {practice:,} are "
        "reproduced by a common practice (weight 0.111/0.1111/0.11 or truncation): see "
        "satisfaction.reconcile_published_ikm",
    },
    "skm.unit_unmapped": {
        "id": "unit belum dipetakan: lengkapi lembar unit_skm di buku pemetaan",
        "en": "unit not mapped yet: complete the unit_skm sheet of the mapping workbook",
    },
    "skm.no_unit": {"id": "tidak ada nama unit", "en": "no unit named"},
    "skm.second_row": {
        "id": "baris kedua untuk unit dan tahun yang sama",
        "en": "a second row of a unit and year",
    },
    # ---------------------------------------------------------------- abk
    "abk.skipped": {
        "id": "{n:,} baris tanpa uraian tugas (judul atau baris jumlah) dilewati",
        "en": "{n:,} rows without a task (headings or totals) skipped",
        "en_one": "{n:,} row without a task (headings or totals) skipped",
    },
    "abk.carried": {
        "id": "{n:,} baris mengambil jabatan atau unit dari baris di atasnya (sel gabungan)",
        "en": "{n:,} lines take its jabatan or unit from the line above (merged cells)",
        "en_one": "{n:,} line takes its jabatan or unit from the line above (merged cells)",
    },
    "abk.unit_from_sheet": {
        "id": "tidak ada kolom unit: unit diambil dari nama lembar",
        "en": "no unit column: the unit is the sheet name",
    },
    "abk.unit_from_file": {
        "id": "tidak ada kolom unit: unit diambil dari nama berkas",
        "en": "no unit column: the unit is the file name",
    },
    "abk.no_task": {"id": "tidak ada uraian tugas", "en": "no uraian tugas"},
    "abk.no_jabatan": {"id": "tidak ada jabatan", "en": "no jabatan"},
    "abk.no_unit": {"id": "tidak ada unit", "en": "no unit"},
    "abk.volume": {
        "id": "jumlah hasil harus angka 0 atau lebih",
        "en": "the volume (jumlah hasil) must be a number of at least 0",
    },
    "abk.norm": {
        "id": "waktu penyelesaian harus angka di atas 0",
        "en": "the waktu penyelesaian must be a number above 0",
    },
    "abk.time_unit": {
        "id": "satuan waktu harus menit atau jam",
        "en": "the satuan waktu must be menit or jam",
    },
    "abk.no_time_unit": {
        "id": "tidak ada satuan waktu (menit atau jam); beri --param abk_time_unit=jam atau menit",
        "en": "no satuan waktu (menit or jam); pass --param abk_time_unit=jam or menit",
    },
    "abk.unit_read": {
        "id": "waktu penyelesaian dibaca dalam {units} ({how})",
        "en": "waktu penyelesaian read in {units} ({how})",
    },
    "abk.and": {"id": " dan ", "en": " and "},
    "abk.how.column": {"id": "kolom satuan waktu", "en": "the satuan waktu column"},
    "abk.how.header": {"id": "judul kolom {header!r}", "en": "the header {header!r}"},
    "abk.how.param": {"id": "parameter abk_time_unit", "en": "the parameter abk_time_unit"},
    "abk.period": {
        "id": "keterangan waktu harus tahun, bulan, minggu atau hari",
        "en": "the keterangan waktu must be tahun, bulan, minggu or hari",
    },
    "abk.no_period": {
        "id": "tidak ada keterangan waktu (tahun, bulan, minggu atau hari)",
        "en": "no keterangan waktu (tahun, bulan, minggu or hari)",
    },
    "abk.no_effective": {
        "id": "tidak ada waktu efektif untuk menentukan periode volume",
        "en": "no waktu efektif to tell the period of the volume",
    },
    "abk.from_effective": {
        "id": "{n:,} baris tanpa keterangan waktu: periodenya dibaca dari waktu efektif",
        "en": "{n:,} lines have no keterangan waktu: its period is read from its waktu efektif",
        "en_one": "{n:,} line has no keterangan waktu: its period is read from its waktu efektif",
    },
    "abk.period_differs": {
        "id": "{n:,} baris memiliki waktu efektif yang cocok dengan periode lain daripada "
        "keterangan waktunya (keterangan waktu yang dipakai)",
        "en": "{n:,} lines have a waktu efektif that fits another period than its keterangan "
        "waktu (the keterangan waktu is kept)",
        "en_one": "{n:,} line has a waktu efektif that fits another period than its keterangan "
        "waktu (the keterangan waktu is kept)",
    },
    "abk.unplaced": {
        "id": "jabatan tidak ditemukan di antara jabatan unitnya; di lembar jabatan_abk buku "
        "pemetaan pilih position_id-nya (atau tulis id baru untuk jabatan yang belum ada "
        "pemangkunya), lalu impor lagi dengan --map",
        "en": "jabatan not found among the positions of its unit; in the sheet jabatan_abk of "
        "the mapping workbook choose its position_id (or write a new id for a jabatan nobody "
        "holds yet) and import again with --map",
    },
    "abk.twice": {
        "id": "tugas yang sama pada jabatan yang sama muncul dua kali (baris pertama disimpan)",
        "en": "the same task of the same jabatan twice (the first line is kept)",
    },
    "abk.matched": {
        "id": "{n:,} baris dicocokkan dengan jabatan yang sudah diimpor menurut nama unit dan "
        "jabatan",
        "en": "{n:,} lines matched to the positions already imported by unit and jabatan name",
        "en_one": "{n:,} line matched to the positions already imported by unit and jabatan name",
    },
    "abk.positions_made": {
        "id": "{n:,} jabatan dibuat dari jabatan ABK (jenisnya ditebak dari nama jabatan: "
        "periksa tabel positions)",
        "en": "{n:,} positions made from the ABK jabatan (kind guessed from the title: check "
        "the positions table)",
        "en_one": "{n:,} position made from the ABK jabatan (kind guessed from the title: "
        "check the positions table)",
    },
    "abk.units_made": {
        "id": "{n:,} unit dibuat dari nama unit ABK (sektor dan layanan garis depan ditanyakan "
        "di buku pemetaan)",
        "en": "{n:,} units made from the ABK unit names (sector and front line asked in the "
        "mapping workbook)",
        "en_one": "{n:,} unit made from the ABK unit names (sector and front line asked in the "
        "mapping workbook)",
    },
    "abk.effective": {
        "id": "waktu efektif baris tahunan: {minutes:,.0f} menit ({hours:,.0f} jam)",
        "en": "waktu efektif of the yearly lines: {minutes:,.0f} minutes ({hours:,.0f} h)",
    },
    "abk.effective_default": {
        "id": "; bawaan asnpolicy {default:,} menit: jalankan analisis kepegawaian dengan "
        "effective_minutes={whole} agar mengikuti berkas ini",
        "en": "; asnpolicy's default is {default:,} minutes: run the workforce analyses with "
        "effective_minutes={whole} to follow this file",
    },
    # ---------------------------------------------------------------- link
    "link.missing": {
        "id": "NIP atau NIK/no. peserta tidak ada",
        "en": "NIP or NIK/no. peserta missing",
    },
    "link.no_employees": {
        "id": "belum ada pegawai di folder: impor siasn dahulu",
        "en": "no employees in the folder yet: import siasn first",
    },
    "link.linked": {
        "id": "{n:,} pegawai ditautkan ke lamarannya",
        "en": "{n:,} employees linked to their application",
    },
    # ------------------------------------------- problems from identifiers (decode_nip/nik)
    "problem.digits": {
        "id": "{what} harus {length} digit",
        "en": "a {what} must have {length} digits",
    },
    "problem.none": {"id": "tidak ada {what}", "en": "no {what}"},
    "problem.gender_digit": {
        "id": "digit ke-15 (jenis kelamin) harus 1 atau 2",
        "en": "digit 15 (gender) must be 1 or 2",
    },
    "problem.tmt_month": {
        "id": "TMT: bulan {month} tidak ada",
        "en": "TMT: month {month} does not exist",
    },
    "problem.birth_month": {
        "id": "tanggal lahir: bulan {month} tidak ada",
        "en": "birth date: month {month} does not exist",
    },
    "problem.birth_day": {
        "id": "tanggal lahir: tanggal {day} tidak ada pada bulan itu",
        "en": "birth date: day {day} does not exist in that month",
    },
}

#: The English problems :mod:`asnpolicy.identifiers` writes, as patterns whose named
#: groups are the fields of the text of the same key.
_PROBLEMS: Final = (
    ("problem.digits", re.compile(r"a (?P<what>\w+) must have (?P<length>\d+) digits")),
    ("problem.none", re.compile(r"no (?P<what>\w+)")),
    ("problem.gender_digit", re.compile(r"digit 15 \(gender\) must be 1 or 2")),
    ("problem.tmt_month", re.compile(r"TMT: month (?P<month>\S+) does not exist")),
    ("problem.birth_month", re.compile(r"birth date: month (?P<month>\S+) does not exist")),
    (
        "problem.birth_day",
        re.compile(r"birth date: day (?P<day>\S+) does not exist in that month"),
    ),
)


class _Numbers(string.Formatter):
    """``str.format`` with Indonesian number punctuation: ``1.234`` and ``0,25``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        if self.lang == "id" and isinstance(value, numbers.Number) and not isinstance(value, bool):
            text = text.translate(str.maketrans({",": ".", ".": ","}))
        return text


def _lang_of(where: str | _HasLang) -> str:
    lang = where if isinstance(where, str) else getattr(where, "lang", "id")
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown language {lang!r}; use one of {', '.join(LANGUAGES)}.")
    return lang


def say(where: str | _HasLang, key: str, /, **fields: Any) -> str:
    """The text ``key`` of :data:`TEXTS` in the language of ``where``, fields filled in.

    Parameters
    ----------
    where : str or ImportContext
        ``"id"`` or ``"en"``, or anything with a ``lang`` attribute (the import's context).
    key : str
        A key of :data:`TEXTS`.
    **fields
        The text's ``str.format`` fields. In Indonesian, numbers take the Indonesian
        separators (``1.234``; ``0,25``). In English, a text with an ``en_one`` form takes it
        when ``n`` is 1.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For a key that is not in :data:`TEXTS`.
    ValueError
        For a language other than ``id`` and ``en``.

    Examples
    --------
    >>> say("id", "sscasn.score_range", score="TKP")
    'TKP di luar 0 sampai nilai maksimum tahun itu'
    >>> say("id", "abk.effective", minutes=72000.0, hours=1200.0)
    'waktu efektif baris tahunan: 72.000 menit (1.200 jam)'
    """
    lang = _lang_of(where)
    entry = TEXTS[key]
    template = entry[lang]
    if lang == "en" and "en_one" in entry and fields.get("n") == 1:
        template = entry["en_one"]
    return _Numbers(lang).format(template, **fields)


def fields_of(template: str) -> set[str]:
    """The names of the ``str.format`` fields of a template.

    Examples
    --------
    >>> sorted(fields_of("{n:,} rows: {text}"))
    ['n', 'text']
    """
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def translate_problems(where: str | _HasLang, problems: pd.Series) -> pd.Series:
    """The problems :func:`~asnpolicy.identifiers.decode_nip` and ``decode_nik``
    write (in English) in the language of ``where``; a problem of another wording is kept.

    Examples
    --------
    >>> s = pd.Series(["a NIP must have 18 digits", "birth date: month 13 does not exist", None])
    >>> translate_problems("id", s).tolist()
    ['NIP harus 18 digit', 'tanggal lahir: bulan 13 tidak ada', nan]
    """
    lang = _lang_of(where)
    distinct = pd.Series(problems.dropna().unique(), dtype="object")
    if lang == "en" or not len(distinct):
        return problems
    table = {}
    for text in distinct:
        table[text] = text
        for key, pattern in _PROBLEMS:
            found = pattern.fullmatch(str(text))
            if found:
                table[text] = say(lang, key, **found.groupdict())
                break
    return problems.map(table).where(problems.notna())
