"""The ipywidgets panels of notebook 05_explore: each a pure function of the Dataset and its
widgets' values (:mod:`.selection`, :mod:`.budget`, :mod:`.remedial`), shown by
:mod:`.render`. What does not depend on a widget (the region's data, its official design,
the value of performance in rupiah) is computed once, when the panel is built."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from .. import workforce
from ..designs import default_sd_y, official_design
from ..io import Dataset, project_root
from ..narrative import guard
from ..narrative.selection import PART_KEYS, hidden_ratio
from ..narrative.text import number, t
from .budget import BudgetChoice, budget_effect
from .remedial import CUT_BANDS, RemedialChoice, remedial_effect
from .render import (
    QualityFairnessFigure,
    budget_html,
    displayed_values,
    missing_html,
    remedial_html,
    selection_html,
)
from .scenario import save_scenario, scenario_parameters
from .selection import (
    PANELS,
    SelectionChoice,
    extra_tests_recorded,
    selection_effect,
)

__all__ = [
    "BudgetPanel",
    "Explorer",
    "RemedialPanel",
    "SelectionPanel",
    "explore",
    "initial_selection_choice",
]

_WIDE = widgets.Layout(width="560px")
_STYLE = {"description_width": "220px"}
_RECRUITMENT = ["applicants", "formasi"]
_SKD = {"applicants": ["twk", "tiu", "tkp"]}
_STAFF = ["positions", "workload", "employees", "units"]


#: The value of "every year" and "every formasi" in their dropdowns (a dropdown shows None as
#: no choice at all).
ALL = "all"


def _or_none(value):
    return None if value == ALL else value


def initial_selection_choice(ds: Dataset) -> SelectionChoice:
    """The selection panel's first choice: the official design's SKB weights (its extra test,
    else the first recorded one at no weight), the integration rule's SKD weight and the
    region's usual panel (the most frequent ``applicants.panel``, else internal)."""
    official = official_design(ds)
    weights = dict(official.skb_weights)
    extras = [c for c in weights if c != "cat" and weights[c] > 0]
    recorded = extra_tests_recorded(ds)
    extra = extras[0] if extras else (recorded[0] if recorded else None)
    panels = ds.applicants["panel"].dropna() if "panel" in ds.applicants else pd.Series()
    panel = str(panels.mode().iloc[0]) if len(panels) else "internal"
    return SelectionChoice(
        cat_weight=float(weights.get("cat", 1.0)),
        extra_test=extra,
        panel=panel if panel in PANELS else "internal",
    )


class _Panel:
    """A panel: controls, a view updated on every change, and the time the update took."""

    css = ""

    def __init__(self, lang: str, small_cell_min: int):
        self.lang = lang
        self.small_cell_min = small_cell_min
        self.view = widgets.HTML()
        self.view.add_class("ap-view")
        self.seconds: float | None = None
        self.effect = None
        self._holding = False

    def _watch(self, *controls: widgets.Widget) -> None:
        for control in controls:
            control.observe(self._changed, names="value")

    def _changed(self, change=None) -> None:
        if not self._holding:
            self.refresh()

    def refresh(self) -> None:
        """Compute and show the effect of the controls' values."""
        start = time.perf_counter()
        self.update()
        self.seconds = time.perf_counter() - start

    def update(self) -> None:  # pragma: no cover - each panel has its own
        raise NotImplementedError


