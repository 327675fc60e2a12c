# SPDX-License-Identifier: MIT
"""The local engine: runs on Invenio's own Celery workers, state in the database.

For sites without a Kubernetes cluster, and for the demo. See
``docs/engines-local.rst``.
"""

from .engine import LocalEngine

__all__ = ("LocalEngine",)
