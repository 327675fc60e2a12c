# SPDX-License-Identifier: MIT
"""The engine watcher: one connection per deployment, turned into run events.

Argo changes a run's phase on its own (a pod ends, the controller retries);
only its workflow-events stream tells. ``invenio compchem events watch``
runs :func:`follow_engine` as one long-lived process per deployment; the
engine's watch resumes after disconnects and after a compacted resource
version, and this loop waits and reopens it while the engine is down.
"""

import time

from flask import current_app

from ... import event_bus
from ...engines.base import EngineUnavailableError


def _publish_change(change, seen):
    """Publish a run's change of phase or message, once; whether it was new."""
    run = change.run
    if not run.record_id:
        return False
    state = (run.phase.value, run.message, run.stopping)
    if change.type != "DELETED" and seen.get(run.name) == state:
        return False
    seen[run.name] = state
    fields = {"phase": run.phase.value, "message": run.message}
    if run.progress:
        fields["progress"] = {"done": run.progress[0], "total": run.progress[1]}
    if run.stopping:
        fields["stopping"] = True
    if change.type == "DELETED":
        fields["deleted"] = True
    event_bus.publish(run.record_id, "run.phase", run.name, **fields)
    return True


def follow_engine(engine, should_stop=lambda: False, pause=5.0):
    """Publish the engine's run changes until ``should_stop()``; how many were new."""
    seen, published = {}, 0
    while not should_stop():
        try:
            for change in engine.watch():
                published += _publish_change(change, seen)
                if should_stop():
                    break
        except EngineUnavailableError as error:
            current_app.logger.warning("Engine watch lost: %s; reopening", error.message)
            time.sleep(pause)
    return published