class SelectionPanel(_Panel):
    """Selection design: CAT-SKB weight, the extra test, the SKD weight, published validities
    and the panel type, year and formasi; shows :func:`.selection.selection_effect` against
    the official design.

    Attributes
    ----------
    controls : dict
        ``cat_weight`` and ``skd_weight`` (percent sliders), ``extra_test``, ``published``,
        ``panel``, ``year``, ``formasi``.
    effect : SelectionEffect or Missing
        The latest result.
    """

    css = "ap-panel-selection"

    def __init__(
        self,
        ds: Dataset,
        *,
        lang: str = "id",
        small_cell_min: int = 5,
        stage_costs: Mapping[str, float] | None = None,
        tenure_years: float = 20.0,
        n_boot: int = 200,
    ):
        super().__init__(lang, small_cell_min)
        self.ds = ds
        self.kwargs = {"stage_costs": stage_costs, "tenure_years": tenure_years, "n_boot": n_boot}
        self.missing = guard.Missing(guard.missing_inputs(ds, _RECRUITMENT, _SKD))
        self.tried: list[tuple[tuple, float, float]] = []
        self._figures: dict[str, QualityFairnessFigure] = {}
        # computed once per year: that year's data and whom the official design selects
        self._years: dict[int | None, tuple[Dataset, pd.Series | None]] = {}
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="520px"))
        if self.missing.needs:
            self.view.value = missing_html(self.missing, lang)
            self.controls = {}
            self.widget = widgets.VBox([self.view]).add_class(self.css)
            return
        self.official = official_design(ds)
        sd_y = guard.compute(ds, default_sd_y, ds, needs=["formasi", "positions"])
        self.kwargs["sd_y"] = sd_y if guard.present(sd_y) else None
        initial = initial_selection_choice(ds)
        recorded = extra_tests_recorded(ds)
        extras = [(t(PART_KEYS[c], lang), c) for c in recorded] or [(t("ex_no_extra", lang), None)]
        years = sorted(int(y) for y in ds.formasi["year"].dropna().unique())
        self.controls = {
            "cat_weight": widgets.IntSlider(
                value=round(100 * initial.cat_weight), min=0, max=100, step=5,
                description=f"{t('ex_cat_weight', lang)} (%)", style=_STYLE, layout=_WIDE,
                continuous_update=False,
            ).add_class("ap-cat-weight"),
            "extra_test": widgets.Dropdown(
                options=extras, value=initial.extra_test if recorded else None,
                description=t("ex_extra_test", lang), style=_STYLE, layout=_WIDE,
                disabled=not recorded,
            ).add_class("ap-extra-test"),
            "skd_weight": widgets.IntSlider(
                value=round(100 * initial.skd_weight), min=0, max=100, step=5,
                description=f"{t('ex_skd_weight', lang)} (%)", style=_STYLE, layout=_WIDE,
                continuous_update=False,
            ).add_class("ap-skd-weight"),
            "published": widgets.Checkbox(
                value=False, description=t("ex_published", lang), indent=False,
                layout=widgets.Layout(width="560px"),
            ).add_class("ap-published"),
            "panel": widgets.Dropdown(
                options=[(t(f"ex_panel_{p}", lang), p) for p in PANELS], value=initial.panel,
                description=t("ex_panel", lang), style=_STYLE, layout=_WIDE, disabled=True,
            ).add_class("ap-panel"),
            "year": widgets.Dropdown(
                options=[(t("ex_all_years", lang), ALL), *[(str(y), y) for y in years]],
                value=ALL, description=t("ex_year", lang), style=_STYLE, layout=_WIDE,
            ).add_class("ap-year"),
            "formasi": widgets.Dropdown(
                options=self._formasi_options(None), value=ALL,
                description=t("ex_formasi", lang), style=_STYLE, layout=_WIDE,
            ).add_class("ap-formasi"),
        }  # fmt: skip
        self.note = widgets.HTML()
        self.widget = widgets.VBox(
            [*self.controls.values(), self.note, self.view, self.image]
        ).add_class(self.css)
        self.controls["year"].observe(self._year_changed, names="value")
        self._watch(*(c for k, c in self.controls.items() if k != "year"))
        self.refresh()

    def _formasi_options(self, year: int | None) -> list[tuple[str, str | None]]:
        formasi = self.ds.formasi
        formasi = formasi[formasi["track"].eq("cpns")] if "track" in formasi else formasi
        if year is not None:
            formasi = formasi[formasi["year"].eq(year)]
        titles = (
            self.ds.positions.set_index("position_id")["title"]
            if self.ds.positions is not None and "title" in self.ds.positions
            else pd.Series(dtype=object)
        )
        options = [(t("ex_all_formasi", self.lang), ALL)]
        for fid, pid, y in formasi[["formasi_id", "position_id", "year"]].itertuples(index=False):
            title = titles.get(pid, pid) if pd.notna(pid) else fid
            options.append((f"{y} · {title} ({fid})", str(fid)))
        return options

    def _year_changed(self, change) -> None:
        self._holding = True
        try:
            self.controls["formasi"].options = self._formasi_options(_or_none(change["new"]))
            self.controls["formasi"].value = ALL
        finally:
            self._holding = False
        self.refresh()

    def choice(self) -> SelectionChoice:
        """The :class:`~.selection.SelectionChoice` the controls hold."""
        c = self.controls
        return SelectionChoice(
            cat_weight=c["cat_weight"].value / 100,
            extra_test=c["extra_test"].value,
            skd_weight=c["skd_weight"].value / 100,
            panel=c["panel"].value,
            published_validities=bool(c["published"].value),
            year=_or_none(c["year"].value),
            formasi=_or_none(c["formasi"].value),
        )

    def update(self) -> None:
        c = self.controls
        c["panel"].disabled = not c["published"].value
        choice = self.choice()
        rest = round(100 * (1 - choice.cat_weight))
        if choice.extra_test and rest > 0:
            test = t(PART_KEYS[choice.extra_test], self.lang)
            note = t("ex_extra_weight", self.lang, test=test, weight=number(rest, self.lang))
        else:
            note = "" if choice.extra_test else t("ex_no_extra_recorded", self.lang)
        self.note.value = f"<p>{note}</p>" if note else ""
        if choice.year not in self._years:
            data = self.ds.for_years(choice.year) if choice.year is not None else self.ds
            self._years[choice.year] = (data, None)
        data, picked = self._years[choice.year]
        effect = guard.compute(
            self.ds, selection_effect, self.ds, choice, official=self.official, data=data,
            official_selection=picked, **self.kwargs,
        )  # fmt: skip
        if guard.present(effect):
            self._years[choice.year] = (data, effect.official_selection)
        self.effect = effect
        if not guard.present(effect):
            hint = None if choice.published_validities else t("ex_try_published", self.lang)
            self.view.value = missing_html(effect, self.lang, hint)
            self.image.layout.display = "none"
            return
        self.view.value = selection_html(
            effect,
            lang=self.lang,
            small_cell_min=self.small_cell_min,
            tenure_years=self.kwargs["tenure_years"],
        )
        self._draw(effect, choice)

    def values(self) -> dict[str, str]:
        """The numbers shown now (:func:`.render.displayed_values`); empty when nothing is."""
        if not guard.present(self.effect):
            return {}
        return displayed_values(self.effect, lang=self.lang, small_cell_min=self.small_cell_min)

    def _draw(self, effect, choice: SelectionChoice) -> None:
        table = effect.table
        expected = "expected_skp" if "expected_skp" in table else "expected_z"

        shown = {
            g: ~hidden_ratio(table, g, self.small_cell_min)
            for g in ("gender", "origin")
            if f"min_impact_ratio_{g}" in table
        }

        def point(i: int) -> float | None:
            """The lowest four-fifths ratio shown for design ``i`` (0 official, 1 scenario)."""
            ratios = [
                table[f"min_impact_ratio_{g}"].iloc[i]
                for g, ok in shown.items()
                if ok.iloc[i] and pd.notna(table[f"min_impact_ratio_{g}"].iloc[i])
            ]
            return min(ratios) if ratios else None

        x_official, x_current = point(0), point(1)
        if x_official is None or x_current is None:
            self.image.layout.display = "none"
            return
        # points compare only under one model: the same year, formasi, basis and scores
        scores = tuple(sorted({*self.official.skb_weights, *choice.skb_weights}))
        context = (choice.year, choice.formasi, choice.published_validities, choice.panel, scores)
        earlier = [(x, y) for key, x, y in self.tried if key == context]
        current = (x_current, float(effect.scenario[expected]))
        scale = table.attrs.get("scale", "skp")
        if scale not in self._figures:
            self._figures[scale] = QualityFairnessFigure(scale=scale, lang=self.lang)
        self.image.value = self._figures[scale].png(
            earlier, (x_official, float(effect.official[expected])), current
        )
        self.image.layout.display = None
        self.tried.append((context, *current))
        self.tried = self.tried[-30:]


