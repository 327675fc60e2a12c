# SPDX-License-Identifier: MIT
"""Configuration and permissions of campaign proposals."""

from invenio_administration.generators import Administration
from invenio_rdm_records.services.generators import RecordOwners
from invenio_records_permissions.generators import SystemProcess
from invenio_records_permissions.policies import BasePermissionPolicy
from invenio_records_resources.services.base import ServiceConfig
from invenio_records_resources.services.base.config import ConfiguratorMixin, FromConfig


class ProposalsPermissionPolicy(BasePermissionPolicy):
    """Only a record's owners answer its proposals; administrators may read them."""

    can_read = [RecordOwners(), Administration(), SystemProcess()]
    can_answer = [RecordOwners()]


class ProposalsServiceConfig(ServiceConfig, ConfiguratorMixin):
    """Proposals of reprocessing campaigns to the owners of published records."""

    service_id = "compchem-proposals"
    permission_policy_cls = FromConfig(
        "COMPCHEM_PROCESSOR_PROPOSALS_PERMISSION_POLICY",
        default=ProposalsPermissionPolicy,
    )
