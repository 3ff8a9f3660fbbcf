"""Writing table files safely: all or nothing through a staging folder, text that a
spreadsheet would run as a formula stored as text, and the empty input templates.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from .reading import file_names, holds_rows, table_files
from .schema import TABLES, data_dictionary, empty_frame

__all__ = [
    "FORMULA_STARTS",
    "TEMPLATE_WORKBOOK",
    "staging",
    "write_sheet",
    "write_table",
    "write_templates",
]


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection":
#: = + - @, and tab and carriage return, which some programs strip before looking).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if frame[c].dtype == "str" or frame[c].dtype == object]


def _formula_like(values: pd.Series) -> pd.Series:
    """Text cells a spreadsheet would run as a formula (a number in a column of mixed
    values, such as -0.04 beside a "<5", is a number, not text)."""
    starts = values.astype("string").str.startswith(FORMULA_STARTS).fillna(False)
    flagged = starts.to_numpy(dtype=bool, copy=True)
    candidates = np.flatnonzero(flagged)  # the few cells that start like one
    flagged[candidates] = [isinstance(v, str) for v in values.iloc[candidates]]
    return pd.Series(flagged, index=values.index)


def _for_excel(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its Arrow text columns as objects, which openpyxl can write."""
    return frame.astype({c: "object" for c in frame.columns if frame[c].dtype == "str"})


def write_sheet(writer: pd.ExcelWriter, frame: pd.DataFrame, name: str) -> None:
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


def write_table(frame: pd.DataFrame, target: Path, format: str) -> None:
    """``frame`` as one file ``target`` in ``format`` (csv, parquet or xlsx), formula-like
    text neutralised."""
    if format == "csv":
        _neutralised_csv(frame).to_csv(target, index=False, date_format="%Y-%m-%d")
    elif format == "parquet":
        frame.to_parquet(target, index=False)
    else:
        with pd.ExcelWriter(target, engine="openpyxl") as writer:
            write_sheet(writer, frame, target.stem)


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
    filled = [f for f in table_files(out, TEMPLATE_WORKBOOK) if holds_rows(f)]
    if filled and not force:
        raise FileExistsError(
            f"{out} already holds tables with data ({file_names(filled)}); empty templates would "
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