class BudgetPanel(_Panel):
    """Formasi budget: posts or rupiah a year, the front-line weight and the horizon year;
    shows :func:`.budget.budget_effect`."""

    css = "ap-panel-budget"

    def __init__(self, ds: Dataset, *, lang: str = "id", small_cell_min: int = 5, as_of=None):
        super().__init__(lang, small_cell_min)
        self.ds = ds
        self.missing = guard.Missing(guard.missing_inputs(ds, _STAFF))
        if self.missing.needs:
            self.view.value = missing_html(self.missing, lang)
            self.controls = {}
            self.widget = widgets.VBox([self.view]).add_class(self.css)
            return
        self.as_of = workforce.as_of_date(ds, as_of)
        full = guard.compute(ds, budget_effect, ds, BudgetChoice(), as_of=self.as_of,
                             small_cell_min=small_cell_min)  # fmt: skip
        need = int(full.by_unit.attrs["total"]["need_high"]) if guard.present(full) else 100
        weights = [1.0 + 0.25 * i for i in range(9)]
        year = self.as_of.year
        self.controls = {
            "budget_unit": widgets.ToggleButtons(
                options=[(t("ex_unit_positions", lang), "positions"),
                         (t("ex_unit_rupiah", lang), "rupiah")],
                value="positions", description=t("ex_budget_unit", lang),
                style={**_STYLE, "button_width": "auto"},
            ).add_class("ap-budget-unit"),
            "budget": widgets.IntSlider(
                value=need, min=0, max=max(need, 1), step=1,
                description=f"{t('ex_budget', lang)} ({t('ex_unit_positions', lang)})",
                style=_STYLE, layout=_WIDE, continuous_update=False,
            ).add_class("ap-budget"),
            "budget_rupiah": widgets.BoundedFloatText(
                value=1000.0, min=0, max=1e9, step=100,
                description=f"{t('ex_budget', lang)} (Rp juta)" if lang == "id"
                else f"{t('ex_budget', lang)} (Rp million)",
                style=_STYLE, layout=widgets.Layout(width="400px", display="none"),
            ).add_class("ap-budget-rupiah"),
            "front_line_weight": widgets.SelectionSlider(
                options=[(number(w, lang, 2), w) for w in weights],
                value=workforce.FRONT_LINE_WEIGHT, description=t("ex_front_line", lang),
                style=_STYLE, layout=_WIDE, continuous_update=False,
            ).add_class("ap-front-line"),
            "horizon_year": widgets.IntSlider(
                value=year + 5, min=year + 1, max=year + 10, step=1,
                description=t("ex_horizon", lang), style=_STYLE, layout=_WIDE,
                continuous_update=False,
            ).add_class("ap-horizon"),
        }  # fmt: skip
        self.widget = widgets.VBox([*self.controls.values(), self.view]).add_class(self.css)
        self._watch(*self.controls.values())
        self.refresh()

    def choice(self) -> BudgetChoice:
        """The :class:`~.budget.BudgetChoice` the controls hold."""
        c = self.controls
        rupiah = c["budget_unit"].value == "rupiah"
        return BudgetChoice(
            budget=c["budget_rupiah"].value * 1e6 if rupiah else c["budget"].value,
            budget_unit=c["budget_unit"].value,
            front_line_weight=c["front_line_weight"].value,
            horizon_year=c["horizon_year"].value,
        )

    def update(self) -> None:
        c = self.controls
        rupiah = c["budget_unit"].value == "rupiah"
        c["budget"].layout.display = "none" if rupiah else None
        c["budget_rupiah"].layout.display = None if rupiah else "none"
        effect = guard.compute(
            self.ds, budget_effect, self.ds, self.choice(), as_of=self.as_of,
            small_cell_min=self.small_cell_min,
        )  # fmt: skip
        self.effect = effect
        if not guard.present(effect):
            self.view.value = missing_html(effect, self.lang)
            return
        self.view.value = budget_html(
            effect, self.ds, lang=self.lang, small_cell_min=self.small_cell_min
        )


