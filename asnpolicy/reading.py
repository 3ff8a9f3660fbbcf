"""Reading table files: find the tables of a folder or a workbook, decode and sniff CSV,
read Parquet and XLSX, and refuse what is not a table file (wrong ending, too wide, not a
regular file) with a problem naming the file, before anything is parsed.

Files and sheets are read as a person fills a workbook: a sheet or file named ``Pegawai``,
``UNIT_KERJA`` or ``employees`` is the table it stands for (:func:`asnpolicy.spellings.table_name`);
one with only a header row, or nothing, is an absent table; trailing rows and header-less
columns left blank are dropped. A sheet with rows whose name is not a table is a problem that
lists the table names (did you mean ...); an empty one, a notes sheet, or a file of a folder
whose name is not a table's is a note (:func:`source_notes`), never silence.

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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from .errors import PROBLEM_COLUMNS
from .schema import TABLES
from .spellings import NOTE_SHEETS, spelling_key, suggest_table, table_name

__all__ = [
    "MAX_COLUMNS",
    "READ_ENDINGS",
    "Source",
    "file_names",
    "file_problem",
    "find_sources",
    "holds_rows",
    "source_notes",
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


def file_problem(
    file: str, table: str, rule: str, *, row=None, column=None, value=None, hint=None
) -> dict:
    """One problem as a record of :data:`asnpolicy.errors.PROBLEM_COLUMNS`."""
    return {
        "file": file,
        "table": table,
        "row": row,
        "column": column,
        "rule": rule,
        "value": value,
        "hint": hint,
    }


def _known_tables() -> str:
    return ", ".join(TABLES)


def _absent_note(file: str, table: str, what: str) -> str:
    return f"{file}: {what}; the table {table} counts as absent"


def _trimmed(raw: pd.DataFrame) -> pd.DataFrame:
    """``raw`` without trailing rows that are blank in every cell and without columns that
    have neither a header nor a value (a spreadsheet's formatted but unused area)."""
    if raw.shape[1] == 0:
        return raw
    headless = [
        c for c in raw.columns if str(c).startswith("Unnamed:") or str(c).strip() in ("", "nan")
    ]
    if headless:
        empty = [c for c in headless if _blank_cells(raw[c]).all()]
        if empty:
            raw = raw.drop(columns=empty)
    if not len(raw) or not _blank_cells(raw.iloc[-1]).all():
        return raw  # the usual case: the last row holds something
    filled = ~raw.apply(_blank_cells).all(axis=1)  # column by column, vectorised
    last = int(filled.to_numpy().nonzero()[0][-1]) + 1 if filled.any() else 0
    return raw.iloc[:last]


def _blank_cells(values: pd.Series) -> pd.Series:
    """Cells that are missing or only spaces."""
    text = values.astype("string").str.strip()
    return (values.isna() | text.eq("")).fillna(True).astype(bool)


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


def _read_csv(path: Path, table: str, encoding: str, notes: list[str]) -> tuple[Source, list[dict]]:
    file = str(path)
    source = Source(table, file, row_offset=2)
    try:
        data = path.read_bytes()
    except OSError as err:
        return source, [file_problem(file, table, f"cannot be read: {err.strerror or err}")]
    if not data.strip():
        notes.append(_absent_note(file, table, "the file is empty"))
        return source, []
    text, problems = _decode(data, file, table, encoding)
    if text is None:
        return source, problems
    if not text.strip("\ufeff \t\r\n\x00"):
        notes.append(_absent_note(file, table, "the file is empty"))
        return source, []
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    sep = max((",", ";", "\t"), key=header.count)
    if header.count(sep) >= MAX_COLUMNS:
        return source, [_too_wide(file, table, header.count(sep) + 1)]
    try:
        raw = _plain_csv(text, sep, header)
        if raw is None:
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
    raw = _trimmed(raw)
    if not len(raw):
        notes.append(_absent_note(file, table, "the file has a header row and no rows below it"))
        return source, []
    source.raw = raw
    source.decimal_comma = sep == ";"
    return source, []


def _plain_csv(text: str, sep: str, header: str) -> pd.DataFrame | None:
    """The cells of a CSV without quotes, as ``pd.read_csv(dtype=str)`` reads them (empty
    cells missing, blank lines skipped), by Arrow's reader: two to three times as fast.

    None (read it with pandas) when the file has a quote, a NUL, lines ended by a lone ``\\r``
    or a single column (pandas skips lines of spaces, which are cells of a single column to
    Arrow), when its first line is not the header, and when Arrow refuses it (a row with more
    or fewer cells than the header: pandas fills or refuses those, and says where)."""
    if (
        sep not in header
        or len(header) >= csv.field_size_limit()  # keep pandas' names (see _read_csv)
        or '"' in text
        or "\x00" in text
        or text.count("\r") != text.count("\r\n")  # pandas shifts cells after a blank \r line
        or text[len(header) : len(header) + 1] not in ("\r", "\n", "")
        or not text.startswith(header)
    ):
        return None
    names = [f"c{i}" for i in range(header.count(sep) + 1)]
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, use_threads=False),
            parse_options=pa_csv.ParseOptions(delimiter=sep, quote_char=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                null_values=[""],
                strings_can_be_null=True,
            ),
        )
    except (pa.ArrowException, UnicodeEncodeError):
        return None
    raw = table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype(na_value=np.nan)}.get)
    raw.columns = header.split(sep)
    return raw


