# SPDX-License-Identifier: MIT
"""invenio-administration views: runs, bulk actions, workflows, engine health."""
