# SPDX-License-Identifier: MIT
"""The upload hook: a component of RDM's draft file service."""

from datetime import datetime, timezone

from flask import current_app
from invenio_records_resources.services.files.components import FileServiceComponent
from invenio_records_resources.services.uow import TaskOp

from .tasks import process_committed_file, stop_deleted_file_runs


class SafeTaskOp(TaskOp):
    """A task sent after commit whose broker being down never fails the request."""

    def on_post_commit(self, uow):
        """Send the task; log instead of failing when the broker is unreachable."""
        try:
            super().on_post_commit(uow)
        except Exception:
            current_app.logger.exception(
                "Could not queue %s%s", self._celery_task.name, self._args
            )


class ProcessingComponent(FileServiceComponent):
    """Queues processing of committed files and stops runs of deleted ones.

    It does no I/O itself, not even reading the file's metadata: tasks run
    after the upload's transaction committed and decide there (results that
    runs wrote are skipped by the task).
    """

    def commit_file(self, identity, id_, file_key, record):
        """Queue automatic processing of a committed file, stamped with now.

        The stamp lets a task that runs late (a worker restarted, a queue
        backed up) see that newer intent exists and step aside.
        """
        self.uow.register(
            SafeTaskOp(process_committed_file, id_, file_key, committed=_now())
        )

    def delete_file(self, identity, id_, file_key, record, deleted_file):
        """Stop the runs of a deleted file that started before the deletion.

        A run started after it (the file uploaded again and processed) is
        newer intent, which a task running late leaves alone.
        """
        self.uow.register(
            SafeTaskOp(stop_deleted_file_runs, id_, file_key, deleted=_now())
        )


def _now():
    """Now in UTC as the database stores it (ISO 8601, naive), for a task."""
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat()
