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
            r"<modeling>.*?<i name=\"program\"[^>]*>\s*vasp\s*</i>\s*"
            r"<i name=\"version\"[^>]*>\s*([^<\s]+)",
            re.S,
        ),
    ),
    # OUTCAR: the first line is the executable's banner.
    ("VASP", "vasp-out", re.compile(r"\A\s*vasp\.(\d+\.\d+(?:\.\d+)?)")),
    ("Quantum ESPRESSO", "espresso-out", re.compile(r"Program PWSCF v\.?\s*(\S+?)\s")),
    ("CP2K", "cp2k", re.compile(r"CP2K\| version string:\s+CP2K version (\S+)")),
)


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
    head = start[:SNIFF_BYTES].decode("utf-8", errors="replace")
    for program, reader, pattern in _SIGNATURES:
        match = pattern.search(head)
        if match:
            return Format(program, match.group(1), reader)
    return None