def _too_wide(file: str, table: str, n_columns: int) -> dict:
    return file_problem(
        file,
        table,
        f"has {n_columns:,} columns; a table of this data model has at most {MAX_COLUMNS} "
        "(see data/README.md for its columns), so the file was not read further",
    )


def _read_parquet(path: Path, table: str, notes: list[str]) -> tuple[Source, list[dict]]:
    import pyarrow.parquet as pq

    source = Source(table, str(path), row_offset=1)
    try:
        n_columns = len(pq.read_schema(path).names)
        if n_columns > MAX_COLUMNS:
            return source, [_too_wide(str(path), table, n_columns)]
        raw = pd.read_parquet(path)
    except Exception as err:  # pyarrow raises several types for a damaged file
        return source, [file_problem(str(path), table, f"cannot be read as Parquet: {err}")]
    if not len(raw):
        notes.append(_absent_note(str(path), table, "the file has no rows"))
        return source, []
    source.raw = raw
    return source, []


def _sheet_holds_rows(ws) -> bool:
    """Whether a sheet (read-only openpyxl) has a value below its first row; stops at the
    first one found."""
    for row in ws.iter_rows(min_row=2, values_only=True):
        if any(v is not None and str(v).strip() != "" for v in row):
            return True
    return False


def _sheet_problem(path: Path, sheet: str) -> dict:
    close = suggest_table(sheet)
    hint = f"did you mean '{close}'?" if close else None
    return file_problem(
        f"{path} [sheet {sheet}]",
        "",
        "sheet holds rows but its name is not a table's, so it would not be read: rename it "
        f"to the table it holds ({_known_tables()}, or an accepted name of data/README.md) or "
        "move it out of the workbook",
        value=sheet,
        hint=hint,
    )


