"""The selection-design what-if: one design an analyst sets (SKB weights, the extra test, the
SKD weight, the panel, year and formasi) against the region's official design.

Everything is computed by :func:`asnpolicy.designs.run_designs`, the function behind the
design comparison of report 02; this module only turns the analyst's choices into a
:class:`~asnpolicy.designs.SelectionPolicy`, checks them against the regional limits of
PermenPANRB 27/2021, and reads off what changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import keys, rules
from ..designs import (
    DesignRun,
    SelectionPolicy,
    meta_analytic_validities,
    official_design,
    run_designs,
)
from ..io import Dataset

__all__ = [
    "EXTRA_TESTS",
    "PANELS",
    "SelectionChoice",
    "SelectionEffect",
    "extra_tests_recorded",
    "rule_breaks",
    "scenario_design",
    "scenario_validities",
    "selection_effect",
]

#: Extra SKB tests a design may add to CAT-SKB (``skb_<test>`` scores).
EXTRA_TESTS = ("psych", "competency", "practical", "interview")
#: Panel types of the SKB interview (``applicants.panel``).
PANELS = ("internal", "external", "mixed")
#: The regional SKB limits of PermenPANRB 27/2021 (``rules.SKB_LIMITS["regional"]``).
_LIMITS = rules.SKB_LIMITS["regional"]


@dataclass(frozen=True)
class SelectionChoice:
    """What an analyst sets in the selection panel.

    Attributes
    ----------
    cat_weight : float
        CAT-SKB's share of the SKB score (0-1); the extra test weighs the rest.
    extra_test : str or None
        The extra SKB test (one of :data:`EXTRA_TESTS`), or None for CAT-SKB only.
    skd_weight : float
        SKD's weight in the final score (the official integration gives 40 %:
        ``rules.integration_rule``).
    panel : str or None
        Who runs the SKB interview (:data:`PANELS`); it matters only with published
        validities (a structured interview for an external or mixed panel, unstructured for
        an internal one: :func:`asnpolicy.designs.meta_analytic_validities`).
    published_validities : bool
        Model later performance from published validities (Sackett et al. 2022) instead of
        the recruits' own SKP, for regions with few recruits.
    year : int or None
        Recruitment year (None: every year).
    formasi : str or None
        One formasi (``formasi_id``) to evaluate, or None for all.
    """

    cat_weight: float = 1.0
    extra_test: str | None = None
    skd_weight: float = 0.4
    panel: str | None = None
    published_validities: bool = False
    year: int | None = None
    formasi: str | None = None

    @property
    def skb_weights(self) -> dict[str, float]:
        """The SKB weights: CAT-SKB and, when it weighs less than 1, the extra test.

        >>> SelectionChoice(0.6, "interview").skb_weights
        {'cat': 0.6, 'interview': 0.4}
        """
        cat = round(float(self.cat_weight), 6)
        if self.extra_test is None or cat >= 1:
            return {"cat": 1.0}
        return {"cat": cat, self.extra_test: round(1 - cat, 6)}


def rule_breaks(choice: SelectionChoice, year: int | None = None) -> list[str]:
    """The regional limits a choice breaks (empty: within the rules).

    Codes: ``cat_min`` (CAT-SKB below 60 %), ``extra_max`` (the extra test above 40 %),
    ``interview`` (an interview as the extra test), all from PermenPANRB 27/2021
    (``rules.SKB_LIMITS["regional"]``); ``skd_weight`` (an SKD weight other than the
    integration rule's, ``rules.integration_rule``).

    >>> rule_breaks(SelectionChoice(0.5, "interview"))
    ['cat_min', 'extra_max', 'interview']
    >>> rule_breaks(SelectionChoice(0.6, "psych"))
    []
    """
    weights = choice.skb_weights
    breaks = []
    if weights.get("cat", 0.0) < _LIMITS.cat_min - 1e-9:
        breaks.append("cat_min")
    extras = {c: w for c, w in weights.items() if c != "cat" and w > 0}
    if any(w > _LIMITS.extra_max.get(c, _LIMITS.extra_max[None]) + 1e-9 for c, w in extras.items()):
        breaks.append("extra_max")
    if any(c in _LIMITS.forbidden_extra for c in extras):
        breaks.append("interview")
    official_skd = rules.integration_rule(year or max(rules.INTEGRATION)).skd_weight
    if abs(choice.skd_weight - official_skd) > 1e-9:
        breaks.append("skd_weight")
    return breaks


def scenario_design(choice: SelectionChoice, year: int | None = None) -> SelectionPolicy:
    """The :class:`~asnpolicy.designs.SelectionPolicy` of a choice, named ``scenario``:
    official when it breaks no regional limit (:func:`rule_breaks`)."""
    return SelectionPolicy(
        "scenario",
        choice.skb_weights,
        skd_weight=float(choice.skd_weight),
        official=not rule_breaks(choice, year),
    )


def scenario_validities(choice: SelectionChoice) -> dict[str, float | None] | None:
    """The validities of a choice: None (the recruits' own SKP) or the published ones for
    its panel, TWK with no weight of its own (as :func:`asnpolicy.designs.
    fallback_validities`)."""
    if not choice.published_validities:
        return None
    return {**meta_analytic_validities(choice.panel), "twk": None}


def extra_tests_recorded(ds: Dataset) -> list[str]:
    """The extra SKB tests some applicant has a score in (the others cannot be evaluated)."""
    a = ds.applicants if ds.applicants is not None else pd.DataFrame()
    return [c for c in EXTRA_TESTS if f"skb_{c}" in a and a[f"skb_{c}"].notna().any()]


@dataclass
class SelectionEffect:
    """What a choice changes, against the official design.

    Attributes
    ----------
    choice : SelectionChoice
    breaks : list of str
        :func:`rule_breaks`.
    table : DataFrame
        :func:`asnpolicy.designs.run_designs`'s table: row 0 the official design, row 1 the
        scenario.
    hires_changed : int
        People the scenario hires whom the official design does not (as many are dropped).
    hires : int
        People the official design hires in the formasi evaluated.
    formasi_changed : list of str
        Formasi (``formasi_id``) whose hires differ, in their order in the data.
    formasi_evaluated : int
        Formasi both designs can fill from the recorded scores.
    titles : dict
        ``formasi_id`` -> the position's title (or the id when unknown).
    official_selection : Series or None
        Who the official design selects among the CPNS applicants (for the next update).
    """

    choice: SelectionChoice
    breaks: list[str]
    table: pd.DataFrame
    hires_changed: int
    hires: int
    formasi_changed: list[str]
    formasi_evaluated: int
    titles: Mapping[str, str] = field(default_factory=dict)
    official_selection: pd.Series | None = None

    @property
    def official(self) -> pd.Series:
        return self.table.iloc[0]

    @property
    def scenario(self) -> pd.Series:
        return self.table.iloc[1]


def selection_effect(
    ds: Dataset,
    choice: SelectionChoice,
    *,
    official: SelectionPolicy | None = None,
    stage_costs: Mapping[str, float] | None = None,
    sd_y: float | None = None,
    tenure_years: float = 20.0,
    n_boot: int = 200,
    seed: int = 0,
    data: Dataset | None = None,
    official_selection: pd.Series | None = None,
) -> SelectionEffect:
    """The scenario of ``choice`` against the official design, on ``ds`` (one region).

    Parameters
    ----------
    ds : Dataset
        One region's data, all years (``choice.year`` selects one).
    choice : SelectionChoice
    official : SelectionPolicy, optional
        The official design (default :func:`asnpolicy.designs.official_design` of ``ds``).
    stage_costs, sd_y, tenure_years, n_boot, seed
        As :func:`asnpolicy.designs.run_designs`.
    data : Dataset, optional
        ``ds.for_years(choice.year)`` when the caller keeps it (else made here).
    official_selection : Series, optional
        An earlier effect's ``official_selection`` for the same ``data`` (not selected again).

    Raises
    ------
    NotEnoughData
        As :func:`asnpolicy.designs.run_designs` (a page words it with
        :mod:`asnpolicy.narrative.guard`).
    """
    if data is None:
        data = ds.for_years(choice.year) if choice.year is not None else ds
    official = official or official_design(ds)
    run: DesignRun = run_designs(
        data,
        [official, scenario_design(choice, choice.year)],
        validities=scenario_validities(choice),
        stage_costs=stage_costs,
        sd_y=sd_y,
        tenure_years=tenure_years,
        n_boot=n_boot,
        seed=seed,
        formasi=choice.formasi,
        selections=None if official_selection is None else {"official": official_selection},
    )
    chosen = run.selected
    gained = chosen["scenario"] & ~chosen["official"]
    differs = chosen["scenario"] != chosen["official"]
    changed = list(pd.unique(run.formasi_id[differs.to_numpy()]))
    titles = _titles(data, run.formasi_id.unique())
    return SelectionEffect(
        choice=choice,
        breaks=rule_breaks(choice, choice.year),
        table=run.table,
        hires_changed=int(gained.sum()),
        hires=int(chosen["official"].sum()),
        formasi_changed=[str(f) for f in changed],
        formasi_evaluated=int(run.table["n_formasi"].iloc[0]),
        titles=titles,
        official_selection=run.selected_all["official"],
    )


def _titles(ds: Dataset, formasi_ids) -> dict[str, str]:
    """Each formasi's position title, else its id."""
    ids = pd.Series(np.asarray(formasi_ids, dtype=object))
    position = keys.lookup(ids, ds.formasi.set_index("formasi_id")["position_id"])
    if ds.positions is not None and "title" in ds.positions:
        title = keys.lookup(position, ds.positions.set_index("position_id")["title"])
    else:
        title = pd.Series(np.nan, index=ids.index, dtype=object)
    return dict(zip(ids.astype(str), title.where(title.notna(), ids).astype(str), strict=True))
