"""Load, validate and save a :class:`Dataset`: twelve tables in CSV, Parquet or XLSX.

A dataset is a folder with one file per table named after the table (``units.csv``,
``applicants.parquet``, ``skm.xlsx``) or one XLSX workbook with a sheet per table. Tables a user
does not have may be absent. Loading never modifies the input files and never half-loads:
either every table passes its schema and the cross-table checks, or one
:class:`~asnpolicy.DataError` lists every problem by file, table, row, column, rule and value.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd

from . import keys
from .errors import PROBLEM_COLUMNS, DataError
from .regions import REGIONS, study_order
from .schema import TABLES, data_dictionary, empty_frame
from .validation import check_dataset, validate_table

__all__ = [
    "Dataset",
    "FORMATS",
    "MAX_COLUMNS",
    "PROVENANCE_FILE",
    "ensure_replaceable",
    "from_tables",
    "load_dataset",
    "package_version",
    "staging",
    "write_templates",
]

#: File written beside the tables that says where they came from (synthetic or not).
PROVENANCE_FILE = "provenance.json"
#: File endings read and written, by format name.
FORMATS = {"csv": ".csv", "parquet": ".parquet", "xlsx": ".xlsx"}
_READ_ENDINGS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".xlsx": "xlsx"}
_UNSUPPORTED_ENDINGS = {".xls", ".ods", ".json", ".txt", ".tsv", ".sav", ".dta"}
_EXCEL_MAX_ROWS = 1_048_575
#: Most columns a table file may have. The widest table has about forty; a file with far more
#: is not a table of this data model, and parsing a hostile header of a million columns would
#: take minutes and gigabytes before saying so.
MAX_COLUMNS = 500
#: How each table is filtered to one region: by its own region_id, or through its parent.
_REGION_LINKS: dict[str, tuple[str, str, str]] = {
    # table: (column, parent table, parent column)
    "positions": ("unit_id", "units", "unit_id"),
    "workload": ("position_id", "positions", "position_id"),
    "applicants": ("formasi_id", "formasi", "formasi_id"),
    "assessments": ("applicant_id", "applicants", "applicant_id"),
    "performance": ("employee_id", "employees", "employee_id"),
    "training": ("employee_id", "employees", "employee_id"),
    "promotions": ("employee_id", "employees", "employee_id"),
    "skm": ("unit_id", "units", "unit_id"),
}


@dataclass
class Dataset:
    """The tables of one or more regions, each validated against its schema.

    Attributes
    ----------
    regions, units, positions, workload, employees, formasi, applicants, assessments,
    performance, skm, training, promotions : DataFrame or None
        The twelve tables (``None`` when absent). See ``data/README.md`` for their columns.
    truth : dict
        Ground truth of synthetic data (empty for real data; not saved with the tables).
    source : str
        Where the data came from: a path, or ``synthetic (seed N)``.
    synthetic : bool
        Whether the data were made by the simulator (kept through save and load by the
        ``provenance.json`` file written beside the tables).
    provenance : dict
        What ``provenance.json`` said when the data were loaded (empty if there was none).
    """

    regions: pd.DataFrame | None = None
    units: pd.DataFrame | None = None
    positions: pd.DataFrame | None = None
    workload: pd.DataFrame | None = None
    employees: pd.DataFrame | None = None
    formasi: pd.DataFrame | None = None
    applicants: pd.DataFrame | None = None
    assessments: pd.DataFrame | None = None
    performance: pd.DataFrame | None = None
    skm: pd.DataFrame | None = None
    training: pd.DataFrame | None = None
    promotions: pd.DataFrame | None = None
    truth: dict = field(default_factory=dict)
    source: str = ""
    synthetic: bool = False
    provenance: dict = field(default_factory=dict)

    # -- access -----------------------------------------------------------------------------

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables present, by name, in the data model's order."""
        return {name: getattr(self, name) for name in TABLES if getattr(self, name) is not None}

    def __iter__(self) -> Iterator[tuple[str, pd.DataFrame]]:
        return iter(self.tables().items())

    def require(self, *names: str) -> None:
        """Raise a clear error when a table an analysis needs is absent.

        Raises
        ------
        ValueError
            Naming the missing tables and where the data came from.
        """
        missing = [n for n in names if getattr(self, n, None) is None]
        if missing:
            raise ValueError(
                f"This analysis needs the table(s) {', '.join(missing)}, which the dataset "
                f"from {self.source or 'memory'} does not have. Add "
                + ", ".join(f"{m}.csv" for m in missing)
                + " (see data/README.md)."
            )

    def summary(self) -> pd.DataFrame:
        """One row per table of the data model: ``table``, ``present``, ``rows``."""
        return pd.DataFrame(
            [
                {
                    "table": name,
                    "present": getattr(self, name) is not None,
                    "rows": len(getattr(self, name)) if getattr(self, name) is not None else 0,
                }
                for name in TABLES
            ]
        )

    def region_ids(self) -> list[str]:
        """The region ids the data cover, in study order (the four study regions in the
        registry's order, then any other region by id); from ``regions``, else from the tables
        that have a ``region_id``."""
        if self.regions is not None:
            found = set(self.regions["region_id"].dropna().unique().tolist())
        else:
            found = set()
            for name in ("units", "employees", "formasi"):
                frame = getattr(self, name)
                if frame is not None:
                    found.update(frame["region_id"].dropna().unique().tolist())
        return sorted(found, key=study_order)

    @property
    def region(self) -> str:
        """The one region these data cover.

        Raises
        ------
        ValueError
            When the data cover no region or several (name one with :meth:`for_region`).
        """
        present = self.region_ids()
        if len(present) != 1:
            raise ValueError(
                f"The data from {self.source or 'memory'} cover "
                + (f"{len(present)} regions ({', '.join(present)})" if present else "no region")
                + "; choose one with Dataset.for_region(region)."
            )
        return present[0]

    def region_name(self, region: str | None = None) -> str:
        """Display name of ``region`` (default: the one region of the data): the registry's
        name for a study region, else the ``regions`` table's ``name``, else the id itself."""
        key = self.region if region is None else region
        if key in REGIONS:
            return REGIONS[key].name
        if self.regions is not None:
            names = self.regions.drop_duplicates("region_id").set_index("region_id")["name"]
            if key in names.index and pd.notna(names[key]):
                return str(names[key])
        return key

    def region_of(self, table: str) -> pd.Series:
        """The ``region_id`` of each row of ``table``, indexed like it.

        A table with its own ``region_id`` gives it; the others reach it through their parents
        (``positions`` through ``units``, ``performance`` through ``employees``, ...). A row
        whose parent is absent gets a missing value.

        Raises
        ------
        ValueError
            When ``table`` or a parent on its way to a region is not in the data.
        """
        self.require(table)
        frame = getattr(self, table)
        if table not in _REGION_LINKS:
            if "region_id" not in frame.columns:
                raise ValueError(f"The table {table} has no region_id and no parent with one.")
            return frame["region_id"].rename("region_id")
        column, parent, parent_column = _REGION_LINKS[table]
        parents = getattr(self, parent)
        self.require(parent)
        parent_region = self.region_of(parent)
        mapping = pd.Series(parent_region.to_numpy(), index=parents[parent_column].to_numpy())
        return keys.lookup(frame[column], mapping).rename("region_id")

    def content_hash(self) -> str:
        """A SHA-256 of the tables' contents (not of file bytes), 16 hex digits.

        The same data give the same hash whatever format they were stored in.
        """
        digest = hashlib.sha256()
        for name, frame in self.tables().items():
            digest.update(name.encode())
            digest.update(",".join(frame.columns).encode())
            digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
        return digest.hexdigest()[:16]

    # -- derived datasets -------------------------------------------------------------------

    def for_region(self, region: str) -> Dataset:
        """The rows of one region in every table (children follow their parents' ids).

        Raises
        ------
        ValueError
            When the data hold no such region; the message lists those they hold.
        """
        known = self.region_ids()
        key = str(region).strip().lower()
        if key not in known:
            raise ValueError(
                f"Region {region!r} is not in the data from {self.source or 'memory'}; "
                f"regions present: {', '.join(known) or 'none'}."
            )
        kept: dict[str, pd.DataFrame] = {}
        for name, frame in self.tables().items():
            if "region_id" in frame.columns and name not in _REGION_LINKS:
                rows = frame["region_id"] == key
            elif name in _REGION_LINKS:
                column, parent, parent_column = _REGION_LINKS[name]
                parent_frame = kept.get(parent)
                if parent_frame is None:
                    kept[name] = frame
                    continue
                rows = keys.isin(frame[column], parent_frame[parent_column])
            else:
                rows = np.ones(len(frame), dtype=bool)
            kept[name] = frame.loc[np.asarray(rows, dtype=bool)].reset_index(drop=True)
        return Dataset(
            **kept,
            truth=self.truth,
            source=self.source,
            synthetic=self.synthetic,
            provenance=self.provenance,
        )

    def for_years(self, years) -> Dataset:
        """Only the formasi of ``years`` (an int or a collection; None keeps all), their
        applicants and assessments; the other tables are kept whole."""
        if self.formasi is None or years is None:
            return self
        wanted = {int(years)} if isinstance(years, int | np.integer) else {int(y) for y in years}
        kept = self.tables()
        kept["formasi"] = self.formasi[self.formasi["year"].isin(wanted)].reset_index(drop=True)
        if self.applicants is not None:
            kept["applicants"] = self.applicants[
                self.applicants["formasi_id"].isin(kept["formasi"]["formasi_id"])
            ].reset_index(drop=True)
            if self.assessments is not None:
                kept["assessments"] = self.assessments[
                    self.assessments["applicant_id"].isin(kept["applicants"]["applicant_id"])
                ].reset_index(drop=True)
        return Dataset(
            **kept,
            truth=self.truth,
            source=self.source,
            synthetic=self.synthetic,
            provenance=self.provenance,
        )

    # -- saving -----------------------------------------------------------------------------

    def save(self, path: str | os.PathLike, format: str = "csv") -> Path:
        """Write every present table, all or nothing.

        Parameters
        ----------
        path : path
            A folder for ``csv``, ``parquet`` and ``xlsx`` (one file per table, created if
            needed; files of other tables already there are left alone), or a ``.xlsx`` file
            for ``workbook`` (one sheet per table).
        format : {"csv", "parquet", "xlsx", "workbook"}

        Returns
        -------
        Path
            Where the data were written.

        Notes
        -----
        Files are first written to a temporary folder beside the target and moved into place
        only when all are complete, so an error never leaves a half-written dataset.
        """
        if format not in (*FORMATS, "workbook"):
            raise ValueError(f"format must be one of csv, parquet, xlsx, workbook; not {format!r}")
        path = Path(path)
        tables = self.tables()
        if format in ("xlsx", "workbook"):
            too_big = [n for n, f in tables.items() if len(f) > _EXCEL_MAX_ROWS]
            if too_big:
                raise ValueError(
                    f"Table(s) {', '.join(too_big)} have more rows than an Excel sheet holds "
                    f"({_EXCEL_MAX_ROWS:,}); save as csv or parquet."
                )
        if format == "workbook":
            if path.suffix.lower() != ".xlsx":
                raise ValueError(f"A workbook path must end in .xlsx, not {path.name!r}.")
            with staging(path.parent) as tmp:
                target = tmp / path.name
                with pd.ExcelWriter(target, engine="openpyxl") as writer:
                    for name, frame in tables.items():
                        _sheet(writer, frame, name)
                os.replace(target, path)
            return path
        with staging(path.parent) as tmp:
            for name, frame in tables.items():
                _write_table(frame, tmp / f"{name}{FORMATS[format]}", format)
            (tmp / PROVENANCE_FILE).write_text(
                json.dumps(self.provenance_record(), indent=2, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
            path.mkdir(parents=True, exist_ok=True)
            for written in sorted(tmp.iterdir()):
                os.replace(written, path / written.name)
        return path

    def provenance_record(self) -> dict:
        """Where these data came from, as written to ``provenance.json``."""
        record = {
            "synthetic": self.synthetic,
            "source": self.source,
            "content_hash": self.content_hash(),
            "asnpolicy_version": package_version(),
        }
        for key in ("seed", "scale"):
            if key in self.truth:
                record[key] = self.truth[key]
        if "reference_year" in self.truth:  # the date synthetic data describe
            record["as_of"] = f"{self.truth['reference_year']}-12-31"
        elif self.provenance.get("as_of"):
            record["as_of"] = self.provenance["as_of"]
        return record


def package_version() -> str:
    try:
        return version("asnpolicy")
    except PackageNotFoundError:
        return "0+unknown"


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection":
#: = + - @, and tab and carriage return, which some programs strip before looking).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if frame[c].dtype == "str" or frame[c].dtype == object]


def _formula_like(values: pd.Series) -> pd.Series:
    """Text cells a spreadsheet would run as a formula."""
    return values.astype("string").str.startswith(FORMULA_STARTS).fillna(False).astype(bool)


def _for_excel(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({c: "object" for c in frame.columns if frame[c].dtype == "str"})


def _sheet(writer: pd.ExcelWriter, frame: pd.DataFrame, name: str) -> None:
    """``frame`` as the sheet ``name``, every text cell stored as text: openpyxl stores a text
    starting with ``=`` as a live formula (``=HYPERLINK(...)``, ``=cmd|...``), so those cells
    are set back to text (reading the file gives the same text back)."""
    _for_excel(frame).to_excel(writer, sheet_name=name, index=False)
    sheet = writer.sheets[name]
    for column in _text_columns(frame):
        position = frame.columns.get_loc(column)
        for row in np.flatnonzero(_formula_like(frame[column]).to_numpy()):  # the few flagged
            sheet.cell(row=int(row) + 2, column=position + 1).data_type = "s"


def _neutralised_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that start like a formula get a leading apostrophe (OWASP's advice for CSV);
    :func:`load_dataset` removes it again."""
    changes = {}
    for column in _text_columns(frame):
        risky = _formula_like(frame[column])
        if risky.any():
            changes[column] = frame[column].mask(risky, "'" + frame[column].astype("string"))
    return frame.assign(**changes) if changes else frame


def _write_table(frame: pd.DataFrame, target: Path, format: str) -> None:
    if format == "csv":
        _neutralised_csv(frame).to_csv(target, index=False, date_format="%Y-%m-%d")
    elif format == "parquet":
        frame.to_parquet(target, index=False)
    else:
        with pd.ExcelWriter(target, engine="openpyxl") as writer:
            _sheet(writer, frame, target.stem)


class staging:
    """A temporary folder beside ``parent``, removed with whatever is left in it (a context
    manager: files are written into it and moved into place only when all are complete)."""

    def __init__(self, parent: Path) -> None:
        self.parent = parent

    def __enter__(self) -> Path:
        self.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=".asnpolicy-", dir=self.parent))
        return self.tmp

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


# ------------------------------------------------------------------------------------------
# Loading
# ------------------------------------------------------------------------------------------


@dataclass
class _Source:
    """One table as found: where, how to number its rows, and the raw frame (or None)."""

    table: str
    file: str
    row_offset: int
    raw: pd.DataFrame | None = None
    decimal_comma: bool = False


def _problem(file: str, table: str, rule: str, *, row=None, column=None, value=None) -> dict:
    return {
        "file": file,
        "table": table,
        "row": row,
        "column": column,
        "rule": rule,
        "value": value,
    }


def _decode(data: bytes, file: str, table: str, encoding: str) -> tuple[str | None, list[dict]]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    try:
        return data.decode(encoding), []
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        rule = (
            f"file is not {encoding} text: byte 0x{data[err.start]:02X} cannot be read (the "
            f"file was probably saved as Latin-1/Windows-1252). Save it as 'CSV UTF-8', or "
            f"load it with encoding='latin-1' (asnpolicy validate --encoding latin-1)"
        )
        return None, [_problem(file, table, rule, row=line)]


def _read_csv(path: Path, table: str, encoding: str) -> tuple[_Source, list[dict]]:
    file = str(path)
    source = _Source(table, file, row_offset=2)
    try:
        data = path.read_bytes()
    except OSError as err:
        return source, [_problem(file, table, f"cannot be read: {err.strerror or err}")]
    if not data.strip():
        return source, [
            _problem(
                file,
                table,
                "file is empty: it needs at least a header row "
                "with the table's columns (see asnpolicy templates)",
            )
        ]
    text, problems = _decode(data, file, table, encoding)
    if text is None:
        return source, problems
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    sep = max((",", ";", "\t"), key=header.count)
    if header.count(sep) >= MAX_COLUMNS:
        return source, [_too_wide(file, table, header.count(sep) + 1)]
    try:
        raw = pd.read_csv(
            StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skipinitialspace=False,
        )
    except pd.errors.ParserError as err:
        match = re.search(r"line (\d+)", str(err))
        row = int(match.group(1)) if match else None
        return source, [_problem(file, table, f"cannot be read as CSV: {err}".strip(), row=row)]
    except pd.errors.EmptyDataError:
        return source, [_problem(file, table, "file has no header row")]
    # pandas renames a repeated header ("sector.1"); keep the names as written so the
    # schema can report the repetition.
    try:
        written = next(csv.reader([header], delimiter=sep))
    except csv.Error:  # a header name longer than the csv module takes: keep pandas' names
        written = []
    if len(written) == raw.shape[1]:
        raw.columns = written
    source.raw = raw
    source.decimal_comma = sep == ";"
    return source, []


def _too_wide(file: str, table: str, n_columns: int) -> dict:
    return _problem(
        file,
        table,
        f"has {n_columns:,} columns; a table of this data model has at most {MAX_COLUMNS} "
        "(see data/README.md for its columns), so the file was not read further",
    )


def _read_parquet(path: Path, table: str) -> tuple[_Source, list[dict]]:
    import pyarrow.parquet as pq

    source = _Source(table, str(path), row_offset=1)
    try:
        n_columns = len(pq.read_schema(path).names)
        if n_columns > MAX_COLUMNS:
            return source, [_too_wide(str(path), table, n_columns)]
        source.raw = pd.read_parquet(path)
    except Exception as err:  # pyarrow raises several types for a damaged file
        return source, [_problem(str(path), table, f"cannot be read as Parquet: {err}")]
    return source, []


def _read_sheets(path: Path, only: str | None = None) -> tuple[list[_Source], list[dict]]:
    """Sheets of a workbook whose names are table names (or the one sheet of ``only``).

    Only those sheets are read, and only when their used range is no wider than
    :data:`MAX_COLUMNS`."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
        try:
            widths = {ws.title: ws.max_column or 0 for ws in book.worksheets}
        finally:
            book.close()
    except Exception as err:  # openpyxl raises several types for a damaged file
        return [], [_problem(str(path), only or "", f"cannot be read as XLSX: {err}")]
    names = list(widths)
    wanted = names[:1] if only is not None else [s for s in names if s.strip().lower() in TABLES]

    def where(sheet: str) -> tuple[str, str]:  # (file as a user sees it, table)
        return f"{path} [sheet {sheet}]", only if only is not None else sheet.strip().lower()

    problems = [_too_wide(*where(s), widths[s]) for s in wanted if widths[s] > MAX_COLUMNS]
    narrow = [s for s in wanted if widths[s] <= MAX_COLUMNS]
    if not narrow:
        return [], problems
    try:  # the narrow sheets in one pass over the workbook
        sheets = pd.read_excel(path, sheet_name=narrow, dtype=object, engine="openpyxl")
    except Exception as err:
        return [], [*problems, _problem(str(path), only or "", f"cannot be read as XLSX: {err}")]
    sources = []
    for sheet, raw in sheets.items():
        file, table = where(sheet)
        if raw.columns.empty:
            problems.append(_problem(file, table, "sheet is empty: it needs a header row"))
            continue
        sources.append(_Source(table, file, row_offset=2, raw=raw))
    return sources, problems


def _not_a_file(file: Path) -> str | None:
    """Why a name that looks like a table file is not one it can read (None: a folder, which
    is not mistaken for a table)."""
    try:
        mode = file.stat().st_mode
    except OSError as err:
        if file.is_symlink():
            loops = err.errno == errno.ELOOP
            return (
                "is a symbolic link that leads back to itself (a loop); point it at the table "
                "file or replace it by the file"
                if loops
                else "is a symbolic link to a file that does not exist; point it at the table "
                "file or replace it by the file"
            )
        return f"cannot be read: {err.strerror or err}"
    if stat.S_ISDIR(mode):
        return None
    kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "not a regular file"
    return f"is {kind}, not a file; save the table as a .csv, .parquet or .xlsx file"


def _find_sources(path: Path, encoding: str) -> tuple[list[_Source], list[dict]]:
    if not path.exists():
        return [], [_problem(str(path), "", "no such file or folder")]
    if path.is_file():
        if path.suffix.lower() != ".xlsx":
            return [], [
                _problem(
                    str(path),
                    "",
                    "a dataset is a folder of table files or one "
                    ".xlsx workbook with a sheet per table",
                )
            ]
        sources, problems = _read_sheets(path)
        if not sources and not problems:
            problems.append(
                _problem(
                    str(path),
                    "",
                    "no sheet is named after a table; sheet "
                    f"names must be among: {', '.join(TABLES)}",
                )
            )
        return sources, problems
    sources, problems = [], []
    by_table: dict[str, list[Path]] = {}
    for file in sorted(path.iterdir()):
        stem = file.stem.strip().lower()
        if stem in TABLES and not file.is_file():
            problem = _not_a_file(file)
            if problem is not None:
                problems.append(_problem(str(file), stem, problem))
            continue
        if stem in TABLES:
            ending = file.suffix.lower()
            if ending in _READ_ENDINGS:
                by_table.setdefault(stem, []).append(file)
            elif ending in _UNSUPPORTED_ENDINGS:
                problems.append(
                    _problem(
                        str(file),
                        stem,
                        f"files ending in {ending} are not "
                        "read; save the table as .csv, .parquet or .xlsx",
                    )
                )
    for table, files in by_table.items():
        if len(files) > 1:
            problems.append(
                _problem(
                    str(path),
                    table,
                    "more than one file holds this table: "
                    + ", ".join(f.name for f in files)
                    + "; keep one",
                )
            )
            continue
        file = files[0]
        kind = _READ_ENDINGS[file.suffix.lower()]
        if kind == "csv":
            source, found = _read_csv(file, table, encoding)
            sources.append(source)
        elif kind == "parquet":
            source, found = _read_parquet(file, table)
            sources.append(source)
        else:
            found_sources, found = _read_sheets(file, only=table)
            sources.extend(found_sources)
        problems.extend(found)
    if not by_table and not problems:
        problems.append(
            _problem(
                str(path),
                "",
                "no table files found; name files after the "
                f"tables ({', '.join(TABLES)}) with .csv, .parquet or .xlsx",
            )
        )
    return sources, problems


def _with_place(found: pd.DataFrame, sources: Mapping[str, _Source]) -> pd.DataFrame:
    """Add the file and the row a user sees (header = row 1) to problems from schema.py."""
    if not len(found):
        return pd.DataFrame(columns=list(PROBLEM_COLUMNS))
    file = found["table"].map({t: s.file for t, s in sources.items()})
    offset = found["table"].map({t: s.row_offset for t, s in sources.items()})
    row = found["row_index"].astype("Int64") + offset.astype("Int64")
    return pd.DataFrame(
        {
            "file": file,
            "table": found["table"],
            "row": row,
            "column": found["column"],
            "rule": found["rule"],
            "value": found["value"],
        }
    )


def load_dataset(
    path: str | os.PathLike,
    region: str | None = None,
    *,
    encoding: str = "utf-8",
    skipped: list[str] | None = None,
) -> Dataset:
    """Read and validate a dataset.

    Parameters
    ----------
    path : path
        A folder with one file per table (``<table>.csv``, ``.parquet`` or ``.xlsx``), or one
        ``.xlsx`` workbook with a sheet per table. Other files and sheets are ignored.
    region : str, optional
        Keep only this region's rows (children follow their parents' ids).
    encoding : str
        Text encoding of CSV files without a byte-order mark (UTF-8 and UTF-16 files with one
        are recognised).
    skipped : list, optional
        When given, receives the cross-table checks that could not run because a referenced
        table is absent.

    Returns
    -------
    Dataset

    Raises
    ------
    DataError
        Listing every problem: file, table, row (header = row 1), column, rule and value.
    ValueError
        When ``region`` is not in the data.

    Examples
    --------
    >>> import tempfile
    >>> folder = write_templates(tempfile.mkdtemp())
    >>> load_dataset(folder).summary()["rows"].sum()
    np.int64(0)
    """
    path = Path(path)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(
            f"Unknown encoding {encoding!r}; use e.g. 'utf-8', 'latin-1' or 'cp1252'."
        ) from None
    sources, read_problems = _find_sources(path, encoding)
    provenance, problems = _read_provenance(path)
    read_problems.extend(problems)
    dataset = _validated(
        {s.table: s for s in sources if s.raw is not None},
        pd.DataFrame(read_problems, columns=list(PROBLEM_COLUMNS)),
        skipped,
        source=str(path),
    )
    dataset.provenance = provenance
    dataset.synthetic = bool(provenance.get("synthetic", False))
    return dataset.for_region(region) if region is not None else dataset


#: The fields of ``provenance.json`` that are read, with the check each must pass and the
#: rule said when it does not. Other fields are kept as they are.
_PROVENANCE_FIELDS = {
    "synthetic": (lambda v: isinstance(v, bool), "must be true or false"),
    "as_of": (lambda v: _iso_date(v), "must be a date written YYYY-MM-DD"),
    "source": (lambda v: isinstance(v, str), "must be text"),
    "content_hash": (lambda v: isinstance(v, str), "must be text"),
    "asnpolicy_version": (lambda v: isinstance(v, str), "must be text"),
    "seed": (lambda v: isinstance(v, int) and not isinstance(v, bool), "must be a whole number"),
    "scale": (
        lambda v: isinstance(v, int | float) and not isinstance(v, bool) and v > 0,
        "must be a number above 0",
    ),
}


def _iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def _read_provenance(path: Path) -> tuple[dict, list[dict]]:
    """``provenance.json`` beside the tables, and the problems of its fields."""
    file = path / PROVENANCE_FILE
    if not path.is_dir() or not (file.exists() or file.is_symlink()):
        return {}, []
    try:
        record = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(record, dict):
            raise ValueError("not an object")
    except (ValueError, UnicodeDecodeError, OSError) as err:
        rule = (
            f"cannot be read as JSON ({err}); delete the file or write it again with Dataset.save"
        )
        return {}, [_problem(str(file), "", rule)]
    problems = [
        _problem(str(file), "", f"field {name} {rule}", value=record[name])
        for name, (valid, rule) in _PROVENANCE_FIELDS.items()
        if name in record and record[name] is not None and not valid(record[name])
    ]
    return (record, []) if not problems else ({}, problems)


def from_tables(
    tables: Mapping[str, pd.DataFrame],
    *,
    source: str = "memory",
    truth: dict | None = None,
    synthetic: bool = False,
) -> Dataset:
    """Validate tables held in memory and return them as a typed :class:`Dataset`.

    The same checks as :func:`load_dataset`; problems name the table and the row (the first
    row being row 1).

    Raises
    ------
    DataError
        Listing every problem.
    """
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise ValueError(f"Unknown table(s) {', '.join(unknown)}; tables: {', '.join(TABLES)}.")
    sources = {
        name: _Source(name, "", row_offset=1, raw=frame.reset_index(drop=True))
        for name, frame in tables.items()
        if frame is not None
    }
    dataset = _validated(sources, pd.DataFrame(columns=list(PROBLEM_COLUMNS)), None, source=source)
    dataset.truth = dict(truth or {})
    dataset.synthetic = synthetic
    return dataset


def _validated(
    by_table: Mapping[str, _Source],
    read_problems: pd.DataFrame,
    skipped: list[str] | None,
    *,
    source: str,
) -> Dataset:
    """Parse and check every table and the references between them; all or nothing."""
    parsed: dict[str, pd.DataFrame] = {}
    found = []
    for table, src in by_table.items():
        frame, problems = validate_table(table, src.raw, decimal_comma=src.decimal_comma)
        src.raw = None  # the typed table replaces it: memory holds one raw table at a time
        parsed[table] = frame
        found.append(problems)
    ordered = {t: parsed[t] for t in TABLES if t in parsed}
    cross, skipped_checks = check_dataset(ordered)
    if skipped is not None:
        skipped.extend(skipped_checks)
    located = [_with_place(p, by_table) for p in (*found, cross) if len(p)]
    all_problems = read_problems
    if located:
        all_problems = pd.concat([read_problems, *located], ignore_index=True)
    if len(all_problems):
        order = {t: i for i, t in enumerate(TABLES)}
        all_problems = all_problems.assign(
            _table=all_problems["table"].map(order), _row=all_problems["row"].astype("Float64")
        ).sort_values(["_table", "file", "_row"], na_position="first", kind="stable")
        raise DataError(all_problems.drop(columns=["_table", "_row"]))
    return Dataset(**ordered, source=source)


TEMPLATE_WORKBOOK = "asnpolicy_templates.xlsx"


def write_templates(out: str | os.PathLike, *, force: bool = False) -> Path:
    """Write empty input templates: one CSV per table and one XLSX workbook.

    The workbook ``asnpolicy_templates.xlsx`` has a sheet per table with its header row and a
    ``data_dictionary`` sheet. Written all or nothing.

    Parameters
    ----------
    out : path
        The folder to write.
    force : bool
        Replace table files in ``out`` that hold rows. Without it such files stop the call
        (empty templates written earlier are replaced: nothing is lost).

    Returns
    -------
    Path
        The folder written.

    Raises
    ------
    FileExistsError
        When ``out`` holds a table file with rows (a filled template, a user's data) and
        ``force`` is False; the message names the files. Nothing is written.
    """
    out = Path(out)
    filled = [f for f in _table_files(out, TEMPLATE_WORKBOOK) if _holds_rows(f)]
    if filled and not force:
        raise FileExistsError(
            f"{out} already holds tables with data ({_names(filled)}); empty templates would "
            "replace them. Write the templates to another folder, or give --force to replace "
            "them."
        )
    with staging(out.parent) as tmp:
        for name in TABLES:
            empty_frame(name).to_csv(tmp / f"{name}.csv", index=False)
        with pd.ExcelWriter(tmp / TEMPLATE_WORKBOOK, engine="openpyxl") as writer:
            for name in TABLES:
                _for_excel(empty_frame(name)).to_excel(writer, sheet_name=name, index=False)
            data_dictionary().to_excel(writer, sheet_name="data_dictionary", index=False)
        out.mkdir(parents=True, exist_ok=True)
        for written in sorted(tmp.iterdir()):
            os.replace(written, out / written.name)
    return out


def ensure_replaceable(folder: str | os.PathLike, *, force: bool = False) -> None:
    """Refuse to write generated (synthetic) tables over tables a person made.

    A folder whose ``provenance.json`` marks it synthetic holds the simulator's own output and
    may be replaced; any other table file in it stops the call unless ``force``.

    Raises
    ------
    FileExistsError
        Naming the table files that would be replaced. Nothing is written.
    """
    folder = Path(folder)
    present = _table_files(folder)
    if not present or force:
        return
    provenance, problems = _read_provenance(folder)
    if provenance.get("synthetic") is True and not problems:
        return
    raise FileExistsError(
        f"{folder} already holds tables that the simulator did not write ({_names(present)}); "
        "synthetic data would replace them. Choose another folder, or give --force to replace "
        "them."
    )


def _table_files(folder: Path, *extra: str) -> list[Path]:
    """Files in ``folder`` that a dataset would read as tables (and the ``extra`` names)."""
    if not folder.is_dir():
        return []
    return [
        f
        for f in sorted(folder.iterdir())
        if f.is_file()
        and (
            f.name in extra
            or (f.stem.strip().lower() in TABLES and f.suffix.lower() in _READ_ENDINGS)
        )
    ]


def _holds_rows(file: Path) -> bool:
    """Whether a table file has any row below its header (unreadable counts as yes)."""
    try:
        ending = file.suffix.lower()
        if ending == ".csv":
            with open(file, "rb") as handle:
                lines = [line for line in handle.read(1 << 16).splitlines() if line.strip()]
            return len(lines) > 1
        if ending in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return pq.read_metadata(file).num_rows > 0
        from openpyxl import load_workbook

        book = load_workbook(file, read_only=True)
        try:
            return any(
                (ws.max_row or 0) > 1 for ws in book.worksheets if ws.title != "data_dictionary"
            )
        finally:
            book.close()
    except Exception:  # a damaged file may still be someone's work
        return True


def _names(files: list[Path]) -> str:
    return ", ".join(f.name for f in files)
