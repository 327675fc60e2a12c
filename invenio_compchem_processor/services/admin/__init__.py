# SPDX-License-Identifier: MIT
"""What an administrator does: every run, bulk actions, workflow switches, engine health."""
