"""``asnpolicy import``: export files -> a validated, pseudonymised data folder, all or nothing.

One call imports one KIND of export for one region into ``--out``. Tables made by earlier calls
(other KINDs) stay, so ``siasn``, ``skp``, ``sscasn``, ``skm``, ``abk`` and ``link`` build one
folder that ``asnpolicy report --data`` reads. Rows that fail a check go to ``rejected.csv``
(file, row, column, reason) and the import goes on; ``import_report.md``/``.html`` says per file
what was read, kept and left out, and what the analyses cannot do with these data. Everything
is written to a staging folder first and moved into ``--out`` only when complete.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataError
from ..identifiers import KeyFileError, Pseudonymiser, read_key
from ..io import from_tables
from ..regions import get_region
from ..schema import TABLES, table_spec
from ..writing import staging
from .context import REJECTED_COLUMNS, FileStats, ImportContext, KindResult
from .mapping import MappingBook
from .rawfiles import ImportFailure, RawTable, read_export

__all__ = [
    "KINDS",
    "MAPPING_FILE",
    "ImportOutcome",
    "import_files",
    "rule_words",
]

#: The exports ``asnpolicy import`` reads, with what each is, for messages.
KINDS: dict[str, str] = {
    "siasn": "a SIASN or SAPK employee export",
    "skp": "an SKP record export (SKP 2022 or the numeric SKP before 2022)",
    "sscasn": "an SSCASN result list (SKD, SKB or integration) or a formasi annex",
    "skm": "an SKM survey export (responses) or a table of published IKM per unit",
    "abk": "an Anjab-ABK task table",
    "link": "the BKPSDM's link file (NIK or no. peserta -> NIP)",
}

#: Tables a KIND owns: an import of that KIND replaces them; other tables it returns are
#: merged by key (new rows added, rows with the same key replaced).
OWN_TABLES: dict[str, tuple[str, ...]] = {
    "siasn": ("employees", "units", "positions"),
    "skp": ("performance",),
    "sscasn": ("formasi", "applicants"),
    "skm": ("skm", "ikm_published"),
    "abk": ("workload",),
    "link": (),
}

MAPPING_FILE = "pemetaan.xlsx"
REJECTED_FILE = "rejected.csv"
LOG_FILE = "import_log.json"
REPORT_FILE = "import_report"
ORIGIN_COLUMNS = ("source_file", "source_row")


@dataclass
class ImportOutcome:
    """What one import did."""

    kind: str
    out: Path
    rows: dict[str, int]
    rejected: int
    open_questions: dict[str, int]
    mapping_file: Path | None
    report: Path
    files: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the command line (no identifier, no value of a person)."""
        lines = [
            f"Imported {self.kind} into {self.out}: "
            + ", ".join(f"{t} {n:,} rows" for t, n in self.rows.items())
            + f"; {self.rejected:,} rows rejected (see {REJECTED_FILE})."
        ]
        if self.open_questions:
            asked = ", ".join(f"{s} ({n})" for s, n in self.open_questions.items())
            lines.append(
                f"Questions the exports cannot answer: {asked}. Fill {self.mapping_file} and "
                f"run the same command again with --map {self.mapping_file}."
            )
        lines.append(f"Report: {self.report}.md and .html")
        return "\n".join(lines)


def _module(kind: str):
    if kind not in KINDS:
        raise ImportFailure(f"Unknown kind {kind!r}; one of {', '.join(KINDS)}.")
    return importlib.import_module(f"{__package__}.{kind}")


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _existing_tables(out: Path) -> dict[str, pd.DataFrame]:
    """The tables an earlier import wrote into ``out``, as text."""
    found = {}
    for table in TABLES:
        file = out / f"{table}.csv"
        if file.is_file():
            found[table] = pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""])
    return found


def _region_row(region: str, mapping: MappingBook, existing: dict, params: dict) -> pd.DataFrame:
    """The ``regions`` row: the registry's, else the analyst's (``wilayah`` sheet or
    ``--param``), else the one already in the folder; asked for when unknown."""
    try:
        return pd.DataFrame([get_region(region).as_row()]).astype("object")
    except ValueError:
        pass
    given = {k: params[k] for k in ("name", "kind", "province", "kode_wilayah") if k in params}
    old = existing.get("regions")
    if old is not None and (old["region_id"] == region).any():
        row = old[old["region_id"] == region].iloc[0]
        given = {k: row[k] for k in ("name", "kind", "province", "kode_wilayah")} | given
    asked = mapping.ask("wilayah", pd.DataFrame([{"region_id": region, **given}]))
    row = asked.iloc[0]
    if row[["name", "kind", "province", "kode_wilayah"]].isna().any():
        return pd.DataFrame()
    return asked[["region_id", "name", "kind", "province", "kode_wilayah"]].astype("object")


