# SPDX-License-Identifier: MIT
"""Runs the system starts and stops as depositors upload and delete files."""

from flask import current_app
from invenio_db import db
from invenio_records_resources.services.base import Service
from invenio_records_resources.services.uow import TaskOp, unit_of_work

from ... import rows
from ...api import active_runs_holding, load_runs
from ...engines.base import Phase
from ...engines.errors import EngineUnavailableError
from ...notifications import tasks as notification_tasks
from ...proxies import current_compchem
from ..drafts import committed_files, resolve_draft
from ..events import PublishEventOp
from ..locks import lock_record
from . import submission, versions


class AutomaticRunsService(Service):
    """Reactions to committed and deleted draft files, as the system."""

    @property
    def engine(self):
        """The configured engine."""
        return current_compchem.engine

    def _auto_workflow(self, draft_file):
        """The first automatic workflow (in configuration order) matching a file."""
        for workflow in current_compchem.workflows.values():
            if workflow.auto and workflow.matches(draft_file.key, draft_file.mimetype):
                return workflow
        return None

    def _newer_intent(self, record_id, draft_file, committed):
        """Whether a newer upload or run of the file came after ``committed``."""
        if committed is None:
            return False
        if draft_file.uploaded is not None and draft_file.uploaded > committed:
            return True
        return bool(rows.run_times_since(record_id, committed, draft_file.key))

    def _unchanged_since(self, record_id, draft_file, workflow):
        """The file's newest run, if ``workflow`` succeeded in it over the same content.

        An upload of the same bytes again is then not processed again; a
        depositor can still start the workflow by hand ("process anyway").
        """
        held = [run for run, _ in rows.runs_holding_keys(record_id, [draft_file.key])]
        if not held or not draft_file.checksum:
            return None
        newest_row = max(held, key=lambda row: row.id)
        inputs = load_runs([newest_row], self.engine, with_status=False)[0].files
        if (
            newest_row.workflow != workflow.name
            or newest_row.workflow_version != workflow.version
            or len(inputs) != 1
            or inputs[0].checksum != draft_file.checksum
        ):
            return None  # decided from the rows: the engine is not asked
        newest = load_runs([newest_row], self.engine)[0]
        return newest if newest.phase == Phase.SUCCEEDED.value else None

    def _taken_over(self, record_id, draft_file, workflow, uow):
        """The earlier version's run whose results the draft takes over, if any.

        Called under the record's lock: the draft is read again after it.
        """
        db.session.expire_all()
        draft = resolve_draft(record_id)
        target = current_app.config["COMPCHEM_PROCESSOR_RESULTS_TARGET"]
        earlier = versions.results_in_earlier_version(draft, draft_file, workflow, target)
        if earlier is None:
            return None
        versions.take_over(draft, earlier, target, uow)
        return earlier.run

    @unit_of_work()
    def process_upload(self, record_id, file_key, committed=None, uow=None):
        """Supersede the file's active runs and start its automatic workflow.

        A file is in at most one active run, so only one workflow starts. An
        upload of the content the workflow (at its current version) already
        succeeded on starts nothing; in a new version of a record, the earlier
        version's results of that content are taken over (:mod:`.versions`).
        ``committed`` (naive UTC) is when the upload was committed: when a
        newer upload or run of the file exists, that newer intent stands and
        nothing happens. Raises the engine's ``EngineUnavailableError`` so
        that the caller can retry.
        """
        draft_file = committed_files(resolve_draft(record_id), [file_key]).get(file_key)
        if draft_file is None or draft_file.is_result:
            return None
        lock_record(record_id, f"upload of {file_key}")
        if self._newer_intent(record_id, draft_file, committed):
            return None
        workflow = self._auto_workflow(draft_file)
        unchanged = workflow and (
            self._unchanged_since(record_id, draft_file, workflow)
            or self._taken_over(record_id, draft_file, workflow, uow)
        )
        if unchanged:
            # Its results stand for this upload: said, not processed again.
            uow.register(
                PublishEventOp(record_id, "run.unchanged", unchanged.name, files=[file_key])
            )
            return None
        self.stop_file_runs(record_id, file_key, "superseded", uow=uow)
        if workflow is None:
            return None
        return submission.submit(
            self.engine, uow, record_id, workflow, [draft_file], "auto", None
        ).name

    @unit_of_work()
    def stop_file_runs(
        self, record_id, file_key, reason, started_before=None, uow=None
    ):
        """Stop the active runs holding a file (re-uploaded or deleted).

        With ``started_before``, only runs created up to then: later ones
        are newer intent than the change that asks for the stop.
        """
        lock_record(record_id, f"{reason} runs of {file_key}")
        stopped = [
            run
            for run in active_runs_holding(record_id, [file_key], self.engine)
            if started_before is None or run.row.created <= started_before
        ]
        for run in stopped:
            submission.stop(self.engine, uow, run.row, reason)
        return [run.name for run in stopped]

    @unit_of_work()
    def record_start_failure(self, record_id, file_key, reason, uow=None):
        """Make a run that could never start visible, with its reason."""
        draft_file = committed_files(resolve_draft(record_id), [file_key]).get(file_key)
        workflow = self._auto_workflow(draft_file) if draft_file else None
        if workflow is None:
            return None
        lock_record(record_id, f"start failure of {workflow.name}")
        sequence = rows.max_sequence(record_id, workflow.name) + 1
        fields = submission.run_fields(record_id, workflow, sequence, "auto", None)
        run_row = rows.insert_run([rows.file_row(record_id, draft_file)], **fields)
        rows.insert_start_error(run_row, reason)
        uow.register(
            PublishEventOp(
                record_id,
                "run.ended",
                run_row.name,
                phase="NotStarted",
                reason=reason,
                files=[draft_file.key],
            )
        )
        uow.register(TaskOp(notification_tasks.notify_run_ended, run_row.name))
        return run_row.name

    def runs_active_at_publish(self, record_id):
        """The record's runs that may still be running, newest first.

        From the engine when it answers; when it does not, every run that
        started and whose context has not ended: a publish is not decided blind.
        """
        runs = load_runs(rows.runs_of_record(record_id), self.engine)
        if runs and runs[0].engine_error:
            return [r for r in runs if r.start_error is None and not r.context_ended]
        return [run for run in runs if run.is_active]

    @unit_of_work()
    def stop_at_publish(self, record_id, uow=None):
        """Stop the record's active runs as it is published; their names.

        Their context ends with the reason ``published``: their credentials
        stop working, so nothing they would write is lost half-way into a
        published record. The engine being down does not stop the publish.
        """
        lock_record(record_id, "publish")
        stopped = []
        for run in self.runs_active_at_publish(record_id):
            try:
                submission.stop(self.engine, uow, run.row, "published")
            except EngineUnavailableError as error:
                current_app.logger.warning(
                    "Run %s ended at publish; the engine could not stop it: %s",
                    run.name,
                    error.message,
                )
            stopped.append(run.name)
        return stopped
