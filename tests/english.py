"""Common English words that an Indonesian page or note should not hold (shared by the import
and explore tests)."""

from __future__ import annotations

import re

#: Common English words that no Indonesian note or reason should hold. Table and column names
#: that are English words (``employees``, ``positions``, ``origin``, ``hired``) are codes, so
#: not listed; ``no`` is Indonesian too (``no. peserta``).
ENGLISH = frozenset(
    """the a an and or of to in on at as is are be by with from for not it its their this that
    has have row rows line lines file files column columns sheet workbook mapping read found
    must unknown missing without left empty kept skipped taken year years number date answer
    only blank published second same twice outside between whole level code person people
    value values yet first gender age education""".split()
)


def english_words(text: str) -> set[str]:
    """The words of :data:`ENGLISH` in ``text``, leaving out codes: parameters (``year=``,
    ``--param``), identifiers with ``_``, ``.`` or ``/`` (``year_only``, ``P/L``)."""
    text = re.sub(r"\S*=\S*", " ", text)
    text = re.sub(r"--param\s+\w+|--\w+", " ", text)
    text = re.sub(r"\w+(?:[._/]\w+)+", " ", text)
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w in ENGLISH}
