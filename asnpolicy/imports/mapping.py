"""The mapping workbook: what no export says, asked once of the analyst.

No system holds a unit's sector or whether it serves citizens directly; an ABK jabatan, a
formasi's jabatan and an SKM unit name must be matched to the ids SIASN gives
(``shared/reference/real-exports.md`` A0, A9). An importer asks these questions through
:meth:`MappingBook.ask`; ``asnpolicy import`` writes the open questions into a workbook
pre-filled with what it could match, with dropdowns of the allowed answers, and reads the
completed workbook back with ``--map``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..schema import SECTORS
from ..spellings import VALUE_ALIASES, canonical_values

__all__ = ["SHEETS", "MappingBook", "MappingSheet", "sector_words"]


@dataclass(frozen=True)
class MappingSheet:
    """One sheet of the workbook: the columns that identify a row (from the exports), the
    answers the analyst gives, and a sentence saying what to do (Indonesian, English)."""

    name: str
    keys: tuple[str, ...]
    answers: tuple[str, ...]
    info: tuple[str, ...] = ()
    help_id: str = ""
    help_en: str = ""


def sector_words() -> list[str]:
    """The sectors as an Indonesian analyst writes them (the first Indonesian spelling the
    loader accepts), in the schema's order."""
    return [(VALUE_ALIASES.get(s) or (s,))[0] for s in SECTORS]


SHEETS: dict[str, MappingSheet] = {
    s.name: s
    for s in (
        MappingSheet(
            "wilayah",
            ("region_id",),
            ("name", "kind", "province", "kode_wilayah"),
            help_id="Nama, jenis (kabupaten/kota), provinsi dan kode wilayah Kemendagri daerah "
            "Anda (mis. 15.02).",
            help_en="Your region's name, kind (kabupaten/kota), province and Kemendagri code "
            "(e.g. 15.02).",
        ),
        MappingSheet(
            "unit",
            ("source_id",),
            ("unit_id", "sector", "front_line"),
            info=("source_name",),
            help_id="Untuk setiap OPD: sektor (pilih dari daftar) dan apakah melayani warga "
            "langsung (ya/tidak). Tidak ada sistem yang mencatat keduanya.",
            help_en="For each unit: its sector (pick from the list) and whether it serves "
            "citizens directly (ya/tidak). No system records either.",
        ),
        MappingSheet(
            "jabatan_abk",
            ("abk_unit", "abk_jabatan"),
            ("position_id",),
            help_id="Jabatan di berkas ABK yang namanya tidak sama persis dengan jabatan SIASN: "
            "pilih position_id yang sesuai.",
            help_en="ABK positions whose names do not match a SIASN position exactly: pick the "
            "matching position_id.",
        ),
        MappingSheet(
            "jabatan_formasi",
            ("year", "jabatan_kode", "jabatan_nama", "lokasi"),
            ("position_id",),
            help_id="Jabatan formasi SSCASN: pilih position_id jabatan yang diisi.",
            help_en="SSCASN formasi positions: pick the position_id filled.",
        ),
        MappingSheet(
            "unit_skm",
            ("source_name",),
            ("unit_id",),
            help_id="Nama unit pada berkas SKM: pilih unit_id OPD yang disurvei.",
            help_en="Unit names in the SKM files: pick the unit_id of the unit surveyed.",
        ),
        MappingSheet(
            "elemen_skm",
            ("source_file", "column"),
            ("element",),
            help_id="Kolom jawaban SKM: unsur PermenPANRB 14/2017 yang diukur (u1 persyaratan "
            "... u9). Periksa U8/U9: sebagian aplikasi menukar keduanya.",
            help_en="SKM answer columns: the PermenPANRB 14/2017 element each measures (u1 "
            "requirements ... u9). Check U8/U9: some apps swap them.",
        ),
    )
}

_TEXT = {"ya": True, "tidak": False, "yes": True, "no": False, "true": True, "false": False}


def _key_text(frame: pd.DataFrame, keys: Sequence[str]) -> pd.Series:
    parts = [
        frame[k].astype("str").where(frame[k].notna(), "").str.strip().str.lower() for k in keys
    ]
    out = parts[0]
    for part in parts[1:]:
        out = out + "\x1f" + part
    return out


