# SPDX-License-Identifier: MIT
"""Which periodic code wrote a file, told by its content, not its name.

VASP's ``OUTCAR`` has no extension and its ``vasprun.xml`` is one ``.xml``
among many; Quantum ESPRESSO and CP2K outputs are named as the user likes.
The first kilobytes say what the file is.
"""

import re
from dataclasses import dataclass

SNIFF_BYTES = 16 * 1024


@dataclass(frozen=True)
class Format:
    """A recognised output: the program, its version and how to read it."""

    program: str
    version: str
    reader: str
    """ASE's format name, or ``"cp2k"`` for the processor's own reader."""


_SIGNATURES = (
    # vasprun.xml: <generator> names the program and version.
    (
        "VASP",
        "vasp-xml",
        re.compile(
            rb"<modeling>.*?<i name=\"program\"[^>]*>\s*vasp\s*</i>\s*"
            rb"<i name=\"version\"[^>]*>\s*([^<\s]+)",
            re.S,
        ),
    ),
    # OUTCAR: the first line is the executable's banner.
    ("VASP", "vasp-out", re.compile(rb"\A\s*vasp\.(\d+\.\d+(?:\.\d+)?)")),
    ("Quantum ESPRESSO", "espresso-out", re.compile(rb"Program PWSCF v\.?\s*(\S+?)\s")),
    ("CP2K", "cp2k", re.compile(rb"CP2K\| version string:\s+CP2K version (\S+)")),
)
"""Searched in the bytes of the file's start: the banners are ASCII."""


def sniff(path):
    """The :class:`Format` of ``path`` from its first kilobytes, or ``None``."""
    try:
        with open(path, "rb") as fp:
            return sniff_start(fp.read(SNIFF_BYTES))
    except OSError:
        return None


def sniff_start(start):
    """The :class:`Format` told by ``start``, a file's first bytes (only
    :data:`SNIFF_BYTES` of them are looked at), or ``None``."""
    for program, reader, pattern in _SIGNATURES:
        match = pattern.search(start, 0, SNIFF_BYTES)
        if match:
            version = match.group(1).decode("utf-8", errors="replace")
            return Format(program, version, reader)
    return None
