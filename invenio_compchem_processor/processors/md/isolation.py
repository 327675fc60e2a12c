# SPDX-License-Identifier: MIT
"""Reading one simulation in a child process that is killed on timeout.

MD readers are third-party code reading gigabyte files: a corrupt file may
make them raise, loop, or run out of memory. The child process, its timeout
and its address-space cap are the processors' shared ones
(:mod:`.._isolation`); this module words the reasons for MD.
"""

from .. import _isolation
from .reasons import ReadFailure, reason_of


def _reason(exc, args):
    return reason_of(exc)


def run_isolated(reader, args, timeout, max_bytes=None):
    """``reader(*args)`` in a child; returns ``("ok", value)`` or ``("failed", reason)``.

    Never raises, never waits longer than ``timeout`` seconds (plus a few for
    the kill).
    """
    return _isolation.run_isolated(
        reader,
        args,
        timeout,
        max_bytes,
        expected=(ReadFailure,),
        describe=_reason,
        words=("reading", "reader"),
    )