def _read_sheets(
    path: Path, notes: list[str], only: str | None = None
) -> tuple[list[Source], list[dict], bool]:
    """Sheets of a workbook whose names are tables (or the one sheet of ``only``).

    Only those sheets are read, and only when their used range is no wider than
    :data:`MAX_COLUMNS`. Returns the sources with rows, the problems, and whether any sheet
    is named after a table."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
        try:
            widths = {ws.title: ws.max_column or 0 for ws in book.worksheets}
            names = list(widths)
            tables = (
                {names[0]: only}
                if only is not None and names
                else {s: table_name(s) for s in names}
            )
            others = [s for s in names if tables.get(s) is None]
            unknown = [s for s in others if spelling_key(s) not in NOTE_SHEETS]
            filled = {s for s in unknown if _sheet_holds_rows(book[s])} if only is None else set()
        finally:
            book.close()
    except Exception as err:  # openpyxl raises several types for a damaged file
        return [], [file_problem(str(path), only or "", f"cannot be read as XLSX: {err}")], False
    problems = []
    if only is None:
        for sheet in others:
            if sheet in filled:
                problems.append(_sheet_problem(path, sheet))
            elif sheet in unknown:
                notes.append(f"{path} [sheet {sheet}]: not a table and empty; not read")
            else:
                notes.append(f"{path} [sheet {sheet}]: notes, not read")
    by_table: dict[str, list[str]] = {}
    for sheet, table in tables.items():
        if table is not None:
            by_table.setdefault(table, []).append(sheet)
    wanted = []
    for table, sheets in by_table.items():
        if len(sheets) > 1:
            problems.append(
                file_problem(
                    str(path),
                    table,
                    "more than one sheet holds this table: "
                    + ", ".join(sheets)
                    + "; keep one (sheet names are matched without regard to case, and by "
                    "their Indonesian names)",
                )
            )
        else:
            wanted.append(sheets[0])

    def where(sheet: str) -> tuple[str, str]:  # (file as a user sees it, table)
        return f"{path} [sheet {sheet}]", tables[sheet]

    problems += [_too_wide(*where(s), widths[s]) for s in wanted if widths[s] > MAX_COLUMNS]
    narrow = [s for s in wanted if widths[s] <= MAX_COLUMNS]
    if not narrow:
        return [], problems, bool(by_table)
    try:  # the narrow sheets in one pass over the workbook
        sheets = pd.read_excel(path, sheet_name=narrow, dtype=object, engine="openpyxl")
    except Exception as err:
        return (
            [],
            [*problems, file_problem(str(path), only or "", f"cannot be read as XLSX: {err}")],
            True,
        )
    sources = []
    for sheet, raw in sheets.items():
        file, table = where(sheet)
        raw = _trimmed(raw)
        if raw.columns.empty:
            notes.append(_absent_note(file, table, "the sheet is empty"))
            continue
        if not len(raw):
            notes.append(_absent_note(file, table, "the sheet has a header row and no rows"))
            continue
        sources.append(Source(table, file, row_offset=2, raw=raw))
    return sources, problems, True


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


def find_sources(
    path: Path, encoding: str, *, notes: list[str] | None = None
) -> tuple[list[Source], list[dict]]:
    """The tables of a folder of table files or of one workbook, read raw, and the problems
    of reading them (no such file, unsupported ending, two files for one table, a sheet with
    rows that is not a table, ...).

    Parameters
    ----------
    path : Path
        A folder or an ``.xlsx`` workbook.
    encoding : str
        Encoding of CSV files without a byte-order mark.
    notes : list of str, optional
        Receives what was not read and why (an empty table, a notes sheet, a file whose name
        is not a table's): not problems, but worth saying.

    Returns
    -------
    sources : list of Source
        The tables with rows (an empty file or sheet is an absent table).
    problems : list of dict
        Records of :data:`asnpolicy.errors.PROBLEM_COLUMNS`.
    """
    notes = [] if notes is None else notes
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
        sources, problems, any_table = _read_sheets(path, notes)
        if not any_table and not problems:
            problems.append(
                file_problem(
                    str(path),
                    "",
                    "no sheet is named after a table; sheet "
                    f"names must be among: {_known_tables()} (or an accepted name of "
                    "data/README.md)",
                )
            )
        return sources, problems
    by_table, problems = _folder_tables(path, notes)
    sources = []
    for table, files in by_table.items():
        if len(files) > 1:
            problems.append(
                file_problem(
                    str(path),
                    table,
                    f"more than one file holds this table: {file_names(files)}; keep one "
                    "(file names are matched without regard to case, and by their Indonesian "
                    "names)",
                )
            )
            continue
        file = files[0]
        kind = READ_ENDINGS[file.suffix.lower()]
        if kind == "csv":
            source, found = _read_csv(file, table, encoding, notes)
            sources.append(source)
        elif kind == "parquet":
            source, found = _read_parquet(file, table, notes)
            sources.append(source)
        else:
            found_sources, found, _ = _read_sheets(file, notes, only=table)
            sources.extend(found_sources)
        problems.extend(found)
    if not by_table and not problems:
        problems.append(
            file_problem(
                str(path),
                "",
                "no table files found; name files after the "
                f"tables ({_known_tables()}) with .csv, .parquet or .xlsx",
            )
        )
    return sources, problems


def _folder_tables(path: Path, notes: list[str]) -> tuple[dict[str, list[Path]], list[dict]]:
    """The table files of a folder by table, the problems of its table-like files, and notes
    on the files it does not read."""
    problems: list[dict] = []
    by_table: dict[str, list[Path]] = {}
    for file in sorted(path.iterdir()):
        if file.name.startswith((".", "~$")):  # hidden files, a spreadsheet's lock file
            continue
        table = table_name(file.stem)
        ending = file.suffix.lower()
        if table is not None and not file.is_file():
            problem = _not_a_file(file)
            if problem is not None:
                problems.append(file_problem(str(file), table, problem))
            continue
        if table is not None:
            if ending in READ_ENDINGS:
                by_table.setdefault(table, []).append(file)
            elif ending in _UNSUPPORTED_ENDINGS:
                problems.append(
                    file_problem(
                        str(file),
                        table,
                        f"files ending in {ending} are not "
                        "read; save the table as .csv, .parquet or .xlsx",
                    )
                )
            continue
        if ending not in READ_ENDINGS or not file.is_file():
            continue
        close = suggest_table(file.stem)
        if close is not None and holds_rows(file):
            problems.append(
                file_problem(
                    str(file),
                    "",
                    "file holds rows but its name is not a table's, so it would not be read: "
                    f"rename it after the table it holds ({_known_tables()})",
                    value=file.name,
                    hint=f"did you mean '{close}'?",
                )
            )
        else:
            notes.append(f"{file}: not read (its name is not a table's; tables: {_known_tables()})")
    return by_table, problems


def source_notes(path: str | Path, encoding: str = "utf-8") -> list[str]:
    """What loading ``path`` does not read, and why, without parsing any table.

    The same notes :func:`find_sources` gives: an empty file or sheet (an absent table), a
    notes sheet, an empty sheet that is not a table, a file whose name is not a table's.
    Problems are not repeated here (loading reports them).

    Parameters
    ----------
    path : path
        A folder or an ``.xlsx`` workbook.
    encoding : str
        Unused; kept for the same call as :func:`find_sources`.

    Returns
    -------
    list of str
    """
    path = Path(path)
    notes: list[str] = []
    if not path.exists():
        return notes
    if path.is_file():
        if path.suffix.lower() == ".xlsx":
            _sheet_notes(path, notes, only=None)
        return notes
    by_table, _ = _folder_tables(path, notes)
    for table, files in by_table.items():
        if len(files) == 1 and not holds_rows(files[0]):
            what = "the file is empty or has only a header row"
            if files[0].suffix.lower() == ".xlsx":
                _sheet_notes(files[0], notes, only=table)
            else:
                notes.append(_absent_note(str(files[0]), table, what))
    return notes


def _sheet_notes(path: Path, notes: list[str], only: str | None) -> None:
    """Notes on the sheets of a workbook, from its first rows only."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # loading reports it
        return
    try:
        names = book.sheetnames[:1] if only is not None else book.sheetnames
        seen: dict[str, int] = {}
        for sheet in names:
            table = only or table_name(sheet)
            if table is not None:
                seen[table] = seen.get(table, 0) + 1
        for sheet in names:
            file = f"{path} [sheet {sheet}]"
            table = only or table_name(sheet)
            if table is None:
                if spelling_key(sheet) in NOTE_SHEETS:
                    notes.append(f"{file}: notes, not read")
                elif not _sheet_holds_rows(book[sheet]):
                    notes.append(f"{file}: not a table and empty; not read")
            elif seen[table] == 1 and not _sheet_holds_rows(book[sheet]):
                notes.append(_absent_note(file, table, "the sheet has no rows"))
    finally:
        book.close()


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
            "hint": found["hint"] if "hint" in found else None,
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
            f.name in extra or (table_name(f.stem) is not None and f.suffix.lower() in READ_ENDINGS)
        )
    ]


def holds_rows(file: Path) -> bool:
    """Whether a table file has any row below its header (unreadable counts as yes)."""
    try:
        kind = READ_ENDINGS.get(file.suffix.lower())
        if kind == "csv":
            with open(file, "rb") as handle:
                lines = [
                    line
                    for line in handle.read(1 << 16).splitlines()
                    if line.strip(b" \t\r,;\"'\xef\xbb\xbf\x00")
                ]
            return len(lines) > 1
        if kind == "parquet":
            import pyarrow.parquet as pq

            return pq.read_metadata(file).num_rows > 0
        from openpyxl import load_workbook

        book = load_workbook(file, read_only=True)
        try:
            return any(
                _sheet_holds_rows(ws)
                for ws in book.worksheets
                if spelling_key(ws.title) not in NOTE_SHEETS
            )
        finally:
            book.close()
    except Exception:  # a damaged file may still be someone's work
        return True


def file_names(files: list[Path]) -> str:
    """The files' names, for a message."""
    return ", ".join(f.name for f in files)
