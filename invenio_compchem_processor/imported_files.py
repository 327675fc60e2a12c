# SPDX-License-Identifier: MIT
"""Files imported into a new version's draft: a component of RDM's records service.

RDM's ``import_files`` copies the previous version's files into the draft
without the draft file service, so the upload hook does not see them. This
component queues the same task for each imported file: an unchanged file
whose results the same workflow version made takes them over
(:mod:`.services.runs.versions`), anything else is processed as an upload.
"""

from datetime import datetime, timezone

from invenio_drafts_resources.services.records.components import ServiceComponent

from .components import SafeTaskOp
from .services.drafts import RESULT_MARKER
from .tasks import process_committed_file


class ImportedFilesComponent(ServiceComponent):
    """Queues processing of the files imported from the previous version."""

    def import_files(self, identity, draft=None, record=None, **kwargs):
        """One task per imported file that no run wrote."""
        committed = datetime.now(timezone.utc).replace(tzinfo=None).isoformat()
        record_id = draft.pid.pid_value
        for key, entry in draft.files.entries.items():
            if RESULT_MARKER in (entry.metadata or {}):
                continue
            self.uow.register(
                SafeTaskOp(process_committed_file, record_id, key, committed=committed)
            )
