# SPDX-License-Identifier: MIT
"""The digest of a draft's ended runs, as invenio-notifications builds and sends it."""

from collections import Counter

from invenio_notifications.models import Notification
from invenio_notifications.services.builders import NotificationBuilder
from invenio_notifications.services.generators import EmailBackendGenerator
from invenio_users_resources.notifications.filters import (
    UserPreferencesRecipientFilter,
)

from .generators import UsersRecipient, UsersResolve


class UsersEmailBuilder(NotificationBuilder):
    """An email to the users listed in the context (``users``), as they allow."""

    context = [UsersResolve("users")]
    recipients = [UsersRecipient("users")]
    recipient_filters = [UserPreferencesRecipientFilter()]
    recipient_backends = [EmailBackendGenerator()]

    @classmethod
    def notification(cls, record, user_ids, **context):
        """The notification of ``record`` to ``user_ids``, with the rest of its context."""
        users = [{"user": str(user_id)} for user_id in sorted(set(user_ids))]
        return Notification(
            type=cls.type, context={"record": record, "users": users, **context}
        )


class RunsEndedNotificationBuilder(UsersEmailBuilder):
    """One email per batch: each file's outcome and reason, and the deposit form."""

    type = "compchem.runs.ended"

    @classmethod
    def build(cls, record, user_ids, files):
        """A digest of ``files`` (dicts: file, workflow, run, outcome, reason).

        ``record`` holds ``id``, ``title`` and ``deposit_url``; only plain
        values go in, since the notification travels through Celery.
        """
        counts = Counter(entry["outcome"] for entry in files)
        return cls.notification(record, user_ids, files=files, counts=dict(counts))


class CampaignProposalNotificationBuilder(UsersEmailBuilder):
    """One email per published record a campaign proposes to reprocess, to its owner."""

    type = "compchem.campaign.proposal"

    @classmethod
    def build(cls, record, user_ids, proposal):
        """The proposal (files, campaign, its API links) to ``record``'s owners.

        ``record`` holds ``id``, ``title`` and ``url``; plain values only.
        """
        return cls.notification(record, user_ids, proposal=proposal)
