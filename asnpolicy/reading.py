"""Reading table files: find the tables of a folder or a workbook, decode and sniff CSV,
read Parquet and XLSX, and refuse what is not a table file (wrong ending, too wide, not a
regular file) with a problem naming the file, before anything is parsed.

The raw frames go on to :mod:`asnpolicy.validation`; :func:`asnpolicy.io.load_dataset` ties
the two together.
"""

from __future__ import annotations

import csv
import errno
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pandas as pd

from .errors import PROBLEM_COLUMNS
from .schema import TABLES

__all__ = [
    "MAX_COLUMNS",
    "READ_ENDINGS",
    "Source",
    "file_names",
    "file_problem",
    "find_sources",
    "holds_rows",
    "table_files",
    "with_place",
]


#: File endings read as tables, by format name.
READ_ENDINGS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".xlsx": "xlsx"}
#: Endings of files a person may have saved a table as, which are refused with a message.
_UNSUPPORTED_ENDINGS = {".xls", ".ods", ".json", ".txt", ".tsv", ".sav", ".dta"}
#: Most columns a table file may have. The widest table has about forty; a file with far more
#: is not a table of this data model, and parsing a hostile header of a million columns would
#: take minutes and gigabytes before saying so.
MAX_COLUMNS = 500


@dataclass
class Source:
    """One table as found: where, how to number its rows, and the raw frame (or None)."""

    table: str
    file: str
    row_offset: int
    raw: pd.DataFrame | None = None
    decimal_comma: bool = False


def file_problem(file: str, table: str, rule: str, *, row=None, column=None, value=None) -> dict:
    """One problem as a record of :data:`asnpolicy.errors.PROBLEM_COLUMNS`."""
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
        return None, [file_problem(file, table, rule, row=line)]


def _read_csv(path: Path, table: str, encoding: str) -> tuple[Source, list[dict]]:
    file = str(path)
    source = Source(table, file, row_offset=2)
    try:
        data = path.read_bytes()
    except OSError as err:
        return source, [file_problem(file, table, f"cannot be read: {err.strerror or err}")]
    if not data.strip():
        return source, [
            file_problem(
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
        return source, [file_problem(file, table, f"cannot be read as CSV: {err}".strip(), row=row)]
    except pd.errors.EmptyDataError:
        return source, [file_problem(file, table, "file has no header row")]
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
    return file_problem(
        file,
        table,
        f"has {n_columns:,} columns; a table of this data model has at most {MAX_COLUMNS} "
        "(see data/README.md for its columns), so the file was not read further",
    )


def _read_parquet(path: Path, table: str) -> tuple[Source, list[dict]]:
    import pyarrow.parquet as pq

    source = Source(table, str(path), row_offset=1)
    try:
        n_columns = len(pq.read_schema(path).names)
        if n_columns > MAX_COLUMNS:
            return source, [_too_wide(str(path), table, n_columns)]
        source.raw = pd.read_parquet(path)
    except Exception as err:  # pyarrow raises several types for a damaged file
        return source, [file_problem(str(path), table, f"cannot be read as Parquet: {err}")]
    return source, []


def _read_sheets(path: Path, only: str | None = None) -> tuple[list[Source], list[dict]]:
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
        return [], [file_problem(str(path), only or "", f"cannot be read as XLSX: {err}")]
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
        return [], [
            *problems,
            file_problem(str(path), only or "", f"cannot be read as XLSX: {err}"),
        ]
    sources = []
    for sheet, raw in sheets.items():
        file, table = where(sheet)
        if raw.columns.empty:
            problems.append(file_problem(file, table, "sheet is empty: it needs a header row"))
            continue
        sources.append(Source(table, file, row_offset=2, raw=raw))
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


def find_sources(path: Path, encoding: str) -> tuple[list[Source], list[dict]]:
    """The tables of a folder of table files or of one workbook, read raw, and the problems
    of reading them (no such file, unsupported ending, two files for one table, ...)."""
    if not path.exists():
        return [], [file_problem(str(path), "", "no such file or folder")]
    if path.is_file():
        if path.suffix.lower() != ".xlsx":
            return [], [
                file_problem(
                    str(path),
                    "",
                    "a dataset is a folder of table files or one "
                    ".xlsx workbook with a sheet per table",
                )
            ]
        sources, problems = _read_sheets(path)
        if not sources and not problems:
            problems.append(
                file_problem(
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
                problems.append(file_problem(str(file), stem, problem))
            continue
        if stem in TABLES:
            ending = file.suffix.lower()
            if ending in READ_ENDINGS:
                by_table.setdefault(stem, []).append(file)
            elif ending in _UNSUPPORTED_ENDINGS:
                problems.append(
                    file_problem(
                        str(file),
                        stem,
                        f"files ending in {ending} are not "
                        "read; save the table as .csv, .parquet or .xlsx",
                    )
                )
    for table, files in by_table.items():
        if len(files) > 1:
            problems.append(
                file_problem(
                    str(path),
                    table,
                    f"more than one file holds this table: {file_names(files)}; keep one",
                )
            )
            continue
        file = files[0]
        kind = READ_ENDINGS[file.suffix.lower()]
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
            file_problem(
                str(path),
                "",
                "no table files found; name files after the "
                f"tables ({', '.join(TABLES)}) with .csv, .parquet or .xlsx",
            )
        )
    return sources, problems


def with_place(found: pd.DataFrame, sources: Mapping[str, Source]) -> pd.DataFrame:
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


def table_files(folder: Path, *extra: str) -> list[Path]:
    """Files in ``folder`` that a dataset would read as tables (and the ``extra`` names)."""
    if not folder.is_dir():
        return []
    return [
        f
        for f in sorted(folder.iterdir())
        if f.is_file()
        and (
            f.name in extra
            or (f.stem.strip().lower() in TABLES and f.suffix.lower() in READ_ENDINGS)
        )
    ]


def holds_rows(file: Path) -> bool:
    """Whether a table file has any row below its header (unreadable counts as yes)."""
    try:
        kind = READ_ENDINGS.get(file.suffix.lower())
        if kind == "csv":
            with open(file, "rb") as handle:
                lines = [line for line in handle.read(1 << 16).splitlines() if line.strip()]
            return len(lines) > 1
        if kind == "parquet":
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


def file_names(files: list[Path]) -> str:
    """The files' names, for a message."""
    return ", ".join(f.name for f in files)
