# SPDX-License-Identifier: MIT
"""The shipped Argo WorkflowTemplates (package data)."""
