# SPDX-License-Identifier: MIT
"""Context and recipient generators for a list of users in a notification.

invenio-notifications' own generators take one entity per key; a digest goes
to the draft's owner and every user who started a run in the batch.
"""

from invenio_notifications.models import Recipient
from invenio_notifications.registry import EntityResolverRegistry
from invenio_notifications.services.generators import (
    ContextGenerator,
    RecipientGenerator,
)


class UsersResolve(ContextGenerator):
    """Replace the ``{"user": id}`` references under ``key`` with the users."""

    def __init__(self, key):
        """Constructor."""
        self.key = key

    def __call__(self, notification):
        """Resolve every reference with the registered entity resolvers."""
        refs = notification.context.get(self.key) or []
        notification.context[self.key] = [
            EntityResolverRegistry.resolve_entity(ref) for ref in refs
        ]
        return notification


class UsersRecipient(RecipientGenerator):
    """Every resolved user under ``key`` is a recipient, once."""

    def __init__(self, key):
        """Constructor."""
        self.key = key

    def __call__(self, notification, recipients):
        """Add the users by id."""
        for user in notification.context.get(self.key) or []:
            recipients[user["id"]] = Recipient(data=user)
        return recipients
