"""The Jinja2 environment of the report runner's pages (the index and each report page):
templates in ``templates/``, every value escaped unless marked safe, and a name a template uses
but is not given is an error, never an empty string."""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

__all__ = ["environment"]


@cache
def environment() -> Environment:
    """The templates in ``templates/`` (the ``url`` filter quotes a path for a link)."""
    env = Environment(
        loader=PackageLoader("asnpolicy.reports", "templates"),
        autoescape=select_autoescape(("html", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["url"] = quote
    return env
