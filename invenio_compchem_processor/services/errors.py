# SPDX-License-Identifier: MIT
"""Everything that can go wrong in the services; mapped to HTTP in resources/errors.py."""

from invenio_i18n import gettext as _


class CompchemError(Exception):
    """Base class of the module's service errors."""

    description = _("The request could not be processed.")

    def __init__(self, description=None):
        """Constructor."""
        if description:
            self.description = description
        super().__init__(self.description)


class UnknownWorkflowError(CompchemError):
    """The requested workflow is not configured."""

    def __init__(self, name):
        """Constructor."""
        self.name = name
        super().__init__(_("Unknown workflow: %(name)s.", name=name))


class FileNotInDraftError(CompchemError):
    """A requested file is not a committed file of the draft."""

    def __init__(self, keys):
        """Constructor."""
        self.keys = list(keys)
        super().__init__(
            _("Files not in the draft: %(keys)s.", keys=", ".join(self.keys))
        )


class FileNotMatchedError(CompchemError):
    """A requested file is not of a type the workflow processes."""

    def __init__(self, workflow, keys):
        """Constructor."""
        self.keys = list(keys)
        super().__init__(
            _(
                "Workflow %(workflow)s does not process: %(keys)s.",
                workflow=workflow,
                keys=", ".join(self.keys),
            )
        )


class InvalidFileListError(CompchemError):
    """The file list is empty, too long or repeats a file."""


class FileLockedError(CompchemError):
    """A file is already being processed by an active run."""

    def __init__(self, blocking_runs):
        """Constructor."""
        self.blocking_runs = sorted(set(blocking_runs))
        super().__init__(
            _(
                "Files are being processed by active runs: %(runs)s.",
                runs=", ".join(self.blocking_runs),
            )
        )


class RunNotFoundError(CompchemError):
    """No such run for this record."""

    def __init__(self, name):
        """Constructor."""
        self.name = name
        super().__init__(_("Run %(name)s not found.", name=name))


class RunStateError(CompchemError):
    """The action does not apply to the run in its current phase."""


class RecordBusyError(CompchemError):
    """Another change of the record's runs holds its lock past the timeout (503)."""

    def __init__(self, record_id, holder=None):
        """Constructor."""
        self.record_id = record_id
        self.holder = holder or _("another request")
        super().__init__(
            _(
                "Record %(id)s is busy (%(holder)s); please try again.",
                id=record_id,
                holder=self.holder,
            )
        )


class QuotaExceededError(CompchemError):
    """Too many runs started on a draft, or active for a user (429)."""

    def __init__(self, description, retry_after):
        """Constructor."""
        self.retry_after = retry_after
        super().__init__(description)


class DraftNotFoundError(CompchemError):
    """The draft does not exist (any more): deleted or published."""

    def __init__(self, record_id):
        """Constructor."""
        self.record_id = record_id
        super().__init__(_("Draft %(id)s not found.", id=record_id))


#
# The run callback API: what a run may not do with its credential.
# 401: no usable credential; 403: a valid credential asking beyond its scope
# or after its run ended; 409: a write after the repository withdrew the run
# or the draft changed under it. No message ever repeats the credential.
#


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


#
# Administration
#
class WorkflowPausedError(CompchemError):
    """An administrator paused the workflow: no run of it starts (409)."""

    def __init__(self, workflow, reason=None):
        """Constructor."""
        self.workflow = workflow
        self.reason = reason
        text = _("Paused by an administrator: %(workflow)s", workflow=workflow)
        super().__init__(f"{text} ({reason})" if reason else text)


class AdminRunNotFoundError(CompchemError):
    """No run of any record has this name (404)."""

    def __init__(self, name):
        """Constructor."""
        self.name = name
        super().__init__(_("No run is named %(name)s.", name=name))


class BulkActionNotFoundError(CompchemError):
    """No bulk action has this id (404)."""

    def __init__(self, bulk_id):
        """Constructor."""
        super().__init__(_("No bulk action %(id)s.", id=bulk_id))


class InvalidAdminQueryError(CompchemError):
    """A filter, sort or bulk request that cannot be understood (400)."""


#
# Event streams: 401 for a stream URL that is not (or no longer) valid, 403 for
# one that does not grant this record or whose user lost access.
#


class StreamURLInvalidError(CredentialError):
    """A forged or malformed stream URL."""

    description = _("The event stream URL is not valid.")


class StreamURLExpiredError(CredentialError):
    """A stream URL past its lifetime: ask for a new one."""

    description = _("The event stream URL has expired; ask for a new one.")


class StreamURLForbiddenError(CallbackForbiddenError):
    """A valid stream URL for another record, or a user without access."""

    description = _("This event stream is not open to you.")


#
# Campaign proposals (an owner's side of a campaign over published records).
#
class ProposalNotFoundError(CompchemError):
    """The record has no proposal of this campaign (404)."""

    def __init__(self, record_id, campaign_id):
        """Constructor."""
        super().__init__(
            _(
                "Record %(record)s has no proposal of campaign %(campaign)s.",
                record=record_id,
                campaign=campaign_id,
            )
        )


class ProposalAnsweredError(CompchemError):
    """The proposal was already accepted or declined (409)."""

    def __init__(self, campaign_id, accepted):
        """Constructor."""
        super().__init__(
            _(
                "The proposal of campaign %(campaign)s was already %(answer)s.",
                campaign=campaign_id,
                answer=_("accepted") if accepted else _("declined"),
            )
        )
