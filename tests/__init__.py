# SPDX-License-Identifier: MIT
"""Tests of invenio-compchem-processor, mirroring the package.

``tests.support`` holds what tests and benchmarks share (drafts, a live
server, the write-once guard, the local engine's workers); ``tests.fakes``
the fake Argo server and callback API.
"""
