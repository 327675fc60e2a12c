# SPDX-License-Identifier: MIT
"""Which program wrote a file, and its version, as a chemist writes them.

cclib names its parsers, not the programs (``QChem``, ``GAMESSUK``, ``FChk``),
normalises versions for sorting (``1!1.7.dev+HEAD-6ce35a5``) and picks a
parser from a few keywords (a Molpro log becomes ``Molcas``). The banner at
the top of the file says what the program calls itself, so it decides.
"""

import re

from ._isolation import read_first

HEAD_BYTES = 64 * 1024
"""How much of a file's beginning the banner and input checks read."""

# Per program, its banners: (needle, pattern with the version as group 1 or
# none), programs most specific first: Firefly prints "GAMESS" too, Molpro
# logs name no version. The needle (a plain substring, or None) keeps the
# regexes off files that cannot match.
_BANNER_PATTERNS = {
    "ORCA": [("Program Version", r"Program Version\s+(\d+\.\d+(?:\.\d+)?)")],
    "Gaussian": [
        ("Gaussian ", r"(?m)^\s*Gaussian (\d\d):\s+\S+-G\d\dRev([A-Z]\.\d\d)"),
        ("Gaussian ", r"(?m)^\s*Gaussian (\d\d)[,:]"),
    ],
    "NWChem": [("(NWChem)", r"\(NWChem\)\s+(\d+(?:\.\d+)*)")],
    "Psi4": [("Psi4 ", r"(?m)^\s*Psi4 (\d+\.\d+(?:\.\d+)?)")],
    "Q-Chem": [("Q-Chem ", r"(?m)^\s*Q-Chem (\d+\.\d+(?:\.\d+)?)")],
    "xtb": [("xtb version", r"\* xtb version (\d+\.\d+(?:\.\d+)?)")],
    "Firefly": [("Firefly version", r"Firefly version (\d+\.\d+(?:\.\d+)?)")],
    "GAMESS-UK": [("GAMESS-UK", r"(?s)GAMESS-UK.*?(?:version\s+(\d+\.\d+))?\s*===")],
    "GAMESS (US)": [
        ("GAMESS VERSION", r"GAMESS VERSION = (\d+ \w+ \d+(?: \(R\d+\))?)")
    ],
    "Molpro": [
        ("PROGRAM SYSTEM MOLPRO", r"(?s)PROGRAM SYSTEM MOLPRO.*?Version (\d+\.\d+)"),
        ("1PROGRAM", r"(?m)\A1PROGRAM \* \w+.*Author"),  # a Molpro .log
    ],
    "OpenMolcas": [(None, r"OPENMOLCAS|OpenMolcas")],
    "Molcas": [("MOLCAS", r"This run of MOLCAS|MOLCAS version\s+(\d+\.\d+)")],
    "TURBOMOLE": [("TURBOMOLE", r"TURBOMOLE [Vv](\d+(?:[-.]\d+)+)")],
    "ADF": [
        (
            "Amsterdam Density Functional",
            r"(?s)Amsterdam Density Functional.*?(\d{4}\.\d+)",
        )
    ],
    "DALTON": [
        ("DALTON", r"This is output from DALTON(?: release)? (?:Dalton)?(\S+)")
    ],
    "Jaguar": [("Jaguar version", r"Jaguar version (\d+\.\d+)")],
    "MOPAC": [("MOPAC", r"MOPAC(\d{4}|\s+\d+\.\d+)")],
    "CFOUR": [("CFOUR", r"(?s)CFOUR Coupled-Cluster techniques.*?Version (\S+)")],
}
_BANNERS = [
    (program, needle, re.compile(pattern))
    for program, banners in _BANNER_PATTERNS.items()
    for needle, pattern in banners
]
_LINE_START = r"(?m)^\s*"
"""How a banner pattern that must begin its line starts."""

# cclib's parser or package names that are not the programs' own names.
_CCLIB_NAMES = {
    "QChem": "Q-Chem",
    "xTB": "xtb",
    "GAMESSUK": "GAMESS-UK",
    "GAMESSDAT": "GAMESS (US)",
    "Turbomole": "TURBOMOLE",
    "FChk": None,  # a file format: the writing program is not in it
}

# Input files of the programs cclib knows: uploaded next to the outputs, and
# recognised by cclib by their keywords.
_INPUT_MARKERS = (
    (
        "GAMESS",
        "$CONTRL",
        re.compile(r"^\s*\$CONTRL\b", re.M | re.I),
        re.compile(
            r"EXECUTION OF (GAMESS|FIREFLY) BEGUN|GAMESS VERSION|Firefly version|GAMESS-UK"
        ),
    ),
)

MOLPRO_LOG = re.compile(r"\A1PROGRAM \* \w+.*Author")
"""Molpro's ``.log`` trace: it starts with a program section, no banner."""


def read_head(path, size=HEAD_BYTES):
    """The first ``size`` bytes of ``path`` as text; ``""`` when unreadable."""
    return read_first(path, size).decode("utf-8", errors="replace")


def _gaussian_version(match):
    return (
        f"{match.group(1)} Rev. {match.group(2)}"
        if match.lastindex > 1
        else match.group(1)
    )


def _banner(pattern, needle, head):
    """``pattern.search(head)``. A pattern that must begin its line gives re
    no text to skip ahead to, so it is tried only on the lines holding its
    needle rather than at every position of the head."""
    if needle is None or not pattern.pattern.startswith(_LINE_START):
        return pattern.search(head)
    position = head.find(needle)
    while position >= 0:
        match = pattern.match(head, head.rfind("\n", 0, position) + 1)
        if match:
            return match
        position = head.find(needle, position + 1)
    return None


def identify(head):
    """``(program, version)`` from the banner in ``head``; ``(None, None)``."""
    for program, needle, pattern in _BANNERS:
        if needle and needle not in head:
            continue
        match = _banner(pattern, needle, head)
        if not match:
            continue
        if program == "Gaussian":
            return program, _gaussian_version(match)
        version = match.group(1) if match.lastindex else None
        if program == "TURBOMOLE" and version:
            version = version.replace("-", ".")
        return program, (version.strip() if version else None)
    return None, None


def input_file_of(head):
    """The program whose *input* file ``head`` is, or ``None`` for an output."""
    for program, needle, marker, output_marker in _INPUT_MARKERS:
        if (needle in head or needle.lower() in head) and marker.search(head):
            if not output_marker.search(head):
                return program
    return None


def program_name(cclib_package, banner_program):
    """The program's own name: the banner's, else cclib's translated."""
    if banner_program:
        return banner_program
    if cclib_package in _CCLIB_NAMES:
        return _CCLIB_NAMES[cclib_package]
    return cclib_package


def program_version(banner_version, cclib_legacy, cclib_normalised):
    """The version as the program prints it: the banner's, else cclib's.

    cclib's ``legacy_package_version`` is the printed one; its
    ``package_version`` adds epochs and build hashes for sorting.
    """
    return banner_version or cclib_legacy or cclib_normalised
