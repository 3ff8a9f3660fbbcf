"""Indonesian (default) and English labels, sentences and number formats for the reports.

The texts live in ``texts/*.yml`` beside this module, one file per report (and one each for the
figures, the code labels and the index page); every entry is ``key: {id: ..., en: ...}``. The
catalogue is read once, on the first call that needs it; a key defined twice, in one file or in
two, is an error that names the file, the key and the line.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import yaml

__all__ = [
    "LANGS",
    "TEXTS_DIR",
    "CatalogueError",
    "catalogue",
    "check_lang",
    "date",
    "has_text",
    "join_and",
    "join_or",
    "label",
    "load_catalogue",
    "number",
    "t",
]

LANGS = ("id", "en")

#: The folder of the catalogue's files.
TEXTS_DIR = Path(__file__).with_name("texts")


class CatalogueError(ValueError):
    """A catalogue file that cannot be read as texts: a key defined twice, or an entry that is
    not ``key: {language: text}``."""


#: libyaml's parser when PyYAML was built with it (about 8 times faster: the catalogue is read
#: in every report run), else the pure Python one; the same documents either way.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SAFE_LOADER):
    """YAML's safe loader, except that a key repeated in a mapping is an error (PyYAML keeps
    the last one silently)."""

    def construct_mapping(self, node, deep=False):
        first: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in first:
                raise CatalogueError(
                    f"{key_node.start_mark.name}, line {line}: the key {key!r} is defined "
                    f"twice (first at line {first[key]}); keep one."
                )
            first[key] = line
        return super().construct_mapping(node, deep=deep)


def _read(path: Path) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    """The entries of one file and the line of each key."""
    with open(path, encoding="utf-8") as stream:
        loader = _UniqueKeyLoader(stream)
        try:
            node = loader.get_single_node()
            data = {} if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: the file must be a mapping of keys to texts.")
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value} if data else {}
    for key, entry in data.items():
        where = f"{path}, line {lines.get(key, '?')}"
        if not isinstance(key, str):
            raise CatalogueError(f"{where}: the key {key!r} must be text (quote it).")
        if not isinstance(entry, dict) or not all(
            isinstance(lang, str) and isinstance(text, str) for lang, text in entry.items()
        ):
            raise CatalogueError(
                f"{where}: the entry {key!r} must be a mapping of languages to texts, "
                "e.g. {id: ..., en: ...} (quote a text that YAML would read otherwise)."
            )
    return data, lines


def load_catalogue(paths: Iterable[str | Path]) -> dict[str, dict[str, str]]:
    """The texts of the YAML files ``paths``, merged: key -> {language: text}.

    Raises
    ------
    CatalogueError
        When a key is defined twice, in one file or in two (the message names the file, the
        key and the line), or an entry is not a mapping of languages to texts.
    """
    merged: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for path in paths:
        data, lines = _read(Path(path))
        for key, entry in data.items():
            if key in merged:
                raise CatalogueError(
                    f"{path}, line {lines[key]}: the key {key!r} is already defined in "
                    f"{origin[key]}; keep one."
                )
            merged[key] = entry
            origin[key] = f"{path}, line {lines[key]}"
    return merged


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every text of the reports: key -> {language: text}, read once from :data:`TEXTS_DIR`.

    >>> catalogue()["yes"]
    {'id': 'ya', 'en': 'yes'}
    """
    return load_catalogue(sorted(TEXTS_DIR.glob("*.yml")))


def has_text(key: str) -> bool:
    """Whether the catalogue has the text ``key``.

    >>> has_text("yes"), has_text("no_such_key")
    (True, False)
    """
    return key in catalogue()


def check_lang(lang: str) -> str:
    """``lang`` if supported, else a clear error."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}.")
    return lang


def t(key: str, lang: str = "id", **values) -> str:
    """The text ``key`` in ``lang``, with ``values`` filled in.

    Examples
    --------
    >>> t("bup_line", "en", age=58)
    'Retirement age 58'
    """
    check_lang(lang)
    return catalogue()[key][lang].format(**values)


def number(value: float, lang: str = "id", decimals: int = 0) -> str:
    """A number in the language's format (Indonesian: 1.234,5; English: 1,234.5).

    Examples
    --------
    >>> number(12345.678, "id", 1), number(12345.678, "en", 1)
    ('12.345,7', '12,345.7')
    >>> number(-0.04, "id", 1)
    '0,0'
    """
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return "∞"
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # a value that rounds to zero has no sign: "0,0", never "-0,0"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def date(value, lang: str = "id") -> str:
    """A date as ``31 Desember 2025`` / ``31 December 2025``.

    >>> date("2025-12-31", "id"), date("2025-03-01", "en")
    ('31 Desember 2025', '1 March 2025')
    """
    ts = pd.Timestamp(value)
    return f"{ts.day} {t(f'month_{ts.month}', lang)} {ts.year}"


def join_and(items: Iterable[str], lang: str = "id") -> str:
    """Items as a list in prose: ``a, b dan c`` / ``a, b and c``.

    >>> join_and(["a", "b", "c"], "id"), join_and(["a"], "en"), join_and([], "en")
    ('a, b dan c', 'a', '')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('list_and', lang)} " + items[-1]


def join_or(items: Iterable[str], lang: str = "id") -> str:
    """Alternatives as a list in prose: ``a, b atau c`` / ``a, b or c``.

    >>> join_or(["a", "b", "c"], "id"), join_or(["a", "b"], "en")
    ('a, b atau c', 'a or b')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('list_or', lang)} " + items[-1]


def label(key: str, lang: str = "id", default: str | None = None) -> str:
    """:func:`t` for a label that may have no translation: ``default`` (else the key's last
    part) when there is none.

    >>> label("method_external", "en"), label("method_other", "en")
    ('external panel', 'other')
    """
    if has_text(key):
        return t(key, lang)
    return default if default is not None else key.split("_", 1)[-1]
