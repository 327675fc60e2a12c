# SPDX-License-Identifier: MIT
"""Reprocessing campaigns: bulk restarts chosen by the provenance of results.

A campaign is a bulk action (``action == "reprocess"``) whose runs are chosen
from the database, never by a search:

- ``processor`` + ``older_than``: every source file of a draft whose metadata
  document (else any result) was made by that processor at a version older
  than ``older_than`` (by ``packaging.version``; a missing or unreadable
  version counts as older), read from the provenance each result file keeps
  in its file metadata (``compchem_run``);
- ``workflow``: every run of that workflow that failed (``Failed``, ``Error``)
  and is the latest run of that workflow on its files.

Files of published records are only proposed: they are listed as needing a
new version, the record's owner is sent the proposal by email and accepts or
declines it (:mod:`..proposals`); the campaign submits nothing for them.
The rest restart the run that made their results, rolled out by the bulk
machinery (at most ``concurrency`` in flight, pausable, stoppable).
"""

import marshmallow as ma
from flask import current_app
from invenio_db import db
from invenio_rdm_records.records import models as rdm
from invenio_records_resources.services.uow import TaskOp, unit_of_work
from packaging.version import InvalidVersion, Version
from sqlalchemy import select
from sqlalchemy.orm import aliased

from ...models import (
    CompchemBulkAction,
    CompchemBulkPause,
    CompchemBulkStep,
    CompchemCampaignFile,
    CompchemFile,
    CompchemRun,
    CompchemRunFile,
)
from ...proxies import current_compchem
from ..drafts import RESULT_MARKER
from ..errors import BulkActionNotFoundError, InvalidAdminQueryError
from .bulk import _user_id
from .query import RunsQuery

REPROCESS = "reprocess"
FAILED = ("Failed", "Error")


def _version(text):
    try:
        return Version(text)
    except (InvalidVersion, TypeError):
        return None


class CampaignRequestSchema(ma.Schema):
    """What a campaign reprocesses, and how fast."""

    processor = ma.fields.String(validate=ma.validate.Length(min=1, max=128))
    older_than = ma.fields.String(validate=ma.validate.Length(min=1, max=128))
    workflow = ma.fields.String(validate=ma.validate.Length(min=1, max=63))
    concurrency = ma.fields.Integer(
        load_default=2, validate=ma.validate.Range(min=1, max=100)
    )
    dry_run = ma.fields.Boolean(load_default=False)

    @ma.validates_schema
    def _one_selection(self, data, **kwargs):
        by_processor = "processor" in data or "older_than" in data
        if by_processor == ("workflow" in data):
            raise ma.ValidationError(
                "Give either processor and older_than, or workflow."
            )
        if by_processor and not (data.get("processor") and data.get("older_than")):
            raise ma.ValidationError("processor and older_than go together.")
        if by_processor and _version(data["older_than"]) is None:
            raise ma.ValidationError(
                "Not a version.", field_name="older_than"
            )


def _result_models():
    if current_app.config["COMPCHEM_PROCESSOR_RESULTS_TARGET"] == "files":
        return rdm.RDMFileDraftMetadata, rdm.RDMFileRecordMetadata
    return rdm.RDMMediaFileDraftMetadata, rdm.RDMMediaFileRecordMetadata


def _results_of(processor, file_model, record_model):
    """(record id, key, source, run, version) of a processor's current results.

    One query; results kept aside as previous ones (``replaced_by``) are not
    current.
    """
    def field(name):
        return file_model.json[("metadata", RESULT_MARKER, name)].as_string()

    return db.session.execute(
        select(
            record_model.json["id"].as_string(),
            file_model.key,
            field("source"),
            field("run"),
            field("processor_version"),
        )
        .join(record_model, record_model.id == file_model.record_id)
        .where(
            field("processor") == processor,
            field("replaced_by").is_(None),
        )
        .order_by(file_model.key)
    ).all()


