"""The importers' notes and rejection reasons in Indonesian and English (issue 18): every text
in both languages with the same fields, and an Indonesian import without an English word."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from english import ENGLISH, english_words  # noqa: F401 (tests/english.py)

from asnpolicy.identifiers import Pseudonymiser, decode_nik, decode_nip
from asnpolicy.imports import abk, link, siasn, skm, skp, sscasn, texts
from asnpolicy.imports.context import ImportContext
from asnpolicy.imports.mapping import MappingBook
from asnpolicy.imports.rawfiles import RawTable, read_export
from asnpolicy.imports.texts import LANGUAGES, TEXTS, fields_of, say, translate_problems
from asnpolicy.synth import generate
from asnpolicy.synth.exports import write_exports

MODULES = (siasn, skp, sscasn, skm, abk, link)
KINDS = ("siasn", "skp", "sscasn", "skm", "abk", "link")


def blank_fields(template: str) -> str:
    return re.sub(r"\{[^}]*\}", " ", template)


class TestCatalogue:
    def test_every_text_in_both_languages_with_the_same_fields(self):
        for key, entry in TEXTS.items():
            assert set(entry) in ({"id", "en"}, {"id", "en", "en_one"}), key
            want = fields_of(entry["en"])
            for lang, template in entry.items():
                assert fields_of(template) == want, (key, lang)
            if "en_one" in entry:
                assert "n" in want, key

    def test_no_english_word_in_the_indonesian_texts(self):
        found = {k: english_words(blank_fields(e["id"])) for k, e in TEXTS.items()}
        assert {k: w for k, w in found.items() if w} == {}

    def test_the_english_texts_are_english(self):
        """The check above would catch these words: the English side has them."""
        with_words = [k for k, e in TEXTS.items() if english_words(blank_fields(e["en"]))]
        assert len(with_words) > len(TEXTS) / 2

    def test_every_key_used_exists_and_every_text_is_used(self):
        source = " ".join(Path(m.__file__).read_text("utf-8") for m in MODULES)
        used = set(re.findall(r"\"((?:siasn|skp|sscasn|skm|abk|link)\.[a-z0-9_.]+)\"", source))
        used = {k for k in used if not k.endswith((".xlsx", ".xls", ".csv"))}  # file names
        assert used - set(TEXTS) == set()
        dynamic = {f"siasn.vintage.{v}" for v in siasn.LAYOUTS}
        dynamic |= {f"sscasn.layout.{v}" for v in sscasn.LAYOUTS}
        dynamic |= {f"skm.what.{w}" for w in ("gender", "age", "education")}
        dynamic |= {key for key, _ in texts._PROBLEMS}
        assert dynamic <= set(TEXTS)
        assert set(TEXTS) - used - dynamic == set()


class TestSay:
    def test_language_from_a_context(self):
        ctx = ImportContext("pauh", Pseudonymiser(b"k" * 32), lang="en")
        assert say(ctx, "abk.no_unit") == "no unit"
        assert say(ImportContext("pauh", Pseudonymiser(b"k" * 32)), "abk.no_unit") == (
            "tidak ada unit"
        )

    def test_indonesian_numbers(self):
        assert say("id", "skm.reconciled", n=1200, gap=0.25, practice=3).startswith(
            "1.200 IKM terbitan berbeda dari IKM tepat dari NRR-nya (paling banyak 0,25 poin;"
        )
        assert "by at most 0.25 points" in say("en", "skm.reconciled", n=1, gap=0.25, practice=0)

    def test_english_singular(self):
        assert say("en", "abk.carried", n=1).startswith("1 line takes")
        assert say("en", "abk.carried", n=2).startswith("2 lines take")
        assert say("id", "abk.carried", n=1).startswith("1 baris")

    def test_unknown_language_or_key(self):
        with pytest.raises(ValueError, match="Unknown language 'fr'"):
            say("fr", "abk.no_unit")
        with pytest.raises(KeyError):
            say("id", "abk.nothing")


class TestProblems:
    NIPS = pd.Series(
        ["123", "198613262015051001", "198602302015051001", "198609262015131001",
         "198609262015053001", None]
    )  # fmt: skip

    def test_every_nip_problem_in_indonesian(self):
        problems = decode_nip(self.NIPS)["problem"]
        assert problems.nunique() == 6  # each a different problem
        got = translate_problems("id", problems)
        assert got.map(english_words).map(len).eq(0).all(), got.tolist()
        assert got.iloc[0] == "NIP harus 18 digit" and got.iloc[5] == "tidak ada NIP"
        assert got.iloc[1] == "tanggal lahir: bulan 13 tidak ada"

    def test_nik_problem_and_english_unchanged(self):
        problems = decode_nik(pd.Series(["12345"]), 2024)["problem"]
        assert translate_problems("id", problems).tolist() == ["NIK harus 16 digit"]
        assert translate_problems("en", problems).tolist() == problems.tolist()


# --------------------------------------------------------------------------------------------
# A whole import in Indonesian
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, list[RawTable]]:
    """The simulator's exports of a small sample, each table with three broken rows (text,
    blank and a wrong number in every cell), so that many reasons and notes are written."""
    sample = generate(regions=["pauh"], years=(2024,), scale=0.1).for_region("pauh")
    files = write_exports(sample, "pauh", tmp_path_factory.mktemp("texts"))
    tables = {}
    for n, kind in enumerate(KINDS):
        raws = [t for f in files[kind] for t in read_export(f)]
        for i, raw in enumerate(raws):
            frame = raw.frame.copy()
            if len(frame) >= 3 and not siasn._is_tree(raw):  # a broken tree is a loop
                first = frame.index[:3]
                frame.loc[first[0]] = f"x{'abcdefgh'[n]}{'abcdefgh'[i]}?"  # one per table
                frame.loc[first[1]] = pd.NA
                frame.loc[first[2]] = str(901 + 10 * n + i)
            raws[i] = RawTable(raw.file, raw.sheet, frame, raw.header_row)
        tables[kind] = raws
    return tables


def _import(kind: str, raws: list[RawTable], lang: str, existing: dict | None = None):
    ctx = ImportContext(
        "pauh", Pseudonymiser(b"t" * 32), mapping=MappingBook(), existing=existing or {},
        params={"abk_time_unit": "jam"}, lang=lang,
    )  # fmt: skip
    return getattr(MODULES[KINDS.index(kind)], f"import_{kind}")(raws, ctx)


def _texts(result) -> list[str]:
    out = list(result.rejected["reason"].astype("str"))
    for stats in result.files:
        out += stats.notes + list(stats.rejected_by_reason)
    return out


@pytest.fixture(scope="module")
def imported(exports) -> dict[str, dict]:
    done = {}
    for lang in LANGUAGES:
        results = {}
        for kind in KINDS:
            existing = {}
            if kind in ("link", "skm") and "siasn" in results:
                tables = results["siasn"].tables
                existing = {t: tables[t].astype("str") for t in ("employees", "units")}
            results[kind] = _import(kind, exports[kind], lang, existing)
        done[lang] = results
    return done


class TestIndonesianImport:
    @pytest.mark.parametrize("kind", KINDS)
    def test_no_english_word_in_notes_and_reasons(self, imported, kind):
        written = _texts(imported["id"][kind])
        assert written, kind
        assert {t: english_words(t) for t in written if english_words(t)} == {}

    @pytest.mark.parametrize("kind", KINDS)
    def test_the_same_import_in_english(self, imported, kind):
        """Same rows kept and rejected, only the words differ."""
        ind, eng = imported["id"][kind], imported["en"][kind]
        assert len(ind.rejected) == len(eng.rejected)
        assert [f.rows_kept for f in ind.files] == [f.rows_kept for f in eng.files]
        assert [len(f.notes) for f in ind.files] == [len(f.notes) for f in eng.files]
        assert ind.limits == eng.limits
        assert any(english_words(t) for t in _texts(eng))

    def test_the_broken_rows_were_rejected(self, imported):
        reasons = set()
        for result in imported["id"].values():
            reasons |= set(result.rejected["reason"])
        assert len(reasons) >= 12
        assert any(r.startswith("NIP tidak mungkin: NIP harus 18 digit") for r in reasons)

    def test_limits_are_codes(self, imported):
        for result in imported["id"].values():
            assert all(re.fullmatch(r"[a-z_]+\.[a-z_0-9]+", x) for x in result.limits)
