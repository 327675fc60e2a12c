# SPDX-License-Identifier: MIT
"""Engines that execute runs: the interface, its value types and errors."""

from .base import (
    ANNOTATION_FILES,
    LABEL_RECORD,
    LABEL_SEQUENCE,
    LABEL_WORKFLOW,
    Engine,
    LogLine,
    Phase,
    RunEvent,
    RunRequest,
    RunStatus,
    StepStatus,
)
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
