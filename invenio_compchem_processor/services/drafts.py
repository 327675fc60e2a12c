# SPDX-License-Identifier: MIT
"""Reading a draft and its committed files, as the runs service sees them."""

from dataclasses import dataclass
from datetime import timezone

from invenio_db import db
from invenio_files_rest.models import FileInstance, ObjectVersion
from invenio_pidstore.errors import PIDDeletedError, PIDDoesNotExistError
from invenio_rdm_records.proxies import current_rdm_records_service
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound

from .errors import DraftNotFoundError

RESULT_MARKER = "compchem_run"
"""File metadata key of files written by runs; such files are never processed."""


@dataclass(frozen=True)
class DraftFile:
    """A committed file of a draft."""

    key: str
    object_version_id: object
    checksum: str
    mimetype: str
    size: int
    is_result: bool = False
    """Written by a run: never processed automatically."""
    uploaded: object = None
    """When this version of the file was created (UTC, naive as stored)."""


@dataclass(frozen=True)
class Upload:
    """The draft's current upload of a key: which object version, what content."""

    object_version_id: object
    checksum: str


def _naive_utc(value):
    """UTC without an offset, as the write-once tables keep times."""
    if value is not None and value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def resolve_draft(record_id):
    """The draft with this pid, or ``DraftNotFoundError`` (gone or published)."""
    draft_cls = current_rdm_records_service.draft_cls
    try:
        draft = draft_cls.pid.resolve(record_id, registered_only=False)
    except (PIDDoesNotExistError, PIDDeletedError, NoResultFound) as error:
        raise DraftNotFoundError(record_id) from error
    if draft.is_deleted:
        raise DraftNotFoundError(record_id)
    return draft


def committed_files(draft, keys=None):
    """The draft's committed files by key; files still uploading are left out.

    Only those of ``keys`` when given. One query, whatever the number of files
    in the draft: RDM's files manager would load each file's object version
    and file instance one by one.
    """
    if not draft.files.enabled or draft.id is None:
        return {}
    model = type(draft).files.file_cls.model_cls
    statement = (
        select(model.key, model.json, ObjectVersion, FileInstance)
        .join(ObjectVersion, ObjectVersion.version_id == model.object_version_id)
        .join(FileInstance, FileInstance.id == ObjectVersion.file_id)
        .where(
            model.record_id == draft.id,
            model.is_deleted != True,  # noqa: E712  (as RDM's list_by_record)
            FileInstance.readable.is_(True),
        )
        .order_by(model.created, model.key)
    )
    if keys is not None:
        statement = statement.where(model.key.in_(sorted(set(keys))))
    with db.session.no_autoflush:
        found = db.session.execute(statement).all()
    return {
        key: DraftFile(
            key=key,
            object_version_id=version.version_id,
            checksum=file.checksum,
            mimetype=version.mimetype,
            size=file.size,
            is_result=RESULT_MARKER in ((data or {}).get("metadata") or {}),
            uploaded=_naive_utc(version.created),
        )
        for key, data, version, file in found
    }


def current_uploads(draft, keys):
    """The draft's current upload of each of ``keys`` that it holds, in one query."""
    keys = sorted(set(keys))
    if not keys or not draft.files.enabled or draft.bucket_id is None:
        return {}
    found = db.session.execute(
        select(ObjectVersion.key, ObjectVersion.version_id, FileInstance.checksum)
        .join(FileInstance, FileInstance.id == ObjectVersion.file_id)
        .where(
            ObjectVersion.bucket_id == draft.bucket_id,
            ObjectVersion.key.in_(keys),
            ObjectVersion.is_head.is_(True),
        )
    )
    return {
        key: Upload(object_version_id=version_id, checksum=checksum)
        for key, version_id, checksum in found
    }


def with_uploads(draft, runs):
    """``runs``, each given the draft's current uploads of its inputs (one query)."""
    uploads = current_uploads(draft, [key for run in runs for key in run.file_keys])
    for run in runs:
        run.uploads = uploads
    return runs


def committed_upload(draft, key):
    """The draft's committed upload of ``key``, or ``None``, in one query.

    What :func:`committed_files` says of one key, without loading the other
    files: a file of the draft whose content is readable. Its cost does not
    grow with the number of files in the draft.
    """
    if not draft.files.enabled or draft.id is None:
        return None
    model = type(draft).files.file_cls.model_cls
    found = db.session.execute(
        select(ObjectVersion.version_id, FileInstance.checksum)
        .select_from(model)
        .join(ObjectVersion, ObjectVersion.version_id == model.object_version_id)
        .join(FileInstance, FileInstance.id == ObjectVersion.file_id)
        .where(
            model.record_id == draft.id,
            model.key == key,
            FileInstance.readable.is_(True),
        )
    ).first()
    if found is None:
        return None
    return Upload(object_version_id=found.version_id, checksum=found.checksum)
