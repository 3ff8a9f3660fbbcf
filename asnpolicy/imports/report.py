"""The import report (``import_report.md`` and ``.html``): per file what was read, kept and
left out, the questions still open, and what each report can and cannot say with these data.

It names files, columns and counts, never a value of a person.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from ..io import Dataset
from ..narrative.text import join_and, t
from ..schema import TABLES

__all__ = ["CAPABILITIES", "capabilities", "write_import_report"]

#: What the reports need, section by section: (report, Indonesian, English, tables that must
#: hold rows (a tuple inside means "any of"), columns that must hold a value somewhere).
CAPABILITIES: tuple[tuple[str, str, str, tuple, tuple[str, ...]], ...] = (
    ("01", "Kebutuhan pegawai per OPD (ABK dan pegawai)", "Staffing needs per unit (ABK and staff)",
     ("units", "positions", "workload", "employees"), ()),
    ("01", "Pensiun lima tahun ke depan", "Retirements in the next five years",
     ("employees", "positions"), ("employees.birth_year",)),
    ("01", "Prioritas formasi dengan bobot layanan garis depan",
     "Formasi priority weighted for front-line service", ("units", "workload"),
     ("units.front_line",)),
    ("01", "Kebutuhan menurut sektor", "Needs by sector", ("units",), ("units.sector",)),
    ("02", "Aturan seleksi resmi: SKD, SKB dan integrasi",
     "Official selection rules: SKD, SKB and integration", ("formasi", "applicants"),
     ("applicants.twk",)),
    ("02", "Keadilan menurut jenis kelamin (rasio empat-perlima)",
     "Fairness by gender (four-fifths ratio)", ("applicants",), ("applicants.gender",)),
    ("02", "Keadilan menurut asal daerah", "Fairness by origin", ("applicants",),
     ("applicants.origin",)),
    ("02", "Lama verifikasi dan kesalahan berkas", "Verification time and document errors",
     ("applicants",), ("applicants.registered_on", "applicants.doc_errors")),
    ("02", "Saluran dan cara pendaftaran", "Registration channels and mode", ("applicants",),
     ("applicants.channel", "applicants.registration_mode")),
    ("02", "Keandalan panel penilai", "Reliability of assessment panels", ("assessments",), ()),
    ("03", "Daya prediksi metode seleksi terhadap SKP",
     "How well selection methods predict SKP", ("applicants", "employees", "performance"),
     ("employees.applicant_id",)),
    ("03", "IKM per unit dan unit yang perlu pelatihan",
     "IKM per unit and units needing training", (("skm", "ikm_published"), "units"), ()),
    ("03", "Dampak pelatihan", "Effect of training", ("training", "performance"), ()),
)  # fmt: skip

_TABLE_NAMES = frozenset(TABLES)

_WORDS = {
    "id": {
        "title": "Laporan impor data",
        "files": "Berkas yang dibaca",
        "file": "Berkas",
        "read": "Baris dibaca",
        "kept": "Disimpan",
        "rejected": "Ditolak",
        "inactive": "Tidak aktif (dikeluarkan)",
        "used": "Kolom dipakai",
        "ignored": "Kolom diabaikan",
        "notes": "Catatan",
        "tables": "Tabel di folder data",
        "table": "Tabel",
        "rows": "Baris",
        "reasons": "Alasan penolakan terbanyak",
        "reason": "Alasan",
        "column": "Kolom",
        "count": "Jumlah",
        "open": "Pertanyaan yang belum dijawab",
        "open_text": "Isi lembar berikut di {file}, lalu jalankan lagi perintah impor dengan "
        "--map {file}:",
        "can": "Apa yang dapat dan tidak dapat dijawab laporan",
        "report": "Laporan",
        "section": "Bagian",
        "status": "Dengan data ini",
        "yes": "dapat",
        "no": "tidak dapat: perlu {what}",
        "limits": "Yang belum diisi oleh berkas yang diimpor",
        "none": "tidak ada",
        "kind": "Jenis ekspor",
        "columns": "Kolom setiap berkas",
        "show": "tampilkan",
    },
    "en": {
        "title": "Data import report",
        "files": "Files read",
        "file": "File",
        "read": "Rows read",
        "kept": "Kept",
        "rejected": "Rejected",
        "inactive": "Inactive (left out)",
        "used": "Columns used",
        "ignored": "Columns ignored",
        "notes": "Notes",
        "tables": "Tables in the data folder",
        "table": "Table",
        "rows": "Rows",
        "reasons": "Most frequent reasons for rejection",
        "reason": "Reason",
        "column": "Column",
        "count": "Count",
        "open": "Questions still open",
        "open_text": "Fill these sheets in {file}, then run the import again with --map {file}:",
        "can": "What the reports can and cannot answer",
        "report": "Report",
        "section": "Section",
        "status": "With these data",
        "yes": "yes",
        "no": "no: needs {what}",
        "limits": "What the imported files did not fill",
        "none": "none",
        "kind": "Export kind",
        "columns": "Columns of each file",
        "show": "show",
    },
}


def _thing(ref: str, lang: str) -> str:
    """``table`` or ``table.column`` as the guard says it (``kolom channel pada tabel pelamar``)."""
    table, _, column = ref.partition(".")
    name = t(f"need_table_{table}", lang) if table in _TABLE_NAMES else table
    return t("need_column", lang, column=column, table=name) if column else name


def _count(n: int, lang: str) -> str:
    """A count in the page's number format (``1.234`` in Indonesian, ``1,234`` in English)."""
    text = f"{int(n):,}"
    return text.replace(",", ".") if lang == "id" else text


