"""Keyed pseudonyms and the NIP/NIK decoders (Perka BKN 22/2007; Dukcapil NIK layout)."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat

import numpy as np
import pandas as pd
import pytest

from asnpolicy.identifiers import (
    KeyFileError,
    Pseudonymiser,
    age_on,
    decode_nik,
    decode_nip,
    make_nik,
    make_nip,
    new_key,
    read_key,
)


def test_documented_nip_example_decodes():
    # "19860926 201505 1 001" is the example of the sources in real-exports.md A1
    out = decode_nip(pd.Series(["'19860926 201505 1 001"])).iloc[0]
    assert out["birth_date"] == pd.Timestamp("1986-09-26")
    assert (out["birth_month"], out["tmt_year"], out["tmt_month"]) == (9, 2015, 5)
    assert out["gender"] == "male" and not out["pppk"] and pd.isna(out["problem"])


def test_pppk_pattern_is_not_read_as_a_month():
    out = decode_nip(pd.Series(["199001012022212001"])).iloc[0]
    assert out["pppk"] and out["tmt_year"] == 2022 and pd.isna(out["tmt_month"])
    assert out["gender"] == "female"


@pytest.mark.parametrize(
    ("nip", "problem"),
    [
        ("198613262015051001", "birth date: month 13 does not exist"),
        ("198602302015051001", "birth date: day 30 does not exist in that month"),
        ("198609262015131001", "TMT: month 13 does not exist"),
        ("198609262015053001", "digit 15 (gender) must be 1 or 2"),
        ("1986092620150510", "a NIP must have 18 digits"),
        ("19860926201505100X", "a NIP must have 18 digits"),
    ],
)
def test_impossible_nips_get_a_problem_not_a_crash(nip, problem):
    out = decode_nip(pd.Series([nip]))
    assert out["problem"].iloc[0] == problem
    assert out[["birth_year", "gender"]].isna().all(axis=None)


def test_nik_women_have_forty_added_to_the_day_and_area_is_first_registration():
    out = decode_nik(pd.Series(["1502014509990001", "1371010101850002"]), 2024)
    assert out["gender"].tolist() == ["female", "male"]
    assert out["birth_date"].tolist() == [pd.Timestamp("1999-09-05"), pd.Timestamp("1985-01-01")]
    assert out["area"].tolist() == ["15.02", "13.71"]


def test_nik_century_follows_the_reference_year():
    out = decode_nik(pd.Series(["1502010101050001", "1502010101080001"]), 2024)
    # born 2005 is 19 in 2024; "08" would be 16 at most, so the rule (at least 15) keeps 2008
    assert out["birth_date"].dt.year.tolist() == [2005, 2008]
    assert decode_nik(pd.Series(["1502010101100001"]), 2024)["birth_date"].dt.year[0] == 1910


@pytest.mark.parametrize("nik", ["1502013013990001", "1502017102990001", "15020101"])
def test_impossible_niks_get_a_problem(nik):
    assert decode_nik(pd.Series([nik]), 2024)["problem"].notna().all()


def test_encoders_round_trip_through_the_decoders():
    rng = np.random.default_rng(1)
    n = 500
    birth = pd.Series(
        pd.to_datetime("1960-01-01") + pd.to_timedelta(rng.integers(0, 15000, n), "D")
    )
    gender = pd.Series(rng.choice(["male", "female"], n))
    tmt_year = pd.Series(rng.integers(1985, 2024, n))
    tmt_month = pd.Series(rng.integers(1, 13, n))
    pppk = pd.Series(rng.random(n) < 0.2)
    nip = make_nip(birth, tmt_year, tmt_month, gender, pd.Series(range(n)), pppk)
    back = decode_nip(nip)
    assert back["problem"].isna().all()
    assert (back["birth_date"] == birth).all() and (back["gender"] == gender).all()
    assert (back["tmt_year"] == tmt_year).all() and (back["pppk"] == pppk).all()
    assert (back["tmt_month"][~pppk] == tmt_month[~pppk]).all()
    nik = make_nik(pd.Series(["15.02"] * n), pd.Series([1] * n), birth, gender, pd.Series(range(n)))
    back = decode_nik(nik, 2024)
    assert (back["birth_date"] == birth).all() and (back["gender"] == gender).all()


def test_age_on_counts_completed_years():
    born = pd.Series(pd.to_datetime(["2000-07-02", "2000-07-01", "2000-02-29"]))
    assert age_on(born, pd.Timestamp("2024-07-01")).tolist() == [23, 24, 24]


def test_pseudonyms_are_keyed_stable_and_never_a_plain_hash():
    key = bytes(range(32))
    p = Pseudonymiser(key)
    values = pd.Series(["'198609262015051001", "19860926 201505 1 001", "198609262015051002", None])
    ids = p.ids(values, "p")
    assert ids[0] == ids[1] != ids[2] and pd.isna(ids[3])
    assert ids[0].startswith("p") and len(ids[0]) == 21
    expected = hmac.new(key, b"198609262015051001", hashlib.sha256).hexdigest()[:20]
    assert ids[0] == "p" + expected  # HMAC-SHA256 (RFC 2104) under the key
    plain = hashlib.sha256(b"198609262015051001").hexdigest()
    assert plain[:20] not in ids[0]
    assert Pseudonymiser(bytes(range(1, 33))).ids(values, "p")[0] != ids[0]
    assert "198609262015051001" not in repr(p) and key.hex() not in repr(p)


def test_key_file_is_private_never_overwritten_and_checked(tmp_path):
    path = new_key(tmp_path / "key")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(read_key(path)) == 32
    with pytest.raises(FileExistsError):
        new_key(path)
    with pytest.raises(KeyFileError, match="does not exist"):
        read_key(tmp_path / "missing")
    (tmp_path / "bad").write_text("not a key")
    with pytest.raises(KeyFileError, match="does not hold a key"):
        read_key(tmp_path / "bad")