def _read_files(files: list[Path], kind: str, module) -> tuple[list[RawTable], list[str]]:
    raws, skipped = [], []
    others = {k: _module(k) for k in KINDS if k != kind}
    for path in files:
        tables = read_export(path, name=path.name)
        fitting = [t for t in tables if module.looks_like(t)]
        if not fitting:
            for other, mod in others.items():
                if any(mod.looks_like(t) for t in tables):
                    raise ImportFailure(
                        f"{path.name} looks like {KINDS[other]}, not {KINDS[kind]}; import it "
                        f"with `asnpolicy import {other}`."
                    )
            fitting = [max(tables, key=lambda t: t.frame.shape[1])]  # its columns get named
        skipped += [t.where for t in tables if t not in fitting]
        raws += fitting
    return raws, skipped


def _split_origin(result: KindResult) -> tuple[dict, dict]:
    tables, origins = {}, {}
    for name, frame in result.tables.items():
        if frame is None:
            continue
        present = [c for c in ORIGIN_COLUMNS if c in frame]
        origin = frame[present].reset_index(drop=True) if present else None
        tables[name] = frame.drop(columns=present).reset_index(drop=True)
        origins[name] = origin
    return tables, origins


def _merge(kind: str, existing: dict, new: dict) -> tuple[dict, dict]:
    """The folder's tables after this import, and for each table the row (0-based) where the
    new rows start (rows before come from the folder)."""
    merged = {k: v for k, v in existing.items() if k in TABLES}
    starts = {}
    for name, frame in new.items():
        old = merged.get(name)
        if name in OWN_TABLES[kind] or old is None or not len(old):
            merged[name], starts[name] = _carried(name, frame, old), 0
            continue
        key = list(table_spec(name).key) or [table_spec(name).columns[0]]
        old = old.astype("object")
        if all(k in frame for k in key):
            new_keys = pd.MultiIndex.from_frame(frame[key].astype("str"))
            kept = ~pd.MultiIndex.from_frame(old[key].astype("str")).isin(new_keys)
            old = old[kept]
        merged[name] = pd.concat([old, frame.astype("object")], ignore_index=True)
        starts[name] = len(old)
    return merged, starts


def _carried(name: str, frame: pd.DataFrame, old: pd.DataFrame | None) -> pd.DataFrame:
    """A replaced table keeps, by key, the columns only other imports fill (the applicant
    link of ``link`` survives a new ``siasn`` import)."""
    key = list(table_spec(name).key)
    if old is None or not len(old) or not key or not all(k in old and k in frame for k in key):
        return frame
    extra = [c for c in old.columns if c not in frame.columns]
    if not extra:
        return frame
    kept = old.drop_duplicates(key).set_index(key)[extra]
    return frame.join(kept, on=key)


#: The schema's rules in Indonesian, for the import report and rejected.csv (``--lang id``):
#: (English start, Indonesian start); the rest of the rule (a value, a table.column) is kept.
_RULES_ID = (
    ("must not be empty", "tidak boleh kosong"),
    ("must exist in ", "harus ada di "),
    ("must be unique (appears more than once)", "harus unik (muncul lebih dari sekali)"),
    ("must be one of the values", "harus salah satu nilai yang diizinkan"),
    ("must be one of", "harus salah satu dari"),
    ("must be true or false", "harus benar atau salah"),
    ("must be a whole number", "harus bilangan bulat"),
    ("must be a number", "harus angka"),
    ("must be a date written YYYY-MM-DD", "harus tanggal (TTTT-BB-HH)"),
    ("must be at least ", "harus paling sedikit "),
    ("must be at most ", "harus paling banyak "),
    ("must be greater than ", "harus lebih dari "),
    ("must be a multiple of ", "harus kelipatan "),
    ("must match the pattern ", "harus sesuai pola "),
    ("must be the unit of the employee's position", "harus unit dari jabatan pegawai"),
    ("must be the region of the employee's unit", "harus wilayah dari unit pegawai"),
    ("must be the region of the formasi's position", "harus wilayah dari jabatan formasi"),
)


