# SPDX-License-Identifier: MIT
"""How a run's result files are named after their source file, stdlib only.

The run client names what it writes with these functions; the callback
service checks a written name against them, and tells which source a result
belongs to.
"""

import hashlib
import re
import unicodedata

MAX_KEY_LENGTH = 255
"""Longest file key a result gets (RDM's and most file systems' limit)."""

_SAFE_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,12}$")


def _escape(char):
    if char in "%/\\" or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        return "".join(f"%{byte:02X}" for byte in char.encode())
    return char


def flat_key(key):
    """A draft file key as one plain, non-hidden file name, reversibly.

    ``%``, ``/``, ``\\`` and invisible or control characters are
    percent-encoded, and so is a leading dot: ``x/y.out`` and ``x_y.out``
    stay apart, as do ``.h.out`` and ``h.out``.
    """
    flat = "".join(_escape(char) for char in key)
    return "%2E" + flat[1:] if flat.startswith(".") else flat


def result_name(source_key, suffix):
    """The key of a source's result: its flat key and ``suffix`` (e.g. ``.xyz``).

    Distinct sources never share a result name; a source key too long for
    ``MAX_KEY_LENGTH`` is shortened and made unique by a hash of it.
    """
    flat = flat_key(source_key)
    room = MAX_KEY_LENGTH - len(suffix)
    if len(flat) > room:
        digest = hashlib.sha256(source_key.encode()).hexdigest()[:10]
        flat = f"{flat[: room - 11]}~{digest}"
    return flat + suffix


def result_suffix(source_key, name):
    """The suffix ``name`` adds to ``source_key``'s result name, or None if none does."""
    flat = flat_key(source_key)
    if name.startswith(flat):
        suffix = name[len(flat) :]
    else:
        digest = hashlib.sha256(source_key.encode()).hexdigest()[:10]
        _, marker, suffix = name.partition(f"~{digest}")
        if not marker:
            return None
    if suffix.startswith(".") and result_name(source_key, suffix) == name:
        return suffix
    return None


def local_name(key, number):
    """The name of a run's ``number``-th input in its workspace: never the key.

    Only a plain extension is kept, for processors that read the format from it.
    """
    match = _SAFE_EXTENSION.search(key)
    return f"input-{number}{match.group(0) if match else ''}"
