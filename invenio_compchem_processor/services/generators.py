# SPDX-License-Identifier: MIT
"""Permission generators that defer to the draft's own RDM permissions."""

from itertools import chain

from flask import current_app
from invenio_records_permissions.generators import Generator


class DraftPermission(Generator):
    """Grants what RDM's policy grants for ``action`` on the run's draft.

    Runs follow the draft: whoever may edit the draft may control its runs,
    whoever may read it may see them. Secret links are not honoured: runs and
    logs are never served to anonymous link holders.
    """

    def __init__(self, action):
        """Constructor."""
        super().__init__()
        self.action = action

    def _policy(self, record):
        policy_cls = current_app.config["RDM_PERMISSION_POLICY"]
        return policy_cls(self.action, record=record)

    def _collect(self, method, record):
        if record is None:
            return []
        policy = self._policy(record)
        needs = chain.from_iterable(
            getattr(generator, method)(**policy.over) for generator in policy.generators
        )
        return [need for need in needs if need.method != "link"]

    def needs(self, draft=None, **kwargs):
        """Needs that RDM's policy grants for the draft."""
        return self._collect("needs", draft)

    def excludes(self, draft=None, **kwargs):
        """Needs that RDM's policy excludes for the draft."""
        return self._collect("excludes", draft)
