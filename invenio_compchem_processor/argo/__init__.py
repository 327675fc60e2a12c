# SPDX-License-Identifier: MIT
"""Argo data shipped with the package: WorkflowTemplates and the processor image recipe.

The code that loads, exports, pushes and checks these templates is
:mod:`invenio_compchem_processor.engines.argo.templates`.
"""
