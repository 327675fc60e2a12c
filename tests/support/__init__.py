# SPDX-License-Identifier: MIT
"""What tests and benchmarks share: imported as ``tests.support.<module>``."""
