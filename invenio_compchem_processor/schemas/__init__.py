# SPDX-License-Identifier: MIT
"""JSON schemas of what runs write back (package data)."""