def _has_rows(ds: Dataset, table: str) -> bool:
    frame = getattr(ds, table, None)
    return frame is not None and len(frame) > 0


def _has_values(ds: Dataset, ref: str) -> bool:
    table, column = ref.split(".")
    frame = getattr(ds, table, None)
    return frame is not None and column in frame and bool(frame[column].notna().any())


def capabilities(ds: Dataset, lang: str = "id") -> pd.DataFrame:
    """Each report section with whether these data can answer it, and else what it needs.

    Examples
    --------
    >>> from asnpolicy.io import Dataset
    >>> capabilities(Dataset())["status"].str.startswith("tidak dapat").all()
    np.True_
    """
    words = _WORDS[lang]
    rows = []
    for report, name_id, name_en, tables, columns in CAPABILITIES:
        missing = []
        for table in tables:
            names = table if isinstance(table, tuple) else (table,)
            if not any(_has_rows(ds, n) for n in names):
                said = [t(f"need_table_{n}", lang) for n in names]
                missing.append(said[0] if len(said) == 1 else f"{said[0]} / {said[1]}")
        for ref in columns:
            if not _has_values(ds, ref):
                table, column = ref.split(".")
                missing.append(
                    t("need_column", lang, column=column, table=t(f"need_table_{table}", lang))
                )
        status = words["yes"] if not missing else words["no"].format(what=join_and(missing, lang))
        rows.append((report, name_id if lang == "id" else name_en, status))
    return pd.DataFrame(rows, columns=["report", "section", "status"])


def _md_table(frame: pd.DataFrame) -> str:
    if not len(frame):
        return ""
    head = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    body = [
        "| " + " | ".join(str(v).replace("|", "/") for v in row) + " |"
        for row in frame.astype("str").itertuples(index=False)
    ]
    return "\n".join([head, rule, *body])


