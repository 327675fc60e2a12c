# SPDX-License-Identifier: MIT
"""Reading a previewed file: bounded in size, decoded as text."""

from flask import current_app

MAX_BYTES_DEFAULT = 5 * 1024 * 1024


def max_bytes():
    """Largest file the previewers read (``COMPCHEM_PROCESSOR_PREVIEW_MAX_BYTES``)."""
    return current_app.config.get("COMPCHEM_PROCESSOR_PREVIEW_MAX_BYTES", MAX_BYTES_DEFAULT)


def small_enough(file):
    """Whether ``file`` is within the size the previewers read."""
    return file.size is not None and file.size <= max_bytes()


def read_text(file):
    """The file's content as text (UTF-8; undecodable bytes replaced)."""
    with file.open() as stream:
        return stream.read(max_bytes() + 1).decode("utf-8", errors="replace")
