# SPDX-License-Identifier: MIT
"""The runs service: start, list, read, stop, retry and resubmit runs."""

from flask import current_app
from invenio_db import db
from invenio_db.uow import unit_of_work
from invenio_records_resources.services.base import LinksTemplate, Service

from .. import credentials, store
from ..engines.base import RunAlreadyExistsError, RunNotFoundError, RunRequest
from ..engines.base import EngineUnavailableError as EngineUnavailable
from ..naming import run_name
from ..proxies import current_compchem
from .draft_files import committed_files, resolve_draft
from .errors import (
    FileLockedError,
    FileNotInDraftError,
    FileNotMatchedError,
    InvalidFileListError,
    RunStateError,
    UnknownWorkflowError,
)
from .errors import RunNotFoundError as NoSuchRunError
from .callbacks import latest_reports
from .status import RunView, is_active


class RunsService(Service):
    """Runs of workflows over a draft's files."""

    @property
    def engine(self):
        """The configured engine."""
        return current_compchem.engine

    @property
    def workflows(self):
        """Workflow definitions by name."""
        return current_compchem.workflows

    def _links(self, name, record_id, **context):
        return LinksTemplate(
            self.config.links[name], context={"record_id": record_id, **context}
        )

    def _authorized_draft(self, identity, record_id, action):
        draft = resolve_draft(record_id)
        self.require_permission(identity, action, draft=draft)
        return draft

    def _workflow(self, name):
        try:
            return self.workflows[name]
        except KeyError:
            raise UnknownWorkflowError(name)

    #
    # Reading
    #
    def available_workflows(self, identity, record_id):
        """The workflows that can process at least one of the draft's files."""
        draft = self._authorized_draft(identity, record_id, "read")
        files = committed_files(draft)
        hits = []
        for workflow in self.workflows.values():
            keys = [
                f.key for f in files.values() if workflow.matches(f.key, f.mimetype)
            ]
            if keys:
                hits.append(
                    {
                        "name": workflow.name,
                        "title": workflow.title,
                        "description": workflow.description,
                        "auto": workflow.auto,
                        "files": keys,
                    }
                )
        return {"hits": {"hits": hits, "total": len(hits)}}

    def search(self, identity, record_id, params=None):
        """A page of a record's runs with their live status.

        One engine call and a constant number of queries, whatever the number
        of runs or files.
        """
        params = params or {}
        self._authorized_draft(identity, record_id, "read")
        page, size = params.get("page", 1), params.get("size", 25)
        total, runs = store.search_runs(
            record_id,
            workflow=params.get("workflow"),
            file_key=params.get("file"),
            page=page,
            size=size,
        )
        statuses, engine_error = self._engine_statuses(
            record_id, [run.name for run in runs]
        )
        facts = store.run_facts([run.id for run in runs])
        reports = latest_reports([run.name for run in runs])
        links = self._links("run", record_id)
        hits = [
            RunView(
                run, facts, statuses.get(run.name), engine_error, reports.get(run.name)
            ).dump(links=links.expand(identity, run))
            for run in runs
        ]
        list_links = self._links("runs", record_id, args=params).expand(identity, None)
        return {
            "hits": {"hits": hits, "total": total},
            "links": list_links,
            "sortBy": "newest",
        }

    def _engine_statuses(self, record_id, names):
        """Live status of some of a record's runs, in one engine call."""
        try:
            runs = self.engine.list_runs(record_id, names=names)
        except EngineUnavailable as error:
            return {}, error.message
        return {s.name: s for s in runs}, None

    def _run(self, record_id, name):
        run = store.get_run(record_id, name)
        if run is None:
            raise NoSuchRunError(name)
        return run

    def _run_status(self, run):
        try:
            return self.engine.get_run(run.name)
        except RunNotFoundError:
            return None

    def read(self, identity, record_id, name):
        """A run with its steps, files and progress."""
        self._authorized_draft(identity, record_id, "read")
        run = self._run(record_id, name)
        status = self._run_status(run)
        facts = store.run_facts([run.id])
        report = latest_reports([run.name]).get(run.name)
        links = self._links("run", record_id).expand(identity, run)
        return RunView(run, facts, status, report=report).dump(links=links, detail=True)

    def read_logs(self, identity, record_id, name, step=None, tail=None):
        """The last lines of a run's log, of all steps or of one."""
        self._authorized_draft(identity, record_id, "read_logs")
        run = self._run(record_id, name)
        limit = current_app.config["COMPCHEM_PROCESSOR_LOG_TAIL_LINES"]
        tail = min(tail or limit, limit)
        try:
            lines = list(self.engine.logs(run.name, step=step, tail_lines=tail))
        except RunNotFoundError:
            lines = []
        return {
            "run": run.name,
            "step": step,
            "lines": [
                {
                    "step": line.step,
                    "content": line.content,
                    "timestamp": line.timestamp.isoformat() if line.timestamp else None,
                }
                for line in lines[-tail:]
            ],
        }

    #
    # Starting
    #
    def _validate_files(self, workflow, files, keys):
        max_files = current_app.config["COMPCHEM_PROCESSOR_MAX_FILES_PER_RUN"]
        if not keys:
            raise InvalidFileListError("A run needs at least one file.")
        if len(keys) > max_files:
            raise InvalidFileListError(
                f"A run takes at most {max_files} files, not {len(keys)}."
            )
        if len(set(keys)) != len(keys):
            raise InvalidFileListError("The file list repeats a file.")
        missing = [k for k in keys if k not in files]
        if missing:
            raise FileNotInDraftError(missing)
        unmatched = [k for k in keys if not workflow.matches(k, files[k].mimetype)]
        if unmatched:
            raise FileNotMatchedError(workflow.name, unmatched)

    def _blocking_runs(self, record_id, keys, exclude=None):
        """Names of the active runs holding any of ``keys``."""
        holders = [
            run
            for run, _ in store.runs_holding_keys(record_id, keys)
            if run.name != exclude
        ]
        if not holders:
            return []
        statuses, engine_error = self._engine_statuses(
            record_id, sorted({run.name for run in holders})
        )
        if engine_error:
            raise EngineUnavailable(engine_error)
        facts = store.run_facts(list({run.id for run in holders}))
        return sorted(
            {
                run.name
                for run in holders
                if is_active(run, facts, statuses.get(run.name))
            }
        )

    def _submit(
        self, draft, workflow, files, trigger, created_by, resubmit_of=None
    ):
        """Insert the rows of a run and submit it, taking the next free name.

        Runs inside the caller's transaction, under the record's start lock.
        """
        record_id = draft.pid.pid_value
        store.lock_record(record_id)
        blocking = self._blocking_runs(record_id, [f.key for f in files])
        if blocking:
            raise FileLockedError(blocking)
        rows = [store.file_row(record_id, f) for f in files]
        sequence = 1 + max(
            self.engine.max_sequence(record_id, workflow.name),
            store.max_sequence(record_id, workflow.name),
        )
        attempts = current_app.config["COMPCHEM_PROCESSOR_NAME_ATTEMPTS"]
        for attempt in range(attempts):
            try:
                return self._submit_as(
                    record_id,
                    workflow,
                    rows,
                    sequence + attempt,
                    trigger,
                    created_by,
                    resubmit_of,
                )
            except RunAlreadyExistsError:
                continue
        raise RunStateError(
            f"No free run name after {attempts} attempts; please try again."
        )

    def _run_fields(self, record_id, workflow, sequence, trigger, created_by):
        return dict(
            record_id=record_id,
            workflow=workflow.name,
            sequence=sequence,
            name=run_name(workflow.name, record_id, sequence),
            engine=current_app.config["COMPCHEM_PROCESSOR_ENGINE"],
            trigger=trigger,
            created_by=created_by,
        )

    def _submit_as(
        self, record_id, workflow, rows, sequence, trigger, created_by, resubmit_of
    ):
        fields = self._run_fields(record_id, workflow, sequence, trigger, created_by)
        with db.session.begin_nested():
            run = store.insert_run(
                rows,
                resubmit_of_id=resubmit_of.id if resubmit_of else None,
                **fields,
            )
            keys = tuple(row.file_key for row in rows)
            self.engine.submit(
                RunRequest(
                    name=run.name,
                    workflow=workflow.name,
                    record_id=record_id,
                    sequence=sequence,
                    file_keys=keys,
                    parameters=self._run_parameters(run),
                    engine_options=workflow.engine_options(run.engine),
                    labels={},
                    annotations={},
                )
            )
        return run

    def _run_parameters(self, run):
        config = current_app.config
        api_url = config.get("COMPCHEM_PROCESSOR_API_URL") or config.get(
            "SITE_API_URL", ""
        )
        token = credentials.issue(run, config["COMPCHEM_PROCESSOR_CREDENTIAL_TTL"])
        return {"api-url": api_url, "run-name": run.name, "credential": token}

    @unit_of_work()
    def start(self, identity, record_id, data, uow=None):
        """Start a workflow on a list of the draft's files."""
        draft = self._authorized_draft(identity, record_id, "start")
        workflow = self._workflow(data.get("workflow"))
        files = committed_files(draft)
        keys = list(data.get("files") or [])
        self._validate_files(workflow, files, keys)
        run = self._submit(
            draft,
            workflow,
            [files[k] for k in keys],
            "manual",
            _user_id(identity),
        )
        return self._fresh(identity, record_id, run)

    def _fresh(self, identity, record_id, run):
        status = self._run_status(run)
        facts = store.run_facts([run.id])
        links = self._links("run", record_id).expand(identity, run)
        return RunView(run, facts, status).dump(links=links)

    #
    # Controlling
    #
    @unit_of_work()
    def stop(self, identity, record_id, name, uow=None):
        """Stop an active run; its credentials stop working at once."""
        self._authorized_draft(identity, record_id, "stop")
        run = self._run(record_id, name)
        facts = store.run_facts([run.id])
        if not is_active(run, facts, self._run_status(run)):
            raise RunStateError(f"Run {name} is not active.")
        self._stop(run, "stopped")
        return self._fresh(identity, record_id, run)

    def _stop(self, run, reason):
        store.insert_run_end(run, reason)
        try:
            self.engine.stop(run.name, message=f"{reason} by the repository")
        except RunNotFoundError:
            pass

    @unit_of_work()
    def retry(self, identity, record_id, name, uow=None):
        """Retry a failed run under its own name, from its failed steps."""
        draft = self._authorized_draft(identity, record_id, "retry")
        run = self._run(record_id, name)
        status = self._run_status(run)
        if status is None or status.phase.value not in ("Failed", "Error"):
            raise RunStateError(f"Only a failed run can be retried; {name} is not.")
        facts = store.run_facts([run.id])
        keys = [f.file_key for f in facts[0].get(run.id, [])]
        self._current_files(draft, keys)
        store.lock_record(record_id)
        blocking = self._blocking_runs(record_id, keys, exclude=name)
        if blocking:
            raise FileLockedError(blocking)
        self.engine.retry(run.name, parameters=self._run_parameters(run))
        return self._fresh(identity, record_id, run)

    def _current_files(self, draft, keys):
        """The draft's committed files; every one of ``keys`` must still be there."""
        files = committed_files(draft)
        missing = [k for k in keys if k not in files]
        if missing:
            raise FileNotInDraftError(missing)
        return files

    @unit_of_work()
    def resubmit(self, identity, record_id, name, uow=None):
        """Run the same workflow again on the same files as a new run."""
        draft = self._authorized_draft(identity, record_id, "resubmit")
        run = self._run(record_id, name)
        workflow = self._workflow(run.workflow)
        facts = store.run_facts([run.id])
        keys = [f.file_key for f in facts[0].get(run.id, [])]
        files = self._current_files(draft, keys)
        new_run = self._submit(
            draft,
            workflow,
            [files[k] for k in keys],
            "resubmit",
            _user_id(identity),
            resubmit_of=run,
        )
        return self._fresh(identity, record_id, new_run)

    #
    # Reacting to uploads (system, from tasks)
    #
    @unit_of_work()
    def process_upload(self, record_id, file_key, uow=None):
        """Supersede the file's active runs and start its automatic workflow.

        A file is in at most one active run, so only the first automatic
        workflow (in configuration order) that matches it starts. Raises the
        engine's ``EngineUnavailableError`` so that the caller can retry.
        """
        draft = resolve_draft(record_id)
        files = committed_files(draft)
        draft_file = files.get(file_key)
        if draft_file is None or draft_file.is_result:
            return None
        self.stop_file_runs(record_id, file_key, "superseded", uow=uow)
        for workflow in self.workflows.values():
            if workflow.auto and workflow.matches(file_key, draft_file.mimetype):
                return self._submit(draft, workflow, [draft_file], "auto", None).name
        return None

    @unit_of_work()
    def stop_file_runs(self, record_id, file_key, reason, uow=None):
        """Stop the active runs holding a file (re-uploaded or deleted)."""
        holders = store.runs_holding_keys(record_id, [file_key])
        if not holders:
            return []
        statuses, engine_error = self._engine_statuses(
            record_id, sorted({run.name for run, _ in holders})
        )
        if engine_error:
            raise EngineUnavailable(engine_error)
        facts = store.run_facts([run.id for run, _ in holders])
        stopped = []
        for run, _ in holders:
            if is_active(run, facts, statuses.get(run.name)):
                self._stop(run, reason)
                stopped.append(run.name)
        return stopped

    @unit_of_work()
    def record_start_failure(self, record_id, file_key, reason, uow=None):
        """Make a run that could never start visible, with its reason."""
        draft = resolve_draft(record_id)
        draft_file = committed_files(draft).get(file_key)
        if draft_file is None:
            return None
        for workflow in self.workflows.values():
            if workflow.auto and workflow.matches(file_key, draft_file.mimetype):
                store.lock_record(record_id)
                sequence = store.max_sequence(record_id, workflow.name) + 1
                fields = self._run_fields(record_id, workflow, sequence, "auto", None)
                run = store.insert_run(
                    [store.file_row(record_id, draft_file)], **fields
                )
                store.insert_start_error(run, reason)
                return run.name
        return None


def _user_id(identity):
    user_id = getattr(identity, "id", None)
    return user_id if isinstance(user_id, int) else None