def rule_words(rule: str, lang: str) -> str:
    """A schema rule as the import report says it.

    Examples
    --------
    >>> rule_words("must exist in employees.employee_id", "id")
    'harus ada di employees.employee_id'
    """
    if lang != "id":
        return rule
    for english, indonesian in _RULES_ID:
        if rule.startswith(english):
            return indonesian + rule[len(english) :]
    return "tidak memenuhi aturan skema: " + rule


def _placed(problems: pd.DataFrame, origins: dict, starts: dict, lang: str = "en") -> pd.DataFrame:
    """Schema problems at the export file and row they came from (else the folder's table)."""
    if not len(problems):
        return pd.DataFrame(columns=list(REJECTED_COLUMNS))
    rows = []
    for p in problems.itertuples(index=False):  # one per problem, not per data row
        file, row = f"{p.table}.csv", p.row
        origin, start = origins.get(p.table), starts.get(p.table, 0)
        if pd.notna(p.row) and origin is not None and int(p.row) - 1 >= start:
            at = int(p.row) - 1 - start
            if at < len(origin):
                file = origin.iloc[at].get("source_file", file)
                row = origin.iloc[at].get("source_row", row)
        rule = rule_words(str(p.rule), lang)
        if isinstance(p.hint, str) and p.hint and lang != "id":
            rule = f"{rule} ({p.hint})"
        rows.append((file, row, p.column, rule, p.value))
    return pd.DataFrame(rows, columns=list(REJECTED_COLUMNS))


