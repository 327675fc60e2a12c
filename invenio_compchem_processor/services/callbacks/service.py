# SPDX-License-Identifier: MIT
"""The run callback service: what a run may do with its credential, and nothing else.

The caller's Invenio identity plays no part: a run proves who it is with its
credential alone, and everything it touches is scoped by that credential's
run, record and input files. Reads and writes go through RDM's draft file
services as the system identity once the credential allowed them.
"""

import io
import json
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources

from flask import current_app
from invenio_access.permissions import system_identity
from invenio_db import db
from invenio_records_resources.services.base import Service
from invenio_records_resources.services.uow import TaskOp, UnitOfWork, unit_of_work
from jsonschema import Draft202012Validator

from ... import credentials
from ... import event_bus as bus
from ... import rows
from ...api import load_runs
from ...engines.base import EngineRunNotFoundError
from ...models import CompchemRun
from ...notifications import tasks as notification_tasks
from ...progress import save_report
from ...proxies import current_compchem
from ...result_names import result_name
from ..drafts import committed_upload, resolve_draft
from ..errors import (
    DraftChangedError,
    DraftNotFoundError,
    ExpiredCredentialError,
    FileOutOfScopeError,
    InvalidCallbackError,
    InvalidCredentialError,
    InvalidMetadataError,
    MissingCredentialError,
    ResultTooLargeError,
    RunEndedError,
    RunWithdrawnError,
    SupersededCredentialError,
)
from ..events import PublishEventOp
from ..locks import lock_record
from .file_service import input_files_service
from .history import METADATA_SUFFIX
from .keyed_files import one_record_per_id
from .result_files import (
    LimitedStream,
    check_key,
    check_label,
    check_result_name,
    spool,
    store_result,
)

FINISHED = "finished"
"""End reason of a run that ended its own context; other reasons withdraw it."""

SUMMARY_SCHEMAS = {
    "cclib-summary": "summary-v1.1.0.json",
    "periodic-summary": "periodic-summary-v1.0.0.json",
    "md-summary": "md-summary-v1.0.0.json",
}
"""The JSON schema of each shipped processor's summary; others use the QM one."""


def _summary_validator(schema="summary-v1.1.0.json"):
    text = (
        resources.files("invenio_compchem_processor")
        .joinpath(f"schemas/{schema}")
        .read_text()
    )
    return Draft202012Validator(json.loads(text))


def _processor_name(document):
    processor = document.get("processor") if isinstance(document, dict) else None
    return processor.get("name") if isinstance(processor, dict) else None


@dataclass(frozen=True)
class RunContext:
    """What a verified credential grants: its run and the run's input files."""

    credential: object
    run: CompchemRun
    inputs: dict
    """Rows of ``compchem_file`` by key."""

    def input(self, key):
        """The run's input file of ``key``; another file is out of scope."""
        try:
            return self.inputs[key]
        except KeyError:
            raise FileOutOfScopeError(key)


def _json_object(text, what):
    try:
        data = json.loads(text)
    except ValueError as error:
        raise InvalidCallbackError(f"The {what} is not JSON: {error}.")
    if not isinstance(data, dict):
        raise InvalidCallbackError(f"The {what} must be a JSON object.")
    return data


def _stored(item, target):
    """What the API answers about a stored result."""
    return {
        "key": item["key"],
        "target": target,
        "size": item.get("size"),
        "checksum": item.get("checksum"),
        "metadata": item.get("metadata"),
    }


