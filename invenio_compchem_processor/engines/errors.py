# SPDX-License-Identifier: MIT
"""What can go wrong when talking to an engine, as typed errors.

Services decide on the type alone (retry later, take the next name, tell the
user), so every engine maps its own failures onto these. Messages never carry
credentials.
"""


class EngineError(Exception):
    """Base class of engine errors."""

    retryable = False

    def __init__(self, message="", status=None):
        """Keep the message and, when there was one, the HTTP status."""
        super().__init__(message)
        self.message = message
        self.status = status


class EngineUnavailableError(EngineError):
    """Connection error, timeout or 5xx: the same call may succeed later."""

    retryable = True

    def __init__(self, message="", status=None, retry_after=None):
        """Also keep the server's ``Retry-After`` in seconds, if it sent one."""
        super().__init__(message, status)
        self.retry_after = retry_after


class EngineAuthError(EngineError):
    """The engine refused our credentials (401) or our rights (403)."""


class EngineRunNotFoundError(EngineError):
    """The engine does not know the run (404)."""


class RunAlreadyExistsError(EngineError):
    """A run of that name exists already (409): take the next sequence."""


class RunRejectedError(EngineError):
    """The engine refused the request as invalid (400/422), with its message."""


def error_for_status(status, message, retry_after=None):
    """The error an HTTP status stands for, in one place for all calls."""
    if status in (401, 403):
        return EngineAuthError(message, status)
    if status == 404:
        return EngineRunNotFoundError(message, status)
    if status == 409:
        return RunAlreadyExistsError(message, status)
    if status in (408, 429) or status >= 500:
        return EngineUnavailableError(message, status, retry_after)
    return RunRejectedError(message, status)
