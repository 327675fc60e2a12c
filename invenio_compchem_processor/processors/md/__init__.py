# SPDX-License-Identifier: MIT
"""Reading molecular dynamics files for the ``md-summary`` processor.

One module per concept: :mod:`.formats` (what a file is, by content),
:mod:`.grouping` (which files make one simulation), :mod:`.system`,
:mod:`.run_parameters`, :mod:`.trajectory` and :mod:`.energies` (the
summary's sections), :mod:`.verdicts`, :mod:`.simulation` (one summary) and
:mod:`.isolation` (the child process that reads it).
"""
