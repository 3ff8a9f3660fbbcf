"""The startup scenario: how long ``import asnpolicy`` takes against ``import pandas, numpy``.

``python -m benchmarks.startup MODULES`` imports the comma-separated MODULES in this fresh
process, timing only the import statements (not the interpreter's own start), and reports the
seconds and which of the heavy libraries the import loaded. ``asnpolicy:load_dataset`` also
reaches the attribute (what a notebook's first line of work pays: the loader and its schemas).
"""

from __future__ import annotations

import sys
import time

from .measure import emit

#: Libraries ``import asnpolicy`` must not load until a function needs them (issue 20).
HEAVY = ("sklearn", "statsmodels", "scipy", "matplotlib")


def main(modules: str) -> None:
    start = time.perf_counter()
    for name in modules.split(","):
        module, _, attribute = name.partition(":")
        __import__(module)
        if attribute:
            getattr(sys.modules[module], attribute)
    seconds = time.perf_counter() - start
    loaded = sorted(h for h in HEAVY if h in sys.modules)
    emit({"seconds": seconds, "heavy": loaded})


if __name__ == "__main__":
    main(sys.argv[1])