def _published_ids():
    """Pid values of the latest published version of each record."""
    record = rdm.RDMRecordMetadata
    return set(
        db.session.scalars(
            select(record.json["id"].as_string()).join(
                rdm.RDMVersionsState, rdm.RDMVersionsState.latest_id == record.id
            )
        )
    )


def _by_source(rows, published):
    """One entry per (record, source): its metadata document's provenance first."""
    chosen = {}
    for record_id, key, source_key, run, version in rows:
        if record_id is None or source_key is None:
            continue
        source = (record_id, source_key)
        if source not in chosen or key.endswith(".compchem.json"):
            chosen[source] = {
                "record_id": record_id,
                "file_key": source_key,
                "run": run,
                "processor_version": version,
                "proposed": record_id in published,
            }
    return chosen


class CampaignAdministration:
    """Reprocessing campaigns of the admin service."""

    def _by_provenance(self, processor, older_than):
        limit = _version(older_than)
        draft_files, record_files = _result_models()
        published = _published_ids()
        found = _by_source(
            _results_of(processor, draft_files, rdm.RDMDraftMetadata), published
        )
        for source, entry in _by_source(
            _results_of(processor, record_files, rdm.RDMRecordMetadata), published
        ).items():
            if entry["proposed"]:
                found[source] = entry
        return [
            entry
            for entry in found.values()
            if (version := _version(entry["processor_version"])) is None
            or version < limit
        ]

    def _failed_of(self, workflow):
        params = self.config.search_args_schema().load(
            {"workflow": [workflow], "phase": list(FAILED)}
        )
        query = RunsQuery(params, self.engine_phases())
        ids = query.page_ids("oldest", 1, max(query.total(), 1))
        later, later_file = aliased(CompchemRun), aliased(CompchemRunFile)
        superseded = (
            select(later.id)
            .join(later_file, later_file.run_id == later.id)
            .where(
                later.record_id == CompchemRun.record_id,
                later.workflow == CompchemRun.workflow,
                later.sequence > CompchemRun.sequence,
                later_file.file_id == CompchemRunFile.file_id,
            )
            .exists()
        )
        rows = db.session.execute(
            select(CompchemRun.name, CompchemRun.record_id, CompchemFile.file_key)
            .join(CompchemRunFile, CompchemRunFile.run_id == CompchemRun.id)
            .join(CompchemFile, CompchemFile.id == CompchemRunFile.file_id)
            .where(CompchemRun.id.in_(ids), ~superseded)
        ).all()
        published = _published_ids()
        return [
            {
                "record_id": record_id,
                "file_key": key,
                "run": name,
                "processor_version": None,
                "proposed": record_id in published,
            }
            for name, record_id, key in rows
        ]

    def _campaign_files(self, selection):
        if "workflow" in selection:
            files = self._failed_of(selection["workflow"])
        else:
            files = self._by_provenance(
                selection["processor"], selection["older_than"]
            )
        return sorted(files, key=lambda f: (f["proposed"], f["record_id"], f["file_key"]))

    @staticmethod
    def _counts(files):
        chosen = [f for f in files if not f["proposed"]]
        return {
            "files": len(chosen),
            "runs": len({f["run"] for f in chosen}),
            "proposed": len(files) - len(chosen),
        }

    @unit_of_work()
    def start_campaign(self, identity, data, uow=None):
        """Preview (``dry_run``: every affected file) or start a campaign."""
        self.require_permission(identity, "manage")
        data = CampaignRequestSchema().load(data or {})
        selection = {
            k: data[k] for k in ("processor", "older_than", "workflow") if k in data
        }
        files = self._campaign_files(selection)
        counts = self._counts(files)
        if data["dry_run"]:
            return {"dry_run": True, "selection": selection, "total": counts, "files": files}
        limit = current_app.config["COMPCHEM_PROCESSOR_ADMIN_BULK_MAX_RUNS"]
        if counts["runs"] > limit:
            raise InvalidAdminQueryError(
                f"{counts['runs']} runs: more than COMPCHEM_PROCESSOR_ADMIN_BULK_MAX_RUNS"
                f" ({limit}); narrow the selection."
            )
        names = list(dict.fromkeys(f["run"] for f in files if not f["proposed"]))
        action = CompchemBulkAction(
            action=REPROCESS,
            query=selection,
            run_names=names,
            concurrency=data["concurrency"],
            created_by=_user_id(identity),
        )
        db.session.add(action)
        db.session.flush()
        db.session.add_all(
            CompchemCampaignFile(
                bulk_id=action.id,
                record_id=f["record_id"],
                file_key=f["file_key"],
                run_name=f["run"],
                processor_version=f["processor_version"],
                proposed=f["proposed"],
            )
            for f in files
        )
        db.session.flush()
        from .tasks import advance_bulk_action

        uow.register(TaskOp(advance_bulk_action, action.id))
        if counts["proposed"]:
            current_compchem.proposals_service.notify(action.id, uow)
        return self._campaign_state(action)

    def _campaign_row(self, bulk_id):
        row = db.session.get(CompchemBulkAction, bulk_id)
        if row is None or row.action != REPROCESS:
            raise BulkActionNotFoundError(bulk_id)
        return row

    def _campaign_state(self, action):
        state = self._bulk_state(action)
        steps = {
            s.run_name: s
            for s in db.session.scalars(
                select(CompchemBulkStep).where(CompchemBulkStep.bulk_id == action.id)
            )
        }
        rows = db.session.scalars(
            select(CompchemCampaignFile)
            .where(CompchemCampaignFile.bulk_id == action.id)
            .order_by(CompchemCampaignFile.id)
        ).all()
        files = []
        for row in rows:
            step = steps.get(row.run_name)
            files.append(
                {
                    "record_id": row.record_id,
                    "file_key": row.file_key,
                    "run": row.run_name,
                    "processor_version": row.processor_version,
                    "proposed": row.proposed,
                    "submitted": step.submitted if step and not row.proposed else None,
                    "error": step.error if step and not row.proposed else None,
                }
            )
        return {
            **state,
            "selection": action.query,
            "counts": self._counts(files),
            "files": [f for f in files if not f["proposed"]],
            "needs_new_version": [f for f in files if f["proposed"]],
            "links": {"self": self._api(f"/campaigns/{action.id}")},
        }

    def read_campaign(self, identity, bulk_id):
        """A campaign: its files, proposals and roll-out."""
        self.require_permission(identity, "read")
        return self._campaign_state(self._campaign_row(bulk_id))

    def list_campaigns(self, identity, size=20):
        """The newest campaigns."""
        return self._newest_actions(
            identity,
            self._campaign_state,
            size,
            CompchemBulkAction.action == REPROCESS,
        )

    @unit_of_work()
    def _switch_campaign(self, identity, bulk_id, paused, uow=None):
        self.require_permission(identity, "manage")
        action = self._campaign_row(bulk_id)
        db.session.add(
            CompchemBulkPause(
                bulk_id=action.id, paused=paused, user_id=_user_id(identity)
            )
        )
        db.session.flush()
        if not paused:
            from .tasks import advance_bulk_action

            uow.register(TaskOp(advance_bulk_action, action.id))
        return action

    def pause_campaign(self, identity, bulk_id):
        """Submit nothing more until resumed; runs in flight go on."""
        action = self._switch_campaign(identity, bulk_id, True)
        return self._campaign_state(action)

    def resume_campaign(self, identity, bulk_id):
        """Go on submitting, as the throttle allows."""
        action = self._switch_campaign(identity, bulk_id, False)
        return self._campaign_state(action)

    def stop_campaign(self, identity, bulk_id):
        """Submit nothing more, for good."""
        self._campaign_row(bulk_id)
        self.stop_bulk(identity, bulk_id)
        return self.read_campaign(identity, bulk_id)
