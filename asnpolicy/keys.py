"""Membership and lookup of id columns, done by Arrow's hash kernels.

pandas 3 stores text as Arrow strings, and its own ``isin``/``map`` on them go through Python
objects: on two million ids, ``Series.isin`` took 6.2 s and ``Series.map`` 1.6 s where
``pyarrow.compute.is_in``/``index_in`` took 0.3 s (``make bench``). Every cross-table check
and every join by id in the package runs through these two functions, so the national run
(millions of employees and applicants) stays linear and fast.

Examples
--------
>>> import pandas as pd
>>> ids = pd.Series(["e1", "e3", None, "e2"])
>>> isin(ids, pd.Series(["e1", "e2"])).tolist()
[True, False, False, True]
>>> lookup(ids, pd.Series([10, 20], index=["e1", "e2"])).tolist()
[10.0, nan, nan, 20.0]

A small fixed mapping (a rating scale, a retirement age per kind of position) is applied by
:func:`recode` to each distinct text once, not to every cell:

>>> recode(pd.Series(["baik", "kurang", "baik"]), {"baik": 4, "kurang": 2}).tolist()
[4, 2, 4]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.extensions import take

__all__ = ["is_number_of_length", "isin", "lookup", "positions", "recode"]


def _arrow(values: pd.Series | pd.Index | np.ndarray) -> pa.Array | pa.ChunkedArray:
    """The values as Arrow text (no copy when they are Arrow strings already)."""
    array = getattr(values, "array", values)
    if hasattr(array, "_pa_array"):
        arrow = array._pa_array
    else:
        arrow = pa.array(np.asarray(values, dtype=object), from_pandas=True)
    return arrow if arrow.type == pa.large_string() else arrow.cast(pa.large_string())


def _textual(values) -> bool:
    """Text ids (Arrow strings, or Python strings in an object column)."""
    return pd.api.types.is_string_dtype(values)


def positions(values: pd.Series, keys: pd.Series | pd.Index) -> np.ndarray:
    """Position of each value among ``keys`` (the first one when repeated), -1 when absent.

    Parameters
    ----------
    values : Series
        The ids to look up; missing values are absent.
    keys : Series or Index
        The ids to find them in.

    Returns
    -------
    ndarray of int64
    """
    if _textual(values) and _textual(keys):
        # index_in gives the first position of a repeated key in value_set
        found = pc.index_in(_arrow(values), value_set=_arrow(keys))
        return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    index = pd.Index(keys)
    if index.is_unique:
        return index.get_indexer(values)
    first = ~index.duplicated()
    at = index[first].get_indexer(values)
    return np.where(at >= 0, np.flatnonzero(first)[np.maximum(at, 0)], -1)


def isin(
    values: pd.Series, allowed: pd.Series | pd.Index, *, missing_match: bool = False
) -> np.ndarray:
    """Whether each value is among ``allowed`` (missing values never are, unless
    ``missing_match``).

    Parameters
    ----------
    values : Series
        The ids to check.
    allowed : Series or Index
        The ids to find them in.
    missing_match : bool
        A missing value is among ``allowed`` when ``allowed`` holds a missing value too, as
        with pandas' ``Series.isin`` (for a drop-in replacement of it).

    Returns
    -------
    ndarray of bool
    """
    if _textual(values) and _textual(allowed):
        found = pc.is_in(_arrow(values), value_set=_arrow(allowed), skip_nulls=not missing_match)
        return found.fill_null(False).to_numpy(zero_copy_only=False)
    found = values.isin(allowed).to_numpy()
    return found if missing_match else found & pd.notna(values).to_numpy()


def lookup(values: pd.Series, mapping: pd.Series, *, at: np.ndarray | None = None) -> pd.Series:
    """``mapping[value]`` for each value, missing where the value is not in ``mapping``'s
    index; like ``values.map(mapping)`` (the first entry of a repeated key wins).

    Parameters
    ----------
    values : Series
        The ids to look up.
    mapping : Series
        Indexed by id.
    at : ndarray, optional
        ``positions(values, mapping.index)`` when already found (several columns looked up
        by the same ids).

    Returns
    -------
    Series
        Indexed like ``values``.
    """
    if at is None:
        at = positions(values, mapping.index)
    array = mapping.array
    if isinstance(array, pd.arrays.NumpyExtensionArray):
        # numbers: -1 gives NaN (whole numbers become floats, as with ``map``)
        taken = take(array.to_numpy(), at, allow_fill=True)
    else:
        taken = array.take(at, allow_fill=True)
    return pd.Series(taken, index=values.index, name=values.name)


def recode(values: pd.Series, mapping: Mapping) -> pd.Series:
    """``values.map(mapping)`` for text values and a small mapping, computed once per distinct
    value (dictionary-encoded by Arrow) and given to the cells by position.

    ``Series.map`` on Arrow strings hashes every cell as a Python object (9 s for the 15
    million SKP ratings of the national data); here the cells are encoded once and only the
    handful of distinct labels go through ``map``. The result is what ``map`` gives: the same
    values, dtype (whole numbers stay ``int64`` unless a value is not mapped), index and name.

    Parameters
    ----------
    values : Series
        Text (or anything else: then plain ``values.map(mapping)``).
    mapping : Mapping or Series
        Label -> value.

    Returns
    -------
    Series
        Indexed like ``values``.
    """
    if not len(values) or not isinstance(values.dtype, pd.StringDtype):
        return values.map(mapping)
    codes, distinct = pd.factorize(values, use_na_sentinel=False)  # a missing value too
    mapped = pd.Series(distinct, dtype=values.dtype).map(mapping)
    return pd.Series(mapped.array.take(codes), index=values.index, name=values.name)


def is_number_of_length(values: pd.Series, lengths: tuple[int, ...]) -> np.ndarray:
    """Whether each text is made only of digits, ``lengths`` of them (missing: False).

    A bare 16-digit id is a NIK and an 18-digit one a NIP (see :mod:`asnpolicy.validation`);
    Arrow's kernels answer for millions of ids in a few hundredths of a second.

    Examples
    --------
    >>> is_number_of_length(pd.Series(["3201011234560001", "e0001", None]), (16, 18)).tolist()
    [True, False, False]
    """
    text = _arrow(values)
    sized = pc.is_in(pc.utf8_length(text), value_set=pa.array(lengths, pa.int64()))
    return pc.and_(pc.utf8_is_digit(text), sized).fill_null(False).to_numpy(zero_copy_only=False)
