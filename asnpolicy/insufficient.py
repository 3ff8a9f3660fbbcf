"""The one error an analysis raises when the data present cannot support it:
:class:`NotEnoughData`, with a code a report words and the inputs it would need.

A report section catches it (:func:`asnpolicy.narrative.guard.compute`) and shows one sentence
saying what the section would need; the rest of the page runs.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["NotEnoughData"]


class NotEnoughData(ValueError):
    """The data present cannot support an analysis.

    Parameters
    ----------
    message : str
        For a developer (English); pages word ``code`` instead.
    code : str
        Why, as a short code (``tables``, ``columns``, ``too_few_recruits``, ...). A page words
        it with the catalogue key ``need_code_<code>``, filled with ``counts``.
    needs : iterable of str, optional
        The inputs that would make the analysis possible: ``"table"`` or ``"table.column"``.
    **counts : int or str
        The numbers behind the code (e.g. ``n_recruits=3, n_needed=30``).

    Examples
    --------
    >>> err = NotEnoughData("No formasi", "tables", needs=["formasi"])
    >>> err.code, err.needs, isinstance(err, ValueError)
    ('tables', ('formasi',), True)
    """

    def __init__(
        self, message: str, code: str, *, needs: Iterable[str] = (), **counts: int | str
    ) -> None:
        super().__init__(message)
        self.code = code
        self.needs = tuple(needs)
        self.counts = counts
