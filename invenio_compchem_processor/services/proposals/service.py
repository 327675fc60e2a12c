# SPDX-License-Identifier: MIT
"""A record owner's side of a reprocessing campaign.

A campaign does not edit published records: their files are kept as
proposals (``compchem_campaign_file`` rows with ``proposed``). The owner of
the record sees them, here or in the email sent when the campaign started,
and answers: accepting makes a new version draft of the record (the draft
of a new version already open is reused), imports the files of the latest
version when the draft has none yet, and starts the file's workflow on each
proposed file in it; declining only records the answer. Each answer is a row
(``compchem_proposal_answer``); a proposal is answered once.
"""

from flask import current_app
from invenio_base import invenio_url_for
from invenio_db import db
from invenio_notifications.services.uow import NotificationOp
from invenio_rdm_records.proxies import current_rdm_records_service
from invenio_records_resources.services.base import Service
from invenio_records_resources.services.uow import unit_of_work
from sqlalchemy import select

from ... import rows
from ...models import CompchemBulkAction, CompchemCampaignFile, CompchemProposalAnswer
from ...notifications import CampaignProposalNotificationBuilder
from ...proxies import current_compchem
from ..errors import ProposalAnsweredError, ProposalNotFoundError
from ..runs.versions import published_versions


def _time(value):
    return value.isoformat() + "+00:00" if value else None


def _user_id(identity):
    user_id = getattr(identity, "id", None)
    return user_id if isinstance(user_id, int) else None