def import_files(
    kind: str,
    files: list[str | os.PathLike],
    *,
    region: str,
    key_file: str | os.PathLike,
    out: str | os.PathLike,
    mapping: str | os.PathLike | None = None,
    params: dict[str, Any] | None = None,
    lang: str = "id",
) -> ImportOutcome:
    """Import export files of one KIND for one region into the data folder ``out``.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    files : list of path
        The export files (xlsx, xls or csv); only read, never changed.
    region : str
        The region's id (e.g. ``bangko``, or your own lowercase id).
    key_file : path
        The secret key (``asnpolicy key new``); must not sit inside ``out``.
    out : path
        The data folder to write (created when absent).
    mapping : path, optional
        The mapping workbook completed by the analyst.
    params : dict, optional
        Import parameters: ``abk_time_unit`` (``menit``/``jam``), ``effective_minutes``,
        ``skp_bands``, ``age_on``, ``year``; for a region outside the registry ``name``,
        ``kind``, ``province``, ``kode_wilayah``.
    lang : {"id", "en"}
        Language of the import report and the mapping workbook's guide.

    Returns
    -------
    ImportOutcome

    Raises
    ------
    ImportFailure
        One sentence: a file that cannot be read or is of another kind, a missing key, ...
        Nothing is written then.
    """
    module = _module(kind)
    out = Path(out)
    params = dict(params or {})
    key_path = Path(key_file)
    if _inside(key_path, out):
        raise ImportFailure(
            f"The key file {key_path} sits inside the output folder {out}; keep it elsewhere, "
            "so the data can be shared without it."
        )
    try:
        key = read_key(key_path)
    except KeyFileError as err:
        raise ImportFailure(str(err)) from None
    paths = []
    for given in map(Path, files):  # a folder stands for every file in it
        if given.is_dir():
            paths += sorted(
                p for p in given.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))
            )
        else:
            paths.append(given)
    if not paths:
        raise ImportFailure(f"No file given to import as {KINDS[kind]}.")
    earlier = out / MAPPING_FILE
    try:
        # answers typed into the folder's own workbook count as much as --map's
        previous = MappingBook.read(earlier).answers if earlier.is_file() else {}
        book = MappingBook.read(mapping) if mapping else MappingBook(previous)
    except Exception as err:  # openpyxl/calamine raise many kinds for a damaged workbook
        raise ImportFailure(
            f"The mapping workbook {mapping or earlier} cannot be read ({type(err).__name__}); "
            "open it in Excel or LibreOffice and save it again as .xlsx."
        ) from None
    existing = _existing_tables(out) if out.is_dir() else {}
    for sheet, table, column in (
        ("unit_skm", "units", "unit_id"),
        ("jabatan_abk", "positions", "position_id"),
        ("jabatan_formasi", "positions", "position_id"),
    ):
        if table in existing:
            book.offer(sheet, column, existing[table][column])
    region_row = _region_row(region, book, existing, params)
    kode = params.get("kode_wilayah")
    if kode is None and len(region_row):
        kode = region_row["kode_wilayah"].iloc[0]
    ctx = ImportContext(
        region_id=region,
        pseudo=Pseudonymiser(key),
        mapping=book,
        kode_wilayah=None if kode is None else str(kode)[:5],
        existing=existing,
        params=params,
        lang=lang,
    )
    raws, skipped = _read_files(paths, kind, module)
    result: KindResult = getattr(module, f"import_{kind}")(raws, ctx)
    new, origins = _split_origin(result)
    if len(region_row):
        new["regions"] = region_row
    merged, starts = _merge(kind, existing, new)
    problems = pd.DataFrame()
    try:
        ds = from_tables(merged, source=str(out), on_error="quarantine")
        problems = getattr(ds, "rejected", pd.DataFrame())
    except DataError as err:
        raise ImportFailure(
            "The imported tables do not fit together: "
            + str(err).splitlines()[0 if len(str(err).splitlines()) == 1 else 1].strip()
        ) from None
    placed = _placed(problems, origins, starts, lang)
    rejected = pd.concat([result.rejected, placed], ignore_index=True).assign(kind=kind)
    stats = [_recounted(asdict(f), placed) for f in result.files]
    for where in skipped:
        note = (
            "bukan tabel jenis ini: dilewati" if lang == "id" else "not this kind of table: skipped"
        )
        stats.append(asdict(FileStats(file=where, notes=[note])))
    with staging(out.parent if out.parent != Path("") else Path(".")) as tmp:
        ds.provenance = {
            "synthetic": False,
            "source": f"asnpolicy import ({', '.join(sorted(_log_kinds(out) | {kind}))})",
            "as_of": dt.date.today().isoformat(),
        }
        ds.save(tmp / "data")
        data = tmp / "data"
        old_rejected = out / REJECTED_FILE
        if old_rejected.is_file():
            before = pd.read_csv(old_rejected, dtype=str, keep_default_na=False, na_values=[""])
            if "kind" in before:
                rejected = pd.concat([before[before["kind"] != kind], rejected], ignore_index=True)
        rejected.to_csv(data / REJECTED_FILE, index=False)
        log = _read_log(out)
        log[kind] = {
            "files": stats,
            "limits": sorted(result.limits),
            "rejected": int((rejected["kind"] == kind).sum()),
            "params": {k: str(v) for k, v in params.items()},
            "imported_on": dt.date.today().isoformat(),
        }
        (data / LOG_FILE).write_text(json.dumps(log, indent=2, ensure_ascii=False), "utf-8")
        for sheet, frame in previous.items():  # questions of earlier imports stay in the workbook
            book.keep(sheet, frame)
        open_questions = book.open_questions()
        mapping_file = None
        if book.asked:
            mapping_file = out / MAPPING_FILE
            book.write(data / MAPPING_FILE, lang=lang)
        from .report import write_import_report

        write_import_report(data, ds, log, rejected, open_questions, lang=lang)
        out.mkdir(parents=True, exist_ok=True)
        for written in sorted(data.iterdir()):
            os.replace(written, out / written.name)
    return ImportOutcome(
        kind=kind,
        out=out,
        rows={name: len(frame) for name, frame in ds.tables().items() if name in new},
        rejected=int((rejected["kind"] == kind).sum()),
        open_questions=open_questions,
        mapping_file=mapping_file,
        report=out / REPORT_FILE,
        files=stats,
    )


def _recounted(stats: dict, placed: pd.DataFrame) -> dict:
    """A file's counts after the schema's checks: rows set aside there are no longer kept."""
    where = stats["file"] if not stats.get("sheet") else f"{stats['file']} [{stats['sheet']}]"
    mine = placed[placed["file"] == where]
    if not len(mine):
        return stats
    rows = mine.drop_duplicates("row")
    stats["rows_kept"] = max(0, stats.get("rows_kept", 0) - len(rows))
    reasons = stats.setdefault("rejected_by_reason", {})
    for reason, n in rows.groupby(["column", "reason"]).size().items():
        label = f"{reason[0]}: {reason[1]}"
        reasons[label] = reasons.get(label, 0) + int(n)
    return stats


def _read_log(out: Path) -> dict:
    file = out / LOG_FILE
    if not file.is_file():
        return {}
    try:
        log = json.loads(file.read_text("utf-8"))
    except (ValueError, OSError):
        return {}
    return log if isinstance(log, dict) else {}


def _log_kinds(out: Path) -> set[str]:
    return set(_read_log(out))
