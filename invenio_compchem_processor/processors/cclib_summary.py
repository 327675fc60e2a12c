# SPDX-License-Identifier: MIT
"""The ``cclib-summary`` processor: summary and final geometry via cclib.

Usage: ``compchem-cclib-summary INPUT_DIR OUTPUT_DIR [--timeout SECONDS]``.
For each input ``NAME`` it writes ``NAME.summary.json`` and, when the output
holds coordinates, ``NAME.xyz``; ``results.json`` lists every input's status.
The contract shared by all processors is in :mod:`..processors`.

Files that belong together (an ORCA output with its ``.hess``, a TURBOMOLE
job folder) give one summary, named after the program output
(:mod:`._grouping`, :mod:`._joined`). cclib parsers are third-party code that
may raise, loop or crash on outputs they do not know (ORCA 6 with cclib 1.8),
so every group is read in a forked child process that is killed when it
exceeds the timeout (:mod:`._isolation`).
"""

import logging
import sys
from pathlib import Path

from . import _grouping, _joined
from ._cclib_reasons import ParseFailure, failure_reason
from ._directory import SUMMARY_SUFFIX, process_groups, run_command
from ._isolation import inputs_of, processor_about, processor_version
from ._summaries import SUMMARY_VERSION, from_cclib
from ._turbomole_control import control_multiplicity

PROCESSOR_NAME = "cclib-summary"
DEFAULT_TIMEOUT = 300
XYZ_SUFFIX = ".xyz"

__all__ = (
    "SUMMARY_SUFFIX",
    "SUMMARY_VERSION",
    "ParseFailure",
    "inputs_of",
    "main",
    "process_directory",
    "processor_version",
    "read_output",
    "summarize",
)


def _processor():
    return processor_about(PROCESSOR_NAME, "cclib")


def _quiet_cclib():
    """cclib logs every byte it cannot decode; errors are enough. Set once:
    setting a level clears every logger's cache."""
    logger = logging.getLogger("cclib")
    if logger.level != logging.ERROR:
        logger.setLevel(logging.ERROR)


def read_output(path):
    """Parse ``path`` and return ``(summary, xyz_text_or_None)``.

    cclib reads it; ORCA outputs cclib cannot read (ORCA 6) go to the ASE
    fallback. Raises :class:`ParseFailure` with a depositor-readable reason.
    Runs in the child process.
    """
    _quiet_cclib()
    return from_cclib(path, _processor())


def read_with_hessian(output, hess):
    """An ORCA output and its ``.hess``: one summary (see :mod:`._joined`)."""
    summary, xyz = read_output(output)
    return _joined.with_hessian(summary, Path(output), Path(hess)), xyz


def read_turbomole(primary, companions):
    """A TURBOMOLE job folder: its outputs and data groups read together, the
    ``control`` file giving the multiplicity. ``companions``: roles by path."""
    _quiet_cclib()
    control = next(
        (p for p, role in companions.items() if role == _grouping.TURBOMOLE_CONTROL),
        None,
    )
    multiplicity, evidence = (None, None)
    if control is not None:
        multiplicity, evidence = control_multiplicity(Path(control))
    summary, xyz = from_cclib(
        primary, _processor(), companions=sorted(companions), multiplicity=multiplicity
    )
    members = [(Path(primary), _grouping.TURBOMOLE_OUTPUT)]
    members += [(Path(p), role) for p, role in sorted(companions.items())]
    fields = {}
    if multiplicity:
        fields["multiplicity"] = {"file": Path(control).name, "evidence": evidence}
    summary["sources"] = _joined.sources(
        members, fields, {Path(primary): summary.get("source")}
    )
    return summary, xyz


def summarize(path):
    """Summary dict of one output file (see ``docs/processors.rst``).

    Parses in the calling process, without timeout; raises
    :class:`ParseFailure` when the file cannot be read.
    """
    return read_output(path)[0]


def _describe(exc, args):
    return failure_reason(Path(args[0]), None, exc)


def process_directory(input_dir, output_dir, timeout=DEFAULT_TIMEOUT, reader=read_output):
    """Process every input (or group of inputs) of ``input_dir``; return the
    manifest dict. ``reader`` reads a file on its own in the child (tests
    use a blocking one for the timeout)."""

    def grouper(inputs):
        return _grouping.qm_groups(inputs, reader, read_with_hessian, read_turbomole)

    processor = _processor()  # imports cclib once, before the forks
    return process_groups(
        input_dir, output_dir, timeout, grouper, _describe, XYZ_SUFFIX, processor
    )


def main(argv=None):
    """Console entry point; returns the exit code (0 ok, 1 failures, 2 usage)."""
    return run_command(
        argv,
        "compchem-cclib-summary",
        "Summarise computational chemistry outputs with cclib.",
        process_directory,
        DEFAULT_TIMEOUT,
    )


if __name__ == "__main__":
    sys.exit(main())
