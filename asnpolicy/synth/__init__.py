"""Deterministic synthetic data for the four study regions, with a documented ground truth.

No public micro-data exist for these regions, so :func:`generate` produces the twelve tables
(and each region's policy profile as a ``region_policies`` row) in exactly the format a region
would load (they pass every schema and cross-table check), from a latent-competency model whose
parameters are known. ``Dataset.truth`` records that truth, so
every analysis can show that it recovers it. Every assumed number is in
:mod:`asnpolicy.synth.assumptions` with its source, and listed in ``data/README.md``.

Examples
--------
>>> ds = generate(regions=["pauh"], years=(2024,), scale=0.3)
>>> ds.synthetic, sorted(ds.truth)[:3]
(True, ['applicant_latent', 'assumptions', 'employee_performance'])
"""

from . import national, regional
from .exports import write_exports as write_exports
from .regional import DEFAULT_YEARS, generate, region_parameters, simulate

__all__ = ["DEFAULT_YEARS", "generate", "national", "regional", "region_parameters", "simulate"]
