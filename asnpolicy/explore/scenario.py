"""A scenario explored in the panels, saved as the YAML of notebook parameters that
``asnpolicy report -p scenario.yaml`` reads, so that an exploration becomes a report."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..narrative.text import t
from .budget import BudgetChoice
from .remedial import RemedialChoice
from .selection import SelectionChoice, rule_breaks, scenario_validities

__all__ = ["save_scenario", "scenario_parameters"]


def scenario_parameters(
    selection: SelectionChoice | None = None,
    budget: BudgetChoice | None = None,
    remedial: RemedialChoice | None = None,
    *,
    as_of: pd.Timestamp | None = None,
    lang: str = "id",
    extra: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """The notebook parameters of a scenario (report 01 for the budget, 02 for the design,
    03 for the IKM cut), as ``asnpolicy report -p`` passes them.

    Parameters
    ----------
    selection, budget, remedial : choices, optional
        What the panels hold; a panel left out adds nothing.
    as_of : Timestamp, optional
        The staff count's date: turns the budget's horizon year into ``horizon_years``.
    lang : str
        Language of the design's name on report 02.
    extra : mapping, optional
        Further parameters the panels used (``stage_costs``, ``tenure_years``, ``n_boot``).

    Examples
    --------
    >>> p = scenario_parameters(SelectionChoice(0.6, "psych"))
    >>> p["designs"][0]["skb_weights"], p["designs"][0]["official"]
    ({'cat': 0.6, 'psych': 0.4}, True)
    """
    out: dict[str, object] = {}
    if selection is not None:
        out["designs"] = [
            {
                "name": t("ex_design_name", lang),
                "skb_weights": selection.skb_weights,
                "skd_weight": float(selection.skd_weight),
                "official": not rule_breaks(selection, selection.year),
            }
        ]
        out["year"] = selection.year
        out["formasi"] = selection.formasi
        validities = scenario_validities(selection)
        out["validities"] = (
            None
            if validities is None
            else {k: (None if v is None else float(v)) for k, v in validities.items()}
        )
    if budget is not None:
        out["budget"] = budget.budget
        out["budget_unit"] = budget.budget_unit
        out["front_line_weight"] = float(budget.front_line_weight)
        when = as_of if as_of is not None else pd.Timestamp.today()
        out["horizon_years"] = budget.years(pd.Timestamp(when))
    if remedial is not None:
        out["ikm_threshold"] = remedial.cut
        out["sample_rule"] = remedial.sample_rule
    for key, value in (extra or {}).items():
        out[key] = _plain(value)
    return out


def _plain(value):
    """Numbers and mappings as YAML writes them plainly (no numpy types)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def save_scenario(
    parameters: Mapping[str, object], path: str | os.PathLike, *, region: str | None = None
) -> Path:
    """Write ``parameters`` as YAML to ``path`` (replaced whole, never half-written), with a
    comment saying how to run it.

    Returns
    -------
    Path
        The file written.
    """
    import yaml

    target = Path(path)
    if target.suffix not in (".yaml", ".yml"):
        raise ValueError(f"A scenario is a .yaml file, not {target.name!r}.")
    body = yaml.safe_dump(dict(parameters), allow_unicode=True, sort_keys=False)
    where = f" --region {region}" if region else ""
    header = (
        "# asnpolicy scenario (notebook 05_explore). Run it as reports:\n"
        f"#   asnpolicy report --data DATA{where} -p {target.name}\n"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".scenario-", suffix=".yaml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(header + body)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
