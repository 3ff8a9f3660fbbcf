"""Identifiers of people in the exports: keyed pseudonyms, and what a NIP or NIK encodes.

A plain hash of a NIP is not a pseudonym: the NIP space is about 3.7 x 10^9 values (birth
dates x TMT months x gender x serials), a few minutes of SHA-256 on one machine
(``shared/reference/real-exports.md`` A7). Every identifier therefore becomes HMAC-SHA256 under
a secret key the BKPSDM keeps (:func:`new_key`, :func:`read_key`), so the same person gets the
same id across tables, years and files, and nobody without the key can go back.

Layouts
-------
NIP, 18 digits (Perka BKN 22/2007; real-exports.md A1): ``YYYYMMDD`` birth date, ``YYYYMM``
TMT CPNS (month of appointment), ``G`` gender (1 male, 2 female), ``NNN`` serial, e.g.
``19860926 201505 1 001``. The NI PPPK has the appointment year and ``21`` where the TMT month
stands (seen in SIASN data, no page states it: [U]); ``21`` is never read as a month.

NIK, 16 digits (Dukcapil; https://dukcapil.klaten.go.id/arti-16-digit-nomor-induk-kependudukan-nik):
``PPKKCC`` province, kab/kota and kecamatan of first registration, ``DDMMYY`` birth date with
40 added to the day for women, 4-digit serial.

Examples
--------
>>> nip = make_nip(pd.Series(pd.to_datetime(["1986-09-26"])), pd.Series([2015]),
...                pd.Series([5]), pd.Series(["male"]), pd.Series([1]))
>>> nip.tolist()
['198609262015051001']
>>> decode_nip(nip)[["birth_year", "tmt_year", "tmt_month"]].astype(int).iloc[0].tolist()
[1986, 2015, 5]
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from pathlib import Path

import numpy as np
import pandas as pd

from .keys import lookup

__all__ = [
    "KeyFileError",
    "PPPK_CODE",
    "Pseudonymiser",
    "age_on",
    "clean_digits",
    "decode_nik",
    "decode_nip",
    "make_nik",
    "make_nip",
    "new_key",
    "read_key",
]

#: Digits 13-14 of an NI PPPK (appointment year, then this code, then gender): [U], see above.
PPPK_CODE = "21"

#: Length of the hexadecimal part of a pseudonym (80 bits: no collision among a nation's
#: 4.3 million staff and their applicants, short enough to read in a table).
PSEUDONYM_HEX = 20


class KeyFileError(ValueError):
    """The key file is missing, unreadable or not a key written by :func:`new_key`."""


def new_key(path: str | os.PathLike) -> Path:
    """Write a new secret key (256 random bits, hexadecimal) readable by its owner only.

    Raises
    ------
    FileExistsError
        When ``path`` exists: a key is never overwritten (every pseudonym made with it would
        stop linking).
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists; a key is never overwritten.")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    return path


def read_key(path: str | os.PathLike) -> bytes:
    """The key in ``path``.

    Raises
    ------
    KeyFileError
        One sentence saying what is wrong (never the key's content).
    """
    path = Path(path)
    if not path.is_file():
        raise KeyFileError(
            f"The key file {path} does not exist; make one with `asnpolicy key new {path}`."
        )
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise KeyFileError(f"The key file {path} cannot be read.") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 32:
        raise KeyFileError(
            f"The key file {path} does not hold a key written by `asnpolicy key new` "
            "(64 hexadecimal characters)."
        )
    return key


def clean_digits(values: pd.Series) -> pd.Series:
    """Identifiers as written in exports, without the spaces, dots, dashes and leading
    apostrophe (Excel's text marker) they carry; missing stays missing.

    Examples
    --------
    >>> clean_digits(pd.Series(["'19860926 201505 1 001", None, "3201.01"])).tolist()
    ['198609262015051001', nan, '320101']
    """
    text = values.astype("str").where(values.notna())
    cleaned = text.str.replace(r"[\s.\-']", "", regex=True).str.upper()
    return cleaned.where(cleaned.str.len() > 0)


