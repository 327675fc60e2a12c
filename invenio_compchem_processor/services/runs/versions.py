# SPDX-License-Identifier: MIT
"""Unchanged files across a record's versions: results taken over, not made again.

A new version's draft holds a file with the content (checksum) that an
earlier, published version held under the same key, and the same workflow at
the same version (``WorkflowDefinition.version``) already made its results
there: the file is not processed again. The results are copied into the draft
with their provenance, and the earlier run is recorded as carried into the
draft (``compchem_carried_run``), so the draft's run list shows it and its
links work under the draft. A changed byte or a changed workflow version
processes the file as any upload.
"""

from dataclasses import dataclass

from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service
from invenio_rdm_records.records import models as rdm
from sqlalchemy import select

from ... import rows
from ...api import load_runs
from ...models import CompchemFile, CompchemRun, CompchemRunFile
from ..drafts import RESULT_MARKER


@dataclass
class EarlierResults:
    """A run of an earlier version over the same content, and the results it made."""

    run: CompchemRun
    results: list
    """``(key, provenance)`` of each result file the run left in its record."""


def _file_model(target):
    if target == "files":
        return rdm.RDMFileRecordMetadata
    return rdm.RDMMediaFileRecordMetadata


def published_versions(record):
    """Pids of the published versions of ``record`` (a record or draft), newest first."""
    model = rdm.RDMRecordMetadata
    found = db.session.scalars(
        select(model.json["id"].as_string())
        .where(model.parent_id == record.parent.id, model.is_deleted.is_(False))
        .order_by(model.index.desc())
    )
    return [pid for pid in found if pid]


def earlier_versions(draft):
    """Pids of the record's other published versions, newest first."""
    return [pid for pid in published_versions(draft) if pid != draft.pid.pid_value]


def _results_of(run, source_key, target):
    """``(key, provenance)`` of the current results ``run`` left for ``source_key``."""
    file_model = _file_model(target)

    def field(name):
        return file_model.json[("metadata", RESULT_MARKER, name)].as_string()

    found = db.session.execute(
        select(file_model.key, file_model.json[("metadata", RESULT_MARKER)])
        .join(rdm.RDMRecordMetadata, rdm.RDMRecordMetadata.id == file_model.record_id)
        .where(
            rdm.RDMRecordMetadata.json["id"].as_string() == run.record_id,
            field("run") == run.name,
            field("source") == source_key,
            field("replaced_by").is_(None),
        )
        .order_by(file_model.key)
    )
    return [(key, dict(provenance)) for key, provenance in found]


def results_in_earlier_version(draft, draft_file, workflow, target):
    """The newest earlier run of ``workflow`` over this content, if its results stand.

    The run took this file alone, under the same key and checksum, at the
    workflow's current version, and its record still holds its results.
    """
    earlier = earlier_versions(draft)
    if not earlier or not draft_file.checksum:
        return None
    candidates = db.session.scalars(
        select(CompchemRun)
        .join(CompchemRunFile, CompchemRunFile.run_id == CompchemRun.id)
        .join(CompchemFile, CompchemFile.id == CompchemRunFile.file_id)
        .where(
            CompchemRun.record_id.in_(earlier),
            CompchemRun.workflow == workflow.name,
            CompchemRun.workflow_version == workflow.version,
            CompchemFile.file_key == draft_file.key,
            CompchemFile.checksum == draft_file.checksum,
        )
        .order_by(CompchemRun.id.desc())
    ).all()
    for run in load_runs(candidates, None, with_status=False):
        if len(run.files) != 1:
            continue
        results = _results_of(run.row, draft_file.key, target)
        if results:
            return EarlierResults(run.row, results)
    return None


def take_over(draft, earlier, target, uow):
    """Copy ``earlier``'s results into the draft and list its run there.

    The caller holds the record's lock and read ``draft`` after taking it. A
    result the draft already holds with the same content (imported with the
    files, when results are files) is left as it is.
    """
    # Imported here: the callbacks package imports the upload hook, which imports us.
    from ..callbacks.result_files import store_result, target_files

    record = current_rdm_records_service.record_cls.pid.resolve(earlier.run.record_id)
    theirs = target_files(record, target).entries
    held = target_files(draft, target).entries
    for key, provenance in earlier.results:
        source = theirs[key].object_version
        mine = held.get(key)
        if mine is not None and mine.object_version is not None:
            if mine.object_version.file.checksum == source.file.checksum:
                continue
        with source.file.storage().open("rb") as stream:
            store_result(
                draft,
                key,
                stream,
                source.file.size,
                {**provenance, "taken_from": earlier.run.record_id},
                target,
                uow,
            )
    rows.insert_carried_run(draft.pid.pid_value, earlier.run)
