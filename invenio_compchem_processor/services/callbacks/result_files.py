# SPDX-License-Identifier: MIT
"""Writing a run's results into its draft, as RDM media files or draft files.

Media files are RDM's place for files derived from the depositor's; regular
draft files are the alternative for instances that want results published as
data. Either way each result carries its provenance under ``RESULT_MARKER``,
which is also what keeps the upload hook from processing it again.
"""

import shutil
import tempfile
import unicodedata

from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service
from invenio_records_resources.services.uow import RecordCommitOp

from ...result_names import MAX_KEY_LENGTH, result_suffix
from ..drafts import RESULT_MARKER
from ..errors import (
    InvalidCallbackError,
    InvalidResultNameError,
    ResultConflictError,
    ResultTooLargeError,
)
from .file_service import result_files_service
from .history import keep_previous
from .keyed_files import keyed

TARGETS = ("media", "files")

MAX_NAME_LENGTH = MAX_KEY_LENGTH

SPOOL_IN_MEMORY = 1024**2
"""Bytes of a result kept in memory while it arrives; more go to a temporary file."""


def _unsafe_char(char):
    # Cc: control, Cf: format (bidi overrides, zero-width), Zl/Zp: line breaks.
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def check_result_name(source_key, name):
    """Refuse result names that are not the source's result name and a suffix.

    Result names are :func:`~invenio_compchem_processor.result_names.result_name`
    of their source, so that two sources never share one; and a name never
    carries a directory, a hidden-file dot or a character a terminal or a
    file system could take for something else.
    """
    if (
        not name
        or len(name) > MAX_NAME_LENGTH
        or name.startswith(".")
        or "/" in name
        or "\\" in name
        or any(_unsafe_char(c) for c in name)
        or result_suffix(source_key, name) is None
    ):
        raise InvalidResultNameError(name[:MAX_NAME_LENGTH])
    return name


def check_key(key):
    """Refuse source keys with empty, ``.`` or ``..`` segments.

    Any other key RDM accepts is processed: it is only ever compared with the
    run's inputs, sent quoted in URLs and flattened into result names.
    """
    if not key or any(part in ("", ".", "..") for part in key.split("/")):
        raise InvalidResultNameError(key[:MAX_NAME_LENGTH])
    return key


def check_label(value, what):
    """A processor name or version: short, printable, optional."""
    if value is None:
        return None
    if len(value) > 128 or any(_unsafe_char(c) for c in value):
        raise InvalidCallbackError(f"Invalid {what}.")
    return value


class LimitedStream:
    """Counts bytes while they stream into storage; too many raise.

    Storage backends delete a partial file when the stream raises, and the unit
    of work rolls back the rest, so an oversized result leaves nothing behind.
    """

    def __init__(self, stream, limit):
        """Constructor."""
        self.stream = stream
        self.limit = limit
        self.count = 0

    def read(self, size=-1):
        """Read from the wrapped stream, counting."""
        chunk = self.stream.read(size)
        self.count += len(chunk)
        if self.count > self.limit:
            raise ResultTooLargeError(self.limit)
        return chunk

    def read_all(self, chunk_size=64 * 1024):
        """Everything, in chunks, so that the limit holds before memory fills."""
        chunks = []
        while chunk := self.read(chunk_size):
            chunks.append(chunk)
        return b"".join(chunks)


def target_files(draft, target):
    """The draft's files manager of the configured target, looked up by key."""
    return keyed(draft.media_files if target == "media" else draft.files)


def enable_media_files(draft, uow):
    """Media files are off by default on a draft; results need them on.

    Only when a result arrives: RDM refuses to publish a draft whose media
    files are on but empty. Callers hold the record's lock and read the draft
    after taking it, so that runs finishing together do not commit it from a
    stale read.
    """
    media = draft.media_files
    if media.enabled and media.bucket is not None:
        return
    media.enabled = True
    if media.bucket is None:
        media.create_bucket()
    uow.register(RecordCommitOp(draft, indexer=current_rdm_records_service.indexer))


def _replaceable(entry, provenance):
    marker = (entry.metadata or {}).get(RESULT_MARKER)
    return isinstance(marker, dict) and marker.get("source") == provenance["source"]


def spool(stream, limit):
    """The request body in a temporary file, counted against ``limit``.

    Read before the record is locked, so that a slow upload holds nobody up.
    """
    content = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    shutil.copyfileobj(LimitedStream(stream, limit), content, 64 * 1024)
    size = content.tell()
    content.seek(0)
    return content, size


def store_result(draft, key, content, size, provenance, target, uow):
    """Store one result file under ``key`` in ``uow``.

    The caller holds the record's lock and read ``draft`` after taking it.
    An earlier result of the same source is replaced, and kept aside when
    another run made it (see :mod:`.history`); anything else under the key
    (a depositor's file, another source's result) is a conflict.
    """
    if target not in TARGETS:
        raise ValueError(f"COMPCHEM_PROCESSOR_RESULTS_TARGET must be one of {TARGETS}.")
    record_id = draft.pid.pid_value
    service = result_files_service(target)
    if target == "media":
        enable_media_files(draft, uow)

    def write(key, provenance, content, size):
        service.init_files(
            system_identity,
            record_id,
            [{"key": key, "metadata": {RESULT_MARKER: provenance}}],
            uow=uow,
        )
        written = service.set_file_content(
            system_identity, record_id, key, content, content_length=size, uow=uow
        )
        if written.errors:
            raise OSError(f"Result {key} could not be stored.")
        return service.commit_file(system_identity, record_id, key, uow=uow)

    existing = target_files(draft, target).get(key)
    if existing is not None:
        if not _replaceable(existing, provenance):
            raise ResultConflictError(key)
        provenance = keep_previous(
            service, record_id, existing, key, content, provenance, write
        )
        service.delete_file(system_identity, record_id, key, uow=uow)
    return write(key, provenance, content, size)
