"""Tests of asnpolicy.narrative (a package so that test_workforce.py and the like do not clash
with the tests of the analysis modules of the same name)."""
