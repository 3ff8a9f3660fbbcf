"""Reading export files as written: separators, BOM, apostrophes, titles, xls, bad files."""

from __future__ import annotations

import pandas as pd
import pytest

from asnpolicy.imports.rawfiles import (
    ImportFailure,
    match_columns,
    parse_dates,
    parse_numbers,
    read_export,
)


@pytest.mark.parametrize("sep", [",", ";", "|", "\t"])
def test_separator_is_sniffed_and_bom_and_apostrophes_dropped(tmp_path, sep):
    text = sep.join(["nip_baru", "nama", "tanggal_lahir"]) + "\n"
    text += sep.join(["'198609262015051001", "Pegawai 1", "26-09-1986"]) + "\n"
    path = tmp_path / "siasn.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    (table,) = read_export(path)
    assert list(table.frame.columns) == ["nip_baru", "nama", "tanggal_lahir"]
    assert table.frame.loc[2, "nip_baru"] == "198609262015051001"


def test_title_rows_above_the_header_and_row_numbers_as_seen(tmp_path):
    path = tmp_path / "skd.csv"
    path.write_text("HASIL SKD CPNS 2024\n\nno;nopes;twk\n1;A1;85\n\n2;A2;90\n")
    (table,) = read_export(path)
    assert table.header_row == 3
    assert table.frame.index.tolist() == [4, 6]
    assert table.frame["twk"].tolist() == ["85", "90"]


def test_windows_1252_text_is_read(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("unit,nama\nDinas Pekerjaan Umum – Bidang,é\n".encode("cp1252"))
    assert read_export(path)[0].frame.iloc[0, 1] == "é"


def test_workbooks_xlsx_and_xls_every_sheet(tmp_path):
    import xlwt

    xls = tmp_path / "old.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("2023")
    for j, v in enumerate(["nip", "nilai"]):
        sheet.write(0, j, v)
    sheet.write(1, 0, "'198609262015051001")
    sheet.write(1, 1, 85.0)
    book.save(str(xls))
    (table,) = read_export(xls)
    assert table.sheet == "2023"
    assert table.frame.loc[2].tolist() == ["198609262015051001", "85"]
    xlsx = tmp_path / "new.xlsx"
    with pd.ExcelWriter(xlsx) as writer:
        pd.DataFrame({"a": [1, 2], "d": pd.to_datetime(["2024-01-02", None])}).to_excel(
            writer, sheet_name="satu", index=False
        )
        pd.DataFrame().to_excel(writer, sheet_name="kosong", index=False)
    (table,) = read_export(xlsx)
    assert table.frame["d"].tolist()[0] == "2024-01-02" and pd.isna(table.frame["d"].iloc[1])


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "e.csv", "is empty"),
        (b"\n\n", "e.csv", "is empty"),
        (b"PK\x03\x04broken", "x.xlsx", "damaged"),
        (b"not excel at all", "x.xlsx", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00"
         b"P\x00a\x00c\x00k\x00" + b"\x00" * 64, "s.xlsx", "password"),
        (b"\x00\x01\x02binary", "b.csv", "neither a workbook nor a text"),
    ],
)  # fmt: skip
def test_bad_files_get_one_sentence(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFailure, match=message):
        read_export(path)


def test_input_files_are_never_changed(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"\xef\xbb\xbfa|b\n'1|2\n")
    before = path.read_bytes(), path.stat().st_mtime_ns
    read_export(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_headers_match_through_aliases_and_a_miss_names_expected_found_and_closest(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("NIP_BARU,Nama,TGL LAHIR,extra\n1,x,2,3\n")
    (raw,) = read_export(path)
    aliases = {"nip": ("nip_baru",), "birth": ("tanggal_lahir", "tgl_lahir")}
    frame = match_columns(raw, aliases, ["nip"], "a SIASN export")
    assert list(frame.columns) == ["nip", "birth"]
    assert frame.attrs["ignored"] == ["Nama", "extra"]
    with pytest.raises(ImportFailure) as err:
        match_columns(raw, {"nip_lama": (), "tmt_cpns": ()}, ["tmt_cpns"], "a SAPK export")
    text = str(err.value)
    assert "a SAPK export" in text and "tmt_cpns" in text and "NIP_BARU" in text


def test_dates_and_numbers_as_exports_write_them():
    written = ["15-01-1974", "15/01/1974", "1974-01-15", "15 Januari 1974", "15-Jan-1974"]
    dates, bad = parse_dates(pd.Series([*written, "27044", "30-02-1974"]))
    assert (dates[:6] == pd.Timestamp("1974-01-15")).all()
    assert bad.tolist() == [False] * 6 + [True]
    numbers, bad = parse_numbers(pd.Series(["85,5", "90", "1.234,5", "abc", None]))
    assert numbers[:3].tolist() == [85.5, 90.0, 1234.5]
    assert bad.tolist() == [False, False, False, True, False]


def test_a_workbook_decimal_never_reads_as_thousands(tmp_path):
    # a number cell 77.125 (three decimals) must not come back as 77125
    path = tmp_path / "n.xlsx"
    pd.DataFrame(
        {"nilai": [77.125, 80.0], "tanggal": pd.to_datetime(["2024-01-02", None])}
    ).to_excel(path, index=False)
    frame = read_export(path)[0].frame
    assert parse_numbers(frame["nilai"])[0].tolist() == [77.125, 80.0]
    assert frame["tanggal"].iloc[0] == "2024-01-02"
