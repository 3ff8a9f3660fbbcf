"""Sections that run on whatever data are present.

Every section of a report page computes through :func:`compute` and shows through
:func:`ready`: when a table or column the section needs is absent or empty, or the analysis
raises :class:`asnpolicy.insufficient.NotEnoughData`, the section shows one sentence saying what
it would need, and the rest of the page runs.

A notebook cell reads::

    funnel = guard.compute(ds, ap.funnel.funnel, ds, needs=["applicants", "formasi"])
    ...
    display(ap.narrative.section("sel_section_applicants", lang=lang))
    if guard.ready(funnel, lang=lang):
        ap.narrative.figure(ap.plots.selection_funnel(funnel, ds, lang=lang))

and a summary treats a :class:`Missing` result (falsy) as a part it leaves out
(:func:`present`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from IPython import display as ipython_display
from IPython.display import Markdown

from ..insufficient import NotEnoughData
from ..io import Dataset
from ..schema import TABLES
from .text import has_text, join_and, join_or, label, t

__all__ = [
    "ANY_OF_CODES",
    "Missing",
    "compute",
    "missing_inputs",
    "needs",
    "present",
    "ready",
    "sheet_name",
]

#: The sheet (or file) name a page tells an Indonesian reader to add for each table: a short
#: name the loader accepts (``asnpolicy.spellings.TABLE_ALIASES``; case and spaces aside), so
#: the sentence names something the analyst can type. English pages name the table itself,
#: unless its name is snake_case.
SHEET_NAMES_ID: dict[str, str] = {
    "regions": "wilayah",
    "units": "unit",
    "positions": "jabatan",
    "workload": "abk",
    "employees": "pegawai",
    "formasi": "formasi",
    "applicants": "pelamar",
    "assessments": "penilaian",
    "performance": "kinerja",
    "skm": "skm",
    "ikm_published": "IKM terbitan",
    "training": "pelatihan",
    "promotions": "promosi",
    "region_policies": "kebijakan",
}


def sheet_name(table: str, lang: str = "id") -> str:
    """The sheet name a reader of ``lang`` is told to add for ``table``.

    Examples
    --------
    >>> sheet_name("applicants"), sheet_name("applicants", "en")
    ('pelamar', 'applicants')
    >>> sheet_name("region_policies", "en")
    'kebijakan'
    """
    if lang == "id" or "_" in table:  # a one-word name the loader accepts, not snake_case
        return SHEET_NAMES_ID.get(table, table)
    return table


#: Codes of :class:`NotEnoughData` whose ``needs`` are alternatives: any one of them would do
#: (fairness needs gender, origin or the registration mode).
ANY_OF_CODES: frozenset[str] = frozenset({"no_groups"})


@dataclass(frozen=True)
class Missing:
    """What a section lacks: the inputs it needs (``"table"`` or ``"table.column"``) that are
    absent or empty, or the code of the analysis's :class:`NotEnoughData` with its counts.

    Falsy, so ``if result:`` and :func:`present` read as "was it computed?".
    """

    needs: tuple[str, ...] = ()
    code: str | None = None
    counts: Mapping[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return False

    def sentence(self, lang: str = "id") -> str:
        """One sentence, in ``lang``, saying what the section would need."""
        tables = [n for n in self.needs if "." not in n]
        columns = [n.split(".", 1) for n in self.needs if "." in n]
        parts = [
            t(
                "need_table",
                lang,
                table=label(f"need_table_{n}", lang, n),
                sheet=sheet_name(n, lang),
            )
            for n in tables
        ]
        parts += [
            t(
                "need_column",
                lang,
                column=label(f"need_col_{table}_{column}", lang, column),
                table=label(f"need_table_{table}", lang, table),
            )
            for table, column in columns
        ]
        if parts:
            join = join_or if self.code in ANY_OF_CODES else join_and
            return t("need_inputs", lang, inputs=join(parts, lang))
        key = f"need_code_{self.code}"
        if self.code and has_text(key):
            return t(key, lang, **self.counts)
        return t("need_code_other", lang)


def missing_inputs(
    ds: Dataset,
    tables: Iterable[str] = (),
    columns: Mapping[str, Iterable[str]] | None = None,
) -> tuple[str, ...]:
    """The ``tables`` absent from ``ds`` or without rows, and the ``columns`` (table ->
    column names) absent from a present table or empty in every row.

    Examples
    --------
    >>> import pandas as pd
    >>> ds = Dataset(units=pd.DataFrame({"unit_id": ["u"], "name": [None]}))
    >>> missing_inputs(ds, ["units", "skm"], {"units": ["name", "unit_id"]})
    ('skm', 'units.name')
    """
    absent = [n for n in tables if _rows(ds, n) == 0]
    for table, names in (columns or {}).items():
        frame = getattr(ds, table, None)
        if frame is None or not len(frame):
            if table not in absent:
                absent.append(table)
            continue
        absent += [f"{table}.{c}" for c in names if c not in frame or frame[c].isna().all()]
    return tuple(absent)


def _rows(ds: Dataset, table: str) -> int:
    if table not in TABLES:
        raise ValueError(f"Unknown table {table!r}; tables: {', '.join(TABLES)}")
    frame = getattr(ds, table, None)
    return 0 if frame is None else len(frame)


def compute(
    ds: Dataset,
    fn: Callable[..., Any],
    *args: Any,
    needs: Iterable[str] = (),
    columns: Mapping[str, Iterable[str]] | None = None,
    **kwargs: Any,
) -> Any:
    """``fn(*args, **kwargs)``, or a :class:`Missing` when an input in ``needs`` (tables) or
    ``columns`` (table -> columns) is absent or empty, or ``fn`` raises
    :class:`NotEnoughData`. Any other error propagates (it is a bug, not missing data).

    Examples
    --------
    >>> import pandas as pd
    >>> ds = Dataset(units=pd.DataFrame({"unit_id": ["u"]}))
    >>> compute(ds, len, ds.units, needs=["units"])
    1
    >>> compute(ds, len, ds.skm, needs=["skm"])
    Missing(needs=('skm',), code=None, counts={})
    """
    gaps = missing_inputs(ds, needs, columns)
    if gaps:
        return Missing(gaps)
    try:
        return fn(*args, **kwargs)
    except NotEnoughData as err:
        return Missing(err.needs, err.code, dict(err.counts))


def present(*results: Any) -> bool:
    """Whether every result was computed (none is :class:`Missing` or None)."""
    return all(r is not None and not isinstance(r, Missing) for r in results)


def ready(*results: Any, lang: str = "id") -> bool:
    """True when every result was computed; else shows, once each, the sentence of every
    :class:`Missing` among them and returns False."""
    shown: list[str] = []
    for r in results:
        if r is None:
            r = Missing(code="other")
        if isinstance(r, Missing):
            text = r.sentence(lang)
            if text not in shown:
                shown.append(text)
    for text in shown:
        ipython_display.display(Markdown(f'<p class="report-missing">{text}</p>'))
    return not shown


def needs(
    ds: Dataset,
    *tables: str,
    columns: Mapping[str, Iterable[str]] | None = None,
    lang: str = "id",
) -> bool:
    """:func:`ready` for the inputs themselves: True when every table (and column) is
    present with rows; else shows the one sentence and returns False."""
    gaps = missing_inputs(ds, tables, columns)
    return ready(Missing(gaps) if gaps else True, lang=lang)
