"""asnpolicy.narrative.text: texts in both languages, numbers and dates."""

from __future__ import annotations

import pytest

from asnpolicy.narrative import text


class TestT:
    def test_fills_in_values(self):
        assert text.t("bup_line", "en", age=58) == "Retirement age 58"
        assert text.t("bup_line", "id", age=60) == "BUP 60"

    def test_indonesian_by_default(self):
        assert text.t("yes") == "ya"

    def test_unknown_language(self):
        with pytest.raises(ValueError, match="lang must be one of id, en"):
            text.t("yes", "fr")

    def test_unknown_key(self):
        with pytest.raises(KeyError, match="no_such_key"):
            text.t("no_such_key", "en")


class TestLabel:
    def test_known_key(self):
        assert text.label("method_external", "en") == "external panel"

    def test_default_then_last_part(self):
        assert text.label("method_other", "en", "Other") == "Other"
        assert text.label("method_other", "en") == "other"


class TestCheckLang:
    def test_supported(self):
        assert [text.check_lang(lang) for lang in text.LANGS] == ["id", "en"]

    def test_unsupported(self):
        with pytest.raises(ValueError, match="not 'EN'"):
            text.check_lang("EN")


class TestNumber:
    @pytest.mark.parametrize(
        ("value", "lang", "decimals", "expected"),
        [
            (1234567.891, "id", 2, "1.234.567,89"),
            (1234567.891, "en", 2, "1,234,567.89"),
            (-3.25, "id", 1, "-3,2"),
            (float("inf"), "en", 0, "∞"),
            (float("nan"), "id", 0, "-"),
            (None, "en", 0, "-"),
        ],
    )
    def test_formats(self, value, lang, decimals, expected):
        assert text.number(value, lang, decimals) == expected


class TestDate:
    def test_both_languages(self):
        assert text.date("2025-12-31", "id") == "31 Desember 2025"
        assert text.date("2025-03-01", "en") == "1 March 2025"

    def test_every_month(self):
        months = [text.date(f"2024-{m:02d}-15", "id").split()[1] for m in range(1, 13)]
        assert months[0] == "Januari" and months[4] == "Mei" and months[11] == "Desember"
        assert len(set(months)) == 12


class TestCatalogue:
    def test_read_once(self):
        assert text.catalogue() is text.catalogue()

    def test_has_text(self):
        assert text.has_text("yes") and not text.has_text("no_such_key")
