"""The IKM what-if: which units a cut-off band and a minimum-sample rule would send to
remedial training, from :func:`asnpolicy.outcomes.feedback_triggers` and the verdicts of
report 03 (:func:`asnpolicy.narrative.outcomes.remedial_verdicts`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import outcomes, rules
from ..io import Dataset
from ..narrative.outcomes import remedial_verdicts

__all__ = ["CUT_BANDS", "RemedialChoice", "RemedialEffect", "remedial_effect"]

#: The bands whose lower bound may serve as the cut (PermenPANRB 14/2017; ``rules.IKM_BANDS``):
#: a unit whose IKM lies below the chosen band's lower bound is a candidate for training.
CUT_BANDS = {b.code: float(b.lower) for b in rules.IKM_BANDS if b.code in ("A", "B", "C")}


@dataclass(frozen=True)
class RemedialChoice:
    """What an analyst sets in the IKM panel.

    Attributes
    ----------
    band : str
        The lowest acceptable band (``A``, ``B`` or ``C``): a unit below its lower bound is
        a candidate (default ``B``: bands C and D, as the reports).
    sample_rule : str
        ``report`` or ``require`` (:data:`asnpolicy.outcomes.SAMPLE_RULES`).
    """

    band: str = "B"
    sample_rule: str = "report"

    @property
    def cut(self) -> float:
        return CUT_BANDS[self.band]


@dataclass
class RemedialEffect:
    """The verdict on each surveyed unit under a choice.

    Attributes
    ----------
    choice : RemedialChoice
    triggers : DataFrame
        :func:`asnpolicy.outcomes.feedback_triggers` with the choice's cut and rule.
    verdicts : DataFrame
        :func:`asnpolicy.narrative.outcomes.remedial_verdicts` (``status``: ``train``,
        ``uncertain``, ``published``, ``few``, ``none``).
    """

    choice: RemedialChoice
    triggers: pd.DataFrame
    verdicts: pd.DataFrame
    small_cell_min: int = 5

    def units(self, status: str) -> list[str]:
        """Names of the units with ``status``, lowest IKM first."""
        rows = self.triggers[self.verdicts["status"].eq(status).to_numpy()]
        return rows.sort_values("ikm")["name"].astype(str).tolist()

    def short_only(self) -> list[str]:
        """Units left unjudged only because they have fewer respondents than their
        Krejcie-Morgan minimum (status ``few`` under ``require`` with at least the small-cell
        minimum of respondents)."""
        few = self.verdicts["status"].eq("few") & self.verdicts["short"].fillna(False)
        big = pd.to_numeric(self.triggers["n"]) >= self.small_cell_min
        rows = self.triggers[(few & big.fillna(False)).to_numpy()]
        return rows.sort_values("ikm")["name"].astype(str).tolist()


def remedial_effect(
    ds: Dataset, choice: RemedialChoice, *, small_cell_min: int = 5
) -> RemedialEffect:
    """The units to train, to survey again and to leave, under ``choice``.

    Raises
    ------
    NotEnoughData
        As :func:`asnpolicy.outcomes.feedback_triggers`.
    """
    triggers = outcomes.feedback_triggers(
        ds, ikm_threshold=choice.cut, sample_rule=choice.sample_rule
    )
    verdicts = remedial_verdicts(triggers, small_cell_min=small_cell_min)
    return RemedialEffect(choice, triggers, verdicts, small_cell_min)
