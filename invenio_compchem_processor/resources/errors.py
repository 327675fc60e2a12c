# SPDX-License-Identifier: MIT
"""Service and engine errors mapped to HTTP codes, in one place, for every resource."""

from flask import current_app
from flask_resources import HTTPJSONException, create_error_handler
from invenio_records_resources.resources.errors import ErrorHandlersMixin

from ..engines import base as engine
from ..services import errors


class CredentialJSONException(HTTPJSONException):
    """A 401 that says which scheme to use."""

    def get_headers(self, environ=None, scope=None):
        """Add ``WWW-Authenticate``."""
        headers = super().get_headers(environ, scope)
        headers.append(("WWW-Authenticate", 'Bearer realm="compchem-run"'))
        return headers


class RetryLaterJSONException(HTTPJSONException):
    """A 503 or 429 that tells clients when to try again."""

    def __init__(self, retry_after, code=503, **kwargs):
        """Constructor."""
        super().__init__(code=code, **kwargs)
        self.retry_after = retry_after

    def get_headers(self, environ=None, scope=None):
        """Add ``Retry-After``."""
        headers = super().get_headers(environ, scope)
        headers.append(("Retry-After", str(self.retry_after)))
        return headers


def _json(code, cls=HTTPJSONException):
    return create_error_handler(lambda e: cls(code=code, description=e.description))


def _locked(error):
    exc = HTTPJSONException(code=409, description=error.description)
    exc.errors = [{"field": "files", "messages": error.blocking_runs}]
    return exc


def _unavailable(error):
    retry_after = (
        getattr(error, "retry_after", None)
        or current_app.config["COMPCHEM_PROCESSOR_ENGINE_RETRY_AFTER"]
    )
    return RetryLaterJSONException(
        int(retry_after),
        description="The processing engine is unavailable, please try again later.",
    )


def _busy(error):
    return RetryLaterJSONException(
        current_app.config["COMPCHEM_PROCESSOR_ENGINE_RETRY_AFTER"],
        description=error.description,
    )


def _quota(error):
    return RetryLaterJSONException(
        error.retry_after, code=429, description=error.description
    )


def _refused(error):
    current_app.logger.error("Engine refused a request: %s", error.message)
    return HTTPJSONException(
        code=502, description=f"The processing engine refused: {error.message}"
    )


error_handlers = {
    **ErrorHandlersMixin.error_handlers,
    errors.DraftNotFoundError: _json(404),
    errors.RunNotFoundError: _json(404),
    errors.UnknownWorkflowError: _json(400),
    errors.FileNotInDraftError: _json(400),
    errors.FileNotMatchedError: _json(400),
    errors.InvalidFileListError: _json(400),
    errors.FileLockedError: create_error_handler(_locked),
    errors.RunStateError: _json(409),
    errors.RecordBusyError: create_error_handler(_busy),
    errors.QuotaExceededError: create_error_handler(_quota),
    engine.EngineUnavailableError: create_error_handler(_unavailable),
    engine.EngineRunNotFoundError: create_error_handler(
        lambda e: HTTPJSONException(
            code=404, description="Run not found in the engine."
        )
    ),
    engine.RunRejectedError: create_error_handler(_refused),
    engine.EngineAuthError: create_error_handler(_refused),
    # The run callback API (see docs/callbacks.rst).
    errors.CredentialError: _json(401, CredentialJSONException),
    errors.CallbackForbiddenError: _json(403),
    errors.RunWithdrawnError: _json(409),
    errors.DraftChangedError: _json(409),
    errors.ResultConflictError: _json(409),
    errors.InvalidResultNameError: _json(400),
    errors.InvalidCallbackError: _json(400),
    errors.ResultTooLargeError: _json(413),
    errors.InvalidMetadataError: _json(422),
}

error_handlers.update(
    {
        # The admin API (see docs/administration.rst).
        errors.WorkflowPausedError: _json(409),
        errors.AdminRunNotFoundError: _json(404),
        errors.BulkActionNotFoundError: _json(404),
        errors.InvalidAdminQueryError: _json(400),
        # Campaign proposals (see docs/campaigns.rst).
        errors.ProposalNotFoundError: _json(404),
        errors.ProposalAnsweredError: _json(409),
    }
)
