# SPDX-License-Identifier: MIT
"""Bulk retry and restart: the runs a filter matches, at most N in flight at a time.

A bulk action fixes its list of runs when it is created. Each advance (right
after creation, then from Celery beat) counts the action's runs still active
in the engine and submits as many of the rest as the throttle allows; a stop
row ends the roll-out, a pause row holds it until a resume; runs already
submitted go on.
"""

import zlib
from contextlib import contextmanager

from flask import current_app
from invenio_access.permissions import system_identity
from invenio_db import db
from invenio_records_resources.services.uow import TaskOp, unit_of_work
from sqlalchemy import func, select

from ...engines.base import EngineError
from ...models import (
    CompchemBulkAction,
    CompchemBulkPause,
    CompchemBulkStep,
    CompchemBulkStop,
    CompchemRun,
)
from ...proxies import current_runs_service
from ..errors import BulkActionNotFoundError, CompchemError
from .query import RunsQuery

ELIGIBLE_PHASES = {
    "retry": ("Failed", "Error"),
    "restart": ("Succeeded", "Failed", "Error", "NotStarted"),
}
"""Phases in which a run can be retried (same run) or restarted (a new run)."""

PREVIEW_ROWS = 10


@contextmanager
def _advance_lock(bulk_id):
    """Whether this process may advance the action; held on a connection of its own."""
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    key = zlib.crc32(f"compchem:bulk:{bulk_id}".encode())
    with db.engine.connect() as connection:
        got = connection.scalar(select(func.pg_try_advisory_lock(key)))
        try:
            yield got
        finally:
            if got:
                connection.scalar(select(func.pg_advisory_unlock(key)))


def is_paused(bulk_id):
    """Whether the newest pause row of the action pauses it."""
    paused = db.session.scalar(
        select(CompchemBulkPause.paused)
        .where(CompchemBulkPause.bulk_id == bulk_id)
        .order_by(CompchemBulkPause.id.desc())
        .limit(1)
    )
    return bool(paused)


def _user_id(identity):
    user_id = getattr(identity, "id", None)
    return user_id if isinstance(user_id, int) else None


