# SPDX-License-Identifier: MIT
"""The engine interface: what services need from whatever executes runs.

Processing state lives in the engine, so everything a service shows about a
run comes back through these value types; a run's record, workflow and
sequence travel as engine labels so one labelled query answers for a record.
"""

import abc
import enum
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterator, Optional

from .errors import (
    EngineAuthError,
    EngineError,
    EngineUnavailableError,
    RunAlreadyExistsError,
    RunNotFoundError,
    RunRejectedError,
)

__all__ = (
    "ANNOTATION_FILES",
    "LABEL_RECORD",
    "LABEL_SEQUENCE",
    "LABEL_WORKFLOW",
    "Engine",
    "EngineAuthError",
    "EngineError",
    "EngineUnavailableError",
    "LogLine",
    "Phase",
    "RunAlreadyExistsError",
    "RunEvent",
    "RunNotFoundError",
    "RunRejectedError",
    "RunRequest",
    "RunStatus",
    "StepStatus",
)

LABEL_RECORD = "compchem.inveniordm.org/record"
LABEL_WORKFLOW = "compchem.inveniordm.org/workflow"
LABEL_SEQUENCE = "compchem.inveniordm.org/sequence"
LABEL_NAME = "compchem.inveniordm.org/name"
"""The run's own name as a label: Kubernetes selects names only one at a time."""
ANNOTATION_FILES = "compchem.inveniordm.org/files"
"""JSON list of the run's file keys: keys may exceed the 63-character label limit."""


class Phase(str, enum.Enum):
    """Argo's phases, plus the project's own "could not start"."""

    PENDING = "Pending"
    RUNNING = "Running"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"
    ERROR = "Error"
    NOT_STARTED = "NotStarted"
    # Phases only steps (Argo nodes) have.
    SKIPPED = "Skipped"
    OMITTED = "Omitted"

    @property
    def is_terminal(self):
        """Whether the run can no longer change by itself."""
        return self not in (Phase.PENDING, Phase.RUNNING)

    @classmethod
    def from_argo(cls, value):
        """Argo's phase; Argo leaves it empty until the controller picks a run up."""
        return cls(value) if value else cls.PENDING


@dataclass(frozen=True)
class StepStatus:
    """One step (Argo node) of a run."""

    name: str
    display_name: str
    type: str
    phase: Phase
    started_at: Optional[datetime] = None
    finished_at: Optional[datetime] = None
    message: Optional[str] = None
    template_name: Optional[str] = None
    pod_name: Optional[str] = None
    """The pod whose log is the step's log (``None`` for non-pod steps)."""


@dataclass(frozen=True)
class RunStatus:
    """A run as the engine sees it."""

    name: str
    phase: Phase
    progress: Optional[tuple] = None
    started_at: Optional[datetime] = None
    finished_at: Optional[datetime] = None
    message: Optional[str] = None
    labels: dict = field(default_factory=dict)
    annotations: dict = field(default_factory=dict)
    steps: tuple = ()
    resource_version: Optional[str] = None

    @property
    def record_id(self):
        """The record the run belongs to."""
        return self.labels.get(LABEL_RECORD)

    @property
    def workflow(self):
        """The deployer's workflow name."""
        return self.labels.get(LABEL_WORKFLOW)

    @property
    def sequence(self):
        """The run's sequence number within its record and workflow."""
        value = self.labels.get(LABEL_SEQUENCE)
        return int(value) if value and str(value).isdigit() else None

    @property
    def file_keys(self):
        """The keys of the files the run processes, from its annotation."""
        try:
            keys = json.loads(self.annotations.get(ANNOTATION_FILES) or "[]")
        except ValueError:
            return ()
        return tuple(keys) if isinstance(keys, list) else ()


@dataclass(frozen=True)
class RunRequest:
    """What an engine needs to start a run.

    ``engine_options`` are the workflow's settings for this engine, e.g. for
    Argo ``{"template": ..., "parameters": {...}, "cluster_scope": False}`` or
    ``{"templates": [...]}``; ``parameters`` are the run's own (API URL,
    credential) and win over static ones of the same name.
    """

    name: str
    workflow: str
    record_id: str
    sequence: int
    file_keys: tuple
    parameters: dict = field(default_factory=dict)
    engine_options: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    annotations: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LogLine:
    """One line of a run's log."""

    step: Optional[str]
    content: str
    timestamp: Optional[datetime] = None


@dataclass(frozen=True)
class RunEvent:
    """A change of a run (ADDED, MODIFIED, DELETED), from the watch stream."""

    type: str
    run: RunStatus


class Engine(abc.ABC):
    """What executes runs: Argo Workflows or the local Celery engine."""

    name: str = None

    @abc.abstractmethod
    def submit(self, request: RunRequest) -> RunStatus:
        """Start a run under ``request.name``; ``RunAlreadyExistsError`` if taken."""

    @abc.abstractmethod
    def list_runs(
        self, record_id: str, workflow: Optional[str] = None, names=None
    ) -> list:
        """A record's runs (without steps), in one engine call.

        ``names`` restricts the answer to those runs, so that a page of a
        record's runs costs the same whatever the record's history.
        """

    @abc.abstractmethod
    def get_run(self, name: str) -> RunStatus:
        """A run with its steps."""

    @abc.abstractmethod
    def stop(self, name: str, message: Optional[str] = None) -> RunStatus:
        """Stop a run; exit handlers still run."""

    @abc.abstractmethod
    def terminate(self, name: str) -> RunStatus:
        """Terminate a run at once, skipping exit handlers."""

    @abc.abstractmethod
    def retry(self, name: str, parameters: Optional[dict] = None) -> RunStatus:
        """Retry a failed run under its own name, from its failed steps.

        ``parameters`` override the run's (a retry gets a new credential).
        """

    @abc.abstractmethod
    def resubmit(self, name: str) -> RunStatus:
        """The engine's own resubmit: a new run with an engine-chosen name."""

    @abc.abstractmethod
    def delete(self, name: str) -> None:
        """Delete a run from the engine."""

    @abc.abstractmethod
    def logs(
        self,
        name: str,
        step: Optional[str] = None,
        tail_lines: Optional[int] = None,
        since_seconds: Optional[int] = None,
        grep: Optional[str] = None,
        follow: bool = False,
    ) -> Iterator[LogLine]:
        """Lines of a run's log, of all steps or of one (a pod name)."""

    @abc.abstractmethod
    def watch(
        self, record_id: Optional[str] = None, resource_version: Optional[str] = None
    ) -> Iterator[RunEvent]:
        """Changes of runs, of one record or all, from a resource version on."""

    @abc.abstractmethod
    def max_sequence(self, record_id: str, workflow: str) -> int:
        """The highest sequence label known for a record and workflow, 0 if none."""

    @abc.abstractmethod
    def health(self) -> dict:
        """Version information; raises ``EngineUnavailableError`` when down."""
