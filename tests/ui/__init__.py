# SPDX-License-Identifier: MIT
"""Browser tests of the processing panel and the administration pages."""
