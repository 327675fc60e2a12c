# SPDX-License-Identifier: MIT
"""The Argo engine: runs are Argo Workflows, driven over the Argo Server REST API.

``client`` is the HTTP transport, ``manifests`` and ``statuses`` turn runs
into Argo objects and back, ``runs``, ``streams`` and ``templates`` are the
engine's operations, and ``stream_format`` reads Argo's streaming answers.
"""

from .engine import ArgoEngine

__all__ = ("ArgoEngine",)
