# SPDX-License-Identifier: MIT
"""Publishing a draft whose files are still being processed.

A component of RDM's records service (``RDM_RECORDS_SERVICE_COMPONENTS``).
``COMPCHEM_PROCESSOR_PUBLISH_MODE`` chooses what a publish does while runs of
the draft are active:

- ``warn`` (default): the deposit form's publish dialog lists the active
  runs and the owner confirms; the publish stops them;
- ``block``: the publish is refused with a validation error naming them;
- ``allow``: the publish stops them, with no word in the dialog.

Runs are never left writing into a published record: a publish that goes
through stops the active runs with the reason ``published`` (their
credentials stop working at once) in the publish's own transaction.
"""

from flask import current_app
from invenio_drafts_resources.services.records.components import ServiceComponent
from marshmallow import ValidationError

from .proxies import current_compchem

PUBLISH_MODES = ("warn", "block", "allow")


def publish_mode():
    """The configured mode; an unknown value is refused at the first publish."""
    mode = current_app.config["COMPCHEM_PROCESSOR_PUBLISH_MODE"]
    if mode not in PUBLISH_MODES:
        raise ValueError(
            f"COMPCHEM_PROCESSOR_PUBLISH_MODE must be one of {PUBLISH_MODES}, not {mode!r}"
        )
    return mode


class ProcessingPublishComponent(ServiceComponent):
    """Refuses or stops the draft's active runs when it is published."""

    def publish(self, identity, draft=None, record=None, **kwargs):
        """Before the draft becomes the record: refuse, or stop its active runs."""
        service = current_compchem.automatic_runs_service
        record_id = draft.pid.pid_value
        if publish_mode() == "block":
            active = service.runs_active_at_publish(record_id)
            if active:
                names = ", ".join(run.name for run in active)
                raise ValidationError(
                    "Files are still being processed; publish once these runs "
                    f"have ended, or stop them: {names}.",
                    field_name="files.enabled",
                )
            return
        service.stop_at_publish(record_id, uow=self.uow)
