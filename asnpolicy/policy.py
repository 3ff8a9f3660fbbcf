"""A region's recruitment policy as data: the SKB weights it declares and its policy profile.

A region states its policy in the optional ``region_policies`` table (one row per region, and
optionally per year and track): the CAT-SKB's weight in the SKB, the one extra test and its
weight, the selection stages, panels, registration, training, feedback and merit practices.
:func:`region_policy` reads the row that applies; a study region without a row falls back to
the built-in registry (:mod:`asnpolicy.regions`), whose documents name their tests but publish
no weights; any other region has no policy, and nothing is assumed for it.

The limits on the weights are those of PermenPANRB No. 27 Tahun 2021 for a regional government
(instansi daerah): CAT-SKB at least 60 %, at most one extra test of at most 40 %, not an
interview, the weights summing to 1 (``rules.SKB_LIMITS["regional"]``). A row may record
weights outside these limits (a region may have used them); :attr:`RegionPolicy.within_limits`
says whether they are within.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import regions as registry
from .io import Dataset
from .regions import PolicyProfile
from .schema import LIST_SEPARATOR
from .selection import validate_skb_weights

__all__ = ["SOURCES", "RegionPolicy", "policies_frame", "region_policies", "region_policy"]

#: Where a region's policy comes from: a ``region_policies`` row, the built-in registry, none.
SOURCES = ("data", "registry", "none")

_LIST_FIELDS = {
    # PolicyProfile attribute: region_policies column
    "selection_stages": "stages",
    "panel_members": "panel_members",
    "registration_channels": "registration_channels",
    "training_programmes": "training_programmes",
    "training_partners": "training_partners",
    "feedback_practices": "feedback_practices",
    "merit_practices": "merit_practices",
}
_SCALAR_FIELDS = ("panel_type", "online_registration", "document_upload", "fixed_stage_weights")
#: Tolerance of cat_weight + extra_weight = 1 (as the schema's row rule).
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class RegionPolicy:
    """A region's recruitment policy, as :func:`region_policy` finds it.

    Attributes
    ----------
    region_id : str
    source : str
        ``data`` (a ``region_policies`` row), ``registry`` (the built-in profile of a study
        region) or ``none`` (no policy known: nothing is assumed).
    skb_weights : dict or None
        The SKB weights the policy declares, e.g. ``{"cat": 0.6, "competency": 0.4}``; None
        when it declares none (the registry's documents publish no weights).
    profile : PolicyProfile or None
        Built from the row (a study region's empty cells taken from its registry profile),
        else the registry's, else None.
    within_limits : bool or None
        Whether the declared weights are within the limits of PermenPANRB 27/2021 for a
        regional government (CAT-SKB >= 60 %, one extra test <= 40 %, not an interview);
        None when no weights are declared.
    """

    region_id: str
    source: str
    skb_weights: dict[str, float] | None
    profile: PolicyProfile | None
    within_limits: bool | None


def region_policy(
    ds: Dataset,
    region: str | None = None,
    year: int | None = None,
    track: str | None = None,
) -> RegionPolicy:
    """The recruitment policy of ``region`` (default: the data's one region).

    Parameters
    ----------
    ds : Dataset
        Its ``region_policies`` table, when present, states the policy.
    region : str, optional
        Region id; default ``ds.region`` (the data's one region).
    year : int, optional
        Recruitment year. A row for that year wins over a row for every year (empty
        ``year``); without ``year``, the row for every year, else the latest year's row.
    track : {"cpns", "pppk"}, optional
        A row for the track wins over a row for both (empty ``track``); without ``track``,
        the row for both, else the CPNS row (the SKB weights are the CPNS selection's).

    Returns
    -------
    RegionPolicy

    Notes
    -----
    The SKB weights of a row: ``cat_weight`` with ``extra_test`` at ``extra_weight``; one of
    the two weights may be left empty when the other is given (the two sum to 1); a
    ``cat_weight`` of 1 with no extra test is CAT-SKB alone. A row with neither weight
    declares none, whatever its stages. Weights outside the limits of PermenPANRB 27/2021 for
    a regional government are kept as recorded, with ``within_limits`` False.

    References
    ----------
    Peraturan Menteri PANRB No. 27 Tahun 2021 tentang Pengadaan Pegawai Negeri Sipil (SKB
    weights of instansi daerah).

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"region_id": ["kerinci"], "cat_weight": [0.6],
    ...                      "extra_test": ["competency"], "extra_weight": [0.4]})
    >>> policy = region_policy(Dataset(region_policies=rows), "kerinci")
    >>> policy.source, policy.skb_weights, policy.within_limits
    ('data', {'cat': 0.6, 'competency': 0.4}, True)
    >>> region_policy(Dataset(), "pauh").source
    'registry'
    >>> region_policy(Dataset(), "kerinci").source
    'none'
    """
    key = ds.region if region is None else region
    return region_policies(ds, [key], year=year, track=track)[key]


def region_policies(
    ds: Dataset,
    regions: Sequence[str] | None = None,
    *,
    year: int | None = None,
    track: str | None = None,
) -> dict[str, RegionPolicy]:
    """:func:`region_policy` of each of ``regions`` (default: the data's), the rows that
    apply chosen for all of them at once (a national comparison holds 552 regions).

    Parameters
    ----------
    ds : Dataset
    regions : list of str, optional
        Region ids; default ``ds.region_ids()``.
    year, track
        As for :func:`region_policy`.

    Returns
    -------
    dict
        Each region id as given -> its :class:`RegionPolicy`.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"region_id": ["kerinci", "kerinci"], "year": [2023, 2024],
    ...                      "cat_weight": [0.7, 0.6], "extra_test": ["competency"] * 2})
    >>> found = region_policies(Dataset(region_policies=rows), ["kerinci", "pauh", "x"])
    >>> found["kerinci"].skb_weights, found["pauh"].source, found["x"].source
    ({'cat': 0.6, 'competency': 0.4}, 'registry', 'none')
    """
    wanted = ds.region_ids() if regions is None else list(regions)
    rows = ds.region_policies
    chosen = _chosen_rows(rows, year, track)
    found: dict[str, RegionPolicy] = {}
    for region in wanted:
        key = str(region).strip().lower()
        known = _registry_profile(key)
        if key not in chosen:
            found[region] = RegionPolicy(key, "registry" if known else "none", None, known, None)
            continue
        row = rows.iloc[chosen[key]]
        weights = _row_weights(row)
        found[region] = RegionPolicy(
            region_id=key,
            source="data",
            skb_weights=weights,
            profile=_row_profile(row, known),
            within_limits=None if weights is None else _within_limits(weights),
        )
    return found


def policies_frame(ds: Dataset, *, year: int | None = None) -> pd.DataFrame:
    """Every region's policy, one row per region (the regions of the data, then those with a
    ``region_policies`` row only), in study order.

    Parameters
    ----------
    ds : Dataset
    year : int, optional
        As for :func:`region_policy`.

    Returns
    -------
    DataFrame
        ``region_id``, ``source`` (``data``, ``registry``, ``none``), ``skb_weights`` (dict or
        None), ``cat_weight``, ``extra_test``, ``extra_weight``, ``within_limits`` (empty when
        no weights are declared), and the profile's fields: ``selection_stages``,
        ``fixed_stage_weights``, ``panel_type``, ``panel_members``, ``registration_channels``,
        ``online_registration``, ``document_upload``, ``training_programmes``,
        ``training_partners``, ``feedback_practices``, ``merit_practices`` (tuples for the
        lists), ``stresses_id``, ``stresses_en`` (empty for a region without a profile).

    Examples
    --------
    >>> policies_frame(Dataset(regions=registry.regions_frame(["pauh"])))[
    ...     ["region_id", "source", "panel_type"]].values.tolist()
    [['pauh', 'registry', 'mixed']]
    """
    found = set(ds.region_ids())
    if ds.region_policies is not None:
        found |= set(ds.region_policies["region_id"].dropna().str.strip().str.lower())
    rows = []
    for policy in region_policies(ds, sorted(found, key=registry.study_order), year=year).values():
        weights = policy.skb_weights or {}
        extra = next((c for c in weights if c != "cat"), None)
        profile = policy.profile
        rows.append(
            {
                "region_id": policy.region_id,
                "source": policy.source,
                "skb_weights": policy.skb_weights,
                "cat_weight": weights.get("cat"),
                "extra_test": extra,
                "extra_weight": weights.get(extra) if extra else None,
                "within_limits": policy.within_limits,
                **{
                    f: getattr(profile, f) if profile is not None else None
                    for f in (*_LIST_FIELDS, *_SCALAR_FIELDS, "stresses_id", "stresses_en")
                },
            }
        )
    columns = [
        "region_id",
        "source",
        "skb_weights",
        "cat_weight",
        "extra_test",
        "extra_weight",
        "within_limits",
        *_LIST_FIELDS,
        *_SCALAR_FIELDS,
        "stresses_id",
        "stresses_en",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype(
        {
            "cat_weight": "float64",
            "extra_weight": "float64",
            "within_limits": "boolean",
            "online_registration": "boolean",
            "document_upload": "boolean",
            "fixed_stage_weights": "boolean",
        }
    )


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _registry_profile(region: str) -> PolicyProfile | None:
    try:
        return registry.get_region(region).profile
    except ValueError:
        return None


def _chosen_rows(rows: pd.DataFrame | None, year, track) -> dict[str, int]:
    """The position of the one ``region_policies`` row that applies to each region (by its
    id trimmed and in lower case), the most specific first: a row for ``year`` before a row
    for every year, one for ``track`` before one for both; without ``year``, the rows for
    every year, else the latest year's; without ``track``, the rows for both, else the CPNS
    rows, else any. Regions without such a row are absent."""
    if rows is None or not len(rows) or "region_id" not in rows:
        return {}
    key = rows["region_id"].astype("string").str.strip().str.lower()
    years = (
        pd.to_numeric(rows["year"], errors="coerce").astype("float64")
        if "year" in rows
        else pd.Series(np.nan, index=rows.index)
    )
    tracks = (
        rows["track"].astype("string").str.strip().str.lower()
        if "track" in rows
        else pd.Series(pd.NA, index=rows.index, dtype="string")
    )

    def anywhere(flags: pd.Series) -> np.ndarray:
        """Whether the flag holds for some row of the row's region."""
        return flags.groupby(key).transform("any").fillna(False).to_numpy(dtype=bool)

    every_year, both_tracks = years.isna(), tracks.isna()
    if year is not None:
        year_ok = (every_year | years.eq(int(year))).to_numpy(dtype=bool)
    else:
        latest = years.groupby(key).transform("max").to_numpy()
        year_ok = np.where(anywhere(every_year), every_year, years.to_numpy() == latest)
    if track is not None:
        track_ok = (both_tracks | tracks.eq(str(track).lower())).fillna(False).to_numpy(bool)
    else:
        cpns = tracks.eq("cpns").fillna(False)
        track_ok = np.where(
            anywhere(both_tracks),
            both_tracks,
            np.where(anywhere(cpns), cpns, tracks.notna()),
        )
    ok = year_ok & track_ok & key.notna().to_numpy()
    candidates = pd.DataFrame(
        {
            "key": key.to_numpy(),
            "year_set": ~every_year.to_numpy(),
            "track_set": ~both_tracks.to_numpy(),
            "position": np.arange(len(rows)),
        }
    )[ok]
    best = candidates.sort_values(
        ["year_set", "track_set", "position"], ascending=[False, False, True]
    ).drop_duplicates("key")
    return dict(zip(best["key"], best["position"].tolist(), strict=True))


def _value(row: pd.Series, column: str):
    """The cell, or None when the column is absent or the cell empty."""
    if column not in row.index:
        return None
    value = row[column]
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _row_weights(row: pd.Series) -> dict[str, float] | None:
    """The SKB weights a row declares (see :func:`region_policy`, Notes), None if none."""
    cat, extra_weight = _value(row, "cat_weight"), _value(row, "extra_weight")
    extra = _value(row, "extra_test")
    extra = str(extra).strip().lower() if extra is not None else None
    if cat is None and extra_weight is None:
        return None
    if extra is None:
        # CAT-SKB alone (a cat_weight below 1 without its extra test fails validation)
        return {"cat": float(cat)} if cat is not None else None
    cat = float(cat) if cat is not None else round(1 - float(extra_weight), 12)
    extra_weight = float(extra_weight) if extra_weight is not None else round(1 - cat, 12)
    return {"cat": cat, extra: extra_weight} if extra_weight > 0 else {"cat": cat}


def _within_limits(weights: dict[str, float]) -> bool:
    """Within PermenPANRB 27/2021's limits for a regional government (and summing to 1)."""
    if abs(sum(weights.values()) - 1) > _TOLERANCE:
        return False
    try:
        validate_skb_weights(weights, level="regional")
    except ValueError:
        return False
    return True


def _split(value) -> tuple[str, ...]:
    if value is None:
        return ()
    items = (item.strip() for item in str(value).split(LIST_SEPARATOR))
    return tuple(item for item in items if item)


def _row_profile(row: pd.Series, known: PolicyProfile | None) -> PolicyProfile:
    """The profile a row states; a study region's empty cells come from its registry profile."""
    fields: dict[str, object] = {}
    for name, column in _LIST_FIELDS.items():
        items = _split(_value(row, column))
        if name == "selection_stages":
            items = tuple(i.lower() for i in items)
        fields[name] = items or (getattr(known, name) if known is not None else ())
    for name in _SCALAR_FIELDS:
        value = _value(row, name)
        if name == "panel_type" and value is not None:
            value = str(value).strip().lower()
        elif value is not None:
            value = bool(value)
        fields[name] = value if value is not None or known is None else getattr(known, name)
    text = _value(row, "stresses")
    text = str(text).strip() if text is not None else ""
    if known is not None and (not text or text in (known.stresses_id, known.stresses_en)):
        # the registry's own sentence (or none): keep its words in both languages
        fields["stresses_id"], fields["stresses_en"] = known.stresses_id, known.stresses_en
    else:
        fields["stresses_id"] = fields["stresses_en"] = text  # the region's own words
    return PolicyProfile(**fields)
