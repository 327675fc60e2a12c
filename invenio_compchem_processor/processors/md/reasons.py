# SPDX-License-Identifier: MIT
"""One-line, depositor-readable reasons for MD files that cannot be read."""


class ReadFailure(Exception):
    """A file or simulation cannot be summarised; the message says why in one line."""


NOT_MD = (
    "not a molecular dynamics file this processor reads"
    " (GROMACS, AMBER, LAMMPS, CHARMM/NAMD)"
)
NO_TOPOLOGY = "a trajectory needs its topology or run input in the same run"


def one_line(text, limit=300):
    """``text`` on one line, cut to ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reason_of(exc):
    """A reason from an exception raised by a reader library."""
    message = one_line(exc) or type(exc).__name__
    return f"the file could not be read ({type(exc).__name__}: {message})"
