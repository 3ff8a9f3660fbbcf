"""What every report page has: the header with its banner, the provenance box, section
headings, and tables shown for reading; the helpers the report modules share.

Functions return IPython ``Markdown`` objects or display-ready tables; they print nothing.
"""

from __future__ import annotations

import html
import re

from IPython.display import Markdown

from .. import workforce
from ..io import Dataset, package_version
from .page import PROVENANCE_MIME, show
from .text import date, number, t

__all__ = [
    "Provenance",
    "escape_markdown",
    "format_interval",
    "header",
    "provenance",
    "section",
    "show",
]


#: Characters that Markdown (and the HTML inside it, and the math of JupyterLab) would read as
#: markup rather than text: each is written with a backslash, which CommonMark renders as the
#: character itself.
_MARKDOWN_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|~$&!])")


def escape_markdown(text: object) -> str:
    r"""``text`` from the data (a unit's name, a path) as literal Markdown text.

    Line breaks and runs of spaces become one space (a line break could start a heading or a
    block of HTML) and every character Markdown or HTML would read as markup is escaped, so a
    name such as ``<script>...`` or ``[x](javascript:...)`` shows as written and runs nothing.

    Examples
    --------
    >>> escape_markdown("<img src=x onerror=alert(1)>")
    '\\<img src=x onerror=alert(1)\\>'
    >>> escape_markdown("Dinas P & K\n# x")
    'Dinas P \\& K \\# x'
    """
    return _MARKDOWN_MARKUP.sub(r"\\\1", " ".join(str(text).split()))


def header(ds: Dataset, title_key: str, *, lang: str = "id", title: str | None = None) -> Markdown:
    """Title and, for simulator data, the synthetic-data banner. The summary follows it, then
    :func:`provenance`.

    The title names the data's one region (``ds.region_name()``) unless ``title`` gives other
    words (the region comparison names several)."""
    name = ds.region_name() if title is None else title
    lines = [f"# {t(title_key, lang, region=escape_markdown(name))}", ""]
    if ds.synthetic:
        lines += [f"> **{t('synthetic_banner', lang)}**", ""]
    return Markdown("\n".join(lines))


def provenance(ds: Dataset, *, lang: str = "id") -> Markdown:
    """A box saying where the data came from: source (synthetic or a path), the date they
    describe, their content hash and the package version."""
    source = t("synthetic_source", lang) if ds.synthetic else ds.source
    text = t(
        "provenance",
        lang,
        source=html.escape(" ".join(str(source).split())),  # inside a block of HTML
        as_of=date(workforce.snapshot_date(ds), lang),
        hash=ds.content_hash(),
        version=package_version(),
    )
    style = (
        "border-left: 4px solid #9aa5b1; background: #f3f5f7; padding: .5em 1em; "
        "margin: 1em 0; font-size: 90%"
    )
    facts = {
        "source": " ".join(str(source).split()),
        "as_of": workforce.snapshot_date(ds).date().isoformat(),
        "content_hash": ds.content_hash(),
        "version": package_version(),
        "synthetic": bool(ds.synthetic),
        "text": html.unescape(text),
    }
    return Provenance(f'<div class="provenance" style="{style}">{text}</div>', facts=facts)


class Provenance(Markdown):
    """The provenance box (Markdown) that also carries its facts as data
    (:data:`~asnpolicy.narrative.page.PROVENANCE_MIME`: source, as-of date, content hash,
    version, synthetic), which the report runner copies into the workbook's README sheet."""

    def __init__(self, data: str, *, facts: dict):
        super().__init__(data)
        self.facts = facts

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/markdown": self.data, PROVENANCE_MIME: self.facts}


def section(key: str, *, lang: str = "id") -> Markdown:
    """A section heading in ``lang``."""
    return Markdown(f"## {t(key, lang)}")


def format_interval(
    value: float, low: float, high: float, lang: str = "id", decimals: int = 2
) -> str:
    """``value [low; high]`` in the language's number format.

    >>> format_interval(0.5, 0.25, 0.75, "id")
    '0,50 [0,25; 0,75]'
    """
    return (
        f"{number(value, lang, decimals)} [{number(low, lang, decimals)}; "
        f"{number(high, lang, decimals)}]"
    )
