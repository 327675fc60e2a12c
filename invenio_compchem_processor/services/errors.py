# SPDX-License-Identifier: MIT
"""What can go wrong in the runs service; mapped to HTTP in resources/config.py."""

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


class DraftNotFoundError(CompchemError):
    """The draft does not exist (any more): deleted or published."""

    def __init__(self, record_id):
        """Constructor."""
        self.record_id = record_id
        super().__init__(_("Draft %(id)s not found.", id=record_id))
