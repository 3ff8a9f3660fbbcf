"""The house style every figure shares: colours, the axis style, the title and source line,
names from the data as plain text, the note on hidden small cells."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import (
    FormatStrFormatter,
    Formatter,
    LogFormatter,
    PercentFormatter,
    ScalarFormatter,
    StrMethodFormatter,
)

from ..errors import printable
from ..io import Dataset
from ..narrative.text import t
from ..privacy import mark

__all__ = [
    "LocalisedFormatter",
    "localise_ticks",
    "swap_separators",
    "KIND_GROUP",
    "LABEL_CHARS",
    "PALETTE",
    "finish",
    "new_figure",
    "no_data",
    "plain",
    "style_axis",
    "suppressed_note",
    "unit_names",
]

PALETTE = {
    "main": "#1f5f8b",
    "second": "#e07b39",
    "third": "#6a9f58",
    "muted": "#9aa5b1",
    "alert": "#c0392b",
}
KIND_GROUP = {
    "jpt_madya": "kind_structural",
    "jpt_pratama": "kind_structural",
    "administrator": "kind_structural",
    "pengawas": "kind_structural",
    "pelaksana": "kind_executor",
}


#: Most characters of a name from the data (a unit, a region, a design) shown on a figure; the
#: tables beside the figure give the name in full.
LABEL_CHARS = 40


def plain(text: object, width: int | None = LABEL_CHARS) -> str:
    r"""Text from the data as a figure shows it: as written, never as math (matplotlib reads
    ``$...$`` as mathtext, and a name such as ``Rp $x`` would stop the figure), on one line
    without control or direction-changing characters, and cut to ``width`` characters.

    Examples
    --------
    >>> plain("Biaya $\\frac{$ 2024")
    'Biaya \\$\\frac{\\$ 2024'
    >>> plain("Dinas Pendidikan dan Kebudayaan Kabupaten Merangin", 20)
    'Dinas Pendidikan da…'
    """
    text = " ".join(printable(text).split())
    if width is not None and len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return text.replace("$", r"\$")


#: Formatters that write numbers in English form (a categorical axis uses a fixed or string
#: formatter; a function formatter may already write Indonesian, so it is left alone).
_NUMERIC_FORMATTERS = (
    ScalarFormatter,
    PercentFormatter,
    FormatStrFormatter,
    StrMethodFormatter,
    LogFormatter,
)


def style_axis(ax: plt.Axes) -> None:
    """The house style of an axis: no top or right spine, light vertical grid behind."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#e5e8eb", linewidth=0.8)
    ax.set_axisbelow(True)


def new_figure(width: float = 9.0, height: float = 5.5) -> tuple[Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(width, height), dpi=110)
    style_axis(ax)
    return fig, ax


def finish(
    fig: Figure,
    ax: plt.Axes | None,
    ds: Dataset,
    title: str,
    lang: str,
    note: str | None = None,
    **layout,
) -> Figure:
    """Title (over ``ax``, or over the whole figure when ``ax`` is None), source line with
    the note, numbers on every axis in the language's format (Indonesian: ``0,25``,
    ``1.000``), tight layout (``layout``: more arguments of ``tight_layout``, such as the
    padding between panels). The title is also the figure's label, which
    :func:`asnpolicy.narrative.figure` gives the page as its accessible name."""
    fig.set_label(title)
    for each in fig.axes:
        localise_ticks(each, lang)
    if ax is None:
        fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    else:
        ax.set_title(title, loc="left", fontsize=13, fontweight="bold", pad=12)
    source = t("synthetic_source", lang) if ds.synthetic else plain(ds.source, None)
    line = t("source_line", lang, source=source)
    if note:
        line += ". " + note
    width = int(fig.get_figwidth() * 15)  # characters of 8-point text across the figure
    lines = textwrap.wrap(line, width)
    fig.text(0.01, 0.01, "\n".join(lines), fontsize=8, color="#555555", ha="left", va="bottom")
    bottom = (0.1 + 0.14 * len(lines)) / fig.get_figheight()
    fig.tight_layout(rect=(0, bottom, 1, 1), **layout)
    return fig


class LocalisedFormatter(Formatter):
    """A tick formatter that writes another formatter's numbers in Indonesian: the decimal
    point becomes a comma and the thousands comma a dot (``12,000.5`` -> ``12.000,5``)."""

    def __init__(self, inner: Formatter):
        self.inner = inner

    def set_axis(self, axis):
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def set_locs(self, locs):
        self.inner.set_locs(locs)

    def __call__(self, x, pos=None):
        return swap_separators(self.inner(x, pos))

    def format_ticks(self, values):
        return [swap_separators(v) for v in self.inner.format_ticks(values)]

    def get_offset(self):
        return swap_separators(self.inner.get_offset())


def swap_separators(text: str) -> str:
    """``12,000.5`` -> ``12.000,5`` (the minus sign and other characters unchanged).

    >>> swap_separators("1,250.75")
    '1.250,75'
    """
    return text.translate(str.maketrans({".": ",", ",": "."}))


def localise_ticks(ax: plt.Axes, lang: str) -> None:
    """Numbers on both axes of ``ax`` in the language's format; names on a categorical axis
    are left as they are."""
    if lang != "id":
        return
    for axis in (ax.xaxis, ax.yaxis):
        inner = axis.get_major_formatter()
        if isinstance(inner, _NUMERIC_FORMATTERS) and not isinstance(inner, LocalisedFormatter):
            axis.set_major_formatter(LocalisedFormatter(inner))


def no_data(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, transform=ax.transAxes)
    ax.set_axis_off()


def suppressed_note(hidden: bool, lang: str, small_cell_min: int) -> str | None:
    """The figure's note that small cells were hidden, when any were."""
    if not hidden:
        return None
    return t("suppressed_note", lang, n=small_cell_min, mark=mark(small_cell_min))


def unit_names(ds: Dataset) -> pd.Series:
    """Unit names by id, as figure labels (:func:`plain`)."""
    names = ds.units.set_index("unit_id")["name"]
    return pd.Series([plain(n) for n in names], index=names.index, dtype=object)