def _sections(
    ds: Dataset, log: dict, rejected: pd.DataFrame, open_questions: dict, lang: str
) -> list[tuple[str, pd.DataFrame | str | list[str]]]:
    w = _WORDS[lang]
    out: list[tuple[str, pd.DataFrame | str | list[str]]] = []
    file_rows, column_lines = [], []
    for kind, entry in log.items():
        for f in entry.get("files", []):
            where = f["file"] if not f.get("sheet") else f"{f['file']} [{f['sheet']}]"
            rejected_n = sum(f.get("rejected_by_reason", {}).values())
            file_rows.append(
                (
                    kind,
                    where,
                    _count(f.get("rows_read", 0), lang),
                    _count(f.get("rows_kept", 0), lang),
                    _count(rejected_n, lang),
                    _count(f.get("inactive", 0), lang),
                    "; ".join(f.get("notes", [])),
                )
            )
            used, ignored = f.get("columns_used", []), f.get("columns_ignored", [])
            if used or ignored:
                column_lines.append(
                    f"{where}: {w['used'].lower()} ({len(used)}): {', '.join(used) or w['none']}. "
                    f"{w['ignored']} ({len(ignored)}): {', '.join(ignored) or w['none']}."
                )
    columns = [w[k] for k in ("kind", "file", "read", "kept", "rejected", "inactive", "notes")]
    out.append((w["files"], pd.DataFrame(file_rows, columns=columns)))
    sizes = pd.DataFrame(
        [(_thing(name, lang), _count(len(frame), lang)) for name, frame in ds.tables().items()],
        columns=[w["table"], w["rows"]],
    )
    out.append((w["tables"], sizes))
    if len(rejected):
        top = (
            rejected.groupby(["kind", "column", "reason"], dropna=False)
            .size()
            .sort_values(ascending=False)
            .head(20)
            .reset_index()
        )
        top.columns = [w["kind"], w["column"], w["reason"], w["count"]]
        top[w["count"]] = top[w["count"]].map(lambda n: _count(n, lang))
        out.append((w["reasons"], top))
    if open_questions:
        text = (
            w["open_text"].format(file="pemetaan.xlsx")
            + " "
            + ", ".join(f"{sheet} ({n})" for sheet, n in open_questions.items())
        )
        out.append((w["open"], text))
    if column_lines:
        out.append((w["columns"], column_lines))
    can = capabilities(ds, lang)
    can.columns = [w["report"], w["section"], w["status"]]
    out.append((w["can"], can))
    limits = sorted({x for entry in log.values() for x in entry.get("limits", [])})
    if limits:
        out.append((w["limits"], join_and([_thing(x, lang) for x in limits], lang) + "."))
    return out


def write_import_report(
    folder: Path,
    ds: Dataset,
    log: dict,
    rejected: pd.DataFrame,
    open_questions: dict,
    *,
    lang: str = "id",
) -> tuple[Path, Path]:
    """Write ``import_report.md`` and ``import_report.html`` into ``folder``."""
    w = _WORDS[lang]
    ids = set()
    for table in ("regions", "units", "employees"):
        frame = getattr(ds, table, None)
        if frame is not None and "region_id" in frame:
            ids |= set(frame["region_id"].dropna().astype(str))
    names = {}
    if ds.regions is not None and len(ds.regions):
        names = dict(zip(ds.regions["region_id"], ds.regions["name"], strict=True))
    region = ", ".join(names.get(i, i) for i in sorted(ids))
    sections = _sections(ds, log, rejected, open_questions, lang)
    md = [f"# {w['title']}: {region}".rstrip(": "), ""]
    body = [f"<h1>{html.escape(w['title'])}: {html.escape(region)}</h1>"]
    for title, content in sections:
        md += [f"## {title}", ""]
        body.append(f"<h2>{html.escape(title)}</h2>")
        if isinstance(content, str):
            md += [content, ""]
            body.append(f"<p>{html.escape(content)}</p>")
        elif isinstance(content, list):
            md += [f"- {line}" for line in content] + [""]
            items = "".join(f"<li>{html.escape(line)}</li>" for line in content)
            body.append(
                f"<details><summary>{html.escape(title)}</summary><ul>{items}</ul></details>"
            )
        else:
            md += [_md_table(content), ""]
            body.append(content.to_html(index=False, escape=True, border=0))
    md_file, html_file = folder / "import_report.md", folder / "import_report.html"
    md_file.write_text("\n".join(md), encoding="utf-8")
    style = (
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:0.9em}"
        "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
        "th{background:#f0f0f0}td{max-width:28em;overflow-wrap:anywhere}"
        "li{margin:0.3em 0;font-size:0.9em}"
    )
    html_file.write_text(
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(w['title'])}</title><style>{style}</style></head><body>"
        + "\n".join(body)
        + "</body></html>",
        encoding="utf-8",
    )
    return md_file, html_file
