"""Accepted spellings of table names, values and true/false words."""

from __future__ import annotations

import pandas as pd
import pytest

from asnpolicy import rules, spellings
from asnpolicy.schema import TABLES

ENUM_COLUMNS = [(s.name, f.name) for s in TABLES.values() for f in s.fields if f.allowed]


class TestTableName:
    @pytest.mark.parametrize(
        "name, table",
        [
            ("Units", "units"),
            ("PEGAWAI", "employees"),
            ("unit_kerja", "units"),
            ("Unit Kerja", "units"),
            ("opd", "units"),
            ("jabatan", "positions"),
            ("beban-kerja", "workload"),
            ("ABK", "workload"),
            ("Formasi", "formasi"),
            ("pelamar", "applicants"),
            ("asesmen", "assessments"),
            ("penilaian", "assessments"),
            ("kinerja", "performance"),
            ("SKP", "performance"),
            ("IKM", "skm"),
            ("survei", "skm"),
            ("pelatihan", "training"),
            ("kenaikan_jabatan", "promotions"),
            ("wilayah", "regions"),
            ("daerah", "regions"),
        ],
    )
    def test_aliases(self, name, table):
        assert spellings.table_name(name) == table

    def test_unknown_and_notes(self):
        assert spellings.table_name("Sheet1") is None and spellings.table_name("gaji") is None
        assert spellings.suggest_table("Sheet1") is None

    def test_an_alias_of_a_table_not_in_the_model_resolves_to_nothing(self):
        want = "region_policies" if "region_policies" in TABLES else None
        assert spellings.table_name("kebijakan_daerah") == want

    def test_no_alias_is_shared_by_two_tables(self):
        seen: dict[str, str] = {}
        for table, aliases in spellings.TABLE_ALIASES.items():
            for alias in (table, *aliases):
                key = spellings.spelling_key(alias)
                assert seen.setdefault(key, table) == table, alias


class TestValues:
    @pytest.mark.parametrize("table, column", ENUM_COLUMNS)
    def test_every_allowed_value_means_itself_in_any_case(self, table, column):
        allowed = TABLES[table].field(column).allowed
        values = pd.Series([v.upper().replace("_", " ") for v in allowed])
        assert spellings.canonical_values(table, column, values).tolist() == list(allowed)

    @pytest.mark.parametrize("table, column", ENUM_COLUMNS)
    def test_no_alias_decides_between_two_values(self, table, column):
        allowed = set(TABLES[table].field(column).allowed)
        mapping = spellings.value_map(table, column)
        for value in allowed:
            for alias in spellings.VALUE_ALIASES.get(value, ()):
                got = mapping.get(spellings.spelling_key(alias))
                assert got in (value, None), (alias, value, got)

    def test_every_alias_names_a_value_of_the_model_or_of_the_rules(self):
        known = {v for s in TABLES.values() for f in s.fields for v in f.allowed}
        assert set(spellings.VALUE_ALIASES) <= known | set(rules.POSITION_KINDS)

    @pytest.mark.parametrize(
        "table, column, text, want",
        [
            ("employees", "status", "PNS", "pns"),
            ("employees", "status", "CPNS", "pns"),
            ("employees", "status", "PPPK", "pppk"),
            ("formasi", "track", "CPNS", "cpns"),
            ("formasi", "track", "P3K", "pppk"),
            ("employees", "gender", "L", "male"),
            ("employees", "gender", "P", "female"),
            ("employees", "gender", "Laki-laki", "male"),
            ("employees", "gender", "Perempuan", "female"),
            ("skm", "respondent_gender", "pria", "male"),
            ("applicants", "gender", "wanita", "female"),
            ("employees", "education", "S1", "s1"),
            ("employees", "education", "D-III", "d3"),
            ("employees", "education", "SMA", "sma"),
            ("employees", "education", "SMK", "sma"),
            ("employees", "education", "D4", "d4"),
            ("employees", "education", "S3", "s3"),
            ("employees", "origin", "lokal", "local"),
            ("workload", "volume_period", "tahun", "year"),
            ("workload", "volume_period", "bulan", "month"),
            ("workload", "volume_period", "minggu", "week"),
            ("workload", "volume_period", "hari", "day"),
            ("positions", "kind", "JPT Pratama", "jpt_pratama"),
            ("positions", "kind", "Administrator", "administrator"),
            ("positions", "kind", "Pengawas", "pengawas"),
            ("positions", "kind", "Pelaksana", "pelaksana"),
            ("positions", "kind", "Fungsional Ahli Muda", "fungsional_ahli_muda"),
            ("performance", "skp_rating", "sangat baik", "Sangat Baik"),
            ("performance", "skp_rating", "Kurang", "Kurang/Misconduct"),
            ("performance", "work_result", "Di atas ekspektasi", "above"),
            ("applicants", "registration_mode", "daring", "online"),
        ],
    )
    def test_spellings(self, table, column, text, want):
        assert spellings.canonical_values(table, column, pd.Series([text])).tolist() == [want]

    def test_unknown_and_missing_stay(self):
        got = spellings.canonical_values("employees", "gender", pd.Series(["x", None, "L"]))
        assert got.iloc[0] == "x" and pd.isna(got.iloc[1]) and got.iloc[2] == "male"

    def test_ambiguous(self):
        assert "fungsional_terampil" in spellings.ambiguous_rule("positions", "kind", "Fungsional")
        assert spellings.ambiguous_rule("positions", "kind", "pelaksana") is None
        assert spellings.ambiguous_rule("employees", "status", "ASN").endswith("pns, pppk")

    @pytest.mark.parametrize(
        "table, column, text, want",
        [
            ("employees", "gender", "Laki2", "male"),
            ("employees", "education", "Strata1", "s1"),
            ("workload", "volume_period", "mingguan2", "week"),
            ("employees", "gender", "zzz", None),
        ],
    )
    def test_suggest_value(self, table, column, text, want):
        assert spellings.suggest_value(table, column, text) == want


class TestParseBool:
    @pytest.mark.parametrize(
        "cells, want",
        [
            (["ya", "tidak", "Ya", "TIDAK"], [True, False, True, False]),
            (["Y", "T", "Y"], [True, False, True]),
            (["T", "F"], [True, False]),
            (["true", "false", "1", "0"], [True, False, True, False]),
            (["benar", "salah"], [True, False]),
        ],
    )
    def test_words(self, cells, want):
        parsed, ambiguous = spellings.parse_bool(pd.Series(cells))
        assert parsed.tolist() == want and not ambiguous.any()

    @pytest.mark.parametrize("cells", [["T", "T"], ["Y", "T", "F"]])
    def test_a_lone_t_is_ambiguous(self, cells):
        parsed, ambiguous = spellings.parse_bool(pd.Series(cells))
        t = pd.Series(cells).eq("T")
        assert ambiguous[t].all() and parsed[t].isna().all()

    def test_column_words(self):
        parsed, _ = spellings.parse_bool(pd.Series(["MS", "TMS"]), "applicants", "admin_pass")
        assert parsed.tolist() == [True, False]
        parsed, _ = spellings.parse_bool(pd.Series(["MS"]), "units", "front_line")
        assert parsed.isna().all()


class TestDocumentation:
    def test_every_enum_column_is_listed(self):
        table = spellings.accepted_spellings()
        assert set(zip(table["table"], table["column"], strict=True)) == set(ENUM_COLUMNS)
        text = spellings.accepted_spellings_markdown()
        assert "## Accepted spellings" in text and "`laki-laki`" in text
        assert "`pegawai`" in text and "Numbers written as text" in text