class RemedialPanel(_Panel):
    """IKM and remedial training: the cut-off band and the minimum-sample rule; shows
    :func:`.remedial.remedial_effect`."""

    css = "ap-panel-remedial"

    def __init__(self, ds: Dataset, *, lang: str = "id", small_cell_min: int = 5):
        super().__init__(lang, small_cell_min)
        self.ds = ds
        self.controls = {
            "band": widgets.ToggleButtons(
                options=[
                    (t("ex_band_option", lang, band=b, cut=number(c, lang, 2)), b)
                    for b, c in CUT_BANDS.items()
                ],
                value="B", description=t("ex_band", lang),
                style={**_STYLE, "button_width": "auto"},
            ).add_class("ap-band"),
            "sample_rule": widgets.RadioButtons(
                options=[(t("ex_rule_report", lang), "report"),
                         (t("ex_rule_require", lang), "require")],
                value="report", description=t("ex_sample_rule", lang), style=_STYLE,
                layout=_WIDE,
            ).add_class("ap-sample-rule"),
        }  # fmt: skip
        self.widget = widgets.VBox([*self.controls.values(), self.view]).add_class(self.css)
        self._watch(*self.controls.values())
        self.refresh()

    def choice(self) -> RemedialChoice:
        """The :class:`~.remedial.RemedialChoice` the controls hold."""
        return RemedialChoice(self.controls["band"].value, self.controls["sample_rule"].value)

    def update(self) -> None:
        effect = guard.compute(
            self.ds, remedial_effect, self.ds, self.choice(), small_cell_min=self.small_cell_min
        )
        self.effect = effect
        if not guard.present(effect):
            self.view.value = missing_html(effect, self.lang)
            return
        self.view.value = remedial_html(effect, lang=self.lang, small_cell_min=self.small_cell_min)


