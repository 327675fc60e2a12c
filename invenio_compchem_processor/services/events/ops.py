# SPDX-License-Identifier: MIT
"""Publishing events once the change they tell of is committed."""

from invenio_records_resources.services.uow import Operation

from ... import event_bus as bus


class PublishEventOp(Operation):
    """Publish an event after the unit of work commits (never before, never on rollback)."""

    def __init__(self, record_id, type_, run, **fields):
        """Constructor."""
        self.record_id = record_id
        self.type = type_
        self.run = run
        self.fields = fields

    def on_post_commit(self, uow):
        """Publish; a bus that cannot be reached is logged, not raised."""
        bus.publish(self.record_id, self.type, self.run, **self.fields)
