"""The mapping workbook: questions written with dropdowns, answers read back."""

from __future__ import annotations

import openpyxl
import pandas as pd

from asnpolicy.imports.mapping import MappingBook, sector_words


def _units() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["A1", "B2"],
            "source_name": ["Dinas Kesehatan", "Dinas Pendidikan"],
            "unit_id": ["A1", "B2"],
        }
    )


def test_questions_are_written_with_dropdowns_and_answers_read_back(tmp_path):
    book = MappingBook()
    book.offer("unit_skm", "unit_id", ["A1", "B2"])
    asked = book.ask("unit", _units())
    assert asked["sector"].isna().all() and book.open_questions() == {"unit": 2}
    book.ask("unit_skm", pd.DataFrame({"source_name": ["Puskesmas X"]}))
    path = book.write(tmp_path / "pemetaan.xlsx")
    wb = openpyxl.load_workbook(path)
    assert {"petunjuk", "pilihan", "unit", "unit_skm"} <= set(wb.sheetnames)
    assert wb["pilihan"].sheet_state == "hidden"
    rules = [str(r.sqref) for r in wb["unit"].data_validations.dataValidation]
    assert sorted(rules) == ["D2:D3", "E2:E3"]  # sector and front_line
    words = [c.value for c in next(wb["pilihan"].iter_cols(min_row=2)) if c.value]
    assert set(words) <= set(sector_words()) | {"ya", "tidak", "A1", "B2"} | {
        f"u{i}" for i in range(1, 10)
    }
    ws = wb["unit"]
    ws["D2"], ws["E2"] = "kesehatan", "ya"
    ws["D3"], ws["E3"] = "pendidikan", "tidak"
    wb["unit_skm"]["B2"] = "A1"
    wb.save(path)
    again = MappingBook.read(path)
    answered = again.ask("unit", _units())
    assert answered["sector"].tolist() == ["health", "education"]
    assert answered["front_line"].tolist() == [True, False]
    assert (
        again.ask("unit_skm", pd.DataFrame({"source_name": ["puskesmas x "]}))["unit_id"][0] == "A1"
    )
    assert again.open_questions() == {}


def test_an_answer_in_the_workbook_wins_over_the_prefill_and_is_kept_on_rewrite(tmp_path):
    book = MappingBook(
        {
            "jabatan_abk": pd.DataFrame(
                {"abk_unit": ["Dinas A"], "abk_jabatan": ["Analis"], "position_id": ["p9"]}
            )
        }
    )
    rows = pd.DataFrame(
        {
            "abk_unit": ["Dinas A", "Dinas B"],
            "abk_jabatan": ["Analis", "Pengadministrasi"],
            "position_id": ["p1", "p2"],
        }
    )
    out = book.ask("jabatan_abk", rows)
    assert out["position_id"].tolist() == ["p9", "p2"]
    book.write(tmp_path / "m.xlsx")
    again = pd.read_excel(
        tmp_path / "m.xlsx", sheet_name="jabatan_abk", dtype=str, engine="calamine"
    )
    assert again["position_id"].tolist() == ["p9", "p2"]