class Explorer:
    """The three panels in tabs, and a button that saves their choices as a scenario for
    ``asnpolicy report -p``.

    Attributes
    ----------
    selection, budget, remedial : panels
    widget : ipywidgets.VBox
        What the notebook shows.
    """

    def __init__(
        self,
        ds: Dataset,
        *,
        lang: str = "id",
        small_cell_min: int = 5,
        stage_costs: Mapping[str, float] | None = None,
        tenure_years: float = 20.0,
        n_boot: int = 200,
        scenario_file: str | Path | None = None,
    ):
        self.ds = ds
        self.lang = lang
        self.extra = {"stage_costs": stage_costs, "tenure_years": tenure_years, "n_boot": n_boot}
        self.selection = SelectionPanel(
            ds, lang=lang, small_cell_min=small_cell_min, stage_costs=stage_costs,
            tenure_years=tenure_years, n_boot=n_boot,
        )  # fmt: skip
        self.budget = BudgetPanel(ds, lang=lang, small_cell_min=small_cell_min)
        self.remedial = RemedialPanel(ds, lang=lang, small_cell_min=small_cell_min)
        tabs = widgets.Tab(
            children=[self.selection.widget, self.budget.widget, self.remedial.widget]
        )
        for i, key in enumerate(("ex_tab_selection", "ex_tab_budget", "ex_tab_remedial")):
            tabs.set_title(i, t(key, lang))
        folder = project_root() or Path.cwd()
        default = scenario_file or folder / f"skenario-{ds.region or 'daerah'}.yaml"
        self.path = widgets.Text(
            value=str(default), description=t("ex_save_file", lang), layout=_WIDE
        ).add_class("ap-scenario-file")
        self.button = widgets.Button(
            description=t("ex_save", lang), icon="save", layout=widgets.Layout(width="220px")
        ).add_class("ap-save")
        self.message = widgets.HTML().add_class("ap-save-message")
        self.button.on_click(lambda _: self.save())
        intro = widgets.HTML(
            f"<p>{t('ex_region', lang, name=ds.region_name())}. "
            f"{t('ex_intro', lang, min=small_cell_min)}</p>"
        )
        self.widget = widgets.VBox(
            [intro, tabs, widgets.HBox([self.path, self.button]), self.message]
        ).add_class("ap-explore")

    def parameters(self) -> dict[str, object]:
        """The scenario's notebook parameters (:func:`.scenario.scenario_parameters`)."""
        return scenario_parameters(
            self.selection.choice() if self.selection.controls else None,
            self.budget.choice() if self.budget.controls else None,
            self.remedial.choice(),
            as_of=getattr(self.budget, "as_of", None),
            lang=self.lang,
            extra=self.extra,
        )

    def save(self, path: str | Path | None = None) -> Path | None:
        """Write the scenario to ``path`` (default the file field); says where, or why not."""
        import html

        try:
            written = save_scenario(
                self.parameters(), path or self.path.value, region=self.ds.region
            )
        except (OSError, ValueError) as err:
            self.message.value = (
                f"<p>{html.escape(t('ex_save_failed', self.lang, problem=err))}</p>"
            )
            return None
        command = f"asnpolicy report --region {self.ds.region} -p {written}"
        self.message.value = (
            f"<p>{html.escape(t('ex_saved', self.lang, path=written))}</p>"
            f"<pre>{html.escape(command)}</pre>"
        )
        return written

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def explore(ds: Dataset, **kwargs) -> Explorer:
    """The panels of notebook 05_explore for one region's ``ds`` (see :class:`Explorer`)."""
    return Explorer(ds, **kwargs)
