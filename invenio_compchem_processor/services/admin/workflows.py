# SPDX-License-Identifier: MIT
"""Workflows as administrators see them: counts, durations, and the pause switch.

A pause is a row, not a deploy: while a workflow is paused every start of it
is refused with the administrator's reason; an upload then gets a run that
could not start and says so. Resuming may restart exactly those runs.
"""

from datetime import timedelta

from invenio_access.permissions import system_identity
from invenio_db import db
from sqlalchemy import and_, func, select

from ...engines.base import EngineError
from ...models import CompchemRun, CompchemRunStartError
from ...proxies import current_compchem, current_runs_service
from ..errors import CompchemError, UnknownWorkflowError
from . import pauses
from .query import RunsQuery, _duration, _now

ACTIVE_PHASES = ("Pending", "Running")


def _switch(row):
    if row is None:
        return None
    return {
        "paused": row.paused,
        "reason": row.reason,
        "user_id": row.user_id,
        "at": row.created.isoformat(),
    }


def _count(params, phases):
    """Matching runs, or None when phases are asked for and the engine is down."""
    if params.get("phase") and phases is None:
        return None
    return RunsQuery(params, phases).total()


class WorkflowAdministration:
    """Workflow counts and switches of the admin service."""

    def _workflow(self, name):
        workflow = current_compchem.workflows.get(name)
        if workflow is None:
            raise UnknownWorkflowError(name)
        return workflow

    def _skipped(self, workflow, pause):
        """Automatic runs that could not start since ``pause``, not restarted since."""
        child = select(CompchemRun.resubmit_of_id).where(
            CompchemRun.resubmit_of_id.is_not(None)
        )
        return db.session.scalars(
            select(CompchemRun)
            .join(CompchemRunStartError, CompchemRunStartError.run_id == CompchemRun.id)
            .where(
                and_(
                    CompchemRun.workflow == workflow,
                    CompchemRun.trigger == "auto",
                    CompchemRun.created >= pause.created,
                    CompchemRun.id.not_in(child),
                )
            )
            .order_by(CompchemRun.id)
        ).all()

    def _median_duration(self, workflow, since):
        duration = _duration()
        value = db.session.scalar(
            select(func.percentile_cont(0.5).within_group(duration)).where(
                CompchemRun.workflow == workflow,
                CompchemRun.created >= since,
                duration.is_not(None),
            )
        )
        return round(value, 1) if value is not None else None

    def _workflow_state(self, workflow, phases, switch):
        now = _now()
        day, week = now - timedelta(days=1), now - timedelta(days=7)
        base = {"workflow": [workflow.name]}
        counts = {"active": _count({**base, "phase": list(ACTIVE_PHASES)}, phases)}
        for label, created in (("24h", ["day"]), ("7d", ["day", "week"])):
            for phase in ("Succeeded", "Failed"):
                counts[f"{phase.lower()}_{label}"] = _count(
                    {**base, "phase": [phase], "created": created}, phases
                )
        paused = switch is not None and switch.paused
        return {
            **workflow.dump(),
            "auto": workflow.auto,
            "counts": counts,
            "median_duration_7d": self._median_duration(workflow.name, week),
            "median_duration_24h": self._median_duration(workflow.name, day),
            "paused": paused,
            "switch": _switch(switch),
            "skipped": len(self._skipped(workflow.name, switch)) if paused else 0,
            "links": {
                "pause": self._api(f"/workflows/{workflow.name}/pause"),
                "resume": self._api(f"/workflows/{workflow.name}/resume"),
            },
        }

    def list_workflows(self, identity):
        """Every configured workflow with its counts and switch."""
        self.require_permission(identity, "read")
        phases = self.engine_phases()
        switches = pauses.latest_switches()
        hits = [
            self._workflow_state(workflow, phases, switches.get(workflow.name))
            for workflow in current_compchem.workflows.values()
        ]
        return {
            "hits": {"hits": hits, "total": len(hits)},
            "engine": {"available": phases is not None},
        }

    def _user(self, identity):
        user_id = getattr(identity, "id", None)
        return user_id if isinstance(user_id, int) else None

    def pause(self, identity, name, data=None):
        """Pause a workflow: every start is refused with ``reason``."""
        self.require_permission(identity, "manage")
        workflow = self._workflow(name)
        data = self.config.switch_schema().load(data or {})
        pauses.insert_switch(workflow.name, True, data["reason"], self._user(identity))
        db.session.commit()
        return self.read_workflow(identity, name)

    def resume(self, identity, name, data=None):
        """Resume a workflow; ``process_skipped`` restarts what the pause kept back."""
        self.require_permission(identity, "manage")
        workflow = self._workflow(name)
        data = self.config.switch_schema().load(data or {})
        pause = pauses.pause_of(workflow.name)
        skipped = self._skipped(workflow.name, pause) if pause else []
        pauses.insert_switch(workflow.name, False, data["reason"], self._user(identity))
        db.session.commit()
        processed, errors = [], []
        if data["process_skipped"]:
            for run in skipped:
                try:
                    item = current_runs_service.resubmit(
                        system_identity, run.record_id, run.name
                    )
                    processed.append(item.id)
                except (CompchemError, EngineError) as error:
                    message = getattr(error, "description", None) or error.message
                    errors.append({"run": run.name, "error": str(message)})
        return {
            **self.read_workflow(identity, name),
            "processed": processed,
            "errors": errors,
        }

    def read_workflow(self, identity, name):
        """One workflow with its counts, switch and the switch's history."""
        self.require_permission(identity, "read")
        workflow = self._workflow(name)
        state = self._workflow_state(
            workflow, self.engine_phases(), pauses.latest_switch(name)
        )
        state["history"] = [_switch(row) for row in pauses.switch_history(name)]
        return state
