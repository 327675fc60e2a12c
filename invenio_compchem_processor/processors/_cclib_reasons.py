# SPDX-License-Identifier: MIT
"""One-line failure reasons for files cclib cannot read.

cclib's own errors (``AssertionError`` with no message, ``IndexError``) mean
nothing to a depositor, so the reason names the program and version that
wrote the file, read from its header, and says whether this cclib release is
known not to support that version.
"""

import re

NOT_RECOGNISED = (
    "not a recognised computational chemistry output: "
    "cclib could not tell which program wrote it"
)

# Version lines of the programs' headers, keyed by cclib parser class name.
_VERSION_PATTERNS = {
    "ORCA": re.compile(r"Program Version\s+(\d+(?:\.\d+)*)"),
    "Gaussian": re.compile(r"^\s*Gaussian (\d\d)[,:]", re.M),
    "NWChem": re.compile(r"\(NWChem\)\s+(\d+(?:\.\d+)*)"),
    "Psi4": re.compile(r"^\s*Psi4 (\d+(?:\.\d+)*)", re.M),
}
_DISPLAY_NAMES = {"QChem": "Q-Chem"}  # class names that are not program names

# Newest major version a cclib release line parses; newer ones are reported
# as unsupported rather than as a cclib error. Only versions known to fail.
_NEWEST_SUPPORTED_MAJOR = {
    "1.8": {"ORCA": 5},  # ORCA 6 changed its output; cclib 1.8.x raises
}

_HEADER_BYTES = 256 * 1024


class ParseFailure(Exception):
    """A file could not be summarised; the message is the depositor's reason."""


def _cclib_version():
    try:
        import cclib

        return cclib.__version__
    except Exception:
        return "unknown"


def header_version(path, program):
    """Version of ``program`` from the header of ``path``, or ``None``."""
    pattern = _VERSION_PATTERNS.get(program)
    if pattern is None:
        return None
    try:
        with open(path, "rb") as fp:
            head = fp.read(_HEADER_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    match = pattern.search(head)
    return match.group(1) if match else None


def short_exception(exc):
    """``Type: message`` cut to one short line."""
    text = " ".join(str(exc).split())
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _unsupported(program, version, cclib_version):
    newest = _NEWEST_SUPPORTED_MAJOR.get(".".join(cclib_version.split(".")[:2]), {})
    if program not in newest or not version:
        return False
    try:
        return int(version.split(".")[0]) > newest[program]
    except ValueError:
        return False


def failure_reason(path, program, exc):
    """Reason for a file of ``program`` (cclib parser name or ``None``).

    ``exc`` is what parsing raised, or ``None`` when it ended without results.
    """
    cclib_version = _cclib_version()
    if program is None:
        if exc is None:
            return NOT_RECOGNISED
        return f"the file could not be read: {short_exception(exc)}"
    version = header_version(path, program)
    name = _DISPLAY_NAMES.get(program, program)
    label = f"{name} {version}" if version else name
    if exc is None:
        return f"{label} output holds no results cclib {cclib_version} can read"
    detail = short_exception(exc)
    if _unsupported(program, version, cclib_version):
        return (
            f"{label} output could not be read: cclib {cclib_version} does not "
            f"support this {name} version ({detail})"
        )
    return (
        f"{label} output could not be read: cclib {cclib_version} failed "
        f"while parsing it ({detail})"
    )
