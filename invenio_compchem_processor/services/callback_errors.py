# SPDX-License-Identifier: MIT
"""What can go wrong when a run calls back; mapped to HTTP in resources/callbacks.py.

401: no usable credential (missing, malformed, unknown, expired, superseded).
403: a valid credential asking beyond its scope, or after its run ended.
409: a write after the repository withdrew the run (stopped, superseded,
deleted) or after the draft changed under it (published, deleted, re-uploaded).
No message ever repeats the credential.
"""

from invenio_i18n import gettext as _

from .errors import CompchemError


class CredentialError(CompchemError):
    """No usable run credential: the caller is not a run (401)."""

    description = _("A valid run credential is required.")


class MissingCredentialError(CredentialError):
    """No ``Authorization: Bearer`` header."""

    description = _("A run credential is required: Authorization: Bearer <credential>.")


class InvalidCredentialError(CredentialError):
    """Malformed, forged or unknown: no stored hash matches."""

    description = _("The run credential is not valid.")


class ExpiredCredentialError(CredentialError):
    """Past its deadline."""

    description = _("The run credential has expired.")


class SupersededCredentialError(CredentialError):
    """A newer credential was issued to the run (a retry): replaying is refused."""

    description = _("The run credential was replaced by a newer one.")


class CallbackForbiddenError(CompchemError):
    """A valid credential that does not grant this request (403)."""

    description = _("The run credential does not grant this request.")


class RunEndedError(CallbackForbiddenError):
    """The run finished in the engine, or ended its own context."""

    description = _("The run has ended; its credential no longer works.")


class FileOutOfScopeError(CallbackForbiddenError):
    """The file is not one of the run's input files."""

    def __init__(self, key):
        """Constructor."""
        self.key = key
        super().__init__(_("File %(key)s is not an input of this run.", key=key))


class RunWithdrawnError(CompchemError):
    """The repository stopped or superseded the run: nothing more is stored (409)."""

    def __init__(self, reason):
        """Constructor."""
        self.reason = reason
        super().__init__(_("The run was %(reason)s; nothing is stored.", reason=reason))


class DraftChangedError(CompchemError):
    """The draft was published or deleted, or the input re-uploaded (409)."""

    description = _(
        "The draft or the input file changed since the run started; nothing is stored."
    )


class ResultConflictError(CompchemError):
    """The result's key belongs to a depositor's file or another source's result."""

    def __init__(self, key):
        """Constructor."""
        self.key = key
        super().__init__(
            _(
                "%(key)s exists and is not a result of this source; not overwritten.",
                key=key,
            )
        )


class InvalidResultNameError(CompchemError):
    """A name that could escape or confuse: traversal, separators, control characters."""

    def __init__(self, name):
        """Constructor."""
        super().__init__(_("Not a safe file name: %(name)r.", name=name))


class InvalidCallbackError(CompchemError):
    """A malformed body or header (400)."""


class ResultTooLargeError(CompchemError):
    """More bytes than ``COMPCHEM_PROCESSOR_MAX_RESULT_SIZE`` allows (413)."""

    def __init__(self, limit):
        """Constructor."""
        self.limit = limit
        super().__init__(_("Results are limited to %(limit)s bytes.", limit=limit))


class InvalidMetadataError(CompchemError):
    """Extracted metadata that does not match its JSON schema (422)."""

    def __init__(self, message, path=()):
        """Constructor."""
        self.path = "/".join(str(p) for p in path)
        super().__init__(
            _(
                "Invalid metadata at /%(path)s: %(message)s",
                path=self.path,
                message=message,
            )
        )
