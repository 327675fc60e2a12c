# SPDX-License-Identifier: MIT
"""Who may administer runs: holders of ``administration-access``, and the system."""

from invenio_administration.generators import Administration
from invenio_records_permissions.generators import SystemProcess
from invenio_records_permissions.policies import BasePermissionPolicy


class AdminPermissionPolicy(BasePermissionPolicy):
    """Every admin view and endpoint; one line per action."""

    can_search = [Administration(), SystemProcess()]
    can_read = [Administration(), SystemProcess()]
    can_manage = [Administration(), SystemProcess()]
    """Stop, retry, restart, bulk actions and workflow switches."""
    can_read_health = [Administration(), SystemProcess()]