class RunCallbackService(Service):
    """Input content, results, metadata, progress and end, for one run."""

    def __init__(self, config):
        """Constructor."""
        super().__init__(config)
        self.summary_validators = {
            name: _summary_validator(schema) for name, schema in SUMMARY_SCHEMAS.items()
        }

    #
    # The credential
    #
    def context(self, token, write=False):
        """The run a credential stands for, checked in order of cost.

        Hash lookup, deadline, newest-of-its-run, end rows, then the engine's
        phase (briefly cached). ``write`` turns a repository-withdrawn run
        into a conflict (409) rather than a refusal (403).
        """
        if not token:
            raise MissingCredentialError()
        credential = credentials.lookup(token)
        if credential is None:
            raise InvalidCredentialError()
        if credentials.is_expired(credential):
            raise ExpiredCredentialError()
        if not credentials.is_latest(credential):
            raise SupersededCredentialError()
        end = credentials.end_of(credential)
        if end is not None:
            if write and end.reason != FINISHED:
                raise RunWithdrawnError(end.reason)
            raise RunEndedError()
        run = db.session.get(CompchemRun, credential.run_id)
        phase = credentials.phase_cache.get(
            credential.token_hash,
            lambda: self._engine_phase(run),
            current_app.config["COMPCHEM_PROCESSOR_PHASE_CACHE_SECONDS"],
        )
        if phase is None or phase.is_terminal:
            raise RunEndedError()
        files = load_runs([run], current_compchem.engine, with_status=False)[0].files
        return RunContext(credential, run, {f.file_key: f for f in files})

    def _engine_phase(self, run):
        try:
            return current_compchem.engine.get_run(run.name).phase
        except EngineRunNotFoundError:
            return None

    def _current_draft(self, context, key):
        """The draft, while it holds the very upload the run was given.

        One key is checked in one query, against the input row the credential
        check loaded: the cost does not grow with the draft's files.
        """
        try:
            draft = resolve_draft(context.run.record_id)
        except DraftNotFoundError:
            raise DraftChangedError()
        current = committed_upload(draft, key)
        expected = context.input(key)
        if current is None or current.object_version_id != expected.object_version_id:
            raise DraftChangedError()
        return draft

    #
    # Reading inputs
    #
    def read_file(self, token, key):
        """An input file of the run, as RDM's draft file service serves it."""
        context = self.context(token)
        check_key(key)
        context.input(key)
        self._current_draft(context, key)
        return input_files_service().get_file_content(
            system_identity, context.run.record_id, key
        )

    #
    # Writing results
    #
    def _provenance(self, context, source_key, processor):
        source = context.input(source_key)
        name, version = processor
        return {
            "run": context.run.name,
            "workflow": context.run.workflow,
            "source": source_key,
            "processor": check_label(name, "processor"),
            "processor_version": check_label(version, "processor version"),
            "input_checksum": source.checksum,
        }

    def _check_length(self, content_length, limit):
        if content_length is not None and content_length > limit:
            raise ResultTooLargeError(limit)

    def _store(self, context, source_key, files, processor):
        """Commit spooled results under the record's lock, on a fresh draft.

        ``files`` are ``(key, content, size)``, stored in one unit of work:
        all of them or none. The draft is read after the lock is taken, and
        the session's earlier reads are dropped: a result committed meanwhile
        by another run (which may have turned media files on) is seen, not
        overwritten from a stale version of the draft.
        """
        provenance = self._provenance(context, source_key, processor)
        target = self.config.results_target
        with UnitOfWork() as uow:
            lock_record(context.run.record_id, f"results of {context.run.name}")
            db.session.expire_all()
            draft = self._current_draft(context, source_key)
            # Serialised before the commit expires what they were read from.
            with one_record_per_id():
                stored = [
                    _stored(
                        store_result(
                            draft, key, content, size, provenance, target, uow
                        ).to_dict(),
                        target,
                    )
                    for key, content, size in files
                ]
            uow.commit()
        return stored

    def write_result(self, token, source_key, name, stream, content_length, processor):
        """Store a result file derived from ``source_key``.

        ``processor`` is ``(name, version)`` of the program that made it.
        """
        context = self.context(token, write=True)
        check_key(source_key)
        context.input(source_key)
        check_result_name(source_key, name)
        self._check_length(content_length, self.config.max_result_size)
        content, size = spool(stream, self.config.max_result_size)
        with content:
            return self._store(
                context, source_key, [(name, content, size)], processor
            )[0]

    def write_metadata(self, token, source_key, stream, content_length, processor):
        """Validate extracted metadata; store it as the source's ``.compchem.json``."""
        context = self.context(token, write=True)
        check_key(source_key)
        context.input(source_key)
        text = self._metadata_document(stream, content_length)
        key = result_name(source_key, METADATA_SUFFIX)
        return self._store(
            context, source_key, [(key, io.BytesIO(text), len(text))], processor
        )[0]

    def write_results(self, token, source_key, read_body, processor):
        """The results of one source, its metadata and a progress report, at once.

        ``read_body()`` is called once the credential allowed the call and
        gives ``(results, metadata, progress)``: ``(name, stream)`` pairs, a
        stream or None, the JSON text of a ``/progress`` body or None. One
        credential check, one lock, one commit: every file is stored or none
        is; the progress report is kept once they are.
        """
        context = self.context(token, write=True)
        check_key(source_key)
        context.input(source_key)
        results, metadata, progress = read_body()
        if not results and metadata is None:
            raise InvalidCallbackError("Neither a result nor metadata was sent.")
        names = [check_result_name(source_key, name) for name, _ in results]
        metadata_key = result_name(source_key, METADATA_SUFFIX)
        if metadata is not None:
            names.append(metadata_key)
        if len(set(names)) < len(names):
            raise InvalidCallbackError("A result name was sent twice.")
        report = None
        if progress is not None:
            report = self._progress_report(_json_object(progress, "progress"))
        with ExitStack() as spooled:
            files = []
            for name, stream in results:
                content, size = spool(stream, self.config.max_result_size)
                files.append((name, spooled.enter_context(content), size))
            if metadata is not None:
                text = self._metadata_document(metadata, None)
                files.append((metadata_key, io.BytesIO(text), len(text)))
            stored = self._store(context, source_key, files, processor)
        if report is not None:
            report = self._keep_progress(context, report)
        return {"source": source_key, "results": stored, "progress": report}

    def _metadata_document(self, stream, content_length):
        """The summary a run sent, validated, as it is stored."""
        limit = self.config.max_metadata_size
        self._check_length(content_length, limit)
        body = LimitedStream(stream, limit).read_all()
        try:
            data = json.loads(body)
        except ValueError as error:
            raise InvalidCallbackError(f"The body is not JSON: {error}.")
        self._validate_summary(data)
        return json.dumps(data, indent=2, sort_keys=True).encode()

    def _validate_summary(self, data):
        validator = self.summary_validators.get(
            _processor_name(data), self.summary_validators["cclib-summary"]
        )
        error = next(iter(validator.iter_errors(data)), None)
        if error is not None:
            raise InvalidMetadataError(error.message[:500], error.absolute_path)

    #
    # Progress and end
    #
    def report_progress(self, token, data):
        """Keep the run's latest progress report for status views."""
        context = self.context(token, write=True)
        report = self._progress_report(data)
        return {"run": context.run.name, **self._keep_progress(context, report)}

    def _progress_report(self, data):
        """A progress body, validated, its message redacted."""
        if not isinstance(data, dict):
            raise InvalidCallbackError("The progress report must be a JSON object.")
        report = self.config.progress_schema().load(data)
        report["message"] = credentials.redact(report["message"])
        return report

    def _keep_progress(self, context, report):
        """Keep ``report`` as the run's latest and tell the draft's viewers."""
        report = save_report(context.run.name, report)
        bus.publish(
            context.run.record_id,
            "run.progress",
            context.run.name,
            message=report["message"],
            progress=report["progress"],
        )
        return report

    @unit_of_work()
    def end(self, token, data=None, uow=None):
        """End the run's context: its credential stops working at once.

        ``data`` may say the phase the run ended in, as the run saw it.
        """
        context = self.context(token)
        rows.insert_run_end(context.run, FINISHED)
        phase = (data or {}).get("phase") if isinstance(data, dict) else None
        uow.register(
            PublishEventOp(
                context.run.record_id,
                "run.ended",
                context.run.name,
                reason=FINISHED,
                phase=phase if isinstance(phase, str) else None,
            )
        )
        uow.register(TaskOp(notification_tasks.notify_run_ended, context.run.name))
        credentials.phase_cache.forget(context.credential.token_hash)
        return {"run": context.run.name, "ended": {"reason": FINISHED}}
