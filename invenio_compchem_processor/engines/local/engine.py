# SPDX-License-Identifier: MIT
"""The local engine: runs execute on Invenio's own Celery workers.

Its state is two tables (``models``), read and changed in the caller's
transaction, like any other Invenio data: a submit becomes visible, and its
task is queued, when the service's unit of work commits; a stop is seen by
the worker executing the run within ``COMPCHEM_PROCESSOR_LOCAL_POLL_INTERVAL``
of that commit. Phases, progress, steps and logs mirror the Argo engine's.
"""

from dataclasses import dataclass
from datetime import timedelta

from invenio_db import db
from sqlalchemy import and_, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer

from ..base import Engine, Phase
from ..errors import EngineRunNotFoundError, RunAlreadyExistsError, RunRejectedError
from .executor import STEPS
from .health import LocalHealth
from .models import LocalRun, LocalStep, utcnow
from .queueing import QueueRunOp
from .status import run_phase, run_status
from .streams import LocalStreams
from .supervision import STOP, TERMINATE

PARAMETER_CREDENTIAL = "credential"
RETRYABLE = (Phase.FAILED.value, Phase.ERROR.value)


@dataclass(eq=False)
class LocalEngine(LocalStreams, LocalHealth, Engine):
    """Runs as Celery tasks on the ``COMPCHEM_PROCESSOR_LOCAL_QUEUE`` queue.

    Its fields are the settings of the web side; the workers read their own
    (``tasks.settings``).
    """

    name = "local"

    queue: str = "compchem-local"
    heartbeat_timeout: float = 120
    health_timeout: float = 1.0
    watch_interval: float = 1.0
    follow_seconds: float = 300

    @classmethod
    def from_config(cls, app_config):
        """An engine from the ``COMPCHEM_PROCESSOR_LOCAL_*`` settings."""

        def setting(key, default):
            return app_config.get(f"COMPCHEM_PROCESSOR_LOCAL_{key}", default)

        return cls(
            queue=setting("QUEUE", "compchem-local"),
            heartbeat_timeout=setting("HEARTBEAT_TIMEOUT", 120),
            health_timeout=setting("HEALTH_TIMEOUT", 1.0),
            watch_interval=setting("WATCH_INTERVAL", 1.0),
            follow_seconds=setting("FOLLOW_SECONDS", 300),
        )

    def __repr__(self):
        """Which queue the engine uses."""
        return f"<LocalEngine queue={self.queue}>"

    #
    # Reading
    #
    def _row(self, name, lock=False, fresh=False):
        query = select(LocalRun).where(LocalRun.name == name)
        if lock:
            query = query.with_for_update()
        else:
            query = query.options(defer(LocalRun.credential))
        if fresh:
            query = query.execution_options(populate_existing=True)
        row = db.session.scalars(query).one_or_none()
        if row is None:
            raise EngineRunNotFoundError(f"Run {name} does not exist.", 404)
        return row

    def _phase(self, row):
        return run_phase(row, self.heartbeat_timeout)

    def _status(self, row, steps=()):
        return run_status(row, steps, self.heartbeat_timeout)

    def _steps(self, row, fresh=False):
        query = (
            select(LocalStep)
            .where(LocalStep.run_id == row.id, LocalStep.attempt == row.attempt)
            .order_by(LocalStep.position)
        )
        if fresh:
            query = query.execution_options(populate_existing=True)
        return db.session.scalars(query).all()

    def list_runs(self, record_id, workflow=None, names=None):
        """A record's runs (of a workflow, of some names), without steps: one query."""
        if names is not None and not names:
            return []
        query = (
            select(LocalRun)
            .options(defer(LocalRun.credential))
            .where(LocalRun.record_id == record_id)
        )
        if workflow:
            query = query.where(LocalRun.workflow == workflow)
        if names is not None:
            query = query.where(LocalRun.name.in_(list(names)))
        rows = db.session.scalars(query.order_by(LocalRun.id)).all()
        return [self._status(row) for row in rows]

    def list_runs_named(self, names):
        """The runs of ``names`` across records, without steps: one query."""
        if not names:
            return []
        rows = db.session.scalars(
            select(LocalRun)
            .options(defer(LocalRun.credential))
            .where(LocalRun.name.in_(list(names)))
        ).all()
        return [self._status(row) for row in rows]

    def run_phases(self):
        """Every run's phase (a silent worker's run is Error): one query.

        Only the columns ``status.run_phase`` reads are loaded.
        """
        columns = (
            LocalRun.name,
            LocalRun.phase,
            LocalRun.message,
            LocalRun.heartbeat,
            LocalRun.worker,
            LocalRun.created,
        )
        return {
            row.name: self._phase(row)[0]
            for row in db.session.execute(select(*columns))
        }

    def phase_query(self):
        """``run_phases`` as SQL: a silent worker's Running run is Error."""
        silent = utcnow() - timedelta(seconds=self.heartbeat_timeout)
        phase = case(
            (
                and_(
                    LocalRun.phase == Phase.RUNNING.value,
                    LocalRun.heartbeat < silent,
                ),
                Phase.ERROR.value,
            ),
            else_=LocalRun.phase,
        )
        return select(LocalRun.name.label("name"), phase.label("phase"))

    def get_run(self, name):
        """A run with the steps of its latest attempt."""
        row = self._row(name)
        return self._status(row, self._steps(row))

    def max_sequence(self, record_id, workflow):
        """The highest sequence of a record's runs of a workflow."""
        return (
            db.session.scalar(
                select(func.max(LocalRun.sequence)).where(
                    LocalRun.record_id == record_id, LocalRun.workflow == workflow
                )
            )
            or 0
        )

    #
    # Changing
    #
    def submit(self, request, uow=None):
        """Insert the run as Pending; its task is queued when ``uow`` commits."""
        self._require(uow)
        options = dict(request.engine_options or {})
        if not options.get("command"):
            raise RunRejectedError(
                f"Workflow {request.workflow!r} has no local 'command'.", 400
            )
        parameters = dict(request.parameters or {})
        credential = parameters.pop(PARAMETER_CREDENTIAL, None)
        row = LocalRun(
            name=request.name,
            record_id=request.record_id,
            workflow=request.workflow,
            sequence=request.sequence,
            labels=dict(request.labels or {}),
            annotations=dict(request.annotations or {}),
            file_keys=list(request.file_keys),
            options=options,
            parameters=parameters,
            credential=credential,
            phase=Phase.PENDING.value,
            attempt=1,
            progress_done=0,
            progress_total=len(STEPS),
            version=1,
            created=utcnow(),
        )
        self._insert(row)
        uow.register(QueueRunOp(row.name, row.attempt))
        return self._status(row)

    @staticmethod
    def _require(uow):
        if uow is None:
            raise RunRejectedError(
                "The local engine queues runs through a unit of work.", 400
            )

    def _insert(self, row):
        if db.session.scalar(select(LocalRun.id).where(LocalRun.name == row.name)):
            raise RunAlreadyExistsError(f"Run {row.name} already exists.", 409)
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:
            raise RunAlreadyExistsError(f"Run {row.name} already exists.", 409)

    def _shutdown(self, name, request, message):
        row = self._row(name, lock=True)
        if row.phase == Phase.PENDING.value or self._phase(row)[0] == Phase.ERROR:
            # No worker has it (yet, or any more): a late claim finds it ended.
            strategy = "Stop" if request == STOP else "Terminate"
            row.phase = Phase.FAILED.value
            row.message = f"Stopped with strategy '{strategy}'" + (
                f": {message}" if message else ""
            )
            row.finished_at = utcnow()
            row.credential = None
        elif row.phase == Phase.RUNNING.value and row.stop_request != TERMINATE:
            row.stop_request = request
            row.stop_message = message
        else:
            return self._status(row)
        row.version += 1
        db.session.flush()
        return self._status(row)

    def stop(self, name, message=None):
        """Ask the worker to end the run; ``end-run`` still closes its context."""
        return self._shutdown(name, STOP, message)

    def terminate(self, name):
        """Ask the worker to kill the run at once, without ``end-run``."""
        return self._shutdown(name, TERMINATE, None)

    def retry(self, name, parameters=None, uow=None):
        """Run a failed run again under its name, as a new attempt.

        ``parameters`` may carry the run's new credential (a retry supersedes
        the old one); without it the run keeps the credential it had, if any.
        """
        self._require(uow)
        row = self._row(name, lock=True)
        phase, _ = self._phase(row)
        if phase.value not in RETRYABLE:
            raise RunRejectedError(
                f"Run {name} is {phase.value}; only a failed run can be retried.", 409
            )
        parameters = dict(parameters or {})
        credential = parameters.pop(PARAMETER_CREDENTIAL, None)
        if credential:
            row.credential = credential
        row.parameters = {**(row.parameters or {}), **parameters}
        row.attempt += 1
        row.phase = Phase.PENDING.value
        row.message = None
        row.progress_done = 0
        row.stop_request = row.stop_message = None
        row.worker = row.heartbeat = row.started_at = row.finished_at = None
        row.version += 1
        db.session.flush()
        uow.register(QueueRunOp(row.name, row.attempt))
        return self._status(row)

    def delete(self, name):
        """Delete the run and its steps; a worker executing it kills it."""
        row = self._row(name, lock=True)
        db.session.delete(row)
        db.session.flush()
