# SPDX-License-Identifier: MIT
"""Permission policy of runs and workflow definitions."""

from invenio_administration.generators import Administration
from invenio_records_permissions.generators import AuthenticatedUser, SystemProcess
from invenio_records_permissions.policies import BasePermissionPolicy

from .generators import DraftPermission


class RunsPermissionPolicy(BasePermissionPolicy):
    """Runs follow their draft's permissions; admins may do everything."""

    can_list_workflows = [AuthenticatedUser(), SystemProcess()]
    can_read = [DraftPermission("read_draft"), Administration(), SystemProcess()]
    can_read_logs = can_read
    can_start = [DraftPermission("update_draft"), Administration(), SystemProcess()]
    can_stop = can_start
    can_retry = can_start
    can_resubmit = can_start
