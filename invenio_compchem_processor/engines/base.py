# SPDX-License-Identifier: MIT
"""The engine interface: what services need from whatever executes runs.

Processing state lives in the engine, so everything a service shows about a
run comes back through these value types. Each engine keeps a run's record,
workflow, sequence and files in its own way; here they are plain fields.
"""

import abc
import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterator, Optional

from .errors import (
    EngineAuthError,
    EngineError,
    EngineRunNotFoundError,
    EngineUnavailableError,
    RunAlreadyExistsError,
    RunRejectedError,
)

__all__ = (
    "Engine",
    "EngineAuthError",
    "EngineError",
    "EngineRunNotFoundError",
    "EngineUnavailableError",
    "LogLine",
    "LogQuery",
    "Phase",
    "RunAlreadyExistsError",
    "RunEvent",
    "RunRejectedError",
    "RunRequest",
    "RunStatus",
    "StepStatus",
)


class Phase(str, enum.Enum):
    """Where a run (or a step) is, plus the project's own "could not start"."""

    PENDING = "Pending"
    RUNNING = "Running"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"
    ERROR = "Error"
    NOT_STARTED = "NotStarted"
    # Phases only steps have.
    SKIPPED = "Skipped"
    OMITTED = "Omitted"

    @property
    def is_terminal(self):
        """Whether the run can no longer change by itself."""
        return self not in (Phase.PENDING, Phase.RUNNING)


@dataclass(frozen=True)
class LogQuery:
    """Which lines of a log to send.

    The last ``tail_lines``, those of the last ``since_seconds``, those
    matching ``grep``; ``follow`` keeps sending new lines until the run ends.
    """

    tail_lines: Optional[int] = None
    since_seconds: Optional[int] = None
    grep: Optional[str] = None
    follow: bool = False


@dataclass(frozen=True)
class StepStatus:
    """One step of a run."""

    name: str
    """The step's id: what ``Engine.logs(step=...)`` takes."""
    display_name: str
    type: str
    phase: Phase
    started_at: Optional[datetime] = None
    finished_at: Optional[datetime] = None
    message: Optional[str] = None
    template_name: Optional[str] = None


@dataclass(frozen=True)
class RunStatus:
    """A run as the engine sees it."""

    name: str
    phase: Phase
    record_id: Optional[str] = None
    workflow: Optional[str] = None
    sequence: Optional[int] = None
    file_keys: tuple = ()
    progress: Optional[tuple] = None
    started_at: Optional[datetime] = None
    finished_at: Optional[datetime] = None
    message: Optional[str] = None
    steps: tuple = ()
    version: Optional[str] = None
    """Changes whenever the run changes; a watch resumes after it."""
    stopping: bool = False
    """A stop was asked for and the engine has not yet ended the run."""


@dataclass(frozen=True)
class RunRequest:
    """What an engine needs to start a run.

    ``engine_options`` are the workflow's settings for this engine, e.g. for
    Argo ``{"template": ..., "parameters": {...}, "cluster_scope": False}`` or
    ``{"templates": [...]}``; ``parameters`` are the run's own (API URL,
    credential) and win over static ones of the same name. ``labels`` and
    ``annotations`` are extra metadata an engine may attach to the run.
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
    """A change of a run: ``type`` is ADDED, MODIFIED or DELETED.

    ``run`` is the run after the change (name, record, phase, message, ...).
    """

    type: str
    run: RunStatus


class Engine(abc.ABC):
    """What executes runs: Argo Workflows or the local Celery engine."""

    name: str = None

    @abc.abstractmethod
    def submit(self, request: RunRequest, uow=None) -> RunStatus:
        """Start a run under ``request.name``; ``RunAlreadyExistsError`` if taken.

        Work that must wait for the caller's commit is registered on ``uow``.
        """

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
        """Ask for a run to stop; exit handlers still run. A no-op on an ended run."""

    @abc.abstractmethod
    def retry(
        self, name: str, parameters: Optional[dict] = None, uow=None
    ) -> RunStatus:
        """Retry a failed run under its own name, from its failed steps.

        ``parameters`` override the run's (a retry gets a new credential).
        """

    def logs(
        self,
        name: str,
        step: Optional[str] = None,
        tail_lines: Optional[int] = None,
        since_seconds: Optional[int] = None,
        grep: Optional[str] = None,
        follow: bool = False,
    ) -> Iterator[LogLine]:
        """Lines of a run's log, of all steps or of one (a step's ``name``)."""
        query = LogQuery(tail_lines, since_seconds, grep, follow)
        return self.log_lines(name, step, query)

    @abc.abstractmethod
    def log_lines(
        self, name: str, step: Optional[str], query: "LogQuery"
    ) -> Iterator[LogLine]:
        """What ``logs`` answers, with its options as one ``LogQuery``."""

    @abc.abstractmethod
    def watch(
        self, record_id: Optional[str] = None, version: Optional[str] = None
    ) -> Iterator[RunEvent]:
        """Changes of runs, of one record or all, from a run ``version`` on."""

    @abc.abstractmethod
    def max_sequence(self, record_id: str, workflow: str) -> int:
        """The highest sequence known for a record and workflow, 0 if none."""

    def list_runs_named(self, names) -> list:
        """The runs of ``names``, whatever their records, in one engine call.

        What an administrator's page of runs over many records needs.
        """
        raise NotImplementedError

    def run_phases(self) -> dict:
        """The phase of every run the engine holds, by name, in one engine call."""
        raise NotImplementedError

    def phase_query(self):
        """Every run's phase as a SQL query of ``(name, phase)``, or None.

        An engine whose state lives in the repository's database answers it,
        so that runs are filtered and counted by phase in SQL instead of
        through ``run_phases``.
        """
        return None

    def availability(self) -> Optional[str]:
        """Why the engine cannot run work now, or None; cheap enough for every list.

        Engines whose ``list_runs`` already asks them need nothing more.
        """
        return None

    @abc.abstractmethod
    def health(self) -> dict:
        """What the engine says about itself; ``EngineUnavailableError`` when down."""
