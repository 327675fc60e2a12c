# SPDX-License-Identifier: MIT
"""The runs service: what a depositor does with a draft's runs."""

from functools import partial

from flask import current_app
from invenio_records_resources.services.base import LinksTemplate, Service
from invenio_records_resources.services.uow import unit_of_work

from ... import rows
from ...api import load_run, load_runs
from ...engines.base import EngineRunNotFoundError
from ...proxies import current_compchem
from ..drafts import committed_files, resolve_draft, with_uploads
from ..events import PublishEventOp
from ..locks import lock_record
from ..errors import (
    FileNotInDraftError,
    FileNotMatchedError,
    InvalidFileListError,
    RunNotFoundError,
    RunStateError,
    UnknownWorkflowError,
)
from . import quotas, submission
from .links import can_retry, can_stop


class RunsService(Service):
    """Start, list, read, stop, retry and resubmit a draft's runs."""

    @property
    def engine(self):
        """The configured engine."""
        return current_compchem.engine

    @property
    def workflows(self):
        """Workflow definitions by name."""
        return current_compchem.workflows

    #
    # Helpers
    #
    def _draft(self, identity, record_id, action):
        draft = resolve_draft(record_id)
        self.require_permission(identity, action, draft=draft)
        return draft

    def _workflow(self, name):
        try:
            return self.workflows[name]
        except KeyError:
            raise UnknownWorkflowError(name)

    def _run_row(self, record_id, name):
        row = rows.get_run(record_id, name)
        if row is None:
            raise RunNotFoundError(name)
        return row

    def _item_links(self, identity, draft):
        allowed = {
            action: self.check_permission(identity, action, draft=draft)
            for action in self.config.actions
        }
        template = LinksTemplate(
            self.config.links_item,
            context={"record_id": draft.pid.pid_value, "allowed": allowed},
        )
        return partial(template.expand, identity)

    def _item(self, identity, draft, run, detail=False):
        schema = self.config.detail_schema if detail else self.config.schema
        if run.uploads is None:
            with_uploads(draft, [run])
        return self.config.result_item_cls(
            self, identity, run, schema, self._item_links(identity, draft)
        )

    #
    # Reading
    #
    def available_workflows(self, identity, record_id):
        """The workflows that can process at least one of the draft's files."""
        draft = self._draft(identity, record_id, "read")
        files = committed_files(draft)
        hits = []
        for workflow in self.workflows.values():
            keys = [
                f.key for f in files.values() if workflow.matches(f.key, f.mimetype)
            ]
            if keys:
                hits.append({**workflow.dump(), "files": keys})
        return {"hits": {"hits": hits, "total": len(hits)}}

    def search(self, identity, record_id, params=None):
        """A page of a record's runs with their live status.

        One engine call and a constant number of queries, whatever the number
        of runs or files.
        """
        params = params or {}
        draft = self._draft(identity, record_id, "read")
        page, size = params.get("page", 1), params.get("size", 25)
        total, page_rows = rows.search_runs(
            record_id,
            workflow=params.get("workflow"),
            file_key=params.get("file"),
            page=page,
            size=size,
        )
        return self.config.result_list_cls(
            self,
            identity,
            with_uploads(draft, load_runs(page_rows, self.engine)),
            total,
            params,
            LinksTemplate(
                self.config.links_search,
                context={
                    "record_id": record_id,
                    "pid_value": record_id,
                    "args": {"page": page, "size": size, **params},
                },
            ),
            self._item_links(identity, draft),
            self.engine.availability(),
        )

    def read(self, identity, record_id, name):
        """A run with its steps, files and progress."""
        draft = self._draft(identity, record_id, "read")
        run = load_run(self._run_row(record_id, name), self.engine)
        return self._item(identity, draft, run, detail=True)

    def read_logs(self, identity, record_id, name, step=None, tail=None):
        """The last lines of a run's log, of all steps or of one."""
        self._draft(identity, record_id, "read_logs")
        row = self._run_row(record_id, name)
        limit = current_app.config["COMPCHEM_PROCESSOR_LOG_TAIL_LINES"]
        tail = min(tail or limit, limit)
        try:
            lines = list(self.engine.logs(row.name, step=step, tail_lines=tail))
        except EngineRunNotFoundError:
            lines = []
        return {
            "run": row.name,
            "step": step,
            "lines": self.config.log_line_schema(many=True).dump(lines[-tail:]),
        }

    #
    # Starting
    #
    def _validate_list(self, keys):
        max_files = current_app.config["COMPCHEM_PROCESSOR_MAX_FILES_PER_RUN"]
        if not keys:
            raise InvalidFileListError("A run needs at least one file.")
        if len(keys) > max_files:
            raise InvalidFileListError(
                f"A run takes at most {max_files} files, not {len(keys)}."
            )
        if len(set(keys)) != len(keys):
            raise InvalidFileListError("The file list repeats a file.")

    def _validate_files(self, workflow, files, keys):
        missing = [k for k in keys if k not in files]
        if missing:
            raise FileNotInDraftError(missing)
        unmatched = [k for k in keys if not workflow.matches(k, files[k].mimetype)]
        if unmatched:
            raise FileNotMatchedError(workflow.name, unmatched)

    def _current_files(self, draft, keys):
        """The draft's committed files of ``keys``; every one must still be there."""
        files = committed_files(draft, keys)
        missing = [k for k in keys if k not in files]
        if missing:
            raise FileNotInDraftError(missing)
        return files

    def _check_quotas(self, identity, record_id):
        quotas.check_draft_quota(record_id)
        quotas.check_user_quota(self.engine, _user_id(identity))

    @unit_of_work()
    def start(self, identity, record_id, data, uow=None):
        """Start a workflow on a list of the draft's files."""
        draft = self._draft(identity, record_id, "start")
        data = self.config.start_schema().load(data or {})
        workflow = self._workflow(data["workflow"])
        keys = data["files"]
        self._validate_list(keys)
        files = committed_files(draft, keys)
        self._validate_files(workflow, files, keys)
        return self._submit(identity, draft, workflow, files, keys, "manual", uow)

    def _submit(self, identity, draft, workflow, files, keys, trigger, uow, **kw):
        """Submit a new run of ``workflow`` on ``keys`` once the quotas allow it."""
        record_id = draft.pid.pid_value
        self._check_quotas(identity, record_id)
        row = submission.submit(
            self.engine,
            uow,
            record_id,
            workflow,
            [files[k] for k in keys],
            trigger,
            _user_id(identity),
            **kw,
        )
        return self._item(identity, draft, load_run(row, self.engine))

    #
    # Controlling
    #
    def _locked_run(self, identity, record_id, name, action):
        """The draft and the run's row; ``action`` allowed, the record locked."""
        draft = self._draft(identity, record_id, action)
        row = self._run_row(record_id, name)
        lock_record(record_id, f"{action} of {name}")
        return draft, row

    @unit_of_work()
    def stop(self, identity, record_id, name, uow=None):
        """Stop an active run; its credentials stop working at once."""
        draft, row = self._locked_run(identity, record_id, name, "stop")
        if not can_stop(load_run(row, self.engine)):
            raise RunStateError(f"Run {name} is not active.")
        submission.stop(self.engine, uow, row, "stopped")
        return self._item(identity, draft, load_run(row, self.engine))

    @unit_of_work()
    def retry(self, identity, record_id, name, uow=None):
        """Retry a failed run under its own name, from its failed steps."""
        draft, row = self._locked_run(identity, record_id, name, "retry")
        run = load_run(row, self.engine)
        if not can_retry(run):
            raise RunStateError(f"Only a failed run can be retried; {name} is not.")
        self._current_files(draft, run.file_keys)
        submission.blocking_runs(self.engine, record_id, run.file_keys, exclude=name)
        self.engine.retry(
            row.name, parameters=submission.run_parameters(row), uow=uow
        )
        uow.register(
            PublishEventOp(record_id, "run.phase", name, phase="Pending", retry=True)
        )
        return self._item(identity, draft, load_run(row, self.engine))

    @unit_of_work()
    def resubmit(self, identity, record_id, name, uow=None):
        """Run the same workflow again on the same files as a new run."""
        draft = self._draft(identity, record_id, "resubmit")
        row = self._run_row(record_id, name)
        workflow = self._workflow(row.workflow)
        keys = load_runs([row], self.engine, with_status=False)[0].file_keys
        files = self._current_files(draft, keys)
        return self._submit(
            identity, draft, workflow, files, keys, "resubmit", uow, resubmit_of=row
        )


def _user_id(identity):
    user_id = getattr(identity, "id", None)
    return user_id if isinstance(user_id, int) else None