class Pseudonymiser:
    """Keyed pseudonyms: HMAC-SHA256(key, identifier).

    Parameters
    ----------
    key : bytes
        The region's secret key (:func:`read_key`).

    Examples
    --------
    >>> p = Pseudonymiser(b"k" * 32)
    >>> ids = p.ids(pd.Series(["'198609262015051001", "198609262015051001", None]), "p")
    >>> ids[0] == ids[1], ids[0][:1], len(ids[0]), pd.isna(ids[2])
    (True, 'p', 21, True)
    """

    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise KeyFileError("A key must hold at least 256 bits.")
        # HMAC (RFC 2104) with the key's inner and outer pads hashed once: each identifier
        # then costs two SHA-256 copies, half the time of hmac.digest per call.
        block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def _hmac(self, message: bytes) -> bytes:
        """HMAC-SHA256(key, message), cut to :data:`PSEUDONYM_HEX` hexadecimal characters."""
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()[: PSEUDONYM_HEX // 2]

    def __repr__(self) -> str:  # never the key
        return "Pseudonymiser(<key>)"

    def ids(self, values: pd.Series, prefix: str) -> pd.Series:
        """The pseudonym of each identifier: ``prefix`` + 20 hexadecimal characters.

        Each distinct value is hashed once, so a column of millions of rows costs one HMAC per
        person.
        """
        cleaned = clean_digits(values)
        distinct = pd.unique(cleaned.dropna())
        codes = [prefix + self._hmac(str(v).encode("utf-8")).hex() for v in distinct]
        table = pd.Series(codes, index=pd.Index(distinct, dtype="str"), dtype="str")
        out = lookup(cleaned.astype("str"), table).astype("str")
        return out.where(cleaned.notna()).rename(values.name)


def _digits_of_length(values: pd.Series, length: int, what: str) -> tuple[pd.Series, pd.Series]:
    cleaned = clean_digits(values)
    ok = cleaned.str.fullmatch(r"\d+").fillna(False).astype(bool) & (cleaned.str.len() == length)
    problem = pd.Series(pd.NA, index=values.index, dtype="str")
    problem = problem.mask(cleaned.notna() & ~ok, f"a {what} must have {length} digits")
    problem = problem.mask(cleaned.isna(), f"no {what}")
    return cleaned.where(ok), problem


def _date(year: pd.Series, month: pd.Series, day: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates from whole-number parts, with the reason where they make no date."""
    frame = pd.DataFrame({"year": year, "month": month, "day": day}).astype("Float64")
    month_bad = ~frame["month"].between(1, 12)
    text = (
        frame["year"].astype("Int64").astype("str").str.zfill(4)
        + frame["month"].astype("Int64").astype("str").str.zfill(2)
        + frame["day"].astype("Int64").astype("str").str.zfill(2)
    )
    date = pd.to_datetime(text, format="%Y%m%d", errors="coerce")
    problem = pd.Series(pd.NA, index=year.index, dtype="str")
    problem = problem.mask(
        date.isna(),
        "day " + frame["day"].astype("Int64").astype("str") + " does not exist in that month",
    )
    problem = problem.mask(
        month_bad, "month " + frame["month"].astype("Int64").astype("str") + " does not exist"
    )
    return date, problem.where(frame.notna().all(axis=1) & date.isna())


def decode_nip(nips: pd.Series) -> pd.DataFrame:
    """Birth date, TMT, gender and the PPPK pattern encoded in each NIP.

    Parameters
    ----------
    nips : Series
        NIPs as written (spaces, dots and a leading apostrophe are allowed).

    Returns
    -------
    DataFrame
        Indexed like ``nips``: ``birth_date`` (NaT when impossible), ``birth_year``,
        ``birth_month``, ``tmt_year``, ``tmt_month`` (empty for the PPPK pattern), ``gender``
        (``male``/``female``), ``pppk`` and ``problem`` (why a NIP cannot be decoded, else
        empty). Layout: Perka BKN 22/2007 (module docstring).

    Examples
    --------
    >>> out = decode_nip(pd.Series(["198613262015051001", "19860926202221 2001", "123"]))
    >>> out["problem"].tolist()
    ['birth date: month 13 does not exist', nan, 'a NIP must have 18 digits']
    >>> int(out.loc[1, "tmt_year"]), bool(out.loc[1, "pppk"]), out.loc[1, "gender"]
    (2022, True, 'female')
    """
    digits, problem = _digits_of_length(nips, 18, "NIP")
    part = {
        name: pd.to_numeric(digits.str.slice(a, b), errors="coerce").astype("Int64")
        for name, (a, b) in {
            "year": (0, 4), "month": (4, 6), "day": (6, 8),
            "tmt_year": (8, 12), "tmt_code": (12, 14), "gender": (14, 15),
        }.items()
    }  # fmt: skip
    birth, birth_problem = _date(part["year"], part["month"], part["day"])
    pppk = (digits.str.slice(12, 14) == PPPK_CODE).fillna(False).astype(bool)
    tmt_month = part["tmt_code"].mask(pppk)
    tmt_bad = digits.notna() & ~pppk & ~part["tmt_code"].between(1, 12).fillna(False)
    gender = part["gender"].map({1: "male", 2: "female"}).astype("str")
    gender_bad = digits.notna() & gender.isna()
    problem = problem.mask(gender_bad, "digit 15 (gender) must be 1 or 2")
    problem = problem.mask(
        tmt_bad, "TMT: month " + part["tmt_code"].astype("str") + " does not exist"
    )
    problem = problem.mask(birth_problem.notna(), "birth date: " + birth_problem)
    good = problem.isna()
    return pd.DataFrame(
        {
            "birth_date": birth.where(good),
            "birth_year": part["year"].where(good),
            "birth_month": part["month"].where(good),
            "tmt_year": part["tmt_year"].where(good),
            "tmt_month": tmt_month.where(good),
            "gender": gender.where(good),
            "pppk": pppk & good,
            "problem": problem,
        },
        index=nips.index,
    )


def decode_nik(niks: pd.Series, reference_year: int, *, min_age: int = 15) -> pd.DataFrame:
    """Area of first registration, birth date and gender encoded in each NIK.

    Parameters
    ----------
    niks : Series
        NIKs as written.
    reference_year : int
        A year at which every holder was at least ``min_age`` (e.g. the selection's year): the
        two-digit birth year is read as 20YY when that is at most ``reference_year - min_age``,
        else as 19YY.

    Returns
    -------
    DataFrame
        ``area`` (``PP.KK``, e.g. ``15.02``), ``birth_date``, ``gender`` (women have 40 added to
        the day) and ``problem``. The area is where the NIK was first issued, a proxy for
        origin, not today's domicile (real-exports.md A1).

    Examples
    --------
    >>> out = decode_nik(pd.Series(["1502014509990001", "1371010101850002"]), 2024)
    >>> out[["area", "gender"]].values.tolist()
    [['15.02', 'female'], ['13.71', 'male']]
    >>> out["birth_date"].dt.strftime("%Y-%m-%d").tolist()
    ['1999-09-05', '1985-01-01']
    """
    digits, problem = _digits_of_length(niks, 16, "NIK")
    day_code = pd.to_numeric(digits.str.slice(6, 8), errors="coerce").astype("Int64")
    month = pd.to_numeric(digits.str.slice(8, 10), errors="coerce").astype("Int64")
    yy = pd.to_numeric(digits.str.slice(10, 12), errors="coerce").astype("Int64")
    female = day_code > 40
    day = day_code.mask(female, day_code - 40)
    year = (2000 + yy).where(2000 + yy <= reference_year - min_age, 1900 + yy)
    birth, birth_problem = _date(year, month, day)
    problem = problem.mask(birth_problem.notna(), "birth date: " + birth_problem)
    good = problem.isna()
    area = digits.str.slice(0, 2) + "." + digits.str.slice(2, 4)
    gender = pd.Series(np.where(female.fillna(False), "female", "male"), index=niks.index)
    return pd.DataFrame(
        {
            "area": area.where(good),
            "birth_date": birth.where(good),
            "gender": gender.astype("str").where(good),
            "problem": problem,
        },
        index=niks.index,
    )


def _two(values: pd.Series, width: int = 2) -> pd.Series:
    return values.astype("int64").astype("str").str.zfill(width)


def make_nip(
    birth_date: pd.Series,
    tmt_year: pd.Series,
    tmt_month: pd.Series,
    gender: pd.Series,
    serial: pd.Series,
    pppk: pd.Series | None = None,
) -> pd.Series:
    """NIPs in the Perka BKN 22/2007 layout (NI PPPK pattern where ``pppk``), for test files.

    ``tmt_month`` is ignored where ``pppk`` is true; ``serial`` is taken modulo 1000.
    """
    birth = pd.to_datetime(birth_date)
    code = _two(pd.Series(tmt_month, index=birth.index).fillna(1))
    if pppk is not None:
        code = code.mask(pd.Series(pppk, index=birth.index).astype(bool), PPPK_CODE)
    g = pd.Series(gender, index=birth.index).map({"male": "1", "female": "2"})
    return (
        birth.dt.strftime("%Y%m%d")
        + _two(pd.Series(tmt_year, index=birth.index), 4)
        + code
        + g
        + _two(pd.Series(serial, index=birth.index) % 1000, 3)
    )


def make_nik(
    area: pd.Series,
    kecamatan: pd.Series,
    birth_date: pd.Series,
    gender: pd.Series,
    serial: pd.Series,
) -> pd.Series:
    """NIKs in the Dukcapil layout for test files: ``area`` is ``PP.KK`` (e.g. ``15.02``)."""
    birth = pd.to_datetime(birth_date)
    index = birth.index
    female = pd.Series(gender, index=index) == "female"
    day = birth.dt.day + np.where(female, 40, 0)
    return (
        pd.Series(area, index=index).astype("str").str.replace(".", "", regex=False)
        + _two(pd.Series(kecamatan, index=index) % 100)
        + _two(day)
        + birth.dt.strftime("%m%y")
        + _two(pd.Series(serial, index=index) % 10000, 4)
    )


def age_on(birth_date: pd.Series, on: pd.Timestamp | pd.Series) -> pd.Series:
    """Whole years completed on ``on`` (``Int64``; missing where the birth date is).

    Examples
    --------
    >>> born = pd.Series(pd.to_datetime(["2000-07-02", "2000-07-01"]))
    >>> age_on(born, pd.Timestamp("2024-07-01")).tolist()
    [23, 24]
    """
    birth = pd.to_datetime(birth_date)
    on = pd.to_datetime(on)
    on_year = on.dt.year if isinstance(on, pd.Series) else on.year
    on_md = (
        (on.dt.month * 100 + on.dt.day) if isinstance(on, pd.Series) else on.month * 100 + on.day
    )
    before = (birth.dt.month * 100 + birth.dt.day) > on_md
    return (on_year - birth.dt.year - before.astype("int64")).astype("Int64")
