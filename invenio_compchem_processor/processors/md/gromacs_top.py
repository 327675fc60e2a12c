# SPDX-License-Identifier: MIT
"""The ``[ system ]`` and ``[ molecules ]`` sections of a GROMACS topology.

A ``.top`` usually ``#include``s force-field files that are not deposited
with it, so a full topology read often cannot work; its last two sections
still say which molecules the system holds, and how many of each.
"""

import re

_SECTION = re.compile(r"^\s*\[\s*(\w+)\s*\]")


def system_and_molecules(text):
    """``(system name or None, [(molecule type, count), ...])`` of a ``.top``."""
    section, name, molecules = None, None, []
    for line in text.splitlines():
        line = line.split(";", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        header = _SECTION.match(line)
        if header:
            section = header.group(1).lower()
            continue
        if section == "system" and name is None:
            name = line
        elif section == "molecules":
            fields = line.split()
            if len(fields) >= 2 and fields[1].lstrip("-").isdigit():
                molecules.append((fields[0], int(fields[1])))
    return name, molecules
