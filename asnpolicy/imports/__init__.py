"""Real exports in: the files a BKPSDM holds (SIASN, SSCASN, SKP, SKM, Anjab-ABK) read into
asnpolicy's tables, with every identifier a keyed pseudonym.

See ``shared/reference/real-exports.md`` for the layouts and ``docs/`` for the guide.
"""