class ProposalsService(Service):
    """List, accept and decline the campaign proposals of a published record."""

    def _record(self, identity, record_id, action):
        record = current_rdm_records_service.record_cls.pid.resolve(record_id)
        self.require_permission(identity, action, record=record)
        return record

    def _files(self, record, campaign_id=None):
        """The proposed files of the record's versions, with their latest answers."""
        query = (
            select(CompchemCampaignFile, CompchemBulkAction)
            .join(CompchemBulkAction, CompchemBulkAction.id == CompchemCampaignFile.bulk_id)
            .where(
                CompchemCampaignFile.proposed.is_(True),
                CompchemCampaignFile.record_id.in_(published_versions(record)),
            )
            .order_by(CompchemCampaignFile.bulk_id.desc(), CompchemCampaignFile.id)
        )
        if campaign_id is not None:
            query = query.where(CompchemCampaignFile.bulk_id == campaign_id)
        found = db.session.execute(query).all()
        answers = {
            answer.proposal_id: answer
            for answer in db.session.scalars(
                select(CompchemProposalAnswer)
                .where(CompchemProposalAnswer.proposal_id.in_([f.id for f, _ in found]))
                .order_by(CompchemProposalAnswer.id)
            )
        }
        return [(f, campaign, answers.get(f.id)) for f, campaign in found]

    def _item(self, record_id, campaign, entries, can_answer=False):
        answer = entries[0][2]
        links = {
            "self": invenio_url_for(
                "compchem_proposals.read", pid_value=record_id, campaign_id=campaign.id
            )
        }
        if answer is None and can_answer:
            for action in ("accept", "decline"):
                links[action] = invenio_url_for(
                    f"compchem_proposals.{action}",
                    pid_value=record_id,
                    campaign_id=campaign.id,
                )
        return {
            "id": campaign.id,
            "record_id": record_id,
            "campaign": {"selection": campaign.query, "created": _time(campaign.created)},
            "files": [
                {
                    "key": f.file_key,
                    "record_id": f.record_id,
                    "run": f.run_name,
                    "processor_version": f.processor_version,
                    "workflow": self._reprocessing(f),
                }
                for f, _, _ in entries
            ],
            "answer": answer
            and {
                "accepted": answer.accepted,
                "at": _time(answer.created),
                "new_record_id": answer.new_record_id,
                "runs": [a.run_name for _, _, a in entries if a and a.run_name],
            },
            "links": links,
        }

    def _grouped(self, record_id, files, can_answer=False):
        by_campaign = {}
        for entry in files:
            by_campaign.setdefault(entry[1].id, []).append(entry)
        return [
            self._item(record_id, entries[0][1], entries, can_answer)
            for entries in by_campaign.values()
        ]

    def _can_answer(self, identity, record):
        """Whether ``identity`` gets the accept and decline links."""
        return self.check_permission(identity, "answer", record=record)

    def notify(self, campaign_id, uow):
        """Email each proposal of a new campaign to its record's owner, after commit."""
        if not current_app.config["COMPCHEM_PROCESSOR_NOTIFICATIONS_ENABLED"]:
            return
        record_ids = db.session.scalars(
            select(CompchemCampaignFile.record_id)
            .where(
                CompchemCampaignFile.bulk_id == campaign_id,
                CompchemCampaignFile.proposed.is_(True),
            )
            .distinct()
        ).all()
        for record_id in sorted(record_ids):
            record = current_rdm_records_service.record_cls.pid.resolve(record_id)
            owner = record.parent.access.owned_by
            if not owner or owner.owner_type != "user":
                continue
            [proposal] = self._grouped(
                record_id, self._files(record, campaign_id), can_answer=True
            )
            notification = CampaignProposalNotificationBuilder.build(
                {
                    "id": record_id,
                    "title": (record.get("metadata") or {}).get("title") or "",
                    "url": f"{current_app.config['SITE_UI_URL']}/records/{record_id}",
                },
                [owner.owner_id],
                proposal,
            )
            uow.register(NotificationOp(notification))

    def search(self, identity, record_id):
        """The record's proposals, newest campaign first."""
        record = self._record(identity, record_id, "read")
        hits = self._grouped(
            record_id, self._files(record), self._can_answer(identity, record)
        )
        return {"hits": {"hits": hits, "total": len(hits)}}

    def read(self, identity, record_id, campaign_id):
        """One campaign's proposal to the record."""
        record = self._record(identity, record_id, "read")
        hits = self._grouped(
            record_id,
            self._files(record, campaign_id),
            self._can_answer(identity, record),
        )
        if not hits:
            raise ProposalNotFoundError(record_id, campaign_id)
        return hits[0]

    def _open(self, identity, record_id, campaign_id):
        """The record and the files of an unanswered proposal; the owner only."""
        record = self._record(identity, record_id, "answer")
        files = self._files(record, campaign_id)
        if not files:
            raise ProposalNotFoundError(record_id, campaign_id)
        answered = next((a for _, _, a in files if a is not None), None)
        if answered is not None:
            raise ProposalAnsweredError(campaign_id, answered.accepted)
        return record, [f for f, _, _ in files]

    @staticmethod
    def _workflow_of(proposed):
        """The workflow of the run that made the proposed file's results."""
        run = proposed.run_name and rows.get_run(proposed.record_id, proposed.run_name)
        if run:
            return run.workflow
        for workflow in current_compchem.workflows.values():
            if workflow.auto and workflow.matches(proposed.file_key):
                return workflow.name
        return None

    def _reprocessing(self, proposed):
        """The workflow that would reprocess the file now, with its version."""
        workflow = current_compchem.workflows.get(self._workflow_of(proposed))
        if workflow is None:
            return None
        return {"name": workflow.name, "title": workflow.title, "version": workflow.version}

    @unit_of_work()
    def accept(self, identity, record_id, campaign_id, uow=None):
        """Reprocess the proposed files into a new version draft of the record."""
        _, files = self._open(identity, record_id, campaign_id)
        records = current_rdm_records_service
        draft = records.new_version(identity, record_id, uow=uow)
        new_id = draft.id
        if not draft._record.files.entries:
            records.import_files(identity, new_id, uow=uow)
        runs = current_compchem.runs_service
        for proposed in files:
            run = runs.start(
                identity,
                new_id,
                {"workflow": self._workflow_of(proposed), "files": [proposed.file_key]},
                uow=uow,
            )
            db.session.add(
                CompchemProposalAnswer(
                    proposal_id=proposed.id,
                    accepted=True,
                    user_id=_user_id(identity),
                    new_record_id=new_id,
                    run_name=run.to_dict()["name"],
                )
            )
        db.session.flush()
        return self.read(identity, record_id, campaign_id)

    @unit_of_work()
    def decline(self, identity, record_id, campaign_id, uow=None):
        """Keep the record as it is; the proposal is answered."""
        _, files = self._open(identity, record_id, campaign_id)
        db.session.add_all(
            CompchemProposalAnswer(
                proposal_id=proposed.id, accepted=False, user_id=_user_id(identity)
            )
            for proposed in files
        )
        db.session.flush()
        return self.read(identity, record_id, campaign_id)