class BulkAdministration:
    """Bulk actions of the admin service."""

    def _eligible_query(self, action, query):
        """The admin search narrowed to the runs ``action`` applies to."""
        phases = ELIGIBLE_PHASES[action]
        wanted = [p for p in (query.get("phase") or phases) if p in phases]
        params = {**query, "phase": wanted or ["-"]}
        return RunsQuery(params, self.engine_phases())

    def _bulk_request(self, data):
        data = self.config.bulk_schema().load(data or {})
        data["query"] = self.config.search_args_schema().load(data["query"])
        return data

    @unit_of_work()
    def bulk(self, identity, data, uow=None):
        """Preview (``dry_run``) or create a bulk retry or restart."""
        self.require_permission(identity, "manage")
        data = self._bulk_request(data)
        query = self._eligible_query(data["action"], data["query"])
        total = query.total()
        if data["dry_run"]:
            ids = query.page_ids("oldest", 1, PREVIEW_ROWS)
            rows = db.session.scalars(
                select(CompchemRun).where(CompchemRun.id.in_(ids))
            )
            by_id = {row.id: row for row in rows}
            runs = self.load_page([by_id[i] for i in ids])
            schema = self.config.schema()
            return {
                "dry_run": True,
                "action": data["action"],
                "total": total,
                "first": [schema.dump(run) for run in runs],
            }
        limit = current_app.config["COMPCHEM_PROCESSOR_ADMIN_BULK_MAX_RUNS"]
        ids = query.page_ids("oldest", 1, limit)
        names = dict(
            db.session.execute(
                select(CompchemRun.id, CompchemRun.name).where(CompchemRun.id.in_(ids))
            ).all()
        )
        action = CompchemBulkAction(
            action=data["action"],
            query=data["query"],
            run_names=[names[i] for i in ids],
            concurrency=data["concurrency"],
            created_by=_user_id(identity),
        )
        db.session.add(action)
        db.session.flush()
        from .tasks import advance_bulk_action

        uow.register(TaskOp(advance_bulk_action, action.id))
        return self._bulk_state(action)

    def _bulk_row(self, bulk_id):
        row = db.session.get(CompchemBulkAction, bulk_id)
        if row is None:
            raise BulkActionNotFoundError(bulk_id)
        return row

    def _steps(self, action):
        return db.session.scalars(
            select(CompchemBulkStep)
            .where(CompchemBulkStep.bulk_id == action.id)
            .order_by(CompchemBulkStep.id)
        ).all()

    def _in_flight(self, steps):
        """The submitted runs of ``steps`` that are still active (one engine call)."""
        names = [s.submitted for s in steps if s.submitted]
        if not names:
            return set()
        rows = db.session.scalars(
            select(CompchemRun).where(CompchemRun.name.in_(names))
        )
        return {run.name for run in self.load_page(list(rows)) if run.is_active}

    def _bulk_state(self, action, steps=None, in_flight=None):
        steps = self._steps(action) if steps is None else steps
        in_flight = self._in_flight(steps) if in_flight is None else in_flight
        stopped = db.session.get(CompchemBulkStop, action.id) is not None
        failed = [s for s in steps if s.error]
        queued = len(action.run_names) - len(steps)
        return {
            "id": action.id,
            "action": action.action,
            "query": action.query,
            "concurrency": action.concurrency,
            "created": action.created.isoformat(),
            "created_by": action.created_by,
            "total": len(action.run_names),
            "submitted": len(steps) - len(failed),
            "failed": len(failed),
            "in_flight": len(in_flight),
            "queued": 0 if stopped else queued,
            "stopped": stopped,
            "paused": is_paused(action.id),
            "finished": stopped or (queued == 0 and not in_flight),
            "steps": [
                {"run": s.run_name, "submitted": s.submitted, "error": s.error}
                for s in steps[-50:]
            ],
            "links": {"self": self._api(f"/bulk/{action.id}")},
        }

    def read_bulk(self, identity, bulk_id):
        """A bulk action's progress."""
        self.require_permission(identity, "read")
        return self._bulk_state(self._bulk_row(bulk_id))

    def list_bulk(self, identity, size=20):
        """The newest bulk actions with their progress."""
        return self._newest_actions(identity, self._bulk_state, size)

    def _newest_actions(self, identity, state, size, *where):
        """The newest bulk actions matching ``where``, each as ``state(row)``."""
        self.require_permission(identity, "read")
        rows = db.session.scalars(
            select(CompchemBulkAction)
            .where(*where)
            .order_by(CompchemBulkAction.id.desc())
            .limit(size)
        ).all()
        hits = [state(row) for row in rows]
        return {"hits": {"hits": hits, "total": len(hits)}}

    @unit_of_work()
    def stop_bulk(self, identity, bulk_id, uow=None):
        """Submit nothing more; runs already submitted go on."""
        self.require_permission(identity, "manage")
        action = self._bulk_row(bulk_id)
        if db.session.get(CompchemBulkStop, action.id) is None:
            db.session.add(
                CompchemBulkStop(bulk_id=action.id, user_id=_user_id(identity))
            )
            db.session.flush()
        return self._bulk_state(action)

    def _submit_one(self, action, name):
        """Retry or restart one run as the system; the step says what happened."""
        row = db.session.scalars(
            select(CompchemRun).where(CompchemRun.name == name)
        ).one()
        method = "retry" if action.action == "retry" else "resubmit"
        try:
            item = getattr(current_runs_service, method)(
                system_identity, row.record_id, name
            )
            step = CompchemBulkStep(bulk_id=action.id, run_name=name, submitted=item.id)
        except (CompchemError, EngineError) as error:
            db.session.rollback()
            message = getattr(error, "description", None) or getattr(
                error, "message", ""
            )
            step = CompchemBulkStep(
                bulk_id=action.id, run_name=name, error=str(message)
            )
        db.session.add(step)
        db.session.commit()
        return step

    def advance_bulk(self, bulk_id):
        """Submit the next runs of a bulk action, as many as its throttle allows.

        One advance of an action at a time (a session lock on PostgreSQL):
        a second one, from beat or a follow-up, leaves it be.
        """
        with _advance_lock(bulk_id) as mine:
            if not mine:
                return self._bulk_state(self._bulk_row(bulk_id))
            return self._advance(bulk_id)

    def _advance(self, bulk_id):
        action = self._bulk_row(bulk_id)
        stopped = db.session.get(CompchemBulkStop, action.id) is not None
        if stopped or is_paused(action.id):
            return self._bulk_state(action)
        steps = self._steps(action)
        taken = {s.run_name for s in steps}
        in_flight = self._in_flight(steps)
        free = action.concurrency - len(in_flight)
        for name in action.run_names:
            if free <= 0:
                break
            if name in taken:
                continue
            step = self._submit_one(action, name)
            steps.append(step)
            if step.submitted:
                in_flight.add(step.submitted)
                free -= 1
        return self._bulk_state(action, steps, in_flight)

    def open_bulk_ids(self):
        """Bulk actions not stopped that still have runs to submit or in flight."""
        stopped = select(CompchemBulkStop.bulk_id)
        rows = db.session.scalars(
            select(CompchemBulkAction).where(CompchemBulkAction.id.not_in(stopped))
        ).all()
        return [row.id for row in rows if not self._bulk_state(row)["finished"]]
