# SPDX-License-Identifier: MIT
"""Which program wrote a file, and its version, as a chemist writes them.

cclib names its parsers, not the programs (``QChem``, ``GAMESSUK``, ``FChk``),
normalises versions for sorting (``1!1.7.dev+HEAD-6ce35a5``) and picks a
parser from a few keywords (a Molpro log becomes ``Molcas``). The banner at
the top of the file says what the program calls itself, so it decides.
"""

import re

HEAD_BYTES = 64 * 1024
"""How much of a file's beginning the banner and input checks read."""

# (program, needle, banner pattern with the version as group 1 or None),
# most specific first: Firefly prints "GAMESS" too, Molpro logs name no
# version. The needle (a plain substring, or None) keeps the regexes off
# files that cannot match.
_BANNERS = (
    ("ORCA", "Program Version", re.compile(r"Program Version\s+(\d+\.\d+(?:\.\d+)?)")),
    (
        "Gaussian",
        "Gaussian ",
        re.compile(r"^\s*Gaussian (\d\d):\s+\S+-G\d\dRev([A-Z]\.\d\d)", re.M),
    ),
    ("Gaussian", "Gaussian ", re.compile(r"^\s*Gaussian (\d\d)[,:]", re.M)),
    ("NWChem", "(NWChem)", re.compile(r"\(NWChem\)\s+(\d+(?:\.\d+)*)")),
    ("Psi4", "Psi4 ", re.compile(r"^\s*Psi4 (\d+\.\d+(?:\.\d+)?)", re.M)),
    ("Q-Chem", "Q-Chem ", re.compile(r"^\s*Q-Chem (\d+\.\d+(?:\.\d+)?)", re.M)),
    ("xtb", "xtb version", re.compile(r"\* xtb version (\d+\.\d+(?:\.\d+)?)")),
    ("Firefly", "Firefly version", re.compile(r"Firefly version (\d+\.\d+(?:\.\d+)?)")),
    (
        "GAMESS-UK",
        "GAMESS-UK",
        re.compile(r"GAMESS-UK.*?(?:version\s+(\d+\.\d+))?\s*===", re.S),
    ),
    (
        "GAMESS (US)",
        "GAMESS VERSION",
        re.compile(r"GAMESS VERSION = (\d+ \w+ \d+(?: \(R\d+\))?)"),
    ),
    (
        "Molpro",
        "PROGRAM SYSTEM MOLPRO",
        re.compile(r"PROGRAM SYSTEM MOLPRO.*?Version (\d+\.\d+)", re.S),
    ),
    (
        "Molpro",
        "1PROGRAM",
        re.compile(r"\A1PROGRAM \* \w+.*Author", re.M),
    ),  # a Molpro .log
    ("OpenMolcas", None, re.compile(r"OPENMOLCAS|OpenMolcas")),
    ("Molcas", "MOLCAS", re.compile(r"This run of MOLCAS|MOLCAS version\s+(\d+\.\d+)")),
    ("TURBOMOLE", "TURBOMOLE", re.compile(r"TURBOMOLE [Vv](\d+(?:[-.]\d+)+)")),
    (
        "ADF",
        "Amsterdam Density Functional",
        re.compile(r"Amsterdam Density Functional.*?(\d{4}\.\d+)", re.S),
    ),
    (
        "DALTON",
        "DALTON",
        re.compile(r"This is output from DALTON(?: release)? (?:Dalton)?(\S+)"),
    ),
    ("Jaguar", "Jaguar version", re.compile(r"Jaguar version (\d+\.\d+)")),
    ("MOPAC", "MOPAC", re.compile(r"MOPAC(\d{4}|\s+\d+\.\d+)")),
    (
        "CFOUR",
        "CFOUR",
        re.compile(r"CFOUR Coupled-Cluster techniques.*?Version (\S+)", re.S),
    ),
)

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
    try:
        with open(path, "rb") as fp:
            return fp.read(size).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _gaussian_version(match):
    return (
        f"{match.group(1)} Rev. {match.group(2)}"
        if match.lastindex > 1
        else match.group(1)
    )


def identify(head):
    """``(program, version)`` from the banner in ``head``; ``(None, None)``."""
    for program, needle, pattern in _BANNERS:
        if needle and needle not in head:
            continue
        match = pattern.search(head)
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
