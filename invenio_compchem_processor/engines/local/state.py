# SPDX-License-Identifier: MIT
"""A worker's handle on the state row of the run it executes.

Every change is its own short transaction on a session of its own, so a run
that takes hours never holds a transaction open, and the web processes see
its phase, heartbeat and logs as they happen. Changes are guarded by the
attempt: a worker left behind by a retry cannot overwrite the new attempt.
"""

from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from ..base import Phase
from ... import event_bus
from .models import LocalRun, LocalStep, utcnow


@dataclass(frozen=True)
class Poll:
    """What the worker needs to know while a run executes."""

    attempt: int
    stop_request: Optional[str]
    stop_message: Optional[str]


class RunState:
    """Reads and writes of one attempt of one run, each committed at once."""

    def __init__(self, bind, name, attempt):
        """``bind`` is the SQLAlchemy engine; nothing is read until asked."""
        self.sessions = sessionmaker(bind=bind, expire_on_commit=False)
        self.name = name
        self.attempt = attempt
        self.run_id = None
        self.record_id = None

    def _tell(self, type_, **fields):
        """Publish a change of this run on the event bus (best effort)."""
        if self.record_id is not None:
            event_bus.publish(self.record_id, type_, self.name, **fields)

    def _update_run(self, session, **values):
        result = session.execute(
            update(LocalRun)
            .where(LocalRun.name == self.name, LocalRun.attempt == self.attempt)
            .values(version=LocalRun.version + 1, **values)
        )
        return result.rowcount

    def load(self):
        """The run's row, or ``None`` while the submit is not yet committed."""
        with self.sessions() as session:
            return session.scalars(
                select(LocalRun).where(LocalRun.name == self.name)
            ).one_or_none()

    def claim(self, worker):
        """Pending -> Running, atomically: only one worker ever executes an attempt."""
        with self.sessions.begin() as session:
            claimed = session.execute(
                update(LocalRun)
                .where(
                    LocalRun.name == self.name,
                    LocalRun.attempt == self.attempt,
                    LocalRun.phase == Phase.PENDING.value,
                )
                .values(
                    phase=Phase.RUNNING.value,
                    worker=worker[:255],
                    started_at=utcnow(),
                    heartbeat=utcnow(),
                    version=LocalRun.version + 1,
                )
            ).rowcount
            if not claimed:
                return None
            run = session.scalars(
                select(LocalRun).where(LocalRun.name == self.name)
            ).one()
            self.run_id = run.id
            self.record_id = run.record_id
        self._tell("run.phase", phase=Phase.RUNNING.value, attempt=self.attempt)
        return run

    def poll(self):
        """The row's attempt and stop request; ``None`` once the run is deleted."""
        with self.sessions() as session:
            row = session.execute(
                select(
                    LocalRun.attempt, LocalRun.stop_request, LocalRun.stop_message
                ).where(LocalRun.name == self.name)
            ).one_or_none()
        return Poll(*row) if row else None

    def heartbeat(self):
        """Tell readers the worker is alive (without raising the version)."""
        with self.sessions.begin() as session:
            session.execute(
                update(LocalRun)
                .where(LocalRun.name == self.name, LocalRun.attempt == self.attempt)
                .values(heartbeat=utcnow())
            )

    def progress(self, done, total):
        """Steps done of the steps planned."""
        with self.sessions.begin() as session:
            self._update_run(session, progress_done=done, progress_total=total)

    def start_step(self, position, name, phase=Phase.RUNNING):
        """A step row of this attempt; its id."""
        now = utcnow()
        with self.sessions.begin() as session:
            step = LocalStep(
                run_id=self.run_id,
                attempt=self.attempt,
                position=position,
                name=name,
                phase=phase.value,
                started_at=now if phase == Phase.RUNNING else None,
                finished_at=None if phase == Phase.RUNNING else now,
                log="",
            )
            session.add(step)
            self._update_run(session)
            session.flush()
            step_id = step.id
        self._tell("run.step", step=name, phase=phase.value)
        return step_id

    def save_step(self, step_id, finished=False, **values):
        """Phase, message, pid, exit code or log of a step."""
        if finished:
            values["finished_at"] = utcnow()
        with self.sessions.begin() as session:
            session.execute(
                update(LocalStep).where(LocalStep.id == step_id).values(**values)
            )
            if "phase" in values:
                self._update_run(session)
                name = session.scalar(
                    select(LocalStep.name).where(LocalStep.id == step_id)
                )
        if "phase" in values:
            self._tell(
                "run.step",
                step=name,
                phase=values["phase"],
                message=values.get("message"),
            )

    def finish(self, phase, message):
        """The attempt's outcome; the credential is dropped, it has been revoked."""
        with self.sessions.begin() as session:
            changed = self._update_run(
                session,
                phase=phase.value,
                message=message,
                finished_at=utcnow(),
                credential=None,
                heartbeat=None,
            )
        self._tell("run.phase", phase=phase.value, message=message)
        return changed
