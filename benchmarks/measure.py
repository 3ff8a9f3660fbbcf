"""Timing and memory of one run, summaries of several, and the machine they ran on.

Every run is a fresh process: its wall time is measured around the work, and its peak memory
is the largest resident set of it or any process it started (``ru_maxrss`` of the waited-for
children), read by a small meter process so that runs do not mix.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

#: A child scenario prints its result on one line starting with this marker.
MARKER = "BENCH_JSON "

_METER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall_s": wall, "peak_kib": peak, "returncode": code}), file=sys.stderr)
"""


@dataclass
class Sample:
    """One run: its wall time, peak memory and what the child reported."""

    wall_s: float
    peak_mib: float
    returncode: int
    report: dict = field(default_factory=dict)


def metered(cmd: list[str], *, env: dict | None = None, cwd: str | None = None) -> Sample:
    """Run ``cmd`` in a meter process; its output passes through except the result line.

    Raises
    ------
    RuntimeError
        When the command fails (its output is shown).
    """
    proc = subprocess.run(
        [sys.executable, "-c", _METER, *cmd],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    meter = json.loads(proc.stderr.strip().splitlines()[-1])
    report = {}
    for line in proc.stdout.splitlines():
        if line.startswith(MARKER):
            report = json.loads(line[len(MARKER) :])
    if meter["returncode"] != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed with exit code {meter['returncode']}:\n"
            + proc.stdout[-3000:]
            + proc.stderr[-3000:]
        )
    return Sample(meter["wall_s"], meter["peak_kib"] / 1024, meter["returncode"], report)


def emit(result: dict) -> None:
    """What a child scenario hands back to the harness."""
    print(MARKER + json.dumps(result), flush=True)


class Stopwatch:
    """Wall times of named steps within one process."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    def time(self, name: str, func, *args, **kwargs):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        self.times[name] = time.perf_counter() - start
        return result


def summary(values: list[float]) -> dict:
    """Median, min and max of repeated measurements."""
    return {
        "n": len(values),
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def peak_rss_mib() -> float:
    """This process's own peak resident set so far."""
    import resource

    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 2**20


def machine() -> dict:
    """What the numbers were measured on."""
    import numpy
    import pandas
    import pyarrow

    memory = None
    try:
        with open("/proc/meminfo") as f:
            memory = round(int(f.readline().split()[1]) / 2**20, 1)
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gib": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "pandas": pandas.__version__,
        "numpy": numpy.__version__,
        "pyarrow": pyarrow.__version__,
    }
