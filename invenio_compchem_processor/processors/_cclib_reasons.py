# SPDX-License-Identifier: MIT
"""One-line failure reasons a chemist can act on.

A parser's own error (``KeyError: -4``, ``UnboundLocalError``) says nothing
to a depositor. The reason says what is wrong with the file, named by the
program and version in its banner, and what to do about it; the parser's
error goes to stderr, i.e. the step log, for the maintainers.
"""

import sys

from . import _evidence, _verdicts
from ._programs import identify, read_head

NOT_RECOGNISED = (
    "not an output of a quantum-chemistry program this processor reads "
    "(Gaussian, ORCA, NWChem, Psi4, Q-Chem, GAMESS, Molpro, xtb, TURBOMOLE, ...): "
    "upload the program's main output file"
)

# Newest major version a cclib release line parses; newer ones are reported
# as unsupported rather than as a damaged file. Only versions known to fail.
_NEWEST_SUPPORTED_MAJOR = {
    "1.8": {"ORCA": 5},  # ORCA 6 changed its output; cclib 1.8.x raises
}


# cclib parser names as a depositor knows the file.
_PARSER_NAMES = {
    "FChk": "Formatted checkpoint",
    "QChem": "Q-Chem",
    "xTB": "xtb",
    "XTB": "xtb",
    "GAMESSUK": "GAMESS-UK",
    "GAMESSDAT": "GAMESS punch file",
    "Turbomole": "TURBOMOLE",
}


class ParseFailure(Exception):
    """A file could not be summarised; the message is the depositor's reason."""


def _cclib_version():
    try:
        import cclib

        return cclib.__version__
    except Exception:
        return "unknown"


def short_exception(exc):
    """``Type: message`` cut to one short line (for the step log only)."""
    text = " ".join(str(exc).split())
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def unsupported(program, version):
    """Whether this cclib release is known not to read ``program`` ``version``."""
    newest = _NEWEST_SUPPORTED_MAJOR.get(".".join(_cclib_version().split(".")[:2]), {})
    if program not in newest or not version:
        return False
    try:
        return int(version.split(".")[0]) > newest[program]
    except ValueError:
        return False


def _label(program, version):
    if not program:
        return "the output"
    return f"{program} {version}" if version else program


def _ended_early(path, program):
    """Whether the program's termination line is missing (file cut short)."""
    try:
        evidence = _evidence.scan(path, program)
    except OSError:
        return False
    verdict = _verdicts.termination(evidence, program, None)
    return verdict["status"] == "incomplete"


def failure_reason(path, program, exc):
    """Reason for ``path``; ``program`` is the cclib parser name or ``None``.

    ``exc`` is what parsing raised, or ``None`` when it ended without results.
    """
    if exc is not None:
        print(f"{path}: {short_exception(exc)}", file=sys.stderr)
    banner_program, version = identify(read_head(path))
    if program is None and banner_program is None:
        if exc is None:
            return NOT_RECOGNISED
        return NOT_RECOGNISED
    name = banner_program or _PARSER_NAMES.get(program, program)
    label = _label(name, version)
    if unsupported(name, version):
        major = version.split(".")[0]
        return (
            f"{name} {major} outputs are not readable by this version of the "
            f"processor (cclib {_cclib_version()} reads {name} up to "
            f"{_NEWEST_SUPPORTED_MAJOR['1.8'][name]}); this file is {label}"
        )
    if _ended_early(path, name):
        return (
            f"{label} output: the file ends before the calculation finished; "
            "upload the complete output once the job has ended"
        )
    if exc is None:
        return (
            f"{label} output holds no atoms or energies: the job stopped before "
            "its first result, or this is not the main output file"
        )
    return (
        f"{label} output could not be read: it holds a section the parser "
        f"(cclib {_cclib_version()}) does not understand or is damaged; "
        "check that it is the complete, unedited output"
    )
