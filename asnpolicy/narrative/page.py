"""What a report page is made of, beyond its sentences: tables, figures, key numbers, the
methods note and the recommendations.

Each object shows itself as HTML (in JupyterLab and in the exported page) and also carries its
content as data under a MIME type of its own, so that the report runner can write the same
tables in full into a workbook (XLSX) and the same figures and tables, numbered, into a Word
document (DOCX) without running anything again:

- :func:`show` -> :class:`ReportTable`: ``text/html`` plus :data:`TABLE_MIME` (title, columns,
  rows with raw numbers; hidden small cells stay hidden);
- :func:`figure` -> :class:`ReportFigure`: inline SVG inside ``<figure>`` (sharp at any zoom,
  its text readable and searchable) plus ``image/png`` at 2x for Word and :data:`FIGURE_MIME`
  (its title);
- :func:`key_numbers` -> :class:`KeyNumbers`: the page's three or four numbers a reader needs
  first, plus :data:`KEYS_MIME` for the index page;
- :func:`bullets` -> a titled list (the methods note, the recommendations) as Markdown.

Tables and figures are numbered by the page (CSS counters) and by the Word writer, in order.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from IPython.display import Markdown

from .text import t

__all__ = [
    "FIGURE_MIME",
    "KEYS_MIME",
    "PROVENANCE_MIME",
    "TABLE_MIME",
    "KeyNumbers",
    "ReportFigure",
    "ReportTable",
    "bullets",
    "figure",
    "key_numbers",
    "lighter_svg",
    "show",
    "table_data",
]

#: MIME type of a table's full content (JSON: title, columns, rows).
TABLE_MIME = "application/vnd.asnpolicy.table+json"
#: MIME type of a figure's description (JSON: title).
FIGURE_MIME = "application/vnd.asnpolicy.figure+json"
#: MIME type of a page's key numbers (JSON: items of label, value).
KEYS_MIME = "application/vnd.asnpolicy.keys+json"
#: MIME type of the data's provenance (JSON: source, as_of, content_hash, version, synthetic).
PROVENANCE_MIME = "application/vnd.asnpolicy.provenance+json"

_NUMERIC_TEXT = re.compile(r"^[<>\-\d.,\s%\[\];≈~+−]*$")


def table_data(table: pd.DataFrame) -> dict:
    """A table as JSON-ready data: ``columns`` and ``rows``; numbers stay numbers (NaN and
    missing become None), everything else becomes text.

    >>> table_data(pd.DataFrame({"unit": ["A"], "n": [12], "x": [float("nan")]}))
    {'columns': ['unit', 'n', 'x'], 'rows': [['A', 12, None]]}
    """
    if any(name is not None for name in table.index.names):
        table = table.reset_index()
    rows = []
    for record in table.itertuples(index=False, name=None):
        rows.append([_json_value(v) for v in record])
    return {"columns": [str(c) for c in table.columns], "rows": rows}


def _json_value(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        # 12 significant digits: more than any measure here carries, and never a run of 16
        # digits that would read as a NIK (the privacy check of every executed notebook)
        return float(f"{value:.12g}")
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


@dataclass
class ReportTable:
    """A table as the page shows it, with its full content for the workbook.

    Attributes
    ----------
    shown : DataFrame
        The rows and formatted cells the page shows.
    title : str or None
        The table's caption (numbered by the page: "Tabel 3. ...").
    data : DataFrame or None
        Every row, numbers unformatted (hidden small cells stay hidden); default ``shown``.
    rest : DataFrame or None
        Further rows in the page's format, shown folded under the table.
    rest_label : str
        The words that unfold ``rest``.
    """

    shown: pd.DataFrame
    title: str | None = None
    data: pd.DataFrame | None = None
    rest: pd.DataFrame | None = None
    rest_label: str = ""

    def to_html(self) -> str:
        """The table (and its folded rows) as HTML: every cell escaped, numbers right-aligned
        (class ``num``), no per-cell style sheet."""
        out = _html_table(self.shown, self.title)
        if self.rest is not None and len(self.rest):
            out += (
                f'<details class="more-rows"><summary>{html.escape(self.rest_label)}</summary>'
                f"{_html_table(self.rest, None)}</details>"
            )
        return out

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        full = self.data if self.data is not None else _all_rows(self.shown, self.rest)
        return {
            "text/html": self.to_html(),
            "text/plain": self.title or f"<table of {len(full)} rows>",
            TABLE_MIME: {"title": self.title, **table_data(full)},
        }


def _all_rows(shown: pd.DataFrame, rest: pd.DataFrame | None) -> pd.DataFrame:
    return shown if rest is None else pd.concat([shown, rest], ignore_index=True)


def _html_table(table: pd.DataFrame, title: str | None) -> str:
    if any(name is not None for name in table.index.names):
        table = table.reset_index()
    numeric = [
        bool(table[c].dropna().astype(str).str.match(_NUMERIC_TEXT).all()) for c in table.columns
    ]
    right = ' class="num" style="text-align:right"'
    opens = [right if n else "" for n in numeric]

    def cells(values, tag):
        return "".join(
            f"<{tag}{o}>{html.escape(str(v))}</{tag}>" for v, o in zip(values, opens, strict=True)
        )

    head = f"<thead><tr>{cells(table.columns, 'th')}</tr></thead>"
    shown = table.astype(object).where(table.notna(), "")
    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in shown.itertuples(index=False))
    caption = f"<caption>{html.escape(title)}</caption>" if title else ""
    return f'<table class="report-table">{caption}{head}<tbody>{body}</tbody></table>'


def show(
    table: pd.DataFrame,
    *,
    title: str | None = None,
    data: pd.DataFrame | None = None,
    rest: pd.DataFrame | None = None,
    lang: str = "id",
) -> ReportTable:
    """A report table for display: no 0..n row index, text left-aligned, numbers right; a
    named index (e.g. the indicator of a scorecard) becomes the first column.

    Parameters
    ----------
    table : DataFrame
        The rows the page shows, cells formatted in the page's language.
    title : str, optional
        The caption, numbered by the page.
    data : DataFrame, optional
        Every row with raw numbers, for the workbook (default: ``table`` and ``rest``).
    rest : DataFrame, optional
        More rows, formatted like ``table``, folded under it ("show n more rows").
    lang : str
        Language of the words that unfold ``rest``.

    >>> "row_heading" in show(pd.DataFrame({"unit": ["A"], "n": ["12"]})).to_html()
    False
    >>> named = pd.DataFrame({"n": ["12"]}, index=pd.Index(["A"], name="unit"))
    >>> ">unit<" in show(named).to_html()
    True
    """
    rest_label = t("more_rows", lang, n=len(rest)) if rest is not None and len(rest) else ""
    return ReportTable(table, title=title, data=data, rest=rest, rest_label=rest_label)


@dataclass
class ReportFigure:
    """A figure as the page shows it: inline SVG with its title as the accessible name, and a
    2x PNG for Word.

    Attributes
    ----------
    svg : str
        The figure as an ``<svg>`` element (no XML prolog), scaled to the page's width.
    png : bytes
        The figure as PNG at 2x.
    title : str
        Its title, in the page's language.
    """

    svg: str
    png: bytes
    title: str

    def to_html(self) -> str:
        """The ``<figure>``: the SVG and an empty caption the page numbers."""
        return f'<figure class="report-figure">{self.svg}<figcaption></figcaption></figure>'

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {
            "text/html": self.to_html(),
            "image/png": base64.b64encode(self.png).decode("ascii"),
            "text/plain": self.title,
            FIGURE_MIME: {"title": self.title},
        }


_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.S)
#: How figures are written as SVG: text as text (searchable, light), the same bytes on every
#: run, and one short font list (matplotlib writes the list into every text element).
_SVG_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "asnpolicy",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
}
_GEOMETRY = re.compile(r'(\s(?:d|x|y|x1|x2|y1|y2|cx|cy|r|width|height|transform|points)=")([^"]*)"')
_DECIMALS = re.compile(r"(-?\d+\.\d)\d+")
_FONT_FAMILY = re.compile(r"font-family: ([^;\"]+);? ?")


def lighter_svg(svg: str) -> str:
    r"""matplotlib's SVG without what a page does not need: indentation, ids of groups, no-op
    rotations, the font list of every text element (said once in the figure's style sheet), and
    coordinates to 0.1 pt (a third of a pixel on a HiDPI screen); text and the ids that clip
    paths and markers refer to are kept.

    >>> lighter_svg('<g id="xtick_1">\n  <text x="1.23456" transform="rotate(-0 1 2)">0.25</text>')
    '<g>\n<text x="1.2">0.25</text>'
    """
    svg = re.sub(r"\n[ \t]+", "\n", svg)
    families = set(_FONT_FAMILY.findall(svg))
    if len(families) == 1:  # one font list, said once for every text of the figure
        svg = _FONT_FAMILY.sub("", svg).replace(
            "</style>", "text{font-family: " + families.pop() + "}</style>", 1
        )
    svg = re.sub(r'<g id="[^"]*">', "<g>", svg)
    svg = re.sub(r'\s*transform="rotate\(-?0 [^"]*\)"', "", svg)
    return _GEOMETRY.sub(lambda m: m.group(1) + _DECIMALS.sub(r"\1", m.group(2)) + '"', svg)


def figure(fig, *, dpi: int = 200) -> ReportFigure:
    """A finished matplotlib figure as a :class:`ReportFigure`, closed afterwards (so that
    JupyterLab does not show it a second time).

    Its title is the figure's label (set by the figures of :mod:`asnpolicy.plots`). The SVG
    keeps its text as text (``svg.fonttype: none``), is the same on every run
    (``svg.hashsalt``, no date) and scales to the page's width.
    """
    import matplotlib
    import matplotlib.pyplot as plt

    title = fig.get_label() or ""
    buffer = io.StringIO()
    with matplotlib.rc_context(_SVG_RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    opening = _SVG_OPEN.search(svg).group(0)
    attributes = re.sub(r'\s(width|height)="[^"]*"', "", opening)
    attributes = attributes.replace(
        "<svg", f'<svg role="img" aria-label="{html.escape(title)}" class="figure-svg"', 1
    )
    svg = svg.replace(opening, attributes, 1)
    svg = lighter_svg(re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S))
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=dpi)
    plt.close(fig)
    return ReportFigure(svg=svg, png=png.getvalue(), title=title)


@dataclass
class KeyNumbers:
    """The numbers a reader needs first, each with its label (already worded).

    Attributes
    ----------
    items : list of (label, value)
        Label and formatted value of each number.
    heading : str
        The box's heading.
    """

    items: list[tuple[str, str]] = field(default_factory=list)
    heading: str = ""

    def to_html(self) -> str:
        """The numbers as a row of boxes (nothing when there is none: data that support no key
        number leave no empty box)."""
        if not self.items:
            return ""
        cells = "".join(
            f'<div class="key-number"><div class="key-value">{html.escape(value)}</div>'
            f'<div class="key-label">{html.escape(label)}</div></div>'
            for label, value in self.items
        )
        return (
            f'<section class="key-numbers" aria-label="{html.escape(self.heading)}">'
            f"{cells}</section>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {
            "text/html": self.to_html(),
            "text/plain": "; ".join(f"{label}: {value}" for label, value in self.items),
            KEYS_MIME: {"items": [{"label": k, "value": v} for k, v in self.items]},
        }


def key_numbers(items: Iterable[tuple[str, str]], *, lang: str = "id") -> KeyNumbers:
    """The page's key numbers (three or four), shown at its top and on the index page.

    Parameters
    ----------
    items : iterable of (label, value)
        Each number's label and its formatted value, in ``lang``.
    lang : str
        The page's language.
    """
    return KeyNumbers(items=[(str(k), str(v)) for k, v in items], heading=t("key_numbers", lang))


def bullets(heading_key: str, points: Sequence[str], *, lang: str = "id") -> Markdown:
    """A section of points under a heading: the methods note ("Catatan metodologi"), the
    recommendations ("Rekomendasi").

    Parameters
    ----------
    heading_key : str
        Catalogue key of the heading (``methods_title``, ``recommendations_title``).
    points : sequence of str
        The points, already worded (Markdown).
    lang : str
        The page's language.
    """
    lines = [f"## {t(heading_key, lang)}", ""]
    lines += [f"- {p}" for p in points] if points else [t("no_points", lang)]
    return Markdown("\n".join(lines))