class MappingBook:
    """The analyst's answers (read from ``--map``) and the questions asked in this import.

    Examples
    --------
    >>> book = MappingBook()
    >>> rows = pd.DataFrame({"source_name": ["Dinas A"], "unit_id": [None]})
    >>> book.ask("unit_skm", rows)["unit_id"].isna().tolist(), book.open_questions()
    ([True], {'unit_skm': 1})
    """

    def __init__(self, answers: dict[str, pd.DataFrame] | None = None) -> None:
        self.answers = {k: v for k, v in (answers or {}).items() if k in SHEETS}
        self.asked: dict[str, pd.DataFrame] = {}
        self.choices: dict[tuple[str, str], list[str]] = {}

    @classmethod
    def read(cls, path: str | Path) -> MappingBook:
        """Answers from a workbook this module wrote (sheets it does not know are ignored)."""
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, engine="calamine")
        return cls({name: frame for name, frame in sheets.items() if name in SHEETS})

    def offer(self, sheet: str, column: str, values: Sequence[str]) -> None:
        """The answers a dropdown offers for ``sheet.column`` (e.g. the unit ids)."""
        self.choices[(sheet, column)] = sorted({str(v) for v in values if pd.notna(v)})

    def ask(self, sheet: str, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` with the analyst's answers.

        Parameters
        ----------
        sheet : str
            One of :data:`SHEETS`.
        rows : DataFrame
            The sheet's key columns, optionally its info columns, and the answer columns
            pre-filled where the importer could match (missing elsewhere).

        Returns
        -------
        DataFrame
            ``rows`` (same index) with every answer column; an answer in the ``--map``
            workbook replaces the pre-fill. Sector words are read as the loader reads them
            (``kesehatan`` -> ``health``) and ``front_line`` becomes True/False.
        """
        spec = SHEETS[sheet]
        out = rows.copy()
        for column in (*spec.answers, *spec.info):
            if column not in out:
                out[column] = pd.NA
        out[list(spec.answers)] = out[list(spec.answers)].astype("object")
        given = self.answers.get(sheet)
        if given is not None and all(k in given for k in spec.keys):
            given = given.assign(_key=_key_text(given, spec.keys)).drop_duplicates(
                "_key", keep="last"
            )
            key = _key_text(out, spec.keys)
            for column in spec.answers:
                if column not in given:
                    continue
                answer = key.map(given.set_index("_key")[column])
                out[column] = answer.where(answer.notna(), out[column])
        if "sector" in out:
            out["sector"] = canonical_values("units", "sector", out["sector"].astype("str"))
        if "front_line" in out:
            out["front_line"] = (
                out["front_line"].astype("str").str.strip().str.lower().map(_TEXT)
            ).astype("boolean")
        remembered = out[[*spec.keys, *spec.info, *spec.answers]]
        previous = self.asked.get(sheet)
        if previous is not None:
            remembered = pd.concat([previous, remembered], ignore_index=True)
        self.asked[sheet] = remembered.drop_duplicates(list(spec.keys), keep="last")
        return out

    def keep(self, sheet: str, frame: pd.DataFrame) -> None:
        """Carry the rows of an earlier workbook's sheet that this import did not ask again."""
        spec = SHEETS.get(sheet)
        if spec is None or not all(k in frame for k in spec.keys):
            return
        asked = self.asked.get(sheet)
        if asked is not None:
            frame = frame[~_key_text(frame, spec.keys).isin(_key_text(asked, spec.keys))]
        if len(frame):
            self.ask(sheet, frame)

    def open_questions(self) -> dict[str, int]:
        """Sheet -> rows still without an answer."""
        counts = {}
        for sheet, frame in self.asked.items():
            missing = frame[list(SHEETS[sheet].answers)].isna().any(axis=1).sum()
            if missing:
                counts[sheet] = int(missing)
        return counts

    def write(self, path: str | Path, *, lang: str = "id") -> Path:
        """The workbook of every question asked, answered ones included (so a rerun keeps
        them), with a first sheet of instructions and dropdowns of the allowed answers."""
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill
        from openpyxl.worksheet.datavalidation import DataValidation

        path = Path(path)
        book = Workbook()
        guide = book.active
        guide.title = "petunjuk" if lang == "id" else "guide"
        guide.append(
            [
                "Isi sel yang kosong, simpan, lalu jalankan lagi perintah impor dengan "
                "--map BERKAS_INI."
                if lang == "id"
                else "Fill the empty cells, save, and run the import again with --map THIS_FILE."
            ]
        )
        choices = book.create_sheet("pilihan")
        choices.sheet_state = "hidden"
        lists = dict(self.choices)
        lists[("unit", "sector")] = sector_words()
        lists[("unit", "front_line")] = ["ya", "tidak"]
        lists[("elemen_skm", "element")] = [f"u{i}" for i in range(1, 10)]
        lists[("wilayah", "kind")] = ["kabupaten", "kota", "provinsi", "kecamatan"]
        ranges = {}
        for col, ((sheet, column), values) in enumerate(sorted(lists.items()), start=1):
            letter = choices.cell(row=1, column=col).column_letter
            choices.cell(row=1, column=col, value=f"{sheet}.{column}")
            for row, value in enumerate(values, start=2):
                choices.cell(row=row, column=col, value=value)
            ranges[(sheet, column)] = f"pilihan!${letter}$2:${letter}${max(len(values) + 1, 2)}"
        fill = PatternFill("solid", fgColor="FFF2CC")
        for sheet, frame in self.asked.items():
            spec = SHEETS[sheet]
            guide.append([sheet, spec.help_id if lang == "id" else spec.help_en])
            ws = book.create_sheet(sheet)
            columns = [*spec.keys, *spec.info, *spec.answers]
            ws.append(columns)
            for cell in ws[1]:
                cell.font = Font(bold=True)
            shown = frame[columns].copy()
            if "sector" in shown:
                words = dict(zip(SECTORS, sector_words(), strict=True))
                shown["sector"] = shown["sector"].map(words)
            if "front_line" in shown:
                shown["front_line"] = shown["front_line"].map({True: "ya", False: "tidak"})
            for values in shown.astype("object").itertuples(index=False):
                ws.append([None if pd.isna(v) else v for v in values])
            last = len(shown) + 1
            for j, column in enumerate(columns, start=1):
                letter = ws.cell(row=1, column=j).column_letter
                ws.column_dimensions[letter].width = 28
                if column in spec.answers:
                    for row in range(2, last + 1):
                        ws.cell(row=row, column=j).fill = fill
                    if (sheet, column) in ranges:
                        rule = DataValidation(
                            type="list", formula1=ranges[(sheet, column)], allow_blank=True
                        )
                        ws.add_data_validation(rule)
                        rule.add(f"{letter}2:{letter}{max(last, 2)}")
        guide.column_dimensions["A"].width = 18
        guide.column_dimensions["B"].width = 110
        book.save(path)
        return path
