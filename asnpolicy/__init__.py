"""asnpolicy: evidence for Indonesian regional civil-service (ASN) recruitment.

Workforce needs (ABK, retirements, formasi), competency-based selection (SKD, SKB, integration,
alternative designs) and recruitment methods vs later performance and citizen satisfaction,
for the regions Bangko, Batanghari, Pauh and Bukittinggi and any region with data in the same
format.

``import asnpolicy`` is cheap: each module (``ap.workforce``, ``ap.plots``, ...) and the names
``Dataset``, ``load_dataset``, ``from_tables``, ``DataError``, ``write_templates`` and
``__version__`` are imported on first use, so scikit-learn, statsmodels, scipy and matplotlib load
only when a function needs them (and pandera, which checks the tables, with the data modules).

>>> import asnpolicy as ap
>>> ap.regions.region_ids()
('bangko', 'batanghari', 'pauh', 'bukittinggi')
"""

import sys as _sys
import typing as _typing
from functools import cache as _cache

if _typing.TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from . import (
        audit,
        compare,
        designs,
        fairness,
        funnel,
        merit,
        narrative,
        outcomes,
        plots,
        policy,
        privacy,
        range_restriction,
        reading,
        regions,
        reliability,
        rules,
        satisfaction,
        schema,
        selection,
        snapshot,
        spellings,
        synth,
        training,
        utility,
        validation,
        validity,
        workforce,
        writing,
    )
    from .errors import DataError
    from .io import Dataset, from_tables, load_dataset
    from .io import package_version as package_version
    from .writing import write_templates

    __version__: str

__all__ = [
    "DataError",
    "audit",
    "compare",
    "fairness",
    "funnel",
    "merit",
    "designs",
    "reliability",
    "outcomes",
    "range_restriction",
    "satisfaction",
    "validity",
    "training",
    "utility",
    "narrative",
    "plots",
    "policy",
    "privacy",
    "spellings",
    "workforce",
    "Dataset",
    "from_tables",
    "__version__",
    "load_dataset",
    "regions",
    "rules",
    "schema",
    "selection",
    "snapshot",
    "synth",
    "validation",
    "write_templates",
    "reading",
    "writing",
]

#: Names of the package's face that live in a module: name -> module.
_NAMES = {
    "DataError": "errors",
    "Dataset": "io",
    "from_tables": "io",
    "load_dataset": "io",
    "package_version": "io",
    "write_templates": "writing",
}


@_cache
def _modules() -> frozenset[str]:
    """The package's modules and sub-packages (``explore``, ``reports``, ``cli`` too)."""
    import pkgutil

    return frozenset(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def _module(name: str):
    """``asnpolicy.<name>``, imported by the import statement's own machinery (so that
    ``python -X importtime`` lists it, which ``importlib.import_module`` does not)."""
    full = f"{__name__}.{name}"
    __import__(full)
    return _sys.modules[full]


def __getattr__(name: str):
    """A module of the package, or a name of its face, imported on first use (PEP 562)."""
    if name in _NAMES:
        value = getattr(_module(_NAMES[name]), name)
    elif name == "__version__":
        value = __getattr__("package_version")()
    elif name in _modules():
        return _module(name)  # the import sets the attribute: no second call
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_NAMES, *_modules()})
