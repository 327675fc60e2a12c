# SPDX-License-Identifier: MIT
"""Email digests of a draft's runs once they have ended (invenio-notifications)."""

from .builders import CampaignProposalNotificationBuilder, RunsEndedNotificationBuilder

__all__ = ("CampaignProposalNotificationBuilder", "RunsEndedNotificationBuilder")
